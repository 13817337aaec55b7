"""GAN models."""

from keras_gan_kit.models.conditional_gan import ConditionalGAN
from keras_gan_kit.models.cycle_gan import CycleGAN
from keras_gan_kit.models.gan import GAN
from keras_gan_kit.models.gan_optimizer import GANOptimizer
from keras_gan_kit.models.pix2pix import Pix2Pix

__all__ = ["ConditionalGAN", "CycleGAN", "GAN", "GANOptimizer", "Pix2Pix"]
