"""Stabilizers inside real fit() loops on every backend: the DCGAN with
WGAN-GP and R1, ADA reacting to overfitting, mixed precision, and every
option surviving save, reload and continued training."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import stabilizers
from tests.conftest import make_images
from tests.conftest import make_networks
from tests.conftest import weights_of


def _digits(num_images=16):
    rng = np.random.default_rng(0)
    return np.tanh(rng.normal(size=(num_images, 28, 28, 1))).astype("float32")


@pytest.mark.parametrize(
    "options",
    [
        dict(
            loss="wasserstein",
            gradient_penalty="wgan_gp",
            discriminator_steps=5,
            d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
            g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
        ),
        dict(gradient_penalty=stabilizers.R1Penalty(10.0, every_n_steps=2)),
    ],
    ids=["wgan_gp", "r1"],
)
def test_mnist_dcgan_with_a_penalty_trains_with_finite_losses(options):
    generator, discriminator = builders.preset(
        "dcgan_mnist", discriminator_batch_norm=False
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile(**options)
    before = weights_of(discriminator)
    history = gan.fit(_digits(), batch_size=8, epochs=2, verbose=0)
    for key in ("d_loss", "g_loss", "gradient_penalty"):
        assert np.isfinite(history.history[key]).all(), key
    assert history.history["gradient_penalty"][-1] > 0
    assert any(
        not np.allclose(a, b) for a, b in zip(before, weights_of(discriminator))
    )


def test_ada_probability_rises_when_the_discriminator_overfits():
    generator, discriminator = make_networks(dropout=0.0)
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(5e-3),
        augment=stabilizers.AdaptiveAugment(speed=200, interval=1, seed=0),
    )
    tiny = make_images(8)  # eight images: easy to memorize
    history = gan.fit(tiny, batch_size=8, epochs=40, verbose=0)
    probability = np.asarray(history.history["augment_p"])
    assert probability[0] < 0.1
    assert probability[-1] > 0.3, probability
    assert float(gan.augment.probability.numpy()) == pytest.approx(
        probability[-1]
    )


def test_weight_clipping_holds_after_every_update():
    generator, discriminator = make_networks(dropout=0.0)
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile(
        loss="wasserstein",
        weight_clipping=0.01,
        discriminator_steps=5,
        d_optimizer=keras.optimizers.RMSprop(5e-2),
    )
    gan.fit(make_images(16), batch_size=8, epochs=1, verbose=0)
    largest = max(np.abs(w).max() for w in weights_of(discriminator))
    assert largest == pytest.approx(0.01)


@pytest.mark.parametrize(
    "mixed_policy", ["mixed_float16", "mixed_bfloat16"], indirect=True
)
def test_mixed_precision_fit_has_finite_logs(mixed_policy):
    generator, discriminator = builders.preset(
        "dcgan_mnist", generator_filters=16, discriminator_filters=16
    )
    assert generator.outputs[0].dtype == "float32"
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile(augment="diffaugment")
    scaled = mixed_policy == "mixed_float16"
    assert isinstance(gan.d_optimizer, keras.optimizers.LossScaleOptimizer) == (
        scaled
    )
    before = weights_of(generator)
    history = gan.fit(_digits(32), batch_size=8, epochs=2, verbose=0)
    for key, values in history.history.items():
        assert np.isfinite(values).all(), key
    assert any(
        not np.allclose(a, b) for a, b in zip(before, weights_of(generator))
    )
    assert gan.generate(2).dtype == np.float32


def _stabilized_gan():
    keras.utils.set_random_seed(5)
    generator, discriminator = make_networks(dropout=0.3)
    gan = keras_gan_kit.GAN(generator, discriminator, seed=4)
    gan.compile(
        gradient_penalty=stabilizers.R1Penalty(2.0, every_n_steps=3),
        augment=stabilizers.AdaptiveAugment(
            speed=50, interval=3, initial_probability=0.3, seed=1
        ),
        instance_noise=stabilizers.InstanceNoise(0.1, anneal_steps=20, seed=2),
        label_smoothing=0.1,
    )
    return gan


def test_every_option_survives_save_reload_and_continued_training(tmp_path):
    images = make_images(32)
    uninterrupted = _stabilized_gan()
    uninterrupted.fit(images, batch_size=8, epochs=4, shuffle=False, verbose=0)

    first = _stabilized_gan()
    first.fit(images, batch_size=8, epochs=2, shuffle=False, verbose=0)
    # The state to restore is not the initial one: 8 steps with an interval
    # of 3 leave ADA two steps into its next interval.
    assert float(keras.ops.convert_to_numpy(first.augment.num_steps)) == 2.0
    first.save(tmp_path / "gan.keras")
    resumed = keras.saving.load_model(tmp_path / "gan.keras")
    assert resumed.get_compile_config() == first.get_compile_config()
    assert isinstance(resumed.augment, stabilizers.AdaptiveAugment)
    assert float(resumed.augment.probability.numpy()) == pytest.approx(
        float(first.augment.probability.numpy())
    )
    resumed.fit(images, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(uninterrupted.get_weights(), resumed.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_conditional_gan_with_penalty_and_augmentation():
    generator = builders.conditional_generator(
        latent_dim=6, num_classes=3, image_shape=(8, 8, 1), filters=4
    )
    for head in ("concat", "auxiliary"):
        discriminator = builders.conditional_discriminator(
            image_shape=(8, 8, 1), num_classes=3, head=head, filters=4
        )
        gan = keras_gan_kit.ConditionalGAN(generator, discriminator, seed=0)
        gan.compile(gradient_penalty="wgan_gp", augment="diffaugment")
        images = np.tanh(
            np.random.default_rng(0).normal(size=(16, 8, 8, 1))
        ).astype("float32")
        history = gan.fit(
            images, np.arange(16) % 3, batch_size=8, epochs=1, verbose=0
        )
        assert np.isfinite(history.history["gradient_penalty"]).all()


def test_compile_config_round_trip_of_every_option():
    generator, discriminator = make_networks(dropout=0.0)
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile(
        loss="wasserstein",
        gradient_penalty=stabilizers.WassersteinGradientPenalty(5.0),
        weight_clipping=0.02,
        augment=stabilizers.DiffAugment(policy=["translation"], seed=3),
        instance_noise=0.05,
        discriminator_steps=5,
    )
    config = gan.get_compile_config()
    clone = keras_gan_kit.GAN(*make_networks(dropout=0.0))
    clone.compile_from_config(config)
    assert clone.get_compile_config() == config
    assert clone.gradient_penalty.weight == 5.0
    assert clone.weight_clipping.clip_value == 0.02
    assert clone.augment.policy == ("translation",)
    assert clone.instance_noise.stddev == 0.05
    with pytest.raises(ValueError, match="Unknown augment 'mixup'"):
        clone.compile(augment="mixup")
    with pytest.raises(ValueError, match="weight_clipping must be a number"):
        clone.compile(weight_clipping="yes")
