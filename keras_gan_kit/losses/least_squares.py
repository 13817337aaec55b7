"""The least-squares GAN loss of Mao et al. (2017)."""

from keras import ops

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import as_float32
from keras_gan_kit.losses.base import register_loss_family


def least_squares_discriminator_loss(
    real_logits, fake_logits, real_target=1.0, fake_target=0.0
):
    """Discriminator loss of the least-squares GAN (LSGAN).

    `L_D = 0.5 mean((real_logits - b)^2) + 0.5 mean((fake_logits - a)^2)`
    with `b = real_target` (1) and `a = fake_target` (0), the 0-1 coding of
    the paper. The raw outputs are regressed onto the targets, no sigmoid.
    Higher outputs mean more real.

    Paper: [Mao et al. 2017](https://arxiv.org/abs/1611.04076), equation 9.

    Args:
        real_logits: Discriminator outputs on real images.
        fake_logits: Discriminator outputs on generated images.
        real_target: Target `b` for real images. Defaults to `1.0`.
        fake_target: Target `a` for generated images. Defaults to `0.0`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import least_squares_discriminator_loss

    real, fake = ops.zeros((4, 1)), ops.ones((4, 1))
    print(float(least_squares_discriminator_loss(real, fake)))
    # 1.0
    ```
    """
    real_logits = as_float32(real_logits)
    fake_logits = as_float32(fake_logits)
    return 0.5 * ops.mean(ops.square(real_logits - real_target)) + (
        0.5 * ops.mean(ops.square(fake_logits - fake_target))
    )


def least_squares_generator_loss(fake_logits, real_logits=None):
    """Generator loss of the least-squares GAN (LSGAN).

    `L_G = 0.5 mean((fake_logits - c)^2)` with `c = 1`: the generator wants
    its images scored as real. Higher outputs mean more real.

    Paper: [Mao et al. 2017](https://arxiv.org/abs/1611.04076), equation 9.

    Args:
        fake_logits: Discriminator outputs on generated images.
        real_logits: Unused. Defaults to `None`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import least_squares_generator_loss

    print(float(least_squares_generator_loss(ops.zeros((4, 1)))))
    # 0.5
    ```
    """
    del real_logits
    return 0.5 * ops.mean(ops.square(as_float32(fake_logits) - 1.0))


@register_loss_family("least_squares")
class LeastSquaresLoss(GANLoss):
    """The least-squares GAN loss, as a serializable object.

    See `least_squares_discriminator_loss` and
    `least_squares_generator_loss`. Label smoothing and label noise move
    the discriminator's regression targets.

    Args:
        name: Name of the loss. Defaults to `"least_squares"`.

    Examples:

    ```python
    from keras import ops
    import keras_gan_kit

    loss = keras_gan_kit.losses.LeastSquaresLoss()
    d_loss, g_loss = loss(ops.ones((2, 1)), ops.zeros((2, 1)))
    print(float(d_loss), float(g_loss))
    # 0.0 0.5
    ```
    """

    supports_targets = True
    discriminator_loss = staticmethod(least_squares_discriminator_loss)
    generator_loss = staticmethod(least_squares_generator_loss)

    def __init__(self, name="least_squares"):
        super().__init__(name=name)


__all__ = [
    "LeastSquaresLoss",
    "least_squares_discriminator_loss",
    "least_squares_generator_loss",
]
