"""Layers the builders use, each serializable and usable on its own."""

from keras_gan_kit.layers.conditional_batch_norm import (
    ConditionalBatchNormalization,
)
from keras_gan_kit.layers.constant_input import ConstantInput
from keras_gan_kit.layers.equalized import EqualizedConv2D
from keras_gan_kit.layers.equalized import EqualizedDense
from keras_gan_kit.layers.global_sum_pooling import GlobalSumPooling2D
from keras_gan_kit.layers.grouped_conv import GroupedConv2D
from keras_gan_kit.layers.minibatch_stddev import MinibatchStdDev
from keras_gan_kit.layers.modulated_conv import ModulatedConv2D
from keras_gan_kit.layers.noise_injection import NoiseInjection
from keras_gan_kit.layers.phase_conv_transpose import PhaseConv2DTranspose
from keras_gan_kit.layers.resampling import Downsample2D
from keras_gan_kit.layers.resampling import Upsample2D
from keras_gan_kit.layers.residual_blocks import ResidualDownBlock
from keras_gan_kit.layers.residual_blocks import ResidualUpBlock
from keras_gan_kit.layers.self_attention import SelfAttention
from keras_gan_kit.layers.style_mixing import StyleMixing
from keras_gan_kit.layers.style_truncation import StyleTruncation

__all__ = [
    "ConditionalBatchNormalization",
    "ConstantInput",
    "Downsample2D",
    "EqualizedConv2D",
    "EqualizedDense",
    "GlobalSumPooling2D",
    "GroupedConv2D",
    "MinibatchStdDev",
    "ModulatedConv2D",
    "NoiseInjection",
    "PhaseConv2DTranspose",
    "ResidualDownBlock",
    "ResidualUpBlock",
    "SelfAttention",
    "StyleMixing",
    "StyleTruncation",
    "Upsample2D",
]
