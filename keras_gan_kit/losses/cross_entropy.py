"""The cross-entropy GAN losses of Goodfellow et al. (2014): the minimax
loss and the non-saturating loss, the default of keras_gan_kit.

Both train the discriminator with the same binary cross-entropy; they
differ in the generator's loss.
"""

from keras import ops

from keras_gan_kit.losses.base import GANLoss
from keras_gan_kit.losses.base import register_loss_family


def sigmoid_cross_entropy(logits, targets):
    """Mean binary cross-entropy of `logits` against `targets`, stably.

    Computes `mean(softplus(x) - x * t)`, which equals
    `-mean(t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x)))` without
    overflowing for large `|x|`.

    Args:
        logits: Tensor of raw discriminator outputs.
        targets: Tensor or scalar broadcastable to `logits`, in [0, 1].

    Returns:
        A scalar tensor.
    """
    logits = ops.cast(logits, "float32")
    targets = ops.cast(targets, "float32")
    return ops.mean(ops.softplus(logits) - logits * targets)


def minimax_discriminator_loss(
    real_logits, fake_logits, real_target=1.0, fake_target=0.0
):
    """Discriminator loss of the minimax GAN (binary cross-entropy).

    `L_D = BCE(real_logits, real_target) + BCE(fake_logits, fake_target)`,
    where `BCE(x, t) = -mean(t log sigmoid(x) + (1 - t) log(1 - sigmoid(x)))`.
    With the default targets this is
    `-mean(log D(x)) - mean(log(1 - D(G(z))))`, `D = sigmoid(logits)`.
    Higher logits mean more real. One-sided label smoothing passes
    `real_target = 1 - s` ([Salimans et al. 2016](https://arxiv.org/abs/1606.03498)).

    Paper: [Goodfellow et al. 2014](https://arxiv.org/abs/1406.2661).

    Args:
        real_logits: Discriminator logits on real images.
        fake_logits: Discriminator logits on generated images.
        real_target: Target for real images. Defaults to `1.0`.
        fake_target: Target for generated images. Defaults to `0.0`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import minimax_discriminator_loss

    loss = minimax_discriminator_loss(ops.zeros((4, 1)), ops.zeros((4, 1)))
    print(round(float(loss), 4))  # 2 * log(2)
    # 1.3863
    ```
    """
    return sigmoid_cross_entropy(real_logits, real_target) + (
        sigmoid_cross_entropy(fake_logits, fake_target)
    )


def minimax_generator_loss(fake_logits, real_logits=None):
    """Generator loss of the minimax GAN (the saturating one).

    `L_G = mean(log(1 - sigmoid(fake_logits))) = -mean(softplus(fake_logits))`:
    the generator minimizes the discriminator's log-probability of being
    right about generated images. Its gradient vanishes when the
    discriminator confidently rejects the samples, which is why the
    non-saturating loss is the usual choice. Higher logits mean more real.

    Paper: [Goodfellow et al. 2014](https://arxiv.org/abs/1406.2661).

    Args:
        fake_logits: Discriminator logits on generated images.
        real_logits: Unused. Defaults to `None`.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit.losses import minimax_generator_loss

    print(round(float(minimax_generator_loss(ops.zeros((4, 1)))), 4))
    # -0.6931
    ```
    """
    del real_logits
    return -ops.mean(ops.softplus(ops.cast(fake_logits, "float32")))


@register_loss_family("minimax")
class MinimaxLoss(GANLoss):
    """The minimax (saturating) GAN loss, as a serializable object.

    See `minimax_discriminator_loss` and `minimax_generator_loss` for the
    formulas. Use it to reproduce the original GAN objective; prefer
    `NonSaturatingLoss` to train.

    Args:
        name: Name of the loss. Defaults to `"minimax"`.

    Examples:

    ```python
    from keras import ops
    import keras_gan_kit

    loss = keras_gan_kit.losses.MinimaxLoss()
    d_loss, g_loss = loss(ops.zeros((2, 1)), ops.zeros((2, 1)))
    print(round(float(d_loss), 4), round(float(g_loss), 4))
    # 1.3863 -0.6931
    ```
    """

    supports_targets = True
    discriminator_loss = staticmethod(minimax_discriminator_loss)
    generator_loss = staticmethod(minimax_generator_loss)

    def __init__(self, name="minimax"):
        super().__init__(name=name)


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
    return ops.mean(ops.softplus(-ops.cast(fake_logits, "float32")))


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
    discriminator_loss = staticmethod(non_saturating_discriminator_loss)
    generator_loss = staticmethod(non_saturating_generator_loss)

    def __init__(self, name="non_saturating"):
        super().__init__(name=name)


__all__ = [
    "MinimaxLoss",
    "NonSaturatingLoss",
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_discriminator_loss",
    "non_saturating_generator_loss",
]
