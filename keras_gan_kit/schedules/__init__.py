"""Schedules of the step: `LinearDecay` (whose length `GAN.fit` sets) and
`CosineRamp` (R3GAN's ramps of the learning rate, gamma and augmentation)."""

from keras_gan_kit.schedules.cosine_ramp import CosineRamp
from keras_gan_kit.schedules.linear_decay import LinearDecay
from keras_gan_kit.schedules.linear_decay import set_training_horizon

__all__ = ["CosineRamp", "LinearDecay", "set_training_horizon"]
