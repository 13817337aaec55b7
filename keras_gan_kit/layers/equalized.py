"""Layers with an equalized learning rate (Karras et al. 2018), as in
StyleGAN2's networks."""

import math

import keras
from keras import ops

from keras_gan_kit.layers.arguments import positive_int


def _check(name, value, minimum=0.0):
    if isinstance(value, bool) or not float(value) > minimum:
        raise ValueError(
            f"{name} must be a number > {minimum}; received {value!r}."
        )
    return float(value)


class _Equalized(keras.layers.Layer):
    """The weights are stored as `N(0, 1) / lr_multiplier` and scaled at
    every call by `lr_multiplier / sqrt(fan_in)` (the bias by
    `lr_multiplier`): every layer then learns at one speed with Adam,
    and `lr_multiplier` slows a layer down (StyleGAN2's mapping network
    uses 0.01)."""

    def __init__(
        self, lr_multiplier=1.0, use_bias=True, bias_init=0.0, **kwargs
    ):
        super().__init__(**kwargs)
        self.lr_multiplier = _check("lr_multiplier", lr_multiplier)
        self.use_bias = bool(use_bias)
        self.bias_init = float(bias_init)

    def _build_weights(self, kernel_shape, fan_in, units):
        self.weight_gain = self.lr_multiplier / math.sqrt(fan_in)
        self.kernel = self.add_weight(
            shape=kernel_shape,
            initializer=keras.initializers.RandomNormal(
                stddev=1.0 / self.lr_multiplier
            ),
            name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(units,),
                initializer=keras.initializers.Constant(
                    self.bias_init / self.lr_multiplier
                ),
                name="bias",
            )

    def _add_bias(self, outputs):
        if self.bias is None:
            return outputs
        bias = ops.cast(self.bias, outputs.dtype) * self.lr_multiplier
        return outputs + bias

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "lr_multiplier": self.lr_multiplier,
                "use_bias": self.use_bias,
                "bias_init": self.bias_init,
            }
        )
        return config


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class EqualizedDense(_Equalized):
    """A dense layer with an equalized learning rate.

    Computes `x @ (kernel * lr_multiplier / sqrt(fan_in)) + bias *
    lr_multiplier`, with `kernel ~ N(0, 1) / lr_multiplier` and `bias`
    starting at `bias_init` (StyleGAN2's `FullyConnectedLayer`): the
    output's scale does not depend on the initializer, and Adam moves
    every layer at the same relative speed, times `lr_multiplier`.

    Args:
        units: Output features.
        lr_multiplier: Learning-rate multiplier of this layer (StyleGAN2's
            mapping network: 0.01). Defaults to `1.0`.
        use_bias: Whether to add a bias. Defaults to `True`.
        bias_init: The bias's initial value (StyleGAN2's style layers
            start at 1). Defaults to `0.0`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import EqualizedDense

    layer = EqualizedDense(3, lr_multiplier=0.01, bias_init=1.0)
    outputs = ops.convert_to_numpy(layer(np.zeros((2, 4), "float32")))
    print(outputs.round(4).tolist())  # the bias alone, at bias_init
    # [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    ```
    """

    def __init__(
        self, units, lr_multiplier=1.0, use_bias=True, bias_init=0.0, **kwargs
    ):
        super().__init__(
            lr_multiplier=lr_multiplier,
            use_bias=use_bias,
            bias_init=bias_init,
            **kwargs,
        )
        self.units = positive_int("units", units)

    def build(self, input_shape):
        fan_in = int(input_shape[-1])
        self._build_weights((fan_in, self.units), fan_in, self.units)

    def call(self, inputs):
        kernel = ops.cast(self.kernel, inputs.dtype) * self.weight_gain
        return self._add_bias(ops.matmul(inputs, kernel))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config["units"] = self.units
        return config


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class EqualizedConv2D(_Equalized):
    """A 2-D convolution (stride 1, "same" padding) with an equalized
    learning rate.

    Computes `conv(x, kernel * lr_multiplier / sqrt(fan_in)) + bias *
    lr_multiplier`, `fan_in = kernel_size**2 * in_channels`, with
    `kernel ~ N(0, 1) / lr_multiplier` (StyleGAN2's `Conv2dLayer`).

    Args:
        filters: Output channels.
        kernel_size: The square kernel's side. Defaults to `3`.
        lr_multiplier: Learning-rate multiplier. Defaults to `1.0`.
        use_bias: Whether to add a bias. Defaults to `True`.
        bias_init: The bias's initial value. Defaults to `0.0`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import EqualizedConv2D

    print(tuple(EqualizedConv2D(5)(np.zeros((2, 8, 8, 3), "float32")).shape))
    # (2, 8, 8, 5)
    ```
    """

    def __init__(
        self,
        filters,
        kernel_size=3,
        lr_multiplier=1.0,
        use_bias=True,
        bias_init=0.0,
        **kwargs,
    ):
        super().__init__(
            lr_multiplier=lr_multiplier,
            use_bias=use_bias,
            bias_init=bias_init,
            **kwargs,
        )
        self.filters = positive_int("filters", filters)
        self.kernel_size = positive_int("kernel_size", kernel_size)

    def build(self, input_shape):
        channels = int(input_shape[-1])
        size = self.kernel_size
        self._build_weights(
            (size, size, channels, self.filters),
            size * size * channels,
            self.filters,
        )

    def call(self, inputs):
        kernel = ops.cast(self.kernel, inputs.dtype) * self.weight_gain
        return self._add_bias(ops.conv(inputs, kernel, padding="same"))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.filters,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"filters": self.filters, "kernel_size": self.kernel_size}
        )
        return config
