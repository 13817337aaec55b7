"""Layers the builders use."""

from keras_gan_kit.layers.phase_conv_transpose import PhaseConv2DTranspose

__all__ = ["PhaseConv2DTranspose"]
