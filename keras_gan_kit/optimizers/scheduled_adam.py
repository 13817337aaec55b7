"""`ScheduledAdam`: Keras's Adam with moment decay rates that may move
over training (R3GAN's ramp of beta_2 from 0.9 to 0.99)."""

import keras
from keras import ops

_BETAS = ("beta_1", "beta_2")


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ScheduledAdam(keras.optimizers.Adam):
    """Adam whose `beta_1` and `beta_2` may be schedules of the step.

    `keras.optimizers.Adam` takes fixed decay rates for its moment
    estimates. R3GAN (Huang et al. 2024) ramps Adam's `beta_2` from 0.9
    to 0.99 along a cosine over its first 20 million images, as it ramps
    the learning rate: a short memory of squared gradients while the
    networks change fast, a long one later. `ScheduledAdam` takes either
    rate as a number or as a schedule (a
    `keras.optimizers.schedules.LearningRateSchedule`, such as
    `schedules.CosineRamp`), evaluated at the optimizer's update count
    before each update. The update is Adam's as Keras and PyTorch write
    it, with the bias corrections taken at the current rates (PyTorch's
    `Adam` whose `betas` a training loop changes, as R3GAN's does): with
    number rates it equals `keras.optimizers.Adam` on every backend.

    Args:
        learning_rate: A float or a schedule, as for Keras's Adam.
            Defaults to `0.001`.
        beta_1: Decay rate of the first moment, in [0, 1): a float or a
            schedule. Defaults to `0.9`.
        beta_2: Decay rate of the second moment, in [0, 1): a float or a
            schedule. Defaults to `0.999`.
        **kwargs: Any other argument of `keras.optimizers.Adam`
            (`epsilon`, `amsgrad`, `clipnorm`, `name`, ...).

    Examples:

    ```python
    from keras_gan_kit import optimizers
    from keras_gan_kit import schedules

    ramp = schedules.CosineRamp(0.9, 0.99, total_steps=1000)
    adam = optimizers.ScheduledAdam(2e-4, beta_1=0.0, beta_2=ramp)
    print(round(float(adam.current_beta_2()), 3))
    # 0.9
    ```
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, **kw):
        for name, value in zip(_BETAS, (beta_1, beta_2)):
            _check_beta(name, value)
        super().__init__(
            learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, **kw
        )

    def current_beta_1(self):
        """`beta_1` at the optimizer's current update count."""
        return self._current("beta_1")

    def current_beta_2(self):
        """`beta_2` at the optimizer's current update count."""
        return self._current("beta_2")

    def _current(self, name):
        value = getattr(self, name)
        if isinstance(value, keras.optimizers.schedules.LearningRateSchedule):
            return ops.cast(value(self.iterations), "float32")
        return ops.convert_to_tensor(value, "float32")

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        beta_1 = ops.cast(self.current_beta_1(), dtype)
        beta_2 = ops.cast(self.current_beta_2(), dtype)
        local_step = ops.cast(self.iterations + 1, dtype)
        alpha = (
            lr
            * ops.sqrt(1 - ops.power(beta_2, local_step))
            / (1 - ops.power(beta_1, local_step))
        )
        m = self._momentums[self._get_variable_index(variable)]
        v = self._velocities[self._get_variable_index(variable)]
        self.assign_add(m, ops.multiply(ops.subtract(gradient, m), 1 - beta_1))
        self.assign_add(
            v, ops.multiply(ops.subtract(ops.square(gradient), v), 1 - beta_2)
        )
        if self.amsgrad:
            v_hat = self._velocity_hats[self._get_variable_index(variable)]
            self.assign(v_hat, ops.maximum(v_hat, v))
            v = v_hat
        self.assign_sub(
            variable,
            ops.divide(
                ops.multiply(m, alpha), ops.add(ops.sqrt(v), self.epsilon)
            ),
        )

    def get_config(self):
        config = super().get_config()
        for name in _BETAS:
            value = getattr(self, name)
            if isinstance(
                value, keras.optimizers.schedules.LearningRateSchedule
            ):
                config[name] = keras.saving.serialize_keras_object(value)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for name in _BETAS:
            if isinstance(config.get(name), dict):
                config[name] = keras.saving.deserialize_keras_object(
                    config[name], custom_objects=custom_objects
                )
        return super().from_config(config, custom_objects=custom_objects)


def _check_beta(name, value):
    if isinstance(value, keras.optimizers.schedules.LearningRateSchedule):
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0.0 <= value < 1.0
    ):
        raise ValueError(
            f"ScheduledAdam {name} must be a number in [0, 1) or a "
            "keras.optimizers.schedules.LearningRateSchedule (such as "
            f"schedules.CosineRamp(0.9, 0.99, total_steps=N)); received "
            f"{value!r}."
        )
