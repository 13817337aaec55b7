"""One optimizer object that holds the discriminator's and the generator's."""

import keras

# Where a backend's own optimizer classes live: Keras's PyTorch backend has
# its own Adam, AdamW, SGD, ... whose serialized configs name this module.
_BACKEND_OPTIMIZERS = "keras.src.backend."


def portable_config(serialized):
    """A serialized optimizer that deserializes on every backend.

    On PyTorch, `keras.optimizers.Adam` is a subclass in
    `keras.src.backend.torch.optimizers`, and its serialized config names
    that module, so a file saved there would build a PyTorch optimizer on
    JAX or TensorFlow. This names `keras.optimizers` instead (which gives
    each backend its own class), in nested configs too (the inner optimizer
    of a `LossScaleOptimizer`).

    Args:
        serialized: What `keras.saving.serialize_keras_object` returned.

    Returns:
        The same structure, with backend modules replaced.

    Examples:

    ```python
    from keras_gan_kit.models.gan_optimizer import portable_config

    config = {"module": "keras.src.backend.torch.optimizers.torch_adam",
              "class_name": "Adam", "config": {}, "registered_name": "Adam"}
    print(portable_config(config)["module"])
    # keras.optimizers
    ```
    """
    if isinstance(serialized, list):
        return [portable_config(item) for item in serialized]
    if not isinstance(serialized, dict):
        return serialized
    portable = {
        key: portable_config(value) for key, value in serialized.items()
    }
    module = portable.get("module")
    if isinstance(module, str) and module.startswith(_BACKEND_OPTIMIZERS):
        if ".optimizers" in module[len(_BACKEND_OPTIMIZERS) :]:
            portable["module"] = "keras.optimizers"
    return portable


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GANOptimizer(keras.optimizers.Optimizer):
    """Holds the discriminator and generator optimizers as one optimizer.

    Keras trainers see one `model.optimizer`: the JAX trainer threads
    `model.optimizer.variables` through its jitted step, `BackupAndRestore`
    builds `model.optimizer` before loading a backup, and saving walks it.
    `GANOptimizer` is that one object. Its `variables` are the
    discriminator optimizer's followed by the generator optimizer's, so both
    states travel through every trainer, backup and `.keras` file, while each
    network is still updated by its own optimizer, alternately, in
    `GAN.train_step`. `GAN.compile` makes it; users rarely build one.

    `iterations` counts generator updates; `learning_rate` reads the
    generator's rate and, when set (for example by `ReduceLROnPlateau`),
    scales both rates by the same factor, so their ratio is kept.

    Args:
        discriminator_optimizer: A `keras.optimizers.Optimizer` for the
            discriminator.
        generator_optimizer: A `keras.optimizers.Optimizer` for the
            generator.
        name: Name of the optimizer. Defaults to `"gan_optimizer"`.

    Examples:

    ```python
    import keras
    import keras_gan_kit

    optimizer = keras_gan_kit.GANOptimizer(
        keras.optimizers.Adam(2e-4, beta_1=0.5),
        keras.optimizers.Adam(1e-4, beta_1=0.5),
    )
    print(round(float(optimizer.learning_rate), 6))
    # 0.0001
    ```
    """

    def __init__(self, discriminator_optimizer, generator_optimizer, name=None):
        super().__init__(learning_rate=0.0, name=name or "gan_optimizer")
        for role, optimizer in (
            ("discriminator_optimizer", discriminator_optimizer),
            ("generator_optimizer", generator_optimizer),
        ):
            if not isinstance(optimizer, keras.optimizers.Optimizer):
                raise ValueError(
                    f"{role} must be a keras.optimizers.Optimizer instance; "
                    f"received {optimizer!r} of type "
                    f"{type(optimizer).__name__}. Pass for example "
                    "keras.optimizers.Adam(2e-4, beta_1=0.5)."
                )
        if discriminator_optimizer is generator_optimizer:
            raise ValueError(
                "The discriminator and the generator need two separate "
                "optimizer instances (each keeps its own moments); received "
                "the same object twice. Create a second optimizer."
            )
        self.discriminator_optimizer = discriminator_optimizer
        self.generator_optimizer = generator_optimizer
        self._variable_source = None

    def set_variable_source(self, variable_source):
        """Tells which variables each inner optimizer updates.

        `GAN` calls this before anything builds the optimizer, so that
        `build(var_list)`, called by Keras with all the model's trainable
        variables, builds each inner optimizer on its own network.

        Args:
            variable_source: A callable with no arguments that returns
                `(discriminator_variables, generator_variables)`. A callable
                rather than the lists, so that the optimizer does not start
                tracking the models' variables as its own.
        """
        self._variable_source = variable_source

    def build(self, var_list=None):
        if self._variable_source is None:
            raise ValueError(
                "GANOptimizer cannot tell the discriminator's variables from "
                "the generator's. Compile it through GAN.compile(), which "
                "calls set_variable_source(), or call set_variable_source() "
                "before building."
            )
        discriminator_variables, generator_variables = self._variable_source()
        if not self.discriminator_optimizer.built:
            self.discriminator_optimizer.build(discriminator_variables)
        if not self.generator_optimizer.built:
            self.generator_optimizer.build(generator_variables)
        self.built = True

    @property
    def variables(self):
        return (
            self.discriminator_optimizer.variables
            + self.generator_optimizer.variables
        )

    def split_variables(self, optimizer_variables):
        """Splits a flat list shaped like `variables` into the two states.

        Args:
            optimizer_variables: A list with one entry per variable of
                `variables` (JAX arrays in a stateless step).

        Returns:
            A tuple `(discriminator_part, generator_part)` of lists.
        """
        count = len(self.discriminator_optimizer.variables)
        return (
            list(optimizer_variables[:count]),
            list(optimizer_variables[count:]),
        )

    @property
    def iterations(self):
        return self.generator_optimizer.iterations

    @property
    def learning_rate(self):
        return self.generator_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        # Called with 0.0 by the base constructor, before the inner
        # optimizers exist.
        if "generator_optimizer" not in self.__dict__:
            return
        generator_rate = float(
            keras.ops.convert_to_numpy(self.generator_optimizer.learning_rate)
        )
        discriminator_rate = float(
            keras.ops.convert_to_numpy(
                self.discriminator_optimizer.learning_rate
            )
        )
        new_rate = float(keras.ops.convert_to_numpy(learning_rate))
        factor = new_rate / generator_rate if generator_rate else 1.0
        self.generator_optimizer.learning_rate = new_rate
        self.discriminator_optimizer.learning_rate = discriminator_rate * factor

    def apply(self, grads, trainable_variables=None):
        raise ValueError(
            "GANOptimizer does not apply gradients itself: GAN.train_step "
            "applies the discriminator's and the generator's gradients with "
            "their own optimizers, optimizer.discriminator_optimizer and "
            "optimizer.generator_optimizer."
        )

    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        raise ValueError(
            "GANOptimizer does not apply gradients itself; use "
            "discriminator_optimizer.stateless_apply() and "
            "generator_optimizer.stateless_apply() on the parts returned by "
            "split_variables()."
        )

    def finalize_variable_values(self, var_list):
        if self._variable_source is None:
            return
        discriminator_variables, generator_variables = self._variable_source()
        self.discriminator_optimizer.finalize_variable_values(
            discriminator_variables
        )
        self.generator_optimizer.finalize_variable_values(generator_variables)

    def save_own_variables(self, store):
        # Each inner optimizer is saved as a child of this one.
        pass

    def load_own_variables(self, store):
        pass

    def get_config(self):
        return {
            "name": self.name,
            "discriminator_optimizer": portable_config(
                keras.saving.serialize_keras_object(
                    self.discriminator_optimizer
                )
            ),
            "generator_optimizer": portable_config(
                keras.saving.serialize_keras_object(self.generator_optimizer)
            ),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("discriminator_optimizer", "generator_optimizer"):
            config[key] = keras.saving.deserialize_keras_object(
                portable_config(config[key]), custom_objects=custom_objects
            )
        return cls(**config)
