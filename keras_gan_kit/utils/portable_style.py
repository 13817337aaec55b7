"""The standard-layer forms of the StyleGAN2 and R3GAN layers, for
`utils.portable_model`.

Each function takes one of the package's layers (built, as in a trained
generator) and returns a small functional model of standard Keras layers
that computes the layer's inference output from the same weights. The
learned constants become the bias of a `Dense` layer with a zero kernel,
which gives the bias for every row of the batch.
"""

import keras
import numpy as np

from keras_gan_kit.layers.constant_input import ConstantInput
from keras_gan_kit.layers.modulated_conv import DEMODULATION_EPSILON
from keras_gan_kit.layers.modulated_conv import ModulatedConv2D
from keras_gan_kit.layers.noise_injection import NoiseInjection
from keras_gan_kit.layers.resampling import Downsample2D
from keras_gan_kit.layers.resampling import Upsample2D
from keras_gan_kit.layers.style_mixing import StyleMixing
from keras_gan_kit.layers.style_truncation import StyleTruncation

STYLE_LAYERS = (
    ConstantInput,
    Downsample2D,
    ModulatedConv2D,
    NoiseInjection,
    StyleMixing,
    StyleTruncation,
    Upsample2D,
)


def _numpy(variable):
    return np.asarray(keras.ops.convert_to_numpy(variable), "float32")


def _fixed(layer, inputs, weights):
    """Calls a fresh standard `layer` on `inputs` and gives it `weights`."""
    outputs = layer(inputs)
    layer.set_weights([np.asarray(w, "float32") for w in weights])
    return outputs


def _constant(rows, values, name):
    """`values` for every row of the 2-D tensor `rows`: the bias of a
    zero-kernel `Dense` layer, reshaped."""
    values = np.asarray(values, "float32")
    flat = _fixed(
        keras.layers.Dense(values.size, name=name),
        rows,
        [np.zeros((rows.shape[-1], values.size)), values.reshape(-1)],
    )
    return keras.layers.Reshape(values.shape, name=f"{name}_shape")(flat)


def _modulated(layer, shapes):
    features = keras.Input(tuple(shapes[0][1:]))
    w = keras.Input(tuple(shapes[1][1:]))
    channels, filters = features.shape[-1], layer.filters
    affine = layer.affine
    styles = _fixed(
        keras.layers.Dense(channels, name="affine"),
        w,
        [
            _numpy(affine.kernel) * affine.weight_gain,
            _numpy(affine.bias) * affine.lr_multiplier,
        ],
    )
    x = keras.layers.Multiply(name="modulate")(
        [features, keras.layers.Reshape((1, 1, channels))(styles)]
    )
    kernel = _numpy(layer.kernel) * layer.weight_gain
    x = _fixed(
        keras.layers.Conv2D(
            filters,
            layer.kernel_size,
            padding="same",
            use_bias=False,
            name="conv",
        ),
        x,
        [kernel],
    )
    if layer.demodulate:
        # 1 / sqrt(sum_i s_i^2 e_ij + eps) as the last entry of the unit
        # vector (s_i sqrt(e_ij) for each i, sqrt(eps)), divided by
        # sqrt(eps): UnitNormalization computes the square root.
        root = np.sqrt(np.sum(np.square(kernel), axis=(0, 1))).T
        scaled = keras.layers.Multiply(name="demodulation_terms")(
            [
                keras.layers.Reshape((1, channels))(styles),
                _constant(w, root, "energy_root"),
            ]
        )
        floor = np.sqrt(DEMODULATION_EPSILON)
        terms = keras.layers.Concatenate(name="demodulation_vector")(
            [scaled, _constant(w, np.full((filters, 1), floor), "epsilon")]
        )
        unit = keras.layers.UnitNormalization(name="demodulation_unit")(terms)
        pick = np.zeros((channels + 1, 1))
        pick[-1] = 1.0 / floor
        scale = _fixed(
            keras.layers.Dense(1, use_bias=False, name="demodulation"),
            unit,
            [pick],
        )
        scale = keras.layers.Reshape((1, 1, filters))(scale)
        x = keras.layers.Multiply(name="demodulate")([x, scale])
    if layer.use_bias:
        bias = _constant(w, _numpy(layer.bias).reshape(1, 1, -1), "bias")
        x = keras.layers.Add(name="add_bias")([x, bias])
    return keras.Model([features, w], x, name=layer.name)


def _noise(layer, shape):
    features = keras.Input(tuple(shape[1:]))
    rows = keras.layers.GlobalAveragePooling2D(name="rows")(features)
    noise = _numpy(layer.strength) * _numpy(layer.fixed_noise)
    x = keras.layers.Add(name="add_noise")(
        [features, _constant(rows, noise, "noise")]
    )
    return keras.Model(features, x, name=layer.name)


def _constant_input(layer, shape):
    inputs = keras.Input(tuple(shape[1:]))
    rows = keras.layers.Flatten(name="rows")(inputs)
    outputs = _constant(rows, _numpy(layer.constant), "constant")
    return keras.Model(inputs, outputs, name=layer.name)


def _mixing(layer, shapes):
    w = keras.Input(tuple(shapes[0][1:]))
    w_mix = keras.Input(tuple(shapes[1][1:]))
    styles = keras.layers.RepeatVector(layer.num_styles, name="repeat")(w)
    return keras.Model([w, w_mix], styles, name=layer.name)


def _truncation(layer, shape):
    w = keras.Input(tuple(shape[1:]))
    psi = float(_numpy(layer.psi))
    average = _numpy(layer.average)
    outputs = _fixed(
        keras.layers.Dense(average.size, name="truncate"),
        w,
        [psi * np.eye(average.size), (1.0 - psi) * average],
    )
    return keras.Model(w, outputs, name=layer.name)


def _depthwise(layer, x, strides):
    kernel = layer.kernel
    size = kernel.shape[0]
    return _fixed(
        keras.layers.DepthwiseConv2D(
            size, strides=strides, use_bias=False, name="filter"
        ),
        x,
        [kernel],
    )


def _resample(layer, shape):
    inputs = keras.Input(tuple(shape[1:]))
    x = inputs
    if isinstance(layer, Upsample2D):
        x = keras.layers.UpSampling2D(2, name="nearest")(x)
        if len(layer.taps) == 1:
            return keras.Model(inputs, x, name=layer.name)
    x = keras.layers.ZeroPadding2D((layer.padding, layer.padding))(x)
    x = _depthwise(layer, x, 1 if isinstance(layer, Upsample2D) else 2)
    return keras.Model(inputs, x, name=layer.name)


def expand_style_layer(layer, shapes):
    """The standard-layer model of a StyleGAN2 or R3GAN layer.

    Args:
        layer: A built layer of `STYLE_LAYERS`.
        shapes: Its input shape, or the list of its inputs' shapes.

    Returns:
        A functional `keras.Model` of standard layers.
    """
    if isinstance(layer, ModulatedConv2D):
        return _modulated(layer, shapes)
    if isinstance(layer, NoiseInjection):
        return _noise(layer, shapes)
    if isinstance(layer, ConstantInput):
        return _constant_input(layer, shapes)
    if isinstance(layer, StyleMixing):
        return _mixing(layer, shapes)
    if isinstance(layer, StyleTruncation):
        return _truncation(layer, shapes)
    return _resample(layer, shapes)
