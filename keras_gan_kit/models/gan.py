"""The `GAN` model: alternating discriminator and generator updates in fit()."""

import keras
import numpy as np
from keras import ops

from keras_gan_kit import backend as backend_module
from keras_gan_kit import losses as losses_module
from keras_gan_kit.models import input_checks
from keras_gan_kit.models.gan_optimizer import GANOptimizer
from keras_gan_kit.schedules import linear_decay
from keras_gan_kit.stabilizers import augmentation
from keras_gan_kit.stabilizers import gradient_penalty as penalties
from keras_gan_kit.stabilizers import instance_noise as noises
from keras_gan_kit.stabilizers import weight_clipping as clipping

LATENT_DISTRIBUTIONS = ("normal", "uniform")

# Where the backend's global random state (PyTorch only) is saved.
GLOBAL_RNG_KEY = "global_rng_state"

NO_EVALUATION_MESSAGE = (
    "GAN has no evaluation step: a GAN's losses on held-out data say little "
    "about sample quality. Remove validation_data / validation_split from "
    "fit(), and judge samples from gan.generate() instead."
)


def mean_probability(logits):
    """Mean of `sigmoid(logits)`: how real the discriminator finds a batch."""
    return ops.mean(ops.sigmoid(ops.cast(logits, "float32")))


def draw_latent(num_samples, latent_dim, distribution="normal", seed=None):
    """Latent vectors drawn with NumPy: `(num_samples, latent_dim)` float32
    from N(0, I) or U(-1, 1); `seed=None` uses NumPy's global generator,
    which `keras.utils.set_random_seed` seeds."""
    num_samples = input_checks.check_num_samples(num_samples)
    shape = (num_samples, latent_dim)
    if seed is None:
        rng = np.random.default_rng(np.random.randint(0, 2**31 - 1))
    else:
        rng = np.random.default_rng(seed)
    if distribution == "uniform":
        latent = rng.uniform(-1.0, 1.0, size=shape)
    else:
        latent = rng.standard_normal(shape)
    return latent.astype("float32")


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


def default_optimizer():
    """Adam with the DCGAN settings: learning rate 2e-4, beta_1 0.5.

    Paper: [Radford et al. 2015](https://arxiv.org/abs/1511.06434),
    section 4.
    """
    return keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GAN(keras.Model):
    """A generative adversarial network trained with `compile()` / `fit()`.

    Each training step makes `discriminator_steps` discriminator updates,
    then `generator_steps` generator updates, on every Keras backend
    (TensorFlow, JAX, PyTorch) with the same user code. The discriminator
    update changes only discriminator weights and does not back-propagate
    into the generator; the generator update changes only generator weights.
    Both networks run in training mode in both updates, so batch-norm
    statistics and dropout behave as in the DCGAN recipe. One generator
    pass serves the last discriminator update and the first generator
    update, as in the PyTorch DCGAN example: the discriminator learns on
    the generated batch (gradients stopped), then the generator learns from
    the updated discriminator's verdict on that same batch.

    Under `keras.distribution.DataParallel` (JAX) or a `tf.distribute`
    strategy (TensorFlow) the step runs data-parallel: gradients and logged
    values are averaged over the global batch, and the latents are the ones
    one device would draw for that batch (see the multi-device guide).

    `fit(x)` takes images only (NumPy arrays, `tf.data.Dataset`,
    `keras.utils.PyDataset` or a PyTorch `DataLoader`); labels that come
    with the data are ignored. The logs hold `d_loss`, `g_loss`,
    `real_score` and `fake_score` (the discriminator's mean probability,
    `sigmoid(logits)`, on real and on generated images) and `loss`
    (`d_loss + g_loss`, so that callbacks watching `loss`, such as
    `TerminateOnNaN`, work). All are running means over the epoch.

    The latent vectors of training come from the model's own
    `keras.random.SeedGenerator`, whose state is saved with the weights, so
    a resumed run draws the same latents as an uninterrupted one.
    `generate()` and `sample_latent()` use NumPy's generator instead and
    never disturb training.

    Paper: [Goodfellow et al. 2014](https://arxiv.org/abs/1406.2661).

    Args:
        generator: A built `keras.Model` mapping latent vectors of shape
            `(batch, latent_dim)` to images.
        discriminator: A built `keras.Model` mapping images to logits
            (higher means more real), one per image or a map of them: one
            output whose last axis has size 1, with no sigmoid or softmax
            at the end (a `ValueError` says what to change otherwise).
        latent_dim: Size of the latent vector. Read from the generator's
            input when `None`. Defaults to `None`.
        latent_distribution: `"normal"` for N(0, I) latents (DCGAN) or
            `"uniform"` for U(-1, 1) (the original MLP GAN).
            Defaults to `"normal"`.
        seed: Seed of the latent sampler; `None` draws one from Python's
            `random`, which `keras.utils.set_random_seed` seeds.
            Defaults to `None`.
        name: Name of the model. Defaults to `"gan"`.

    Examples:

    ```python
    import keras
    import numpy as np
    import keras_gan_kit

    generator = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(16, activation="tanh"),
         keras.layers.Reshape((4, 4, 1))]
    )
    discriminator = keras.Sequential(
        [keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(1)]
    )
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile()
    images = np.random.uniform(-1, 1, (32, 4, 4, 1)).astype("float32")
    history = gan.fit(images, batch_size=8, epochs=1, verbose=0)
    print(sorted(history.history))
    # ['d_loss', 'fake_score', 'g_loss', 'loss', 'real_score']
    print(gan.generate(3).shape)
    # (3, 4, 4, 1)
    ```
    """

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim=None,
        latent_distribution="normal",
        seed=None,
        name="gan",
    ):
        super().__init__(name=name)
        self.latent_dim = self.check_networks(
            generator, discriminator, latent_dim
        )
        if latent_distribution not in LATENT_DISTRIBUTIONS:
            raise ValueError(
                f"Unknown latent_distribution {latent_distribution!r}. "
                f"Expected one of {LATENT_DISTRIBUTIONS}: 'normal' draws "
                "N(0, I) (DCGAN), 'uniform' draws U(-1, 1) (the original "
                "MLP GAN)."
            )
        self.latent_distribution = latent_distribution
        self.generator = generator
        self.discriminator = discriminator
        # See discriminate_pair.
        self._joint_discriminator_pass = (
            keras.backend.backend() == "torch"
            and not input_checks.has_batch_norm(discriminator)
        )
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(
            seed, name="latent_seed_generator"
        )
        self._trackers = [
            keras.metrics.Mean(name=name) for name in self.metric_names()
        ]
        self._gan_compile_config = None
        self._train_step_fn = None
        self.ema_generator = None
        self.ema_decay = None
        self.ema_start_step = 0
        self.gradient_penalty = None
        self.weight_clipping = None
        self.augment = None
        self.instance_noise = None
        self.built = True

    @classmethod
    def from_preset(cls, name, **kwargs):
        """A compiled model of a named preset: networks and training recipe.

        The keras-hub convention: one call gives the preset's networks, its
        optimizers, loss, stabilizers and generator EMA, compiled, with the
        recipe (its `batch_size` and `epochs` for `fit`) as
        `model.preset_recipe`. `GAN.from_preset` takes the unconditional
        presets, `ConditionalGAN.from_preset` the conditional ones; see
        `keras_gan_kit.presets.from_preset` for the arguments.

        Args:
            name: A preset name (`keras_gan_kit.presets.list_presets()`).
            **kwargs: `recipe`, `pretrained`, `seed` and overrides, as in
                `keras_gan_kit.presets.from_preset`.

        Returns:
            A compiled model of this class.

        Examples:

        ```python
        import keras_gan_kit

        gan = keras_gan_kit.GAN.from_preset("dcgan_mnist", filters=8)
        recipe = gan.preset_recipe
        print(type(gan).__name__, recipe.batch_size, recipe.epochs)
        # GAN 16 5
        ```
        """
        from keras_gan_kit.presets import build

        return build.from_preset(name, model_class=cls, **kwargs)

    def check_networks(self, generator, discriminator, latent_dim):
        """Validates the two networks; returns the latent size."""
        return input_checks.check_networks(generator, discriminator, latent_dim)

    def metric_names(self):
        """Names of the running means logged every step (besides `loss`)."""
        names = ["d_loss", "g_loss", "real_score", "fake_score"]
        if getattr(self, "gradient_penalty", None) is not None:
            names.append("gradient_penalty")
        return names

    # ------------------------------------------------------------------
    # Compilation
    # ------------------------------------------------------------------

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
                `gradient_penalty`. Needs a discriminator without batch
                normalization. Defaults to `None`.
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
            jit_compile: `True`, `False` or `"auto"`, passed to Keras: XLA
                on TensorFlow, `jax.jit` on JAX, `torch.compile` on PyTorch.
                `"auto"` means: XLA on TensorFlow only with a GPU (on a CPU
                it made the MNIST DCGAN step 9x slower), always jitted on
                JAX, eager on PyTorch. Defaults to `"auto"`.
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
        input_checks.check_discriminator_for_backend(self.discriminator)
        loss_fn = losses_module.get(loss)
        gradient_penalty = penalties.get(gradient_penalty)
        if gradient_penalty is not None and input_checks.has_batch_norm(
            self.discriminator
        ):
            raise ValueError(
                f"gradient_penalty={gradient_penalty.name!r} penalizes the "
                "discriminator's gradient for each image, but batch "
                f"normalization in {self.discriminator.name!r} makes each "
                "output depend on the whole batch (the WGAN-GP paper drops "
                "it for this reason). Build the discriminator without batch "
                "norm (builders take batch_norm=False; layer norm or "
                "spectral norm are fine), or drop the penalty."
            )
        weight_clipping = clipping.get(weight_clipping)
        augment = augmentation.get(augment)
        instance_noise = noises.get(instance_noise)
        if (label_smoothing or label_noise) and not loss_fn.supports_targets:
            raise ValueError(
                f"label_smoothing={label_smoothing} and "
                f"label_noise={label_noise} move the discriminator's targets, "
                f"but the loss {loss_fn.name!r} has no targets. Use them "
                "with 'minimax', 'non_saturating', 'least_squares' or "
                "'relativistic_average', or set both to 0."
            )
        if label_smoothing + label_noise >= 1.0:
            raise ValueError(
                "label_smoothing + label_noise must stay below 1 so that "
                "real targets stay above generated ones; received "
                f"{label_smoothing} + {label_noise}."
            )
        d_optimizer = (
            default_optimizer()
            if d_optimizer is None
            else keras.optimizers.get(d_optimizer)
        )
        g_optimizer = (
            default_optimizer()
            if g_optimizer is None
            else keras.optimizers.get(g_optimizer)
        )
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
        self.gradient_penalty = gradient_penalty
        self.weight_clipping = weight_clipping
        self.augment = augment
        self.instance_noise = instance_noise
        self._trackers = [
            keras.metrics.Mean(name=name) for name in self.metric_names()
        ]
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
        self._train_step_fn = backend_module.get_train_step()
        self._gan_compile_config = {
            "d_optimizer": d_optimizer,
            "g_optimizer": g_optimizer,
            "loss": loss_fn,
            "discriminator_steps": self.discriminator_steps,
            "generator_steps": self.generator_steps,
            "label_smoothing": self.label_smoothing,
            "label_noise": self.label_noise,
            "gradient_penalty": gradient_penalty,
            "weight_clipping": weight_clipping,
            "augment": augment,
            "instance_noise": instance_noise,
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
            key: keras.saving.serialize_keras_object(value)
            for key, value in self._gan_compile_config.items()
        }

    def compile_from_config(self, config):
        config = {
            key: keras.saving.deserialize_keras_object(value)
            for key, value in config.items()
        }
        self.compile(**config)
        if self.built:
            self.optimizer.build()

    # ------------------------------------------------------------------
    # The step, written once in keras.ops; the gradient part lives in
    # keras_gan_kit.backend.<backend>_backend.
    # ------------------------------------------------------------------

    @property
    def metrics(self):
        return list(self._trackers)

    def call(self, inputs, training=False):
        """Runs the generator on its inputs (latent vectors)."""
        return self.generator(inputs, training=training)

    def train_step(self, *args):
        # TensorFlow and PyTorch call train_step(data); JAX calls
        # train_step(state, data) and expects (logs, state) back.
        return self._train_step_fn(self, *args)

    def test_step(self, *args):
        raise ValueError(NO_EVALUATION_MESSAGE)

    # The backend steps call the five methods below, in this order, and
    # nothing else of the model; subclasses such as ConditionalGAN change
    # what flows through them, not the steps.

    def unpack_batch(self, data):
        """Returns `(images, labels)` of a batch; `GAN` drops labels."""
        images, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        return images, None

    def generator_inputs(self, batch_size, real_batch):
        """Draws the generator's inputs for one update: latent vectors.

        Args:
            batch_size: Number of images to generate.
            real_batch: The `(images, labels)` of the real batch.

        Returns:
            What the generator takes: a `(batch_size, latent_dim)` tensor.
        """
        del real_batch
        return self.latent_batch(batch_size)

    def compute_discriminator_loss(
        self, real_batch, fake_images, generator_inputs
    ):
        """The discriminator's loss on a real and a generated batch.

        Args:
            real_batch: `(images, labels)` from `unpack_batch`.
            fake_images: Generated images, gradients stopped.
            generator_inputs: What generated them.

        Returns:
            `(d_loss, aux)`, `aux` a dict with `real_logits` and
            `fake_logits`.
        """
        del generator_inputs
        real_logits, fake_logits = self.discriminate_pair(
            real_batch, (fake_images, None)
        )
        d_loss = self.adversarial_discriminator_loss(real_logits, fake_logits)
        aux = {"real_logits": real_logits, "fake_logits": fake_logits}
        return self.regularize_discriminator_loss(
            d_loss, aux, real_batch, (fake_images, None)
        )

    def compute_generator_loss(self, real_batch, fake_images, generator_inputs):
        """The generator's loss on a batch of generated images.

        Args:
            real_batch: `(images, labels)`, used only by losses whose
                generator term needs real logits.
            fake_images: The generator's output on `generator_inputs`, with
                gradients flowing back into the generator.
            generator_inputs: From `generator_inputs`.

        Returns:
            `(g_loss, aux)`, `aux` a dict (empty for `GAN`).
        """
        del generator_inputs
        if self.loss_fn.generator_needs_real_logits:
            real_logits, fake_logits = self.discriminate_pair(
                real_batch, (fake_images, None)
            )
        else:
            real_logits = None
            fake_logits = self.call_discriminator(fake_images, None)
        return self.loss_fn.generator_loss(fake_logits, real_logits), {}

    def call_discriminator(self, images, labels):
        """The discriminator in training mode on images as it sees them:
        augmented and noised when those options are on; logits in
        float32."""
        return self.discriminator_forward(
            self.discriminator_view(images), labels
        )

    def discriminator_inputs(self, images, labels):
        """What the discriminator network takes; `GAN` ignores labels."""
        del labels
        return images

    def validity_logits(self, outputs):
        """The real-vs-generated logits among the discriminator outputs."""
        return outputs

    def discriminator_forward(self, images, labels):
        outputs = self.discriminator(
            self.discriminator_inputs(images, labels), training=True
        )
        if isinstance(outputs, list | tuple):
            return [ops.cast(output, "float32") for output in outputs]
        return ops.cast(outputs, "float32")

    def discriminator_view(self, images):
        """Images as the discriminator sees them in training: augmented,
        then noised, when those options are on."""
        if self.augment is not None:
            images = self.augment(images)
        if self.instance_noise is not None:
            images = self.instance_noise(
                images, step=self.d_optimizer.iterations
            )
        return images

    def regularize_discriminator_loss(
        self, d_loss, aux, real_batch, fake_batch
    ):
        """Adds the gradient penalty and updates ADA; called at the end of
        `compute_discriminator_loss`."""
        if isinstance(self.augment, augmentation.AdaptiveAugment):
            aux["augment_p"] = self.augment.update(aux["real_logits"])
        if self.gradient_penalty is not None:
            penalty = self.penalty_loss(real_batch, fake_batch)
            aux["gradient_penalty"] = penalty
            d_loss = d_loss + penalty
        return d_loss, aux

    def penalty_loss(self, real_batch, fake_batch):
        """The weighted gradient penalty of one discriminator step.

        The input gradient comes from `backend.input_gradients`, taken on a
        stateless call of the discriminator so that the same code runs
        inside `jax.jit`, a `tf.function` and eager PyTorch, and so that a
        lazy penalty (`every_n_steps > 1`) can sit inside `ops.cond`.
        """
        penalty = self.gradient_penalty
        images, labels = penalty.points(
            real_batch, fake_batch, self.seed_generator
        )
        images = ops.stop_gradient(ops.convert_to_tensor(images))
        images = self.discriminator_view(images)
        network = self.discriminator
        trainable = [v.value for v in network.trainable_variables]
        non_trainable = [v.value for v in network.non_trainable_variables]
        every = penalty.every_n_steps

        def logits_sum(inputs):
            outputs, updated = network.stateless_call(
                trainable,
                non_trainable,
                self.discriminator_inputs(inputs, labels),
                training=True,
            )
            logits = self.validity_logits(outputs)
            return ops.sum(ops.cast(logits, "float32")), updated

        def compute():
            gradients, updated = backend_module.input_gradients(
                logits_sum, images
            )
            value = penalty.weight * every * penalty.value(gradients)
            return value, updated

        if every == 1:
            value, updated = compute()
        else:
            step = ops.cast(self.d_optimizer.iterations, "int32")
            value, updated = ops.cond(
                ops.equal(step % every, 0),
                compute,
                lambda: (ops.zeros((), "float32"), non_trainable),
            )
        for variable, new_value in zip(
            network.non_trainable_variables, updated
        ):
            variable.assign(new_value)
        return value

    def clip_discriminator(self, values):
        """Weight clipping of the critic's updated weight values."""
        if self.weight_clipping is None:
            return values
        return self.weight_clipping(values)

    def discriminate_pair(self, real_batch, fake_batch):
        """Discriminator outputs on a real and a generated batch.

        The two batches go through the discriminator in two calls, so
        batch-norm statistics never mix real and generated images (the DCGAN
        recipe). On PyTorch, a discriminator without batch normalization
        takes both in one call on their concatenation instead: the same
        result, and the only way there for layers that update their weights
        in place during the forward pass, such as
        `keras.layers.SpectralNormalization`. On JAX and TensorFlow the two
        calls measured faster (the concatenated batch made the MNIST DCGAN
        step 10% slower on JAX, 3% on TensorFlow, on CPU).

        Args:
            real_batch: `(images, labels)`; labels may be None.
            fake_batch: `(images, labels)` of the same batch size.

        Returns:
            `(real_outputs, fake_outputs)`, each a tensor, or a list of
            tensors for discriminators with several outputs.
        """
        if not self._joint_discriminator_pass:
            return (
                self.call_discriminator(*real_batch),
                self.call_discriminator(*fake_batch),
            )
        images = ops.concatenate([real_batch[0], fake_batch[0]], axis=0)
        labels = None
        if real_batch[1] is not None:
            labels = ops.concatenate([real_batch[1], fake_batch[1]], axis=0)
        outputs = self.call_discriminator(images, labels)
        if isinstance(outputs, (list, tuple)):
            halves = [ops.split(output, 2, axis=0) for output in outputs]
            return [half[0] for half in halves], [half[1] for half in halves]
        real_outputs, fake_outputs = ops.split(outputs, 2, axis=0)
        return real_outputs, fake_outputs

    def update_metrics(self, d_loss, g_loss, d_aux, g_aux):
        """Updates the trackers and returns the logs of the step."""
        values = self.metric_values(d_loss, g_loss, d_aux, g_aux)
        for tracker in self._trackers:
            tracker.update_state(ops.stop_gradient(values[tracker.name]))
        logs = {tracker.name: tracker.result() for tracker in self._trackers}
        if "augment_p" in d_aux:  # a state, not a running mean
            logs["augment_p"] = ops.stop_gradient(d_aux["augment_p"])
        # The sum of the two running means, derived rather than tracked.
        logs["loss"] = logs["d_loss"] + logs["g_loss"]
        return logs

    def metric_values(self, d_loss, g_loss, d_aux, g_aux):
        """The value of each tracker for one step, by tracker name."""
        del g_aux
        values = {
            "d_loss": d_loss,
            "g_loss": g_loss,
            "real_score": mean_probability(d_aux["real_logits"]),
            "fake_score": mean_probability(d_aux["fake_logits"]),
        }
        if "gradient_penalty" in d_aux:
            values["gradient_penalty"] = d_aux["gradient_penalty"]
        return values

    def latent_batch(self, batch_size):
        """Draws training latents from the model's seed generator."""

        def draw(shape):
            if self.latent_distribution == "uniform":
                return keras.random.uniform(
                    shape, minval=-1.0, maxval=1.0, seed=self.seed_generator
                )
            return keras.random.normal(shape, seed=self.seed_generator)

        return self.replica_random(draw, (batch_size, self.latent_dim))

    def replica_random(self, draw, shape):
        """`draw(shape)`, this replica's slice of a draw for all replicas.

        Under a `tf.distribute` strategy every replica holds the same seed
        generator state, so a plain draw would give every replica the same
        numbers. Each replica instead draws for the global batch and keeps
        its own rows: the replicas together see exactly the numbers one
        device draws for that global batch.

        Args:
            draw: A function of a shape that returns a random tensor.
            shape: The shape of this replica's draw; `shape[0]` is its
                batch size.

        Returns:
            A tensor of `shape`.
        """
        num_replicas, replica_id = backend_module.replicas()
        if num_replicas == 1:
            return draw(shape)
        rest = tuple(shape[1:])
        values = draw((shape[0] * num_replicas,) + rest)
        start = (replica_id * shape[0],) + (0,) * len(rest)
        return ops.slice(values, start, (shape[0],) + rest)

    def discriminator_targets(self, real_logits, fake_logits):
        """Returns `(real_target, fake_target)` with smoothing and noise."""
        real_target = 1.0 - self.label_smoothing
        fake_target = 0.0
        if self.label_noise:

            def uniform(shape):
                return keras.random.uniform(shape, seed=self.seed_generator)

            real_target = real_target - self.label_noise * (
                self.replica_random(uniform, ops.shape(real_logits))
            )
            fake_target = self.label_noise * self.replica_random(
                uniform, ops.shape(fake_logits)
            )
        return real_target, fake_target

    def adversarial_discriminator_loss(self, real_logits, fake_logits):
        """The loss family's discriminator term, with smoothing and noise."""
        real_target, fake_target = self.discriminator_targets(
            real_logits, fake_logits
        )
        return self.loss_fn.discriminator_loss(
            real_logits,
            fake_logits,
            real_target=real_target,
            fake_target=fake_target,
        )

    # ------------------------------------------------------------------
    # Training entry point
    # ------------------------------------------------------------------

    def fit(self, x=None, y=None, *args, **kwargs):
        """Trains the GAN; see `keras.Model.fit` for the arguments.

        The first batch is checked before training starts: its shape must
        match the discriminator's input, and its values must be floats in
        the generator's output range (for example [-1, 1] after tanh).
        Optimizers whose learning rate is a `schedules.LinearDecay` are
        pointed at the last update of this call (or of the interrupted
        call that `initial_epoch` or `BackupAndRestore` resumes).

        Raises:
            ValueError: if the model is not compiled, the images do not fit
                the discriminator, or their values are out of range.
        """
        if not getattr(self, "compiled", False) or self._train_step_fn is None:
            raise ValueError(
                "GAN.fit() was called before GAN.compile(). Call "
                "gan.compile() first, for example gan.compile() for "
                "Adam(2e-4, beta_1=0.5) on both networks and the "
                "non-saturating loss."
            )
        if kwargs.get("validation_data") is not None or kwargs.get(
            "validation_split"
        ):
            raise ValueError(NO_EVALUATION_MESSAGE)
        self.check_training_data(x, y)
        batch_size = args[0] if args else kwargs.get("batch_size")
        input_checks.check_parallel_batches(
            x, batch_size, backend_module.data_shards()
        )
        epochs = args[1] if len(args) > 1 else kwargs.get("epochs", 1)
        self._set_schedule_horizon(x, batch_size, epochs, kwargs)
        x, y, kwargs = self._array_input(x, y, args, kwargs)
        return super().fit(x, y, *args, **kwargs)

    def _set_schedule_horizon(self, x, batch_size, epochs, kwargs):
        """Points `schedules.LinearDecay` rates at the last update of this
        `fit` call."""
        optimizers = (self.d_optimizer, self.g_optimizer)
        if not linear_decay.uses_linear_decay(optimizers):
            return
        batches = input_checks.batches_per_epoch(
            x, batch_size, kwargs.get("steps_per_epoch")
        )
        if batches is None:
            raise ValueError(
                "An optimizer's learning rate is a schedules.LinearDecay, "
                "which decays to the last update of fit(), but fit() "
                f"received data of type {type(x).__name__} whose number of "
                "batches is unknown. Pass steps_per_epoch=..., or data with "
                "a length (arrays, a keras.utils.PyDataset, a finite "
                "tf.data.Dataset, a DataLoader)."
            )
        batches *= int(epochs) - int(kwargs.get("initial_epoch", 0))
        changed = linear_decay.set_training_horizon(
            [
                (self.d_optimizer, batches * self.discriminator_steps),
                (self.g_optimizer, batches * self.generator_steps),
            ]
        )
        if changed:
            # The end is a constant of the compiled step: trace it again.
            self.train_function = None

    def _array_input(self, x, y, args, kwargs):
        """`(x, y, kwargs)` for `fit`: NumPy arrays, and PyDatasets read in
        order, go through the backend's own pipeline where it has a faster
        one."""
        if args or any(
            kwargs.get(key) is not None
            for key in ("sample_weight", "class_weight", "steps_per_epoch")
        ):
            return x, y, kwargs
        if isinstance(x, keras.utils.PyDataset):
            dataset = None
            if kwargs.get("shuffle", True) is False:
                dataset = backend_module.py_dataset(x)
            if dataset is None:
                return x, y, kwargs
            return dataset, y, kwargs
        plain = (
            isinstance(x, np.ndarray)
            and (y is None or isinstance(y, np.ndarray))
            and kwargs.get("shuffle", True) in (True, False)
        )
        if not plain:
            return x, y, kwargs
        kwargs = dict(kwargs)
        batch_size = (
            kwargs.pop("batch_size", None) or input_checks.DEFAULT_BATCH_SIZE
        )
        shuffle = kwargs.pop("shuffle", True)
        dataset = backend_module.array_dataset(x, y, batch_size, shuffle)
        if dataset is None:
            kwargs.update(batch_size=batch_size, shuffle=shuffle)
            return x, y, kwargs
        # The dataset shuffles itself.
        kwargs["shuffle"] = False
        return dataset, None, kwargs

    def check_training_data(self, x, y=None):
        """Checks the first batch of `fit`'s data; raises ValueError."""
        del y  # GAN ignores labels.
        input_checks.check_training_data(self, x)

    # ------------------------------------------------------------------
    # Sampling
    # ------------------------------------------------------------------

    def sample_latent(self, num_samples, seed=None):
        """Draws latent vectors from the latent distribution with NumPy.

        Args:
            num_samples: Number of vectors.
            seed: An integer for a reproducible batch (the same on every
                backend); `None` uses NumPy's global generator, which
                `keras.utils.set_random_seed` seeds. Defaults to `None`.

        Returns:
            A float32 NumPy array of shape `(num_samples, latent_dim)`.
        """
        return draw_latent(
            num_samples, self.latent_dim, self.latent_distribution, seed
        )

    def generate(
        self,
        num_samples=None,
        latent=None,
        batch_size=None,
        seed=None,
        use_ema=None,
    ):
        """Generates images with the generator in inference mode.

        With a generator EMA attached (`GeneratorEMA`,
        `enable_generator_ema`), the averaged generator draws the images
        unless `use_ema=False`.

        Args:
            num_samples: Number of images, when `latent` is not given.
                Defaults to `None`.
            latent: Latent vectors of shape `(n, latent_dim)`.
                Defaults to `None`.
            batch_size: Images per forward pass. Defaults to `None` (128).
            seed: Seed of the latents when `latent` is not given.
                Defaults to `None`.
            use_ema: Use the EMA generator (`None`: when one is attached).
                Defaults to `None`.

        Returns:
            A NumPy array of images in the generator's output range.
        """
        if latent is None:
            if num_samples is None:
                raise ValueError(
                    "generate() needs num_samples or latent; received "
                    "neither. Pass for example gan.generate(16)."
                )
            latent = self.sample_latent(num_samples, seed=seed)
        else:
            latent = input_checks.check_latent(
                latent, self.latent_dim, num_samples
            )
        images = self.sampling_generator(use_ema).predict(
            latent, batch_size=batch_size or 128, verbose=0
        )
        return np.asarray(images)

    def discriminator_logits(self, images, labels=None, batch_size=None):
        """The discriminator's logits in inference mode, one per image.

        Args:
            images: A batch of images.
            labels: Ignored by `GAN`; class labels for `ConditionalGAN`.
            batch_size: Images per forward pass. Defaults to `None` (128).

        Returns:
            A float NumPy array of shape `(n,)` (the mean over a map of
            logits for patch discriminators).
        """
        del labels
        outputs = self.discriminator.predict(
            images, batch_size=batch_size or 128, verbose=0
        )
        return np.asarray(outputs).reshape(len(images), -1).mean(axis=1)

    # ------------------------------------------------------------------
    # Generator EMA
    # ------------------------------------------------------------------

    def sampling_generator(self, use_ema=None):
        """The generator that sampling uses: the EMA one when attached
        (unless `use_ema=False`), else the trained one."""
        if use_ema and self.ema_generator is None:
            raise ValueError(
                "use_ema=True but no generator EMA is attached. Add the "
                "keras_gan_kit.callbacks.GeneratorEMA callback to fit(), or "
                "call gan.enable_generator_ema()."
            )
        if self.ema_generator is not None and use_ema is not False:
            return self.ema_generator
        return self.generator

    def enable_generator_ema(self, decay=0.999, start_step=0):
        """Keeps an exponential moving average (EMA) of the generator.

        After every training step, inside the compiled step on every
        backend, each trainable weight `w` of the generator updates its
        average `a <- decay * a + (1 - decay) * w`; non-trainable weights
        (batch-norm statistics) are copied. Until the generator has made
        `start_step` updates the average just follows the weights. The
        average lives in `gan.ema_generator`, a copy of the generator that
        is saved and restored with the GAN (its settings are part of the
        config) and that sampling uses by default.

        Paper: [Yazici et al. 2019](https://arxiv.org/abs/1806.04498).

        Args:
            decay: Weight of the old average, in (0, 1). Defaults to `0.999`.
            start_step: Generator updates before averaging starts.
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
        if self.ema_generator is None:
            ema_generator = keras.models.clone_model(self.generator)
            ema_generator.set_weights(self.generator.get_weights())
            ema_generator.trainable = False
            self.ema_generator = ema_generator
        self.ema_decay = float(decay)
        self.ema_start_step = int(start_step)
        # The compiled step changes: trace it again.
        self.train_function = None

    def update_generator_ema(self):
        """One EMA update of `ema_generator`; called by the train step."""
        step = ops.cast(self.g_optimizer.iterations, "float32")
        decay = ops.where(step <= self.ema_start_step, 0.0, self.ema_decay)
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

    # ------------------------------------------------------------------
    # Saving
    # ------------------------------------------------------------------

    def _seed_states(self):
        # The state of every keras.random.SeedGenerator in the model (ours
        # and those of layers such as Dropout): `variables` holds them,
        # `weights` does not, and Keras does not save them by default.
        # They are saved with the weights so that a resumed run draws the
        # same random numbers as an uninterrupted one.
        weight_ids = {id(weight) for weight in self.weights}
        return [v for v in self.variables if id(v) not in weight_ids]

    def save_own_variables(self, store):
        super().save_own_variables(store)
        for index, state in enumerate(self._seed_states()):
            store[f"seed_state_{index}"] = ops.convert_to_numpy(state)
        global_state = backend_module.get_global_rng_state()
        if global_state is not None:
            store[GLOBAL_RNG_KEY] = global_state

    def load_own_variables(self, store):
        states = self._seed_states()
        saved = [key for key in store.keys() if key.startswith("seed_state_")]
        if saved and len(saved) != len(states):
            raise ValueError(
                f"The saved GAN has {len(saved)} random-seed states but this "
                f"model has {len(states)}: the file was saved from a model "
                "with different layers. Rebuild the same architecture "
                "before loading."
            )
        for index, state in enumerate(states):
            key = f"seed_state_{index}"
            if key in store.keys():
                state.assign(store[key])
        if GLOBAL_RNG_KEY in store.keys():
            backend_module.set_global_rng_state(
                np.asarray(store[GLOBAL_RNG_KEY])
            )

    def get_config(self):
        ema = None
        if self.ema_generator is not None:
            ema = {"decay": self.ema_decay, "start_step": self.ema_start_step}
        return {
            "generator_ema": ema,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(
                self.discriminator
            ),
            "latent_dim": self.latent_dim,
            "latent_distribution": self.latent_distribution,
            "seed": self.seed,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        ema = config.pop("generator_ema", None)
        for key in ("generator", "discriminator"):
            config[key] = keras.saving.deserialize_keras_object(
                config[key], custom_objects=custom_objects
            )
        gan = cls(**config)
        if ema is not None:
            gan.enable_generator_ema(**ema)
        return gan
