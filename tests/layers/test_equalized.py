"""Equalized-learning-rate layers against NumPy, on every backend."""

import keras
import numpy as np
import pytest
from scipy import signal

from keras_gan_kit.layers import EqualizedConv2D
from keras_gan_kit.layers import EqualizedDense
from tests.conftest import assert_reloads_alike


def _numpy(layer):
    return [np.asarray(w, "float64") for w in layer.get_weights()]


@pytest.mark.parametrize("lr_multiplier", [1.0, 0.01])
def test_dense_scales_its_weights_at_run_time(lr_multiplier):
    keras.utils.set_random_seed(0)
    layer = EqualizedDense(5, lr_multiplier=lr_multiplier, bias_init=0.5)
    x = np.random.default_rng(1).normal(size=(3, 8)).astype("float32")
    ours = keras.ops.convert_to_numpy(layer(x))
    kernel, bias = _numpy(layer)
    # Stored as N(0, 1) / lr_multiplier; the bias as bias_init / lr.
    np.testing.assert_allclose(kernel.std() * lr_multiplier, 1.0, rtol=0.3)
    np.testing.assert_allclose(bias * lr_multiplier, 0.5, rtol=1e-6)
    expected = x @ (kernel * lr_multiplier / np.sqrt(8)) + bias * lr_multiplier
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-5)


def test_conv_matches_a_correlation():
    keras.utils.set_random_seed(2)
    layer = EqualizedConv2D(2, kernel_size=3, lr_multiplier=0.5)
    x = np.random.default_rng(3).normal(size=(1, 5, 5, 3)).astype("float32")
    ours = keras.ops.convert_to_numpy(layer(x))
    kernel, bias = _numpy(layer)
    gain = 0.5 / np.sqrt(3 * 3 * 3)
    expected = np.zeros((1, 5, 5, 2))
    for out in range(2):
        for channel in range(3):
            expected[0, :, :, out] += signal.correlate2d(
                x[0, :, :, channel], kernel[:, :, channel, out] * gain,
                mode="same",
            )  # fmt: skip
        expected[0, :, :, out] += bias[out] * 0.5
    np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5)


def test_the_output_scale_does_not_depend_on_the_multiplier():
    x = np.random.default_rng(4).normal(size=(256, 64)).astype("float32")
    stds = []
    for lr_multiplier in (1.0, 0.01):
        keras.utils.set_random_seed(5)
        layer = EqualizedDense(64, lr_multiplier=lr_multiplier)
        stds.append(float(np.std(keras.ops.convert_to_numpy(layer(x)))))
    np.testing.assert_allclose(stds, [1.0, 1.0], rtol=0.15)


def test_a_model_of_them_trains_saves_and_loads(tmp_path):
    inputs = keras.Input((4, 4, 2))
    x = EqualizedConv2D(3)(inputs)
    x = keras.layers.Flatten()(x)
    model = keras.Model(inputs, EqualizedDense(1, lr_multiplier=0.1)(x))
    model.compile("adam", "mse")
    images = np.random.default_rng(6).normal(size=(8, 4, 4, 2))
    model.fit(images, np.ones((8, 1)), batch_size=4, epochs=2, verbose=0)
    loaded = assert_reloads_alike(model, images, tmp_path / "model.keras")
    assert loaded.layers[-1].get_config()["lr_multiplier"] == 0.1


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: EqualizedDense(0), "units must be a positive integer"),
        (lambda: EqualizedDense(2, lr_multiplier=0), "lr_multiplier must"),
        (lambda: EqualizedConv2D(2, kernel_size=0), "kernel_size must"),
    ],
)
def test_bad_arguments_are_refused(make, match):
    with pytest.raises(ValueError, match=match):
        make()
