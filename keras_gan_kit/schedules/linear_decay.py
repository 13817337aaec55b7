"""`LinearDecay`: hold the learning rate, then decay it linearly to the end
of training, with the end found by `GAN.fit`."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class LinearDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Holds the learning rate, then decays it linearly to the last step.

    The rate is `initial_learning_rate` for the first
    `hold_fraction * total_steps` updates, then falls linearly to
    `final_fraction * initial_learning_rate` at update `total_steps` and
    stays there. Decaying both players' rates over the last part of
    training is how BigGAN-style and StyleGAN-style recipes end; on the
    Fashion-MNIST DCGAN it lowered the FID after 5 epochs from 11.6 to 9.6
    (`benchmarks/README.md`).

    `GAN.fit` sets `total_steps` to the optimizer's update count at the end
    of the `fit` call (from the data's length, `batch_size`, `epochs` and
    `discriminator_steps` / `generator_steps`), so the same schedule object
    works for any dataset and number of epochs; a resumed `fit`
    (`initial_epoch=k` with the restored optimizer) finds the same end.
    Until `total_steps` is set the rate is constant.

    Args:
        initial_learning_rate: The rate before the decay starts.
        hold_fraction: Fraction of the updates at the full rate, in
            `[0, 1]`. Defaults to `0.0` (decay from the first update).
        final_fraction: The last rate as a fraction of the first, in
            `[0, 1]`. Defaults to `0.0`.
        total_steps: Updates until the rate reaches its final value, or
            `None` to let `GAN.fit` set it. Defaults to `None`.

    Examples:

    ```python
    import keras
    from keras_gan_kit import schedules

    schedule = schedules.LinearDecay(
        1e-3, hold_fraction=0.5, final_fraction=0.0, total_steps=100
    )
    print([round(float(schedule(step)), 6) for step in (0, 50, 75, 100)])
    # [0.001, 0.001, 0.0005, 0.0]
    optimizer = keras.optimizers.Adam(schedule, beta_1=0.5)
    ```
    """

    def __init__(
        self,
        initial_learning_rate,
        hold_fraction=0.0,
        final_fraction=0.0,
        total_steps=None,
    ):
        self.initial_learning_rate = _check_number(
            "initial_learning_rate", initial_learning_rate, 0.0, None
        )
        self.hold_fraction = _check_number(
            "hold_fraction", hold_fraction, 0.0, 1.0
        )
        self.final_fraction = _check_number(
            "final_fraction", final_fraction, 0.0, 1.0
        )
        self.total_steps = None
        if total_steps is not None:
            self.set_total_steps(total_steps)

    def set_total_steps(self, total_steps):
        """Sets the update at which the rate reaches its final value.

        Args:
            total_steps: A positive integer.

        Returns:
            `True` if the value changed (a compiled step must be traced
            again), else `False`.
        """
        if (
            isinstance(total_steps, bool)
            or not float(total_steps).is_integer()
            or total_steps < 1
        ):
            raise ValueError(
                "LinearDecay total_steps must be a positive integer (the "
                f"number of optimizer updates); received {total_steps!r}."
            )
        total_steps = int(total_steps)
        changed = total_steps != self.total_steps
        self.total_steps = total_steps
        return changed

    def __call__(self, step):
        rate = ops.convert_to_tensor(self.initial_learning_rate, "float32")
        if self.total_steps is None:
            return rate
        step = ops.cast(step, "float32")
        hold = self.hold_fraction * self.total_steps
        length = max(self.total_steps - hold, 1.0)
        progress = ops.clip((step - hold) / length, 0.0, 1.0)
        return rate * (1.0 - (1.0 - self.final_fraction) * progress)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "hold_fraction": self.hold_fraction,
            "final_fraction": self.final_fraction,
            "total_steps": self.total_steps,
        }


def _check_number(name, value, low, high):
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if (
        number is None
        or isinstance(value, bool)
        or number < low
        or (high is not None and number > high)
    ):
        expected = f"in [{low}, {high}]" if high is not None else f">= {low}"
        raise ValueError(
            f"LinearDecay {name} must be a number {expected}; received "
            f"{value!r}."
        )
    return number


def _schedule_of(optimizer):
    """The `LinearDecay` driving `optimizer`, or `None`."""
    inner = getattr(optimizer, "inner_optimizer", None)
    if inner is not None:
        return _schedule_of(inner)
    schedule = getattr(optimizer, "_learning_rate", None)
    return schedule if isinstance(schedule, LinearDecay) else None


def set_training_horizon(updates_by_optimizer):
    """Points every `LinearDecay` at the end of the coming training.

    `GAN.fit` calls it; a hand-written loop can too.

    Args:
        updates_by_optimizer: A list of `(optimizer, updates)` pairs: each
            optimizer and how many more updates it will make.

    Returns:
        `True` if a schedule's end changed (a compiled step must be traced
        again), else `False`.

    Examples:

    ```python
    import keras
    from keras_gan_kit import schedules

    schedule = schedules.LinearDecay(1e-3, hold_fraction=0.3)
    optimizer = keras.optimizers.Adam(schedule)
    schedules.set_training_horizon([(optimizer, 500)])
    print(schedule.total_steps)
    # 500
    ```
    """
    changed = False
    for optimizer, updates in updates_by_optimizer:
        schedule = _schedule_of(optimizer)
        if schedule is None:
            continue
        done = int(keras.ops.convert_to_numpy(optimizer.iterations))
        changed = schedule.set_total_steps(done + int(updates)) or changed
    return changed


def uses_linear_decay(optimizers):
    """Whether any of `optimizers` is driven by a `LinearDecay`."""
    return any(_schedule_of(optimizer) is not None for optimizer in optimizers)
