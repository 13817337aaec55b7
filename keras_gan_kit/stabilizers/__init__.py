"""Stabilizers, as options of `GAN.compile`: gradient penalties (WGAN-GP,
R1, R2, with lazy regularization), weight clipping, differentiable
augmentation (DiffAugment, adaptive ADA) and instance noise."""

from keras_gan_kit.stabilizers.augmentation import AdaptiveAugment
from keras_gan_kit.stabilizers.augmentation import DiffAugment
from keras_gan_kit.stabilizers.gradient_penalty import GradientPenalty
from keras_gan_kit.stabilizers.gradient_penalty import R1Penalty
from keras_gan_kit.stabilizers.gradient_penalty import R2Penalty
from keras_gan_kit.stabilizers.gradient_penalty import (
    WassersteinGradientPenalty,
)
from keras_gan_kit.stabilizers.gradient_penalty import gradient_norms
from keras_gan_kit.stabilizers.gradient_penalty import squared_gradient_penalty
from keras_gan_kit.stabilizers.gradient_penalty import (
    wasserstein_gradient_penalty,
)
from keras_gan_kit.stabilizers.instance_noise import InstanceNoise
from keras_gan_kit.stabilizers.weight_clipping import WeightClipping

__all__ = [
    "AdaptiveAugment",
    "DiffAugment",
    "GradientPenalty",
    "InstanceNoise",
    "R1Penalty",
    "R2Penalty",
    "WassersteinGradientPenalty",
    "WeightClipping",
    "gradient_norms",
    "squared_gradient_penalty",
    "wasserstein_gradient_penalty",
]
