"""The vanilla GAN of the teaching material, on MNIST, on any Keras backend.

One hidden layer of 128 units in each network, LeakyReLU with slope 0.01, a
tanh generator output, latents drawn from U(-1, 1), Adam with learning rate
0.002 and one-sided label smoothing of 0.1, as in the original notebook.

    KERAS_BACKEND=jax python examples/mlp_gan_mnist.py --epochs 20
    python examples/mlp_gan_mnist.py --data mnist.npz --smoke

MNIST comes from `keras.datasets.mnist` (downloaded once into Keras's
cache) unless `--data` names a local `.npz` with the same keys
(`x_train`, `y_train`, ...). The run folder gets a PNG grid of samples
after every epoch, the final generator as `generator.keras` and the
losses as `log.csv`.
"""

import argparse
import os

import keras
import numpy as np

import keras_gan_kit

IMAGE_SHAPE = (28, 28, 1)


def build_generator(latent_dim=100, hidden_units=128, slope=0.01):
    """Dense(128) -> LeakyReLU(0.01) -> Dense(784, tanh) -> 28x28x1."""
    return keras.Sequential(
        [
            keras.Input((latent_dim,)),
            keras.layers.Dense(hidden_units),
            keras.layers.LeakyReLU(negative_slope=slope),
            keras.layers.Dense(int(np.prod(IMAGE_SHAPE)), activation="tanh"),
            keras.layers.Reshape(IMAGE_SHAPE),
        ],
        name="mlp_generator",
    )


def build_discriminator(hidden_units=128, slope=0.01):
    """28x28x1 -> Dense(128) -> LeakyReLU(0.01) -> Dense(1) logit."""
    return keras.Sequential(
        [
            keras.Input(IMAGE_SHAPE),
            keras.layers.Flatten(),
            keras.layers.Dense(hidden_units),
            keras.layers.LeakyReLU(negative_slope=slope),
            keras.layers.Dense(1),
        ],
        name="mlp_discriminator",
    )


def load_mnist(path=None):
    """Training images of MNIST as float32 in [-1, 1], shape (n, 28, 28, 1)."""
    if path:
        if not os.path.exists(path):
            raise ValueError(
                f"--data {path!r} does not exist. Pass an .npz with the keys "
                "of keras.datasets.mnist (x_train, ...), or leave --data out "
                "to download MNIST through keras.datasets."
            )
        with np.load(path) as data:
            if "x_train" not in data:
                raise ValueError(
                    f"{path!r} has keys {sorted(data.files)}; expected "
                    "'x_train' as in keras.datasets.mnist."
                )
            pixels = data["x_train"]
    else:
        try:
            (pixels, _), _ = keras.datasets.mnist.load_data()
        except Exception as error:  # no network, a proxy, a corrupt cache
            raise ValueError(
                "Could not load MNIST through keras.datasets "
                f"({type(error).__name__}: {error}). Connect to the internet "
                "once (it is cached in ~/.keras/datasets), or pass "
                "--data PATH.npz with the keys of keras.datasets.mnist."
            ) from error
    return keras_gan_kit.datasets.scale_images(pixels, add_channel_axis=True)


class SaveSamples(keras.callbacks.Callback):
    """Writes a grid of samples from a fixed latent batch after each epoch."""

    def __init__(self, directory, latent):
        super().__init__()
        self.directory = directory
        self.latent = latent

    def on_epoch_end(self, epoch, logs=None):
        images = self.model.generate(latent=self.latent)
        keras_gan_kit.utils.save_image_grid(
            os.path.join(self.directory, f"samples_epoch_{epoch + 1:03d}.png"),
            images,
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="local MNIST .npz (keras.datasets keys)")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--latent-dim", type=int, default=100)
    parser.add_argument("--learning-rate", type=float, default=0.002)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="runs/mlp_gan_mnist")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a seconds-long run on 512 images for one epoch",
    )
    args = parser.parse_args(argv)

    keras.utils.set_random_seed(args.seed)
    images = load_mnist(args.data)
    epochs = args.epochs
    if args.smoke:
        images, epochs = images[:512], 1

    gan = keras_gan_kit.GAN(
        build_generator(args.latent_dim),
        build_discriminator(),
        latent_distribution="uniform",
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(args.learning_rate),
        g_optimizer=keras.optimizers.Adam(args.learning_rate),
        label_smoothing=args.label_smoothing,
    )
    os.makedirs(args.out, exist_ok=True)
    history = gan.fit(
        images,
        batch_size=args.batch_size,
        epochs=epochs,
        verbose=2 if args.smoke else "auto",
        callbacks=[
            SaveSamples(args.out, gan.sample_latent(64, seed=args.seed)),
            keras.callbacks.CSVLogger(os.path.join(args.out, "log.csv")),
        ],
    )
    gan.generator.save(os.path.join(args.out, "generator.keras"))
    print(
        f"Done: d_loss {history.history['d_loss'][-1]:.3f}, "
        f"g_loss {history.history['g_loss'][-1]:.3f}. "
        f"Samples, log.csv and generator.keras are in {args.out}/"
    )
    return history


if __name__ == "__main__":
    try:
        main()
    except ValueError as error:
        raise SystemExit(f"error: {error}") from None
