"""`ScheduledAdam` against Adam's update in NumPy with moving rates,
against Keras's Adam with fixed ones, through saving, and its refusals."""

import keras
import numpy as np
import pytest

from keras_gan_kit import optimizers
from keras_gan_kit import schedules


def _numpy_adam(gradients, weights, rate, beta_1, beta_2, epsilon=1e-7):
    """Adam as PyTorch runs it when a loop changes `betas` between steps:
    the moments and the bias corrections use the step's rates."""
    m = np.zeros_like(weights)
    v = np.zeros_like(weights)
    for step, gradient in enumerate(gradients):
        b1, b2 = beta_1(step), beta_2(step)
        m = b1 * m + (1 - b1) * gradient
        v = b2 * v + (1 - b2) * gradient**2
        alpha = rate * np.sqrt(1 - b2 ** (step + 1)) / (1 - b1 ** (step + 1))
        weights = weights - alpha * m / (np.sqrt(v) + epsilon)
    return weights


def _apply(optimizer, gradients, weights):
    variable = keras.Variable(weights)
    for gradient in gradients:
        optimizer.apply_gradients(
            [(keras.ops.convert_to_tensor(gradient), variable)]
        )
    return keras.ops.convert_to_numpy(variable)


def test_a_ramped_beta_2_matches_the_numpy_update():
    rng = np.random.default_rng(0)
    gradients = rng.normal(size=(12, 5)).astype("float32")
    weights = rng.normal(size=5).astype("float32")
    ramp = schedules.CosineRamp(0.9, 0.99, total_steps=8)
    adam = optimizers.ScheduledAdam(1e-2, beta_1=0.0, beta_2=ramp)
    result = _apply(adam, gradients, weights)

    def beta_2(step):
        progress = min(step / 8, 1.0)
        return 0.9 + 0.09 * (1 - np.cos(np.pi * progress)) / 2

    expected = _numpy_adam(gradients, weights, 1e-2, lambda s: 0.0, beta_2)
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)
    # A fixed beta_2 of 0.9 or 0.99 would have ended elsewhere.
    for fixed in (0.9, 0.99):
        other = _numpy_adam(
            gradients, weights, 1e-2, lambda s: 0.0, lambda s, b=fixed: b
        )
        assert np.abs(other - expected).max() > 1e-4
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(adam.current_beta_2()), 0.99, rtol=1e-6
    )


def test_fixed_rates_update_exactly_as_keras_adam():
    rng = np.random.default_rng(1)
    gradients = rng.normal(size=(6, 4)).astype("float32")
    weights = rng.normal(size=4).astype("float32")
    arguments = {"learning_rate": 3e-3, "beta_1": 0.5, "beta_2": 0.99}
    ours = _apply(optimizers.ScheduledAdam(**arguments), gradients, weights)
    keras_adam = _apply(keras.optimizers.Adam(**arguments), gradients, weights)
    np.testing.assert_allclose(ours, keras_adam, rtol=1e-6, atol=1e-7)


def test_the_schedule_survives_saving_and_training_resumes_alike(tmp_path):
    def model_and_data():
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        ramp = schedules.CosineRamp(0.9, 0.99, total_steps=6)
        model.compile(
            optimizers.ScheduledAdam(1e-2, beta_1=0.0, beta_2=ramp),
            loss="mse",
        )
        rng = np.random.default_rng(2)
        return model, rng.normal(size=(16, 3)), rng.normal(size=(16, 2))

    model, x, y = model_and_data()
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded.optimizer, optimizers.ScheduledAdam)
    assert isinstance(loaded.optimizer.beta_2, schedules.CosineRamp)
    ramp = model.optimizer.beta_2.get_config()
    assert loaded.optimizer.beta_2.get_config() == ramp
    for network in (model, loaded):
        network.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    for ours, theirs in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"beta_2": 1.0}, "beta_2 must be a number in \\[0, 1\\)"),
        ({"beta_1": -0.1}, "beta_1 must be a number in \\[0, 1\\)"),
        ({"beta_2": "0.99"}, "received '0.99'"),
        ({"beta_1": True}, "beta_1 must be a number"),
    ],
)
def test_bad_rates_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        optimizers.ScheduledAdam(1e-3, **arguments)
