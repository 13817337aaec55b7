"""Learning-rate schedules whose length `GAN.fit` sets: `LinearDecay`."""

from keras_gan_kit.schedules.linear_decay import LinearDecay
from keras_gan_kit.schedules.linear_decay import set_training_horizon

__all__ = ["LinearDecay", "set_training_horizon"]
