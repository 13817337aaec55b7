"""Class interpolation: the mixed-embedding view and the morphing rows."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit.class_interpolation import interpolate_classes
from keras_gan_kit.class_interpolation import soft_label_generator


def _generators():
    dcgan = builders.conditional_generator(
        latent_dim=8, num_classes=3, image_shape=(8, 8, 1), filters=4
    )
    resnet = builders.resnet_generator(
        latent_dim=8,
        num_classes=3,
        image_shape=(16, 16, 3),
        filters=8,
        latent_in_condition=True,
    )
    # Conditional batch norm starts class-blind; give its gains a class
    # dependence, as training would.
    gain = resnet.get_layer("block_1").norm_1.gain.kernel
    gain.assign(np.random.default_rng(0).normal(size=gain.shape))
    return [dcgan, resnet]


@pytest.mark.parametrize("index", [0, 1])
def test_mixed_labels_follow_the_embedding_table(index):
    generator = _generators()[index]
    view = soft_label_generator(generator)
    latent = np.random.default_rng(1).normal(size=(3, 8)).astype("float32")
    labels = np.array([[0], [1], [2]], "int32")
    one_hot = np.eye(3, dtype="float32")
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(view([latent, one_hot])),
        keras.ops.convert_to_numpy(generator([latent, labels])),
        atol=1e-5,
    )
    # Rows of a class morph: both ends are the classes' own images, and the
    # middle differs from both.
    images = interpolate_classes(generator, 0, 2, latent[:2], num_steps=5)
    assert images.shape == (10,) + tuple(generator.output_shape[1:])
    ends = keras.ops.convert_to_numpy(
        generator([np.repeat(latent[:2], 2, axis=0), np.array([[0], [2]] * 2)])
    )
    np.testing.assert_allclose(images[[0, 4, 5, 9]], ends, atol=1e-5)
    assert not np.allclose(images[2], images[0], atol=1e-4)
    assert not np.allclose(images[2], images[4], atol=1e-4)


def test_class_interpolation_refuses_what_it_cannot_mix():
    unconditional = builders.dcgan_generator(
        latent_dim=4, image_shape=(8, 8, 1), filters=4
    )
    with pytest.raises(ValueError, match="needs a conditional generator"):
        soft_label_generator(unconditional)
    generator = _generators()[0]
    latent = np.zeros((1, 8), "float32")
    with pytest.raises(ValueError, match="end_class must be a class from 0"):
        interpolate_classes(generator, 0, 3, latent, 4)
    with pytest.raises(ValueError, match="at least 2"):
        interpolate_classes(generator, 0, 1, latent, 1)
    with pytest.raises(ValueError, match=r"shape \(rows, 8\)"):
        interpolate_classes(generator, 0, 1, np.zeros((1, 5)), 4)


def test_a_conditional_gan_interpolates_with_its_sampling_generator():
    generator = _generators()[0]
    discriminator = builders.conditional_discriminator(
        image_shape=(8, 8, 1), num_classes=3, head="projection", filters=4
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator)
    gan.compile()
    images = interpolate_classes(gan, 1, 2, np.zeros((2, 8)), 3)
    assert images.shape == (6, 8, 8, 1)
