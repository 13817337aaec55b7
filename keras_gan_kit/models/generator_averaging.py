"""The generator EMA of `GAN`: an exponential moving average of the
generator's weights, updated inside the compiled step."""

import math

import keras
from keras import ops


class GeneratorAveraging:
    """`enable_generator_ema` and its update (a part of `GAN`)."""

    def enable_generator_ema(self, decay=0.999, start_step=0, ramp_steps=0):
        """Keeps an exponential moving average (EMA) of the generator.

        After every training step, inside the compiled step on every
        backend, each trainable weight `w` of the generator updates its
        average `a <- decay * a + (1 - decay) * w`; non-trainable weights
        (batch-norm statistics) are copied. Until the generator has made
        `start_step` updates the average just follows the weights. The
        average lives in `gan.ema_generator`, a copy of the generator that
        is saved and restored with the GAN (its settings are part of the
        config) and that sampling uses by default.

        With `ramp_steps=n`, the average's half-life (`log 0.5 / log
        decay` updates) grows from 0 to that of `decay` along half a
        cosine over the first `n` generator updates, as R3GAN's schedule
        of the EMA half-life (Huang et al. 2024): early weights are soon
        forgotten, late ones averaged over long.

        Paper: [Yazici et al. 2019](https://arxiv.org/abs/1806.04498).

        Args:
            decay: Weight of the old average, in (0, 1). Defaults to `0.999`.
            start_step: Generator updates before averaging starts.
                Defaults to `0`.
            ramp_steps: Generator updates over which the half-life ramps
                up to `decay`'s, or `0` for `decay` from the start.
                Defaults to `0`.

        Examples:

        ```python
        import keras_gan_kit
        from keras_gan_kit import builders

        gan = keras_gan_kit.GAN(
            builders.mlp_generator(latent_dim=4, image_shape=(2, 2, 1)),
            builders.mlp_discriminator(image_shape=(2, 2, 1)),
        )
        gan.enable_generator_ema(decay=0.99)
        print(gan.ema_generator is not None, gan.ema_decay)
        # True 0.99
        ```
        """
        if not 0.0 < float(decay) < 1.0:
            raise ValueError(
                f"decay must be in (0, 1); received decay={decay}. Typical "
                "values are 0.99 to 0.9999."
            )
        if (
            isinstance(start_step, bool)
            or int(start_step) != start_step
            or (start_step < 0)
        ):
            raise ValueError(
                f"start_step must be an integer >= 0; received {start_step!r}."
            )
        if (
            isinstance(ramp_steps, bool)
            or not isinstance(ramp_steps, int | float)
            or int(ramp_steps) != ramp_steps
            or ramp_steps < 0
        ):
            raise ValueError(
                "ramp_steps must be an integer >= 0 (generator updates); "
                f"received {ramp_steps!r}."
            )
        if self.ema_generator is None:
            ema_generator = keras.models.clone_model(self.generator)
            ema_generator.set_weights(self.generator.get_weights())
            ema_generator.trainable = False
            self.ema_generator = ema_generator
        self.ema_decay = float(decay)
        self.ema_start_step = int(start_step)
        self.ema_ramp_steps = int(ramp_steps)
        # The compiled step changes: trace it again.
        self.train_function = None

    def update_generator_ema(self):
        """One EMA update of `ema_generator`; called by the train step."""
        step = ops.cast(self.g_optimizer.iterations, "float32")
        decay = ops.convert_to_tensor(self.ema_decay, "float32")
        if self.ema_ramp_steps:
            half_life = math.log(0.5) / math.log(self.ema_decay)
            progress = ops.clip(step / float(self.ema_ramp_steps), 0.0, 1.0)
            ramped = half_life * 0.5 * (1.0 - ops.cos(math.pi * progress))
            decay = ops.where(
                ramped > 0.0,
                ops.power(0.5, 1.0 / ops.maximum(ramped, 1e-12)),
                0.0,
            )
        decay = ops.where(step <= self.ema_start_step, 0.0, decay)
        for average, weight in zip(
            self.ema_generator.weights, self.generator.weights
        ):
            if weight.trainable:
                value = decay * average + (1.0 - decay) * ops.cast(
                    weight, average.dtype
                )
            else:
                value = weight
            average.assign(ops.cast(value, average.dtype))
