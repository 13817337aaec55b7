"""`SelfAttention`: the non-local block of SAGAN."""

import keras
from keras import ops


def spectral(layer, spectral_norm):
    """`layer`, wrapped in spectral normalization where asked."""
    if spectral_norm:
        return keras.layers.SpectralNormalization(layer, name=layer.name)
    return layer


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class SelfAttention(keras.layers.Layer):
    """Self-attention over the positions of a feature map (SAGAN).

    Each position attends to every position of a 2x-pooled copy of the map:
    queries and keys of `channels // 8` features, values of
    `channels // 2`, all 1x1 convolutions; the attended values go through
    a 1x1 convolution back to `channels` and are added to the input,
    scaled by a learned `gamma` that starts at 0, so the block starts as
    the identity (Zhang et al. 2018; the pooled keys and values follow
    BigGAN's implementation and cut the attention matrix 4x).

    Paper: [Zhang et al. 2018](https://arxiv.org/abs/1805.08318).

    Args:
        spectral_norm: Wrap the four convolutions in spectral
            normalization. Defaults to `True`.
        pool_keys: Pool keys and values 2x2 (the map's sides must be
            even). Defaults to `True`.
        kernel_initializer: Initializer of the convolutions.
            Defaults to `"orthogonal"`.
        **kwargs: Base layer arguments (`name`, `dtype`...).

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import SelfAttention

    layer = SelfAttention()
    maps = np.random.default_rng(0).normal(size=(2, 8, 8, 16))
    outputs = ops.convert_to_numpy(layer(maps.astype("float32")))
    print(outputs.shape, np.allclose(outputs, maps, atol=1e-6))
    # (2, 8, 8, 16) True
    ```
    """

    def __init__(
        self,
        spectral_norm=True,
        pool_keys=True,
        kernel_initializer="orthogonal",
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.spectral_norm = bool(spectral_norm)
        self.pool_keys = bool(pool_keys)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def _conv(self, filters, name):
        return spectral(
            keras.layers.Conv2D(
                filters,
                1,
                use_bias=False,
                kernel_initializer=self.kernel_initializer,
                name=name,
                dtype=self.dtype_policy,
            ),
            self.spectral_norm,
        )

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None or channels < 8:
            raise ValueError(
                "SelfAttention needs a known channel axis of at least 8 "
                f"(queries use channels // 8); received input shape "
                f"{tuple(input_shape)}. Attend at a layer with more channels."
            )
        height, width = input_shape[1], input_shape[2]
        if self.pool_keys and (
            (height is not None and height % 2)
            or (width is not None and width % 2)
        ):
            raise ValueError(
                f"SelfAttention(pool_keys=True) pools keys 2x2, so the map's "
                f"sides must be even; received input shape "
                f"{tuple(input_shape)}. Pass pool_keys=False or attend at an "
                "even size."
            )
        self.query = self._conv(channels // 8, "query")
        self.key = self._conv(channels // 8, "key")
        self.value = self._conv(channels // 2, "value")
        self.output_projection = self._conv(channels, "output_projection")
        for layer in (self.query, self.key, self.value):
            layer.build(input_shape)
        self.output_projection.build(tuple(input_shape[:-1]) + (channels // 2,))
        self.gamma = self.add_weight(
            shape=(), initializer="zeros", name="gamma"
        )

    def _flat(self, maps, pool):
        if pool:
            maps = ops.max_pool(maps, 2, 2)
        shape = ops.shape(maps)
        return ops.reshape(maps, (shape[0], shape[1] * shape[2], shape[3]))

    def call(self, inputs, training=None):
        shape = ops.shape(inputs)
        queries = self._flat(self.query(inputs, training=training), False)
        keys = self._flat(self.key(inputs, training=training), self.pool_keys)
        values = self._flat(
            self.value(inputs, training=training), self.pool_keys
        )
        attention = ops.softmax(
            ops.matmul(queries, ops.transpose(keys, (0, 2, 1))), axis=-1
        )
        attended = ops.reshape(
            ops.matmul(attention, values),
            (shape[0], shape[1], shape[2], ops.shape(values)[-1]),
        )
        attended = self.output_projection(attended, training=training)
        return inputs + ops.cast(self.gamma, inputs.dtype) * attended

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "spectral_norm": self.spectral_norm,
            "pool_keys": self.pool_keys,
            "kernel_initializer": keras.initializers.serialize(
                self.kernel_initializer
            ),
        }
