"""Quality of an image-to-image translator on held-out images, per epoch.

Unpaired tasks (`sneaker2boot`): trains `CycleGAN` (`--model cyclegan`,
residual translators, PatchGAN discriminators, instance norm) and after
every epoch prints, on the task's test split, for each direction: the
share of translations the bundled Fashion-MNIST classifier assigns to the
target class, the FID of the translations against the real images of the
target domain, and the cycle reconstruction L1 ([-1, 1] scale).

Paired tasks (`edges2fashion`, `colorize_cifar10`): trains `Pix2Pix`
(`--model pix2pix`) or the same U-Net with the L1 loss alone
(`--model l1`, the baseline that the adversarial loss must sharpen), and
after every epoch prints, on the task's test split:

- L1 (mean absolute difference, [-1, 1] scale), PSNR and SSIM of the
  translations against their targets;
- FID of the translations against the real targets on the bundled
  extractor of the domain: Fashion-MNIST's (images cropped from 32 to 28
  pixels), or CIFAR-10's for `colorize_cifar10`;
- the training wall seconds so far (evaluation excluded).

    KERAS_BACKEND=tensorflow python benchmarks/translation_quality.py \\
        edges2fashion --model pix2pix --data-dir ../shared/data

`--json FILE` writes the rows; `--save-generator FILE` the trained
generator. The latest output is recorded in `benchmarks/README.md`.
"""

import argparse
import json
import os
import platform
import time

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import datasets
from keras_gan_kit import metrics
from keras_gan_kit.metrics.translation_scores import center_crop_to


def task_arrays(task, data_dir, split):
    if task == "colorize_cifar10":
        return datasets.translation_task(
            task, split, os.path.join(data_dir, "cifar10_subset.npz")
        )
    path = os.path.join(data_dir, "fashion_mnist.npz") if data_dir else None
    return datasets.translation_task(task, split, path)


def networks(image_shape, output_channels, args):
    filters, normalization = args.filters, args.normalization
    generator = builders.unet_generator(
        image_shape,
        output_channels=output_channels,
        filters=filters,
        max_filters=8 * filters,
        normalization=normalization,
    )
    discriminator = builders.patchgan_discriminator(
        image_shape[:2] + (output_channels,),
        source_channels=image_shape[-1],
        filters=args.discriminator_filters or filters,
        receptive_field=args.receptive_field,
        normalization=normalization,
    )
    return generator, discriminator


class EpochScores(keras.callbacks.Callback):
    """After every epoch, a row: the epoch, `scores()`, the training
    seconds so far (evaluation excluded) and the epoch's `train_keys` logs;
    floats rounded to 4 decimals, printed as JSON and kept in `rows`."""

    train_keys = ()

    def __init__(self, rows):
        super().__init__()
        self.rows = rows
        self.train_seconds = 0.0
        self.started = None

    def scores(self):
        raise NotImplementedError

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.train_seconds += time.perf_counter() - self.started
        row = {"epoch": epoch + 1, **self.scores()}
        row["train_seconds"] = round(self.train_seconds, 1)
        for key in self.train_keys:
            if logs and key in logs:
                row[f"train_{key}"] = float(logs[key])
        row = {
            k: round(v, 4) if isinstance(v, float) else v
            for k, v in row.items()
        }
        self.rows.append(row)
        print(json.dumps(row), flush=True)


class Evaluate(EpochScores):
    """Scores the translations of the test split after every epoch."""

    train_keys = ("d_loss", "g_loss", "l1", "loss")

    def __init__(self, translate, sources, targets, fid_samples, rows):
        super().__init__(rows)
        self.translate = translate
        self.sources = sources
        self.targets = targets
        # The bundled extractor of the domain: Fashion-MNIST's (images
        # cropped to its 28 pixels) or CIFAR-10's (colorization).
        domain = "fashion_mnist" if targets.shape[-1] == 1 else "cifar10"
        self.extractor = metrics.domain_feature_extractor(domain)
        self.real_features = self.extractor.features(
            center_crop_to(targets[:fid_samples], self.extractor)
        )
        self.fid_samples = fid_samples

    def scores(self):
        return metrics.paired_translation_scores(
            self.translate(self.sources),
            self.targets,
            self.extractor,
            self.real_features,
            self.fid_samples,
        )


class EvaluateUnpaired(EpochScores):
    """Scores both directions of a CycleGAN on the test split."""

    train_keys = ("d_loss", "g_loss", "cycle", "identity")

    def __init__(self, model, test_a, test_b, rows):
        super().__init__(rows)
        self.cycle_gan = model
        self.test = {"ab": test_a, "ba": test_b}
        self.extractor = metrics.domain_feature_extractor("fashion_mnist")
        self.real = {
            "ab": self.extractor.features(
                center_crop_to(test_b, self.extractor)
            ),
            "ba": self.extractor.features(
                center_crop_to(test_a, self.extractor)
            ),
        }

    def scores(self):
        scores = metrics.unpaired_translation_scores(
            self.cycle_gan,
            self.test,
            datasets.SNEAKER2BOOT_TARGET_CLASSES,
            self.extractor,
            self.real,
        )
        # The columns in the order the records have them.
        return {
            f"{direction}_{score}": scores[f"{direction}_{score}"]
            for direction in ("ab", "ba")
            for score in ("class_share", "fid", "cycle_l1")
        }


def cycle_gan(args, image_shape):
    filters, normalization = args.filters, args.normalization

    def translator(name):
        return builders.resnet_translator(
            image_shape,
            filters=filters,
            num_blocks=args.blocks,
            normalization=normalization,
            padding=args.padding,
            name=name,
        )

    def critic(name):
        return builders.patchgan_discriminator(
            image_shape,
            filters=args.discriminator_filters or filters,
            receptive_field=args.receptive_field,
            normalization=normalization,
            name=name,
        )

    return keras_gan_kit.CycleGAN(
        translator("a_to_b"),
        translator("b_to_a"),
        critic("d_a"),
        critic("d_b"),
        cycle_weight=args.cycle_weight,
        identity_weight=args.identity_weight,
        seed=args.seed,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("task", choices=sorted(datasets.TRANSLATION_TASKS))
    parser.add_argument(
        "--model", choices=("pix2pix", "l1", "cyclegan"), required=True
    )
    parser.add_argument("--blocks", type=int, default=6)
    parser.add_argument(
        "--padding", choices=("zeros", "reflect"), default="zeros"
    )
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--images-per-epoch", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--filters", type=int, default=16)
    parser.add_argument("--normalization", default="instance")
    parser.add_argument("--discriminator-filters", type=int, default=None)
    parser.add_argument("--receptive-field", type=int, default=None)
    parser.add_argument("--l1-weight", type=float, default=100.0)
    parser.add_argument("--cycle-weight", type=float, default=10.0)
    parser.add_argument("--identity-weight", type=float, default=0.5)
    parser.add_argument("--learning-rate", type=float, default=2e-4)
    parser.add_argument("--fid-samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None)
    parser.add_argument("--save-generator", default=None)
    args = parser.parse_args()

    keras.utils.set_random_seed(args.seed)
    sources, targets = task_arrays(args.task, args.data_dir, "train")
    test_sources, test_targets = task_arrays(args.task, args.data_dir, "test")
    if args.model == "cyclegan":
        return train_cycle_gan(
            args, sources, targets, test_sources, test_targets
        )
    generator, discriminator = networks(
        sources.shape[1:], targets.shape[-1], args
    )

    def adam():
        return keras.optimizers.Adam(args.learning_rate, beta_1=0.5)

    if args.model == "pix2pix":
        model = keras_gan_kit.Pix2Pix(
            generator, discriminator, l1_weight=args.l1_weight, seed=args.seed
        )
        model.compile(d_optimizer=adam(), g_optimizer=adam())
        translate = model.translate
    else:
        model = generator
        model.compile(optimizer=adam(), loss="mean_absolute_error")

        def translate(images):
            return np.asarray(model.predict(images, batch_size=256, verbose=0))

    rows = []
    data = datasets.ShuffledBatches(
        sources, labels=targets, batch_size=args.batch_size, seed=args.seed
    )
    steps = None
    if args.images_per_epoch:
        steps = args.images_per_epoch // args.batch_size
    model.fit(
        data,
        epochs=args.epochs,
        steps_per_epoch=steps,
        verbose=0,
        callbacks=[
            Evaluate(
                translate, test_sources, test_targets, args.fid_samples, rows
            )
        ],
    )
    if args.save_generator:
        generator.save(args.save_generator)
    write_record(args, rows)


def train_cycle_gan(args, images_a, images_b, test_a, test_b):
    model = cycle_gan(args, images_a.shape[1:])
    model.compile(
        d_optimizer=keras.optimizers.Adam(args.learning_rate, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(args.learning_rate, beta_1=0.5),
    )
    rows = []
    model.fit(
        images_a,
        images_b,
        batch_size=args.batch_size,
        epochs=args.epochs,
        verbose=0,
        callbacks=[EvaluateUnpaired(model, test_a, test_b, rows)],
    )
    if args.save_generator:
        model.save(args.save_generator)
    write_record(args, rows)


def write_record(args, rows):
    if args.json:
        record = {
            "task": args.task,
            "model": args.model,
            "arguments": vars(args),
            "backend": keras.backend.backend(),
            "keras": keras.__version__,
            "keras_gan_kit": keras_gan_kit.__version__,
            "machine": f"{os.cpu_count()} CPUs, {platform.machine()}",
            "date": time.strftime("%Y-%m-%d"),
            "rows": rows,
        }
        with open(args.json, "w") as file:
            json.dump(record, file, indent=1)


if __name__ == "__main__":
    main()
