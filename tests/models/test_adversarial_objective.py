"""The objective's hooks on known networks, against NumPy: the adversarial
losses, AC-GAN's class term through `auxiliary_loss`, the labels of a
generated batch and how labels are shaped for each network."""

import keras
import numpy as np
import pytest
from keras import ops
from scipy.special import log_softmax

import keras_gan_kit
from keras_gan_kit.models.conditional_gan import _labels_for

RNG = np.random.default_rng(0)
REAL = RNG.uniform(-1, 1, (4, 2, 2, 1)).astype("float32")
FAKE = RNG.uniform(-1, 1, (4, 2, 2, 1)).astype("float32")
LABELS = np.array([0, 2, 1, 2], "int32")


def _numpy(value):
    return np.asarray(ops.convert_to_numpy(value))


def _softplus(x):
    return np.logaddexp(0.0, x)


def _linear_gan(loss="non_saturating"):
    """A GAN whose discriminator is one known linear map."""
    generator = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(4),
            keras.layers.Reshape((2, 2, 1)),
        ]
    )
    discriminator = keras.Sequential(
        [keras.Input((2, 2, 1)), keras.layers.Flatten(), keras.layers.Dense(1)]
    )
    discriminator.layers[-1].set_weights(
        [np.array([[0.5], [-1.0], [2.0], [0.25]], "float32"), np.array([0.1])]
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile(loss=loss)
    return gan


def _logits(images):
    weights = np.array([0.5, -1.0, 2.0, 0.25])
    return images.reshape(len(images), -1) @ weights + 0.1


def test_discriminator_loss_against_numpy():
    gan = _linear_gan()
    loss, aux = gan.compute_discriminator_loss((REAL, None), FAKE, None)
    real, fake = _logits(REAL), _logits(FAKE)
    expected = _softplus(-real).mean() + _softplus(fake).mean()
    np.testing.assert_allclose(_numpy(loss), expected, rtol=1e-5)
    np.testing.assert_allclose(_numpy(aux["real_logits"]).ravel(), real, 1e-5)
    np.testing.assert_allclose(_numpy(aux["fake_logits"]).ravel(), fake, 1e-5)


@pytest.mark.parametrize("loss", ["non_saturating", "relativistic_average"])
def test_generator_loss_against_numpy(loss):
    gan = _linear_gan(loss)
    value, aux = gan.compute_generator_loss((REAL, None), FAKE, None)
    real, fake = _logits(REAL), _logits(FAKE)
    if loss == "non_saturating":
        expected = _softplus(-fake).mean()
    else:  # relativistic average: the roles of real and fake swapped
        expected = (
            _softplus(real - fake.mean()).mean()
            + _softplus(-(fake - real.mean())).mean()
        )
    np.testing.assert_allclose(_numpy(value), expected, rtol=1e-5)
    assert aux == {}


def test_gan_has_no_generated_labels_and_no_auxiliary_term():
    gan = _linear_gan()
    assert gan.generated_labels(np.zeros((4, 3), "float32")) is None
    term, logs = gan.auxiliary_loss("discriminator", None, None, None, None)
    assert term is None and logs == {}


def _acgan(class_loss_weight):
    generator = keras_gan_kit.builders.conditional_generator(
        latent_dim=3, num_classes=3, image_shape=(8, 8, 1), filters=2
    )
    images = keras.Input((8, 8, 1))
    flat = keras.layers.Flatten()(images)
    discriminator = keras.Model(
        images, [keras.layers.Dense(1)(flat), keras.layers.Dense(3)(flat)]
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator, seed=0)
    gan.compile(class_loss_weight=class_loss_weight)
    return gan


def test_acgan_class_term_against_numpy():
    gan = _acgan(class_loss_weight=0.5)
    class_logits = RNG.normal(size=(2, 4, 3)).astype("float32")
    validity = RNG.normal(size=(2, 4, 1)).astype("float32")
    real_outputs = [validity[0], class_logits[0]]
    fake_outputs = [validity[1], class_logits[1]]
    fake_labels = np.array([1, 1, 0, 2], "int32")

    def cross_entropy(labels, logits):
        return -log_softmax(logits.astype("float64"), axis=-1)[
            np.arange(len(labels)), labels
        ].mean()

    real_term = cross_entropy(LABELS, class_logits[0])
    fake_term = cross_entropy(fake_labels, class_logits[1])
    term, logs = gan.auxiliary_loss(
        "discriminator",
        (REAL, LABELS),
        (FAKE, fake_labels),
        real_outputs,
        fake_outputs,
    )
    np.testing.assert_allclose(
        _numpy(logs["class_loss"]), real_term + fake_term, 1e-5
    )
    np.testing.assert_allclose(
        _numpy(term), 0.5 * (real_term + fake_term), 1e-5
    )
    term, logs = gan.auxiliary_loss(
        "generator", (REAL, LABELS), (FAKE, fake_labels), None, fake_outputs
    )
    np.testing.assert_allclose(_numpy(term), 0.5 * fake_term, rtol=1e-5)


def test_generated_labels_and_label_shapes():
    gan = _acgan(class_loss_weight=1.0)
    inputs = [np.zeros((4, 3), "float32"), LABELS.reshape(-1, 1)]
    np.testing.assert_array_equal(_numpy(gan.generated_labels(inputs)), LABELS)
    two_inputs = [keras.Input((2,)), keras.Input((1,))]
    as_column = keras.Model(two_inputs, two_inputs[0])
    two_flat = [keras.Input((2,)), keras.Input(())]
    as_flat = keras.Model(two_flat, two_flat[0])
    assert _labels_for(as_column, LABELS).shape == (4, 1)
    assert _labels_for(as_flat, LABELS.reshape(-1, 1)).shape == (4,)
    assert isinstance(_labels_for(as_column, LABELS), np.ndarray)
    assert tuple(
        ops.shape(_labels_for(as_flat, ops.convert_to_tensor(LABELS)))
    ) == (4,)
