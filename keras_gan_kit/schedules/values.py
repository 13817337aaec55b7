"""Settings that are a number or a schedule of the step (penalty weights,
augmentation probabilities): reading, saving and loading them."""

import keras
from keras import ops


def scheduled_value(value, step):
    """`value(step)` for a schedule, `value` for a number, as float32."""
    if callable(value):
        return ops.cast(value(step), "float32")
    return ops.convert_to_tensor(value, "float32")


def serialize_value(value):
    """A number as is, a schedule as its Keras serialization."""
    if isinstance(value, keras.optimizers.schedules.LearningRateSchedule):
        return keras.saving.serialize_keras_object(value)
    return value


def deserialize_value(value, name, owner):
    """A number, or a schedule from a `LearningRateSchedule` instance or
    its serialization (a dict), refusing anything else with the fix."""
    if isinstance(value, dict):
        value = keras.saving.deserialize_keras_object(value)
    if isinstance(value, keras.optimizers.schedules.LearningRateSchedule):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(
            f"{owner} {name} must be a number or a schedule of the step "
            "(a keras.optimizers.schedules.LearningRateSchedule such as "
            f"schedules.CosineRamp(0.05, 0.005, total_steps=1000)); "
            f"received {value!r}."
        )
    return float(value)
