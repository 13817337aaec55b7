import numpy as np
import pytest

from keras_gan_kit.datasets import scale_images
from keras_gan_kit.datasets import unscale_images


def test_scale_images_maps_uint8_to_range():
    pixels = np.array([[[0, 51, 255]]], dtype="uint8")
    scaled = scale_images(pixels)
    assert scaled.dtype == np.float32 and scaled.shape == (1, 1, 3)
    np.testing.assert_allclose(scaled.ravel(), [-1.0, -0.6, 1.0], rtol=1e-6)
    unit = scale_images(pixels, value_range=(0, 1), add_channel_axis=True)
    assert unit.shape == (1, 1, 3, 1)
    np.testing.assert_allclose(unit.ravel(), [0.0, 0.2, 1.0], rtol=1e-6)


def test_round_trip_is_exact_for_every_pixel_value():
    pixels = np.arange(256, dtype="uint8")
    np.testing.assert_array_equal(unscale_images(scale_images(pixels)), pixels)


def test_unscale_clips():
    np.testing.assert_array_equal(
        unscale_images(np.array([-3.0, 3.0])), np.array([0, 255], dtype="uint8")
    )


def test_bad_input():
    with pytest.raises(
        ValueError, match=r"values in \[-1, 1\].*already scaled"
    ):
        scale_images(np.array([-1.0, 1.0]))
    with pytest.raises(ValueError, match="dtype <U1"):
        scale_images(np.array(["a"]))
    with pytest.raises(ValueError, match="low < high"):
        scale_images(np.zeros(3), value_range=(1, 1))
