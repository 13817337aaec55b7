"""The LeCam regularizer, the stabilizer that arrived through the
`Stabilizer` protocol alone: its value against NumPy, inside real fit()
loops on every backend, saved and restored, and its argument checks."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import stabilizers
from keras_gan_kit.stabilizers import DiscriminatorBatch
from tests.conftest import make_images
from tests.conftest import make_networks


def _numpy_lecam(real, fake, real_average, fake_average, decay):
    real_average = decay * real_average + (1 - decay) * real.mean()
    fake_average = decay * fake_average + (1 - decay) * fake.mean()
    value = np.mean(np.maximum(real - fake_average, 0) ** 2) + np.mean(
        np.maximum(real_average - fake, 0) ** 2
    )
    return value, real_average, fake_average


def test_value_and_moving_averages_match_numpy():
    rng = np.random.default_rng(0)
    lecam = stabilizers.LeCamRegularizer(weight=0.3, decay=0.9)
    real_average = fake_average = 0.0
    for _ in range(3):
        real = rng.normal(1.0, 1.0, (8, 1)).astype("float32")
        fake = rng.normal(-1.0, 1.0, (8, 1)).astype("float32")
        term, logs = lecam.discriminator_loss(
            None, DiscriminatorBatch(None, None, real, fake, None)
        )
        value, real_average, fake_average = _numpy_lecam(
            real, fake, real_average, fake_average, 0.9
        )
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(logs["lecam"]), value, rtol=1e-5
        )
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(term), 0.3 * value, rtol=1e-5
        )
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(lecam.real_average.value),
        real_average,
        rtol=1e-5,
    )


def _lecam_gan(seed=0):
    keras.utils.set_random_seed(seed)
    gan = keras_gan_kit.GAN(*make_networks(dropout=0.0), seed=seed)
    gan.compile(stabilizers=[stabilizers.LeCamRegularizer(weight=0.5)])
    return gan


def test_trains_in_fit_and_survives_save_and_reload(tmp_path):
    images = make_images(32)
    uninterrupted = _lecam_gan()
    uninterrupted.fit(images, batch_size=8, epochs=4, shuffle=False, verbose=0)

    gan = _lecam_gan()
    history = gan.fit(images, batch_size=8, epochs=2, shuffle=False, verbose=0)
    assert np.all(np.isfinite(history.history["lecam"]))
    assert min(history.history["lecam"]) > 0
    lecam = gan.stabilizers[0]
    # The averages moved inside the compiled step (jitted on JAX).
    assert float(keras.ops.convert_to_numpy(lecam.real_average.value)) != 0.0
    gan.save(tmp_path / "gan.keras")
    resumed = keras.saving.load_model(tmp_path / "gan.keras")
    restored = resumed.stabilizers[0]
    assert isinstance(restored, stabilizers.LeCamRegularizer)
    assert restored.weight == 0.5
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(restored.fake_average.value),
        keras.ops.convert_to_numpy(lecam.fake_average.value),
    )
    resumed.fit(images, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(uninterrupted.get_weights(), resumed.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_by_name_and_after_the_shorthands():
    gan = keras_gan_kit.GAN(*make_networks(dropout=0.0))
    gan.compile(gradient_penalty="r1", stabilizers=["lecam"])
    assert [type(s).__name__ for s in gan.stabilizers] == [
        "R1Penalty",
        "LeCamRegularizer",
    ]
    assert gan.metric_names()[-2:] == ["gradient_penalty", "lecam"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(weight=0), "weight must be a number > 0; received weight=0"),
        (dict(decay=1.0), r"decay must be in \[0, 1\); received decay=1.0"),
    ],
)
def test_bad_arguments_say_what_to_pass(kwargs, message):
    with pytest.raises(ValueError, match=message):
        stabilizers.LeCamRegularizer(**kwargs)


def test_stabilizers_argument_errors():
    gan = keras_gan_kit.GAN(*make_networks(dropout=0.0))
    with pytest.raises(ValueError, match="Wrap it in a list"):
        gan.compile(stabilizers="lecam")
    with pytest.raises(ValueError, match="Unknown stabilizer 'lecamm'.*lecam"):
        gan.compile(stabilizers=["lecamm"])
    with pytest.raises(ValueError, match="not None"):
        gan.compile(stabilizers=[None])
