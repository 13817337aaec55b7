"""GAN models."""

from keras_gan_kit.models.gan import GAN
from keras_gan_kit.models.gan_optimizer import GANOptimizer

__all__ = ["GAN", "GANOptimizer"]
