"""CycleGAN: unpaired translation through fit() on every backend."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit.datasets import UnpairedBatches
from keras_gan_kit.models.image_history import ImageHistory

SHAPE = (16, 16, 1)


def _four(seed=1, output_channels=None):
    keras.utils.set_random_seed(seed)

    def translator(name, shape=SHAPE, channels=None):
        return builders.resnet_translator(
            shape, output_channels=channels, filters=4, num_blocks=1, name=name
        )

    def critic(name, shape=SHAPE):
        return builders.patchgan_discriminator(
            shape, filters=4, normalization="instance", name=name
        )

    if output_channels is None:
        return (
            translator("a_to_b"),
            translator("b_to_a"),
            critic("d_a"),
            critic("d_b"),
        )
    shape_b = SHAPE[:2] + (output_channels,)
    return (
        translator("a_to_b", channels=output_channels),
        translator("b_to_a", shape_b, channels=1),
        critic("d_a"),
        critic("d_b", shape_b),
    )


def _domains(count_a=12, count_b=8, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.uniform(-1, 0, (count_a,) + SHAPE).astype("float32")
    b = rng.uniform(0, 1, (count_b,) + SHAPE).astype("float32")
    return a, b


def test_fit_on_unpaired_sets_of_different_sizes(tmp_path):
    from PIL import Image

    a, b = _domains(12, 8)
    model = keras_gan_kit.CycleGAN(*_four(), seed=0)
    model.compile()

    class Count(keras.callbacks.Callback):
        batches = 0

        def on_train_batch_end(self, batch, logs=None):
            Count.batches += 1

    grid = keras_gan_kit.callbacks.TranslationGrid(
        tmp_path / "grids", a[:3], direction="ab", scale=1
    )
    history = model.fit(
        a, b, batch_size=4, epochs=2, verbose=0, callbacks=[Count(), grid]
    )
    picture = np.asarray(Image.open(tmp_path / "grids" / "epoch_0002.png"))
    # 3 rows of (source, translation, round trip), 1-pixel lines between.
    assert picture.shape[:2] == (3 * 17 - 1, 3 * 17 - 1)
    with pytest.raises(ValueError, match="one target per source"):
        keras_gan_kit.callbacks.TranslationGrid(tmp_path, a[:3], targets=a[:2])
    assert set(history.history) == {
        "d_loss", "g_loss", "cycle", "identity", "real_score",
        "fake_score", "loss",
    }  # fmt: skip
    # One epoch is one pass over the larger set: 12 / 4 batches.
    assert Count.batches == 2 * 3
    # The history took every translation of the first batches in.
    assert int(keras.ops.convert_to_numpy(model.history_a.count)) == 24


def test_generator_loss_against_numpy():
    a, b = _domains(4, 4)
    model = keras_gan_kit.CycleGAN(
        *_four(), cycle_weight=3.0, identity_weight=0.5, seed=0
    )
    model.compile()
    outputs = [
        keras.ops.convert_to_numpy(o)
        for o in model.generator([a, b], training=True)
    ]
    loss, aux = model.compute_generator_loss(
        (a, b), [keras.ops.convert_to_tensor(o) for o in outputs], None
    )
    fake_b, fake_a, round_a, round_b, same_b, same_a = outputs
    d_a = keras.ops.convert_to_numpy(model.discriminator([fake_a, fake_b])[0])
    d_b = keras.ops.convert_to_numpy(model.discriminator([fake_a, fake_b])[1])
    adversarial = 0.5 * np.mean((d_a - 1) ** 2) + 0.5 * np.mean((d_b - 1) ** 2)
    cycle = np.abs(round_a - a).mean() + np.abs(round_b - b).mean()
    identity = np.abs(same_a - a).mean() + np.abs(same_b - b).mean()
    np.testing.assert_allclose(float(aux["cycle"]), cycle, rtol=1e-5)
    np.testing.assert_allclose(float(aux["identity"]), identity, rtol=1e-5)
    np.testing.assert_allclose(
        float(loss), adversarial + 3.0 * cycle + 1.5 * identity, rtol=1e-4
    )


def test_image_history_fills_then_swaps_half():
    owner = keras.Model()
    history = ImageHistory(owner, 4, (1,), "h")
    seed = keras.random.SeedGenerator(0)
    first = np.arange(3, dtype="float32")[:, None]
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(history.query(first, seed)), first
    )
    second = 10 + np.arange(3, dtype="float32")[:, None]
    returned = keras.ops.convert_to_numpy(history.query(second, seed))
    # Slot 3 was still free: the first new image is stored and used.
    assert returned[0, 0] == 10
    stored = set(keras.ops.convert_to_numpy(history.images)[:4, 0])
    assert {0, 1, 2, 10} <= stored | {0, 1, 2}
    swapped = 0
    for step in range(40):
        new = 100 + 10 * step + np.arange(3, dtype="float32")[:, None]
        before = set(keras.ops.convert_to_numpy(history.images)[:4, 0])
        out = keras.ops.convert_to_numpy(history.query(new, seed))[:, 0]
        for value, fresh in zip(out, new[:, 0]):
            assert value == fresh or value in before
            swapped += value != fresh
    assert int(keras.ops.convert_to_numpy(history.count)) == 4
    assert 0.3 < swapped / 120 < 0.7


def test_continuing_after_reload_equals_uninterrupted_run(tmp_path):
    a, b = _domains(8, 12)

    model = keras_gan_kit.CycleGAN(*_four(seed=3), history_size=6, seed=5)
    model.compile()
    model.fit(a, b, batch_size=4, epochs=1, verbose=0)
    model.save(tmp_path / "half.keras")
    saved_history = keras.ops.convert_to_numpy(model.history_b.images)
    # The model saved goes on as if never saved: the uninterrupted run.
    # (Loading restores the process's random state as it was saved, so the
    # file is loaded after that run.)
    uninterrupted = model
    uninterrupted.fit(a, b, batch_size=4, epochs=2, initial_epoch=1, verbose=0)
    resumed = keras.saving.load_model(tmp_path / "half.keras")
    assert isinstance(resumed, keras_gan_kit.CycleGAN)
    assert resumed.history_size == 6
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(resumed.history_b.images), saved_history
    )
    resumed.fit(a, b, batch_size=4, epochs=2, initial_epoch=1, verbose=0)
    # The reloaded model traces its step anew: float32 rounding apart
    # (1e-6 measured), the weights are the uninterrupted run's.
    for x, y in zip(uninterrupted.get_weights(), resumed.get_weights()):
        np.testing.assert_allclose(x, y, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(
        resumed.translate(b, direction="ba"),
        uninterrupted.translate(b, direction="ba"),
        atol=1e-5,
    )


def test_different_channels_without_identity():
    a, _ = _domains(8, 8)
    b = (
        np.random.default_rng(1)
        .uniform(-1, 1, (8, 16, 16, 3))
        .astype("float32")
    )
    with pytest.raises(ValueError, match="Pass identity_weight=0"):
        keras_gan_kit.CycleGAN(*_four(output_channels=3))
    model = keras_gan_kit.CycleGAN(*_four(output_channels=3), identity_weight=0)
    model.compile()
    history = model.fit(a, b, batch_size=4, verbose=0)
    assert history.history["identity"] == [0.0]
    assert model.translate(a[:2]).shape == (2, 16, 16, 3)


def test_bad_inputs_say_what_was_received_and_how_to_fix_it():
    a, b = _domains(8, 8)
    g_ab, g_ba, d_a, d_b = _four()
    with pytest.raises(ValueError, match="need four names"):
        keras_gan_kit.CycleGAN(g_ab, g_ab, d_a, d_b)
    model = keras_gan_kit.CycleGAN(g_ab, g_ba, d_a, d_b)
    colour = keras_gan_kit.CycleGAN(
        *_four(output_channels=3), identity_weight=0
    )
    with pytest.raises(ValueError, match=r"need one shape.*\(16, 16, 3\)"):
        colour.compile(gradient_penalty="r1")
    model.compile()
    with pytest.raises(ValueError, match="takes two arrays"):
        model.fit(a, batch_size=4)
    with pytest.raises(ValueError, match="values in"):
        model.fit(a, b * 255, batch_size=4)
    with pytest.raises(
        ValueError, match=r"directions \('ab', 'ba'\).*direction='AB'"
    ):
        model.translate(a, direction="AB")
    with pytest.raises(ValueError, match="no generate"):
        model.generate(2)
    with pytest.raises(ValueError, match="history_size must be an integer"):
        keras_gan_kit.CycleGAN(g_ab, g_ba, d_a, d_b, history_size=2.5)


def test_unpaired_batches_cover_both_sets_each_epoch():
    a = np.arange(10.0)
    b = 100 + np.arange(4.0)
    batches = UnpairedBatches(a, b, batch_size=2, seed=3)
    assert len(batches) == 5
    seen_a = np.concatenate([batches[i][0] for i in range(5)])
    seen_b = np.concatenate([batches[i][1] for i in range(5)])
    assert sorted(seen_a) == list(a)
    assert set(seen_b) == set(b)  # cycled: each image at least twice
    again = UnpairedBatches(a, b, batch_size=2, seed=3)
    np.testing.assert_array_equal(again[2][1], batches[2][1])
    batches.on_epoch_end()
    assert not np.array_equal(
        np.concatenate([batches[i][0] for i in range(5)]), seen_a
    )
    with pytest.raises(
        ValueError, match="larger than the 4 images of domain B"
    ):
        UnpairedBatches(a, b, batch_size=5)


def test_stabilizers_act_on_both_domains():
    a, b = _domains(8, 8)
    model = keras_gan_kit.CycleGAN(*_four(), seed=0)
    model.compile(
        gradient_penalty=keras_gan_kit.stabilizers.R1Penalty(1.0),
        augment="ada",
        instance_noise=0.05,
        stabilizers=["lecam"],
    )
    history = model.fit(a, b, batch_size=4, epochs=2, verbose=0).history
    for key in ("d_loss", "g_loss", "cycle", "gradient_penalty", "augment_p"):
        assert np.isfinite(history[key]).all(), (key, history)
    assert history["gradient_penalty"][-1] > 0
    # R1 on both domains: each discriminator's penalty on its own real
    # images, averaged over the images of both (without augmentation and
    # noise, which are random).
    plain = keras_gan_kit.CycleGAN(*_four(seed=2))
    r1 = keras_gan_kit.stabilizers.R1Penalty(1.0)
    plain.compile(gradient_penalty=r1)
    both = r1.penalty(plain, (np.concatenate([a[:4], b[:4]]), None), None)
    alone = []
    for network, images in (
        (plain.discriminator_a, a),
        (plain.discriminator_b, b),
    ):
        gan = keras_gan_kit.GAN(
            builders.dcgan_generator(8, SHAPE, filters=4), network
        )
        alone.append(r1.penalty(gan, (images[:4], None), None))
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(both),
        np.mean([keras.ops.convert_to_numpy(x) for x in alone]),
        rtol=1e-4,
    )
