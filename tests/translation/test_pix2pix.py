"""Pix2Pix: paired translation through fit() on every backend."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from tests.models.test_gan_saving import _optimizer_state

SHAPE = (16, 16, 1)


def _pairs(count=16, seed=0):
    rng = np.random.default_rng(seed)
    source = rng.uniform(-1, 1, (count,) + SHAPE).astype("float32")
    # A translation a U-Net can learn: negate and blur horizontally.
    target = -0.5 * (source + np.roll(source, 1, axis=2))
    return source, target.astype("float32")


def _model(normalization="batch", l1_weight=100.0, seed=1, dropout=0.5):
    keras.utils.set_random_seed(seed)
    generator = builders.unet_generator(
        SHAPE, filters=4, normalization=normalization, dropout=dropout
    )
    discriminator = builders.patchgan_discriminator(
        SHAPE, source_channels=1, filters=4, normalization=normalization
    )
    return keras_gan_kit.Pix2Pix(
        generator, discriminator, l1_weight=l1_weight, seed=seed
    )


def test_fit_logs_the_l1_term_learns_the_mapping_and_draws_grids(tmp_path):
    from PIL import Image

    source, target = _pairs(32)
    model = _model(normalization="instance")
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    before = np.abs(model.translate(source) - target).mean()
    grid = keras_gan_kit.callbacks.TranslationGrid(
        tmp_path / "grids", source[:2], targets=target[:2], scale=1
    )
    history = model.fit(
        source, target, batch_size=8, epochs=8, verbose=0, callbacks=[grid]
    )
    # Each row: source, translation, target; 1-pixel lines between them.
    picture = np.asarray(Image.open(tmp_path / "grids" / "epoch_0008.png"))
    assert picture.shape[:2] == (2 * 17 - 1, 3 * 17 - 1)
    generator_only = keras_gan_kit.GAN(
        builders.dcgan_generator(8, SHAPE, filters=4),
        builders.dcgan_discriminator(SHAPE, filters=4),
    )
    grid.set_model(generator_only)
    with pytest.raises(ValueError, match="Use SampleGrid"):
        grid.on_epoch_end(0)
    logs = history.history
    assert set(logs) == {
        "d_loss", "g_loss", "l1", "real_score", "fake_score", "loss"
    }  # fmt: skip
    # g_loss is the adversarial term plus 100 x l1, so above 100 x l1.
    assert all(g > 100 * l1 for g, l1 in zip(logs["g_loss"], logs["l1"]))
    assert logs["l1"][-1] < logs["l1"][0]
    after = np.abs(model.translate(source) - target).mean()
    assert after < 0.9 * before


def test_generator_loss_is_adversarial_plus_weighted_l1_against_numpy():
    source, target = _pairs(4)
    model = _model(l1_weight=7.0)
    model.compile()
    fake = keras.ops.convert_to_tensor(model.translate(source))
    loss, aux = model.compute_generator_loss(
        (
            keras.ops.convert_to_tensor(target),
            keras.ops.convert_to_tensor(source),
        ),
        fake,
        keras.ops.convert_to_tensor(source),
    )
    logits = keras.ops.convert_to_numpy(
        model.discriminator(
            np.concatenate([source, keras.ops.convert_to_numpy(fake)], -1),
            training=True,
        )
    )
    l1 = np.abs(keras.ops.convert_to_numpy(fake) - target).mean()
    adversarial = np.mean(np.logaddexp(0.0, -logits))  # softplus(-x)
    np.testing.assert_allclose(float(aux["l1"]), l1, rtol=1e-5)
    np.testing.assert_allclose(float(loss), adversarial + 7.0 * l1, rtol=1e-4)


def test_a_dataset_of_pairs_trains_like_two_arrays():
    source, target = _pairs(16)
    model = _model()
    model.compile()
    dataset = keras_gan_kit.datasets.ShuffledBatches(
        source, labels=target, batch_size=8, seed=0
    )
    history = model.fit(dataset, epochs=1, verbose=0)
    assert np.isfinite(history.history["l1"][0])


def test_stabilizers_see_source_and_image_together():
    source, target = _pairs(16)
    model = _model(normalization="instance")
    model.compile(
        gradient_penalty="r1",
        augment="diffaugment",
        instance_noise=0.1,
    )
    seen = []
    original = model.discriminator_view

    def spy(pairs):
        seen.append(tuple(pairs.shape))
        return original(pairs)

    model.discriminator_view = spy
    model.run_eagerly = True
    history = model.fit(source, target, batch_size=8, epochs=1, verbose=0)
    assert {"gradient_penalty", "l1"} <= set(history.history)
    # Every view the discriminator took had both images' channels.
    assert seen and all(shape[-1] == 2 for shape in seen)


def test_continuing_after_reload_equals_uninterrupted_run(tmp_path):
    source, target = _pairs(16)

    model = _model(seed=4)
    model.compile()
    model.enable_generator_ema(decay=0.9)
    model.fit(source, target, batch_size=8, epochs=1, shuffle=False, verbose=0)
    model.save(tmp_path / "half.keras")
    later = {"batch_size": 8, "epochs": 2, "initial_epoch": 1, "verbose": 0}
    # The model saved goes on as if never saved: the uninterrupted run.
    # (Loading restores the process's random state as it was saved, so the
    # file is loaded after that run.)
    uninterrupted = model
    uninterrupted.fit(source, target, shuffle=False, **later)
    resumed = keras.saving.load_model(tmp_path / "half.keras")
    assert isinstance(resumed, keras_gan_kit.Pix2Pix)
    assert resumed.l1_weight == 100.0
    resumed.fit(source, target, shuffle=False, **later)
    # The reloaded model traces its step anew; on JAX its weights agree
    # with the uninterrupted run's to float32 rounding (1e-8 measured).
    for a, b in zip(
        uninterrupted.get_weights() + _optimizer_state(uninterrupted),
        resumed.get_weights() + _optimizer_state(resumed),
    ):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        resumed.translate(source), uninterrupted.translate(source), atol=1e-6
    )


def test_bad_inputs_say_what_was_received_and_how_to_fix_it():
    source, target = _pairs(8)
    model = _model()
    model.compile()
    with pytest.raises(ValueError, match="needs the target of every source"):
        model.fit(source, batch_size=4)
    with pytest.raises(ValueError, match="8 source images and 7 targets"):
        model.fit(source, target[:7], batch_size=4)
    with pytest.raises(ValueError, match="values in"):
        model.fit(source, target * 255, batch_size=4)
    with pytest.raises(ValueError, match="has no generate"):
        model.generate(4)
    with pytest.raises(ValueError, match="pass the source images"):
        model.discriminator_logits(target)
    with pytest.raises(ValueError, match="l1_weight must be a finite number"):
        keras_gan_kit.Pix2Pix(
            model.generator, model.discriminator, l1_weight=-1
        )
    generator = builders.unet_generator(SHAPE, filters=4)
    unconditional = builders.patchgan_discriminator(SHAPE, filters=4)
    with pytest.raises(ValueError, match="source_channels=1"):
        keras_gan_kit.Pix2Pix(generator, unconditional)


def test_discriminator_logits_judge_pairs():
    source, target = _pairs(4)
    model = _model()
    logits = model.discriminator_logits(target, labels=source)
    assert logits.shape == (4,)
