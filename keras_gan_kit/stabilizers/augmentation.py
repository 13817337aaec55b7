"""Differentiable augmentation of the discriminator's inputs: DiffAugment
and its adaptive version (ADA)."""

import keras
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.schedules.values import deserialize_value
from keras_gan_kit.schedules.values import scheduled_value
from keras_gan_kit.schedules.values import serialize_value
from keras_gan_kit.stabilizers import augment_ops
from keras_gan_kit.stabilizers.base import Stabilizer
from keras_gan_kit.stabilizers.base import register_stabilizer

DIFFAUGMENT_POLICY = ("color", "translation", "cutout")
ADA_POLICY = ("flip", "translation", "color", "cutout")


def _check_policy(policy):
    policy = (policy,) if isinstance(policy, str) else tuple(policy)
    unknown = [name for name in policy if name not in augment_ops.OPERATIONS]
    if unknown or not policy:
        raise ValueError(
            f"Unknown augmentation {unknown or policy}; choose from "
            f"{sorted(augment_ops.OPERATIONS)}, for example "
            f"policy={DIFFAUGMENT_POLICY}."
        )
    return policy


def _apply_policy(layer, images, probability):
    batch = ops.shape(images)[0]
    for name in layer.policy:
        if probability is None:
            apply = ops.ones((batch,), images.dtype)
        else:
            draw = backend.current.replica_random(
                lambda shape: keras.random.uniform(
                    shape, seed=layer.seed_generator, dtype="float32"
                ),
                (batch,),
            )
            apply = ops.cast(draw < probability, images.dtype)
        operation = augment_ops.OPERATIONS[name]
        if name == "translation":
            images = operation(
                images, layer.seed_generator, apply, layer.translation_ratio
            )
        elif name == "cutout":
            images = operation(
                images, layer.seed_generator, apply, layer.cutout_ratio
            )
        else:
            images = operation(images, layer.seed_generator, apply)
    return images


@register_stabilizer("diffaugment")
class DiffAugment(keras.layers.Layer, Stabilizer):
    """Differentiable augmentation of every image the discriminator sees.

    Real and generated images get the same kind of random color,
    translation and cutout changes before the discriminator, and gradients
    flow through them to the generator, so the discriminator cannot memorize
    a small dataset while the generator still learns the un-augmented
    distribution (Zhao et al. 2020, https://arxiv.org/abs/2006.10738).
    Use it with `gan.compile(augment="diffaugment")` or pass an instance.

    Args:
        policy: Operations in order, from `"color"`, `"brightness"`,
            `"saturation"`, `"contrast"`, `"translation"`, `"cutout"`,
            `"flip"`. Defaults to `("color", "translation", "cutout")`.
        translation_ratio: Largest shift, as a share of the image size.
            Defaults to `0.125`.
        cutout_ratio: Side of the cut square, as a share of the image size.
            Defaults to `0.5`.
        seed: Seed of the augmentations. Defaults to `None`.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.stabilizers import DiffAugment

    augment = DiffAugment(seed=0)
    images = np.zeros((2, 8, 8, 3), "float32")
    print(tuple(augment(images).shape))
    # (2, 8, 8, 3)
    ```
    """

    def __init__(
        self,
        policy=DIFFAUGMENT_POLICY,
        translation_ratio=0.125,
        cutout_ratio=0.5,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.policy = _check_policy(policy)
        self.translation_ratio = float(translation_ratio)
        self.cutout_ratio = float(cutout_ratio)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.built = True  # no weights that depend on the input shape

    def transform_discriminator_inputs(self, images, gan):
        return self(images)

    def call(self, images):
        return _apply_policy(self, images, None)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "policy": list(self.policy),
                "translation_ratio": self.translation_ratio,
                "cutout_ratio": self.cutout_ratio,
                "seed": self.seed,
            }
        )
        return config


class _ProbabilityAugment(DiffAugment):
    """DiffAugment whose operations each apply with probability `p`, a
    non-trainable weight (saved with the model, logged as `augment_p`);
    subclasses say how `p` moves: `AdaptiveAugment`, `ScheduledAugment`."""

    state_log_names = ("augment_p",)

    def __init__(
        self,
        initial_probability=0.0,
        policy=ADA_POLICY,
        translation_ratio=0.125,
        cutout_ratio=0.5,
        seed=None,
        **kwargs,
    ):
        super().__init__(
            policy=policy,
            translation_ratio=translation_ratio,
            cutout_ratio=cutout_ratio,
            seed=seed,
            **kwargs,
        )
        self.probability = self.add_weight(
            shape=(),
            initializer=keras.initializers.Constant(float(initial_probability)),
            trainable=False,
            name="probability",
            dtype="float32",
        )

    def call(self, images):
        return _apply_policy(self, images, self.probability.value)


@register_stabilizer("ada")
class AdaptiveAugment(_ProbabilityAugment):
    """Augmentation whose strength follows the discriminator's overfitting.

    Each operation of `policy` is applied to each image with probability
    `p`. Every `interval` discriminator steps, `p` moves by
    `sign(r_t - target) * images_seen / speed`, where
    `r_t = E[sign(D(x_real))]` over those steps: near 1 when the
    discriminator is sure of every real image (it overfits), near 0 when
    it cannot tell. This is the heuristic of ADA (Karras et al. 2020,
    https://arxiv.org/abs/2006.06676) with a differentiable subset of its
    operations. `p` is a non-trainable weight of the GAN: it lives inside
    the compiled step on every backend (jitted JAX included), is saved and
    restored with the model, and appears in the logs as `augment_p`.

    Args:
        target: Value of `r_t` to hold. Defaults to `0.6`, the paper's.
        speed: Images for `p` to go from 0 to 1 at full push. Defaults to
            `500000` (the paper's 500k images).
        interval: Discriminator steps between adjustments. Defaults to `4`.
        initial_probability: `p` at the start. Defaults to `0.0`.
        policy: Operations, as for `DiffAugment`.
            Defaults to `("flip", "translation", "color", "cutout")`.
        translation_ratio: Largest shift. Defaults to `0.125`.
        cutout_ratio: Side of the cut square. Defaults to `0.5`.
        seed: Seed of the augmentations. Defaults to `None`.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Examples:

    ```python
    from keras_gan_kit.stabilizers import AdaptiveAugment

    augment = AdaptiveAugment(target=0.6, speed=10_000)
    print(float(augment.probability))
    # 0.0
    ```
    """

    def __init__(
        self,
        target=0.6,
        speed=500_000,
        interval=4,
        initial_probability=0.0,
        policy=ADA_POLICY,
        translation_ratio=0.125,
        cutout_ratio=0.5,
        seed=None,
        **kwargs,
    ):
        if not 0.0 < float(target) < 1.0:
            raise ValueError(
                f"target must be in (0, 1); received {target}. The paper "
                "uses 0.6."
            )
        if float(speed) <= 0 or int(interval) < 1:
            raise ValueError(
                f"speed must be > 0 and interval >= 1; received "
                f"speed={speed}, interval={interval}."
            )
        if not 0.0 <= float(initial_probability) <= 1.0:
            raise ValueError(
                "initial_probability must be in [0, 1]; received "
                f"{initial_probability}."
            )
        super().__init__(
            initial_probability=initial_probability,
            policy=policy,
            translation_ratio=translation_ratio,
            cutout_ratio=cutout_ratio,
            seed=seed,
            **kwargs,
        )
        self.target = float(target)
        self.speed = float(speed)
        self.interval = int(interval)
        self.initial_probability = float(initial_probability)
        # The overfitting signal accumulated since the last adjustment.
        self.sign_sum, self.num_images, self.num_steps = (
            self.add_weight(
                shape=(),
                initializer="zeros",
                trainable=False,
                name=name,
                dtype="float32",
            )
            for name in ("sign_sum", "num_images", "num_steps")
        )

    def discriminator_loss(self, gan, batch):
        return None, {"augment_p": self.update(batch.real_logits)}

    def update(self, real_logits):
        """Accumulates the overfitting signal of one discriminator step and
        adjusts `p` every `interval` steps; returns the new `p`."""
        logits = ops.stop_gradient(
            ops.cast(ops.convert_to_tensor(real_logits), "float32")
        )
        current = self.probability.value
        # Summed over the replicas that each judged a slice of the batch.
        sign_sum = self.sign_sum.value + backend.current.cross_replica_sum(
            ops.sum(ops.sign(logits))
        )
        num_images = self.num_images.value + backend.current.cross_replica_sum(
            ops.cast(ops.size(logits), "float32")
        )
        num_steps = self.num_steps.value + 1.0
        adjust = num_steps >= self.interval
        signal = sign_sum / ops.maximum(num_images, 1.0)
        moved = ops.clip(
            current + ops.sign(signal - self.target) * num_images / self.speed,
            0.0,
            1.0,
        )
        probability = ops.where(adjust, moved, current)
        zero = ops.zeros((), "float32")
        self.probability.assign(probability)
        self.sign_sum.assign(ops.where(adjust, zero, sign_sum))
        self.num_images.assign(ops.where(adjust, zero, num_images))
        self.num_steps.assign(ops.where(adjust, zero, num_steps))
        return probability

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "target": self.target,
                "speed": self.speed,
                "interval": self.interval,
                "initial_probability": self.initial_probability,
            }
        )
        return config


@register_stabilizer("scheduled_augment")
class ScheduledAugment(_ProbabilityAugment):
    """Augmentation whose probability follows a schedule of the step.

    Each operation of `policy` is applied to each image with probability
    `p = schedule(d_step)`, `d_step` the discriminator updates made so far:
    R3GAN (Huang et al. 2024) raises ADA's `p` from 0 to 0.55 along a
    cosine (`schedules.CosineRamp(0.0, 0.55, total_steps)`) instead of
    adapting it. A number holds `p` fixed. The `p` of the last
    discriminator update is a non-trainable weight, saved with the model,
    used when the layer is called on its own, and logged as `augment_p`.

    Args:
        schedule: `p`, a number in [0, 1] or a schedule of the
            discriminator step (a Keras `LearningRateSchedule`, or its
            serialization). Defaults to `0.5`.
        policy: Operations, as for `DiffAugment`.
            Defaults to `("flip", "translation", "color", "cutout")`.
        translation_ratio: Largest shift. Defaults to `0.125`.
        cutout_ratio: Side of the cut square. Defaults to `0.5`.
        seed: Seed of the augmentations. Defaults to `None`.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Examples:

    ```python
    from keras_gan_kit import schedules
    from keras_gan_kit.stabilizers import ScheduledAugment

    augment = ScheduledAugment(
        schedule=schedules.CosineRamp(0.0, 0.55, total_steps=1000)
    )
    print(round(float(augment.schedule(500)), 4))
    # 0.275
    ```
    """

    def __init__(
        self,
        schedule=0.5,
        policy=ADA_POLICY,
        translation_ratio=0.125,
        cutout_ratio=0.5,
        seed=None,
        **kwargs,
    ):
        schedule = deserialize_value(schedule, "schedule", "ScheduledAugment")
        if not callable(schedule) and not 0.0 <= schedule <= 1.0:
            raise ValueError(
                f"ScheduledAugment schedule must be in [0, 1] when it is a "
                f"number; received {schedule}."
            )
        super().__init__(
            policy=policy,
            translation_ratio=translation_ratio,
            cutout_ratio=cutout_ratio,
            seed=seed,
            **kwargs,
        )
        self.schedule = schedule

    def probability_at(self, step):
        """`p` after `step` discriminator updates."""
        return ops.clip(scheduled_value(self.schedule, step), 0.0, 1.0)

    def transform_discriminator_inputs(self, images, gan):
        probability = self.probability_at(gan.d_optimizer.iterations)
        return _apply_policy(self, images, probability)

    def discriminator_loss(self, gan, batch):
        # Kept (and logged) from the discriminator's update, as the
        # augmentation applied in it.
        probability = self.probability_at(gan.d_optimizer.iterations)
        self.probability.assign(probability)
        return None, {"augment_p": probability}

    def get_config(self):
        config = super().get_config()
        config["schedule"] = serialize_value(self.schedule)
        return config


__all__ = ["AdaptiveAugment", "DiffAugment", "ScheduledAugment"]
