"""Makes every picture of the documentation from real training runs.

Each picture in `docs/images/` is an output of keras_gan_kit itself: sample
grids and loss plots of the presets trained here with fixed seeds, the loss
functions, and the augmentations applied to real images. Run it again to
reproduce them (each set prints its seconds at the end):

    KERAS_BACKEND=tensorflow python scripts/make_doc_pictures.py \
        --data-dir ../shared/data --runs RUNS_FOLDER

`--data-dir` holds `mnist.npz` (the keys of `keras.datasets`); without it
MNIST comes through `keras.datasets`. `--only NAME` makes one picture set.
`--only first_gan` runs getting-started.md's first block as written (its
picture was made on JAX). `--only gallery` runs `scripts/make_gallery.py`
on the generators in `--runs`; `--only residual` takes the generators of
`--sngan-generator` and `--biggan-generator`.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import callbacks
from keras_gan_kit import datasets
from keras_gan_kit import losses
from keras_gan_kit import stabilizers
from keras_gan_kit import utils
from keras_gan_kit.cli import main as cli_main

IMAGES = os.path.join(os.path.dirname(__file__), "..", "docs", "images")


def _mnist(data_dir):
    path = os.path.join(data_dir, "mnist.npz") if data_dir else None
    return datasets.load("mnist", path=path)


def _fit(gan, images, labels, epochs, batch_size, extra=()):
    """Trains as the guides do; returns the run folder."""
    folder = tempfile.mkdtemp()
    gan.fit(
        images,
        labels,
        epochs=epochs,
        batch_size=batch_size,
        verbose=2,
        callbacks=[
            *extra,
            # 28-pixel images drawn 3x, so a reader can see the digits.
            callbacks.SampleGrid(os.path.join(folder, "samples"), scale="auto"),
            callbacks.LossPlot(os.path.join(folder, "losses.png")),
        ],
    )
    return folder


def _keep(folder, name, target):
    shutil.copyfile(os.path.join(folder, name), os.path.join(IMAGES, target))
    print(f"wrote docs/images/{target}")


def first_gan(data_dir):
    """Runs getting-started.md's first GAN as it is written (its first
    Python block), keeps its samples.png and prints its FID."""
    del data_dir
    import re

    guide = os.path.join(IMAGES, "..", "getting-started.md")
    with open(guide) as file:
        code = re.search(r"```python\n(.*?)```", file.read(), re.S).group(1)
    folder = tempfile.mkdtemp()
    previous = os.getcwd()
    os.chdir(folder)
    try:
        namespace = {}
        start = time.time()
        exec(compile(code, "getting-started.md", "exec"), namespace)
        print(f"trained in {time.time() - start:.0f} s")
    finally:
        os.chdir(previous)
    gan, images = namespace["gan"], namespace["images"]
    for use_ema in (True, False):
        scores = keras_gan_kit.evaluate(
            gan,
            images,
            feature_extractor="fashion_mnist",
            num_samples=2000,
            use_ema=use_ema,
        )
        print(
            f"FID, {'EMA' if use_ema else 'raw'} generator: {scores['fid']:.1f}"
        )
    _keep(folder, "samples.png", "first_gan.png")


def vanilla(data_dir):
    """The MLP GAN of the teaching material, 20 epochs of MNIST."""
    keras.utils.set_random_seed(0)
    images, _ = _mnist(data_dir)
    generator, discriminator = keras_gan_kit.builders.preset("mlp_mnist")
    gan = keras_gan_kit.GAN(
        generator, discriminator, latent_distribution="uniform", seed=0
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-3),
        g_optimizer=keras.optimizers.Adam(2e-3),
        label_smoothing=0.1,
    )
    folder = _fit(gan, images, None, epochs=20, batch_size=100)
    _keep(folder, "samples/epoch_0020.png", "vanilla_gan_samples.png")
    _keep(folder, "losses.png", "vanilla_gan_losses.png")


def dcgan(data_dir):
    """The TensorFlow tutorial's DCGAN, 2 epochs of MNIST, FID logged."""
    keras.utils.set_random_seed(0)
    images, _ = _mnist(data_dir)
    gan = keras_gan_kit.GAN(
        *keras_gan_kit.builders.preset("dcgan_mnist"), seed=0
    )
    gan.compile()
    quality = callbacks.QualityEvaluation(
        images[-2000:], feature_extractor="mnist", num_samples=2000
    )
    folder = _fit(gan, images, None, 2, 128, extra=[quality])
    _keep(folder, "samples/epoch_0001.png", "dcgan_samples_epoch_1.png")
    _keep(folder, "samples/epoch_0002.png", "dcgan_samples.png")
    _keep(folder, "losses.png", "dcgan_losses.png")


def conditional(data_dir):
    """An AC-GAN head on the conditional preset, 3 epochs of MNIST, with the
    requested class checked by the bundled classifier every epoch."""
    keras.utils.set_random_seed(0)
    images, labels = _mnist(data_dir)
    generator, discriminator = keras_gan_kit.builders.preset(
        "cgan_mnist", discriminator_head="auxiliary"
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator, seed=0)
    gan.compile(class_loss_weight=1.0)
    quality = callbacks.QualityEvaluation(
        images[-2000:],
        metrics=["fid", "conditional_accuracy"],
        feature_extractor="mnist",
        num_samples=2000,
    )
    folder = _fit(gan, images, labels, 3, 128, extra=[quality])
    _keep(folder, "samples/epoch_0003.png", "cgan_grid.png")
    _keep(folder, "losses.png", "cgan_losses.png")


def command_line(data_dir):
    """`keras-gan-kit train`, the default run on the bundled sample."""
    folder = os.path.join(tempfile.mkdtemp(), "run")
    status = cli_main(["train", "--out", folder])
    if status:
        raise SystemExit(status)
    _keep(folder, "samples/epoch_0005.png", "cli_samples.png")
    _keep(folder, "losses.png", "cli_losses.png")


def loss_functions(data_dir):
    """Each loss family's terms against the discriminator's logit."""
    del data_dir
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    logits = np.linspace(-4, 4, 161).astype("float32")
    zero = np.array([0.0], "float32")
    figure, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    drawn = ([], [])  # (name, values) per panel, to mark equal curves
    for name in losses.LOSS_FAMILIES:
        loss = losses.get(name)
        # One real and one fake logit per point. Left: the discriminator's
        # loss with the real image's logit x and the fake's held at 0.
        # Right: the generator's loss with its fake image's logit x and
        # the real image's held at 0 (only relativistic losses read it).
        panels = (
            [loss.discriminator_loss(np.array([x]), zero) for x in logits],
            [loss.generator_loss(np.array([x]), zero) for x in logits],
        )
        for axis, earlier, values in zip(axes, drawn, panels):
            values = np.array([float(v) for v in values])
            same = [n for n, v in earlier if np.allclose(v, values, atol=1e-4)]
            # A curve equal to one drawn before it is dashed on top, so
            # both stay visible, and its label names the twin.
            style = {"linestyle": (0, (4, 3)), "linewidth": 2.5} if same else {}
            label = f"{name} (= {same[0]})" if same else name
            axis.plot(logits, values, label=label, **style)
            earlier.append((name, values))
    axes[0].set_title(
        "discriminator loss vs. the logit of a real image\n"
        "(the fake image's logit held at 0)"
    )
    axes[1].set_title(
        "generator loss vs. the logit of its fake image\n"
        "(the real image's logit held at 0)"
    )
    for axis in axes:
        axis.set_xlabel("logit (higher = judged real)")
        axis.set_ylabel("loss")
        axis.set_ylim(-4, 6)
        axis.grid(alpha=0.3)
        axis.legend(fontsize="small", loc="lower left")
    figure.tight_layout()
    with utils.atomic_path(os.path.join(IMAGES, "loss_functions.png")) as tmp:
        figure.savefig(tmp, dpi=80)
    plt.close(figure)
    print("wrote docs/images/loss_functions.png")


def checkerboard(data_dir):
    """How many contributions each output pixel gets from three stacked
    stride-2 transposed convolutions (7x7 -> 56x56), all weights 1: 5x5
    kernels against 4x4."""
    del data_dir
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(9, 4.6))
    for axis, size in zip(axes, (5, 4)):
        layers = [
            keras.layers.Conv2DTranspose(
                1,
                size,
                strides=2,
                padding="same",
                use_bias=False,
                kernel_initializer="ones",
            )
            for _ in range(3)
        ]
        x = keras.ops.ones((1, 7, 7, 1))
        for layer in layers:
            x = layer(x)
        counts = keras.ops.convert_to_numpy(x)[0, 8:-8, 8:-8, 0]
        image = axis.imshow(counts, cmap="gray")
        axis.set_title(
            f"{size}x{size} kernels, stride 2: "
            f"{counts.min():.0f} to {counts.max():.0f}"
        )
        axis.axis("off")
        figure.colorbar(image, ax=axis, fraction=0.046, pad=0.04)
    figure.suptitle(
        "Contributions per output pixel, three stride-2 transposed "
        "convolutions, all weights 1 (centre 40x40 of 56x56)"
    )
    figure.tight_layout()
    with utils.atomic_path(os.path.join(IMAGES, "checkerboard.png")) as tmp:
        figure.savefig(tmp, format="png", dpi=80)
    plt.close(figure)
    print("wrote docs/images/checkerboard.png")


def augmentations(data_dir):
    """DiffAugment and ADA's operations on real Fashion-MNIST images."""
    images, _ = datasets.load("fashion_mnist_sample")
    originals = images[:8]
    rows = [originals]
    diffaugment = stabilizers.DiffAugment(seed=0)
    for _ in range(2):
        rows.append(keras.ops.convert_to_numpy(diffaugment(originals)))
    ada = stabilizers.AdaptiveAugment(initial_probability=0.5, seed=1)
    rows.append(keras.ops.convert_to_numpy(ada(originals)))
    utils.save_image_grid(
        os.path.join(IMAGES, "augmentations.png"),
        np.concatenate(rows),
        num_columns=8,
        scale=3,
    )
    print("wrote docs/images/augmentations.png")


def pretrained(data_dir):
    """The shipped generators: a grid of each next to real images."""
    del data_dir
    real, labels = datasets.load("fashion_mnist_sample")
    # Real images in the conditional grid's layout: one row per class.
    rows = [real[labels == label][:8] for label in range(10)]
    utils.save_image_grid(
        os.path.join(IMAGES, "fashion_real.png"),
        np.concatenate(rows),
        num_columns=8,
        scale=3,
    )
    cgan = keras_gan_kit.ConditionalGAN.from_preset(
        "cgan_fashion_mnist", pretrained=True
    )
    grid = cgan.generate_grid(8, seed=0)
    utils.save_image_grid(
        os.path.join(IMAGES, "pretrained_cgan_fashion_mnist.png"),
        grid.reshape((-1,) + grid.shape[2:]),
        num_columns=8,
        scale=3,
    )
    gan = keras_gan_kit.GAN.from_preset("dcgan_fashion_mnist", pretrained=True)
    utils.save_image_grid(
        os.path.join(IMAGES, "pretrained_dcgan_fashion_mnist.png"),
        gan.generate(80, seed=0),
        num_columns=8,
        scale=3,
    )
    print("wrote docs/images/fashion_real.png and the pretrained grids")


def sampling_tools(data_dir):
    """Class interpolation, a latent-walk GIF and the memorization check,
    from the shipped conditional Fashion-MNIST generator."""
    from keras_gan_kit.class_interpolation import interpolate_classes

    cgan = keras_gan_kit.ConditionalGAN.from_preset(
        "cgan_fashion_mnist", pretrained=True
    )
    latent = cgan.sample_latent(6, seed=3)
    rows = [
        interpolate_classes(cgan, start, end, latent[k : k + 2], 8)
        for k, (start, end) in enumerate(((5, 7), (0, 3), (2, 4)))
    ]
    utils.save_image_grid(
        os.path.join(IMAGES, "class_interpolation.png"),
        np.concatenate(rows),
        num_columns=8,
        scale=3,
    )
    # One spherical walk per class, played as an animation.
    ends = keras_gan_kit.latents.truncated_latent(2, cgan.latent_dim, seed=1)
    walk = keras_gan_kit.latents.interpolate(ends[0], ends[1], 12)
    frames = [
        cgan.generate(
            latent=np.repeat(step[None], 10, axis=0), labels=np.arange(10)
        )
        for step in walk
    ]
    utils.save_image_animation(
        os.path.join(IMAGES, "latent_walk.gif"),
        np.stack(frames),
        num_columns=5,
        scale=3,
    )
    if data_dir:
        with np.load(os.path.join(data_dir, "fashion_mnist.npz")) as data:
            train = datasets.scale_images(
                data["x_train"], add_channel_axis=True
            )
    else:
        train, _ = datasets.load("fashion_mnist_sample")
    generated = cgan.generate(5000, seed=0)
    report = keras_gan_kit.metrics.memorization_check(
        generated, train, "fashion_mnist"
    )
    keras_gan_kit.metrics.save_memorization_grid(
        os.path.join(IMAGES, "memorization.png"), generated, train, report
    )
    print(
        "wrote class_interpolation.png, latent_walk.gif, memorization.png "
        f"(near-duplicate share {report['near_duplicate_share']:.4f} of "
        f"5000 against {len(train)} training images)"
    )


def residual(data_dir, generator_path=None, conditional_path=None):
    """Trained residual generators' grids beside real CIFAR-10 images."""
    if conditional_path:
        generator = keras.saving.load_model(conditional_path)
        latent = np.random.default_rng(0).standard_normal(
            (80, generator.inputs[0].shape[-1])
        )
        labels = np.repeat(np.arange(10), 8)[:, None].astype("int32")
        utils.save_image_grid(
            os.path.join(IMAGES, "biggan_cifar10_cpu.png"),
            keras.ops.convert_to_numpy(
                generator([latent.astype("float32"), labels], training=False)
            ),
            num_columns=8,
            scale=2,
        )
        print("wrote biggan_cifar10_cpu.png")
    if not (data_dir and generator_path):
        print("residual: pass --data-dir and --sngan-generator; skipped")
        return
    with np.load(os.path.join(data_dir, "cifar10_subset.npz")) as data:
        real = datasets.scale_images(data["x"][data["split"] == 1][:64])
    utils.save_image_grid(
        os.path.join(IMAGES, "cifar10_real.png"), real, num_columns=8, scale=2
    )
    generator = keras.saving.load_model(generator_path)
    latent = np.random.default_rng(0).standard_normal(
        (64, generator.inputs[0].shape[-1])
    )
    utils.save_image_grid(
        os.path.join(IMAGES, "sngan_cifar10_cpu.png"),
        keras.ops.convert_to_numpy(
            generator(latent.astype("float32"), training=False)
        ),
        num_columns=8,
        scale=2,
    )
    print("wrote cifar10_real.png and sngan_cifar10_cpu.png")


def gallery(data_dir, runs):
    """The gallery page and its pictures (`scripts/make_gallery.py`)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import make_gallery

    if runs is None:
        make_gallery.main(["--page-only"])
    else:
        make_gallery.main(["--data-dir", data_dir, "--runs", runs])


PICTURES = {
    "sampling_tools": sampling_tools,
    "residual": residual,
    "pretrained": pretrained,
    "first_gan": first_gan,
    "vanilla": vanilla,
    "dcgan": dcgan,
    "conditional": conditional,
    "command_line": command_line,
    "loss_functions": loss_functions,
    "augmentations": augmentations,
    "checkerboard": checkerboard,
    "gallery": gallery,  # also takes --runs
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", help="folder holding mnist.npz")
    parser.add_argument("--only", choices=sorted(PICTURES), action="append")
    parser.add_argument(
        "--sngan-generator",
        help="the generator benchmarks/preset_quality.py saved for "
        "sngan_cifar10 (--save-generator), for the residual picture",
    )
    parser.add_argument(
        "--biggan-generator",
        help="the generator preset_quality.py saved for biggan_cifar10",
    )
    parser.add_argument(
        "--runs",
        help="the gallery's generators (NAME.keras, see "
        "scripts/make_gallery.py); without it the gallery page is "
        "rewritten from the records and its pictures are kept",
    )
    args = parser.parse_args(argv)
    os.makedirs(IMAGES, exist_ok=True)
    timings = {}
    for name in args.only or PICTURES:
        start = time.time()
        if name == "residual":
            residual(args.data_dir, args.sngan_generator, args.biggan_generator)
        elif name == "gallery":
            gallery(args.data_dir, args.runs)
        else:
            PICTURES[name](args.data_dir)
        timings[name] = round(time.time() - start, 1)
    record = {
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "keras_gan_kit": keras_gan_kit.__version__,
        "seconds": timings,
        "command": " ".join(["python"] + sys.argv),
    }
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
