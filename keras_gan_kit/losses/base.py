"""The base class shared by every GAN loss family."""

import keras
from keras import ops

from keras_gan_kit.utils.registry import Registry


def as_float32(tensor):
    """Casts discriminator outputs to float32 so losses are computed in
    full precision under mixed-precision policies."""
    return ops.cast(tensor, "float32")


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GANLoss:
    """Base class of a GAN loss family: one loss for each player.

    A family is a pair of functions of the discriminator's raw outputs
    ("logits", higher means more real): `discriminator_loss`, which the
    discriminator minimizes, and `generator_loss`, which the generator
    minimizes. Subclass it to bring your own family to `GAN.compile(loss=...)`.

    Families whose discriminator loss compares outputs with targets (1 for
    real, 0 for generated) set `supports_targets = True` and accept
    `real_target` / `fake_target`, which is how `GAN.compile`'s
    `label_smoothing` and `label_noise` reach them. Families whose generator
    loss also needs the logits of real images set
    `generator_needs_real_logits = True`.

    Examples:

    ```python
    import keras
    from keras import ops
    import keras_gan_kit

    class ScaledWasserstein(keras_gan_kit.losses.GANLoss):
        def discriminator_loss(self, real_logits, fake_logits, **kwargs):
            return 0.5 * (ops.mean(fake_logits) - ops.mean(real_logits))

        def generator_loss(self, fake_logits, real_logits=None):
            return -0.5 * ops.mean(fake_logits)

    loss = ScaledWasserstein()
    print(float(loss.generator_loss(ops.ones((2, 1)))))
    # -0.5
    ```
    """

    supports_targets = False
    generator_needs_real_logits = False

    def __init__(self, name=None):
        self.name = name or self.__class__.__name__

    # A built-in family binds its two pure functions as these methods
    # (`discriminator_loss = staticmethod(hinge_discriminator_loss)`), so a
    # loss call goes straight to the formula.

    def discriminator_loss(
        self, real_logits, fake_logits, real_target=1.0, fake_target=0.0
    ):
        """The loss the discriminator minimizes.

        Args:
            real_logits: Discriminator outputs on real images.
            fake_logits: Discriminator outputs on generated images.
            real_target: Target for real images, a scalar or a tensor
                broadcastable to `real_logits`. Passed only to families
                with `supports_targets`. Defaults to `1.0`.
            fake_target: Target for generated images, likewise.
                Defaults to `0.0`.

        Returns:
            A scalar tensor.
        """
        raise NotImplementedError(
            f"{self.__class__.__name__} must implement discriminator_loss()."
        )

    def generator_loss(self, fake_logits, real_logits=None):
        """The loss the generator minimizes.

        Args:
            fake_logits: Discriminator outputs on generated images.
            real_logits: Discriminator outputs on real images, used only by
                families with `generator_needs_real_logits`.
                Defaults to `None`.

        Returns:
            A scalar tensor.
        """
        raise NotImplementedError(
            f"{self.__class__.__name__} must implement generator_loss()."
        )

    def __call__(self, real_logits, fake_logits):
        """Returns `(discriminator_loss, generator_loss)` for the logits."""
        return (
            self.discriminator_loss(real_logits, fake_logits),
            self.generator_loss(fake_logits, real_logits=real_logits),
        )

    def get_config(self):
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"{self.__class__.__name__}(name={self.name!r})"


# Every loss family by the name `GAN.compile(loss=...)` takes; filled by
# `register_loss_family` as the family modules are imported.
LOSS_FAMILIES = Registry("GAN loss", GANLoss)


def register_loss_family(name):
    """A class decorator: makes a `GANLoss` subclass a named family.

    The class becomes serializable and `losses.get(name)` (so
    `GAN.compile(loss=name)`) returns a new instance of it.

    Args:
        name: The family's name.

    Returns:
        The decorator.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit import losses

    @losses.register_loss_family("halved_wasserstein")
    class HalvedWasserstein(losses.GANLoss):
        def discriminator_loss(self, real_logits, fake_logits, **kwargs):
            return 0.5 * (ops.mean(fake_logits) - ops.mean(real_logits))

        def generator_loss(self, fake_logits, real_logits=None):
            return -0.5 * ops.mean(fake_logits)

    print(type(losses.get("halved_wasserstein")).__name__)
    # HalvedWasserstein
    ```
    """

    return LOSS_FAMILIES.register(name)


def families_with_targets():
    """Names of the registered families whose discriminator loss takes
    targets (so label smoothing and label noise apply).

    Returns:
        A sorted list of names.

    Examples:

    ```python
    from keras_gan_kit import losses

    print("hinge" in losses.families_with_targets())
    # False
    ```
    """
    return LOSS_FAMILIES.names(where=lambda cls: cls.supports_targets)


def get(identifier):
    """Returns a GAN loss object from a name, a config or an instance.

    Args:
        identifier: A name registered in `LOSS_FAMILIES` (`"minimax"`,
            `"non_saturating"`, `"wasserstein"`, `"least_squares"`,
            `"hinge"`, `"relativistic_average"`, and any family you
            register), a `GANLoss` instance, or a dict made by
            `keras.saving.serialize_keras_object`.

    Returns:
        A `GANLoss` instance.

    Examples:

    ```python
    import keras_gan_kit

    print(keras_gan_kit.losses.get("hinge"))
    # HingeLoss(name='hinge')
    ```
    """
    if identifier is None:
        raise ValueError(
            "loss must name a GAN loss family or be a GANLoss; received "
            f"None. Pass one of {LOSS_FAMILIES.names()}, for example "
            'loss="non_saturating" (the default).'
        )
    return LOSS_FAMILIES.resolve(identifier, "loss")


__all__ = [
    "GANLoss",
    "LOSS_FAMILIES",
    "families_with_targets",
    "get",
    "register_loss_family",
]
