"""GAN loss families: pure functions plus a serializable class each.

Every family says its sign convention: the discriminator's outputs are raw
logits (or critic scores) where higher means more real. Each family lives
in one module of this package (`cross_entropy` holds the two of Goodfellow
et al., which share their discriminator loss): its class registers itself
with `register_loss_family` when the module is imported below. A new family
is one file, its test, and its names added here (a test checks that every
module's `__all__` is).
"""

from keras_gan_kit.losses.base import LOSS_FAMILIES
from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import families_with_targets
from keras_gan_kit.losses.base import get
from keras_gan_kit.losses.base import register_loss_family
from keras_gan_kit.losses.cross_entropy import MinimaxLoss
from keras_gan_kit.losses.cross_entropy import NonSaturatingLoss
from keras_gan_kit.losses.cross_entropy import minimax_discriminator_loss
from keras_gan_kit.losses.cross_entropy import minimax_generator_loss
from keras_gan_kit.losses.cross_entropy import non_saturating_discriminator_loss
from keras_gan_kit.losses.cross_entropy import non_saturating_generator_loss
from keras_gan_kit.losses.hinge import HingeLoss
from keras_gan_kit.losses.hinge import hinge_discriminator_loss
from keras_gan_kit.losses.hinge import hinge_generator_loss
from keras_gan_kit.losses.least_squares import LeastSquaresLoss
from keras_gan_kit.losses.least_squares import least_squares_discriminator_loss
from keras_gan_kit.losses.least_squares import least_squares_generator_loss
from keras_gan_kit.losses.relativistic_average import RelativisticAverageLoss
from keras_gan_kit.losses.relativistic_average import (
    relativistic_average_discriminator_loss,
)
from keras_gan_kit.losses.relativistic_average import (
    relativistic_average_generator_loss,
)
from keras_gan_kit.losses.relativistic_pairing import RelativisticPairingLoss
from keras_gan_kit.losses.relativistic_pairing import (
    relativistic_pairing_discriminator_loss,
)
from keras_gan_kit.losses.relativistic_pairing import (
    relativistic_pairing_generator_loss,
)
from keras_gan_kit.losses.wasserstein import WassersteinLoss
from keras_gan_kit.losses.wasserstein import wasserstein_discriminator_loss
from keras_gan_kit.losses.wasserstein import wasserstein_generator_loss

__all__ = [
    "GANLoss",
    "HingeLoss",
    "LOSS_FAMILIES",
    "LeastSquaresLoss",
    "MinimaxLoss",
    "NonSaturatingLoss",
    "RelativisticAverageLoss",
    "RelativisticPairingLoss",
    "WassersteinLoss",
    "families_with_targets",
    "get",
    "hinge_discriminator_loss",
    "hinge_generator_loss",
    "least_squares_discriminator_loss",
    "least_squares_generator_loss",
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_discriminator_loss",
    "non_saturating_generator_loss",
    "register_loss_family",
    "relativistic_average_discriminator_loss",
    "relativistic_average_generator_loss",
    "relativistic_pairing_discriminator_loss",
    "relativistic_pairing_generator_loss",
    "wasserstein_discriminator_loss",
    "wasserstein_generator_loss",
]
