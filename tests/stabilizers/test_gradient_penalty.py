"""Gradient penalties against an analytic gradient checked by finite
differences, on every backend."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import schedules
from keras_gan_kit import stabilizers

SHAPE = (2, 2, 1)


def _tiny_discriminator(seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input(SHAPE),
            keras.layers.Flatten(),
            keras.layers.Dense(3, activation="tanh"),
            keras.layers.Dense(1),
        ],
        name="critic",
    )


def _numpy_critic(discriminator):
    w1, b1, w2, b2 = (
        np.asarray(w, "float64") for w in discriminator.get_weights()
    )

    def value(images):
        flat = images.reshape(len(images), -1)
        return (np.tanh(flat @ w1 + b1) @ w2 + b2)[:, 0]

    def gradient(images):
        flat = images.reshape(len(images), -1)
        slope = 1.0 - np.tanh(flat @ w1 + b1) ** 2  # (n, 3)
        return ((slope * w2[:, 0]) @ w1.T).reshape(images.shape)

    return value, gradient


def _finite_difference(value, images, step=1e-6):
    gradient = np.zeros_like(images)
    for index in np.ndindex(images.shape[1:]):
        shift = np.zeros_like(images)
        shift[(slice(None),) + index] = step
        gradient[(slice(None),) + index] = (
            value(images + shift) - value(images - shift)
        ) / (2 * step)
    return gradient


def _gan(discriminator, **compile_args):
    generator = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(4, activation="tanh"),
            keras.layers.Reshape(SHAPE),
        ]
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile(**compile_args)
    return gan


@pytest.mark.parametrize("kind", ["r1", "r2", "wgan_gp"])
def test_penalty_value_matches_finite_differences(kind):
    discriminator = _tiny_discriminator()
    rng = np.random.default_rng(0)
    real = rng.uniform(-1, 1, (5,) + SHAPE)
    fake = rng.uniform(-1, 1, (5,) + SHAPE)
    value, analytic = _numpy_critic(discriminator)
    points = {"r1": real, "r2": fake, "wgan_gp": real}[kind]
    if kind == "wgan_gp":
        fake = real  # every interpolate is then `real`, whatever e is
    reference = analytic(points)
    np.testing.assert_allclose(
        reference, _finite_difference(value, points), rtol=1e-6, atol=1e-9
    )
    norms = np.sqrt((reference.reshape(5, -1) ** 2).sum(1))
    expected = {
        "r1": 10.0 / 2 * np.mean(norms**2),
        "r2": 10.0 / 2 * np.mean(norms**2),
        "wgan_gp": 10.0 * np.mean((norms - 1.0) ** 2),
    }[kind]
    gan = _gan(discriminator, gradient_penalty=kind)
    penalty = gan.gradient_penalty.penalty(
        gan, (real.astype("float32"), None), (fake.astype("float32"), None)
    )
    np.testing.assert_allclose(
        float(keras.ops.convert_to_numpy(penalty)), expected, rtol=1e-5
    )


def test_interpolation_points_lie_between_real_and_fake():
    penalty = stabilizers.WassersteinGradientPenalty()
    real = np.ones((64,) + SHAPE, "float32")
    fake = -np.ones((64,) + SHAPE, "float32")
    seed = keras.random.SeedGenerator(0)
    points, labels = penalty.points((real, None), (fake, None), seed)
    points = keras.ops.convert_to_numpy(points)
    epsilon = (points[:, 0, 0, 0] + 1) / 2
    assert labels is None
    assert np.all((epsilon >= 0) & (epsilon <= 1))
    assert epsilon.std() > 0.2  # one draw per image, spread over [0, 1]
    expected = np.broadcast_to(
        epsilon[:, None, None, None] * 2 - 1, points.shape
    )
    np.testing.assert_allclose(points, expected, rtol=1e-6)


def test_the_penalty_trains_the_discriminator_flat():
    """Double backpropagation: a large R1 weight shrinks the discriminator's
    input gradient on real images within a few steps."""
    rng = np.random.default_rng(1)
    real = rng.uniform(-1, 1, (32,) + SHAPE).astype("float32")

    def gradient_norm(gan):
        _, analytic = _numpy_critic(gan.discriminator)
        return np.sqrt((analytic(real).reshape(32, -1) ** 2).sum(1)).mean()

    plain = _gan(_tiny_discriminator(3), d_optimizer=keras.optimizers.SGD(0.1))
    penalized = _gan(
        _tiny_discriminator(3),
        d_optimizer=keras.optimizers.SGD(0.1),
        gradient_penalty=stabilizers.R1Penalty(weight=50.0),
    )
    start = gradient_norm(plain)
    for gan in (plain, penalized):
        gan.fit(real, batch_size=8, epochs=3, verbose=0, shuffle=False)
    assert gradient_norm(penalized) < 0.3 * start
    assert gradient_norm(penalized) < 0.5 * gradient_norm(plain)


def test_lazy_penalty_is_applied_every_n_steps_with_n_times_the_weight():
    discriminator = _tiny_discriminator()
    gan = _gan(
        discriminator,
        gradient_penalty=stabilizers.R1Penalty(weight=2.0, every_n_steps=3),
    )
    real = np.random.default_rng(0).uniform(-1, 1, (4,) + SHAPE)
    real = real.astype("float32")
    _, analytic = _numpy_critic(discriminator)
    full = 3 * 2.0 / 2 * np.mean((analytic(real).reshape(4, -1) ** 2).sum(1))
    values = []
    for step in range(4):
        gan.d_optimizer.iterations.assign(step)
        penalty = gan.gradient_penalty.penalty(gan, (real, None), (real, None))
        values.append(float(keras.ops.convert_to_numpy(penalty)))
    np.testing.assert_allclose(values, [full, 0, 0, full], rtol=1e-5)


def test_a_scheduled_weight_follows_the_discriminator_step():
    # R3GAN's gamma: a cosine from 0.05 down to 0.005, here over 10 steps.
    discriminator = _tiny_discriminator(2)
    ramp = schedules.CosineRamp(0.05, 0.005, total_steps=10)
    gan = _gan(discriminator, gradient_penalty=stabilizers.R1Penalty(ramp))
    real = np.random.default_rng(3).uniform(-1, 1, (4,) + SHAPE)
    real = real.astype("float32")
    _, analytic = _numpy_critic(discriminator)
    unweighted = 0.5 * np.mean((analytic(real).reshape(4, -1) ** 2).sum(1))
    values = []
    for step in (0, 5, 10, 30):
        gan.d_optimizer.iterations.assign(step)
        penalty = gan.gradient_penalty.penalty(gan, (real, None), (real, None))
        values.append(float(keras.ops.convert_to_numpy(penalty)))
    gamma = [0.05, 0.0275, 0.005, 0.005]
    np.testing.assert_allclose(
        values, np.multiply(gamma, unweighted), rtol=1e-5
    )
    # The schedule is part of the penalty's saved configuration.
    restored = stabilizers.R1Penalty.from_config(
        gan.gradient_penalty.get_config()
    )
    assert restored.weight.get_config() == ramp.get_config()
    with pytest.raises(ValueError, match="a number or a schedule"):
        stabilizers.R1Penalty(weight="high")


def test_r1_and_r2_together_log_the_sum_of_their_terms():
    # R3GAN's recipe: R1 on the real images and R2 on the generated ones.
    discriminator = _tiny_discriminator(4)
    gan = _gan(
        discriminator,
        d_optimizer=keras.optimizers.SGD(0.0),  # the critic stays put
        gradient_penalty=stabilizers.R1Penalty(weight=2.0),
        stabilizers=[stabilizers.R2Penalty(weight=3.0)],
    )
    # A generator whose output ignores its latent: the generated images
    # are known.
    dense = gan.generator.layers[0]
    bias = np.linspace(-1.0, 1.0, 4).astype("float32")
    dense.set_weights([np.zeros((3, 4), "float32"), bias])
    real = np.random.default_rng(5).uniform(-1, 1, (4,) + SHAPE)
    real = real.astype("float32")
    fake = np.repeat(np.tanh(bias).reshape((1,) + SHAPE), 4, axis=0)
    _, analytic = _numpy_critic(discriminator)

    def half_mean_square(images):
        return 0.5 * np.mean((analytic(images).reshape(4, -1) ** 2).sum(1))

    expected = 2.0 * half_mean_square(real) + 3.0 * half_mean_square(fake)
    history = gan.fit(real, batch_size=4, epochs=1, verbose=0, shuffle=False)
    np.testing.assert_allclose(
        history.history["gradient_penalty"][0], expected, rtol=1e-4
    )


def test_penalty_configuration_errors():
    with pytest.raises(ValueError, match="Unknown gradient_penalty 'r3'"):
        _gan(_tiny_discriminator(), gradient_penalty="r3")
    with pytest.raises(ValueError, match="every_n_steps must be an integer"):
        stabilizers.R1Penalty(every_n_steps=0)
    with pytest.raises(ValueError, match="weight must be > 0"):
        stabilizers.WassersteinGradientPenalty(weight=-1)
    normed = keras.Sequential(
        [
            keras.Input(SHAPE),
            keras.layers.Flatten(),
            keras.layers.Dense(3),
            keras.layers.BatchNormalization(),
            keras.layers.Dense(1),
        ]
    )
    with pytest.raises(ValueError, match="batch normalization in"):
        _gan(normed, gradient_penalty="wgan_gp")
