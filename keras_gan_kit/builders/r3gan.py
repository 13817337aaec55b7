"""R3GAN's networks (Huang et al. 2024): modernized ResNets with grouped
convolutions and no normalization, in Keras layers on every backend."""

import math

import keras

from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer
from keras_gan_kit.builders.layers import class_vector
from keras_gan_kit.builders.layers import label_input
from keras_gan_kit.layers import ConstantInput
from keras_gan_kit.layers import Downsample2D
from keras_gan_kit.layers import GroupedConv2D
from keras_gan_kit.layers import Upsample2D

# R3GAN's activation: leaky ReLU 0.2 after a learned bias; its gain
# enters the initialization only.
_SLOPE = 0.2
_GAIN = math.sqrt(2.0 / (1.0 + _SLOPE**2))


def _msr(gain):
    """R3GAN's `MSRInitializer`: N(0, gain^2 / fan_in)."""
    if gain == 0:
        return "zeros"
    return keras.initializers.VarianceScaling(
        gain**2, mode="fan_in", distribution="untruncated_normal"
    )


def _conv(filters, kernel_size, name, gain=1.0, groups=1, use_bias=False):
    # A grouped convolution computes as a dense one where the backend's
    # grouped convolution is slow (`layers.GroupedConv2D`).
    layer = GroupedConv2D if groups > 1 else keras.layers.Conv2D
    return layer(
        filters,
        kernel_size,
        padding="same",
        groups=groups,
        use_bias=use_bias,
        kernel_initializer=_msr(gain),
        name=name,
    )


def _stages(image_shape, filters):
    height, width, _ = image_shape
    if height != width or height < 8 or height & (height - 1):
        raise ValueError(
            "R3GAN networks take square images whose side is a power of two "
            f"from 8; received image_shape={image_shape}. Resize the "
            "images, for example to 32x32."
        )
    count = int(math.log2(height)) - 1
    filters = tuple(filters)
    if len(filters) != count or any(
        isinstance(f, bool) or not isinstance(f, int) or f < 1 for f in filters
    ):
        raise ValueError(
            f"filters must hold {count} positive integers for {height}x"
            f"{height} images (one per resolution from 4x4 up); received "
            f"{filters!r}."
        )
    return filters


def _block_arguments(blocks_per_stage, expansion, group_channels):
    """The residual blocks' arguments, each checked to be an int >= 1."""
    return (
        check_integer("blocks_per_stage", blocks_per_stage, 1),
        check_integer("expansion", expansion, 1),
        check_integer("group_channels", group_channels, 1),
    )


def _groups(channels, group_channels, name):
    if channels % group_channels:
        raise ValueError(
            f"The expanded channels ({channels}) of a {name} block must "
            f"divide into groups of group_channels={group_channels}. Pick "
            "filters times expansion divisible by group_channels."
        )
    return channels // group_channels


def _class_embedding(labels, num_classes, embedding_dim, gain):
    """R3GAN's condition embedding: a linear map of the one-hot label
    without bias (an `Embedding`), initialized as its `MSRInitializer`,
    N(0, gain^2 / num_classes)."""
    return class_vector(
        labels,
        num_classes,
        embedding_dim,
        keras.initializers.RandomNormal(stddev=gain / math.sqrt(num_classes)),
    )


def _residual_block(x, expansion, group_channels, scaling, name):
    """1x1 -> grouped 3x3 -> 1x1 (zero at the start), leaky ReLU after a
    bias between them, added to the input."""
    channels = x.shape[-1]
    expanded = channels * expansion
    gain = _GAIN * scaling ** (-1.0 / (2 * 3 - 2))
    groups = _groups(expanded, group_channels, name)
    y = _conv(expanded, 1, f"{name}_expand", gain, use_bias=True)(x)
    y = keras.layers.LeakyReLU(_SLOPE, name=f"{name}_act1")(y)
    y = _conv(expanded, 3, f"{name}_grouped", gain, groups, use_bias=True)(y)
    y = keras.layers.LeakyReLU(_SLOPE, name=f"{name}_act2")(y)
    y = _conv(channels, 1, f"{name}_project", 0.0)(y)
    return keras.layers.Add(name=f"{name}_sum")([x, y])


def r3gan_generator(
    latent_dim=64,
    image_shape=(32, 32, 3),
    filters=(768, 768, 768, 768),
    blocks_per_stage=2,
    expansion=2,
    group_channels=16,
    resampling_filter=(1, 2, 1),
    num_classes=None,
    embedding_dim=128,
    name="r3gan_generator",
):
    """R3GAN's generator: a learned 4x4 basis, then residual stages.

    The latent is projected to one weight per channel of a learned 4x4
    basis (the generative basis); each resolution from 4x4 up has
    `blocks_per_stage` residual blocks (1x1 expansion by `expansion`,
    grouped 3x3 convolution of `group_channels` channels per group, 1x1
    projection; leaky ReLU 0.2 after a bias; no normalization), and each
    step up is a 1x1 convolution to the next stage's channels followed by
    [1, 2, 1] interpolation (`Upsample2D`). A 1x1 convolution makes the
    image. Weights start as R3GAN's fix-up-style variance scaling: each
    block's last convolution at zero, the others scaled by
    `total_blocks ** -1/4`, so the network starts near the identity.

    With `num_classes`, the generator takes `[latent, labels]` and, as in
    R3GAN's code, concatenates the latent with a linear embedding of the
    class (`embedding_dim` features) before the basis.

    Paper: [Huang et al. 2024, "The GAN is dead; long live the GAN!"](
    https://arxiv.org/abs/2501.05441); the CIFAR-10 configuration is the
    default (768 channels at every resolution, 2 blocks, expansion 2,
    96 groups).

    Args:
        latent_dim: Size of the latent vector. Defaults to `64`.
        image_shape: `(side, side, channels)`, the side a power of two
            from 8. Defaults to `(32, 32, 3)`.
        filters: Channels of each stage, from 4x4 up (one per
            resolution). Defaults to `(768, 768, 768, 768)`.
        blocks_per_stage: Residual blocks per stage. Defaults to `2`.
        expansion: Channel expansion inside a block. Defaults to `2`.
        group_channels: Channels per group of the grouped convolutions.
            Defaults to `16`.
        resampling_filter: The interpolation filter. Defaults to
            `(1, 2, 1)`.
        num_classes: Number of classes for a conditional generator, or
            `None`. Defaults to `None`.
        embedding_dim: Size of the class embedding (conditional only).
            Defaults to `128`.
        name: Name of the model. Defaults to `"r3gan_generator"`.

    Returns:
        A functional `keras.Model` from `latent` (or `[latent, labels]`)
        to images (unbounded; trained towards [-1, 1]).

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.r3gan_generator(
        latent_dim=8, image_shape=(8, 8, 3), filters=(16, 16)
    )
    print(generator.output_shape)
    # (None, 8, 8, 3)
    ```
    """
    image_shape = check_image_shape(image_shape)
    latent_dim = check_integer("latent_dim", latent_dim, 1)
    filters = _stages(image_shape, filters)
    blocks, expansion, group_channels = _block_arguments(
        blocks_per_stage, expansion, group_channels
    )
    num_classes, labels = label_input(num_classes)
    embedding_dim = check_integer("embedding_dim", embedding_dim, 1)
    scaling = blocks * len(filters)

    latent = keras.Input((latent_dim,), name="latent")
    code = latent
    if labels is not None:
        code = keras.layers.Concatenate(name="latent_and_class")(
            [latent, _class_embedding(labels, num_classes, embedding_dim, 1.0)]
        )
    weights = keras.layers.Dense(
        filters[0],
        use_bias=False,
        kernel_initializer=_msr(1.0),
        name="basis_weights",
    )(code)
    weights = keras.layers.Reshape((1, 1, filters[0]), name="basis_map")(
        weights
    )
    basis = ConstantInput((4, 4, filters[0]), name="basis")(latent)
    x = keras.layers.Multiply(name="generative_basis")([basis, weights])
    for stage, channels in enumerate(filters):
        resolution = 4 * 2**stage
        if stage:
            if x.shape[-1] != channels:
                x = _conv(channels, 1, f"up{resolution}_project")(x)
            x = Upsample2D(resampling_filter, name=f"up{resolution}")(x)
        for block in range(blocks):
            x = _residual_block(
                x, expansion, group_channels, scaling, f"g{resolution}_{block}"
            )
    image = _conv(image_shape[-1], 1, "aggregate")(x)
    image = keras.layers.Activation("linear", name="image", dtype="float32")(
        image
    )
    inputs = latent if labels is None else [latent, labels]
    return keras.Model(inputs, image, name=name)


def r3gan_discriminator(
    image_shape=(32, 32, 3),
    filters=(768, 768, 768, 768),
    blocks_per_stage=2,
    expansion=2,
    group_channels=16,
    resampling_filter=(1, 2, 1),
    num_classes=None,
    embedding_dim=128,
    name="r3gan_discriminator",
):
    """R3GAN's discriminator: the generator's stages in reverse.

    A 1x1 convolution from the image; at each resolution down to 4x4,
    `blocks_per_stage` residual blocks, then [1, 2, 1] blur-downsampling
    (`Downsample2D`) and a 1x1 convolution to the next stage's channels;
    at 4x4, a learned 4x4 depthwise basis and one linear logit. No
    normalization; the initialization is the generator's.

    With `num_classes`, the discriminator takes `[images, labels]` and
    has R3GAN's projection head: the last layer gives `embedding_dim`
    features and the logit is their dot product with a linear embedding
    of the class.

    Paper: [Huang et al. 2024](https://arxiv.org/abs/2501.05441).

    Args:
        image_shape: `(side, side, channels)`, the side a power of two
            from 8. Defaults to `(32, 32, 3)`.
        filters: Channels of each stage, from 4x4 up (the generator's
            order). Defaults to `(768, 768, 768, 768)`.
        blocks_per_stage: Residual blocks per stage. Defaults to `2`.
        expansion: Channel expansion inside a block. Defaults to `2`.
        group_channels: Channels per group of the grouped convolutions.
            Defaults to `16`.
        resampling_filter: The blur filter. Defaults to `(1, 2, 1)`.
        num_classes: Number of classes for a projection discriminator, or
            `None`. Defaults to `None`.
        embedding_dim: Size of the class embedding (conditional only).
            Defaults to `128`.
        name: Name of the model. Defaults to `"r3gan_discriminator"`.

    Returns:
        A functional `keras.Model` from images (or `[images, labels]`) to
        one logit per image.

    Examples:

    ```python
    from keras_gan_kit import builders

    discriminator = builders.r3gan_discriminator(
        image_shape=(8, 8, 3), filters=(16, 16)
    )
    print(discriminator.output_shape)
    # (None, 1)
    ```
    """
    image_shape = check_image_shape(image_shape)
    filters = _stages(image_shape, filters)[::-1]
    blocks, expansion, group_channels = _block_arguments(
        blocks_per_stage, expansion, group_channels
    )
    num_classes, labels = label_input(num_classes)
    embedding_dim = check_integer("embedding_dim", embedding_dim, 1)
    scaling = blocks * len(filters)

    images = keras.Input(image_shape, name="image")
    x = _conv(filters[0], 1, "extract")(images)
    for stage, channels in enumerate(filters):
        resolution = image_shape[0] // 2**stage
        for block in range(blocks):
            x = _residual_block(
                x, expansion, group_channels, scaling, f"d{resolution}_{block}"
            )
        if resolution > 4:
            x = Downsample2D(resampling_filter, name=f"down{resolution}")(x)
            if filters[stage + 1] != channels:
                x = _conv(filters[stage + 1], 1, f"down{resolution}_project")(x)
    x = keras.layers.DepthwiseConv2D(
        4,
        use_bias=False,
        depthwise_initializer=_msr(1.0),
        name="discriminative_basis",
    )(x)
    x = keras.layers.Flatten(name="basis_flatten")(x)
    logits = keras.layers.Dense(
        1 if labels is None else embedding_dim,
        use_bias=False,
        kernel_initializer=_msr(1.0),
        name="logit_dense",
    )(x)
    if labels is not None:
        # The embedding's gain 1/sqrt(embedding_dim) keeps the dot
        # product's scale that of one unconditional logit.
        embedding = _class_embedding(
            labels, num_classes, embedding_dim, 1.0 / math.sqrt(embedding_dim)
        )
        logits = keras.layers.Dot(axes=1, name="projection")(
            [logits, embedding]
        )
    logits = keras.layers.Activation("linear", name="logit", dtype="float32")(
        logits
    )
    inputs = images if labels is None else [images, labels]
    return keras.Model(inputs, logits, name=name)
