"""Saving, reloading and resuming a `GAN` must lose nothing."""

import pathlib
import subprocess
import sys
import warnings

import keras
import numpy as np
import pytest

import keras_gan_kit
from tests.conftest import make_gan
from tests.conftest import make_images
from tests.conftest import subprocess_env
from tests.conftest import weights_of

REPO = pathlib.Path(__file__).resolve().parents[2]


def _assert_same_weights(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=1e-6, atol=1e-7)


def _optimizer_state(gan):
    return [np.array(v.numpy()) for v in gan.optimizer.variables]


def _assert_continues_after_reload(fresh, images, tmp_path):
    """Two epochs of `fresh()` equal one epoch, a save and load, and one
    more epoch: weights and both optimizers."""
    uninterrupted = fresh()
    uninterrupted.fit(images, batch_size=8, epochs=2, shuffle=False, verbose=0)
    first_half = fresh()
    first_half.fit(images, batch_size=8, epochs=1, shuffle=False, verbose=0)
    first_half.save(tmp_path / "half.keras")
    resumed = keras.saving.load_model(tmp_path / "half.keras")
    resumed.fit(images, batch_size=8, epochs=1, shuffle=False, verbose=0)
    _assert_same_weights(uninterrupted.get_weights(), resumed.get_weights())
    _assert_same_weights(
        _optimizer_state(uninterrupted), _optimizer_state(resumed)
    )


def test_get_config_round_trip():
    gan = make_gan(seed=5)
    config = gan.get_config()
    restored = keras_gan_kit.GAN.from_config(config)
    assert restored.latent_dim == gan.latent_dim
    assert restored.seed == 5
    assert restored.get_config() == config


def test_save_and_load_restores_everything(tmp_path):
    images = make_images()
    gan = make_gan()
    gan.compile(
        loss="least_squares",
        discriminator_steps=2,
        label_smoothing=0.1,
        d_optimizer=keras.optimizers.Adam(3e-4, beta_1=0.5),
    )
    gan.fit(images, batch_size=8, epochs=1, verbose=0)
    path = tmp_path / "run.keras"
    gan.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        restored = keras.saving.load_model(path, safe_mode=True)
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "keras" in m.lower() or "optimizer" in m]
    assert isinstance(restored, keras_gan_kit.GAN)
    _assert_same_weights(gan.get_weights(), restored.get_weights())
    _assert_same_weights(_optimizer_state(gan), _optimizer_state(restored))
    np.testing.assert_array_equal(
        gan.seed_generator.state.numpy(), restored.seed_generator.state.numpy()
    )
    assert restored.loss_fn.name == "least_squares"
    assert restored.discriminator_steps == 2
    assert restored.label_smoothing == 0.1
    np.testing.assert_allclose(float(restored.d_optimizer.learning_rate), 3e-4)
    assert int(restored.d_optimizer.iterations.numpy()) == 6


def test_saved_file_holds_no_unused_default_optimizer(tmp_path):
    import zipfile

    gan = make_gan()
    gan.compile()
    gan.fit(make_images(), batch_size=8, epochs=1, verbose=0)
    path = tmp_path / "run.keras"
    gan.save(path)
    with zipfile.ZipFile(path) as archive:
        config = archive.read("config.json").decode()
    # Exactly two Adam optimizers (one per network), no stray default one.
    assert config.count('"class_name": "Adam"') == 2
    assert "RMSprop" not in config and '"rmsprop"' not in config


def test_continuing_after_reload_equals_uninterrupted_run(tmp_path):
    images = make_images(32)

    def fresh():
        keras.utils.set_random_seed(3)
        gan = make_gan(seed=9)
        gan.compile(label_noise=0.05)
        return gan

    _assert_continues_after_reload(fresh, images, tmp_path)


def test_generator_loads_without_keras_gan_kit(tmp_path):
    gan = make_gan()
    gan.compile()
    gan.fit(make_images(), batch_size=8, epochs=1, verbose=0)
    path = tmp_path / "generator.keras"
    gan.generator.save(path)
    latent = gan.sample_latent(3, seed=0)
    np.save(tmp_path / "latent.npy", latent)
    expected = gan.generate(latent=latent)
    script = (
        "import sys; sys.modules['keras_gan_kit'] = None\n"
        "import keras, numpy as np\n"
        f"model = keras.saving.load_model({str(path)!r}, safe_mode=True)\n"
        f"latent = np.load({str(tmp_path / 'latent.npy')!r})\n"
        f"np.save({str(tmp_path / 'out.npy')!r}, "
        "keras.ops.convert_to_numpy(model(latent, training=False)))\n"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        env=subprocess_env(),
        cwd=tmp_path,
        timeout=300,
    )
    np.testing.assert_allclose(
        np.load(tmp_path / "out.npy"), expected, atol=1e-5
    )


@pytest.mark.parametrize(
    "kind",
    [
        "gan",
        "conditional_gan",
        "stabilized",
        "streamed",
        "cycle_gan",
        "stylegan2",
    ],
)
def test_backup_and_restore_resumes_after_a_kill(kind, tmp_path):
    """A real SIGKILL after epoch 2 of 4, a restart, and the end state equals
    a run never interrupted: weights, both optimizers, latent sampler.

    Of the translation models, CycleGAN's run is killed (its history of
    images and the order of its unpaired sets must survive too); Pix2Pix
    resumes as a `GAN` does (tests/translation/test_pix2pix.py checks its
    continuation after a reload)."""

    def start(backup, result, epochs, kill_at=None):
        command = [
            sys.executable,
            "-m",
            "tests.models.resume_worker",
            kind,
            str(backup),
            str(result),
            str(epochs),
        ]
        if kill_at is not None:
            command.append(str(kill_at))
        return subprocess.Popen(
            command,
            env=subprocess_env(),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(process):
        _, errors = process.communicate(timeout=600)
        return process.returncode, errors[-3000:]

    # The uninterrupted run and the one killed after epoch 2 run side by
    # side (a machine's second core is otherwise idle during the suite).
    reference = start(tmp_path / "backup_a", tmp_path / "a.npz", 4)
    killed = start(tmp_path / "backup_b", tmp_path / "b.npz", 4, kill_at=2)
    status, errors = finish(reference)
    assert status == 0, errors
    status, errors = finish(killed)
    assert status == -9, errors
    assert not (tmp_path / "b.npz").exists()
    assert any((tmp_path / "backup_b").iterdir())

    status, errors = finish(start(tmp_path / "backup_b", tmp_path / "b.npz", 4))
    assert status == 0, errors

    a = np.load(tmp_path / "a.npz")
    b = np.load(tmp_path / "b.npz")
    logged = ("g_loss", "augment_p", "path_length_mean")
    weight_keys = [k for k in a.files if k not in logged]
    assert set(weight_keys) == {k for k in b.files if k not in logged}
    for key in weight_keys:
        np.testing.assert_allclose(a[key], b[key], rtol=1e-6, atol=1e-7)
    # The resumed process trained epochs 3 and 4 only, with the same losses.
    np.testing.assert_allclose(b["g_loss"], a["g_loss"][2:], rtol=1e-6)
    if kind == "stabilized":
        # ADA moved from its initial 0.3, and resumed the same.
        assert not np.allclose(a["augment_p"], 0.3)
        np.testing.assert_allclose(b["augment_p"], a["augment_p"][2:])
    if kind == "stylegan2":
        # The path length's running mean moved, and resumed the same.
        assert np.all(a["path_length_mean"] > 0)
        np.testing.assert_allclose(
            b["path_length_mean"], a["path_length_mean"][2:], rtol=1e-6
        )


def test_terminate_on_nan_keeps_the_last_backup(tmp_path):
    images = make_images(16)

    class ExplodeAfter(keras.optimizers.schedules.LearningRateSchedule):
        # Sane for two epochs (4 steps), then a rate that gives NaN.
        def __call__(self, step):
            return keras.ops.where(step < 4, 1e-3, 1e30)

        def get_config(self):
            return {}

    gan = make_gan()
    gan.compile(d_optimizer=keras.optimizers.SGD(learning_rate=ExplodeAfter()))
    backup = tmp_path / "backup"
    with pytest.raises(RuntimeError, match="NaN or Inf loss"):
        gan.fit(
            images,
            batch_size=8,
            epochs=6,
            shuffle=False,
            verbose=0,
            callbacks=[
                keras.callbacks.BackupAndRestore(str(backup)),
                keras.callbacks.TerminateOnNaN(raise_error=True),
            ],
        )
    # The backup of epoch 2 is still there, finite, and a new model resumes
    # from it.
    restored = make_gan()
    restored.compile(
        d_optimizer=keras.optimizers.SGD(learning_rate=ExplodeAfter())
    )
    restored.optimizer.build()
    restored.load_weights(str(backup / "latest.weights.h5"))
    for weight in weights_of(restored):
        assert np.all(np.isfinite(weight))
    assert int(restored.g_optimizer.iterations.numpy()) == 4
