"""StyleGAN2's and R3GAN's networks: shapes, the parts of a StyleGAN2
generator, the authors' sizes, and refused arguments."""

import keras
import numpy as np
import pytest

from keras_gan_kit import builders
from keras_gan_kit.layers import GroupedConv2D
from tests.conftest import readme_test_backend

TINY_STYLEGAN2 = dict(
    latent_dim=8,
    w_dim=8,
    mapping_layers=2,
    channel_base=64,
    max_filters=8,
)


def test_stylegan2_networks_have_the_requested_shapes():
    generator = builders.stylegan2_generator(
        image_shape=(16, 16, 1), **TINY_STYLEGAN2
    )
    discriminator = builders.stylegan2_discriminator(
        image_shape=(16, 16, 1), channel_base=64, max_filters=8
    )
    latent = np.random.default_rng(0).normal(size=(4, 8)).astype("float32")
    images = keras.ops.convert_to_numpy(generator(latent))
    assert images.shape == (4, 16, 16, 1)
    assert discriminator(images).shape == (4, 1)
    # Three blocks (4, 8, 16 px), two styles each.
    assert generator.get_layer("style_mixing").num_styles == 6


def test_the_mapping_and_synthesis_parts_compose_into_the_generator():
    generator = builders.stylegan2_generator(
        image_shape=(8, 8, 3), **TINY_STYLEGAN2
    )
    mapping, synthesis = builders.stylegan2_parts(generator)
    latent = np.random.default_rng(1).normal(size=(3, 8)).astype("float32")
    w = keras.ops.convert_to_numpy(mapping(latent))
    styles = np.repeat(w[:, None], synthesis.input_shape[1], axis=1)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(synthesis(styles)),
        generator.predict(latent, verbose=0),
        rtol=1e-5,
        atol=1e-5,
    )
    # The parts share the generator's weights.
    assert {id(v) for v in synthesis.weights} <= {
        id(v) for v in generator.weights
    }
    with pytest.raises(ValueError, match="not a StyleGAN2 generator"):
        builders.stylegan2_parts(builders.mlp_generator())


def test_sizes_follow_the_authors_configurations():
    # Counting builds some 70M weights; the counts are the same on every
    # backend (the layers' shapes do not depend on it), so one counts.
    if keras.backend.backend() != readme_test_backend():
        pytest.skip("the counts are the same on every backend")
    # StyleGAN2 config F at 1024 px: the paper's 29.0M discriminator
    # weights (its generator, 30.4M trainable weights here, takes 18 s
    # to build on a CPU core and is left out).
    discriminator = builders.stylegan2_discriminator(
        image_shape=(1024, 1024, 3), channel_base=32768
    )
    assert round(discriminator.count_params() / 1e6, 1) == 29.0
    # R3GAN's CIFAR-10 configuration, counted as its Networks.py builds it.
    assert builders.r3gan_generator().count_params() == 20_732_160
    assert builders.r3gan_discriminator().count_params() == 20_683_776


def test_r3gan_networks_start_near_the_identity():
    generator = builders.r3gan_generator(
        latent_dim=8, image_shape=(16, 16, 3), filters=(32, 16, 16)
    )
    discriminator = builders.r3gan_discriminator(
        image_shape=(16, 16, 3), filters=(32, 16, 16)
    )
    # Each block's last convolution starts at zero (fix-up initialization).
    projections = [
        layer
        for layer in generator.layers
        if layer.name.endswith("_project") and layer.name.startswith("g")
    ]
    assert projections and all(
        not np.any(keras.ops.convert_to_numpy(layer.kernel))
        for layer in projections
    )
    grouped = [
        layer
        for layer in discriminator.layers
        if isinstance(layer, GroupedConv2D)
    ]
    assert grouped and all(
        layer.groups == layer.filters // 16 for layer in grouped
    )
    latent = np.random.default_rng(2).normal(size=(4, 8)).astype("float32")
    images = keras.ops.convert_to_numpy(generator(latent))
    assert images.shape == (4, 16, 16, 3) and np.isfinite(images).all()
    assert discriminator(images).shape == (4, 1)


@pytest.mark.parametrize(
    "build_pair, features_layer",
    [
        (
            lambda: (
                builders.stylegan2_generator(
                    image_shape=(8, 8, 3), num_classes=3, **TINY_STYLEGAN2
                ),
                builders.stylegan2_discriminator(
                    image_shape=(8, 8, 3),
                    channel_base=64,
                    max_filters=8,
                    num_classes=3,
                ),
            ),
            "b4_out",
        ),
        (
            lambda: (
                builders.r3gan_generator(
                    latent_dim=8,
                    image_shape=(8, 8, 3),
                    filters=(16, 16),
                    num_classes=3,
                    embedding_dim=4,
                ),
                builders.r3gan_discriminator(
                    image_shape=(8, 8, 3),
                    filters=(16, 16),
                    num_classes=3,
                    embedding_dim=4,
                ),
            ),
            "logit_dense",
        ),
    ],
    ids=["stylegan2", "r3gan"],
)
def test_conditional_networks_follow_the_class(build_pair, features_layer):
    generator, discriminator = build_pair()
    assert [tuple(shape) for shape in generator.input_shape] == [
        (None, 8),
        (None, 1),
    ]
    latent = np.random.default_rng(3).normal(size=(3, 8)).astype("float32")
    latent = np.repeat(latent[:1], 3, axis=0)
    labels = np.array([[0], [1], [2]], dtype="int32")
    images = keras.ops.convert_to_numpy(generator([latent, labels]))
    # One latent, three classes: three different images.
    assert np.abs(images[0] - images[1]).max() > 1e-4
    assert np.abs(images[1] - images[2]).max() > 1e-4
    # The logit is the projection of the last features on the class's
    # embedding, divided by the square root of their number (StyleGAN2)
    # or with the embedding's 1/sqrt(dim) gain in its initialization.
    features = keras.Model(
        discriminator.inputs, discriminator.get_layer(features_layer).output
    )
    feature_values = keras.ops.convert_to_numpy(features([images, labels]))
    table = keras.ops.convert_to_numpy(
        discriminator.get_layer("class_embedding").embeddings
    )
    scale = (
        1.0 / np.sqrt(feature_values.shape[-1])
        if features_layer == "b4_out"
        else 1.0
    )
    expected = (feature_values * table[labels[:, 0]]).sum(-1) * scale
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(discriminator([images, labels]))[:, 0],
        expected,
        rtol=1e-4,
        atol=1e-5,
    )


@pytest.mark.parametrize(
    "build, message",
    [
        (
            lambda: builders.stylegan2_generator(image_shape=(24, 24, 3)),
            "power of",
        ),
        (
            lambda: builders.stylegan2_discriminator(image_shape=(32, 16, 3)),
            "square",
        ),
        (
            lambda: builders.r3gan_generator(
                image_shape=(32, 32, 3), filters=(8, 8)
            ),
            "4 positive integers",
        ),
        (
            lambda: builders.r3gan_discriminator(
                image_shape=(8, 8, 3), filters=(12, 12), group_channels=16
            ),
            "group_channels=16",
        ),
        (
            lambda: builders.stylegan2_generator(mapping_layers=0),
            "mapping_layers",
        ),
        (
            lambda: builders.stylegan2_discriminator(num_classes=1),
            "num_classes",
        ),
        (
            lambda: builders.r3gan_generator(num_classes=10, embedding_dim=0),
            "embedding_dim",
        ),
    ],
)
def test_bad_arguments_are_refused_with_the_fix(build, message):
    with pytest.raises(ValueError, match=message):
        build()
