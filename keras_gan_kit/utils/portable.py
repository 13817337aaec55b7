"""Generators that load with plain Keras: the package's own layers written
as the standard layers they compute.

A residual generator trains with `ResidualUpBlock`, `SelfAttention` and
`ConditionalBatchNormalization`, a StyleGAN2 one with `EqualizedDense`,
`ModulatedConv2D`, `NoiseInjection` and the style layers, an R3GAN one
with `ConstantInput` and `Upsample2D`; their saved configs name
keras_gan_kit. The equalized layers become the `Dense` and `Conv2D` of
their run-time weights; the StyleGAN2 and R3GAN layers are written in
`utils/portable_style.py`.
`portable_model` rebuilds such a generator with each of those layers
replaced by a small functional model of standard Keras layers that holds
the same weights and computes the same images, so its `.keras` file loads
with `keras.saving.load_model(path, safe_mode=True)` where keras_gan_kit
is not installed. Models without those layers are returned as they are.
"""

import keras
import numpy as np

from keras_gan_kit.layers.conditional_batch_norm import (
    ConditionalBatchNormalization,
)
from keras_gan_kit.layers.equalized import EqualizedConv2D
from keras_gan_kit.layers.equalized import EqualizedDense
from keras_gan_kit.layers.residual_blocks import ResidualUpBlock
from keras_gan_kit.layers.self_attention import SelfAttention
from keras_gan_kit.utils.atomic import atomic_path
from keras_gan_kit.utils.portable_style import STYLE_LAYERS
from keras_gan_kit.utils.portable_style import expand_style_layer

_EXPANDED = (
    ResidualUpBlock,
    SelfAttention,
    ConditionalBatchNormalization,
) + STYLE_LAYERS
# Layers written as one standard layer holding their run-time weights.
_EQUALIZED = (EqualizedDense, EqualizedConv2D)


def _standard_equalized(layer):
    """The `Dense` or `Conv2D` that computes an equalized layer, and its
    weights: the kernel and bias as the layer scales them at each call."""
    common = dict(
        use_bias=layer.use_bias, name=layer.name, dtype=layer.dtype_policy
    )
    if isinstance(layer, EqualizedDense):
        twin = keras.layers.Dense(layer.units, **common)
    else:
        twin = keras.layers.Conv2D(
            layer.filters, layer.kernel_size, padding="same", **common
        )
    weights = [keras.ops.convert_to_numpy(layer.kernel) * layer.weight_gain]
    if layer.use_bias:
        bias = keras.ops.convert_to_numpy(layer.bias)
        weights.append(bias * layer.lr_multiplier)
    return twin, weights


def _copy(layer, inputs, name=None, weights=None):
    """A fresh standard layer of `layer`'s config, called on `inputs`
    and given `layer`'s weights (or `weights`)."""
    config = layer.get_config()
    if name is not None:
        config["name"] = name
    twin = type(layer).from_config(config)
    outputs = twin(inputs)
    twin.set_weights(layer.get_weights() if weights is None else weights)
    return outputs


def _conditional_norm(layer, features, condition, prefix):
    """`normalized * (1 + gain) + bias` from standard layers; the 1 is
    folded into the bias of the gain's Dense layer."""
    x = _copy(layer.normalization, features, f"{prefix}_normalization")
    channels = features.shape[-1]
    broadcast = (1,) * (len(features.shape) - 2) + (channels,)
    terms = []
    for affine, shift in ((layer.gain, 1.0), (layer.bias, 0.0)):
        weights = affine.get_weights()
        dense = affine.layer if hasattr(affine, "layer") else affine
        index = [id(w) for w in affine.weights].index(id(dense.bias))
        weights[index] = weights[index] + shift
        values = _copy(affine, condition, f"{prefix}_{affine.name}", weights)
        terms.append(
            keras.layers.Reshape(broadcast, name=f"{prefix}_{affine.name}_map")(
                values
            )
        )
    x = keras.layers.Multiply(name=f"{prefix}_scale")([x, terms[0]])
    return keras.layers.Add(name=f"{prefix}_shift")([x, terms[1]])


def _norm(layer, block, features, condition, prefix):
    if block.conditional:
        return _conditional_norm(layer, features, condition, prefix)
    return _copy(layer, features, prefix)


def _up_block(block, input_shapes):
    conditional = block.conditional
    shapes = input_shapes if conditional else [input_shapes]
    inputs = [keras.Input(tuple(shape[1:])) for shape in shapes]
    features = inputs[0]
    condition = inputs[1] if conditional else None

    def grow(x, name):
        if not block.upsample:
            return x
        return keras.layers.UpSampling2D(2, name=name)(x)

    x = _norm(block.norm_1, block, features, condition, "norm_1")
    x = grow(keras.layers.ReLU(name="relu_1")(x), "upsample")
    x = _copy(block.conv_1, x)
    x = _norm(block.norm_2, block, x, condition, "norm_2")
    x = _copy(block.conv_2, keras.layers.ReLU(name="relu_2")(x))
    shortcut = grow(features, "shortcut_upsample")
    if block.learned_shortcut:
        shortcut = _copy(block.shortcut, shortcut)
    outputs = keras.layers.Add(name="sum")([x, shortcut])
    return keras.Model(
        inputs if conditional else inputs[0], outputs, name=block.name
    )


def _attention(layer, input_shape):
    height, width, channels = (int(size) for size in input_shape[1:])
    inputs = keras.Input((height, width, channels))

    def flat(x, pool, name):
        if pool:
            x = keras.layers.MaxPooling2D(2, name=f"{name}_pool")(x)
        size = x.shape[1] * x.shape[2]
        return keras.layers.Reshape((size, x.shape[-1]), name=f"{name}_flat")(x)

    queries = flat(_copy(layer.query, inputs), False, "query")
    keys = flat(_copy(layer.key, inputs), layer.pool_keys, "key")
    values = flat(_copy(layer.value, inputs), layer.pool_keys, "value")
    attended = keras.layers.Attention(name="attention")([queries, values, keys])
    attended = keras.layers.Reshape(
        (height, width, channels // 2), name="attended"
    )(attended)
    attended = _copy(layer.output_projection, attended)
    # gamma times every channel: a 1x1 depthwise convolution whose kernel
    # holds gamma once per channel.
    scale = keras.layers.DepthwiseConv2D(
        1, use_bias=False, name="gamma", dtype=layer.dtype_policy
    )
    scaled = scale(attended)
    gamma = keras.ops.convert_to_numpy(layer.gamma)
    scale.set_weights([np.full(tuple(scale.kernel.shape), gamma)])
    outputs = keras.layers.Add(name="sum")([inputs, scaled])
    return keras.Model(inputs, outputs, name=layer.name)


def _standalone_norm(layer, input_shapes):
    features = keras.Input(tuple(input_shapes[0][1:]))
    condition = keras.Input(tuple(input_shapes[1][1:]))
    outputs = _conditional_norm(layer, features, condition, "norm")
    return keras.Model([features, condition], outputs, name=layer.name)


def _expand(layer):
    """The standard-layer model of one of the package's layers."""
    shapes = layer.input.shape if not isinstance(layer.input, list) else None
    if shapes is None:
        shapes = [tensor.shape for tensor in layer.input]
    if isinstance(layer, STYLE_LAYERS):
        return expand_style_layer(layer, shapes)
    if isinstance(layer, ResidualUpBlock):
        return _up_block(layer, shapes)
    if isinstance(layer, SelfAttention):
        return _attention(layer, shapes)
    return _standalone_norm(layer, shapes)


def needs_expansion(model):
    """Whether `model` holds a layer that plain Keras cannot load."""
    return any(
        isinstance(layer, _EXPANDED + _EQUALIZED) for layer in model.layers
    )


def portable_model(model):
    """`model` with the package's layers written as standard Keras layers.

    The result computes the same outputs (inference) from the same
    weights, and its `.keras` file loads with
    `keras.saving.load_model(path, safe_mode=True)` without keras_gan_kit.
    A model without such layers is returned unchanged. The rebuilt model
    is for sampling and export, not for more training: its self-attention
    scale and conditional gains are stored in an equivalent form.

    Args:
        model: A functional generator, for example one of
            `builders.resnet_generator`.

    Returns:
        A functional `keras.Model` of standard layers (or `model` itself).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import builders
    from keras_gan_kit.utils import portable_model

    generator = builders.resnet_generator(
        latent_dim=8, image_shape=(8, 8, 3), filters=16
    )
    portable = portable_model(generator)
    latent = np.ones((2, 8), "float32")
    same = np.allclose(
        portable.predict(latent, verbose=0),
        generator.predict(latent, verbose=0),
        atol=1e-5,
    )
    print(same, portable.count_params() >= generator.count_params())
    # True True
    ```
    """
    if not needs_expansion(model):
        return model
    weights = {}

    def clone(layer):
        if isinstance(layer, _EXPANDED):
            return _expand(layer)
        if isinstance(layer, _EQUALIZED):
            twin, weights[id(twin)] = _standard_equalized(layer)
            return twin
        twin = type(layer).from_config(layer.get_config())
        weights[id(twin)] = layer.get_weights()
        return twin

    rebuilt = keras.models.clone_model(model, clone_function=clone)
    for twin in rebuilt.layers:
        if id(twin) in weights:
            twin.set_weights(weights[id(twin)])
    return rebuilt


def save_portable(model, path):
    """Writes `portable_model(model)` to `path`, whole or not at all.

    Args:
        model: The generator to write.
        path: The `.keras` file.

    Examples:

    ```python
    import keras
    from keras_gan_kit.utils import save_portable

    generator = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(8, activation="tanh")]
    )
    save_portable(generator, "generator.keras")
    print(keras.saving.load_model("generator.keras").output_shape)
    # (None, 8)
    ```
    """
    with atomic_path(path) as temporary:
        portable_model(model).save(temporary)
