"""Gradient penalties on the discriminator: WGAN-GP, R1 and R2."""

import keras
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.schedules.values import deserialize_value
from keras_gan_kit.schedules.values import scheduled_value
from keras_gan_kit.schedules.values import serialize_value
from keras_gan_kit.stabilizers.base import Stabilizer
from keras_gan_kit.stabilizers.base import register_stabilizer


def gradient_norms(gradients):
    """Per-image L2 norm of input gradients `(n, ...)`, shape `(n,)`.

    Args:
        gradients: Input gradients, one per image.

    Returns:
        A float32 tensor of shape `(n,)`.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.stabilizers import gradient_norms

    gradients = np.full((2, 2, 2, 1), 1.0, "float32")
    print(ops.convert_to_numpy(gradient_norms(gradients)).round(4))
    # [2. 2.]
    ```
    """
    gradients = ops.cast(gradients, "float32")
    flat = ops.reshape(gradients, (ops.shape(gradients)[0], -1))
    # The epsilon keeps the square root differentiable at 0.
    return ops.sqrt(ops.sum(ops.square(flat), axis=1) + 1e-12)


def wasserstein_gradient_penalty(gradients, target=1.0):
    """`E[(|grad D(x_hat)| - target)^2]`, the WGAN-GP term (unweighted).

    Args:
        gradients: Gradients of the critic's outputs with respect to the
            interpolated images, shape `(n, height, width, channels)`.
        target: The norm the critic's gradient should have.
            Defaults to `1.0` (1-Lipschitz).

    Returns:
        A scalar tensor.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.stabilizers import wasserstein_gradient_penalty

    gradients = np.full((2, 2, 2, 1), 1.0, "float32")  # norm 2 per image
    penalty = wasserstein_gradient_penalty(gradients)
    print(round(float(ops.convert_to_numpy(penalty)), 4))
    # 1.0
    ```
    """
    return ops.mean(ops.square(gradient_norms(gradients) - target))


def squared_gradient_penalty(gradients):
    """`E[|grad D(x)|^2] / 2`, the R1 / R2 term (unweighted).

    Args:
        gradients: Gradients of the discriminator's logits with respect to
            real (R1) or generated (R2) images.

    Returns:
        A scalar tensor.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.stabilizers import squared_gradient_penalty

    gradients = np.full((2, 2, 2, 1), 1.0, "float32")  # |g|^2 = 4
    print(float(ops.convert_to_numpy(squared_gradient_penalty(gradients))))
    # 2.0
    ```
    """
    gradients = ops.cast(gradients, "float32")
    flat = ops.reshape(gradients, (ops.shape(gradients)[0], -1))
    return 0.5 * ops.mean(ops.sum(ops.square(flat), axis=1))


class GradientPenalty(Stabilizer):
    """A penalty on the discriminator's input gradient, added to its loss.

    Subclasses choose where the gradient is taken (`points`) and how it is
    penalized (`value`). With `every_n_steps=k > 1` the penalty is computed
    only on every k-th discriminator step, with its weight multiplied by k
    (lazy regularization, Karras et al. 2020, StyleGAN2): the same
    strength on average, a fraction of the cost.

    The weight may change over training: pass a schedule of the
    discriminator's update count (a Keras `LearningRateSchedule` such as
    `schedules.CosineRamp(0.05, 0.005, total_steps=...)`, R3GAN's gamma).

    Args:
        weight: Multiplier of the penalty, a number > 0 or a schedule of
            the discriminator step. Defaults to `10.0`.
        every_n_steps: Compute it every k discriminator steps.
            Defaults to `1`.

    Examples:

    ```python
    from keras_gan_kit.stabilizers import GradientPenalty, R1Penalty

    print(isinstance(R1Penalty(), GradientPenalty))
    # True
    ```
    """

    name = None
    log_names = ("gradient_penalty",)

    def __init__(self, weight=10.0, every_n_steps=1):
        weight = deserialize_value(weight, "weight", type(self).__name__)
        if not callable(weight) and weight <= 0:
            raise ValueError(
                f"The penalty weight must be > 0; received {weight}."
            )
        if isinstance(every_n_steps, bool) or int(every_n_steps) < 1:
            raise ValueError(
                f"every_n_steps must be an integer >= 1; received "
                f"{every_n_steps}."
            )
        self.weight = weight
        self.every_n_steps = int(every_n_steps)

    def points(self, real_batch, fake_batch, seed):
        """`(images, labels)` where the input gradient is taken."""
        raise NotImplementedError

    def value(self, gradients):
        """The unweighted penalty of the input gradients."""
        raise NotImplementedError

    def discriminator_loss(self, gan, batch):
        penalty = self.penalty(gan, batch.real_batch, batch.fake_batch)
        return penalty, {"gradient_penalty": penalty}

    def penalty(self, gan, real_batch, fake_batch):
        """The weighted penalty of one discriminator update of `gan`.

        The input gradient comes from `backend.current.input_gradients`,
        taken on a stateless call of the discriminator so that the same
        code runs inside `jax.jit`, a `tf.function` and eager PyTorch, and
        so that a lazy penalty (`every_n_steps > 1`) can sit inside a
        conditional (`backend.current.lazily`).

        Args:
            gan: The `GAN` being trained.
            real_batch: `(images, labels)` of the real batch.
            fake_batch: `(images, labels)` of the generated batch.

        Returns:
            A float32 scalar.
        """
        images, labels = gan.judged_inputs(
            *self.points(real_batch, fake_batch, gan.seed_generator)
        )
        images = ops.stop_gradient(ops.convert_to_tensor(images))
        images = gan.discriminator_view(images)
        network = gan.discriminator
        trainable = [v.value for v in network.trainable_variables]
        non_trainable = [v.value for v in network.non_trainable_variables]
        every = self.every_n_steps
        # The step count only where it matters: models that judge with a
        # view of themselves (CycleGAN's domains) have no optimizer.
        step = None
        if every > 1 or callable(self.weight):
            step = ops.cast(gan.d_optimizer.iterations, "int32")
        weight = scheduled_value(self.weight, step)

        def logits_sum(inputs):
            outputs, updated = network.stateless_call(
                trainable,
                non_trainable,
                gan.discriminator_inputs(inputs, labels),
                training=True,
            )
            logits = gan.validity_logits(outputs)
            return ops.sum(ops.cast(logits, "float32")), updated

        def compute():
            gradients, updated = backend.current.input_gradients(
                logits_sum, images
            )
            return weight * every * self.value(gradients), updated

        if every == 1:
            value, updated = compute()
        else:
            value, updated = backend.current.lazily(
                ops.equal(step % every, 0),
                compute,
                lambda: (ops.zeros((), "float32"), non_trainable),
            )
        for variable, new_value in zip(
            network.non_trainable_variables, updated
        ):
            variable.assign(new_value)
        return value

    def get_config(self):
        return {
            "weight": serialize_value(self.weight),
            "every_n_steps": self.every_n_steps,
        }


@register_stabilizer("wgan_gp")
class WassersteinGradientPenalty(GradientPenalty):
    """WGAN-GP: keeps the critic's gradient norm at 1 between the data and
    the samples (Gulrajani et al. 2017, https://arxiv.org/abs/1704.00028).

    The gradient is taken at `x_hat = e * x_real + (1 - e) * x_fake`,
    `e ~ U(0, 1)` per image (with the real images' labels for conditional
    models), and penalized by `weight * E[(|grad D(x_hat)| - target)^2]`.
    The paper's recipe: `loss="wasserstein"`, `weight=10`,
    `discriminator_steps=5`, `Adam(1e-4, beta_1=0.0, beta_2=0.9)` for both
    networks, and no batch normalization in the critic (the penalty is per
    image; `GAN.compile` refuses batch norm with a penalty).

    Args:
        weight: `lambda`. Defaults to `10.0`.
        target: Gradient norm to hold. Defaults to `1.0`.
        every_n_steps: Lazy regularization interval. Defaults to `1`.

    Examples:

    ```python
    from keras_gan_kit.stabilizers import WassersteinGradientPenalty

    penalty = WassersteinGradientPenalty(weight=10.0)
    print(penalty.name, penalty.get_config())
    # wgan_gp {'weight': 10.0, 'every_n_steps': 1, 'target': 1.0}
    ```
    """

    name = "wgan_gp"

    def __init__(self, weight=10.0, target=1.0, every_n_steps=1):
        super().__init__(weight=weight, every_n_steps=every_n_steps)
        self.target = float(target)

    def points(self, real_batch, fake_batch, seed):
        real_images = ops.convert_to_tensor(real_batch[0])
        fake_images = ops.cast(fake_batch[0], real_images.dtype)
        # Replicas that each take a slice draw one device's epsilons.
        epsilon = backend.current.replica_random(
            lambda shape: keras.random.uniform(
                shape, seed=seed, dtype=real_images.dtype
            ),
            (ops.shape(real_images)[0], 1, 1, 1)[: len(real_images.shape)],
        )
        images = epsilon * real_images + (1.0 - epsilon) * fake_images
        return images, real_batch[1]

    def value(self, gradients):
        return wasserstein_gradient_penalty(gradients, self.target)

    def get_config(self):
        return {**super().get_config(), "target": self.target}


@register_stabilizer("r1")
class R1Penalty(GradientPenalty):
    """R1: penalizes the discriminator's gradient on real images.

    `weight / 2 * E[|grad D(x_real)|^2]` (Mescheder et al. 2018,
    https://arxiv.org/abs/1801.04406): near the data the discriminator
    becomes flat, which makes GAN training converge locally. Works with
    any loss family; StyleGAN2 uses it with the non-saturating loss and
    `every_n_steps=16`.

    Args:
        weight: `gamma`. Defaults to `10.0`.
        every_n_steps: Lazy regularization interval. Defaults to `1`.

    Examples:

    ```python
    from keras_gan_kit.stabilizers import R1Penalty

    print(R1Penalty(weight=5.0, every_n_steps=16).get_config())
    # {'weight': 5.0, 'every_n_steps': 16}
    ```
    """

    name = "r1"

    def points(self, real_batch, fake_batch, seed):
        return real_batch

    def value(self, gradients):
        return squared_gradient_penalty(gradients)


@register_stabilizer("r2")
class R2Penalty(R1Penalty):
    """R2: the R1 penalty taken on generated images instead of real ones.

    `weight / 2 * E[|grad D(x_fake)|^2]` (Mescheder et al. 2018).

    Args:
        weight: `gamma`. Defaults to `10.0`.
        every_n_steps: Lazy regularization interval. Defaults to `1`.

    Examples:

    ```python
    from keras_gan_kit.stabilizers import R2Penalty

    print(R2Penalty().name)
    # r2
    ```
    """

    name = "r2"

    def points(self, real_batch, fake_batch, seed):
        return fake_batch


__all__ = [
    "GradientPenalty",
    "R1Penalty",
    "R2Penalty",
    "WassersteinGradientPenalty",
    "gradient_norms",
    "squared_gradient_penalty",
    "wasserstein_gradient_penalty",
]
