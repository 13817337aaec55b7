"""`Recipe`: everything needed to train a preset, as one record."""

import copy

import keras

MODEL_CLASSES = ("GAN", "ConditionalGAN", "Pix2Pix", "CycleGAN")
# The models that translate images rather than draw them from noise.
TRANSLATION_MODELS = ("Pix2Pix", "CycleGAN")
# Adam with the DCGAN settings ([Radford et al. 2015](
# https://arxiv.org/abs/1511.06434), section 4): the default of
# `GAN.compile` and of every recipe that names no optimizer.
DCGAN_ADAM = {"learning_rate": 2e-4, "beta_1": 0.5}


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class Recipe:
    """How a preset is built and trained: networks, model, optimizers,
    compile options, generator EMA, data, batch size and epochs.

    `GAN.from_preset` turns a recipe into a compiled model and attaches it
    as `model.preset_recipe`, so `fit` can use its `batch_size` and
    `epochs`. Recipes are plain data: `get_config()` gives a dict of
    Python values and `Recipe.from_config` rebuilds it.

    Args:
        name: The preset's name.
        variant: `"tuned"` (the best measured) or `"teaching"` (the
            hyperparameters of the preset's source).
        description: One line on what the recipe is.
        model: `"GAN"`, `"ConditionalGAN"`, `"Pix2Pix"` or `"CycleGAN"`.
        networks: Arguments for `builders.preset(name, **networks)`.
            Defaults to `None` (the preset's networks as they are).
        gan: Constructor arguments of the model (for example
            `latent_distribution`, or Pix2Pix's `l1_weight`).
            Defaults to `None`.
        d_optimizer: Adam arguments of the discriminator.
            Defaults to `None` (`Adam(2e-4, beta_1=0.5)`).
        g_optimizer: Adam arguments of the generator.
            Defaults to `None` (`Adam(2e-4, beta_1=0.5)`).
        compile: Other `compile()` arguments (`loss`, `label_smoothing`,
            stabilizers...). Defaults to `None`.
        ema: `enable_generator_ema` arguments (`decay`, `start_step`), or
            `None` for no EMA. Defaults to `None`.
        learning_rate_decay: `schedules.LinearDecay` arguments
            (`hold_fraction`, `final_fraction`) applied to both
            optimizers' learning rates, or `None` for constant rates.
            Defaults to `None`.
        dataset: The `datasets.load` name it trains on (for the
            translation models a `datasets.translation_task` name), or
            `None` for a folder of the user's. Defaults to `"mnist"`.
        class_name: A class of `dataset` to keep (CIFAR-10 `"frog"`), or
            `None`. Defaults to `None`.
        batch_size: Images per batch. Defaults to `64`.
        epochs: Epochs over `dataset`. Defaults to `5`.
        measured: What `benchmarks/preset_quality.py` measured for this
            recipe (for example `{"fid": 9.1, "epochs": 5, ...}`), or
            `None`. Defaults to `None`.

    Examples:

    ```python
    from keras_gan_kit import presets

    recipe = presets.get_recipe("dcgan_mnist", variant="teaching")
    print(recipe.model, recipe.batch_size, recipe.epochs)
    # GAN 256 50
    print(presets.Recipe.from_config(recipe.get_config()) == recipe)
    # True
    ```
    """

    def __init__(
        self,
        name,
        variant,
        description,
        model,
        networks=None,
        gan=None,
        d_optimizer=None,
        g_optimizer=None,
        compile=None,
        ema=None,
        learning_rate_decay=None,
        dataset="mnist",
        class_name=None,
        batch_size=64,
        epochs=5,
        measured=None,
    ):
        if model not in MODEL_CLASSES:
            raise ValueError(
                f"model must be one of {MODEL_CLASSES}; received {model!r}."
            )
        self.name = name
        self.variant = variant
        self.description = description
        self.model = model
        self.networks = dict(networks or {})
        self.gan = dict(gan or {})
        self.d_optimizer = dict(d_optimizer or DCGAN_ADAM)
        self.g_optimizer = dict(g_optimizer or DCGAN_ADAM)
        self.compile = dict(compile or {})
        self.ema = None if ema is None else dict(ema)
        self.learning_rate_decay = (
            None if learning_rate_decay is None else dict(learning_rate_decay)
        )
        self.dataset = dataset
        self.class_name = class_name
        self.batch_size = int(batch_size)
        self.epochs = int(epochs)
        self.measured = None if measured is None else dict(measured)

    def get_config(self):
        return copy.deepcopy(
            {
                "name": self.name,
                "variant": self.variant,
                "description": self.description,
                "model": self.model,
                "networks": self.networks,
                "gan": self.gan,
                "d_optimizer": self.d_optimizer,
                "g_optimizer": self.g_optimizer,
                "compile": self.compile,
                "ema": self.ema,
                "learning_rate_decay": self.learning_rate_decay,
                "dataset": self.dataset,
                "class_name": self.class_name,
                "batch_size": self.batch_size,
                "epochs": self.epochs,
                "measured": self.measured,
            }
        )

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def replace(self, **changes):
        """A copy with some fields changed."""
        config = self.get_config()
        unknown = sorted(set(changes) - set(config))
        if unknown:
            raise ValueError(
                f"Recipe has no field {unknown}; its fields are "
                f"{sorted(config)}."
            )
        config.update(copy.deepcopy(changes))
        return Recipe.from_config(config)

    def __eq__(self, other):
        return isinstance(other, Recipe) and (
            self.get_config() == other.get_config()
        )

    def __repr__(self):
        return f"Recipe({self.name!r}, variant={self.variant!r})"
