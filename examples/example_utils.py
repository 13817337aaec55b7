"""What the example scripts share: arguments and the training run.

Each example builds its preset (with `GAN.from_preset`, or the teaching
networks of `keras_gan_kit.builders.preset`), loads its data with
`keras_gan_kit.datasets.load`, and calls `train`.
"""

import argparse
import os

import keras

import keras_gan_kit


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


def train(gan, images, args, labels=None, callbacks=()):
    """Fits `gan`, writing sample grids, log.csv and generator.keras."""
    epochs = args.epochs
    if args.smoke:
        images, epochs = images[:128], 1
        labels = None if labels is None else labels[:128]
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
            keras.callbacks.CSVLogger(os.path.join(args.out, "log.csv")),
        ],
    )
    # The EMA generator where the recipe keeps one: what the grids show.
    gan.sampling_generator().save(os.path.join(args.out, "generator.keras"))
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
