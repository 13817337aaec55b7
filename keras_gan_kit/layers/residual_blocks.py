"""Residual up- and down-sampling blocks of SNGAN and BigGAN."""

import keras
from keras import ops

from keras_gan_kit.layers.conditional_batch_norm import (
    ConditionalBatchNormalization,
)
from keras_gan_kit.layers.self_attention import spectral


class _ResidualBlock(keras.layers.Layer):
    """What both blocks share: filters, spectral norm, initializer."""

    def __init__(
        self,
        filters,
        spectral_norm,
        kernel_initializer="orthogonal",
        **kwargs,
    ):
        super().__init__(**kwargs)
        if (
            isinstance(filters, bool)
            or not isinstance(filters, int)
            or (filters < 1)
        ):
            raise ValueError(
                f"filters must be a positive integer; received {filters!r}."
            )
        self.filters = filters
        self.spectral_norm = bool(spectral_norm)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def _conv(self, kernel_size, name):
        return spectral(
            keras.layers.Conv2D(
                self.filters,
                kernel_size,
                padding="same",
                kernel_initializer=self.kernel_initializer,
                name=name,
                dtype=self.dtype_policy,
            ),
            self.spectral_norm,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "spectral_norm": self.spectral_norm,
            "kernel_initializer": keras.initializers.serialize(
                self.kernel_initializer
            ),
        }


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ResidualUpBlock(_ResidualBlock):
    """A generator's residual block: normalize, ReLU, upsample, convolve.

    Main path: batch norm -> ReLU -> 2x nearest upsampling -> 3x3
    convolution -> batch norm -> ReLU -> 3x3 convolution. Shortcut: the
    same upsampling and a 1x1 convolution (where the size or the channels
    change). The output is their sum. With `conditional=True` the block is
    called on `[features, condition]` and both normalizations are
    `ConditionalBatchNormalization` (SNGAN's and BigGAN's conditional
    generators).

    Paper: [Miyato et al. 2018](https://arxiv.org/abs/1802.05957),
    appendix B; [Brock et al. 2018](https://arxiv.org/abs/1809.11096).

    Args:
        filters: Output channels.
        upsample: Double the height and width. Defaults to `True`.
        conditional: Normalize with a condition vector (call the block on
            `[features, condition]`). Defaults to `False`.
        spectral_norm: Spectral normalization on the convolutions (BigGAN
            uses it in the generator; SNGAN does not). Defaults to `False`.
        momentum: Momentum of the batch statistics. Defaults to `0.9`.
        kernel_initializer: Initializer of the convolutions.
            Defaults to `"orthogonal"`.
        **kwargs: Base layer arguments (`name`, `dtype`...).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import ResidualUpBlock

    block = ResidualUpBlock(32)
    maps = np.zeros((2, 4, 4, 64), "float32")
    print(tuple(block(maps).shape))
    # (2, 8, 8, 32)
    ```
    """

    def __init__(
        self,
        filters,
        upsample=True,
        conditional=False,
        spectral_norm=False,
        momentum=0.9,
        kernel_initializer="orthogonal",
        **kwargs,
    ):
        super().__init__(filters, spectral_norm, kernel_initializer, **kwargs)
        self.upsample = bool(upsample)
        self.conditional = bool(conditional)
        self.momentum = float(momentum)

    def _normalization(self, name):
        if self.conditional:
            return ConditionalBatchNormalization(
                momentum=self.momentum,
                spectral_norm=self.spectral_norm,
                name=name,
                dtype=self.dtype_policy,
            )
        return keras.layers.BatchNormalization(
            momentum=self.momentum,
            epsilon=1e-5,
            name=name,
            dtype=self.dtype_policy,
        )

    def _split(self, inputs, shapes=False):
        # A list of two tensors (or of two shapes) where conditional.
        nested = isinstance(inputs, list | tuple) and (
            not shapes or isinstance(inputs[0], list | tuple)
        )
        if self.conditional:
            if not nested or len(inputs) != 2:
                raise ValueError(
                    "A ResidualUpBlock(conditional=True) is called on "
                    "[features, condition]; received "
                    f"{type(inputs).__name__}. Pass the condition vector too, "
                    "or build the block with conditional=False."
                )
            return inputs
        if nested:
            raise ValueError(
                "A ResidualUpBlock(conditional=False) is called on one "
                f"feature map; received a list of {len(inputs)}. Build it with "
                "conditional=True to pass a condition."
            )
        return inputs, None

    def build(self, input_shape):
        features_shape, condition_shape = self._split(input_shape, True)
        features_shape = tuple(features_shape)
        scale = 2 if self.upsample else 1
        upsampled = (
            features_shape[0],
            None if features_shape[1] is None else features_shape[1] * scale,
            None if features_shape[2] is None else features_shape[2] * scale,
        )
        self.norm_1 = self._normalization("norm_1")
        self.norm_2 = self._normalization("norm_2")
        self.conv_1 = self._conv(3, "conv_1")
        self.conv_2 = self._conv(3, "conv_2")
        if self.conditional:
            self.norm_1.build([features_shape, condition_shape])
            self.norm_2.build([upsampled + (self.filters,), condition_shape])
        else:
            self.norm_1.build(features_shape)
            self.norm_2.build(upsampled + (self.filters,))
        self.conv_1.build(upsampled + (features_shape[-1],))
        self.conv_2.build(upsampled + (self.filters,))
        self.learned_shortcut = self.upsample or (
            features_shape[-1] != self.filters
        )
        if self.learned_shortcut:
            self.shortcut = self._conv(1, "shortcut")
            self.shortcut.build(upsampled + (features_shape[-1],))

    def _grow(self, maps):
        if not self.upsample:
            return maps
        return ops.repeat(ops.repeat(maps, 2, axis=1), 2, axis=2)

    def _norm(self, layer, maps, condition, training):
        if self.conditional:
            return layer([maps, condition], training=training)
        return layer(maps, training=training)

    def call(self, inputs, training=None):
        features, condition = self._split(inputs)
        x = self._norm(self.norm_1, features, condition, training)
        x = self._grow(ops.relu(x))
        x = self.conv_1(x, training=training)
        x = ops.relu(self._norm(self.norm_2, x, condition, training))
        x = self.conv_2(x, training=training)
        shortcut = self._grow(features)
        if self.learned_shortcut:
            shortcut = self.shortcut(shortcut, training=training)
        return x + shortcut

    def compute_output_shape(self, input_shape):
        features_shape, _ = self._split(input_shape, True)
        scale = 2 if self.upsample else 1
        return (
            features_shape[0],
            None if features_shape[1] is None else features_shape[1] * scale,
            None if features_shape[2] is None else features_shape[2] * scale,
            self.filters,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "upsample": self.upsample,
            "conditional": self.conditional,
            "momentum": self.momentum,
        }


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ResidualDownBlock(_ResidualBlock):
    """A discriminator's residual block: ReLU, convolve, average-pool.

    Main path: ReLU -> 3x3 convolution -> ReLU -> 3x3 convolution -> 2x2
    average pooling. Shortcut: a 1x1 convolution and the same pooling
    (where the size or the channels change). With `first=True` it is
    SNGAN's "optimized" first block, which sees images: no ReLU before the
    first convolution, and the shortcut pools before its convolution.

    Paper: [Miyato et al. 2018](https://arxiv.org/abs/1802.05957),
    appendix B.

    Args:
        filters: Output channels.
        downsample: Halve the height and width. Defaults to `True`.
        first: The optimized block for images. Defaults to `False`.
        spectral_norm: Spectral normalization on the convolutions.
            Defaults to `True`.
        kernel_initializer: Initializer of the convolutions.
            Defaults to `"orthogonal"`.
        **kwargs: Base layer arguments (`name`, `dtype`...).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import ResidualDownBlock

    block = ResidualDownBlock(32, first=True)
    images = np.zeros((2, 32, 32, 3), "float32")
    print(tuple(block(images).shape))
    # (2, 16, 16, 32)
    ```
    """

    def __init__(
        self,
        filters,
        downsample=True,
        first=False,
        spectral_norm=True,
        kernel_initializer="orthogonal",
        **kwargs,
    ):
        super().__init__(filters, spectral_norm, kernel_initializer, **kwargs)
        self.downsample = bool(downsample)
        self.first = bool(first)

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        if self.downsample and any(
            side is not None and side % 2 for side in input_shape[1:3]
        ):
            raise ValueError(
                "ResidualDownBlock(downsample=True) halves the map, so its "
                f"sides must be even; received input shape {input_shape}. "
                "Pass downsample=False or resize the input."
            )
        inner = input_shape[:-1] + (self.filters,)
        self.conv_1 = self._conv(3, "conv_1")
        self.conv_2 = self._conv(3, "conv_2")
        self.conv_1.build(input_shape)
        self.conv_2.build(inner)
        self.learned_shortcut = self.downsample or (
            input_shape[-1] != self.filters
        )
        if self.learned_shortcut:
            self.shortcut = self._conv(1, "shortcut")
            self.shortcut.build(input_shape)

    def _shrink(self, maps):
        if not self.downsample:
            return maps
        return ops.average_pool(maps, 2, 2)

    def call(self, inputs, training=None):
        x = inputs if self.first else ops.relu(inputs)
        x = ops.relu(self.conv_1(x, training=training))
        x = self._shrink(self.conv_2(x, training=training))
        shortcut = inputs
        if self.learned_shortcut:
            if self.first:
                shortcut = self.shortcut(
                    self._shrink(inputs), training=training
                )
            else:
                shortcut = self._shrink(
                    self.shortcut(inputs, training=training)
                )
        return x + shortcut

    def compute_output_shape(self, input_shape):
        scale = 2 if self.downsample else 1
        return (
            input_shape[0],
            None if input_shape[1] is None else input_shape[1] // scale,
            None if input_shape[2] is None else input_shape[2] // scale,
            self.filters,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "downsample": self.downsample,
            "first": self.first,
        }
