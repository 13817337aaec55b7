"""Readers of the file formats the named datasets come in: NumPy `.npz`
archives (keras.datasets' keys, or x/y), MNIST's idx files, SVHN's `.mat`
files and keras.datasets' own download, each with errors that name the
file and what it should hold."""

import importlib.resources
import os
import socket
import zipfile
import zlib

import keras
import numpy as np

from keras_gan_kit.datasets import idx

# How long keras.datasets may wait for the network before a download is
# given up (offline machines fail fast).
_DOWNLOAD_TIMEOUT_S = 30


def open_npz(path):
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError("an .npy array, not an .npz archive")
        return data
    except FileNotFoundError:
        raise ValueError(f"Dataset file not found: {path!r}.") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(
            f"{path!r} is not a readable .npz file ({error}); it may be "
            "corrupt or truncated. Download or write it again."
        ) from None


def read_npz(path, keys):
    """The arrays `keys` of an .npz file, with errors naming the file."""
    with open_npz(path) as data:
        missing = [key for key in keys if key not in data.files]
        if missing:
            raise ValueError(
                f"{path!r} has the keys {sorted(data.files)}; expected "
                f"{list(keys)} (the keys of keras.datasets)."
            )
        try:
            return {key: data[key] for key in keys}
        except (OSError, ValueError, EOFError, zlib.error) as error:
            raise ValueError(
                f"{path!r} is corrupt or truncated ({error}). Download or "
                "write it again."
            ) from None


def _holds_files(where):
    if os.path.isdir(where):
        return bool(os.listdir(where))
    return os.path.isfile(where)


def from_keras(name, where):
    """`keras.datasets.<name>.load_data()` as a dict, failing fast offline."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(_DOWNLOAD_TIMEOUT_S)
    try:
        (x_train, y_train), (x_test, y_test) = getattr(
            keras.datasets, name
        ).load_data()
    except Exception as error:  # offline, a proxy, a corrupt cache
        reason = f"{type(error).__name__}: {error}"
        if _holds_files(where):
            # Keras found the cached copy, refused it (its hash differs
            # from the file Keras publishes) and could not fetch another.
            raise ValueError(
                f"keras.datasets could not load {name!r} ({reason}), although "
                f"{where} exists: Keras refuses a cached copy whose hash "
                "differs from the file it publishes, then tries to download "
                f"it again. To use your copy, pass path={where!r} (the CLI's "
                "--data-path), which checks the images against the "
                "published checksums; or delete it and connect to the "
                "internet to download a fresh one."
            ) from None
        raise ValueError(
            f"Could not load {name!r} through keras.datasets ({reason}). "
            f"Connect to the internet once (the files are cached), put "
            f"them in {where}, or pass path= (the CLI's --data-path)."
        ) from None
    finally:
        socket.setdefaulttimeout(previous)
    return {
        "x_train": x_train,
        "y_train": y_train,
        "x_test": x_test,
        "y_test": y_test,
    }


def mnist_arrays(name, path, parts, cache):
    keys = [f"{kind}_{part}" for part in parts for kind in ("x", "y")]
    if path is None:
        where = {
            "mnist": os.path.join(cache, "mnist.npz"),
            "fashion_mnist": os.path.join(cache, "fashion-mnist") + os.sep,
        }[name]
        arrays = from_keras(name, where)
        return {key: arrays[key] for key in keys}, "keras.datasets"
    if os.path.isdir(path):
        arrays = {}
        for key in keys:
            file = idx.find_idx_file(path, key)
            if file is None:
                raise ValueError(
                    f"{path!r} lacks {idx.IDX_FILES[key]}.gz; expected the "
                    f"idx files of {name} ({', '.join(idx.IDX_FILES.values())}"
                    ", gzipped or not), or pass an .npz."
                )
            arrays[key] = idx.read_idx(file)
        return arrays, repr(path)
    if path.endswith(".npz"):
        return read_npz(path, keys), repr(path)
    raise ValueError(
        f"Cannot read {name} from {path!r}: expected an .npz with the keys of "
        f"keras.datasets.{name}, or a folder of its idx files."
    )


def join_splits(arrays, parts):
    images = np.concatenate([arrays[f"x_{part}"] for part in parts])
    labels = np.concatenate([arrays[f"y_{part}"] for part in parts])
    return images, labels.reshape(-1)


def cifar_arrays(path, parts, cache):
    if path is None:
        where = os.path.join(cache, "cifar-10-batches-py-target")
        arrays = from_keras("cifar10", where + os.sep)
        return join_splits(arrays, parts)
    with open_npz(path) as data:
        files = data.files
    if "x_train" in files:
        keys = [f"{kind}_{part}" for part in parts for kind in ("x", "y")]
        return join_splits(read_npz(path, keys), parts)
    if "x" in files and "y" in files:
        arrays = read_npz(
            path, ("x", "y", "split") if "split" in files else ("x", "y")
        )
        images, labels = arrays["x"], arrays["y"].reshape(-1)
        check_labels(images, labels, repr(path))
        if "split" in arrays and parts != ("train", "test"):
            keep = arrays["split"].reshape(-1) == (parts[0] == "test")
            images, labels = images[keep], labels[keep]
        return images, labels
    raise ValueError(
        f"{path!r} has the keys {sorted(files)}; expected x_train/y_train "
        "(keras.datasets.cifar10) or x/y."
    )


def read_svhn_mat(path):
    try:
        from scipy.io import loadmat
    except ImportError:
        raise ValueError(
            "Reading SVHN's .mat files needs SciPy: pip install scipy."
        ) from None
    try:
        data = loadmat(path)
    except FileNotFoundError:
        raise ValueError(f"SVHN file not found: {path!r}.") from None
    except Exception as error:  # SciPy raises many kinds on bad files
        raise ValueError(
            f"{path!r} is not a readable .mat file ({error}); it may be "
            "corrupt or truncated. Download it again."
        ) from None
    images = data.get("X")
    if images is None or images.ndim != 4 or images.shape[:3] != (32, 32, 3):
        raise ValueError(
            f"{path!r} has no X array of shape (32, 32, 3, n); expected the "
            "official SVHN train_32x32.mat or test_32x32.mat."
        )
    labels = np.asarray(data.get("y", np.zeros(images.shape[-1]))).reshape(-1)
    # SVHN labels the digit 0 as 10.
    labels = np.where(labels == 10, 0, labels)
    return np.transpose(images, (3, 0, 1, 2)), labels


def check_labels(images, labels, source):
    """Refuses labels that do not pair one to one with the images."""
    if labels is None or len(labels) == len(images):
        return
    raise ValueError(
        f"{source} holds {len(images)} images but {len(labels)} labels; "
        "expected one label per image, in the same order. Save the file "
        "again with images and labels of the same length (or without "
        "labels)."
    )


def _sample_path():
    return importlib.resources.files("keras_gan_kit.datasets").joinpath(
        "data/fashion_mnist_sample.npz"
    )


def fashion_mnist_sample(split, verify):
    if split not in (None, "test"):
        raise ValueError(
            "The bundled fashion_mnist_sample holds Fashion-MNIST's test "
            f"split only; received split={split!r}. Leave split out, or "
            "load('fashion_mnist') for the 60,000 training images."
        )
    with importlib.resources.as_file(_sample_path()) as path:
        arrays = read_npz(os.fspath(path), ("x_test", "y_test"))
    if verify:
        idx.verify(arrays, "fashion_mnist", "the bundled sample")
    return arrays["x_test"], arrays["y_test"]
