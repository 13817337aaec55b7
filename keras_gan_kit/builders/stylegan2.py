"""StyleGAN2's networks (Karras et al. 2020): a mapping network, a
synthesis network with modulated convolutions, and a residual
discriminator, in Keras layers on every backend."""

import math

import keras

from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer
from keras_gan_kit.builders.layers import class_vector
from keras_gan_kit.builders.layers import label_input
from keras_gan_kit.layers import ConstantInput
from keras_gan_kit.layers import Downsample2D
from keras_gan_kit.layers import EqualizedConv2D
from keras_gan_kit.layers import EqualizedDense
from keras_gan_kit.layers import MinibatchStdDev
from keras_gan_kit.layers import ModulatedConv2D
from keras_gan_kit.layers import NoiseInjection
from keras_gan_kit.layers import StyleMixing
from keras_gan_kit.layers import StyleTruncation
from keras_gan_kit.layers import Upsample2D

# StyleGAN2's resampling filter.
_FILTER = (1, 3, 3, 1)
# The layer names that `stylegan2_parts` cuts the generator at.
MAPPING_OUTPUT = "style_truncation"
SYNTHESIS_INPUT = "style_mixing"


def _resolutions(image_shape):
    height, width, _ = image_shape
    if height != width or height < 8 or height & (height - 1):
        raise ValueError(
            "StyleGAN2 networks take square images whose side is a power of "
            f"two from 8 (32 to 1024 in the paper); received image_shape="
            f"{image_shape}. Resize the images, for example to 32x32."
        )
    return [2**i for i in range(2, int(math.log2(height)) + 1)]


def _channels(resolution, channel_base, max_filters):
    return max(1, min(channel_base // resolution, max_filters))


def _activate(x, name):
    """StyleGAN2's `lrelu` activation: leaky ReLU 0.2 times sqrt(2)."""
    x = keras.layers.LeakyReLU(0.2, name=f"{name}_lrelu")(x)
    return keras.layers.Rescaling(math.sqrt(2.0), name=f"{name}_gain")(x)


def _style(styles, index, num_styles, name):
    """The `index`-th style of `(batch, num_styles, w_dim)` styles."""
    x = keras.layers.Cropping1D(
        (index, num_styles - index - 1), name=f"{name}_pick"
    )(styles)
    return keras.layers.Reshape((styles.shape[-1],), name=name)(x)


def stylegan2_generator(
    latent_dim=512,
    image_shape=(32, 32, 3),
    w_dim=512,
    mapping_layers=8,
    mapping_lr_multiplier=0.01,
    channel_base=16384,
    max_filters=512,
    style_mixing_probability=0.9,
    w_average_decay=0.995,
    seed=None,
    num_classes=None,
    name="stylegan2_generator",
):
    """StyleGAN2's generator: a mapping network and a skip-connected
    synthesis network.

    Mapping: the latent vector normalized to unit mean square, then
    `mapping_layers` `EqualizedDense` layers of `w_dim` units with
    learning-rate multiplier 0.01 and leaky ReLU, giving `w`; a
    `StyleTruncation` layer keeps `w`'s running mean (truncation in W
    space). A `StyleMixing` layer gives each synthesis layer a style,
    mixing in the style of a second latent in training (probability 0.9).
    Synthesis: a learned 4x4 `ConstantInput`, then one block per doubling:
    [1, 3, 3, 1] upsampling, two 3x3 `ModulatedConv2D` with
    demodulation, each followed by `NoiseInjection`, leaky ReLU 0.2 and
    gain sqrt(2); each block adds its 1x1 RGB layer (modulated, not
    demodulated) to the upsampled image of the blocks before (skip
    architecture). Channels at resolution `r` are
    `min(channel_base // r, max_filters)`.

    With `num_classes`, the generator takes `[latent, labels]`, as in
    StyleGAN2-ADA's conditional networks: an `Embedding` of `w_dim` per
    class, normalized to unit mean square, is concatenated with the
    normalized latent before the mapping layers (the mixing latent takes
    the same class).

    Differences from the paper's code: upsampling before the convolution
    rather than a fused transposed one, and the fixed noise map in
    inference (`NoiseInjection`). Paper:
    [Karras et al. 2020](https://arxiv.org/abs/1912.04958).

    Args:
        latent_dim: Size of the latent vector. Defaults to `512`.
        image_shape: `(side, side, channels)`, the side a power of two
            from 8. Defaults to `(32, 32, 3)`.
        w_dim: Size of the style vector `w`. Defaults to `512`.
        mapping_layers: Dense layers of the mapping network (8 in the
            paper, 2 in its CIFAR-10 config). Defaults to `8`.
        mapping_lr_multiplier: The mapping layers' learning-rate
            multiplier. Defaults to `0.01`.
        channel_base: Channels times resolution (config F: 32768;
            CIFAR-10: 16384). Defaults to `16384`.
        max_filters: Most channels of a layer. Defaults to `512`.
        style_mixing_probability: Probability of mixing two styles in a
            training batch. Defaults to `0.9`.
        w_average_decay: Decay of `w`'s running mean. Defaults to `0.995`.
        seed: Seed of the noise and mixing draws. Defaults to `None`.
        num_classes: Number of classes for a conditional generator, or
            `None`. Defaults to `None`.
        name: Name of the model. Defaults to `"stylegan2_generator"`.

    Returns:
        A functional `keras.Model` from `latent` (or `[latent, labels]`)
        to images (unbounded; trained towards [-1, 1]).

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.stylegan2_generator(
        latent_dim=16, image_shape=(8, 8, 3), w_dim=16, mapping_layers=2,
        channel_base=128, max_filters=16,
    )
    print(generator.output_shape)
    # (None, 8, 8, 3)
    ```
    """
    image_shape = check_image_shape(image_shape)
    latent_dim = check_integer("latent_dim", latent_dim, 1)
    w_dim = check_integer("w_dim", w_dim, 1)
    mapping_layers = check_integer("mapping_layers", mapping_layers, 1)
    channel_base = check_integer("channel_base", channel_base, 1)
    max_filters = check_integer("max_filters", max_filters, 1)
    num_classes, labels = label_input(num_classes)
    resolutions = _resolutions(image_shape)
    num_styles = 2 * len(resolutions)

    latent = keras.Input((latent_dim,), name="latent")
    normalize = keras.layers.UnitNormalization(name="mapping_normalize")
    rescale = keras.layers.Rescaling(
        math.sqrt(latent_dim), name="mapping_unit_mean_square"
    )
    condition = None
    if labels is not None:
        embedding = class_vector(labels, num_classes, w_dim)
        embedding = keras.layers.UnitNormalization(name="class_normalize")(
            embedding
        )
        condition = keras.layers.Rescaling(
            math.sqrt(w_dim), name="class_unit_mean_square"
        )(embedding)
        join = keras.layers.Concatenate(name="mapping_condition")
    dense = [
        EqualizedDense(
            w_dim, lr_multiplier=mapping_lr_multiplier, name=f"mapping_{i}"
        )
        for i in range(mapping_layers)
    ]
    activations = [
        (
            keras.layers.LeakyReLU(0.2, name=f"mapping_{i}_lrelu"),
            keras.layers.Rescaling(math.sqrt(2.0), name=f"mapping_{i}_gain"),
        )
        for i in range(mapping_layers)
    ]

    def mapping(z):
        x = rescale(normalize(z))
        if condition is not None:
            x = join([x, condition])
        for layer, (leaky, gain) in zip(dense, activations):
            x = gain(leaky(layer(x)))
        return x

    w = StyleTruncation(w_average_decay, name=MAPPING_OUTPUT)(mapping(latent))
    # A second latent, drawn anew in training (N(0, 1) noise on zeros),
    # whose style the mixing layer mixes in; unused in inference.
    mix_latent = keras.layers.GaussianNoise(
        1.0, seed=seed, name="mixing_latent"
    )(keras.layers.Rescaling(0.0, name="mixing_zeros")(latent))
    styles = StyleMixing(
        num_styles, style_mixing_probability, seed=seed, name=SYNTHESIS_INPUT
    )([w, mapping(mix_latent)])

    channels = image_shape[-1]
    # Repeated for the batch of styles, so that the synthesis network
    # (`stylegan2_parts`) depends on the styles alone.
    x = ConstantInput(
        (4, 4, _channels(4, channel_base, max_filters)), name="constant"
    )(styles)
    image = None
    index = 0
    for resolution in resolutions:
        filters = _channels(resolution, channel_base, max_filters)
        prefix = f"b{resolution}"
        convolutions = ("conv1",) if resolution == 4 else ("conv0", "conv1")
        if resolution > 4:
            x = Upsample2D(_FILTER, name=f"{prefix}_upsample")(x)
        for conv in convolutions:
            name = f"{prefix}_{conv}"
            style = _style(styles, index, num_styles, f"{name}_style")
            x = ModulatedConv2D(filters, 3, name=name)([x, style])
            x = NoiseInjection(seed=seed, name=f"{name}_noise")(x)
            x = _activate(x, name)
            index += 1
        style = _style(styles, index, num_styles, f"{prefix}_torgb_style")
        rgb = ModulatedConv2D(
            channels, 1, demodulate=False, name=f"{prefix}_torgb"
        )([x, style])
        if image is None:
            image = rgb
        else:
            image = Upsample2D(_FILTER, name=f"{prefix}_image_upsample")(image)
            image = keras.layers.Add(name=f"{prefix}_image")([image, rgb])
    image = keras.layers.Activation("linear", name="image", dtype="float32")(
        image
    )
    inputs = latent if labels is None else [latent, labels]
    return keras.Model(inputs, image, name=name)


def stylegan2_parts(generator):
    """The mapping and synthesis networks of a `stylegan2_generator`, as
    models that share its layers.

    Args:
        generator: A model built by `stylegan2_generator`.

    Returns:
        `(mapping, synthesis)`: `mapping` takes the latent and gives `w`
        (before truncation); `synthesis` takes styles of shape
        `(batch, num_styles, w_dim)` and gives images.

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.stylegan2_generator(
        latent_dim=8, image_shape=(8, 8, 1), w_dim=8, mapping_layers=1,
        channel_base=64, max_filters=8,
    )
    mapping, synthesis = builders.stylegan2_parts(generator)
    print(mapping.output_shape, synthesis.input_shape)
    # (None, 8) (None, 4, 8)
    ```
    """
    try:
        truncation = generator.get_layer(MAPPING_OUTPUT)
        mixing = generator.get_layer(SYNTHESIS_INPUT)
    except ValueError:
        raise ValueError(
            f"{generator.name!r} is not a StyleGAN2 generator: it has no "
            f"{MAPPING_OUTPUT!r} or {SYNTHESIS_INPUT!r} layer. Build it with "
            "builders.stylegan2_generator."
        ) from None
    inputs = generator.inputs
    mapping = keras.Model(
        inputs[0] if len(inputs) == 1 else inputs,
        truncation.input,
        name=f"{generator.name}_mapping",
    )
    synthesis = keras.Model(
        mixing.output, generator.output, name=f"{generator.name}_synthesis"
    )
    return mapping, synthesis


def stylegan2_discriminator(
    image_shape=(32, 32, 3),
    channel_base=16384,
    max_filters=512,
    mbstd_group_size=4,
    mbstd_num_features=1,
    num_classes=None,
    name="stylegan2_discriminator",
):
    """StyleGAN2's residual discriminator.

    A 1x1 `EqualizedConv2D` from the image, then one residual block per
    halving down to 4x4: two 3x3 convolutions with leaky ReLU 0.2 and gain
    sqrt(2), the second after [1, 3, 3, 1] downsampling, plus a
    downsampled 1x1 shortcut, summed and scaled by sqrt(1/2). At 4x4:
    `MinibatchStdDev`, a 3x3 convolution, a dense layer and one logit.
    Channels at resolution `r` are `min(channel_base // r, max_filters)`;
    every layer has an equalized learning rate.

    With `num_classes`, the discriminator takes `[images, labels]` and is
    a projection discriminator as in StyleGAN2-ADA: its last layer gives
    as many features as the 4x4 block has channels, and the logit is
    their dot product with the label's `Embedding`, divided by the square
    root of their number.

    Differences from the paper's code: the block downsamples before its
    second convolution rather than with a strided one (a quarter of the
    cost). Paper: [Karras et al. 2020](https://arxiv.org/abs/1912.04958).

    Args:
        image_shape: `(side, side, channels)`, the side a power of two
            from 8. Defaults to `(32, 32, 3)`.
        channel_base: Channels times resolution. Defaults to `16384`.
        max_filters: Most channels of a layer. Defaults to `512`.
        mbstd_group_size: `MinibatchStdDev`'s group size.
            Defaults to `4`.
        mbstd_num_features: `MinibatchStdDev`'s features. Defaults to `1`.
        num_classes: Number of classes for a projection discriminator, or
            `None`. Defaults to `None`.
        name: Name of the model. Defaults to `"stylegan2_discriminator"`.

    Returns:
        A functional `keras.Model` from images (or `[images, labels]`) to
        one logit per image.

    Examples:

    ```python
    from keras_gan_kit import builders

    discriminator = builders.stylegan2_discriminator(
        image_shape=(8, 8, 3), channel_base=64, max_filters=16
    )
    print(discriminator.output_shape)
    # (None, 1)
    ```
    """
    image_shape = check_image_shape(image_shape)
    channel_base = check_integer("channel_base", channel_base, 1)
    max_filters = check_integer("max_filters", max_filters, 1)
    num_classes, labels = label_input(num_classes)
    resolutions = _resolutions(image_shape)[::-1]
    images = keras.Input(image_shape, name="image")
    x = EqualizedConv2D(
        _channels(resolutions[0], channel_base, max_filters), 1, name="fromrgb"
    )(images)
    x = _activate(x, "fromrgb")
    for resolution in resolutions[:-1]:
        prefix = f"b{resolution}"
        filters = _channels(resolution, channel_base, max_filters)
        out_filters = _channels(resolution // 2, channel_base, max_filters)
        shortcut = Downsample2D(_FILTER, name=f"{prefix}_skip_down")(x)
        shortcut = EqualizedConv2D(
            out_filters, 1, use_bias=False, name=f"{prefix}_skip"
        )(shortcut)
        x = _activate(
            EqualizedConv2D(filters, 3, name=f"{prefix}_conv0")(x),
            f"{prefix}_conv0",
        )
        x = Downsample2D(_FILTER, name=f"{prefix}_down")(x)
        x = _activate(
            EqualizedConv2D(out_filters, 3, name=f"{prefix}_conv1")(x),
            f"{prefix}_conv1",
        )
        x = keras.layers.Add(name=f"{prefix}_sum")([shortcut, x])
        x = keras.layers.Rescaling(math.sqrt(0.5), name=f"{prefix}_out")(x)
    filters = _channels(4, channel_base, max_filters)
    x = MinibatchStdDev(mbstd_group_size, mbstd_num_features, name="b4_mbstd")(
        x
    )
    x = _activate(EqualizedConv2D(filters, 3, name="b4_conv")(x), "b4_conv")
    x = keras.layers.Flatten(name="b4_flatten")(x)
    x = _activate(EqualizedDense(filters, name="b4_fc")(x), "b4_fc")
    if labels is None:
        logits = EqualizedDense(1, name="b4_out")(x)
        logits = keras.layers.Activation(
            "linear", name="logit", dtype="float32"
        )(logits)
        return keras.Model(images, logits, name=name)
    features = EqualizedDense(filters, name="b4_out")(x)
    embedding = class_vector(labels, num_classes, filters)
    projection = keras.layers.Dot(axes=1, name="projection")(
        [features, embedding]
    )
    logits = keras.layers.Rescaling(
        1.0 / math.sqrt(filters), name="logit", dtype="float32"
    )(projection)
    return keras.Model([images, labels], logits, name=name)
