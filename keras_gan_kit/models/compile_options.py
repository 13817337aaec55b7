"""`GAN.compile` and what it sets: optimizers, the loss family, label
targets, the stabilizers, and their saving in the compile config."""

import keras
import numpy as np

from keras_gan_kit import losses as losses_module
from keras_gan_kit.models import network_checks
from keras_gan_kit.models.gan_optimizer import GANOptimizer
from keras_gan_kit.models.gan_optimizer import portable_config
from keras_gan_kit.models.optimizers import needs_loss_scaling
from keras_gan_kit.models.optimizers import resolve_optimizer
from keras_gan_kit.models.optimizers import with_loss_scaling
from keras_gan_kit.stabilizers import augmentation
from keras_gan_kit.stabilizers import base as stabilizer_base
from keras_gan_kit.stabilizers import gradient_penalty as penalties
from keras_gan_kit.stabilizers import instance_noise as noises
from keras_gan_kit.stabilizers import weight_clipping as clipping


def _target_shift(arg_name, value):
    """`label_smoothing` or `label_noise` as a float in [0, 1)."""
    number = None
    if not isinstance(value, bool) and isinstance(
        value, int | float | np.integer | np.floating
    ):
        number = float(value)
    if number is None or not 0.0 <= number < 1.0:
        raise ValueError(
            f"{arg_name} must be a number in [0, 1); received "
            f"{arg_name}={value!r}. Typical values are 0.1 or less "
            "(0 turns it off)."
        )
    return number


def _first_of(stabilizers, kind):
    """The first stabilizer of the list that is a `kind`, or None."""
    return next((s for s in stabilizers if isinstance(s, kind)), None)


class CompileOptions:
    """`GAN.compile` and the options it sets (a part of `GAN`)."""

    def compile(
        self,
        d_optimizer=None,
        g_optimizer=None,
        loss="non_saturating",
        discriminator_steps=1,
        generator_steps=1,
        label_smoothing=0.0,
        label_noise=0.0,
        gradient_penalty=None,
        weight_clipping=None,
        augment=None,
        instance_noise=None,
        stabilizers=None,
        jit_compile="auto",
        run_eagerly=False,
        steps_per_execution=1,
    ):
        """Configures the GAN for training.

        Stabilizers (`keras_gan_kit.stabilizers`) are options here and work
        inside the compiled step on every backend. Under a
        `mixed_float16` policy both optimizers get dynamic loss scaling
        (`keras.optimizers.LossScaleOptimizer`) automatically; the logits
        and the losses are computed in float32.

        Args:
            d_optimizer: Optimizer of the discriminator: an instance or a
                name for `keras.optimizers.get`. `None` gives
                `Adam(2e-4, beta_1=0.5)`. Defaults to `None`.
            g_optimizer: Optimizer of the generator, likewise; it must be a
                different object from `d_optimizer`. Defaults to `None`.
            loss: A loss family name (`"minimax"`, `"non_saturating"`,
                `"wasserstein"`, `"least_squares"`, `"hinge"`,
                `"relativistic_average"`) or a
                `keras_gan_kit.losses.GANLoss` instance.
                Defaults to `"non_saturating"`.
            discriminator_steps: Discriminator updates per batch, each on the
                same real batch and fresh latents (5 for the WGAN critic
                schedule). Defaults to `1`.
            generator_steps: Generator updates per batch, after the
                discriminator's; the first reuses the last discriminator
                update's generated batch, the others draw fresh latents.
                Defaults to `1`.
            label_smoothing: One-sided label smoothing `s`: the
                discriminator's target for real images becomes `1 - s`
                (0.1 in the teaching material). Only for loss families with
                targets (minimax, non_saturating, least_squares,
                relativistic_average). Defaults to `0.0`.
            label_noise: Amplitude `a` of uniform noise on the
                discriminator's targets: real targets become
                `1 - s - a * u`, generated ones `a * u`, `u ~ U(0, 1)` per
                image, as in Chollet's "Deep Learning with Python". Same
                families as `label_smoothing`. Defaults to `0.0`.
            gradient_penalty: `"wgan_gp"`, `"r1"`, `"r2"` or a
                `stabilizers.GradientPenalty` (for example
                `R1Penalty(10.0, every_n_steps=16)`); logged as
                `gradient_penalty`. A second penalty goes in `stabilizers`
                (R3GAN's recipe: `gradient_penalty="r1"`,
                `stabilizers=["r2"]`); `gradient_penalty` then logs their
                sum. Needs a discriminator without batch normalization.
                Defaults to `None`.
            weight_clipping: Clip value of the critic's weights after each
                of its updates (0.01 in the WGAN paper), or a
                `stabilizers.WeightClipping`. Defaults to `None`.
            augment: `"diffaugment"`, `"ada"`, or a `stabilizers.DiffAugment`
                / `stabilizers.AdaptiveAugment`: differentiable augmentation
                of every image the discriminator sees. ADA logs its
                probability as `augment_p`. Defaults to `None`.
            instance_noise: Standard deviation of Gaussian noise on the
                discriminator's inputs, or a `stabilizers.InstanceNoise`
                (with annealing). Defaults to `None`.
            stabilizers: A list of `stabilizers.Stabilizer`s or their
                names (`"lecam"`, `"r1"`, ...), hooked into the step after
                those of the four shorthands above (`augment`,
                `instance_noise`, `gradient_penalty`, `weight_clipping`,
                in that order); see "How a training step works" in the
                docs. Defaults to `None`.
            jit_compile: `True`, `False` or `"auto"`, passed to Keras: XLA
                on TensorFlow, `jax.jit` on JAX, `torch.compile` on PyTorch.
                `"auto"` means: XLA on TensorFlow only with a GPU (on a CPU
                it made the MNIST DCGAN step 1.6x to 9x slower), always
                jitted on JAX, eager on PyTorch (`torch.compile` made that
                step 1.24x slower on a CPU, `benchmarks/README.md`).
                Defaults to `"auto"`.
            run_eagerly: Run the step eagerly, for debugging.
                Defaults to `False`.
            steps_per_execution: Batches per compiled call.
                Defaults to `1`.

        Examples:

        ```python
        import keras
        import keras_gan_kit

        generator = keras.Sequential(
            [keras.Input((8,)), keras.layers.Dense(16, activation="tanh")]
        )
        discriminator = keras.Sequential(
            [keras.Input((16,)), keras.layers.Dense(1)]
        )
        gan = keras_gan_kit.GAN(generator, discriminator)
        gan.compile(loss="hinge", discriminator_steps=2)
        print(gan.loss_fn.name, gan.discriminator_steps)
        # hinge 2
        ```
        """
        for arg_name, value in (
            ("discriminator_steps", discriminator_steps),
            ("generator_steps", generator_steps),
        ):
            if isinstance(value, bool) or not isinstance(
                value, (int, np.integer)
            ):
                raise ValueError(
                    f"{arg_name} must be an integer >= 1; received {value!r} "
                    f"of type {type(value).__name__}."
                )
            if value < 1:
                raise ValueError(
                    f"{arg_name} must be >= 1; received {arg_name}={value}. "
                    f"Each batch makes {arg_name} updates, so use 1 or more "
                    "(for example discriminator_steps=5 for a WGAN critic)."
                )
        label_smoothing = _target_shift("label_smoothing", label_smoothing)
        label_noise = _target_shift("label_noise", label_noise)
        network_checks.check_discriminator_for_backend(self.discriminator)
        loss_fn = losses_module.get(loss)
        resolve = stabilizer_base.STABILIZERS.resolve
        augment = resolve(augment, "augment", base=augmentation.DiffAugment)
        instance_noise = resolve(
            instance_noise,
            "instance_noise",
            base=noises.InstanceNoise,
            number=(noises.InstanceNoise, "the noise's standard deviation"),
            example="instance_noise=0.1",
        )
        gradient_penalty = resolve(
            gradient_penalty,
            "gradient_penalty",
            base=penalties.GradientPenalty,
            example="R1Penalty(weight=10.0, every_n_steps=16)",
        )
        weight_clipping = resolve(
            weight_clipping,
            "weight_clipping",
            base=clipping.WeightClipping,
            number=(clipping.WeightClipping, "the clip value, 0.01 in WGAN"),
        )
        if stabilizers is not None and not isinstance(
            stabilizers, list | tuple
        ):
            raise ValueError(
                "stabilizers must be a list of Stabilizer instances or "
                f"names; received {stabilizers!r} of type "
                f"{type(stabilizers).__name__}. Wrap it in a list, for "
                "example stabilizers=['lecam']."
            )
        stabilizers = [
            stabilizer
            for stabilizer in (
                augment,
                instance_noise,
                gradient_penalty,
                weight_clipping,
            )
            if stabilizer is not None
        ] + [stabilizer_base.get(item) for item in stabilizers or ()]
        penalty = _first_of(stabilizers, penalties.GradientPenalty)
        if penalty is not None and network_checks.has_batch_norm(
            self.discriminator
        ):
            raise ValueError(
                f"gradient_penalty={penalty.name!r} penalizes the "
                "discriminator's gradient for each image, but batch "
                f"normalization in {self.discriminator.name!r} makes each "
                "output depend on the whole batch (the WGAN-GP paper drops "
                "it for this reason). Build the discriminator without batch "
                "norm (builders take batch_norm=False; layer norm or "
                "spectral norm are fine), or drop the penalty."
            )
        if (label_smoothing or label_noise) and not loss_fn.supports_targets:
            raise ValueError(
                f"label_smoothing={label_smoothing} and "
                f"label_noise={label_noise} move the discriminator's targets, "
                f"but the loss {loss_fn.name!r} has no targets. Use them "
                f"with one of {losses_module.families_with_targets()}, or "
                "set both to 0."
            )
        if label_smoothing + label_noise >= 1.0:
            raise ValueError(
                "label_smoothing + label_noise must stay below 1 so that "
                "real targets stay above generated ones; received "
                f"{label_smoothing} + {label_noise}."
            )
        d_optimizer = resolve_optimizer(d_optimizer, "d_optimizer")
        g_optimizer = resolve_optimizer(g_optimizer, "g_optimizer")
        if needs_loss_scaling(self.generator, self.discriminator):
            d_optimizer = with_loss_scaling(d_optimizer)
            g_optimizer = with_loss_scaling(g_optimizer)
        optimizer = GANOptimizer(d_optimizer, g_optimizer)
        optimizer.set_variable_source(self._variables_by_network)

        self.loss_fn = loss_fn
        self.discriminator_steps = int(discriminator_steps)
        self.generator_steps = int(generator_steps)
        self.label_smoothing = float(label_smoothing)
        self.label_noise = float(label_noise)
        self.stabilizers = stabilizers
        self._trackers = self.make_trackers()
        # Passing the GANOptimizer keeps Keras from creating a default
        # optimizer of its own that would end up in every saved file.
        super().compile(
            optimizer=optimizer,
            loss=None,
            jit_compile=jit_compile,
            run_eagerly=run_eagerly,
            steps_per_execution=steps_per_execution,
            auto_scale_loss=False,
        )
        self._gan_compile_config = {
            "d_optimizer": d_optimizer,
            "g_optimizer": g_optimizer,
            "loss": loss_fn,
            "discriminator_steps": self.discriminator_steps,
            "generator_steps": self.generator_steps,
            "label_smoothing": self.label_smoothing,
            "label_noise": self.label_noise,
            # Every stabilizer, shorthands included, in the step's order.
            "stabilizers": list(stabilizers),
            "jit_compile": jit_compile,
            "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution,
        }

    @property
    def d_optimizer(self):
        """The discriminator's optimizer (set by `compile`)."""
        self._check_compiled("d_optimizer")
        return self.optimizer.discriminator_optimizer

    @property
    def g_optimizer(self):
        """The generator's optimizer (set by `compile`)."""
        self._check_compiled("g_optimizer")
        return self.optimizer.generator_optimizer

    def _check_compiled(self, what):
        if not getattr(self, "compiled", False) or not isinstance(
            getattr(self, "optimizer", None), GANOptimizer
        ):
            raise ValueError(
                f"GAN.{what} needs a compiled model. Call gan.compile() "
                "first, for example gan.compile() for the DCGAN defaults."
            )

    def _variables_by_network(self):
        return (
            self.discriminator.trainable_variables,
            self.generator.trainable_variables,
        )

    def get_compile_config(self):
        if self._gan_compile_config is None:
            return {}
        return {
            key: portable_config(keras.saving.serialize_keras_object(value))
            for key, value in self._gan_compile_config.items()
        }

    def compile_from_config(self, config):
        # Files saved on PyTorch before optimizers were saved portably name
        # its optimizer classes; portable_config reads them on any backend.
        config = {
            key: keras.saving.deserialize_keras_object(portable_config(value))
            for key, value in config.items()
        }
        if config.get("stabilizers") is not None:
            config["stabilizers"] = list(config["stabilizers"])
        self.compile(**config)
        if self.built:
            self.optimizer.build()

    # The stabilizer of each compile() shorthand, found in the list (so
    # that it is the same object however it was given).
    def _first_stabilizer(self, kind):
        return _first_of(self.stabilizers, kind)

    @property
    def augment(self):
        """The augmentation among the stabilizers (`DiffAugment` or
        `AdaptiveAugment`), or None."""
        return self._first_stabilizer(augmentation.DiffAugment)

    @property
    def instance_noise(self):
        """The `InstanceNoise` among the stabilizers, or None."""
        return self._first_stabilizer(noises.InstanceNoise)

    @property
    def gradient_penalty(self):
        """The `GradientPenalty` among the stabilizers, or None."""
        return self._first_stabilizer(penalties.GradientPenalty)

    @property
    def weight_clipping(self):
        """The `WeightClipping` among the stabilizers, or None."""
        return self._first_stabilizer(clipping.WeightClipping)
