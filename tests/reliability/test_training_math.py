"""The training step computes what each loss family says: one step of
linear networks with SGD against a NumPy reference, the targets of label
smoothing and label noise, and the pairing of images with labels."""

import keras
import numpy as np
import pytest
from keras import ops

import keras_gan_kit
from keras_gan_kit import losses

LATENT = np.array(
    [[0.3, -1.2], [1.1, 0.4], [-0.7, 0.9], [0.2, 0.5]], dtype="float64"
)
REAL = np.array(
    [
        [0.5, -0.3, 0.8],
        [-0.2, 0.7, 0.1],
        [0.9, 0.2, -0.6],
        [0.1, -0.8, 0.4],
    ],
    dtype="float64",
)
# Generator z -> z A + c, discriminator x -> x w + b.
A0 = np.array([[0.4, -0.2, 0.3], [0.1, 0.5, -0.4]])
C0 = np.array([0.05, -0.1, 0.2])
W0 = np.array([[1.6], [-0.3], [0.9]])
B0 = np.array([0.1])
LEARNING_RATE = 0.1


def _softplus(x):
    return np.logaddexp(0.0, x)


def _bce(logits, target):
    # -mean(t log sigmoid(x) + (1 - t) log(1 - sigmoid(x)))
    return np.mean(
        target * _softplus(-logits) + (1 - target) * _softplus(logits)
    )


def _reference_losses(family, real_target=1.0, fake_target=0.0):
    """`(d_loss(r, f), g_loss(r, f))` of each family, from its paper."""
    if family == "minimax":
        return (
            lambda r, f: _bce(r, real_target) + _bce(f, fake_target),
            lambda r, f: np.mean(np.log(1 - 1 / (1 + np.exp(-f)))),
        )
    if family == "non_saturating":
        return (
            lambda r, f: _bce(r, real_target) + _bce(f, fake_target),
            lambda r, f: -np.mean(np.log(1 / (1 + np.exp(-f)))),
        )
    if family == "least_squares":
        return (
            lambda r, f: (
                0.5 * np.mean((r - real_target) ** 2)
                + 0.5 * np.mean((f - fake_target) ** 2)
            ),
            lambda r, f: 0.5 * np.mean((f - 1.0) ** 2),
        )
    if family == "hinge":
        return (
            lambda r, f: (
                np.mean(np.maximum(0, 1 - r)) + np.mean(np.maximum(0, 1 + f))
            ),
            lambda r, f: -np.mean(f),
        )
    if family == "wasserstein":
        return (
            lambda r, f: np.mean(f) - np.mean(r),
            lambda r, f: -np.mean(f),
        )
    if family == "relativistic_average":
        return (
            lambda r, f: (
                _bce(r - f.mean(), real_target)
                + _bce(f - r.mean(), fake_target)
            ),
            lambda r, f: _bce(f - r.mean(), 1.0) + _bce(r - f.mean(), 0.0),
        )
    raise AssertionError(family)


def _gradient(function, values, step=1e-6):
    """Central differences, in float64: no autodiff in the reference."""
    gradient = np.zeros_like(values)
    for index in np.ndindex(values.shape):
        up, down = values.copy(), values.copy()
        up[index] += step
        down[index] -= step
        gradient[index] = (function(up) - function(down)) / (2 * step)
    return gradient


def _reference_step(family, **targets):
    """The weights after one step: the discriminator's SGD update on the
    real batch and G(z), then the generator's through the updated
    discriminator, with the same z."""
    d_loss, g_loss = _reference_losses(family, **targets)
    fake = LATENT @ A0 + C0

    def discriminator_loss(w, b):
        return d_loss(REAL @ w + b, fake @ w + b)

    w1 = W0 - LEARNING_RATE * _gradient(lambda w: discriminator_loss(w, B0), W0)
    b1 = B0 - LEARNING_RATE * _gradient(lambda b: discriminator_loss(W0, b), B0)

    def generator_loss(a, c):
        return g_loss(REAL @ w1 + b1, (LATENT @ a + c) @ w1 + b1)

    a1 = A0 - LEARNING_RATE * _gradient(lambda a: generator_loss(a, C0), A0)
    c1 = C0 - LEARNING_RATE * _gradient(lambda c: generator_loss(A0, c), C0)
    return [a1, c1], [w1, b1]


class FixedLatentGAN(keras_gan_kit.GAN):
    """A GAN whose latents are `LATENT`, so NumPy can follow its step."""

    def latent_batch(self, batch_size):
        return ops.convert_to_tensor(LATENT.astype("float32"))


def _linear_gan():
    generator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    discriminator = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    generator.set_weights([A0, C0])
    discriminator.set_weights([W0, B0])
    return FixedLatentGAN(generator, discriminator)


FAMILIES = [
    "minimax",
    "non_saturating",
    "least_squares",
    "hinge",
    "wasserstein",
    "relativistic_average",
]


@pytest.mark.parametrize(
    "family, smoothing, jit_compile",
    [(family, 0.0, False) for family in FAMILIES]
    + [("non_saturating", 0.2, False), ("least_squares", 0.3, False)]
    # Compiled steps (XLA, or torch.compile on PyTorch), on the families
    # whose generator loss reads the real logits too and whose does not.
    + [("non_saturating", 0.1, True), ("relativistic_average", 0.0, True)],
)
def test_one_step_matches_numpy(family, smoothing, jit_compile):
    gan = _linear_gan()
    gan.compile(
        d_optimizer=keras.optimizers.SGD(LEARNING_RATE),
        g_optimizer=keras.optimizers.SGD(LEARNING_RATE),
        loss=family,
        label_smoothing=smoothing,
        jit_compile=jit_compile,
    )
    assert gan.loss_fn.name == family
    history = gan.fit(
        REAL.astype("float32"), batch_size=4, epochs=1, shuffle=False, verbose=0
    )
    expected_g, expected_d = _reference_step(
        family, real_target=1.0 - smoothing
    )
    for actual, expected in zip(gan.discriminator.get_weights(), expected_d):
        np.testing.assert_allclose(actual, expected, rtol=2e-4, atol=2e-6)
    for actual, expected in zip(gan.generator.get_weights(), expected_g):
        np.testing.assert_allclose(actual, expected, rtol=2e-4, atol=2e-6)
    # The logged losses are the reference's, before each update.
    d_loss, _ = _reference_losses(family, real_target=1.0 - smoothing)
    fake = LATENT @ A0 + C0
    np.testing.assert_allclose(
        history.history["d_loss"][0],
        d_loss(REAL @ W0 + B0, fake @ W0 + B0),
        rtol=1e-4,
    )


def test_the_reference_tells_the_families_apart():
    # Each family moves the weights its own way, so the test above would
    # notice a step that used another family's loss.
    steps = {family: _reference_step(family) for family in FAMILIES}
    for one in FAMILIES:
        for other in FAMILIES:
            if one < other:
                difference = max(
                    np.abs(a - b).max()
                    for a, b in zip(
                        steps[one][0] + steps[one][1],
                        steps[other][0] + steps[other][1],
                    )
                )
                assert difference > 1e-3, (one, other)


def test_swapped_logits_or_reversed_gradients_would_be_caught():
    # The mutations the suite must catch, applied to the reference: each
    # moves the weights away from the true step by far more than the
    # tolerance above.
    true_g, true_d = _reference_step("non_saturating")
    d_loss, g_loss = _reference_losses("non_saturating")
    fake = LATENT @ A0 + C0
    swapped = _gradient(lambda w: d_loss(fake @ w + B0, REAL @ w + B0), W0)
    assert np.abs(W0 - LEARNING_RATE * swapped - true_d[0]).max() > 1e-2
    reversed_c = C0 + (C0 - true_g[1])
    assert np.abs(reversed_c - true_g[1]).max() > 1e-3


@pytest.mark.parametrize("loss", ["non_saturating", "least_squares"])
def test_label_smoothing_and_noise_targets(loss):
    gan = _linear_gan()
    gan.compile(loss=loss, label_smoothing=0.1, label_noise=0.2)
    logits = ops.zeros((4000, 1))
    real_target, fake_target = (
        np.asarray(ops.convert_to_numpy(t))
        for t in gan.discriminator_targets(logits, logits)
    )
    assert real_target.shape == fake_target.shape == (4000, 1)
    # One-sided smoothing lowers real targets to 0.9; noise moves each
    # target, independently, by up to 0.2 towards the other class.
    assert real_target.max() <= 0.9 and real_target.min() >= 0.7
    assert fake_target.min() >= 0.0 and fake_target.max() <= 0.2
    np.testing.assert_allclose(real_target.mean(), 0.8, atol=0.01)
    np.testing.assert_allclose(fake_target.mean(), 0.1, atol=0.01)
    assert np.unique(real_target).size > 3000  # per image, not per batch
    assert abs(np.corrcoef(real_target[:, 0], fake_target[:, 0])[0, 1]) < 0.1
    gan.compile(loss=loss, label_smoothing=0.25)
    real_target, fake_target = gan.discriminator_targets(logits, logits)
    assert float(real_target) == 0.75 and float(fake_target) == 0.0


def test_smoothing_uses_the_loss_families_own_targets():
    real = ops.convert_to_tensor(REAL[:, :1].astype("float32"))
    fake = ops.convert_to_tensor(-REAL[:, 1:2].astype("float32"))
    for family in ("non_saturating", "least_squares", "relativistic_average"):
        reference, _ = _reference_losses(family, real_target=0.8)
        actual = losses.get(family).discriminator_loss(
            real, fake, real_target=0.8, fake_target=0.0
        )
        np.testing.assert_allclose(
            float(actual),
            reference(REAL[:, :1], -REAL[:, 1:2]),
            rtol=1e-5,
        )


def _pairwise(points):
    distances = np.sqrt(((points[:, None] - points[None]) ** 2).sum(-1))
    return distances.sum() / (len(points) * (len(points) - 1))


def test_health_monitor_values_match_numpy():
    real = np.random.default_rng(5).normal(size=(40, 3)).astype("float32")
    generator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    discriminator = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    generator.set_weights([A0, C0])
    discriminator.set_weights([W0, B0])
    gan = keras_gan_kit.GAN(generator, discriminator)
    # A learning rate of 0 keeps the weights, so NumPy knows the networks.
    gan.compile(
        d_optimizer=keras.optimizers.SGD(0.0),
        g_optimizer=keras.optimizers.SGD(0.0),
    )
    monitor = keras_gan_kit.callbacks.GANHealthMonitor(
        real, num_samples=32, seed=4
    )
    history = gan.fit(
        real, batch_size=8, epochs=1, callbacks=[monitor], verbose=0
    )
    latent = np.asarray(gan.sample_latent(32, seed=4), "float64")
    fake = latent @ A0 + C0
    real_logits = real[:32] @ W0 + B0
    fake_logits = fake @ W0 + B0
    logs = {key: values[-1] for key, values in history.history.items()}
    assert logs["d_real_accuracy"] == np.mean(real_logits > 0)
    assert logs["d_fake_accuracy"] == np.mean(fake_logits <= 0)
    np.testing.assert_allclose(
        logs["sample_diversity"],
        _pairwise(fake) / _pairwise(real[:32].astype("float64")),
        rtol=1e-5,
    )
    np.testing.assert_allclose(
        logs["score_gap"], logs["real_score"] - logs["fake_score"], rtol=1e-6
    )
    # The running scores are the mean sigmoid over the epoch's batches.
    np.testing.assert_allclose(
        logs["real_score"],
        np.mean(1 / (1 + np.exp(-(real @ W0 + B0)))),
        rtol=1e-5,
    )
