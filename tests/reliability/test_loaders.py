"""Loaders never corrupt data silently: every mode and range they accept
comes out right, an ambiguous one is refused with the fix."""

import os

import keras
import numpy as np
import pytest

from keras_gan_kit import datasets

Image = pytest.importorskip("PIL.Image")


def _ramp16():
    return (np.arange(32 * 32).reshape(32, 32) * 64).astype("uint16")


def test_16_bit_png_loads_in_full_range(tmp_path):
    ramp = _ramp16()
    Image.fromarray(ramp).save(tmp_path / "ramp.png")
    assert Image.open(tmp_path / "ramp.png").mode.startswith("I;16")
    images, _ = datasets.image_folder(tmp_path)
    expected = np.rint(ramp / 257.0) / 255.0 * 2.0 - 1.0
    np.testing.assert_allclose(images[0, ..., 0], expected, atol=1e-6)
    # Pillow's own conversion clipped 98% of this ramp to white.
    assert (images > 0.99).mean() < 0.01
    pixels, _ = datasets.image_folder(tmp_path, scale=False)
    assert pixels.dtype == np.uint8 and pixels.max() == 255


def test_16_bit_png_in_a_colour_folder(tmp_path):
    Image.fromarray(_ramp16()).save(tmp_path / "a.png")
    Image.fromarray(np.zeros((32, 32, 3), "uint8")).save(tmp_path / "b.png")
    images, _ = datasets.image_folder(tmp_path, scale=False)
    assert images.shape == (2, 32, 32, 3)
    np.testing.assert_array_equal(images[0, ..., 0], images[0, ..., 2])
    assert images[0].max() == 255


@pytest.mark.parametrize("mode, dtype", [("I", "int32"), ("F", "float32")])
def test_32_bit_images_are_refused_with_the_fix(mode, dtype, tmp_path):
    array = (_ramp16() // 2).astype(dtype)
    Image.fromarray(array).save(tmp_path / "deep.tif")
    assert Image.open(tmp_path / "deep.tif").mode == mode
    with pytest.raises(ValueError, match=f"mode '{mode}'.*8- or 16-bit"):
        datasets.image_folder(tmp_path)


@pytest.mark.parametrize("gray_first", [True, False])
def test_channels_do_not_depend_on_file_order(gray_first, tmp_path):
    gray = np.full((8, 8), 90, "uint8")
    colour = np.zeros((8, 8, 3), "uint8")
    colour[..., 0] = 200
    names = ("a.png", "b.png") if gray_first else ("b.png", "a.png")
    Image.fromarray(gray).save(tmp_path / names[0])
    Image.fromarray(colour).save(tmp_path / names[1])
    images, _ = datasets.image_folder(tmp_path, scale=False)
    assert images.shape == (2, 8, 8, 3)
    by_name = dict(zip(sorted(names), images))
    np.testing.assert_array_equal(by_name[names[0]], np.stack([gray] * 3, -1))
    np.testing.assert_array_equal(by_name[names[1]], colour)
    gray_only, _ = datasets.image_folder(tmp_path, scale=False, grayscale=True)
    assert gray_only.shape == (2, 8, 8, 1)


def test_float_pixels_in_unit_range_scale_to_the_generator_range():
    unit = np.linspace(0.0, 1.0, 11, dtype="float32")
    np.testing.assert_allclose(
        datasets.scale_images(unit), unit * 2 - 1, atol=1e-6
    )
    np.testing.assert_allclose(
        datasets.scale_images(unit * 255), unit * 2 - 1, atol=1e-6
    )
    pixels = (unit * 255).astype("uint8")
    np.testing.assert_allclose(
        datasets.scale_images(pixels), pixels / 255 * 2 - 1, atol=1e-6
    )


@pytest.mark.parametrize(
    "values, message",
    [
        (np.array([-1.0, 0.0, 1.0]), "use them as they are"),
        (np.array([0, 4095], "uint16"), "input_range=\\(low, high\\)"),
        (np.array([0.0, 300.0]), "values in \\[0, 300\\]"),
    ],
)
def test_ambiguous_ranges_are_refused(values, message):
    with pytest.raises(ValueError, match=message):
        datasets.scale_images(values)


def test_input_range_states_the_stored_range():
    deep = np.array([0, 32768, 65535], "uint16")
    np.testing.assert_allclose(
        datasets.scale_images(deep, input_range=(0, 65535)),
        [-1.0, 32768 / 65535 * 2 - 1, 1.0],
        atol=1e-6,
    )
    with pytest.raises(ValueError, match="outside input_range"):
        datasets.scale_images(deep, input_range=(0, 255))
    with pytest.raises(ValueError, match="input_range must be"):
        datasets.scale_images(deep, input_range=(1, 1))


def test_npz_files_of_unit_floats_and_deep_integers(tmp_path):
    unit = np.random.default_rng(0).uniform(size=(5, 8, 8)).astype("float32")
    np.savez(tmp_path / "unit.npz", x=unit)
    images, _ = datasets.load_path(tmp_path / "unit.npz")
    np.testing.assert_allclose(images[..., 0], unit * 2 - 1, atol=1e-6)
    np.savez(tmp_path / "deep.npz", x=(unit * 65535).astype("uint16"))
    with pytest.raises(ValueError, match="must hold uint8 pixels"):
        datasets.load_path(tmp_path / "deep.npz")


def test_a_cached_mnist_that_keras_refuses_gets_the_way_out(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    cached = os.path.join(datasets.cache_dir(), "mnist.npz")
    os.makedirs(os.path.dirname(cached))
    np.savez(cached, x_train=np.zeros((2, 28, 28), "uint8"))

    def refuse():  # what keras.datasets does offline on a hash mismatch
        raise Exception("URL fetch failure: hash mismatch, no network")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", refuse)
    with pytest.raises(ValueError) as error:
        datasets.load("mnist")
    message = str(error.value)
    assert f"{cached} exists" in message
    assert f"path={cached!r}" in message
    assert "put them in" not in message
    os.remove(cached)
    with pytest.raises(ValueError, match="put them in"):
        datasets.load("mnist")
