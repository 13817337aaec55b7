"""What the example scripts share: arguments and the training run.

Each example builds its preset (with `GAN.from_preset`, or the teaching
networks of `keras_gan_kit.builders.preset`), loads its data with
`keras_gan_kit.datasets.load`, and calls `train`.
"""

import argparse
import os

import numpy as np

import keras_gan_kit

# Images a --smoke run trains on.
SMOKE_IMAGES = 128
# Images of the offline stand-in: more than are trained on, for the FID's
# reference set.
STAND_IN_IMAGES = 256


def parse_args(description, argv, epochs, batch_size, data_help):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", help=data_help)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--batch-size", type=int, default=batch_size)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="run folder")
    parser.add_argument(
        "--smoke", action="store_true", help="one epoch on 128 images"
    )
    return parser, parser.parse_args(argv)


def parse_recipe_args(description, argv, preset, data_help):
    """Arguments of an example that trains a preset's recipe: `--recipe`
    (`tuned` or `teaching`) picks it, and `--epochs` and `--batch-size`
    default to the recipe's."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", help=data_help)
    parser.add_argument(
        "--recipe",
        choices=keras_gan_kit.presets.VARIANTS,
        default="tuned",
        help="tuned (the best measured) or teaching (the source's)",
    )
    parser.add_argument("--epochs", type=int, help="default: the recipe's")
    parser.add_argument("--batch-size", type=int, help="default: the recipe's")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="run folder")
    parser.add_argument(
        "--smoke", action="store_true", help="one epoch on 128 images"
    )
    args = parser.parse_args(argv)
    recipe = keras_gan_kit.presets.get_recipe(preset, args.recipe)
    args.epochs = args.epochs or recipe.epochs
    args.batch_size = args.batch_size or recipe.batch_size
    return parser, args


def load_data(args, name, **kwargs):
    """`datasets.load(name, path=args.data, **kwargs)`.

    A `--smoke` run without `--data` checks the plumbing offline: the
    bundled Fashion-MNIST sample stands in for the dataset (padded to
    32x32 and repeated over 3 channels for the colour ones), so it never
    waits on a download.
    """
    if not (args.smoke and args.data is None):
        return keras_gan_kit.datasets.load(name, path=args.data, **kwargs)
    # Arguments are still checked: an unknown class fails here too.
    class_name = kwargs.get("class_name")
    if class_name is not None:
        classes = keras_gan_kit.datasets.CIFAR10_CLASSES
        if class_name not in classes:
            raise ValueError(
                f"Unknown CIFAR-10 class {class_name!r}; expected one of "
                f"{list(classes)}."
            )
    images, labels = keras_gan_kit.datasets.load("fashion_mnist_sample")
    images, labels = images[:STAND_IN_IMAGES], labels[:STAND_IN_IMAGES]
    if name in ("cifar10", "svhn"):
        images = np.pad(
            images, ((0, 0), (2, 2), (2, 2), (0, 0)), constant_values=-1.0
        )
        images = np.repeat(images, 3, axis=-1)
    print(
        f"--smoke without --data: {len(images)} images of the bundled "
        f"Fashion-MNIST sample stand in for {name} (no download)."
    )
    return images, labels


def load_translation_task(args, task, smoke_sizes):
    """The train and test arrays of `datasets.translation_task(task)` from
    `args.data` (the bundled sample without it), and the epochs to train.

    A `--smoke` run keeps the first `smoke_sizes` images of each training
    array and one epoch.

    Returns:
        `((train_a, train_b), (test_a, test_b), epochs)`.
    """
    train = keras_gan_kit.datasets.translation_task(task, "train", args.data)
    test = keras_gan_kit.datasets.translation_task(task, "test", args.data)
    if not args.smoke:
        return train, test, args.epochs
    train = tuple(images[:size] for images, size in zip(train, smoke_sizes))
    return train, test, 1


def train(gan, images, args, labels=None, callbacks=()):
    """Fits `gan`, writing sample grids, log.csv and generator.keras."""
    epochs = args.epochs
    if args.smoke:
        images, epochs = images[:SMOKE_IMAGES], 1
        labels = None if labels is None else labels[:SMOKE_IMAGES]
    os.makedirs(args.out, exist_ok=True)
    history = gan.fit(
        images,
        labels,
        batch_size=args.batch_size,
        epochs=epochs,
        verbose=2 if args.smoke else "auto",
        callbacks=[
            *callbacks,
            keras_gan_kit.callbacks.SampleGrid(
                args.out, seed=args.seed, scale="auto"
            ),
            keras_gan_kit.callbacks.CSVLog(os.path.join(args.out, "log.csv")),
        ],
    )
    # The EMA generator where the recipe keeps one: what the grids show.
    gan.save_generator(os.path.join(args.out, "generator.keras"))
    print(
        f"Done: d_loss {history.history['d_loss'][-1]:.3f}, "
        f"g_loss {history.history['g_loss'][-1]:.3f}. Sample grids "
        f"(epoch_NNNN.png), log.csv and generator.keras are in {args.out}/"
    )
    return history


def run(main):
    """Runs an example's `main`, turning input errors into a message."""
    try:
        main()
    except ValueError as error:
        raise SystemExit(f"error: {error}") from None
