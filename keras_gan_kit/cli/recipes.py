"""How the teaching material trained each preset: model, optimizer, tricks,
dataset, batch size and epoch count."""

import keras

from keras_gan_kit import builders
from keras_gan_kit.models import GAN
from keras_gan_kit.models import ConditionalGAN

_DCGAN_ADAM = {"learning_rate": 2e-4, "beta_1": 0.5}

# name: model class, GAN arguments, Adam arguments, other compile
# arguments, the teaching material's dataset (with class), batch size and
# epochs.
RECIPES = {
    "mlp_mnist": {
        "model": "GAN",
        "gan": {"latent_distribution": "uniform"},
        "adam": {"learning_rate": 2e-3, "beta_1": 0.9},
        "compile": {"label_smoothing": 0.1},
        "dataset": "mnist",
        "batch_size": 100,
        "epochs": 20,
    },
    "dcgan_mnist": {
        "model": "GAN",
        "gan": {},
        "adam": _DCGAN_ADAM,
        "compile": {},
        "dataset": "mnist",
        "batch_size": 256,
        "epochs": 50,
    },
    "dcgan_svhn": {
        "model": "GAN",
        "gan": {},
        "adam": _DCGAN_ADAM,
        "compile": {"label_smoothing": 0.1},
        "dataset": "svhn",
        "batch_size": 128,
        "epochs": 25,
    },
    "dcgan_cifar10": {
        "model": "GAN",
        "gan": {},
        "adam": _DCGAN_ADAM,
        "compile": {},
        "dataset": "cifar10",
        "class_name": "frog",
        "batch_size": 64,
        "epochs": 100,
    },
    "dcgan_notmnist": {
        "model": "GAN",
        "gan": {},
        "adam": _DCGAN_ADAM,
        "compile": {},
        "dataset": "notmnist",
        "batch_size": 128,
        "epochs": 50,
    },
    "cgan_mnist": {
        "model": "ConditionalGAN",
        "gan": {},
        "adam": _DCGAN_ADAM,
        "compile": {},
        "dataset": "mnist",
        "batch_size": 128,
        "epochs": 20,
    },
}


def recipe(name):
    """The training recipe of preset `name`, as a new dict."""
    if name not in RECIPES:
        raise ValueError(
            f"Unknown preset {name!r}; expected one of {sorted(RECIPES)} "
            "(keras-gan-kit presets lists them)."
        )
    spec = RECIPES[name]
    return {
        key: dict(value) if isinstance(value, dict) else value
        for key, value in spec.items()
    }


def takes_upsampling(name):
    """Whether preset `name`'s generator has an `upsampling` choice."""
    return name.startswith("dcgan_")


def resolve_upsampling(name, upsampling):
    """`"auto"` becomes `"transpose"`: the teaching material's transposed
    convolutions, which `PhaseConv2DTranspose` computes by phases where the
    direct form is slow (JAX)."""
    if not takes_upsampling(name):
        if upsampling not in (None, "auto"):
            raise ValueError(
                f"Preset {name!r} has no upsampling choice (only the DCGAN "
                f"presets do); received --upsampling {upsampling}."
            )
        return None
    if upsampling in (None, "auto"):
        return "transpose"
    if upsampling not in ("transpose", "resize"):
        raise ValueError(
            f"upsampling must be 'auto', 'transpose' or 'resize'; received "
            f"{upsampling!r}."
        )
    return upsampling


def build_gan(name, image_shape, num_classes=None, upsampling=None, seed=None):
    """A compiled `GAN` or `ConditionalGAN` of preset `name` for images of
    `image_shape`, trained as the teaching material trained it."""
    spec = recipe(name)
    overrides = {"image_shape": tuple(int(s) for s in image_shape)}
    if upsampling is not None:
        overrides["generator_upsampling"] = upsampling
    if spec["model"] == "ConditionalGAN" and num_classes is not None:
        overrides["num_classes"] = int(num_classes)
    generator, discriminator = builders.preset(name, **overrides)
    model_class = ConditionalGAN if spec["model"] == "ConditionalGAN" else GAN
    gan = model_class(generator, discriminator, seed=seed, **spec["gan"])
    gan.compile(
        d_optimizer=keras.optimizers.Adam(**spec["adam"]),
        g_optimizer=keras.optimizers.Adam(**spec["adam"]),
        **spec["compile"],
    )
    return gan
