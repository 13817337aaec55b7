"""`CosineRamp` against its formula in NumPy, and its refused arguments."""

import keras
import numpy as np
import pytest

from keras_gan_kit import schedules


@pytest.mark.parametrize("start, end", [(2e-4, 5e-5), (0.0, 0.55)])
def test_the_ramp_follows_half_a_cosine_then_holds(start, end):
    ramp = schedules.CosineRamp(start, end, total_steps=40)
    steps = np.arange(0, 60)
    values = [float(keras.ops.convert_to_numpy(ramp(step))) for step in steps]
    progress = np.minimum(steps / 40, 1.0)
    expected = start + (end - start) * (1 - np.cos(np.pi * progress)) / 2
    np.testing.assert_allclose(values, expected, rtol=1e-5, atol=1e-9)
    restored = schedules.CosineRamp.from_config(ramp.get_config())
    assert restored.get_config() == ramp.get_config()


def test_the_ramp_drives_an_optimizer_and_survives_saving(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    ramp = schedules.CosineRamp(1e-2, 1e-3, total_steps=4)
    model.compile(keras.optimizers.Adam(ramp), loss="mse")
    model.fit(np.ones((8, 2)), np.ones((8, 1)), batch_size=2, verbose=0)
    rate = keras.ops.convert_to_numpy(model.optimizer.learning_rate)
    np.testing.assert_allclose(rate, 1e-3, rtol=1e-5)
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded.optimizer._learning_rate, schedules.CosineRamp)


@pytest.mark.parametrize(
    "arguments, message",
    [
        ((1.0, 0.0, 0), "total_steps must be an integer >= 1"),
        ((1.0, 0.0, 2.5), "total_steps must be an integer >= 1"),
        (("a", 0.0, 10), "initial_value must be a number"),
        ((1.0, float("nan"), 10), "final_value must be finite"),
    ],
)
def test_bad_arguments_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        schedules.CosineRamp(*arguments)
