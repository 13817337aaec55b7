"""The Wasserstein GAN loss of Arjovsky et al. (2017)."""

from keras import ops

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import as_float32
from keras_gan_kit.losses.base import register_loss_family


def wasserstein_discriminator_loss(real_logits, fake_logits):
    """Critic loss of the Wasserstein GAN.

    `L_D = mean(fake_logits) - mean(real_logits)`: the critic maximizes the
    gap between its scores on real and generated images, an estimate of the
    Wasserstein-1 distance when the critic is 1-Lipschitz (weight clipping,
    a gradient penalty or spectral normalization). Higher logits mean more
    real; the outputs are unbounded scores, not probabilities.

    Paper: [Arjovsky et al. 2017](https://arxiv.org/abs/1701.07875).

    Args:
        real_logits: Critic outputs on real images.
        fake_logits: Critic outputs on generated images.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import wasserstein_discriminator_loss

    real, fake = ops.full((4, 1), 2.0), ops.full((4, 1), -1.0)
    print(float(wasserstein_discriminator_loss(real, fake)))
    # -3.0
    ```
    """
    return ops.mean(as_float32(fake_logits)) - ops.mean(as_float32(real_logits))


def wasserstein_generator_loss(fake_logits, real_logits=None):
    """Generator loss of the Wasserstein GAN.

    `L_G = -mean(fake_logits)`: the generator raises the critic's score of
    its images. Higher logits mean more real.

    Paper: [Arjovsky et al. 2017](https://arxiv.org/abs/1701.07875).

    Args:
        fake_logits: Critic outputs on generated images.
        real_logits: Unused. Defaults to `None`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import wasserstein_generator_loss

    print(float(wasserstein_generator_loss(ops.full((4, 1), -1.0))))
    # 1.0
    ```
    """
    del real_logits
    return -ops.mean(as_float32(fake_logits))


@register_loss_family("wasserstein")
class WassersteinLoss(GANLoss):
    """The Wasserstein GAN loss, as a serializable object.

    Pair it with a Lipschitz constraint on the critic; the original recipe
    uses 5 critic steps per generator step (`discriminator_steps=5`).
    Label smoothing and label noise do not apply to it.

    Args:
        name: Name of the loss. Defaults to `"wasserstein"`.

    Examples:

    ```python
    from keras import ops
    import keras_gan_kit

    loss = keras_gan_kit.losses.WassersteinLoss()
    d_loss, g_loss = loss(ops.ones((2, 1)), ops.zeros((2, 1)))
    print(float(d_loss), float(g_loss))
    # -1.0 -0.0
    ```
    """

    discriminator_loss = staticmethod(wasserstein_discriminator_loss)
    generator_loss = staticmethod(wasserstein_generator_loss)

    def __init__(self, name="wasserstein"):
        super().__init__(name=name)


__all__ = [
    "WassersteinLoss",
    "wasserstein_discriminator_loss",
    "wasserstein_generator_loss",
]
