"""Residual GAN networks in the style of SNGAN, SAGAN and BigGAN."""

import keras

from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer
from keras_gan_kit.builders.layers import class_vector
from keras_gan_kit.builders.layers import label_input
from keras_gan_kit.builders.layers import maybe_spectral
from keras_gan_kit.builders.layers import num_halvings
from keras_gan_kit.layers import GlobalSumPooling2D
from keras_gan_kit.layers import ResidualDownBlock
from keras_gan_kit.layers import ResidualUpBlock
from keras_gan_kit.layers import SelfAttention


def _multipliers(name, given, count, default):
    if given is None:
        return default
    given = tuple(given)
    if len(given) != count or any(
        isinstance(m, bool) or not isinstance(m, int) or m < 1 for m in given
    ):
        raise ValueError(
            f"{name} must hold {count} positive integers here (one per "
            f"block); received {given!r}. Pass None for the default "
            f"{default}."
        )
    return given


def _check_attention(attention_resolution, resolutions):
    if attention_resolution is not None and (
        attention_resolution not in resolutions
    ):
        raise ValueError(
            f"attention_resolution={attention_resolution!r} is not the "
            f"height of a block's output; the blocks give heights "
            f"{sorted(set(resolutions))}. Pick one of them, or None for no "
            "self-attention."
        )


def _attend(x, attention_resolution, spectral_norm, kernel_initializer):
    """`x` through a `SelfAttention` layer when its height is
    `attention_resolution` (once: the resolution returned is then `None`)."""
    if x.shape[1] != attention_resolution:
        return x, attention_resolution
    attention = SelfAttention(
        spectral_norm=spectral_norm,
        kernel_initializer=kernel_initializer,
        name="attention",
    )
    return attention(x), None


def resnet_generator(
    latent_dim=128,
    image_shape=(32, 32, 3),
    filters=256,
    channel_multipliers=None,
    num_classes=None,
    embedding_dim=128,
    latent_in_condition=False,
    attention_resolution=None,
    spectral_norm=False,
    kernel_initializer="orthogonal",
    name="resnet_generator",
):
    """A residual generator: a projection, then `ResidualUpBlock`s.

    Latent vector -> Dense to a 4x4 start map (4x8 for a 32x64 image) ->
    one `ResidualUpBlock` per doubling -> batch norm, ReLU, a 3x3
    convolution and tanh. For 32x32 images with the defaults this is the
    SNGAN CIFAR-10 generator (three blocks of 256 channels); larger images
    halve the channels per block from `filters * 2**(blocks - 1)`
    (BigGAN's progression).

    With `num_classes`, the generator takes `[latent, labels]` and every
    block normalizes with `ConditionalBatchNormalization`, conditioned on a
    class embedding shared by all blocks (SNGAN's conditional generator);
    `latent_in_condition=True` concatenates the latent vector to that
    embedding, BigGAN-deep's shared embedding.

    Papers: [Miyato et al. 2018](https://arxiv.org/abs/1802.05957),
    [Zhang et al. 2018](https://arxiv.org/abs/1805.08318),
    [Brock et al. 2018](https://arxiv.org/abs/1809.11096).

    Args:
        latent_dim: Size of the latent vector. Defaults to `128`.
        image_shape: `(height, width, channels)`, each side 4 (or more)
            times a power of two: 32, 64, 128, rectangular too.
            Defaults to `(32, 32, 3)`.
        filters: Channels of the last block. Defaults to `256`.
        channel_multipliers: Channels of the start map and of each block
            as multiples of `filters` (one more entry than blocks); `None`
            for all ones up to 32 pixels, otherwise halving to 1.
            Defaults to `None`.
        num_classes: Number of classes for a conditional generator, or
            `None`. Defaults to `None`.
        embedding_dim: Size of the shared class embedding.
            Defaults to `128`.
        latent_in_condition: Condition the normalizations on the embedding
            and the latent vector (BigGAN-deep). Defaults to `False`.
        attention_resolution: Height of the block output followed by a
            `SelfAttention` layer (SAGAN), or `None`. Defaults to `None`.
        spectral_norm: Spectral normalization in the generator too
            (BigGAN). Defaults to `False`.
        kernel_initializer: Initializer of the convolutions and the
            projection. Defaults to `"orthogonal"` (BigGAN).
        name: Name of the model. Defaults to `"resnet_generator"`.

    Returns:
        A functional `keras.Model` from `latent` (or `[latent, labels]`)
        to images in [-1, 1].

    Raises:
        ValueError: for an image size no 4-pixel start doubles into, a
            multiplier list of the wrong length or an attention resolution
            that no block produces.

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.resnet_generator(image_shape=(32, 32, 3), filters=32)
    print(generator.output_shape)
    # (None, 32, 32, 3)
    conditional = builders.resnet_generator(
        image_shape=(64, 48, 3), filters=8, num_classes=10
    )
    print([tuple(x.shape) for x in conditional.inputs])
    # [(None, 128), (None, 1)]
    print(conditional.output_shape)
    # (None, 64, 48, 3)
    ```
    """
    image_shape = check_image_shape(image_shape)
    latent_dim = check_integer("latent_dim", latent_dim, 1)
    filters = check_integer("filters", filters, 1)
    num_classes, labels = label_input(num_classes)
    blocks = num_halvings(image_shape)
    default = (
        (1,) * (blocks + 1)
        if blocks <= 3
        else (2 ** (blocks - 1),)
        + tuple(2 ** (blocks - 1 - i) for i in range(blocks))
    )
    multipliers = _multipliers(
        "channel_multipliers", channel_multipliers, blocks + 1, default
    )
    start = (image_shape[0] >> blocks, image_shape[1] >> blocks)
    _check_attention(
        attention_resolution,
        [start[0] << (i + 1) for i in range(blocks)],
    )
    latent = keras.Input((latent_dim,), name="latent")
    condition = None
    if labels is not None:
        condition = class_vector(labels, num_classes, embedding_dim)
        if latent_in_condition:
            condition = keras.layers.Concatenate(name="condition")(
                [condition, latent]
            )
    x = maybe_spectral(
        keras.layers.Dense(
            start[0] * start[1] * filters * multipliers[0],
            kernel_initializer=kernel_initializer,
            name="projection",
        ),
        spectral_norm,
    )(latent)
    x = keras.layers.Reshape(
        start + (filters * multipliers[0],), name="start_map"
    )(x)
    for index, multiplier in enumerate(multipliers[1:]):
        block = ResidualUpBlock(
            filters * multiplier,
            conditional=condition is not None,
            spectral_norm=spectral_norm,
            kernel_initializer=kernel_initializer,
            name=f"block_{index + 1}",
        )
        x = block(x if condition is None else [x, condition])
        x, attention_resolution = _attend(
            x, attention_resolution, spectral_norm, kernel_initializer
        )
    x = keras.layers.BatchNormalization(epsilon=1e-5, name="output_norm")(x)
    x = keras.layers.ReLU(name="output_relu")(x)
    images = maybe_spectral(
        keras.layers.Conv2D(
            image_shape[-1],
            3,
            padding="same",
            activation="tanh",
            kernel_initializer=kernel_initializer,
            name="image",
            dtype="float32",
        ),
        spectral_norm,
    )(x)
    inputs = latent if labels is None else [latent, labels]
    return keras.Model(inputs, images, name=name)


def resnet_discriminator(
    image_shape=(32, 32, 3),
    filters=128,
    channel_multipliers=None,
    num_downsamples=None,
    final_blocks=None,
    num_classes=None,
    attention_resolution=None,
    spectral_norm=True,
    kernel_initializer="orthogonal",
    name="resnet_discriminator",
):
    """A residual discriminator: `ResidualDownBlock`s, a sum, one logit.

    Image -> an optimized first block -> more downsampling blocks ->
    `final_blocks` blocks at the final size -> ReLU -> `GlobalSumPooling2D`
    -> Dense(1) logit, spectral normalization on every weighted layer. For
    32x32 images with the defaults this is the SNGAN CIFAR-10
    discriminator (two downsampling blocks to 8x8, two more blocks, 128
    channels throughout); larger images double the channels per block
    from `filters`, down to 4x4, with one final block.

    With `num_classes`, the discriminator takes `[images, labels]` and adds
    the projection term `<embed(label), features>` to the logit (Miyato &
    Koyama 2018), the head of SNGAN's and BigGAN's conditional models.

    Papers: [Miyato et al. 2018](https://arxiv.org/abs/1802.05957),
    [Miyato & Koyama 2018](https://arxiv.org/abs/1802.05637).

    Args:
        image_shape: `(height, width, channels)`. Defaults to `(32, 32, 3)`.
        filters: Channels of the first block. Defaults to `128`.
        channel_multipliers: Channels of each block as multiples of
            `filters` (`num_downsamples + final_blocks` entries); `None`
            for all ones up to 32 pixels, otherwise doubling per
            downsampling block. Defaults to `None`.
        num_downsamples: Halvings; `None` for down to 8 pixels up to 32
            pixels, else down to 4. Defaults to `None`.
        final_blocks: Blocks without downsampling at the end; `None` for 2
            up to 32 pixels (SNGAN), else 1. Defaults to `None`.
        num_classes: Number of classes for a projection discriminator, or
            `None`. Defaults to `None`.
        attention_resolution: Height of the block output followed by a
            `SelfAttention` layer, or `None`. Defaults to `None`.
        spectral_norm: Spectral normalization on every weighted layer.
            Defaults to `True`.
        kernel_initializer: Initializer of the convolutions and the head.
            Defaults to `"orthogonal"`.
        name: Name of the model. Defaults to `"resnet_discriminator"`.

    Returns:
        A functional `keras.Model` from images (or `[images, labels]`) to
        `(batch, 1)` logits.

    Examples:

    ```python
    from keras_gan_kit import builders

    discriminator = builders.resnet_discriminator(filters=16)
    print(discriminator.output_shape)
    # (None, 1)
    projection = builders.resnet_discriminator(
        image_shape=(64, 64, 3), filters=8, num_classes=10,
        attention_resolution=32,
    )
    print(len(projection.inputs), projection.get_layer("attention").name)
    # 2 attention
    ```
    """
    image_shape = check_image_shape(image_shape)
    filters = check_integer("filters", filters, 1)
    num_classes, labels = label_input(num_classes)
    small = max(image_shape[:2]) <= 32
    downs = num_halvings(
        image_shape, num_downsamples, min_size=8 if small else 4
    )
    if final_blocks is None:
        final_blocks = 2 if small else 1
    finals = check_integer("final_blocks", final_blocks, 0)
    if small:
        default = (1,) * (downs + finals)
    else:
        default = (
            tuple(2 ** min(i, 4) for i in range(downs))
            + (2 ** min(downs, 4),) * finals
        )
    multipliers = _multipliers(
        "channel_multipliers", channel_multipliers, downs + finals, default
    )
    heights = [image_shape[0] >> (i + 1) for i in range(downs)]
    heights += [heights[-1]] * finals
    _check_attention(attention_resolution, heights)
    images = keras.Input(image_shape, name="image")
    x = images
    for index, multiplier in enumerate(multipliers):
        x = ResidualDownBlock(
            filters * multiplier,
            downsample=index < downs,
            first=index == 0,
            spectral_norm=spectral_norm,
            kernel_initializer=kernel_initializer,
            name=f"block_{index + 1}",
        )(x)
        x, attention_resolution = _attend(
            x, attention_resolution, spectral_norm, kernel_initializer
        )
    x = keras.layers.ReLU(name="features_relu")(x)
    features = GlobalSumPooling2D(name="features")(x)
    logit = maybe_spectral(
        keras.layers.Dense(
            1,
            kernel_initializer=kernel_initializer,
            name="unconditional" if labels is not None else "logit",
            dtype="float32",
        ),
        spectral_norm,
    )(features)
    if labels is None:
        return keras.Model(images, logit, name=name)
    # Not spectrally normalized: Keras's SpectralNormalization casts a
    # layer's output to its input's dtype, here the labels' int32.
    embedding = class_vector(labels, num_classes, features.shape[-1])
    projection = keras.layers.Dot(axes=1, name="projection")(
        [embedding, features]
    )
    logit = keras.layers.Add(name="logit", dtype="float32")([logit, projection])
    return keras.Model([images, labels], logit, name=name)
