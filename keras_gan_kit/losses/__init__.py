"""GAN loss families: pure functions plus a serializable class each.

Every family says its sign convention: the discriminator's outputs are raw
logits (or critic scores) where higher means more real.
"""

import keras

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.hinge import HingeLoss
from keras_gan_kit.losses.hinge import hinge_discriminator_loss
from keras_gan_kit.losses.hinge import hinge_generator_loss
from keras_gan_kit.losses.least_squares import LeastSquaresLoss
from keras_gan_kit.losses.least_squares import least_squares_discriminator_loss
from keras_gan_kit.losses.least_squares import least_squares_generator_loss
from keras_gan_kit.losses.minimax import MinimaxLoss
from keras_gan_kit.losses.minimax import minimax_discriminator_loss
from keras_gan_kit.losses.minimax import minimax_generator_loss
from keras_gan_kit.losses.non_saturating import NonSaturatingLoss
from keras_gan_kit.losses.non_saturating import (
    non_saturating_discriminator_loss,
)
from keras_gan_kit.losses.non_saturating import non_saturating_generator_loss
from keras_gan_kit.losses.relativistic_average import RelativisticAverageLoss
from keras_gan_kit.losses.relativistic_average import (
    relativistic_average_discriminator_loss,
)
from keras_gan_kit.losses.relativistic_average import (
    relativistic_average_generator_loss,
)
from keras_gan_kit.losses.wasserstein import WassersteinLoss
from keras_gan_kit.losses.wasserstein import wasserstein_discriminator_loss
from keras_gan_kit.losses.wasserstein import wasserstein_generator_loss

LOSS_FAMILIES = {
    "minimax": MinimaxLoss,
    "non_saturating": NonSaturatingLoss,
    "wasserstein": WassersteinLoss,
    "least_squares": LeastSquaresLoss,
    "hinge": HingeLoss,
    "relativistic_average": RelativisticAverageLoss,
}


def get(identifier):
    """Returns a GAN loss object from a name, a config or an instance.

    Args:
        identifier: One of the names in `LOSS_FAMILIES` (`"minimax"`,
            `"non_saturating"`, `"wasserstein"`, `"least_squares"`,
            `"hinge"`, `"relativistic_average"`), a `GANLoss` instance, or a
            dict made by `keras.saving.serialize_keras_object`.

    Returns:
        A `GANLoss` instance.

    Examples:

    ```python
    import keras_gan_kit

    print(keras_gan_kit.losses.get("hinge"))
    # HingeLoss(name='hinge')
    ```
    """
    if isinstance(identifier, GANLoss):
        return identifier
    if isinstance(identifier, str):
        if identifier in LOSS_FAMILIES:
            return LOSS_FAMILIES[identifier]()
        raise ValueError(
            f"Unknown GAN loss {identifier!r}. Expected one of "
            f"{sorted(LOSS_FAMILIES)} or a keras_gan_kit.losses.GANLoss "
            "instance. Check the spelling, or subclass GANLoss for a loss "
            "of your own."
        )
    if isinstance(identifier, dict):
        loss = keras.saving.deserialize_keras_object(identifier)
        if isinstance(loss, GANLoss):
            return loss
    raise ValueError(
        f"Could not interpret GAN loss {identifier!r} of type "
        f"{type(identifier).__name__}. Expected a name from "
        f"{sorted(LOSS_FAMILIES)} or a keras_gan_kit.losses.GANLoss instance."
    )


__all__ = [
    "GANLoss",
    "HingeLoss",
    "LOSS_FAMILIES",
    "LeastSquaresLoss",
    "MinimaxLoss",
    "NonSaturatingLoss",
    "RelativisticAverageLoss",
    "WassersteinLoss",
    "get",
    "hinge_discriminator_loss",
    "hinge_generator_loss",
    "least_squares_discriminator_loss",
    "least_squares_generator_loss",
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_discriminator_loss",
    "non_saturating_generator_loss",
    "relativistic_average_discriminator_loss",
    "relativistic_average_generator_loss",
    "wasserstein_discriminator_loss",
    "wasserstein_generator_loss",
]
