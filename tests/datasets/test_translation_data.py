"""Translation data: the tasks made from Fashion-MNIST and CIFAR-10, and
folders in pix2pix's and CycleGAN's layouts."""

import numpy as np
import pytest

from keras_gan_kit import datasets
from tests.conftest import shared_data_file

Image = pytest.importorskip("PIL.Image")


def test_sobel_edges_against_a_hand_computed_outline():
    square = -np.ones((1, 10, 10, 1), "float32")
    square[0, 3:7, 3:7] = 1.0
    edges = datasets.sobel_edges(square)[0, ..., 0] > 0
    # The gradient is strong on both sides of the square's border.
    assert edges[3, 3] and edges[2, 4] and not edges[5, 5] and not edges[0, 0]
    assert set(np.unique(datasets.sobel_edges(square))) == {-1.0, 1.0}
    with pytest.raises(ValueError, match=r"received shape \(1, 10, 10, 3\)"):
        datasets.sobel_edges(np.zeros((1, 10, 10, 3)))


def test_offline_tasks_from_the_bundled_sample():
    edges, images = datasets.translation_task("edges2fashion", "test")
    assert edges.shape == images.shape == (1000, 32, 32, 1)
    np.testing.assert_array_equal(edges, datasets.sobel_edges(images))
    train_edges, _ = datasets.translation_task("edges2fashion")
    assert len(train_edges) == 9000
    sneakers, boots = datasets.translation_task("sneaker2boot")
    # The sample's 1,000 sneakers and boots of each class, 9 in 10 trained on.
    assert 800 < len(sneakers) < 1000 and 800 < len(boots) < 1000
    assert not np.array_equal(sneakers.mean(0), boots.mean(0))
    with pytest.raises(ValueError, match="needs a CIFAR-10 .npz"):
        datasets.translation_task("colorize_cifar10")
    with pytest.raises(ValueError, match="Unknown translation task"):
        datasets.translation_task("horse2zebra")


def test_colorization_from_cifar():
    path = shared_data_file("cifar10_subset.npz")
    grey, colour = datasets.translation_task("colorize_cifar10", path=path)
    assert grey.shape[1:] == (32, 32, 1) and colour.shape[1:] == (32, 32, 3)
    np.testing.assert_allclose(
        grey[..., 0], colour @ np.array([0.299, 0.587, 0.114]), atol=1e-5
    )


def _save(path, pixels):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)


def test_paired_folder_side_by_side_and_two_folders(tmp_path):
    rng = np.random.default_rng(0)
    pairs = rng.integers(0, 256, (3, 8, 16, 3), dtype="uint8")
    for k, pair in enumerate(pairs):
        _save(tmp_path / "ab" / f"{k}.png", pair)
        _save(tmp_path / "two" / "A" / f"{k}.png", pair[:, :8])
        _save(tmp_path / "two" / "B" / f"{k}.png", pair[:, 8:])
    sources, targets = datasets.paired_folder(tmp_path / "ab", scale=False)
    np.testing.assert_array_equal(sources, pairs[:, :, :8])
    np.testing.assert_array_equal(targets, pairs[:, :, 8:])
    again = datasets.paired_folder(
        tmp_path / "two", layout="two_folders", scale=False
    )
    np.testing.assert_array_equal(again[0], sources)
    np.testing.assert_array_equal(again[1], targets)
    small = datasets.paired_folder(tmp_path / "ab", image_size=4)
    assert small[0].shape == small[1].shape == (3, 4, 4, 3)
    assert small[0].dtype == "float32" and small[0].min() >= -1.0


def test_paired_folder_stream_reads_what_the_loader_reads(tmp_path):
    rng = np.random.default_rng(1)
    # 12x24 pairs cropped to 8x12 (aspect 1.5): the same box on both sides.
    pairs = rng.integers(0, 256, (6, 12, 24, 3), dtype="uint8")
    for k, pair in enumerate(pairs):
        _save(tmp_path / "ab" / f"{k}.png", pair)
        _save(tmp_path / "two" / "A" / f"{k}.png", pair[:, :12])
        _save(tmp_path / "two" / "B" / f"{k}.png", pair[:, 12:])
    side = datasets.PairedFolderStream(
        tmp_path / "ab", (8, 12), batch_size=4, seed=3
    )
    two = datasets.PairedFolderStream(
        tmp_path / "two", (8, 12), layout="two_folders", batch_size=4, seed=3
    )
    assert len(side) == 1 and side.image_shape == (8, 12, 3)
    for stream in (side, two):
        sources, targets = stream[0]
        assert sources.shape == targets.shape == (4, 8, 12, 3)
        rows = stream._order[:4]
        # Each 12x12 half is center-cropped to aspect 12/8: all 12 columns
        # and rows 2 to 9, already the asked size.
        expected = pairs[rows][:, 2:10, :12].astype("float32") / 127.5 - 1
        np.testing.assert_allclose(sources, expected, atol=1e-6)
        expected = pairs[rows][:, 2:10, 12:].astype("float32") / 127.5 - 1
        np.testing.assert_allclose(targets, expected, atol=1e-6)
    # The order is the seed's, epoch by epoch.
    other = datasets.PairedFolderStream(tmp_path / "ab", 8, batch_size=4)
    other.set_epoch(1)
    assert sorted(other._order) == list(range(6))
    _save(tmp_path / "sizes" / "A" / "0.png", np.zeros((8, 8, 3), "uint8"))
    _save(tmp_path / "sizes" / "B" / "0.png", np.zeros((9, 8, 3), "uint8"))
    mismatched = datasets.PairedFolderStream(
        tmp_path / "sizes", 4, layout="two_folders", batch_size=1
    )
    with pytest.raises(ValueError, match="must have one size"):
        mismatched[0]
    with pytest.raises(ValueError, match="needs image_size"):
        datasets.PairedFolderStream(tmp_path / "ab", None)


def test_paired_folder_errors(tmp_path):
    _save(tmp_path / "odd" / "0.png", np.zeros((8, 15, 3), "uint8"))
    with pytest.raises(ValueError, match="15 pixels wide"):
        datasets.paired_folder(tmp_path / "odd")
    _save(tmp_path / "two" / "A" / "x.png", np.zeros((8, 8, 3), "uint8"))
    _save(tmp_path / "two" / "B" / "y.png", np.zeros((8, 8, 3), "uint8"))
    with pytest.raises(ValueError, match=r"1 names are only in A/"):
        datasets.paired_folder(tmp_path / "two", layout="two_folders")
    with pytest.raises(ValueError, match="layout must be one of"):
        datasets.paired_folder(tmp_path / "two", layout="AB")
    with pytest.raises(ValueError, match="odd/A' is missing"):
        datasets.paired_folder(tmp_path / "odd", layout="two_folders")


def test_unpaired_folders(tmp_path):
    for folder, count in (("trainA", 3), ("trainB", 5), ("testA", 1)):
        for k in range(count):
            _save(
                tmp_path / folder / f"{k}.png", np.full((6, 6, 3), k, "uint8")
            )
    a, b = datasets.unpaired_folders(tmp_path)
    assert a.shape == (3, 6, 6, 3) and b.shape == (5, 6, 6, 3)
    with pytest.raises(ValueError, match="testB' is missing"):
        datasets.unpaired_folders(tmp_path, split="test")
