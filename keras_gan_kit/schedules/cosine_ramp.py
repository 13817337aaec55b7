"""`CosineRamp`: a value that moves from a start to an end along half a
cosine over a fixed number of steps, then holds (R3GAN's schedules)."""

import math

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class CosineRamp(keras.optimizers.schedules.LearningRateSchedule):
    """A value going from `initial_value` to `final_value` along half a
    cosine over `total_steps` steps, then staying at `final_value`.

    `value(step) = initial + (final - initial) * (1 - cos(pi * t)) / 2`
    with `t = min(step / total_steps, 1)`: flat at both ends, fastest in
    the middle. It rises or falls, so one class covers R3GAN's schedules
    (Huang et al. 2024), which move the learning rate down (2e-4 to 5e-5),
    the R1 and R2 weight gamma down (0.05 to 0.005) and the augmentation
    probability up over the first 20 million images. It is a Keras
    learning-rate schedule, so it drives an optimizer's rate as is; the
    penalties (`stabilizers.R1Penalty(weight=...)`) and
    `stabilizers.DiffAugment(probability=...)` take it too, counted in
    discriminator updates.

    Args:
        initial_value: The value at step 0.
        final_value: The value from step `total_steps` on.
        total_steps: Steps (optimizer updates) of the ramp, an integer
            >= 1.

    Examples:

    ```python
    from keras_gan_kit import schedules

    gamma = schedules.CosineRamp(0.05, 0.005, total_steps=100)
    print([round(float(gamma(step)), 4) for step in (0, 50, 100, 200)])
    # [0.05, 0.0275, 0.005, 0.005]
    ```
    """

    def __init__(self, initial_value, final_value, total_steps):
        self.initial_value = _check_number("initial_value", initial_value)
        self.final_value = _check_number("final_value", final_value)
        if (
            isinstance(total_steps, bool)
            or not isinstance(total_steps, int | float)
            or not float(total_steps).is_integer()
            or total_steps < 1
        ):
            raise ValueError(
                "CosineRamp total_steps must be an integer >= 1 (optimizer "
                f"updates); received {total_steps!r}. For a ramp over N "
                "images at batch B, pass N // B."
            )
        self.total_steps = int(total_steps)

    def __call__(self, step):
        progress = ops.clip(
            ops.cast(step, "float32") / float(self.total_steps), 0.0, 1.0
        )
        rise = 0.5 * (1.0 - ops.cos(math.pi * progress))
        return self.initial_value + (
            self.final_value - self.initial_value
        ) * ops.cast(rise, "float32")

    def get_config(self):
        return {
            "initial_value": self.initial_value,
            "final_value": self.final_value,
            "total_steps": self.total_steps,
        }


def _check_number(name, value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(
            f"CosineRamp {name} must be a number; received {value!r}."
        )
    if not math.isfinite(value):
        raise ValueError(
            f"CosineRamp {name} must be finite; received {value!r}."
        )
    return float(value)
