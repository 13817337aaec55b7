"""`GAN` trained with real fit() loops on the active backend."""

import csv

import keras
import numpy as np
import pytest

import keras_gan_kit
from tests.conftest import IMAGE_SHAPE
from tests.conftest import LATENT_DIM
from tests.conftest import make_gan
from tests.conftest import make_images
from tests.conftest import make_networks
from tests.conftest import require_extra
from tests.conftest import weights_of

LOG_KEYS = {"d_loss", "g_loss", "loss", "real_score", "fake_score"}


def _changed(before, after):
    return [not np.array_equal(b, a) for b, a in zip(before, after)]


def test_fit_trains_both_networks(images):
    gan = make_gan()
    gan.compile()
    g_before = weights_of(gan.generator)
    d_before = weights_of(gan.discriminator)
    history = gan.fit(images, batch_size=8, epochs=2, verbose=0)
    assert set(history.history) == LOG_KEYS
    for values in history.history.values():
        assert len(values) == 2 and np.all(np.isfinite(values))
    for key in ("real_score", "fake_score"):
        assert all(0.0 < v < 1.0 for v in history.history[key])
    # Every trainable kernel and bias of both networks moved.
    g_trainable = len(gan.generator.trainable_weights)
    assert all(_changed(g_before, weights_of(gan.generator))[:2])
    assert sum(_changed(g_before, weights_of(gan.generator))) >= g_trainable
    assert all(_changed(d_before, weights_of(gan.discriminator)))
    # 3 batches per epoch, one update of each network per batch.
    assert int(gan.d_optimizer.iterations.numpy()) == 6
    assert int(gan.g_optimizer.iterations.numpy()) == 6


def test_discriminator_update_leaves_generator_alone(images):
    gan = make_gan(batch_norm=False)
    gan.compile(g_optimizer=keras.optimizers.Adam(learning_rate=0.0))
    g_before = weights_of(gan.generator)
    d_before = weights_of(gan.discriminator)
    gan.fit(images, batch_size=8, epochs=1, verbose=0)
    assert not any(_changed(g_before, weights_of(gan.generator)))
    assert all(_changed(d_before, weights_of(gan.discriminator)))


def test_generator_update_leaves_discriminator_alone(images):
    gan = make_gan(batch_norm=False)
    gan.compile(d_optimizer=keras.optimizers.Adam(learning_rate=0.0))
    g_before = weights_of(gan.generator)
    d_before = weights_of(gan.discriminator)
    gan.fit(images, batch_size=8, epochs=1, verbose=0)
    assert not any(_changed(d_before, weights_of(gan.discriminator)))
    assert all(_changed(g_before, weights_of(gan.generator)))


def test_step_counts_follow_discriminator_and_generator_steps(images):
    gan = make_gan()
    gan.compile(discriminator_steps=3, generator_steps=2)
    gan.fit(images, batch_size=8, epochs=1, verbose=0)
    assert int(gan.d_optimizer.iterations.numpy()) == 9
    assert int(gan.g_optimizer.iterations.numpy()) == 6
    assert int(gan.optimizer.iterations.numpy()) == 6


def test_default_optimizers_follow_dcgan():
    gan = make_gan()
    gan.compile()
    for optimizer in (gan.d_optimizer, gan.g_optimizer):
        assert isinstance(optimizer, keras.optimizers.Adam)
        np.testing.assert_allclose(float(optimizer.learning_rate), 2e-4)
        assert optimizer.beta_1 == 0.5
    assert gan.d_optimizer is not gan.g_optimizer
    assert isinstance(gan.optimizer, keras_gan_kit.GANOptimizer)


@pytest.mark.parametrize("loss", sorted(keras_gan_kit.losses.LOSS_FAMILIES))
def test_every_loss_family_trains(loss, images):
    gan = make_gan()
    gan.compile(loss=loss)
    history = gan.fit(images, batch_size=8, epochs=1, verbose=0)
    assert all(np.isfinite(v[0]) for v in history.history.values())


def test_label_smoothing_and_noise_train(images):
    gan = make_gan()
    gan.compile(label_smoothing=0.1, label_noise=0.05)
    history = gan.fit(images, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])


def test_smaller_last_batch_and_labels_are_ignored(images):
    gan = make_gan()
    gan.compile()
    labels = np.arange(len(images)) % 3
    history = gan.fit(
        images[:21], labels[:21], batch_size=8, epochs=2, verbose=0
    )
    assert np.all(np.isfinite(history.history["g_loss"]))
    assert int(gan.g_optimizer.iterations.numpy()) == 6


def test_fit_on_pydataset(images):
    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 3

        def __getitem__(self, index):
            return images[index * 8 : (index + 1) * 8]

    gan = make_gan()
    gan.compile()
    history = gan.fit(Batches(), epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])
    assert int(gan.d_optimizer.iterations.numpy()) == 3


def test_fit_on_tf_data(images):
    require_extra("tensorflow")
    import tensorflow as tf

    dataset = tf.data.Dataset.from_tensor_slices(
        (images, np.zeros(len(images)))
    ).batch(8)
    gan = make_gan()
    gan.compile()
    history = gan.fit(dataset, epochs=1, verbose=0, shuffle=False)
    assert np.isfinite(history.history["d_loss"][0])
    assert int(gan.d_optimizer.iterations.numpy()) == 3


def test_fit_on_torch_dataloader(images):
    require_extra("torch")
    import torch

    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(images)), batch_size=8
    )
    gan = make_gan()
    gan.compile()
    history = gan.fit(loader, epochs=1, verbose=0, shuffle=False)
    assert np.isfinite(history.history["d_loss"][0])
    assert int(gan.d_optimizer.iterations.numpy()) == 3


def test_same_seed_gives_identical_losses(images):
    histories = []
    for _ in range(2):
        keras.utils.set_random_seed(42)
        generator, discriminator = make_networks()
        gan = keras_gan_kit.GAN(generator, discriminator)
        gan.compile(label_noise=0.05)
        history = gan.fit(
            images, batch_size=8, epochs=2, verbose=0, shuffle=True
        )
        histories.append(history.history)
    assert histories[0] == histories[1]


def test_jit_compile_true(images, backend):
    if backend == "torch":
        pytest.skip("torch.compile is slow to warm up; eager is the default")
    gan = make_gan()
    gan.compile(jit_compile=True)
    history = gan.fit(images, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])


def test_works_with_keras_callbacks(images, tmp_path):
    gan = make_gan()
    gan.compile()
    log_path = tmp_path / "log.csv"
    history = gan.fit(
        images,
        batch_size=8,
        epochs=3,
        verbose=0,
        callbacks=[
            keras.callbacks.CSVLogger(str(log_path)),
            keras.callbacks.EarlyStopping(
                monitor="g_loss", mode="min", patience=5
            ),
            keras.callbacks.TerminateOnNaN(),
        ],
    )
    with open(log_path) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3
    assert LOG_KEYS <= set(rows[0])
    np.testing.assert_allclose(
        [float(r["d_loss"]) for r in rows], history.history["d_loss"], rtol=1e-6
    )


def test_generate_and_sample_latent(images):
    gan = make_gan()
    gan.compile()
    samples = gan.generate(5)
    assert samples.shape == (5,) + IMAGE_SHAPE
    assert samples.min() >= -1.0 and samples.max() <= 1.0
    latent = gan.sample_latent(4, seed=3)
    assert latent.shape == (4, LATENT_DIM) and latent.dtype == np.float32
    np.testing.assert_array_equal(latent, gan.sample_latent(4, seed=3))
    # Batches of 2 and of 4 run different float32 kernels: measured up to
    # 2.6e-6 relative apart on TensorFlow and 1.4e-5 on PyTorch.
    np.testing.assert_allclose(
        gan.generate(latent=latent, batch_size=2),
        gan.generate(4, seed=3),
        rtol=5e-5,
        atol=1e-6,
    )
    # Inference mode: the same latent gives the same image, and generating
    # never advances the training sampler.
    state = np.array(gan.seed_generator.state.numpy())
    np.testing.assert_allclose(
        gan.generate(latent=latent), gan.generate(latent=latent)
    )
    np.testing.assert_array_equal(state, gan.seed_generator.state.numpy())
    assert gan.predict(latent, verbose=0).shape == (4,) + IMAGE_SHAPE


def test_generate_errors():
    gan = make_gan()
    with pytest.raises(ValueError, match="needs num_samples or latent"):
        gan.generate()
    with pytest.raises(
        ValueError, match=r"latent must have shape \(n, 6\).*\(3, 5\)"
    ):
        gan.generate(latent=np.zeros((3, 5)))
    with pytest.raises(ValueError, match="num_samples=2 disagrees with the 3"):
        gan.generate(2, latent=np.zeros((3, LATENT_DIM)))
    with pytest.raises(ValueError, match="positive integer; received 0"):
        gan.generate(0)


def test_latent_dim_is_read_from_the_generator():
    gan = make_gan()
    assert gan.latent_dim == LATENT_DIM


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def test_fit_before_compile(images):
    gan = make_gan()
    with pytest.raises(
        ValueError, match=r"fit\(\) was called before GAN.compile"
    ):
        gan.fit(images, epochs=1, verbose=0)


def test_images_of_the_wrong_shape(images):
    gan = make_gan()
    gan.compile()
    wrong = np.zeros((8, 5, 5, 1), dtype="float32")
    with pytest.raises(
        ValueError, match=r"shape \(8, 5, 5, 1\).*expects \(None, 4, 4, 1\)"
    ):
        gan.fit(wrong, epochs=1, verbose=0)


def test_uint8_images_point_to_scale_images():
    gan = make_gan()
    gan.compile()
    pixels = np.zeros((8,) + IMAGE_SHAPE, dtype="uint8")
    with pytest.raises(ValueError, match="dtype uint8.*scale_images"):
        gan.fit(pixels, epochs=1, verbose=0)


def test_values_outside_tanh_range(images):
    gan = make_gan()
    gan.compile()
    with pytest.raises(
        ValueError, match=r"values in \[0, 255\].*\[-1, 1\].*scale_images"
    ):
        gan.fit(
            images * 0 + np.linspace(0, 255, 16).reshape(IMAGE_SHAPE), verbose=0
        )
    nan_images = images.copy()
    nan_images[0, 0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        gan.fit(nan_images, verbose=0)


def test_range_is_checked_on_datasets_too(images):
    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 1

        def __getitem__(self, index):
            return images * 3.0

    gan = make_gan()
    gan.compile()
    with pytest.raises(ValueError, match="generator's output activation"):
        gan.fit(Batches(), verbose=0)


def test_bad_compile_arguments():
    gan = make_gan()
    with pytest.raises(ValueError, match="Unknown GAN loss 'wgan'"):
        gan.compile(loss="wgan")
    with pytest.raises(
        ValueError, match="discriminator_steps must be >= 1; received"
    ):
        gan.compile(discriminator_steps=0)
    with pytest.raises(ValueError, match="generator_steps must be an integer"):
        gan.compile(generator_steps=1.5)
    with pytest.raises(
        ValueError, match=r"label_smoothing must be a number in \[0, 1\)"
    ):
        gan.compile(label_smoothing=1.2)
    with pytest.raises(ValueError, match="'wasserstein' has no targets"):
        gan.compile(loss="wasserstein", label_smoothing=0.1)
    optimizer = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="two separate optimizer instances"):
        gan.compile(d_optimizer=optimizer, g_optimizer=optimizer)


def test_validation_data_is_refused(images):
    gan = make_gan()
    gan.compile()
    with pytest.raises(ValueError, match="no evaluation step"):
        gan.fit(images, validation_split=0.5, verbose=0)


def test_mismatched_networks():
    generator, _ = make_networks()
    discriminator = keras.Sequential(
        [keras.Input((5, 5, 1)), keras.layers.Flatten(), keras.layers.Dense(1)]
    )
    with pytest.raises(
        ValueError,
        match=r"output shape \(None, 4, 4, 1\).*input shape \(None, 5, 5, 1\)",
    ):
        keras_gan_kit.GAN(generator, discriminator)
    generator, discriminator = make_networks()
    with pytest.raises(ValueError, match="latent_dim=7 does not match"):
        keras_gan_kit.GAN(generator, discriminator, latent_dim=7)
    with pytest.raises(ValueError, match="must be a keras.Model"):
        keras_gan_kit.GAN(keras.layers.Dense(3), discriminator)
    with pytest.raises(ValueError, match="is not built"):
        keras_gan_kit.GAN(
            keras.Sequential([keras.layers.Dense(16)]), discriminator
        )


def test_terminate_on_nan_stops_training():
    images = make_images(48)

    class Explode(keras.optimizers.schedules.LearningRateSchedule):
        # A sane rate for 3 updates, then one that blows the weights up.
        def __call__(self, step):
            return keras.ops.where(step < 3, 1e-3, 1e30)

        def get_config(self):
            return {}

    gan = make_gan()
    gan.compile(d_optimizer=keras.optimizers.SGD(learning_rate=Explode()))
    history = gan.fit(
        images,
        batch_size=4,
        epochs=5,
        verbose=0,
        callbacks=[keras.callbacks.TerminateOnNaN()],
    )
    # Stopped within the first epoch instead of running all five.
    assert len(history.history["loss"]) == 1
    assert not np.isfinite(history.history["loss"][0])


def test_uniform_latents(images):
    generator, discriminator = make_networks()
    gan = keras_gan_kit.GAN(
        generator, discriminator, latent_distribution="uniform"
    )
    latent = gan.sample_latent(500, seed=0)
    assert latent.min() >= -1.0 and latent.max() <= 1.0
    assert abs(latent.std() - 1 / np.sqrt(3)) < 0.02  # U(-1, 1), not N(0, 1)
    drawn = keras.ops.convert_to_numpy(gan.latent_batch(500))
    assert drawn.min() >= -1.0 and drawn.max() <= 1.0
    gan.compile()
    history = gan.fit(images, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["g_loss"][0])
    assert keras_gan_kit.GAN.from_config(
        gan.get_config()
    ).latent_distribution == ("uniform")
    with pytest.raises(ValueError, match="Unknown latent_distribution 'gauss'"):
        keras_gan_kit.GAN(generator, discriminator, latent_distribution="gauss")


def test_tensorboard_logs_gan_metrics(images, tmp_path):
    require_extra("tensorflow")
    pytest.importorskip("tensorboard")
    gan = make_gan()
    gan.compile()
    gan.fit(
        images,
        batch_size=8,
        epochs=2,
        verbose=0,
        callbacks=[
            keras.callbacks.TensorBoard(str(tmp_path), update_freq="batch")
        ],
    )
    from tensorboard.backend.event_processing import event_accumulator

    run = event_accumulator.EventAccumulator(str(tmp_path / "train"))
    run.Reload()
    tags = set(run.Tags()["scalars"]) | set(run.Tags()["tensors"])
    assert {"epoch_d_loss", "epoch_g_loss", "epoch_real_score"} <= tags


def test_steps_per_execution(images, backend):
    if backend == "torch":
        pytest.skip("Keras allows steps_per_execution > 1 only off PyTorch")
    gan = make_gan()
    gan.compile(steps_per_execution=3)
    history = gan.fit(images, batch_size=4, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])
    assert int(gan.g_optimizer.iterations.numpy()) == 6


class _CountCalls(keras.layers.Layer):
    """Identity that counts its Python calls: once per step when eager
    (PyTorch), once per trace of the step when compiled."""

    calls = 0

    def call(self, inputs):
        type(self).calls += 1
        return inputs


class _CountingGAN(keras_gan_kit.GAN):
    steps = 0

    def train_step(self, *args):
        type(self).steps += 1
        return super().train_step(*args)


@pytest.mark.parametrize("generator_steps", [1, 2])
def test_one_generator_pass_serves_both_updates(images, generator_steps):
    # The last discriminator update and the first generator update share
    # one generator pass; each further update needs its own.
    generator, discriminator = make_networks()
    generator = keras.Sequential([generator, _CountCalls()])
    gan = _CountingGAN(generator, discriminator, seed=1)
    gan.compile(discriminator_steps=2, generator_steps=generator_steps)
    _CountCalls.calls = _CountingGAN.steps = 0
    gan.fit(images[:16], batch_size=8, epochs=1, verbose=0)
    assert _CountingGAN.steps >= 1
    # 1 for the first discriminator update, 1 shared, 1 per extra update.
    assert _CountCalls.calls == (2 + generator_steps - 1) * _CountingGAN.steps


def test_smaller_last_batch_does_not_retrace_every_epoch(images, backend):
    gan = _CountingGAN(*make_networks(), seed=1)
    gan.compile()
    _CountingGAN.steps = 0
    # Batches of 4, 4 and 2 in each of 3 epochs.
    gan.fit(images[:10], batch_size=4, epochs=3, verbose=0)
    if backend == "torch":
        assert _CountingGAN.steps == 9  # eager: one call per batch
    else:
        # One trace per batch shape, kept across epochs.
        assert _CountingGAN.steps <= 2, _CountingGAN.steps


class _CountingBatches(keras.utils.PyDataset):
    def __init__(self, images, batch_size):
        super().__init__()
        self.images, self.batch_size = images, batch_size
        self.epochs_ended, self.batches_read = 0, 0

    def __len__(self):
        return len(self.images) // self.batch_size

    def __getitem__(self, index):
        self.batches_read += 1
        start = index * self.batch_size
        return self.images[start : start + self.batch_size]

    def on_epoch_end(self):
        self.epochs_ended += 1


@pytest.mark.parametrize("shuffle", [False, True])
def test_pydataset_epochs_and_batches(images, shuffle):
    # On TensorFlow, fit(PyDataset, shuffle=False) reads it through the
    # backend's own pipeline; either way every batch is read once per epoch
    # and on_epoch_end runs after each epoch.
    gan = make_gan()
    gan.compile()
    batches = _CountingBatches(images[:16], batch_size=4)
    history = gan.fit(batches, epochs=3, shuffle=shuffle, verbose=0)
    assert len(history.history["d_loss"]) == 3
    # Keras's own PyDataset reader also calls it once when fit starts.
    assert batches.epochs_ended in (3, 4)
    assert batches.batches_read >= 12


@pytest.mark.parametrize("shuffle", [False, True])
def test_array_input_sees_every_image_each_epoch(shuffle):
    # Each image is a constant; a discriminator that returns its input's
    # mean makes real_score the mean over the epoch's images, so every
    # image must be used exactly once per epoch (last partial batch too).
    values = np.linspace(-0.9, 0.9, 10).astype("float32")
    x = np.broadcast_to(values[:, None, None, None], (10,) + IMAGE_SHAPE)
    x = np.ascontiguousarray(x)
    generator, _ = make_networks()
    discriminator = keras.Sequential(
        [
            keras.Input(IMAGE_SHAPE),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(1, kernel_initializer="ones"),
        ]
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=1)
    # A learning rate of 0 keeps the discriminator the identity.
    gan.compile(
        d_optimizer=keras.optimizers.SGD(0.0),
        g_optimizer=keras.optimizers.SGD(0.0),
    )
    sigmoid = 1 / (1 + np.exp(-values))
    if shuffle:
        # Two batches of 5: their mean is the mean of all, in any order.
        batch_size, expected = 5, sigmoid.mean()
    else:
        # Batches of 4, 4 and the last 2, in order; a running mean of them.
        batch_size = 4
        expected = np.mean(
            [sigmoid[:4].mean(), sigmoid[4:8].mean(), sigmoid[8:].mean()]
        )
    history = gan.fit(
        x, batch_size=batch_size, epochs=2, shuffle=shuffle, verbose=0
    )
    for score in history.history["real_score"]:
        np.testing.assert_allclose(score, expected, rtol=1e-5)


def test_range_is_read_through_a_nested_generator(images):
    # The generator's tanh sits in a nested model, before a Reshape: the
    # range check follows the output back through both.
    inner = keras.Sequential(
        [keras.Input((6,)), keras.layers.Dense(16, activation="tanh")]
    )
    generator = keras.Sequential(
        [keras.Input((6,)), inner, keras.layers.Reshape(IMAGE_SHAPE)]
    )
    discriminator = keras.Sequential(
        [
            keras.Input(IMAGE_SHAPE),
            keras.layers.Flatten(),
            keras.layers.Dense(1),
        ]
    )
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile()
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        gan.fit(images * 3.0, verbose=0)
