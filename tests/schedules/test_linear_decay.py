"""`LinearDecay`: values, the end `GAN.fit` sets, saving and resuming."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import schedules
from tests.conftest import make_gan
from tests.conftest import make_images


def _reference(step, rate, hold, final, total):
    hold_steps = hold * total
    progress = np.clip((step - hold_steps) / max(total - hold_steps, 1), 0, 1)
    return rate * (1 - (1 - final) * progress)


@pytest.mark.parametrize(
    "hold, final, total", [(0.0, 0.0, 10), (0.34, 0.0, 300), (0.5, 0.2, 7)]
)
def test_values_match_numpy(hold, final, total):
    schedule = schedules.LinearDecay(3e-4, hold, final, total_steps=total)
    for step in range(0, total + 5):
        np.testing.assert_allclose(
            float(keras.ops.convert_to_numpy(schedule(step))),
            _reference(step, 3e-4, hold, final, total),
            rtol=1e-5,
            atol=1e-10,
        )


def test_constant_until_the_end_is_set():
    schedule = schedules.LinearDecay(1e-3, hold_fraction=0.2)
    values = [
        float(keras.ops.convert_to_numpy(schedule(s))) for s in (0, 10**6)
    ]
    np.testing.assert_allclose(values, [1e-3, 1e-3], rtol=1e-6)


@pytest.mark.parametrize(
    "arguments, name",
    [
        ({"hold_fraction": 1.5}, "hold_fraction"),
        ({"final_fraction": -0.1}, "final_fraction"),
        ({"final_fraction": "abc"}, "final_fraction"),
        ({"total_steps": 0}, "total_steps"),
        ({"total_steps": 2.5}, "total_steps"),
    ],
)
def test_bad_arguments_are_named(arguments, name):
    with pytest.raises(ValueError, match=name) as caught:
        schedules.LinearDecay(1e-3, **arguments)
    assert "received" in str(caught.value)


def test_config_round_trip():
    schedule = schedules.LinearDecay(2e-4, 0.3, 0.1, total_steps=40)
    restored = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(schedule)
    )
    assert isinstance(restored, schedules.LinearDecay)
    assert restored.get_config() == schedule.get_config()


def _decaying_gan(hold=0.5, final=0.0, **compile_arguments):
    gan = make_gan(seed=9)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(
            schedules.LinearDecay(1e-3, hold, final), beta_1=0.5
        ),
        g_optimizer=keras.optimizers.Adam(
            schedules.LinearDecay(1e-3, hold, final), beta_1=0.5
        ),
        **compile_arguments,
    )
    return gan


def test_fit_ends_the_decay_at_its_last_update():
    gan = _decaying_gan(final=0.25, discriminator_steps=2)
    # 24 images in batches of 8: 3 batches per epoch, 2 epochs.
    gan.fit(make_images(24), batch_size=8, epochs=2, verbose=0)
    d_schedule = gan.d_optimizer._learning_rate
    g_schedule = gan.g_optimizer._learning_rate
    assert int(gan.d_optimizer.iterations) == d_schedule.total_steps == 12
    assert int(gan.g_optimizer.iterations) == g_schedule.total_steps == 6
    np.testing.assert_allclose(
        float(keras.ops.convert_to_numpy(gan.g_optimizer.learning_rate)),
        0.25e-3,
        rtol=1e-5,
    )


def test_fit_on_a_py_dataset_uses_its_length():
    gan = _decaying_gan()
    batches = keras_gan_kit.datasets.ShuffledBatches(
        make_images(24), batch_size=8
    )
    gan.fit(batches, epochs=3, verbose=0)
    assert gan.g_optimizer._learning_rate.total_steps == 3 * len(batches)


def test_data_of_unknown_length_is_refused():
    gan = _decaying_gan()
    images = make_images(8)

    def endless():
        while True:
            yield (images,)

    with pytest.raises(ValueError, match="steps_per_epoch"):
        gan.fit(endless(), epochs=1, verbose=0)
    gan.fit(endless(), epochs=1, steps_per_epoch=2, verbose=0)
    assert gan.g_optimizer._learning_rate.total_steps == 2


class _StopAfterFirstEpoch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        self.model.stop_training = True


def test_resuming_with_initial_epoch_continues_the_same_decay(tmp_path):
    images = make_images(32)

    def fresh():
        keras.utils.set_random_seed(3)
        return _decaying_gan(hold=0.25)

    uninterrupted = fresh()
    uninterrupted.fit(images, batch_size=8, epochs=2, shuffle=False, verbose=0)

    interrupted = fresh()
    interrupted.fit(
        images,
        batch_size=8,
        epochs=2,
        shuffle=False,
        verbose=0,
        callbacks=[_StopAfterFirstEpoch()],
    )
    interrupted.save(tmp_path / "half.keras")
    resumed = keras.saving.load_model(tmp_path / "half.keras")
    assert resumed.g_optimizer._learning_rate.total_steps == 8
    resumed.fit(
        images,
        batch_size=8,
        epochs=2,
        initial_epoch=1,
        shuffle=False,
        verbose=0,
    )
    assert resumed.g_optimizer._learning_rate.total_steps == 8
    for a, b in zip(uninterrupted.get_weights(), resumed.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_from_preset_decays_both_rates():
    gan = keras_gan_kit.GAN.from_preset(
        "dcgan_fashion_mnist",
        filters=4,
        learning_rate_decay={"hold_fraction": 0.5, "final_fraction": 0.0},
    )
    for optimizer in (gan.d_optimizer, gan.g_optimizer):
        assert isinstance(optimizer._learning_rate, schedules.LinearDecay)
        assert optimizer._learning_rate.hold_fraction == 0.5
    constant = keras_gan_kit.GAN.from_preset(
        "dcgan_fashion_mnist", filters=4, learning_rate_decay=None
    )
    assert not isinstance(
        constant.g_optimizer._learning_rate, schedules.LinearDecay
    )
    with pytest.raises(ValueError, match="learning_rate_decay"):
        keras_gan_kit.GAN.from_preset(
            "dcgan_fashion_mnist", filters=4, learning_rate_decay={"hold": 1}
        )
