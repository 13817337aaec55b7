"""Layers the builders use, each serializable and usable on its own."""

from keras_gan_kit.layers.conditional_batch_norm import (
    ConditionalBatchNormalization,
)
from keras_gan_kit.layers.equalized import EqualizedConv2D
from keras_gan_kit.layers.equalized import EqualizedDense
from keras_gan_kit.layers.global_sum_pooling import GlobalSumPooling2D
from keras_gan_kit.layers.minibatch_stddev import MinibatchStdDev
from keras_gan_kit.layers.phase_conv_transpose import PhaseConv2DTranspose
from keras_gan_kit.layers.residual_blocks import ResidualDownBlock
from keras_gan_kit.layers.residual_blocks import ResidualUpBlock
from keras_gan_kit.layers.self_attention import SelfAttention

__all__ = [
    "ConditionalBatchNormalization",
    "EqualizedConv2D",
    "EqualizedDense",
    "GlobalSumPooling2D",
    "MinibatchStdDev",
    "PhaseConv2DTranspose",
    "ResidualDownBlock",
    "ResidualUpBlock",
    "SelfAttention",
]
