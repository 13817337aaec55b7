"""The relativistic pairing GAN loss (RpGAN) of Jolicoeur-Martineau (2018),
the loss of the R3GAN baseline (Huang et al. 2024)."""

from keras import ops

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import as_float32
from keras_gan_kit.losses.base import register_loss_family


def _paired(real_logits, fake_logits, name):
    real_logits = as_float32(real_logits)
    fake_logits = as_float32(fake_logits)
    if real_logits.shape != fake_logits.shape:
        raise ValueError(
            f"{name}() pairs each real image with one generated image, so "
            "it needs logits of one shape; received real_logits of shape "
            f"{tuple(real_logits.shape)} and fake_logits of shape "
            f"{tuple(fake_logits.shape)}. Pass batches of one size."
        )
    return real_logits, fake_logits


def relativistic_pairing_discriminator_loss(real_logits, fake_logits):
    """Discriminator loss of the relativistic pairing GAN (RpGAN).

    `L_D = mean(softplus(fake_logits - real_logits))`, over pairs of one
    real and one generated image (row `i` of each batch): the
    discriminator learns by how much a real image is more real than a
    generated one, so the generator cannot win by moving all its samples
    to one side of a decision boundary (R3GAN's argument against mode
    dropping). Higher logits mean more real. R3GAN trains it with the R1
    and R2 penalties together.

    Papers: [Jolicoeur-Martineau 2018](https://arxiv.org/abs/1807.00734),
    [Huang et al. 2024](https://arxiv.org/abs/2501.05441).

    Args:
        real_logits: Discriminator logits on real images.
        fake_logits: Discriminator logits on generated images, of the
            same shape.

    Returns:
        A scalar tensor.

    Raises:
        ValueError: if the two batches differ in shape.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import relativistic_pairing_discriminator_loss

    real, fake = ops.zeros((4, 1)), ops.zeros((4, 1))
    print(round(float(relativistic_pairing_discriminator_loss(real, fake)), 4))
    # 0.6931
    ```
    """
    real_logits, fake_logits = _paired(
        real_logits, fake_logits, "relativistic_pairing_discriminator_loss"
    )
    return ops.mean(ops.softplus(fake_logits - real_logits))


def relativistic_pairing_generator_loss(fake_logits, real_logits=None):
    """Generator loss of the relativistic pairing GAN (RpGAN).

    The discriminator loss with the roles swapped:
    `L_G = mean(softplus(real_logits - fake_logits))`, over the same pairs.
    It needs the logits of real images too. Higher logits mean more real.

    Papers: [Jolicoeur-Martineau 2018](https://arxiv.org/abs/1807.00734),
    [Huang et al. 2024](https://arxiv.org/abs/2501.05441).

    Args:
        fake_logits: Discriminator logits on generated images.
        real_logits: Discriminator logits on real images (required), of
            the same shape.

    Returns:
        A scalar tensor.

    Raises:
        ValueError: without `real_logits`, or if the shapes differ.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import relativistic_pairing_generator_loss

    loss = relativistic_pairing_generator_loss(
        ops.zeros((4, 1)), real_logits=ops.ones((4, 1))
    )
    print(round(float(loss), 4))
    # 1.3133
    ```
    """
    if real_logits is None:
        raise ValueError(
            "relativistic_pairing_generator_loss() needs the discriminator's "
            "logits on real images too; received real_logits=None. Pass "
            "real_logits=discriminator(real_images)."
        )
    real_logits, fake_logits = _paired(
        real_logits, fake_logits, "relativistic_pairing_generator_loss"
    )
    return ops.mean(ops.softplus(real_logits - fake_logits))


@register_loss_family("relativistic_pairing")
class RelativisticPairingLoss(GANLoss):
    """The relativistic pairing GAN loss (RpGAN), as a serializable object.

    See `relativistic_pairing_discriminator_loss` and
    `relativistic_pairing_generator_loss`. Its generator loss also looks at
    real images, so `GAN` runs the discriminator on the real batch in the
    generator step too. Label smoothing and label noise do not apply to it.

    Args:
        name: Name of the loss. Defaults to `"relativistic_pairing"`.

    Examples:

    ```python
    from keras import ops
    import keras_gan_kit

    loss = keras_gan_kit.losses.RelativisticPairingLoss()
    d_loss, g_loss = loss(ops.zeros((2, 1)), ops.zeros((2, 1)))
    print(round(float(d_loss), 4), round(float(g_loss), 4))
    # 0.6931 0.6931
    ```
    """

    generator_needs_real_logits = True
    discriminator_loss = staticmethod(relativistic_pairing_discriminator_loss)
    generator_loss = staticmethod(relativistic_pairing_generator_loss)

    def __init__(self, name="relativistic_pairing"):
        super().__init__(name=name)


__all__ = [
    "RelativisticPairingLoss",
    "relativistic_pairing_discriminator_loss",
    "relativistic_pairing_generator_loss",
]
