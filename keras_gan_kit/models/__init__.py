"""GAN models."""

from keras_gan_kit.models.conditional_gan import ConditionalGAN
from keras_gan_kit.models.gan import GAN
from keras_gan_kit.models.gan_optimizer import GANOptimizer

__all__ = ["ConditionalGAN", "GAN", "GANOptimizer"]
