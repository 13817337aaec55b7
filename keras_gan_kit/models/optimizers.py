"""The optimizers `GAN.compile` takes: the DCGAN default, names and
configs resolved with an error that lists the accepted names, and loss
scaling for float16 networks."""

import keras

from keras_gan_kit.presets.recipe import DCGAN_ADAM


def needs_loss_scaling(*models):
    """Whether a network computes in float16 (a `mixed_float16` policy),
    whose small gradients underflow without loss scaling. bfloat16 has
    float32's exponent range and needs none."""
    for model in models:
        for layer in [model] + list(model._flatten_layers()):
            if getattr(layer, "compute_dtype", None) == "float16":
                return True
    return False


def with_loss_scaling(optimizer):
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer
    return keras.optimizers.LossScaleOptimizer(optimizer)


def default_optimizer():
    """Adam with the DCGAN settings: learning rate 2e-4, beta_1 0.5.

    Paper: [Radford et al. 2015](https://arxiv.org/abs/1511.06434),
    section 4.
    """
    return keras.optimizers.Adam(**DCGAN_ADAM)


def optimizer_names():
    """The names of Keras's optimizers that `keras.optimizers.get` builds
    with no argument, in lower case."""
    names = []
    for name, value in sorted(vars(keras.optimizers).items()):
        if not (
            isinstance(value, type)
            and issubclass(value, keras.optimizers.Optimizer)
        ):
            continue
        try:
            keras.optimizers.get(name.lower())
        except Exception:  # the base class and wrappers need arguments
            continue
        names.append(name.lower())
    return sorted(names)


def resolve_optimizer(value, arg_name):
    """An optimizer from `compile`'s `arg_name`: `None` gives the DCGAN
    default, a name or a config goes through `keras.optimizers.get`."""
    if value is None:
        return default_optimizer()
    if isinstance(value, keras.optimizers.Optimizer):
        return value
    try:
        return keras.optimizers.get(value)
    except (ValueError, TypeError):
        raise ValueError(
            f"{arg_name} must be a keras.optimizers.Optimizer, the name of "
            f"one ({', '.join(optimizer_names())}) or its config dict; "
            f"received {arg_name}={value!r}. For example "
            f"{arg_name}=keras.optimizers.Adam(2e-4, beta_1=0.5), or leave "
            "it out for that default."
        ) from None
