"""What the example scripts share: arguments, data files, the training run.

Each example builds its preset with `keras_gan_kit.builders.preset`, loads
its data with one of the loaders here, and calls `train`.
"""

import argparse
import os

import keras
import numpy as np

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


def _require_file(path, what, how):
    if not path or not os.path.exists(path):
        raise ValueError(f"{what} not found at {path!r}. {how}")


def load_mnist(path=None, with_labels=False, dataset="mnist"):
    """MNIST (or Fashion-MNIST) training images in [-1, 1], shape
    (n, 28, 28, 1), and labels."""
    title = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}[dataset]
    if path:
        _require_file(
            path,
            title,
            f"Pass an .npz with the keys of keras.datasets.{dataset}.",
        )
        with np.load(path) as data:
            if "x_train" not in data:
                raise ValueError(
                    f"{path!r} has keys {sorted(data.files)}; expected "
                    "'x_train' and 'y_train' as in keras.datasets."
                )
            pixels, labels = data["x_train"], data["y_train"]
    else:
        try:
            module = getattr(keras.datasets, dataset)
            (pixels, labels), _ = module.load_data()
        except Exception as error:  # no network, a proxy, a corrupt cache
            raise ValueError(
                f"Could not load {title} through keras.datasets "
                f"({type(error).__name__}: {error}). Connect to the internet "
                "once (it is cached in ~/.keras/datasets), or pass "
                f"--data PATH.npz with the keys of keras.datasets.{dataset}."
            ) from error
    images = keras_gan_kit.datasets.scale_images(pixels, add_channel_axis=True)
    return (images, labels.astype("int32")) if with_labels else images


CIFAR10_CLASSES = (
    "airplane automobile bird cat deer dog frog horse ship truck".split()
)


def load_cifar10(path=None, class_name="frog"):
    """One CIFAR-10 class in [-1, 1], shape (n, 32, 32, 3)."""
    if class_name not in CIFAR10_CLASSES:
        raise ValueError(
            f"Unknown CIFAR-10 class {class_name!r}; expected one of "
            f"{CIFAR10_CLASSES}."
        )
    if path:
        _require_file(
            path,
            "CIFAR-10",
            "Pass an .npz with x_train/y_train (keras.datasets keys) or x/y.",
        )
        with np.load(path) as data:
            x_key = "x_train" if "x_train" in data else "x"
            y_key = "y_train" if "y_train" in data else "y"
            pixels, labels = data[x_key], data[y_key]
    else:
        try:
            (pixels, labels), _ = keras.datasets.cifar10.load_data()
        except Exception as error:
            raise ValueError(
                "Could not load CIFAR-10 through keras.datasets "
                f"({type(error).__name__}: {error}). Pass --data PATH.npz."
            ) from error
    selected = pixels[labels.reshape(-1) == CIFAR10_CLASSES.index(class_name)]
    return keras_gan_kit.datasets.scale_images(selected)


def load_svhn(path):
    """SVHN digits from the official `train_32x32.mat`, in [-1, 1]."""
    _require_file(
        path,
        "SVHN",
        "Download train_32x32.mat from http://ufldl.stanford.edu/housenumbers/ "
        "and pass --data train_32x32.mat.",
    )
    from scipy.io import loadmat

    try:
        data = loadmat(path)
    except Exception as error:
        raise ValueError(
            f"{path!r} is not a readable .mat file: {error}"
        ) from error
    if "X" not in data:
        raise ValueError(
            f"{path!r} has no 'X' array; expected the official SVHN "
            "train_32x32.mat layout (X: 32x32x3xN)."
        )
    pixels = np.transpose(data["X"], (3, 0, 1, 2))
    return keras_gan_kit.datasets.scale_images(pixels)


def load_notmnist(folder, image_size=28):
    """notMNIST letters from a folder with one sub-folder per letter (A-J).

    Files that do not decode as images are skipped and counted; the
    original set has a few.
    """
    if not folder or not os.path.isdir(folder):
        raise ValueError(
            f"notMNIST folder not found at {folder!r}. Pass --data FOLDER "
            "holding sub-folders A..J of letter images (notMNIST_small)."
        )
    from PIL import Image

    images, skipped = [], 0
    for letter in sorted(os.listdir(folder)):
        letter_dir = os.path.join(folder, letter)
        if not os.path.isdir(letter_dir):
            continue
        for name in sorted(os.listdir(letter_dir)):
            try:
                with Image.open(os.path.join(letter_dir, name)) as picture:
                    picture = picture.convert("L").resize(
                        (image_size, image_size)
                    )
                    images.append(np.asarray(picture))
            except (OSError, ValueError):
                skipped += 1
    if not images:
        raise ValueError(
            f"No readable images under {folder!r} ({skipped} skipped)."
        )
    if skipped:
        print(f"Skipped {skipped} unreadable files under {folder}.")
    pixels = np.stack(images)
    return keras_gan_kit.datasets.scale_images(pixels, add_channel_axis=True)


class SaveSamples(keras.callbacks.Callback):
    """Writes a grid of samples from a fixed latent batch after each epoch
    (one row per class for a ConditionalGAN)."""

    def __init__(self, directory, seed):
        super().__init__()
        self.directory = directory
        self.seed = seed

    def on_epoch_end(self, epoch, logs=None):
        path = os.path.join(
            self.directory, f"samples_epoch_{epoch + 1:03d}.png"
        )
        if isinstance(self.model, keras_gan_kit.ConditionalGAN):
            grid = self.model.generate_grid(8, seed=self.seed)
            images, columns = grid.reshape((-1,) + grid.shape[2:]), 8
        else:
            images, columns = self.model.generate(64, seed=self.seed), 8
        keras_gan_kit.utils.save_image_grid(path, images, num_columns=columns)


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
            SaveSamples(args.out, args.seed),
            *callbacks,
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


def run(main):
    """Runs an example's `main`, turning input errors into a message."""
    try:
        main()
    except ValueError as error:
        raise SystemExit(f"error: {error}") from None
