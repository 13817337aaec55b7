"""Optimizers that Keras lacks for GAN recipes: `ScheduledAdam` (Adam with
scheduled moment decay rates, R3GAN's ramp of beta_2)."""

from keras_gan_kit.optimizers.scheduled_adam import ScheduledAdam

__all__ = ["ScheduledAdam"]
