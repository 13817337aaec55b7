"""`ConditionalGAN`: labelled fit() on every backend, errors, saving."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders

IMAGE_SHAPE = (8, 8, 1)
NUM_CLASSES = 3


def make_cgan(head="concat", **kwargs):
    generator = builders.conditional_generator(
        latent_dim=6,
        num_classes=NUM_CLASSES,
        image_shape=IMAGE_SHAPE,
        filters=4,
        embedding_dim=5,
    )
    discriminator = builders.conditional_discriminator(
        image_shape=IMAGE_SHAPE,
        num_classes=NUM_CLASSES,
        head=head,
        filters=4,
        embedding_dim=5,
    )
    return keras_gan_kit.ConditionalGAN(
        generator, discriminator, seed=3, **kwargs
    )


def make_data(count=24):
    rng = np.random.default_rng(0)
    images = np.tanh(rng.normal(size=(count,) + IMAGE_SHAPE)).astype("float32")
    return images, (np.arange(count) % NUM_CLASSES).astype("int64")


@pytest.mark.parametrize("head", ["concat", "projection", "auxiliary"])
def test_fit_with_arrays(head):
    images, labels = make_data()
    gan = make_cgan(head)
    gan.compile()
    g_before = [w.copy() for w in gan.generator.get_weights()]
    d_before = [w.copy() for w in gan.discriminator.get_weights()]
    history = gan.fit(images, labels, batch_size=8, epochs=2, verbose=0)
    expected = {"d_loss", "g_loss", "loss", "real_score", "fake_score"}
    if head == "auxiliary":
        expected |= {"d_class_loss", "g_class_loss"}
    assert set(history.history) == expected
    assert all(np.all(np.isfinite(v)) for v in history.history.values())
    for before, network in (
        (g_before, gan.generator),
        (d_before, gan.discriminator),
    ):
        after = network.get_weights()
        assert any(not np.array_equal(a, b) for a, b in zip(before, after))


def test_acgan_class_loss_is_weighted_and_logged():
    images, labels = make_data()
    gan = make_cgan("auxiliary")
    gan.compile(class_loss_weight=0.0)
    history = gan.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    # At weight 0 the class head gets no gradient, but its loss is logged.
    assert history.history["d_class_loss"][0] > 0
    with pytest.raises(ValueError, match="class_loss_weight must be >= 0"):
        gan.compile(class_loss_weight=-1)


def test_fit_on_label_pairs_from_tf_data_and_torch():
    images, labels = make_data()
    gan = make_cgan()
    gan.compile()
    try:
        import tensorflow as tf
    except ImportError:
        tf = None
    if tf is not None:
        dataset = tf.data.Dataset.from_tensor_slices((images, labels)).batch(8)
        history = gan.fit(dataset, epochs=1, verbose=0, shuffle=False)
        assert np.isfinite(history.history["d_loss"][0])
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        loader = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(
                torch.from_numpy(images), torch.from_numpy(labels)
            ),
            batch_size=8,
        )
        history = gan.fit(loader, epochs=1, verbose=0, shuffle=False)
        assert np.isfinite(history.history["d_loss"][0])
    if tf is None and torch is None:
        pytest.skip(
            "needs TensorFlow or PyTorch for their data pipelines: pip "
            'install -e ".[tensorflow]" (or torch)'
        )


def test_label_sampling_from_data():
    images, labels = make_data()
    gan = make_cgan(label_sampling="data")
    gan.compile()
    real_batch = (images[:4], keras.ops.convert_to_tensor(labels[:4]))
    _, sampled = gan.generator_inputs(4, real_batch)
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(sampled).ravel(), labels[:4]
    )
    history = gan.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["g_loss"][0])
    with pytest.raises(ValueError, match="Unknown label_sampling 'balanced'"):
        make_cgan(label_sampling="balanced")


def test_generate_and_grid():
    gan = make_cgan()
    images = gan.generate(labels=[0, 1, 2, 2])
    assert images.shape == (4,) + IMAGE_SHAPE
    assert gan.generate(5, seed=1).shape == (5,) + IMAGE_SHAPE
    np.testing.assert_allclose(gan.generate(5, seed=1), gan.generate(5, seed=1))
    grid = gan.generate_grid(4, seed=0)
    assert grid.shape == (NUM_CLASSES, 4) + IMAGE_SHAPE
    # Same latents down a column, so the label alone changes the images.
    np.testing.assert_allclose(
        grid[1],
        gan.generate(labels=[1] * 4, latent=gan.sample_latent(4, seed=0)),
    )
    assert not np.allclose(grid[0], grid[1])


def test_label_errors():
    images, labels = make_data()
    gan = make_cgan()
    gan.compile()
    with pytest.raises(
        ValueError, match="needs class labels and received none"
    ):
        gan.fit(images, batch_size=8, verbose=0)
    with pytest.raises(ValueError, match=r"received \[3, 7\]"):
        gan.fit(
            images,
            np.where(labels == 2, 7, labels) + (labels == 1) * 2,
            verbose=0,
        )
    with pytest.raises(ValueError, match=r"received \[-1\]"):
        gan.fit(images, labels - 1, verbose=0)
    with pytest.raises(ValueError, match=r"non-integer values such as \[0.5\]"):
        gan.fit(images, labels + 0.5 * (labels == 0), verbose=0)
    with pytest.raises(ValueError, match="Received 24 images but 23 labels"):
        gan.fit(images, labels[:23], verbose=0)
    with pytest.raises(ValueError, match=r"received \[5\]"):
        gan.generate(labels=[0, 5])
    with pytest.raises(ValueError, match="needs labels, num_samples or latent"):
        gan.generate()
    # Whole-number floats are accepted.
    history = gan.fit(images, labels.astype("float32"), batch_size=8, verbose=0)
    assert np.isfinite(history.history["d_loss"][0])


def test_network_errors():
    generator, discriminator = builders.preset(
        "dcgan_mnist", image_shape=(8, 8, 1), filters=4
    )
    with pytest.raises(
        ValueError, match=r"takes two inputs, \[latent, labels\]"
    ):
        keras_gan_kit.ConditionalGAN(generator, discriminator)
    conditional_generator = make_cgan().generator
    with pytest.raises(ValueError, match="either takes \\[images, labels\\]"):
        keras_gan_kit.ConditionalGAN(conditional_generator, discriminator)
    cgan_discriminator = make_cgan().discriminator
    with pytest.raises(ValueError, match="num_classes=5 disagrees"):
        keras_gan_kit.ConditionalGAN(
            conditional_generator, cgan_discriminator, num_classes=5
        )


def test_save_reload_and_continue_equals_uninterrupted(tmp_path):
    images, labels = make_data(32)

    def fresh():
        keras.utils.set_random_seed(5)
        gan = make_cgan("auxiliary")
        gan.compile(class_loss_weight=0.5, label_smoothing=0.1)
        return gan

    uninterrupted = fresh()
    uninterrupted.fit(
        images, labels, batch_size=8, epochs=2, shuffle=False, verbose=0
    )
    first = fresh()
    first.fit(images, labels, batch_size=8, epochs=1, shuffle=False, verbose=0)
    first.save(tmp_path / "cgan.keras")
    resumed = keras.saving.load_model(tmp_path / "cgan.keras", safe_mode=True)
    assert isinstance(resumed, keras_gan_kit.ConditionalGAN)
    assert resumed.num_classes == NUM_CLASSES and resumed.auxiliary_classifier
    assert resumed.class_loss_weight == 0.5
    resumed.fit(
        images, labels, batch_size=8, epochs=1, shuffle=False, verbose=0
    )
    for a, b in zip(uninterrupted.get_weights(), resumed.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
