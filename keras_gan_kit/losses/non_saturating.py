"""The non-saturating GAN loss, the default of keras_gan_kit."""

from keras import ops

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import as_float32
from keras_gan_kit.losses.base import register_loss_family
from keras_gan_kit.losses.minimax import minimax_discriminator_loss


def non_saturating_discriminator_loss(
    real_logits, fake_logits, real_target=1.0, fake_target=0.0
):
    """Discriminator loss of the non-saturating GAN.

    The same binary cross-entropy as the minimax GAN:
    `L_D = BCE(real_logits, real_target) + BCE(fake_logits, fake_target)`.
    Higher logits mean more real.

    Paper: [Goodfellow et al. 2014](https://arxiv.org/abs/1406.2661), section 3.

    Args:
        real_logits: Discriminator logits on real images.
        fake_logits: Discriminator logits on generated images.
        real_target: Target for real images; `1 - s` for one-sided label
            smoothing. Defaults to `1.0`.
        fake_target: Target for generated images. Defaults to `0.0`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import non_saturating_discriminator_loss

    real, fake = ops.zeros((4, 1)), ops.zeros((4, 1))
    print(round(float(non_saturating_discriminator_loss(real, fake)), 4))
    # 1.3863
    ```
    """
    return minimax_discriminator_loss(
        real_logits, fake_logits, real_target, fake_target
    )


def non_saturating_generator_loss(fake_logits, real_logits=None):
    """Generator loss of the non-saturating GAN.

    `L_G = -mean(log sigmoid(fake_logits)) = mean(softplus(-fake_logits))`:
    the generator maximizes the discriminator's log-probability of calling
    its images real, which keeps strong gradients early in training.
    Higher logits mean more real.

    Paper: [Goodfellow et al. 2014](https://arxiv.org/abs/1406.2661), section 3.

    Args:
        fake_logits: Discriminator logits on generated images.
        real_logits: Unused. Defaults to `None`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import non_saturating_generator_loss

    print(round(float(non_saturating_generator_loss(ops.zeros((4, 1)))), 4))
    # 0.6931
    ```
    """
    del real_logits
    return ops.mean(ops.softplus(-as_float32(fake_logits)))


@register_loss_family("non_saturating")
class NonSaturatingLoss(GANLoss):
    """The non-saturating GAN loss, as a serializable object.

    The default loss of `GAN.compile`. See
    `non_saturating_discriminator_loss` and `non_saturating_generator_loss`.

    Args:
        name: Name of the loss. Defaults to `"non_saturating"`.

    Examples:

    ```python
    from keras import ops
    import keras_gan_kit

    loss = keras_gan_kit.losses.NonSaturatingLoss()
    d_loss, g_loss = loss(ops.zeros((2, 1)), ops.zeros((2, 1)))
    print(round(float(d_loss), 4), round(float(g_loss), 4))
    # 1.3863 0.6931
    ```
    """

    supports_targets = True
    discriminator_fn = staticmethod(non_saturating_discriminator_loss)
    generator_fn = staticmethod(non_saturating_generator_loss)

    def __init__(self, name="non_saturating"):
        super().__init__(name=name)


__all__ = [
    "NonSaturatingLoss",
    "non_saturating_discriminator_loss",
    "non_saturating_generator_loss",
]
