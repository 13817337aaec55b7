"""PhaseConv2DTranspose computes Conv2DTranspose, by phases."""

import zipfile

import keras
import numpy as np
import pytest
from keras import ops

from keras_gan_kit.layers import PhaseConv2DTranspose


def _pair(kernel_size, strides, padding="same", use_bias=True):
    reference = keras.layers.Conv2DTranspose(
        3, kernel_size, strides=strides, padding=padding, use_bias=use_bias
    )
    phases = PhaseConv2DTranspose(
        3,
        kernel_size,
        strides=strides,
        padding=padding,
        use_bias=use_bias,
        phase_decomposition=True,
    )
    inputs = np.random.default_rng(0).normal(size=(2, 5, 6, 4))
    inputs = inputs.astype("float32")
    reference.build(inputs.shape)
    phases.build(inputs.shape)
    weights = [
        np.random.default_rng(1).normal(size=w.shape).astype("float32")
        for w in reference.get_weights()
    ]
    reference.set_weights(weights)
    phases.set_weights(weights)
    return reference, phases, inputs


@pytest.mark.parametrize(
    "kernel_size, strides",
    [(5, 2), (4, 2), (3, 2), (2, 2), (1, 2), (5, 3), (6, 3), ((5, 3), (2, 1))],
)
def test_same_outputs_as_conv2d_transpose(kernel_size, strides):
    reference, phases, inputs = _pair(kernel_size, strides)
    assert phases.uses_phases() == (np.max(strides) > 1)
    expected = ops.convert_to_numpy(reference(inputs))
    result = ops.convert_to_numpy(phases(inputs))
    assert result.shape == expected.shape
    np.testing.assert_allclose(result, expected, atol=1e-5, rtol=1e-5)


def test_same_training_step_as_conv2d_transpose():
    # One SGD step through each layer moves the shared weights the same way:
    # the gradients agree.
    reference, phases, inputs = _pair(5, 2)
    target = np.random.default_rng(2).normal(size=(2, 10, 12, 3))
    weights = []
    for layer in (reference, phases):
        model = keras.Sequential([keras.Input(inputs.shape[1:]), layer])
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
        model.train_on_batch(inputs, target.astype("float32"))
        weights.append(layer.get_weights())
    for expected, result in zip(*weights):
        np.testing.assert_allclose(result, expected, atol=1e-5, rtol=1e-4)


def test_valid_padding_uses_the_direct_form():
    reference, phases, inputs = _pair(5, 2, padding="valid")
    assert not phases.uses_phases()
    np.testing.assert_allclose(
        ops.convert_to_numpy(phases(inputs)),
        ops.convert_to_numpy(reference(inputs)),
        atol=1e-6,
    )


def test_auto_uses_phases_on_jax_only_for_four_or_more_filters():
    many = PhaseConv2DTranspose(8, 5, strides=2, padding="same")
    few = PhaseConv2DTranspose(1, 5, strides=2, padding="same")
    assert many.uses_phases() == (keras.backend.backend() == "jax")
    assert not few.uses_phases()


def test_saves_as_the_standard_layer(tmp_path):
    model = keras.Sequential(
        [
            keras.Input((7, 7, 4)),
            PhaseConv2DTranspose(
                3, 5, strides=2, padding="same", phase_decomposition=True
            ),
        ]
    )
    inputs = np.random.default_rng(0).normal(size=(2, 7, 7, 4))
    path = tmp_path / "model.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        config = archive.read("config.json").decode()
    assert "keras_gan_kit" not in config
    assert "PhaseConv2DTranspose" not in config
    loaded = keras.saving.load_model(path, safe_mode=True)
    layer = loaded.layers[0]
    assert type(layer) is keras.layers.Conv2DTranspose
    np.testing.assert_allclose(
        ops.convert_to_numpy(loaded(inputs)),
        ops.convert_to_numpy(model(inputs)),
        atol=1e-5,
    )


def test_bad_phase_decomposition_is_refused():
    with pytest.raises(ValueError, match="'auto', True or False.*'yes'"):
        PhaseConv2DTranspose(3, 5, phase_decomposition="yes")
