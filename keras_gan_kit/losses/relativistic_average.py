"""The relativistic average GAN loss of Jolicoeur-Martineau (2018)."""

from keras import ops

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import as_float32
from keras_gan_kit.losses.base import register_loss_family
from keras_gan_kit.losses.cross_entropy import sigmoid_cross_entropy


def relativistic_average_discriminator_loss(
    real_logits, fake_logits, real_target=1.0, fake_target=0.0
):
    """Discriminator loss of the relativistic average GAN (RaSGAN).

    With `r = real_logits - mean(fake_logits)` and
    `f = fake_logits - mean(real_logits)`:
    `L_D = BCE(r, real_target) + BCE(f, fake_target)`: the discriminator
    estimates how much more real a real image is than the average
    generated one. Higher logits mean more real.

    Paper: [Jolicoeur-Martineau 2018](https://arxiv.org/abs/1807.00734).

    Args:
        real_logits: Discriminator logits on real images.
        fake_logits: Discriminator logits on generated images.
        real_target: Target for the real term. Defaults to `1.0`.
        fake_target: Target for the generated term. Defaults to `0.0`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import relativistic_average_discriminator_loss

    real, fake = ops.zeros((4, 1)), ops.zeros((4, 1))
    print(round(float(relativistic_average_discriminator_loss(real, fake)), 4))
    # 1.3863
    ```
    """
    real_logits = as_float32(real_logits)
    fake_logits = as_float32(fake_logits)
    real_relative = real_logits - ops.mean(fake_logits)
    fake_relative = fake_logits - ops.mean(real_logits)
    return sigmoid_cross_entropy(real_relative, real_target) + (
        sigmoid_cross_entropy(fake_relative, fake_target)
    )


def relativistic_average_generator_loss(fake_logits, real_logits=None):
    """Generator loss of the relativistic average GAN (RaSGAN).

    The discriminator loss with the roles swapped:
    `L_G = BCE(f, 1) + BCE(r, 0)`, with `r` and `f` as in
    `relativistic_average_discriminator_loss`. It needs the logits of real
    images too. Higher logits mean more real.

    Paper: [Jolicoeur-Martineau 2018](https://arxiv.org/abs/1807.00734).

    Args:
        fake_logits: Discriminator logits on generated images.
        real_logits: Discriminator logits on real images (required).

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import relativistic_average_generator_loss

    loss = relativistic_average_generator_loss(
        ops.zeros((4, 1)), real_logits=ops.zeros((4, 1))
    )
    print(round(float(loss), 4))
    # 1.3863
    ```
    """
    if real_logits is None:
        raise ValueError(
            "relativistic_average_generator_loss() needs the discriminator's "
            "logits on real images too; received real_logits=None. Pass "
            "real_logits=discriminator(real_images)."
        )
    return relativistic_average_discriminator_loss(
        fake_logits, real_logits, real_target=1.0, fake_target=0.0
    )


@register_loss_family("relativistic_average")
class RelativisticAverageLoss(GANLoss):
    """The relativistic average GAN loss, as a serializable object.

    See `relativistic_average_discriminator_loss` and
    `relativistic_average_generator_loss`. Its generator loss also looks at
    real images, so `GAN` runs the discriminator on the real batch in the
    generator step too.

    Args:
        name: Name of the loss. Defaults to `"relativistic_average"`.

    Examples:

    ```python
    from keras import ops
    import keras_gan_kit

    loss = keras_gan_kit.losses.RelativisticAverageLoss()
    d_loss, g_loss = loss(ops.zeros((2, 1)), ops.zeros((2, 1)))
    print(round(float(d_loss), 4), round(float(g_loss), 4))
    # 1.3863 1.3863
    ```
    """

    supports_targets = True
    generator_needs_real_logits = True
    discriminator_loss = staticmethod(relativistic_average_discriminator_loss)
    generator_loss = staticmethod(relativistic_average_generator_loss)

    def __init__(self, name="relativistic_average"):
        super().__init__(name=name)


__all__ = [
    "RelativisticAverageLoss",
    "relativistic_average_discriminator_loss",
    "relativistic_average_generator_loss",
]
