"""Quality of a preset's recipe: `from_preset` + `fit` on the full split.

Trains a preset exactly as a user would (`GAN.from_preset(name)`, then
`fit` with the recipe's batch size, through `datasets.ShuffledBatches`) on
the full training split, and after every epoch prints, on the bundled
feature extractor of the domain:

- FID and KID of `--samples` generated images (the EMA generator where the
  recipe keeps one) against the test split;
- classes present: how many classes the extractor's classifier assigns at
  least 2% of the generated images to (10 for a generator that covers
  every class evenly, fewer for a collapsed one);
- conditional accuracy for conditional presets: the share of images
  classified as the class they were generated for (balanced labels);
- the training wall seconds so far (evaluation excluded).

    KERAS_BACKEND=tensorflow python benchmarks/preset_quality.py \\
        dcgan_mnist --data-dir ../shared/data --epochs 5

`--batch-size` replaces the recipe's batch size; `--minutes M` stops
after the epoch in which training reaches M minutes (a wall-clock
budget). `--json FILE` writes the rows; `--save-generator FILE` the trained
(EMA) generator, which `scripts/train_pretrained.py` uses. The latest
output is recorded in `benchmarks/README.md`.
"""

import argparse
import json
import os
import platform
import time

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import datasets
from keras_gan_kit import presets
from keras_gan_kit.metrics import evaluation

DOMAINS = ("mnist", "fashion_mnist", "cifar10")


def load_split(data_dir, dataset, split):
    """Images in [-1, 1] and labels of a split of MNIST or Fashion-MNIST,
    from `data_dir/<dataset>.npz` when given (checked against the
    published checksums), else through `keras.datasets`. CIFAR-10 comes
    from `data_dir/cifar10_subset.npz`: its 4,000 training images, or its
    1,000 test images, the split its extractor never saw."""
    if dataset == "cifar10":
        with np.load(os.path.join(data_dir, "cifar10_subset.npz")) as data:
            keep = data["split"] == (1 if split == "test" else 0)
            images, labels = data["x"][keep], data["y"][keep]
        return datasets.scale_images(images), labels.astype("int32")
    path = None if data_dir is None else os.path.join(data_dir, dataset)
    if path is not None:
        path += ".npz"
    return datasets.load(dataset, path=path, split=split)


def classes_present(logits, num_classes, share=0.02):
    """How many classes get at least `share` of the predictions."""
    counts = np.bincount(np.argmax(logits, axis=1), minlength=num_classes)
    return int((counts >= share * len(logits)).sum())


class EpochScores(keras.callbacks.Callback):
    """Scores the model after every epoch and prints one JSON row."""

    def __init__(
        self, reference, extractor, num_samples, conditional, minutes=None
    ):
        super().__init__()
        self.budget_seconds = None if minutes is None else 60.0 * minutes
        names = ["fid", "kid"]
        if conditional:
            names.append("conditional_accuracy")
        self.scores = evaluation.build_metrics(names, extractor)
        evaluation.add_real_data(self.scores, reference)
        self.extractor = self.scores[0].feature_extractor
        self.num_samples = num_samples
        self.rows = []
        self.train_seconds = 0.0
        self._started = None

    def on_epoch_begin(self, epoch, logs=None):
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.train_seconds += time.perf_counter() - self._started
        images, labels = evaluation.generate_samples(
            self.model, self.num_samples, seed=0
        )
        for metric in self.scores:
            metric.reset_state()
        evaluation.update_generated(self.scores, images, labels)
        row = {"epoch": epoch + 1}
        row.update(
            {
                key: round(value, 4)
                for key, value in evaluation.results(self.scores).items()
            }
        )
        _, logits = self.extractor.features_and_logits(images)
        row["classes_present"] = classes_present(
            np.asarray(logits), logits.shape[-1]
        )
        row["train_seconds"] = round(self.train_seconds, 1)
        row["d_loss"] = round(float(logs["d_loss"]), 4)
        row["g_loss"] = round(float(logs["g_loss"]), 4)
        self.rows.append(row)
        print(json.dumps(row), flush=True)
        if (
            self.budget_seconds is not None
            and self.train_seconds >= self.budget_seconds
        ):
            self.model.stop_training = True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset")
    parser.add_argument("--recipe", choices=presets.VARIANTS)
    parser.add_argument("--data-dir", help="folder with mnist.npz etc.")
    parser.add_argument("--dataset", help="default: the recipe's")
    parser.add_argument(
        "--class-name", help="one class only, e.g. frog (default: the recipe's)"
    )
    parser.add_argument("--epochs", type=int, help="default: the recipe's")
    parser.add_argument("--batch-size", type=int, help="default: the recipe's")
    parser.add_argument(
        "--minutes",
        type=float,
        help="stop after the epoch in which training (evaluation "
        "excluded) reaches this many minutes",
    )
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--max-images", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write the rows and settings here")
    parser.add_argument("--save-generator", help="a .keras path")
    parser.add_argument(
        "--override",
        type=json.loads,
        default={},
        help="from_preset overrides as JSON, e.g. "
        '{"generator_batch_norm": true}',
    )
    args = parser.parse_args(argv)

    recipe = presets.get_recipe(args.preset, args.recipe)
    dataset = args.dataset or recipe.dataset
    if dataset not in DOMAINS:
        parser.error(f"no bundled extractor for {dataset!r}; use {DOMAINS}")
    keras.utils.set_random_seed(args.seed)
    images, labels = load_split(args.data_dir, dataset, "train")
    reference, reference_labels = load_split(args.data_dir, dataset, "test")
    class_name = args.class_name or recipe.class_name
    if class_name:
        if dataset != "cifar10" or class_name not in datasets.CIFAR10_CLASSES:
            parser.error(
                f"--class-name {class_name!r} on {dataset!r}: expected one of "
                f"the CIFAR-10 classes {datasets.CIFAR10_CLASSES}"
            )
        index = datasets.CIFAR10_CLASSES.index(class_name)
        images, labels = images[labels == index], labels[labels == index]
        # One class's test images are too few for a covariance of the
        # extractor's features (CIFAR-10 subset: 112 frogs, 128 features),
        # so the reference is the class's training and test images.
        reference = np.concatenate(
            [images, reference[reference_labels == index]]
        )
    if args.max_images:
        images, labels = images[: args.max_images], labels[: args.max_images]
    conditional = recipe.model == "ConditionalGAN"
    model = presets.from_preset(
        args.preset, recipe=recipe.variant, seed=0, **args.override
    )
    epochs = args.epochs or recipe.epochs
    batch_size = args.batch_size or recipe.batch_size
    batches = datasets.ShuffledBatches(
        images,
        labels if conditional else None,
        batch_size=batch_size,
        seed=args.seed,
    )
    scores = EpochScores(
        reference, dataset, args.samples, conditional, args.minutes
    )
    settings = {
        "preset": args.preset,
        "recipe": recipe.variant,
        "dataset": dataset,
        "class_name": class_name,
        "num_images": len(images),
        "num_reference": len(reference),
        "epochs": epochs,
        "batch_size": batch_size,
        "minutes": args.minutes,
        "samples": args.samples,
        "override": args.override,
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "keras_gan_kit": keras_gan_kit.__version__,
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}",
        "date": time.strftime("%Y-%m-%d"),
    }
    print(json.dumps(settings), flush=True)
    model.fit(
        batches,
        epochs=epochs,
        shuffle=False,
        verbose=0,
        callbacks=[batches.epoch_callback(), scores],
    )
    if args.save_generator:
        model.sampling_generator().save(args.save_generator)
    if args.json:
        with open(args.json, "w") as file:
            json.dump({"settings": settings, "rows": scores.rows}, file)
    return scores.rows


if __name__ == "__main__":
    main()
