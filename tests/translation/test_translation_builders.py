"""Translation networks: shapes, options, errors, and files that load with
plain Keras."""

import keras
import numpy as np
import pytest

from keras_gan_kit import builders
from tests.models.test_portable_generators import _check_portable_files


@pytest.mark.parametrize(
    "image_shape, output_channels, downsamples",
    [((32, 32, 1), 3, 5), ((16, 24, 3), None, 3), ((28, 28, 1), 1, 2)],
)
def test_unet_shapes_and_depth(image_shape, output_channels, downsamples):
    generator = builders.unet_generator(
        image_shape, output_channels=output_channels, filters=4
    )
    channels = output_channels or image_shape[-1]
    assert generator.output_shape == (None,) + image_shape[:2] + (channels,)
    downs = [layer for layer in generator.layers if "down_" in layer.name]
    assert len([d for d in downs if d.name.count("_") == 1]) == downsamples
    images = np.random.default_rng(0).uniform(-1, 1, (2,) + image_shape)
    output = keras.ops.convert_to_numpy(generator(images.astype("float32")))
    assert output.shape == (2,) + image_shape[:2] + (channels,)
    assert np.all(np.abs(output) <= 1.0)


def test_unet_skips_carry_the_source_layout():
    # A skip connection joins each decoder map to the encoder's of its
    # size: changing one pixel of the source changes the output near it
    # even through an untrained network.
    generator = builders.unet_generator((16, 16, 1), filters=4, dropout=0.0)
    source = np.zeros((1, 16, 16, 1), "float32")
    moved = source.copy()
    moved[0, 2, 2, 0] = 1.0
    change = np.abs(
        keras.ops.convert_to_numpy(generator(moved))
        - keras.ops.convert_to_numpy(generator(source))
    )[0, ..., 0]
    assert change[:6, :6].max() > 10 * change[10:, 10:].max()
    names = [layer.name for layer in generator.layers]
    assert "skip_0" in names and "up_0_dropout" not in names


def test_unet_instance_norm_and_dropout_options():
    generator = builders.unet_generator(
        (16, 16, 1), filters=4, normalization="instance", dropout_blocks=1
    )
    kinds = {type(layer).__name__ for layer in generator.layers}
    assert "GroupNormalization" in kinds and "BatchNormalization" not in kinds
    dropouts = [layer for layer in generator.layers if "dropout" in layer.name]
    assert len(dropouts) == 1


@pytest.mark.parametrize(
    "side, field, layers, map_side",
    [(32, None, 1, 14), (128, None, 2, 30), (256, 70, 3, 30), (64, 34, 2, 14)],
)
def test_patchgan_receptive_field(side, field, layers, map_side):
    discriminator = builders.patchgan_discriminator(
        (side, side, 3), source_channels=1, filters=4, receptive_field=field
    )
    assert discriminator.input_shape == (None, side, side, 4)
    assert discriminator.output_shape == (None, map_side, map_side, 1)
    assert builders.patchgan_receptive_field(layers) == (
        field or {1: 16, 2: 34}[layers]
    )
    strided = [
        layer
        for layer in discriminator.layers
        if isinstance(layer, keras.layers.Conv2D) and layer.strides == (2, 2)
    ]
    assert len(strided) == layers


def test_patchgan_receptive_field_is_measured():
    # Perturb one input pixel; the logits that change are those whose
    # patch holds it, a square of about field / 2**layers logits.
    discriminator = builders.patchgan_discriminator(
        (64, 64, 1), filters=2, receptive_field=16, normalization=None
    )
    base = np.zeros((1, 64, 64, 1), "float32")
    moved = base.copy()
    moved[0, 32, 32, 0] = 1.0
    diff = np.abs(
        keras.ops.convert_to_numpy(discriminator(moved))
        - keras.ops.convert_to_numpy(discriminator(base))
    )[0, ..., 0]
    rows = np.nonzero(diff.max(axis=1) > 0)[0]
    # The 16-pixel field at stride 2 reaches 16 / 2 = 8 logits at most.
    assert 4 <= len(rows) <= 8


def test_resnet_translator_shapes_and_blocks():
    generator = builders.resnet_translator(
        (32, 32, 1), output_channels=3, filters=4, num_blocks=2
    )
    assert generator.output_shape == (None, 32, 32, 3)
    adds = [layer for layer in generator.layers if layer.name.endswith("_add")]
    assert len(adds) == 2
    kinds = {type(layer).__name__ for layer in generator.layers}
    assert "GroupNormalization" in kinds
    assert builders.resnet_translator((256, 256, 3), filters=2).get_layer(
        "block_8_add"
    )


def test_reflection_padding_against_numpy():
    from keras_gan_kit.builders.layers import reflection_pad

    images = keras.Input((5, 6, 2))
    padder = keras.Model(images, reflection_pad(images, 3, "pad"))
    x = np.random.default_rng(0).normal(size=(2, 5, 6, 2)).astype("float32")
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(padder(x)),
        np.pad(x, ((0, 0), (3, 3), (3, 3), (0, 0)), mode="reflect"),
    )
    with pytest.raises(ValueError, match="needs images larger"):
        reflection_pad(images, 5, "pad")


def test_reflect_padded_translator_pads_by_reflection():
    zeros = builders.resnet_translator(
        (16, 16, 1), filters=4, num_blocks=1, name="zeros"
    )
    reflect = builders.resnet_translator(
        (16, 16, 1), filters=4, num_blocks=1, padding="reflect"
    )
    # The same weights: the padding adds layers, no parameters.
    assert zeros.count_params() == reflect.count_params()
    reflect.set_weights(zeros.get_weights())
    assert reflect.output_shape == (None, 16, 16, 1)
    # The stem sees mirrored edges: its first row differs from zero
    # padding's, its centre does not.
    x = np.random.default_rng(1).uniform(-1, 1, (1, 16, 16, 1))
    stems = [
        keras.ops.convert_to_numpy(
            keras.Model(m.input, m.get_layer("stem").output)(x)
        )
        for m in (zeros, reflect)
    ]
    assert not np.allclose(stems[0][:, 0], stems[1][:, 0])
    np.testing.assert_allclose(
        stems[0][:, 3:-3, 3:-3], stems[1][:, 3:-3, 3:-3], atol=1e-5
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: builders.unet_generator((30, 30, 1), num_downsamples=3),
            "3 stride-2 steps need image sides divisible by 8",
        ),
        (lambda: builders.unet_generator((15, 15, 1)), "cannot be reached"),
        (
            lambda: builders.unet_generator((32, 32, 1), normalization="layer"),
            "normalization must be one of",
        ),
        (lambda: builders.unet_generator((32, 32, 1), dropout=1.0), "dropout"),
        (
            lambda: builders.patchgan_discriminator(
                (32, 32, 1), receptive_field=50
            ),
            r"receptive_field must be one of \[16, 34, 70",
        ),
        (
            lambda: builders.resnet_translator((32, 32, 1), num_blocks=-1),
            "num_blocks must be an integer >= 0",
        ),
        (
            lambda: builders.resnet_translator((32, 32, 1), padding="same"),
            "padding must be one of",
        ),
        (
            lambda: builders.unet_generator((32, 32, 1), output_channels=0),
            "output_channels must be an integer >= 1",
        ),
    ],
)
def test_bad_arguments_say_what_to_change(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_translators_load_without_keras_gan_kit(tmp_path):
    rng = np.random.default_rng(0)
    grey = rng.uniform(-1, 1, (2, 16, 16, 1)).astype("float32")
    cases = {
        "unet": (builders.unet_generator((16, 16, 1), 3, filters=4), [grey]),
        "unet_instance": (
            builders.unet_generator(
                (16, 16, 1), filters=4, normalization="instance"
            ),
            [grey],
        ),
        "resnet_translator": (
            builders.resnet_translator((16, 16, 1), filters=4, num_blocks=1),
            [grey],
        ),
        "resnet_translator_reflect": (
            builders.resnet_translator(
                (16, 16, 1), filters=4, num_blocks=1, padding="reflect"
            ),
            [grey],
        ),
    }
    _check_portable_files(tmp_path, cases, atol=1e-5)
