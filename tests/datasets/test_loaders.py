"""Dataset loaders: every format, the checksums, and the error paths."""

import gzip
import os
import socket
import sys

import numpy as np
import pytest

from keras_gan_kit import backend_choice
from keras_gan_kit import datasets
from keras_gan_kit.datasets import idx
from tests.conftest import shared_data_file


def _pixels(shape, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, size=shape).astype("uint8")


def _write_idx(folder, key, array, compress=True):
    folder.mkdir(parents=True, exist_ok=True)
    data = idx.encode_idx(array)
    name = idx.IDX_FILES[key]
    if compress:
        with gzip.open(folder / f"{name}.gz", "wb") as file:
            file.write(data)
    else:
        (folder / name).write_bytes(data)


def test_bundled_sample_is_the_fashion_mnist_test_split():
    images, labels = datasets.load("fashion_mnist_sample")
    assert images.shape == (10000, 28, 28, 1) and images.dtype == np.float32
    assert images.min() == -1.0 and images.max() == 1.0
    assert labels.dtype == np.int32
    np.testing.assert_array_equal(np.bincount(labels), [1000] * 10)
    pixels, _ = datasets.load("fashion_mnist_sample", scale=False)
    assert pixels.dtype == np.uint8
    # The published checksum of t10k-images-idx3-ubyte.
    assert idx.idx_md5(pixels[..., 0]) == "8181f5470baa50b63fa0f6fddb340f0a"
    with pytest.raises(ValueError, match="test split only"):
        datasets.load("fashion_mnist_sample", split="train")
    with pytest.raises(ValueError, match="takes no path"):
        datasets.load("fashion_mnist_sample", path="x.npz")


def test_idx_round_trip_and_corrupt_files(tmp_path):
    array = _pixels((5, 3, 4))
    _write_idx(tmp_path, "x_train", array)
    _write_idx(tmp_path / "raw", "x_train", array, compress=False)
    gz = tmp_path / "train-images-idx3-ubyte.gz"
    np.testing.assert_array_equal(idx.read_idx(gz), array)
    np.testing.assert_array_equal(
        idx.read_idx(tmp_path / "raw" / "train-images-idx3-ubyte"), array
    )
    truncated = tmp_path / "truncated.gz"
    truncated.write_bytes(gz.read_bytes()[:-12])
    with pytest.raises(ValueError, match="truncated.gz.*corrupt or truncated"):
        idx.read_idx(truncated)
    short = tmp_path / "short"
    short.write_bytes(idx.encode_idx(array)[:-7])
    message = "holds 53 values.*shape \\(5, 3, 4\\)"
    with pytest.raises(ValueError, match=message):
        idx.read_idx(short)
    other = tmp_path / "other"
    other.write_bytes(b"PK\x03\x04 not idx")
    with pytest.raises(ValueError, match="not an idx file"):
        idx.read_idx(other)


def test_mnist_from_every_container_passes_the_published_checksums(tmp_path):
    path = shared_data_file("mnist.npz")
    images, labels = datasets.load("mnist", path=path)
    assert images.shape == (60000, 28, 28, 1) and labels.shape == (60000,)
    test_images, test_labels = datasets.load("mnist", path=path, split="test")
    assert test_images.shape == (10000, 28, 28, 1)
    both, _ = datasets.load("mnist", path=path, split="all")
    assert len(both) == 70000
    # The same test split as gzipped idx files, and unpacked.
    pixels, _ = datasets.load("mnist", path=path, split="test", scale=False)
    _write_idx(tmp_path / "gz", "x_test", pixels[..., 0])
    _write_idx(tmp_path / "gz", "y_test", test_labels.astype("uint8"))
    from_idx, idx_labels = datasets.load(
        "mnist", path=tmp_path / "gz", split="test"
    )
    np.testing.assert_array_equal(from_idx, test_images)
    np.testing.assert_array_equal(idx_labels, test_labels)


def test_a_modified_copy_fails_the_checksum_unless_told(tmp_path):
    path = shared_data_file("fashion_mnist.npz")
    with np.load(path) as data:
        x_test, y_test = data["x_test"].copy(), data["y_test"]
    x_test[0, 0, 0] ^= 1
    modified = tmp_path / "fashion.npz"
    np.savez(modified, x_test=x_test, y_test=y_test)
    with pytest.raises(
        ValueError, match="x_test of .*fashion.npz' does not match.*verify"
    ):
        datasets.load("fashion_mnist", path=modified, split="test")
    images, _ = datasets.load(
        "fashion_mnist", path=modified, split="test", verify=False
    )
    assert images.shape == (10000, 28, 28, 1)


def test_truncated_and_wrong_npz_files_are_named(tmp_path):
    good = tmp_path / "good.npz"
    np.savez_compressed(
        good, x_train=_pixels((50, 28, 28)), y_train=np.zeros(50, "uint8")
    )
    truncated = tmp_path / "cut.npz"
    truncated.write_bytes(good.read_bytes()[:400])
    with pytest.raises(ValueError, match="cut.npz.*corrupt or truncated"):
        datasets.load("mnist", path=truncated)
    with pytest.raises(ValueError, match="missing.npz"):
        datasets.load("mnist", path=tmp_path / "missing.npz")
    np.savez(tmp_path / "keys.npz", images=np.zeros(3))
    with pytest.raises(ValueError, match="has the keys \\['images'\\]"):
        datasets.load("mnist", path=tmp_path / "keys.npz")
    with pytest.raises(ValueError, match="lacks train-images-idx3-ubyte.gz"):
        datasets.load("mnist", path=tmp_path)
    # A well-formed file that is not MNIST fails the checksum.
    with pytest.raises(ValueError, match="published mnist checksum"):
        datasets.load("mnist", path=good)


def test_offline_without_cache_fails_fast_with_directions(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))

    def refuse(*args, **kwargs):
        raise OSError("network is unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    expected = os.path.join(str(tmp_path / "keras_home"), "datasets")
    with pytest.raises(ValueError, match="Could not load 'mnist'") as error:
        datasets.load("mnist")
    assert os.path.join(expected, "mnist.npz") in str(error.value)
    assert "path=" in str(error.value)
    with pytest.raises(ValueError, match="fashion-mnist"):
        datasets.load("fashion_mnist")


def test_cifar10_one_class_from_a_local_copy(tmp_path):
    path = shared_data_file("cifar10_subset.npz")
    frogs, labels = datasets.load("cifar10", path=path, class_name="frog")
    assert frogs.shape[1:] == (32, 32, 3) and len(frogs) > 300
    assert set(labels.tolist()) == {datasets.CIFAR10_CLASSES.index("frog")}
    test_images, _ = datasets.load("cifar10", path=path, split="test")
    assert len(test_images) == 1000
    keras_layout = tmp_path / "cifar.npz"
    np.savez(
        keras_layout,
        x_train=_pixels((20, 32, 32, 3)),
        y_train=(np.arange(20) % 10).reshape(-1, 1),
    )
    cats, _ = datasets.load("cifar10", path=keras_layout, class_name="cat")
    assert cats.shape == (2, 32, 32, 3)
    with pytest.raises(ValueError, match="Unknown CIFAR-10 class 'dragon'"):
        datasets.load("cifar10", path=keras_layout, class_name="dragon")
    with pytest.raises(ValueError, match="class_name applies to 'cifar10'"):
        datasets.load("mnist", class_name="frog")


def test_svhn_mat_files(tmp_path):
    scipy_io = pytest.importorskip("scipy.io")
    labels = np.array([[10], [3], [7]])
    arrays = {"X": _pixels((32, 32, 3, 3)), "y": labels}
    scipy_io.savemat(tmp_path / "train_32x32.mat", arrays)
    images, loaded = datasets.load("svhn", path=tmp_path / "train_32x32.mat")
    assert images.shape == (3, 32, 32, 3)
    assert loaded.tolist() == [0, 3, 7]  # SVHN's 10 is the digit 0
    from_folder, _ = datasets.load("svhn", path=tmp_path)
    np.testing.assert_array_equal(from_folder, images)
    with pytest.raises(ValueError, match="test_32x32.mat.*housenumbers"):
        datasets.load("svhn", path=tmp_path, split="test")
    broken = tmp_path / "broken.mat"
    broken.write_bytes(b"MATLAB 5.0 MAT-file, truncated")
    with pytest.raises(ValueError, match="broken.mat.*not a readable .mat"):
        datasets.load("svhn", path=broken)
    scipy_io.savemat(tmp_path / "other.mat", {"images": np.zeros(3)})
    with pytest.raises(ValueError, match="no X array"):
        datasets.load("svhn", path=tmp_path / "other.mat")


def _letters(folder, per_letter=3, letters="ABCDEFGHIJ"):
    from PIL import Image

    for index, letter in enumerate(letters):
        (folder / letter).mkdir(parents=True)
        for k in range(per_letter):
            Image.fromarray(_pixels((20, 20), seed=10 * index + k)).save(
                folder / letter / f"{k}.png"
            )
    return folder


def test_notmnist_skips_and_counts_corrupt_files(tmp_path):
    pytest.importorskip("PIL")
    folder = _letters(tmp_path / "notMNIST_small")
    (folder / "B" / "broken.png").write_bytes(b"not a png")
    (folder / "C" / "empty.png").write_bytes(b"")
    with pytest.warns(UserWarning, match="Skipped 2 unreadable files"):
        images, labels = datasets.load("notmnist", path=folder)
    assert images.shape == (30, 28, 28, 1)
    np.testing.assert_array_equal(np.bincount(labels), [3] * 10)
    small, _ = datasets.load("notmnist", path=folder, image_size=16)
    assert small.shape == (30, 16, 16, 1)
    partial = _letters(tmp_path / "partial", letters="AB")
    with pytest.raises(ValueError, match="lacks the class folders \\['C'"):
        datasets.load("notmnist", path=partial)
    with pytest.raises(ValueError, match="notMNIST folder not found"):
        datasets.load("notmnist", path=tmp_path / "nowhere")


def test_image_folder_flat_classes_sizes_and_modes(tmp_path):
    image_module = pytest.importorskip("PIL.Image")
    flat = tmp_path / "flat"
    flat.mkdir()
    for k in range(4):
        image_module.fromarray(_pixels((6, 5, 3), seed=k)).save(
            flat / f"{k}.png"
        )
    (flat / "notes.txt").write_text("ignored")
    images, labels = datasets.image_folder(flat)
    assert images.shape == (4, 6, 5, 3) and labels is None
    np.testing.assert_array_equal(
        datasets.image_folder(flat, scale=False)[0][0],
        np.asarray(image_module.open(flat / "0.png")),
    )
    gray, _ = datasets.image_folder(flat, grayscale=True, image_size=(8, 4))
    assert gray.shape == (4, 8, 4, 1)
    image_module.fromarray(_pixels((9, 9, 3))).save(flat / "big.png")
    with pytest.raises(ValueError, match="big.png' is 9x9.*pass image_size"):
        datasets.image_folder(flat)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="No readable image"):
        datasets.image_folder(empty)
    with pytest.raises(ValueError, match="image_size must be"):
        datasets.image_folder(flat, image_size=(0, 3))


def test_load_path_guesses_the_format(tmp_path):
    _write_idx(tmp_path / "idx", "x_train", _pixels((7, 28, 28)))
    _write_idx(tmp_path / "idx", "y_train", np.arange(7, dtype="uint8"))
    images, labels = datasets.load_path(tmp_path / "idx")
    assert images.shape == (7, 28, 28, 1) and labels.tolist() == list(range(7))
    np.savez(tmp_path / "own.npz", x=_pixels((3, 16, 16, 3)), y=[0, 1, 1])
    images, labels = datasets.load_path(tmp_path / "own.npz")
    assert images.shape == (3, 16, 16, 3) and labels.tolist() == [0, 1, 1]
    (tmp_path / "data.csv").write_text("1,2,3")
    with pytest.raises(ValueError, match="Cannot tell the format"):
        datasets.load_path(tmp_path / "data.csv")
    with pytest.raises(ValueError, match="Dataset path not found"):
        datasets.load_path(tmp_path / "nothing.npz")
    with pytest.raises(ValueError, match="Unknown dataset 'imagenet'"):
        datasets.load("imagenet")
    with pytest.raises(ValueError, match="Unknown split 'valid'"):
        datasets.load("mnist", split="valid")


def test_shuffled_batches_follow_seed_and_epoch():
    images = np.arange(10.0)
    batches = datasets.ShuffledBatches(images, images * 10, batch_size=3)
    assert len(batches) == 3
    first = np.concatenate([batches[i][0] for i in range(3)])
    assert len(set(first.tolist())) == 9  # one image dropped, none repeated
    np.testing.assert_array_equal(batches[0][1], batches[0][0] * 10)
    batches.on_epoch_end()
    second = np.concatenate([batches[i][0] for i in range(3)])
    assert not np.array_equal(first, second)
    again = datasets.ShuffledBatches(images, images * 10, batch_size=3)
    again.set_epoch(1)
    np.testing.assert_array_equal(again[0][0], batches[0][0])
    keep_all = datasets.ShuffledBatches(
        images, batch_size=4, drop_remainder=False
    )
    assert len(keep_all) == 3 and keep_all[2].shape == (2,)
    with pytest.raises(IndexError):
        keep_all[3]
    with pytest.raises(ValueError, match="larger than the 10 images"):
        datasets.ShuffledBatches(images, batch_size=11)
    with pytest.raises(ValueError, match="10 images but 9 labels"):
        datasets.ShuffledBatches(images, images[:9])


def test_shuffled_batches_train_a_gan_and_track_the_epoch():
    from tests.conftest import make_gan
    from tests.conftest import make_images

    gan = make_gan()
    gan.compile()
    batches = datasets.ShuffledBatches(make_images(24), batch_size=8, seed=3)
    seen = []

    import keras

    class Record(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append(batches.epoch)

    history = gan.fit(
        batches,
        epochs=3,
        verbose=0,
        shuffle=False,
        callbacks=[batches.epoch_callback(), Record()],
    )
    assert len(history.history["d_loss"]) == 3
    assert seen == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_backend_choice_picks_an_installed_backend(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert backend_choice.configured_backend() == "tensorflow"
    (tmp_path / "keras.json").write_text('{"backend": "torch"}')
    assert backend_choice.configured_backend() == "torch"
    (tmp_path / "keras.json").unlink()
    # Keras already imported: nothing changes.
    assert backend_choice.choose_backend() == "tensorflow"
    assert "KERAS_BACKEND" not in os.environ
    monkeypatch.delitem(sys.modules, "keras")
    monkeypatch.setattr(
        backend_choice, "installed", lambda name: name == "torch"
    )
    assert backend_choice.choose_backend() == "torch"
    assert os.environ["KERAS_BACKEND"] == "torch"
    monkeypatch.delenv("KERAS_BACKEND")
    monkeypatch.setattr(backend_choice, "installed", lambda name: True)
    assert backend_choice.choose_backend() == "tensorflow"
    assert "KERAS_BACKEND" not in os.environ
