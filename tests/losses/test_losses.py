"""Every loss family against a NumPy reference of its published formula."""

import keras
import numpy as np
import pytest
from keras import ops

from keras_gan_kit import losses


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _bce(logits, targets):
    # -[t log s(x) + (1 - t) log(1 - s(x))], straight from the definition.
    p = _sigmoid(logits)
    return np.mean(-(targets * np.log(p) + (1 - targets) * np.log(1 - p)))


def _reference(family, real, fake, real_target=1.0, fake_target=0.0):
    """(d_loss, g_loss) of each family, written from the papers."""
    if family in ("minimax", "non_saturating"):
        d = _bce(real, real_target) + _bce(fake, fake_target)
        if family == "minimax":
            g = np.mean(np.log(1 - _sigmoid(fake)))
        else:
            g = -np.mean(np.log(_sigmoid(fake)))
        return d, g
    if family == "wasserstein":
        return np.mean(fake) - np.mean(real), -np.mean(fake)
    if family == "least_squares":
        d = 0.5 * np.mean((real - real_target) ** 2) + 0.5 * np.mean(
            (fake - fake_target) ** 2
        )
        return d, 0.5 * np.mean((fake - 1.0) ** 2)
    if family == "hinge":
        d = np.mean(np.maximum(0, 1 - real)) + np.mean(np.maximum(0, 1 + fake))
        return d, -np.mean(fake)
    if family == "relativistic_average":
        r = real - np.mean(fake)
        f = fake - np.mean(real)
        d = _bce(r, real_target) + _bce(f, fake_target)
        g = _bce(f, 1.0) + _bce(r, 0.0)
        return d, g
    if family == "relativistic_pairing":
        # log(1 + exp(.)) over pairs (real_i, fake_i), as R3GAN's code.
        d = np.mean(np.log1p(np.exp(-(real - fake))))
        g = np.mean(np.log1p(np.exp(-(fake - real))))
        return d, g
    raise AssertionError(family)


FAMILIES = sorted(losses.LOSS_FAMILIES)


def _logits(seed):
    rng = np.random.default_rng(seed)
    real = rng.normal(0.5, 2.0, size=(16, 1)).astype("float64")
    fake = rng.normal(-0.5, 2.0, size=(16, 1)).astype("float64")
    return real, fake


@pytest.mark.parametrize("family", FAMILIES)
def test_functions_match_reference(family):
    real, fake = _logits(0)
    d_fn = getattr(losses, f"{family}_discriminator_loss")
    g_fn = getattr(losses, f"{family}_generator_loss")
    expected_d, expected_g = _reference(family, real, fake)
    real_t = ops.convert_to_tensor(real.astype("float32"))
    fake_t = ops.convert_to_tensor(fake.astype("float32"))
    np.testing.assert_allclose(
        float(d_fn(real_t, fake_t)), expected_d, rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(
        float(g_fn(fake_t, real_logits=real_t)),
        expected_g,
        rtol=1e-5,
        atol=1e-6,
    )


@pytest.mark.parametrize("family", FAMILIES)
def test_classes_match_functions_and_round_trip(family):
    real, fake = _logits(1)
    loss = losses.get(family)
    assert loss.name == family
    expected_d, expected_g = _reference(family, real, fake)
    d_loss, g_loss = loss(
        ops.convert_to_tensor(real.astype("float32")),
        ops.convert_to_tensor(fake.astype("float32")),
    )
    np.testing.assert_allclose(float(d_loss), expected_d, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(float(g_loss), expected_g, rtol=1e-5, atol=1e-6)
    config = keras.saving.serialize_keras_object(loss)
    restored = losses.get(config)
    assert type(restored) is type(loss)
    assert restored.get_config() == loss.get_config()


@pytest.mark.parametrize(
    "family",
    ["minimax", "non_saturating", "least_squares", "relativistic_average"],
)
def test_targets_move_discriminator_loss(family):
    real, fake = _logits(2)
    rng = np.random.default_rng(3)
    real_target = 0.9 - 0.05 * rng.uniform(size=real.shape)
    fake_target = 0.05 * rng.uniform(size=fake.shape)
    loss = losses.get(family)
    assert loss.supports_targets
    expected_d, _ = _reference(family, real, fake, real_target, fake_target)
    d_loss = loss.discriminator_loss(
        ops.convert_to_tensor(real.astype("float32")),
        ops.convert_to_tensor(fake.astype("float32")),
        real_target=ops.convert_to_tensor(real_target.astype("float32")),
        fake_target=ops.convert_to_tensor(fake_target.astype("float32")),
    )
    np.testing.assert_allclose(float(d_loss), expected_d, rtol=1e-5, atol=1e-6)


def test_families_without_targets_say_so():
    assert not losses.get("wasserstein").supports_targets
    assert not losses.get("hinge").supports_targets
    assert losses.get("relativistic_average").generator_needs_real_logits


def test_cross_entropy_is_stable_for_large_logits():
    big = ops.convert_to_tensor(np.array([[80.0], [-80.0]], dtype="float32"))
    d_loss = losses.non_saturating_discriminator_loss(big, -big)
    g_loss = losses.non_saturating_generator_loss(big)
    assert np.isfinite(float(d_loss)) and np.isfinite(float(g_loss))
    # Half the examples are confidently wrong by 80 nats on each side.
    np.testing.assert_allclose(float(d_loss), 80.0, rtol=1e-5)


def test_unknown_loss_name_lists_the_families():
    with pytest.raises(ValueError, match="Unknown GAN loss 'wgan'.*hinge"):
        losses.get("wgan")
    with pytest.raises(ValueError, match="Could not interpret GAN loss 3"):
        losses.get(3)


def test_relativistic_pairing_needs_pairs():
    assert losses.get("relativistic_pairing").generator_needs_real_logits
    assert not losses.get("relativistic_pairing").supports_targets
    with pytest.raises(ValueError, match="real_logits=None"):
        losses.relativistic_pairing_generator_loss(ops.zeros((2, 1)))
    with pytest.raises(ValueError, match="shape \\(4, 1\\).*shape \\(2, 1\\)"):
        losses.relativistic_pairing_discriminator_loss(
            ops.zeros((4, 1)), ops.zeros((2, 1))
        )


def test_relativistic_generator_loss_needs_real_logits():
    with pytest.raises(ValueError, match="needs the discriminator's logits"):
        losses.relativistic_average_generator_loss(ops.zeros((2, 1)))


def test_custom_loss_subclass():
    class Scaled(losses.GANLoss):
        def discriminator_loss(self, real_logits, fake_logits, **kwargs):
            return 0.5 * (ops.mean(fake_logits) - ops.mean(real_logits))

        def generator_loss(self, fake_logits, real_logits=None):
            return -0.5 * ops.mean(fake_logits)

    loss = Scaled()
    assert losses.get(loss) is loss
    d_loss, g_loss = loss(ops.ones((2, 1)), ops.zeros((2, 1)))
    assert float(d_loss) == -0.5 and float(g_loss) == 0.0


def test_base_class_without_functions_raises():
    with pytest.raises(NotImplementedError, match="discriminator_loss"):
        losses.GANLoss().discriminator_loss(
            ops.zeros((1, 1)), ops.zeros((1, 1))
        )
