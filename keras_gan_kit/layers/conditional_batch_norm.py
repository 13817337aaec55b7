"""`ConditionalBatchNormalization`: batch norm whose scale and offset come
from a condition vector."""

import keras
from keras import ops

from keras_gan_kit.layers.self_attention import spectral


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ConditionalBatchNormalization(keras.layers.Layer):
    """Batch normalization with a per-example scale and offset.

    Called on `[features, condition]`: the features are normalized with
    batch statistics (moving averages at inference, as in
    `keras.layers.BatchNormalization`), then scaled by `1 + gain(condition)`
    and shifted by `bias(condition)`, where `gain` and `bias` are Dense
    layers that start at zero, so the layer starts as plain batch norm.
    With a class embedding as the condition this is the conditional batch
    norm of SNGAN's generator (one scale and offset per class); with the
    embedding concatenated with the latent vector it is BigGAN's
    shared-embedding form.

    Papers: [de Vries et al. 2017](https://arxiv.org/abs/1707.00683),
    [Miyato & Koyama 2018](https://arxiv.org/abs/1802.05637),
    [Brock et al. 2018](https://arxiv.org/abs/1809.11096).

    Args:
        momentum: Momentum of the moving statistics. Defaults to `0.9`.
        epsilon: Added to the variance. Defaults to `1e-5`.
        spectral_norm: Wrap the gain and bias layers in spectral
            normalization (BigGAN). Defaults to `False`.
        **kwargs: Base layer arguments (`name`, `dtype`...).

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import ConditionalBatchNormalization

    layer = ConditionalBatchNormalization()
    features = np.random.default_rng(0).normal(3.0, 2.0, size=(8, 4, 4, 6))
    condition = np.eye(8, 5, dtype="float32")
    outputs = layer([features.astype("float32"), condition], training=True)
    outputs = ops.convert_to_numpy(outputs)
    print(outputs.shape, round(float(np.std(outputs)), 2))
    # (8, 4, 4, 6) 1.0
    ```
    """

    def __init__(
        self, momentum=0.9, epsilon=1e-5, spectral_norm=False, **kwargs
    ):
        super().__init__(**kwargs)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.spectral_norm = bool(spectral_norm)

    def build(self, input_shape):
        if not (
            isinstance(input_shape, list | tuple) and len(input_shape) == 2
        ):
            raise ValueError(
                "ConditionalBatchNormalization is called on [features, "
                f"condition]; received input shape {input_shape}. Pass the "
                "feature map and a (batch, dim) condition vector as a list."
            )
        features_shape, condition_shape = input_shape
        if len(condition_shape) != 2:
            raise ValueError(
                "The condition of ConditionalBatchNormalization must be a "
                f"(batch, dim) vector; received shape {tuple(condition_shape)}."
                " Flatten a class embedding before passing it."
            )
        channels = features_shape[-1]
        self.normalization = keras.layers.BatchNormalization(
            momentum=self.momentum,
            epsilon=self.epsilon,
            center=False,
            scale=False,
            name="normalization",
            dtype=self.dtype_policy,
        )
        self.normalization.build(features_shape)
        self.gain = self._affine(channels, "gain", condition_shape)
        self.bias = self._affine(channels, "bias", condition_shape)

    def _affine(self, channels, name, condition_shape):
        """A zero-initialized Dense map from the condition, built."""
        layer = spectral(
            keras.layers.Dense(
                channels,
                kernel_initializer="zeros",
                name=name,
                dtype=self.dtype_policy,
            ),
            self.spectral_norm,
        )
        layer.build(condition_shape)
        return layer

    def call(self, inputs, training=None):
        features, condition = inputs
        normalized = self.normalization(features, training=training)
        rank = len(features.shape)
        shape = (-1,) + (1,) * (rank - 2) + (features.shape[-1],)
        gain = ops.reshape(self.gain(condition, training=training), shape)
        bias = ops.reshape(self.bias(condition, training=training), shape)
        return normalized * (1.0 + gain) + bias

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {
            **super().get_config(),
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "spectral_norm": self.spectral_norm,
        }
