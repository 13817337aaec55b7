"""The `GAN` model: alternating discriminator and generator updates in fit()."""

import keras
import numpy as np
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit import presets
from keras_gan_kit.models import data_checks
from keras_gan_kit.models import fit_data
from keras_gan_kit.models import network_checks
from keras_gan_kit.models import training_step
from keras_gan_kit.models.adversarial_objective import AdversarialObjective
from keras_gan_kit.models.compile_options import CompileOptions
from keras_gan_kit.models.gan_optimizer import GANOptimizer
from keras_gan_kit.models.generator_averaging import GeneratorAveraging
from keras_gan_kit.models.sampling import Sampling
from keras_gan_kit.schedules import linear_decay

LATENT_DISTRIBUTIONS = ("normal", "uniform")

# Where the backend's global random state (PyTorch only) is saved.
GLOBAL_RNG_KEY = "global_rng_state"

NO_EVALUATION_MESSAGE = (
    "GAN has no evaluation step: a GAN's losses on held-out data say little "
    "about sample quality. Remove validation_data / validation_split from "
    "fit(), and judge samples from gan.generate() instead."
)


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GAN(
    CompileOptions,
    AdversarialObjective,
    Sampling,
    GeneratorAveraging,
    keras.Model,
):
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
            backend.current.joint_discriminator_pass
            and not network_checks.mixes_the_batch(discriminator)
        )
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(
            seed, name="latent_seed_generator"
        )
        # The state GAN's parts share. compile() (CompileOptions) sets the
        # training options; enable_generator_ema (GeneratorAveraging) the
        # EMA; AdversarialObjective and training_step read them.
        self.loss_fn = None
        self.discriminator_steps = 1
        self.generator_steps = 1
        self.label_smoothing = 0.0
        self.label_noise = 0.0
        self.stabilizers = []
        self._gan_compile_config = None
        self.ema_generator = None
        self.ema_decay = None
        self.ema_start_step = 0
        self.ema_ramp_steps = 0
        self._trackers = self.make_trackers()
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
        return presets.from_preset(name, model_class=cls, **kwargs)

    def check_networks(self, generator, discriminator, latent_dim):
        """Validates the two networks; returns the latent size."""
        return network_checks.check_networks(
            generator, discriminator, latent_dim
        )

    def call(self, inputs, training=False):
        """Runs the generator on its inputs (latent vectors)."""
        return self.generator(inputs, training=training)

    def train_step(self, *args):
        # The step is keras_gan_kit.models.training_step, written once; it
        # calls the hooks of AdversarialObjective. TensorFlow and PyTorch
        # call train_step(data); JAX calls train_step(state, data) and
        # expects (logs, state) back.
        return backend.current.run_step(training_step.train_step, self, *args)

    def test_step(self, *args):
        raise ValueError(NO_EVALUATION_MESSAGE)

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

        Returns:
            The `keras.callbacks.History`: `d_loss`, `g_loss`, `loss`,
            `real_score` and `fake_score` per epoch, plus what stabilizers
            (R1 logs `gradient_penalty`) and callbacks log.

        Raises:
            ValueError: if the model is not compiled, the images do not fit
                the discriminator, or their values are out of range.

        Examples:

        ```python
        import numpy as np
        import keras_gan_kit

        images = np.linspace(-1, 1, 64 * 28 * 28, dtype="float32")
        images = images.reshape(64, 28, 28, 1)
        gan = keras_gan_kit.GAN.from_preset("mlp_mnist", seed=0)
        history = gan.fit(images, batch_size=32, verbose=0)
        print(sorted(history.history)[:3], history.history["d_loss"][0] > 0)
        # ['d_loss', 'fake_score', 'g_loss'] True
        try:
            gan.fit(images * 255, batch_size=32)  # pixels, not [-1, 1]
        except ValueError as error:
            print(str(error)[:46])  # then the range expected and the fix
        # The training images have values in [-255, 255]
        ```
        """
        if not getattr(self, "compiled", False) or not isinstance(
            getattr(self, "optimizer", None), GANOptimizer
        ):
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
        data_checks.check_parallel_batches(
            x, batch_size, backend.current.data_shards()
        )
        epochs = args[1] if len(args) > 1 else kwargs.get("epochs", 1)
        self._set_schedule_horizon(x, batch_size, epochs, kwargs)
        with fit_data.fit_input(self, x, y, args, kwargs) as data:
            x, y, args, kwargs = data
            return super().fit(x, y, *args, **kwargs)

    def _set_schedule_horizon(self, x, batch_size, epochs, kwargs):
        """Points `schedules.LinearDecay` rates at the last update of this
        `fit` call."""
        optimizers = (self.d_optimizer, self.g_optimizer)
        if not linear_decay.uses_linear_decay(optimizers):
            return
        batches = data_checks.batches_per_epoch(
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

    def check_training_data(self, x, y=None):
        """Checks the first batch of `fit`'s data; raises ValueError."""
        del y  # GAN ignores labels.
        data_checks.check_training_data(self, x)

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
        global_state = backend.current.get_global_rng_state()
        if global_state is not None:
            store[GLOBAL_RNG_KEY] = global_state

    def load_own_variables(self, store):
        # The model's own weights (a CycleGAN's history of images), saved
        # by keras.Model under their index.
        own = self._trainable_variables + self._non_trainable_variables
        for index, variable in enumerate(own):
            if str(index) in store.keys():
                variable.assign(store[str(index)])
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
            backend.current.set_global_rng_state(
                np.asarray(store[GLOBAL_RNG_KEY])
            )

    # The constructor's network arguments, as the config names them.
    network_keys = ("generator", "discriminator")

    def constructor_networks(self):
        """The networks the constructor took, by `network_keys`."""
        return {
            "generator": self.generator,
            "discriminator": self.discriminator,
        }

    def get_config(self):
        ema = None
        if self.ema_generator is not None:
            ema = {
                "decay": self.ema_decay,
                "start_step": self.ema_start_step,
                "ramp_steps": self.ema_ramp_steps,
            }
        config = {"generator_ema": ema}
        for key, network in self.constructor_networks().items():
            config[key] = keras.saving.serialize_keras_object(network)
        return config | {
            "latent_dim": self.latent_dim,
            "latent_distribution": self.latent_distribution,
            "seed": self.seed,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        ema = config.pop("generator_ema", None)
        for key in cls.network_keys:
            config[key] = keras.saving.deserialize_keras_object(
                config[key], custom_objects=custom_objects
            )
        gan = cls(**config)
        if ema is not None:
            gan.enable_generator_ema(**ema)
        return gan
