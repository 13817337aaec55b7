"""The U-Net generator of pix2pix: an encoder-decoder with skip connections."""

import keras

from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer
from keras_gan_kit.builders.layers import check_normalization
from keras_gan_kit.builders.layers import normalize
from keras_gan_kit.builders.layers import num_halvings
from keras_gan_kit.builders.layers import output_channels_of
from keras_gan_kit.builders.layers import upsample


def unet_generator(
    image_shape=(32, 32, 1),
    output_channels=None,
    filters=64,
    num_downsamples=None,
    max_filters=512,
    normalization="batch",
    dropout=0.5,
    dropout_blocks=3,
    name="unet_generator",
):
    """A U-Net translator: source image in, translated image out.

    The encoder halves the image `num_downsamples` times with 4x4 stride-2
    convolutions (filters doubling from `filters` up to `max_filters`,
    LeakyReLU 0.2, normalization on all but the first and the innermost);
    the decoder doubles it back with 4x4 stride-2 transposed convolutions
    (normalization, dropout on the innermost `dropout_blocks`, ReLU), each
    joined to the encoder's map of its size, and ends in `tanh`. The skip
    connections carry the source's layout (edges, outlines) straight to the
    output, so the bottleneck only has to carry what changes.

    Paper: [Isola et al. 2017](https://arxiv.org/abs/1611.07004) (pix2pix);
    [Ronneberger et al. 2015](https://arxiv.org/abs/1505.04597) (U-Net).

    Args:
        image_shape: `(height, width, channels)` of the source images.
            Defaults to `(32, 32, 1)`.
        output_channels: Channels of the translated images; the source's
            when `None`. Defaults to `None`.
        filters: Filters of the first convolution. Defaults to `64`.
        num_downsamples: Number of halvings; `None` halves as long as both
            sides stay whole (down to 1x1 from 32x32 or 256x256, as in
            pix2pix). Defaults to `None`.
        max_filters: Largest number of filters. Defaults to `512`.
        normalization: `"batch"` (pix2pix), `"instance"` or `None`.
            Defaults to `"batch"`.
        dropout: Dropout rate of the innermost decoder blocks (training
            only). Defaults to `0.5`.
        dropout_blocks: How many decoder blocks, from the innermost, drop
            out. Defaults to `3`.
        name: Name of the model. Defaults to `"unet_generator"`.

    Returns:
        A functional `keras.Model` from `(batch, height, width, channels)`
        source images to translated images with values in [-1, 1].

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.unet_generator((32, 32, 1), output_channels=3)
    print(generator.output_shape)
    # (None, 32, 32, 3)
    ```
    """
    image_shape = check_image_shape(image_shape)
    output_channels = output_channels_of(output_channels, image_shape)
    filters = check_integer("filters", filters, 1)
    max_filters = check_integer("max_filters", max_filters, 1)
    dropout_blocks = check_integer("dropout_blocks", dropout_blocks, 0)
    if not 0.0 <= float(dropout) < 1.0:
        raise ValueError(f"dropout must be in [0, 1); received {dropout!r}.")
    steps = num_halvings(image_shape, num_downsamples, min_size=1)
    check_normalization(normalization)
    widths = [min(filters * 2**i, max_filters) for i in range(steps)]

    source = keras.Input(image_shape, name="source")
    x = source
    skips = []
    for i, width in enumerate(widths):
        innermost = i == steps - 1
        norm = None if i == 0 or innermost else normalization
        x = keras.layers.Conv2D(
            width,
            4,
            strides=2,
            padding="same",
            use_bias=norm is None,
            name=f"down_{i}",
        )(x)
        x = normalize(x, norm, f"down_{i}_norm")
        x = keras.layers.LeakyReLU(0.2, name=f"down_{i}_act")(x)
        skips.append(x)
    for j, i in enumerate(range(steps - 2, -1, -1)):
        x = upsample(
            x,
            widths[i],
            4,
            "transpose",
            use_bias=normalization is None,
            activation=None,
            name=f"up_{i}",
        )
        x = normalize(x, normalization, f"up_{i}_norm")
        if dropout and j < dropout_blocks:
            x = keras.layers.Dropout(dropout, name=f"up_{i}_dropout")(x)
        x = keras.layers.ReLU(name=f"up_{i}_act")(x)
        x = keras.layers.Concatenate(name=f"skip_{i}")([x, skips[i]])
    translation = upsample(
        x,
        output_channels,
        4,
        "transpose",
        use_bias=True,
        activation="tanh",
        name="translation",
        dtype="float32",
    )
    return keras.Model(source, translation, name=name)
