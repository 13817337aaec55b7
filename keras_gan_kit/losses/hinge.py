"""The hinge GAN loss of Lim & Ye (2017) and Miyato et al. (2018)."""

from keras import ops

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import as_float32
from keras_gan_kit.losses.base import register_loss_family


def hinge_discriminator_loss(real_logits, fake_logits):
    """Discriminator loss of the hinge GAN.

    `L_D = mean(relu(1 - real_logits)) + mean(relu(1 + fake_logits))`: real
    images are pushed above +1 and generated ones below -1, with no loss
    once they are past the margin. Higher logits mean more real.

    Papers: [Lim & Ye 2017](https://arxiv.org/abs/1705.02894),
    [Miyato et al. 2018](https://arxiv.org/abs/1802.05957).

    Args:
        real_logits: Discriminator outputs on real images.
        fake_logits: Discriminator outputs on generated images.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import hinge_discriminator_loss

    print(float(hinge_discriminator_loss(ops.zeros((4, 1)), ops.zeros((4, 1)))))
    # 2.0
    ```
    """
    real_logits = as_float32(real_logits)
    fake_logits = as_float32(fake_logits)
    return ops.mean(ops.relu(1.0 - real_logits)) + ops.mean(
        ops.relu(1.0 + fake_logits)
    )


def hinge_generator_loss(fake_logits, real_logits=None):
    """Generator loss of the hinge GAN.

    `L_G = -mean(fake_logits)`, as in the Wasserstein GAN. Higher logits
    mean more real.

    Papers: [Lim & Ye 2017](https://arxiv.org/abs/1705.02894),
    [Miyato et al. 2018](https://arxiv.org/abs/1802.05957).

    Args:
        fake_logits: Discriminator outputs on generated images.
        real_logits: Unused. Defaults to `None`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import hinge_generator_loss

    print(float(hinge_generator_loss(ops.full((4, 1), 2.0))))
    # -2.0
    ```
    """
    del real_logits
    return -ops.mean(as_float32(fake_logits))


@register_loss_family("hinge")
class HingeLoss(GANLoss):
    """The hinge GAN loss, as a serializable object.

    The usual partner of spectral normalization and projection
    discriminators. Label smoothing and label noise do not apply to it.

    Args:
        name: Name of the loss. Defaults to `"hinge"`.

    Examples:

    ```python
    from keras import ops
    import keras_gan_kit

    loss = keras_gan_kit.losses.HingeLoss()
    d_loss, g_loss = loss(ops.ones((2, 1)), -ops.ones((2, 1)))
    print(float(d_loss), float(g_loss))
    # 0.0 1.0
    ```
    """

    discriminator_loss = staticmethod(hinge_discriminator_loss)
    generator_loss = staticmethod(hinge_generator_loss)

    def __init__(self, name="hinge"):
        super().__init__(name=name)


__all__ = ["HingeLoss", "hinge_discriminator_loss", "hinge_generator_loss"]
