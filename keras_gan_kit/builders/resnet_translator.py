"""The residual translator of CycleGAN: down, residual blocks, up."""

import keras

from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer
from keras_gan_kit.builders.layers import check_normalization
from keras_gan_kit.builders.layers import check_padding
from keras_gan_kit.builders.layers import normalize
from keras_gan_kit.builders.layers import num_halvings
from keras_gan_kit.builders.layers import output_channels_of
from keras_gan_kit.builders.layers import reflection_pad
from keras_gan_kit.builders.layers import upsample


def _conv(x, filters, kernel_size, padding, name, **kwargs):
    """A stride-1 convolution that keeps the size: zero padding
    (`padding="same"`) or reflection padding then `"valid"`."""
    if padding == "reflect":
        x = reflection_pad(x, kernel_size // 2, f"{name}_pad")
    return keras.layers.Conv2D(
        filters,
        kernel_size,
        padding="valid" if padding == "reflect" else "same",
        name=name,
        **kwargs,
    )(x)


def _conv_block(
    x, filters, kernel_size, strides, normalization, relu, name, padding
):
    if strides == 1:
        x = _conv(
            x,
            filters,
            kernel_size,
            padding,
            name,
            use_bias=normalization is None,
        )
    else:
        # Downsampling pads with zeros, as in the paper's code.
        x = keras.layers.Conv2D(
            filters,
            kernel_size,
            strides=strides,
            padding="same",
            use_bias=normalization is None,
            name=name,
        )(x)
    x = normalize(x, normalization, f"{name}_norm")
    if relu:
        x = keras.layers.ReLU(name=f"{name}_act")(x)
    return x


def resnet_translator(
    image_shape=(32, 32, 1),
    output_channels=None,
    filters=64,
    num_downsamples=2,
    num_blocks=None,
    normalization="instance",
    padding="zeros",
    name="resnet_translator",
):
    """A residual translator: source image in, translated image out.

    A 7x7 convolution with `filters`, `num_downsamples` stride-2 3x3
    convolutions doubling the filters, `num_blocks` residual blocks (two
    3x3 convolutions and a skip) at the smallest size, the same number of
    stride-2 4x4 transposed convolutions back (4x4 where the paper has
    3x3: a kernel the stride divides prints no checkerboard), and a 7x7
    convolution to the output with `tanh`; normalization and ReLU after
    every convolution but the last. The residual blocks change appearance
    while the spatial path keeps the layout, which suits translation
    without paired examples.

    `padding="reflect"` pads the 7x7 and residual convolutions by
    reflection, as the paper does, with `Cropping2D` and `Concatenate`
    layers (Keras has no reflection-padding layer; these load with plain
    Keras on every backend); `"zeros"` pads every convolution with zeros
    (`padding="same"`). Measured on sneaker2boot in `benchmarks/README.md`.

    Paper: [Zhu et al. 2017](https://arxiv.org/abs/1703.10593) (CycleGAN),
    after [Johnson et al. 2016](https://arxiv.org/abs/1603.08155).

    Args:
        image_shape: `(height, width, channels)` of the source images.
            Defaults to `(32, 32, 1)`.
        output_channels: Channels of the translated images; the source's
            when `None`. Defaults to `None`.
        filters: Filters of the first convolution. Defaults to `64`.
        num_downsamples: Number of stride-2 convolutions (and transposed
            ones). Defaults to `2`.
        num_blocks: Residual blocks; `None` uses the paper's: 9 from
            256x256, 6 below. Defaults to `None`.
        normalization: `"instance"` (CycleGAN), `"batch"` or `None`.
            Defaults to `"instance"`.
        padding: `"zeros"` or `"reflect"` (the paper's) for the stride-1
            convolutions; stride-2 ones pad with zeros. Defaults to
            `"zeros"`.
        name: Name of the model. Defaults to `"resnet_translator"`.

    Returns:
        A functional `keras.Model` from `(batch, height, width, channels)`
        source images to translated images with values in [-1, 1].

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.resnet_translator((64, 64, 3), num_blocks=2)
    print(generator.output_shape)
    # (None, 64, 64, 3)
    ```
    """
    image_shape = check_image_shape(image_shape)
    output_channels = output_channels_of(output_channels, image_shape)
    filters = check_integer("filters", filters, 1)
    steps = num_halvings(image_shape, num_downsamples, min_size=1)
    num_blocks = check_integer("num_blocks", num_blocks, 0, allow_none=True)
    if num_blocks is None:
        num_blocks = 9 if min(image_shape[:2]) >= 256 else 6
    check_normalization(normalization)
    check_padding(padding)

    source = keras.Input(image_shape, name="source")
    x = _conv_block(source, filters, 7, 1, normalization, True, "stem", padding)
    for i in range(steps):
        x = _conv_block(
            x,
            filters * 2 ** (i + 1),
            3,
            2,
            normalization,
            True,
            f"down_{i}",
            padding,
        )
    width = filters * 2**steps
    for b in range(num_blocks):
        y = _conv_block(
            x, width, 3, 1, normalization, True, f"block_{b}_a", padding
        )
        y = _conv_block(
            y, width, 3, 1, normalization, False, f"block_{b}_b", padding
        )
        x = keras.layers.Add(name=f"block_{b}_add")([x, y])
    for i in reversed(range(steps)):
        x = upsample(
            x,
            filters * 2**i,
            4,
            "transpose",
            use_bias=normalization is None,
            activation=None,
            name=f"up_{i}",
        )
        x = normalize(x, normalization, f"up_{i}_norm")
        x = keras.layers.ReLU(name=f"up_{i}_act")(x)
    translation = _conv(
        x,
        output_channels,
        7,
        padding,
        "translation",
        activation="tanh",
        dtype="float32",
    )
    return keras.Model(source, translation, name=name)
