"""Stabilizers: hooks into the training step (`Stabilizer`), given to
`GAN.compile(stabilizers=[...])` or through its shorthands: gradient
penalties (WGAN-GP, R1, R2, with lazy regularization), weight clipping,
differentiable augmentation (DiffAugment, adaptive ADA, scheduled as in
R3GAN), instance noise, LeCam
regularization and StyleGAN2's path length regularization.

Each stabilizer is one module of this package that registers itself with
`register_stabilizer` when the module is imported below. A new stabilizer
is one file, its test, and its names added here (a test checks that every
module's `__all__` is).
"""

from keras_gan_kit.stabilizers.augmentation import AdaptiveAugment
from keras_gan_kit.stabilizers.augmentation import DiffAugment
from keras_gan_kit.stabilizers.augmentation import ScheduledAugment
from keras_gan_kit.stabilizers.base import STABILIZERS
from keras_gan_kit.stabilizers.base import DiscriminatorBatch
from keras_gan_kit.stabilizers.base import Stabilizer
from keras_gan_kit.stabilizers.base import get
from keras_gan_kit.stabilizers.base import register_stabilizer
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
from keras_gan_kit.stabilizers.lecam import LeCamRegularizer
from keras_gan_kit.stabilizers.path_length import PathLengthPenalty
from keras_gan_kit.stabilizers.weight_clipping import WeightClipping

__all__ = [
    "AdaptiveAugment",
    "DiffAugment",
    "DiscriminatorBatch",
    "GradientPenalty",
    "InstanceNoise",
    "LeCamRegularizer",
    "PathLengthPenalty",
    "R1Penalty",
    "R2Penalty",
    "STABILIZERS",
    "ScheduledAugment",
    "Stabilizer",
    "WassersteinGradientPenalty",
    "WeightClipping",
    "get",
    "gradient_norms",
    "register_stabilizer",
    "squared_gradient_penalty",
    "wasserstein_gradient_penalty",
]
