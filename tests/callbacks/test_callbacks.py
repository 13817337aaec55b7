"""The callbacks in real fit() loops, on the active backend."""

import functools
import json
import os
import signal
import subprocess
import sys

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import callbacks
from tests.conftest import IMAGE_SHAPE
from tests.conftest import make_gan
from tests.conftest import make_images
from tests.conftest import require_extra
from tests.conftest import subprocess_env

PIL = pytest.importorskip("PIL.Image")


class RecordGeneratorWeights(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.weights = []

    def on_train_batch_end(self, batch, logs=None):
        self.weights.append(
            [np.array(w) for w in self.model.generator.trainable_weights]
        )


def test_all_callbacks_together(tmp_path):
    pytest.importorskip("matplotlib")
    images = make_images(24)
    gan = make_gan()
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-2))
    recorder = RecordGeneratorWeights()
    history = gan.fit(
        images,
        batch_size=8,
        epochs=3,
        verbose=0,
        callbacks=[
            callbacks.GeneratorEMA(decay=0.8, start_step=2),
            callbacks.SampleGrid(tmp_path / "grids", num_samples=16, gif=True),
            callbacks.LossPlot(tmp_path / "losses.png"),
            callbacks.GeneratorCheckpoint(tmp_path / "checkpoints", keep=2),
            callbacks.GANHealthMonitor(images, num_samples=16),
            recorder,
        ],
    )
    # Grids: 16 samples of 4x4 -> 4 rows and 4 columns with 1-pixel padding.
    grids = sorted(os.listdir(tmp_path / "grids"))
    assert grids == [
        "epoch_0001.png",
        "epoch_0002.png",
        "epoch_0003.png",
        "samples.gif",
    ]
    grid = PIL.open(tmp_path / "grids" / "epoch_0003.png")
    assert grid.size == (4 * 5 - 1, 4 * 5 - 1)
    assert PIL.open(tmp_path / "grids" / "samples.gif").n_frames == 3
    # The loss plot is a PNG.
    assert PIL.open(tmp_path / "losses.png").format == "PNG"
    with open(tmp_path / "losses.png.json") as file:
        assert sorted(json.load(file)) == ["1", "2", "3"]
    # Checkpoints: the newest two, loadable, generating images.
    saved = sorted(os.listdir(tmp_path / "checkpoints"))
    assert saved == ["generator_epoch_0002.keras", "generator_epoch_0003.keras"]
    generator = keras.saving.load_model(tmp_path / "checkpoints" / saved[-1])
    samples = keras.ops.convert_to_numpy(
        generator(gan.sample_latent(2, seed=0))
    )
    assert samples.shape == (2,) + IMAGE_SHAPE
    # The checkpoint holds the EMA generator.
    for a, b in zip(generator.get_weights(), gan.ema_generator.get_weights()):
        np.testing.assert_allclose(a, b)
    # EMA: differs from the raw weights, equals a NumPy EMA of them.
    average = None
    for step, weights in enumerate(recorder.weights, start=1):
        decay = 0.0 if step <= 2 else 0.8
        if average is None:
            average = weights
        else:
            average = [
                decay * a + (1 - decay) * w for a, w in zip(average, weights)
            ]
    ema_weights = [
        np.array(w)
        for w, raw in zip(gan.ema_generator.weights, gan.generator.weights)
        if raw.trainable
    ]
    for got, expected, raw in zip(
        ema_weights, average, gan.generator.trainable_weights
    ):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
        assert not np.allclose(got, np.array(raw))
    # The health monitor's signals are in the History.
    for key in (
        "d_real_accuracy",
        "d_fake_accuracy",
        "score_gap",
        "sample_diversity",
    ):
        assert len(history.history[key]) == 3
        assert np.all(np.isfinite(history.history[key]))


@pytest.mark.filterwarnings("ignore:Epoch 1:RuntimeWarning")
def _tiny_conditional_gan():
    """A compiled 3-class ConditionalGAN of 8x8 images."""
    generator = builders.conditional_generator(
        latent_dim=4, num_classes=3, image_shape=(8, 8, 1), filters=4
    )
    discriminator = builders.conditional_discriminator(
        image_shape=(8, 8, 1), num_classes=3, filters=4
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator)
    gan.compile()
    return gan


def test_conditional_sample_grid_has_one_row_per_class(tmp_path):
    gan = _tiny_conditional_gan()
    images = np.tanh(np.random.default_rng(0).normal(size=(12, 8, 8, 1)))
    labels = np.arange(12) % 3
    gan.fit(
        images.astype("float32"),
        labels,
        batch_size=6,
        epochs=1,
        verbose=0,
        callbacks=[
            callbacks.SampleGrid(tmp_path, num_samples=12),
            callbacks.GANHealthMonitor(images, real_labels=labels),
        ],
    )
    grid = PIL.open(tmp_path / "epoch_0001.png")
    # 3 classes x 4 per class, 8x8 images, 1-pixel padding.
    assert grid.size == (4 * 9 - 1, 3 * 9 - 1)


def test_interpolating_grids_walk_between_fixed_latents(tmp_path):
    from keras_gan_kit import latents

    gan = make_gan()
    gan.compile()
    grids = callbacks.SampleGrid(
        tmp_path / "walks", num_samples=9, interpolate=True
    )
    gan.fit(
        make_images(8), batch_size=8, epochs=1, verbose=0, callbacks=[grids]
    )
    grid = PIL.open(tmp_path / "walks" / "epoch_0001.png")
    # 3 walks of 3 steps of 4x4 images, 1-pixel padding.
    assert grid.size == (3 * 5 - 1, 3 * 5 - 1)
    # Each row runs from one fixed latent to the next.
    ends = gan.sample_latent(6, seed=0)
    images, columns = grids._grid_images()
    expected = gan.generate(latent=latents.interpolate(ends[2], ends[3], 3))
    np.testing.assert_allclose(images[3:6], expected, rtol=1e-5, atol=1e-6)
    assert columns == 3
    assert callbacks.SampleGrid(**grids.get_config()).interpolate

    cgan = _tiny_conditional_gan()
    grids = callbacks.SampleGrid(
        tmp_path / "cwalks", num_samples=12, interpolate=True
    )
    images = np.tanh(np.random.default_rng(0).normal(size=(6, 8, 8, 1)))
    fit_labelled = functools.partial(
        cgan.fit,
        images.astype("float32"),
        np.arange(6) % 3,
        batch_size=6,
        epochs=1,
        verbose=0,
    )
    fit_labelled(callbacks=[grids])
    grid = PIL.open(tmp_path / "cwalks" / "epoch_0001.png")
    # One row per class, 4 steps of one shared walk.
    assert grid.size == (4 * 9 - 1, 3 * 9 - 1)

    # Class interpolation: 2 latents, each morphing from class 0 into
    # class 2 in 8 steps, equal to the function's rows.
    grids = callbacks.SampleGrid(
        tmp_path / "morph", num_samples=16, interpolate_classes=(0, 2)
    )
    fit_labelled(callbacks=[grids])
    grid = PIL.open(tmp_path / "morph" / "epoch_0001.png")
    assert grid.size == (8 * 9 - 1, 2 * 9 - 1)
    rows, columns = grids._grid_images()
    expected = keras_gan_kit.class_interpolation.interpolate_classes(
        cgan, 0, 2, cgan.sample_latent(2, seed=0), 8
    )
    np.testing.assert_allclose(rows, expected, rtol=1e-5, atol=1e-6)
    config = grids.get_config()
    assert callbacks.SampleGrid(**config).interpolate_classes == [0, 2]
    with pytest.raises(ValueError, match="pair of class indices"):
        callbacks.SampleGrid(tmp_path, interpolate_classes=(1,))
    with pytest.raises(ValueError, match="classes of a ConditionalGAN"):
        gan.fit(
            make_images(8),
            batch_size=8,
            epochs=1,
            verbose=0,
            callbacks=[
                callbacks.SampleGrid(tmp_path, interpolate_classes=(0, 1))
            ],
        )


def test_checkpoint_on_improvement(tmp_path):
    gan = make_gan()
    gan.compile()
    values = iter([3.0, 2.0, 2.5, 1.0])

    class FakeMetric(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs["fid"] = next(values)

    gan.fit(
        make_images(8),
        batch_size=8,
        epochs=4,
        verbose=0,
        callbacks=[
            FakeMetric(),
            callbacks.GeneratorCheckpoint(tmp_path, monitor="fid", mode="min"),
        ],
    )
    saved = sorted(p for p in os.listdir(tmp_path) if p.endswith(".keras"))
    assert saved == [
        "generator_epoch_0001.keras",
        "generator_epoch_0002.keras",
        "generator_epoch_0004.keras",
    ]
    with open(tmp_path / "best.json") as file:
        assert json.load(file) == {"monitor": "fid", "value": 1.0, "epoch": 4}


def test_resumed_run_continues_numbering(tmp_path):
    pytest.importorskip("matplotlib")
    images = make_images(16)

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise KeyboardInterrupt

    def run(extra):
        keras.utils.set_random_seed(0)
        gan = make_gan()
        gan.compile()
        gan.fit(
            images,
            batch_size=8,
            epochs=4,
            shuffle=False,
            verbose=0,
            callbacks=[
                keras.callbacks.BackupAndRestore(str(tmp_path / "backup")),
                callbacks.SampleGrid(tmp_path / "grids", num_samples=4),
                callbacks.LossPlot(tmp_path / "losses.png"),
                callbacks.GeneratorCheckpoint(tmp_path / "checkpoints"),
            ]
            + extra,
        )

    with pytest.raises(KeyboardInterrupt):
        run([Interrupt()])
    first = os.path.getmtime(tmp_path / "grids" / "epoch_0001.png")
    run([])
    assert sorted(os.listdir(tmp_path / "grids")) == [
        f"epoch_{e:04d}.png" for e in range(1, 5)
    ]
    assert os.path.getmtime(tmp_path / "grids" / "epoch_0001.png") == first
    assert len(os.listdir(tmp_path / "checkpoints")) == 4
    with open(tmp_path / "losses.png.json") as file:
        assert sorted(json.load(file)) == ["1", "2", "3", "4"]


KILL_WHILE_WRITING = """
import os, signal, sys
import numpy as np
from keras_gan_kit.utils import atomic_path, save_image_grid

path = sys.argv[1]
save_image_grid(path, np.zeros((4, 4, 4, 1)))
with atomic_path(path) as temporary:
    with open(temporary, "wb") as file:
        file.write(b"\\x89PNG half a file")
        file.flush()
        os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_kill_while_saving_leaves_the_previous_file(tmp_path):
    path = tmp_path / "grid.png"
    result = subprocess.run(
        [sys.executable, "-c", KILL_WHILE_WRITING, str(path)],
        env=subprocess_env(),
        timeout=300,
    )
    assert result.returncode == -signal.SIGKILL
    picture = PIL.open(path)
    picture.load()
    assert picture.size == (9, 9)


def test_tensorboard_images(tmp_path):
    require_extra("tensorflow")
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing import event_accumulator

    gan = make_gan()
    gan.compile()
    gan.fit(
        make_images(8),
        batch_size=8,
        epochs=2,
        verbose=0,
        callbacks=[
            callbacks.SampleGrid(
                tmp_path / "grids",
                num_samples=4,
                tensorboard_dir=tmp_path / "tb",
            )
        ],
    )
    run = event_accumulator.EventAccumulator(
        str(tmp_path / "tb" / "samples"), size_guidance={"tensors": 0}
    )
    run.Reload()
    assert "samples" in run.Tags()["tensors"]
    assert len(run.Tensors("samples")) == 2


def test_callback_errors(tmp_path):
    with pytest.raises(ValueError, match="every_n_epochs must be >= 1"):
        callbacks.SampleGrid(tmp_path, every_n_epochs=0)
    with pytest.raises(ValueError, match="mode must be 'min' or 'max'"):
        callbacks.GeneratorCheckpoint(tmp_path, mode="best")
    with pytest.raises(ValueError, match=r"decay must be in \(0, 1\)"):
        callbacks.GeneratorEMA(decay=1.5)
    with pytest.raises(ValueError, match="at least 2 real images"):
        callbacks.GANHealthMonitor(np.zeros((1, 4, 4, 1)))
    plain = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="needs a keras_gan_kit GAN"):
        callbacks.GeneratorEMA().set_model(plain)
    gan = make_gan()
    with pytest.raises(ValueError, match="no generator EMA is attached"):
        gan.generate(2, use_ema=True)
    gan.compile()
    with pytest.raises(
        ValueError, match="monitors 'fid', which is not in the logs"
    ):
        gan.fit(
            make_images(8),
            batch_size=8,
            verbose=0,
            callbacks=[callbacks.GeneratorCheckpoint(tmp_path, monitor="fid")],
        )


def test_health_monitor_warns_once_and_can_stop(tmp_path):
    images = make_images(16)
    gan = make_gan()
    gan.compile()
    monitor = callbacks.GANHealthMonitor(
        images, collapse_threshold=10.0, stop_on_failure=True
    )
    with pytest.warns(RuntimeWarning, match="collapsing onto a few outputs"):
        history = gan.fit(
            images, batch_size=8, epochs=3, verbose=0, callbacks=[monitor]
        )
    assert len(history.history["sample_diversity"]) == 1


def test_ema_is_saved_and_restored_with_the_gan(tmp_path):
    gan = make_gan()
    gan.compile()
    gan.fit(
        make_images(16),
        batch_size=8,
        epochs=2,
        verbose=0,
        callbacks=[callbacks.GeneratorEMA(decay=0.9, start_step=1)],
    )
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras", safe_mode=True)
    assert (restored.ema_decay, restored.ema_start_step) == (0.9, 1)
    for a, b in zip(
        restored.ema_generator.get_weights(), gan.ema_generator.get_weights()
    ):
        np.testing.assert_array_equal(a, b)
    latent = gan.sample_latent(3, seed=0)
    np.testing.assert_allclose(
        restored.generate(latent=latent), gan.generate(latent=latent), atol=1e-6
    )
    assert not np.allclose(
        gan.generate(latent=latent), gan.generate(latent=latent, use_ema=False)
    )


def test_ema_half_life_ramps_up_along_a_cosine(tmp_path):
    # R3GAN's EMA: the half-life grows from 0 to decay's over ramp_steps.
    gan = make_gan()
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-2))
    gan.enable_generator_ema(decay=0.8, ramp_steps=4)
    initial = [np.array(w) for w in gan.generator.trainable_weights]
    recorder = RecordGeneratorWeights()
    gan.fit(
        make_images(48),
        batch_size=8,
        epochs=1,
        verbose=0,
        callbacks=[recorder],
    )
    half_life = np.log(0.5) / np.log(0.8)
    average = initial
    decays = []
    for step, weights in enumerate(recorder.weights, start=1):
        ramped = half_life * (1 - np.cos(np.pi * min(step / 4, 1.0))) / 2
        decays.append(0.5 ** (1 / ramped))
        average = [
            decays[-1] * a + (1 - decays[-1]) * w
            for a, w in zip(average, weights)
        ]
    # Short memory first, decay's from the fourth update on.
    assert decays[0] < 0.3 and decays[3:] == pytest.approx([0.8] * 3)
    ema_weights = [
        np.array(w)
        for w, raw in zip(gan.ema_generator.weights, gan.generator.weights)
        if raw.trainable
    ]
    for got, expected in zip(ema_weights, average):
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
    gan.save(tmp_path / "gan.keras")
    restored = keras.saving.load_model(tmp_path / "gan.keras", safe_mode=True)
    assert restored.ema_ramp_steps == 4
    with pytest.raises(ValueError, match="ramp_steps must be an integer"):
        gan.enable_generator_ema(decay=0.9, ramp_steps=-1)


def test_sample_grid_enlarges_pixels_without_smoothing(tmp_path):
    from PIL import Image

    from keras_gan_kit.utils import save_image_grid

    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    small = save_image_grid(tmp_path / "small.png", images)
    big = save_image_grid(tmp_path / "big.png", images, scale=3)
    assert big.shape == (3 * 17, 3 * 17, 1)
    np.testing.assert_array_equal(big[::3, ::3], small)
    np.testing.assert_array_equal(big[2::3, 1::3], small)
    auto = save_image_grid(tmp_path / "auto.png", images, scale="auto")
    assert auto.shape[0] == 8 * 17  # 8-pixel images enlarged to 64
    assert Image.open(tmp_path / "big.png").size == (51, 51)
    for bad in (0, 1.5, "big", True):
        with pytest.raises(ValueError, match="scale must be an integer >= 1"):
            save_image_grid(tmp_path / "bad.png", images, scale=bad)
    with pytest.raises(ValueError, match="scale must be an integer >= 1"):
        callbacks.SampleGrid(tmp_path, scale=0)
    assert (
        callbacks.SampleGrid(tmp_path, scale="auto").get_config()["scale"]
        == "auto"
    )


def test_loss_plot_gives_scores_and_each_metric_their_own_panel(tmp_path):
    plot = callbacks.LossPlot(tmp_path / "losses.png")
    for epoch in range(3):
        plot.on_epoch_end(
            epoch,
            {
                "d_loss": 1.3,
                "g_loss": 0.8,
                "val_d_loss": 1.2,
                "real_score": 0.6,
                "fake_score": 0.4,
                "d_real_accuracy": 0.7,
                "fid": 300.0 / (epoch + 1),
                "kid": 3.0,
                "kid_std": 0.2,
                "conditional_accuracy": 0.5,
                "augment_p": 0.1,
            },
        )
    assert plot.panels() == [
        ["d_loss", "g_loss", "val_d_loss"],
        ["d_real_accuracy", "fake_score", "real_score"],
        ["augment_p"],
        ["conditional_accuracy"],
        ["fid"],
        ["kid", "kid_std"],
    ]
    # Six panels in three rows of two; up to three stack in one column.
    assert PIL.open(tmp_path / "losses.png").size == (1300, 840)
    few = callbacks.LossPlot(tmp_path / "few.png", keys=["d_loss", "fid"])
    few.on_epoch_end(0, {"d_loss": 1.0, "fid": 200.0, "g_loss": 0.7})
    assert few.panels() == [["d_loss"], ["fid"]]
    assert PIL.open(tmp_path / "few.png").size == (650, 560)
    # The translation models' L1 terms share one panel, after the losses.
    cycle = callbacks.LossPlot(tmp_path / "cycle.png")
    cycle.on_epoch_end(
        0,
        {"d_loss": 0.4, "g_loss": 2.2, "cycle": 0.13, "identity": 0.11},
    )
    pix2pix = callbacks.LossPlot(tmp_path / "pix2pix.png")
    pix2pix.on_epoch_end(0, {"d_loss": 0.8, "l1": 0.1, "fid": 3.0})
    assert cycle.panels() == [["d_loss", "g_loss"], ["cycle", "identity"]]
    assert pix2pix.panels() == [["d_loss"], ["l1"], ["fid"]]
