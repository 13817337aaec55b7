"""The datasets of the teaching material, by name or from a local path."""

import os

import numpy as np

from keras_gan_kit import backend_choice
from keras_gan_kit.datasets import idx
from keras_gan_kit.datasets import readers
from keras_gan_kit.datasets.image_folder import image_folder
from keras_gan_kit.datasets.scaling import scale_images

CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)
FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
NOTMNIST_CLASSES = tuple("ABCDEFGHIJ")

DATASETS = {
    "fashion_mnist_sample": (
        "Fashion-MNIST's 10,000 test images, 28x28 grayscale, 10 classes; "
        "bundled with the package (MIT, Zalando SE), works offline."
    ),
    "mnist": (
        "MNIST handwritten digits, 28x28 grayscale, 10 classes "
        "(keras.datasets, or a local .npz or idx folder)."
    ),
    "fashion_mnist": (
        "Fashion-MNIST clothes, 28x28 grayscale, 10 classes "
        "(keras.datasets, or a local .npz or idx folder)."
    ),
    "cifar10": (
        "CIFAR-10, 32x32 RGB, 10 classes; class_name picks one, for "
        "example 'frog' (keras.datasets, or a local .npz)."
    ),
    "svhn": (
        "Street View House Numbers, 32x32 RGB digits, from the official "
        "train_32x32.mat / test_32x32.mat (a path or the cache folder)."
    ),
    "notmnist": (
        "notMNIST letters A-J from a folder with one sub-folder per letter "
        "(notMNIST_small), resized to 28x28 grayscale."
    ),
}

_SPLITS = {
    "train": ("train",),
    "test": ("test",),
    "all": ("train", "test"),
}


def list_datasets():
    """Names and one-line descriptions of the datasets `load` knows.

    Returns:
        A dict from name to description.

    Examples:

    ```python
    from keras_gan_kit import datasets

    names = datasets.list_datasets()
    print(len(names), "fashion_mnist_sample" in names)
    # 6 True
    ```
    """
    return dict(DATASETS)


def cache_dir():
    """Keras's dataset folder: `$KERAS_HOME/datasets`, by default
    `~/.keras/datasets`.

    `load` looks here for SVHN (`svhn/train_32x32.mat`) and notMNIST
    (`notMNIST_small/`), and `keras.datasets` keeps its downloads here.

    Returns:
        The folder's path (it may not exist yet).

    Examples:

    ```python
    import os
    from keras_gan_kit import datasets

    print(os.path.basename(datasets.cache_dir()))
    # datasets
    ```
    """
    return os.path.join(backend_choice.keras_home(), "datasets")


def _check_split(name, split):
    if split not in _SPLITS:
        raise ValueError(
            f"Unknown split {split!r} for {name!r}; expected 'train', "
            "'test' or 'all'."
        )
    return _SPLITS[split]


def _load_mnist_like(name, path, split, verify):
    parts = _check_split(name, split or "train")
    arrays, source = readers.mnist_arrays(name, path, parts, cache_dir())
    if verify:
        idx.verify(arrays, name, source)
    return readers.join_splits(arrays, parts)


def _load_cifar10(path, split, class_name):
    if class_name is not None and class_name not in CIFAR10_CLASSES:
        raise ValueError(
            f"Unknown CIFAR-10 class {class_name!r}; expected one of "
            f"{list(CIFAR10_CLASSES)}."
        )
    images, labels = readers.cifar_arrays(
        path, _check_split("cifar10", split), cache_dir()
    )
    readers.check_labels(images, labels, repr(path) if path else "cifar10")
    if images.ndim != 4 or images.shape[1:] != (32, 32, 3):
        raise ValueError(
            f"CIFAR-10 images must have shape (n, 32, 32, 3); {path!r} holds "
            f"{images.shape}."
        )
    if class_name is not None:
        keep = labels == CIFAR10_CLASSES.index(class_name)
        images, labels = images[keep], labels[keep]
    return images, labels


def _load_svhn(path, split):
    parts = _check_split("svhn", split or "train")
    if path is not None and not os.path.isdir(path):
        if len(parts) > 1:
            raise ValueError(
                "split='all' needs a folder holding train_32x32.mat and "
                f"test_32x32.mat; received the file {path!r}."
            )
        return readers.read_svhn_mat(path)
    folder = path or os.path.join(cache_dir(), "svhn")
    arrays = []
    for part in parts:
        file = os.path.join(folder, f"{part}_32x32.mat")
        if not os.path.exists(file):
            raise ValueError(
                f"SVHN not found: {file!r} does not exist. Download "
                f"{part}_32x32.mat from http://ufldl.stanford.edu/"
                f"housenumbers/ into {folder!r}, or pass path= (the CLI's "
                "--data-path)."
            )
        arrays.append(readers.read_svhn_mat(file))
    return (
        np.concatenate([images for images, _ in arrays]),
        np.concatenate([labels for _, labels in arrays]),
    )


def _load_notmnist(path, split, image_size, scale):
    if split not in (None, "all"):
        raise ValueError(
            f"notMNIST has no {split!r} split: it is one folder of letters. "
            "Leave split out."
        )
    folder = path or os.path.join(cache_dir(), "notMNIST_small")
    if not os.path.isdir(folder):
        raise ValueError(
            f"notMNIST folder not found at {folder!r}. Pass path= (the CLI's "
            "--data-path) to a folder with sub-folders A..J of letter images, "
            "such as notMNIST_small."
        )
    return image_folder(
        folder,
        image_size=image_size or 28,
        grayscale=True,
        scale=scale,
        class_names=NOTMNIST_CLASSES,
    )


def _finish(images, labels, scale, source):
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., np.newaxis]
    labels = None if labels is None else np.asarray(labels).reshape(-1)
    readers.check_labels(images, labels, source)
    labels = None if labels is None else labels.astype("int32")
    if not scale:
        return images, labels
    try:
        return scale_images(images), labels
    except ValueError as error:
        raise ValueError(
            f"{error} A dataset file must hold uint8 pixels in [0, 255] or "
            "floats in [0, 1] (or [0, 255]); convert the images and save "
            "them again, or load them with scale=False and call "
            "datasets.scale_images(x, input_range=...)."
        ) from None


def load(
    name,
    path=None,
    split=None,
    class_name=None,
    image_size=None,
    scale=True,
    verify=True,
):
    """Loads a dataset of the teaching material as arrays.

    Network datasets (`mnist`, `fashion_mnist`, `cifar10`) come through
    `keras.datasets` (downloaded once into `cache_dir()`) unless `path`
    names a local copy; without a network or a cached copy, a `ValueError`
    says where to put the files (it never waits more than 30 seconds on a
    connection). `fashion_mnist_sample` is bundled and needs nothing.
    MNIST and Fashion-MNIST are checked against their published checksums,
    whatever the container (`.npz`, gzipped or unpacked idx files).

    Args:
        name: A name of `list_datasets()`.
        path: A local copy. `mnist` and `fashion_mnist`: an `.npz` with the
            keys of `keras.datasets`, or a folder of the four idx files.
            `cifar10`: an `.npz` with `x_train`/`y_train` (or `x`/`y`).
            `svhn`: `train_32x32.mat` or a folder holding it. `notmnist`:
            the folder of letter sub-folders. Defaults to `None`.
        split: `"train"`, `"test"` or `"all"`; `None` is `"train"` (the
            bundled sample has the test split only). Defaults to `None`.
        class_name: CIFAR-10 only: keep one class, for example `"frog"`.
            Defaults to `None`.
        image_size: notMNIST only: the side the letters are resized to.
            Defaults to `None` (28).
        scale: Float32 images in [-1, 1] (`True`, what a tanh generator
            matches) or the uint8 pixels (`False`). Defaults to `True`.
        verify: Check MNIST and Fashion-MNIST against their published
            checksums. Defaults to `True`.

    Returns:
        `(images, labels)`: images of shape `(n, height, width, channels)`,
        int32 labels of shape `(n,)`.

    Raises:
        ValueError: An unknown name or split, a missing, unreadable,
            corrupt or unofficial file, or no network without a cached copy.

    Examples:

    ```python
    from keras_gan_kit import datasets

    images, labels = datasets.load("fashion_mnist_sample")
    print(images.shape, images.dtype, images.min(), images.max())
    # (10000, 28, 28, 1) float32 -1.0 1.0
    ```
    """
    if name not in DATASETS:
        raise ValueError(
            f"Unknown dataset {name!r}; expected one of {sorted(DATASETS)}, "
            "or use load_path(path) or image_folder(path) for your own files."
        )
    if class_name is not None and name != "cifar10":
        raise ValueError(
            f"class_name applies to 'cifar10' only; received class_name="
            f"{class_name!r} for {name!r}."
        )
    if image_size is not None and name != "notmnist":
        raise ValueError(
            f"image_size applies to 'notmnist' and image_folder() only; "
            f"received image_size={image_size!r} for {name!r}."
        )
    path = None if path is None else os.path.expanduser(os.fspath(path))
    if name == "notmnist":
        return _load_notmnist(path, split, image_size, scale)
    if name == "fashion_mnist_sample":
        if path is not None:
            raise ValueError(
                "fashion_mnist_sample is bundled and takes no path; for a "
                "local Fashion-MNIST, load('fashion_mnist', path=...)."
            )
        images, labels = readers.fashion_mnist_sample(split, verify)
    elif name in ("mnist", "fashion_mnist"):
        images, labels = _load_mnist_like(name, path, split, verify)
    elif name == "cifar10":
        images, labels = _load_cifar10(path, split or "train", class_name)
    else:
        images, labels = _load_svhn(path, split)
    return _finish(images, labels, scale, repr(path) if path else name)


def load_path(path, image_size=None, scale=True):
    """Loads your own dataset file or folder, guessing its format.

    - a folder of idx files (`train-images-idx3-ubyte.gz`...): their
      training split;
    - any other folder: `image_folder(path, image_size)`;
    - an `.npz`: `x_train`/`y_train` (the keys of `keras.datasets`), or
      `x` (and optionally `y`);
    - a `.mat`: SVHN's layout (`X` of shape `(32, 32, 3, n)`).

    Args:
        path: The file or folder.
        image_size: For folders of pictures: the `(height, width)` (or
            side) to resize to. Defaults to `None`.
        scale: Float32 images in [-1, 1] (`True`) or uint8 pixels
            (`False`). Defaults to `True`.

    Returns:
        `(images, labels)` as `load` returns them; labels may be `None`.

    Raises:
        ValueError: The path is missing or in no format above.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import datasets

    pixels = np.zeros((5, 8, 8), "uint8")
    np.savez("tiny.npz", x=pixels)
    images, labels = datasets.load_path("tiny.npz")
    print(images.shape, labels)
    # (5, 8, 8, 1) None
    ```
    """
    path = os.path.expanduser(os.fspath(path))
    if not os.path.exists(path):
        raise ValueError(
            f"Dataset path not found: {path!r}. Expected a dataset name of "
            f"{sorted(DATASETS)}, an .npz, a .mat or a folder of images."
        )
    if image_size is not None and not os.path.isdir(path):
        raise ValueError(
            f"image_size applies to folders of pictures; {path!r} is a file."
        )
    if os.path.isdir(path):
        if idx.find_idx_file(path, "x_train") is not None:
            arrays = {
                key: idx.read_idx(idx.find_idx_file(path, key))
                for key in ("x_train", "y_train")
                if idx.find_idx_file(path, key) is not None
            }
            return _finish(
                arrays["x_train"], arrays.get("y_train"), scale, repr(path)
            )
        return image_folder(path, image_size=image_size, scale=scale)
    if path.endswith(".mat"):
        return _finish(*readers.read_svhn_mat(path), scale, repr(path))
    if path.endswith(".npz"):
        with readers.open_npz(path) as data:
            files = data.files
        for x_key, y_key in (("x_train", "y_train"), ("x", "y")):
            if x_key in files:
                keys = (x_key, y_key) if y_key in files else (x_key,)
                arrays = readers.read_npz(path, keys)
                return _finish(
                    arrays[x_key], arrays.get(y_key), scale, repr(path)
                )
        raise ValueError(
            f"{path!r} has the keys {sorted(files)}; expected x_train "
            "(and y_train), as in keras.datasets, or x (and y)."
        )
    raise ValueError(
        f"Cannot tell the format of {path!r}: expected an .npz, a .mat, a "
        "folder of idx files or a folder of images."
    )
