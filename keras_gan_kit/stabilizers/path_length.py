"""StyleGAN2's path length regularization of the generator."""

import keras
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.stabilizers.base import Stabilizer
from keras_gan_kit.stabilizers.base import register_stabilizer


@register_stabilizer("path_length")
class PathLengthPenalty(keras.layers.Layer, Stabilizer):
    """Path length regularization (Karras et al. 2020, StyleGAN2,
    https://arxiv.org/abs/1912.04958): a fixed-size step in W should
    change the image by a fixed amount, whatever the direction.

    For a batch of styles `w` (the generator's latents of the update,
    `batch_size // batch_shrink` of them) and images `g(w)`, it draws
    `y ~ N(0, 1) / sqrt(height * width)` of the images' shape, takes
    `J^T y = d sum(g(w) * y) / d w` through the synthesis network and its
    length `l = sqrt(mean_layers sum_dims (J^T y)^2)`, moves the running
    mean `a <- a + decay * (mean(l) - a)`, and penalizes
    `weight * E[(l - a)^2]`. The penalty is differentiated with respect to
    the generator's weights on its own and added to the generator's
    update. With `every_n_steps = k` it is computed on every k-th
    generator update only, its weight multiplied by k (lazy
    regularization; the paper: weight 2, every 4 updates, half batches).

    It needs a generator built by `builders.stylegan2_generator` (it is
    cut into mapping and synthesis with `builders.stylegan2_parts`). The
    running mean is a weight of the GAN, saved and resumed with it. Logs
    `path_length_penalty` (unweighted) and `path_length_mean`.

    Args:
        weight: Multiplier of the penalty. Defaults to `2.0`.
        every_n_steps: Compute it every k generator updates.
            Defaults to `4`.
        decay: Rate of the running mean. Defaults to `0.01`.
        batch_shrink: The penalty's batch is the update's divided by this.
            Defaults to `2`.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Examples:

    ```python
    from keras_gan_kit import stabilizers

    penalty = stabilizers.get("path_length")
    print(penalty.get_config()["every_n_steps"], penalty.log_names)
    # 4 ('path_length_penalty',)
    ```
    """

    log_names = ("path_length_penalty",)
    state_log_names = ("path_length_mean",)
    penalizes_generator = True

    def __init__(
        self, weight=2.0, every_n_steps=4, decay=0.01, batch_shrink=2, **kwargs
    ):
        super().__init__(**kwargs)
        if isinstance(weight, bool) or not float(weight) > 0:
            raise ValueError(
                f"weight must be a number > 0; received weight={weight!r}. "
                "StyleGAN2 uses 2."
            )
        for name, value in (
            ("every_n_steps", every_n_steps),
            ("batch_shrink", batch_shrink),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value < 1
            ):
                raise ValueError(
                    f"{name} must be an integer >= 1; received {value!r}."
                )
        if isinstance(decay, bool) or not 0.0 < float(decay) <= 1.0:
            raise ValueError(
                f"decay must be in (0, 1]; received decay={decay!r}. "
                "StyleGAN2 uses 0.01."
            )
        self.weight = float(weight)
        self.every_n_steps = every_n_steps
        self.decay = float(decay)
        self.batch_shrink = batch_shrink
        self.path_length_mean = self.add_weight(
            shape=(),
            initializer="zeros",
            trainable=False,
            name="path_length_mean",
            dtype="float32",
        )
        self._parts = None
        self.built = True

    def _networks(self, gan):
        from keras_gan_kit.builders.stylegan2 import stylegan2_parts

        if self._parts is None or self._parts[0] is not gan.generator:
            self._parts = (gan.generator,) + stylegan2_parts(gan.generator)
        return self._parts[1:]

    def lengths(self, gan, generator_inputs, noise):
        """`(lengths, updated)`: the path length of each latent of
        `generator_inputs` along `noise` (shaped like their images), and
        the synthesis network's updated non-trainable values (its noise
        seeds)."""
        mapping, synthesis = self._networks(gan)
        noise = ops.convert_to_tensor(noise, "float32")
        w = ops.cast(mapping(generator_inputs, training=True), "float32")
        num_styles = synthesis.inputs[0].shape[1]
        styles = ops.repeat(w[:, None, :], num_styles, axis=1)
        trainable = [v.value for v in synthesis.trainable_variables]
        non_trainable = [v.value for v in synthesis.non_trainable_variables]

        def weighted_sum(inputs):
            images, updated = synthesis.stateless_call(
                trainable, non_trainable, inputs, training=True
            )
            return ops.sum(ops.cast(images, "float32") * noise), updated

        gradients, updated = backend.current.input_gradients(
            weighted_sum, styles
        )
        squares = ops.sum(ops.square(ops.cast(gradients, "float32")), axis=2)
        return ops.sqrt(ops.mean(squares, axis=1)), updated

    def generator_penalty(self, gan, generator_inputs):
        _, synthesis = self._networks(gan)
        rows = ops.shape(keras.tree.flatten(generator_inputs)[0])[0]
        if isinstance(rows, int):  # static (JAX slices need it)
            rows = max(rows // self.batch_shrink, 1)
        else:
            rows = ops.maximum(rows // self.batch_shrink, 1)
        inputs = keras.tree.map_structure(lambda t: t[:rows], generator_inputs)
        # Drawn outside the lazy branch: a draw inside it would move the
        # seed inside a traced conditional.
        height, width, channels = synthesis.outputs[0].shape[1:]
        noise = keras.random.normal(
            (rows, height, width, channels), seed=gan.seed_generator
        ) / ops.sqrt(float(height * width))
        every = self.every_n_steps
        non_trainable = [v.value for v in synthesis.non_trainable_variables]
        mean = self.path_length_mean.value

        def compute():
            return self.lengths(gan, inputs, noise)

        if every == 1:
            active = ops.ones((), "bool")
            lengths, updated = compute()
        else:
            step = ops.cast(
                gan.optimizer.generator_optimizer.iterations, "int32"
            )
            active = ops.equal(step % every, 0)
            lengths, updated = backend.current.lazily(
                active,
                compute,
                lambda: (ops.zeros((rows,), "float32"), non_trainable),
            )
        # Outside the conditional: TensorFlow's replicas cannot all-reduce
        # inside one.
        batch_mean = backend.current.cross_replica_mean(
            ops.stop_gradient(ops.mean(lengths))
        )
        new_mean = ops.where(
            active, mean + self.decay * (batch_mean - mean), mean
        )
        value = ops.where(
            active,
            ops.mean(ops.square(lengths - new_mean)),
            ops.zeros((), "float32"),
        )
        for variable, new_value in zip(
            synthesis.non_trainable_variables, updated
        ):
            variable.assign(new_value)
        self.path_length_mean.assign(new_mean)
        term = self.weight * every * value
        return term, {
            "path_length_penalty": value,
            "path_length_mean": new_mean,
        }

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "weight": self.weight,
                "every_n_steps": self.every_n_steps,
                "decay": self.decay,
                "batch_shrink": self.batch_shrink,
            }
        )
        return config


__all__ = ["PathLengthPenalty"]
