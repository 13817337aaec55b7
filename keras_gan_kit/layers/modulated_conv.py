"""`ModulatedConv2D`: StyleGAN2's style-modulated convolution."""

import math

import keras
from keras import ops

from keras_gan_kit.layers.arguments import positive_int
from keras_gan_kit.layers.equalized import EqualizedDense

# StyleGAN2's epsilon under the square root of the demodulation.
DEMODULATION_EPSILON = 1e-8


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ModulatedConv2D(keras.layers.Layer):
    """A convolution whose input channels are scaled by a style vector,
    with weight demodulation (Karras et al. 2020, StyleGAN2,
    https://arxiv.org/abs/1912.04958).

    Called on `[features, w]`: an affine layer (`EqualizedDense`, bias
    starting at 1) maps `w` to one scale `s_i` per input channel; the
    features are multiplied by `s`, convolved ("same" padding, stride 1)
    with the equalized kernel `k * 1 / sqrt(fan_in)`, and each output
    channel `j` of each image is divided by
    `sqrt(sum_i s_i^2 sum_xy k_xyij^2 + 1e-8)` (demodulation), which keeps
    the outputs at unit variance whatever the style. This is the
    input-scaling form of the paper's non-fused path: equal to convolving
    with the modulated, demodulated kernel, without a grouped convolution.
    A bias is added last.

    Args:
        filters: Output channels.
        kernel_size: The square kernel's side. Defaults to `3`.
        demodulate: Whether to demodulate (StyleGAN2's RGB layers do
            not). Defaults to `True`.
        use_bias: Whether to add a bias. Defaults to `True`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import ModulatedConv2D

    features = np.ones((2, 8, 8, 16), "float32")
    w = np.ones((2, 32), "float32")
    print(tuple(ModulatedConv2D(4)([features, w]).shape))
    # (2, 8, 8, 4)
    ```
    """

    def __init__(
        self, filters, kernel_size=3, demodulate=True, use_bias=True, **kwargs
    ):
        super().__init__(**kwargs)
        self.filters = positive_int("filters", filters)
        self.kernel_size = positive_int("kernel_size", kernel_size)
        self.demodulate = bool(demodulate)
        self.use_bias = bool(use_bias)

    def build(self, input_shape):
        if (
            not isinstance(input_shape, list | tuple)
            or len(input_shape) != 2
            or len(input_shape[0]) != 4
            or len(input_shape[1]) != 2
        ):
            raise ValueError(
                "ModulatedConv2D is called on [features, w]: features of "
                "shape (batch, height, width, channels) and w of shape "
                f"(batch, w_dim); received shapes {input_shape!r}."
            )
        feature_shape, style_shape = input_shape
        channels = int(feature_shape[-1])
        self.affine = EqualizedDense(
            channels, bias_init=1.0, dtype=self.dtype_policy, name="affine"
        )
        self.affine.build(style_shape)
        size = self.kernel_size
        self.weight_gain = 1.0 / math.sqrt(channels * size * size)
        self.kernel = self.add_weight(
            shape=(size, size, channels, self.filters),
            initializer=keras.initializers.RandomNormal(stddev=1.0),
            name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.filters,), initializer="zeros", name="bias"
            )

    def styles(self, w):
        """The per-channel scales `s` of `w`, shape `(batch, channels)`."""
        return self.affine(w)

    def demodulation(self, styles, kernel):
        """`1 / sqrt(s^2 @ sum_xy k^2 + eps)`, shape `(batch, filters)`."""
        energy = ops.sum(ops.square(kernel), axis=(0, 1))
        return ops.rsqrt(
            ops.matmul(ops.square(styles), energy) + DEMODULATION_EPSILON
        )

    def call(self, inputs):
        features, w = inputs
        styles = ops.cast(self.styles(w), features.dtype)
        kernel = ops.cast(self.kernel, features.dtype) * self.weight_gain
        x = features * styles[:, None, None, :]
        x = ops.conv(x, kernel, strides=1, padding="same")
        if self.demodulate:
            x = x * self.demodulation(styles, kernel)[:, None, None, :]
        if self.bias is not None:
            x = x + ops.cast(self.bias, x.dtype)
        return x

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0][:-1]) + (self.filters,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "demodulate": self.demodulate,
                "use_bias": self.use_bias,
            }
        )
        return config
