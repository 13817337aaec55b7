import os

import numpy as np
import pytest

from keras_gan_kit.utils import make_image_grid
from keras_gan_kit.utils import save_image_grid


def test_grid_layout_and_values():
    images = np.stack([np.full((2, 3, 1), v) for v in (-1.0, 0.0, 1.0)])
    grid = make_image_grid(images, num_columns=2, padding=1)
    assert grid.shape == (5, 7, 1) and grid.dtype == np.uint8
    assert np.all(grid[:2, :3] == 0)  # -1 -> 0
    assert np.all(grid[:2, 4:7] == 128)  # 0 -> 128
    assert np.all(grid[3:5, :3] == 255)  # 1 -> 255
    assert np.all(grid[2] == 0) and np.all(grid[3:5, 4:7] == 0)  # padding


def test_grid_rgb_and_square_default():
    grid = make_image_grid(np.zeros((5, 4, 4, 3)), padding=0)
    assert grid.shape == (8, 12, 3)


def test_grid_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"received shape \(2, 4, 4, 2\)"):
        make_image_grid(np.zeros((2, 4, 4, 2)))


def test_save_is_atomic_and_readable(tmp_path):
    pil = pytest.importorskip("PIL.Image")
    path = tmp_path / "nested" / "grid.png"
    images = np.random.default_rng(0).uniform(-1, 1, (4, 6, 6, 3))
    grid = save_image_grid(path, images)
    np.testing.assert_array_equal(np.asarray(pil.open(path)), grid)
    assert [p for p in os.listdir(path.parent)] == ["grid.png"]


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    pil = pytest.importorskip("PIL.Image")
    path = tmp_path / "grid.png"
    first = save_image_grid(path, np.zeros((1, 4, 4, 1)))

    def broken_save(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pil.Image, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        save_image_grid(path, np.ones((1, 4, 4, 1)))
    monkeypatch.undo()
    np.testing.assert_array_equal(np.asarray(pil.open(path))[..., None], first)
    assert os.listdir(tmp_path) == ["grid.png"]
