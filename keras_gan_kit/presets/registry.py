"""The recipes of the presets: a tuned one (the default) and the teaching
one for each preset.

The teaching recipes are the hyperparameters of the sources the presets
come from (see `docs/presets.md`, "Where the presets come from"). The tuned
recipes are the best that `benchmarks/preset_quality.py` measured on the
full training split; their `measured` field holds that run's figures.
"""

from keras_gan_kit.presets.recipe import Recipe

VARIANTS = ("tuned", "teaching")

_DCGAN_ADAM = {"learning_rate": 2e-4, "beta_1": 0.5}

# The tuned recipes, chosen by measurement on the bundled Fashion-MNIST
# sample (FID on the bundled extractor after 1-6 epochs, TensorFlow, 2-core
# CPU; the probes are in benchmarks/README.md): 4x4 kernels (divisible by
# the stride, so transposed convolutions overlap evenly) and no stride-1
# refine block (the tutorial generator's 5x5 layers cost 2.6x the time per
# epoch); no dropout in the discriminator; small batches with a larger
# learning rate (more updates per second helped most); a fast generator
# EMA.
_TUNED_ADAM = {"learning_rate": 1e-3, "beta_1": 0.5, "beta_2": 0.99}
_TUNED_DCGAN_NETWORKS = {
    "kernel_size": 4,
    "allow_uneven_kernel": False,
    "generator_refine_blocks": 0,
    "discriminator_dropout": 0.0,
}
_TUNED_TRAINING = {
    "d_optimizer": _TUNED_ADAM,
    "g_optimizer": _TUNED_ADAM,
    "ema": {"decay": 0.99, "start_step": 0},
    "batch_size": 16,
    "epochs": 5,
}
# The projection head on flattened features: the global average that the
# paper uses after a deep ResNet left this shallow discriminator at chance
# conditioning.
_TUNED_CGAN_NETWORKS = {
    "kernel_size": 4,
    "allow_uneven_kernel": False,
    "discriminator_head": "projection",
    "discriminator_projection_features": "flatten",
}


# What benchmarks/preset_quality.py measured for the tuned recipes: 5 epochs
# of the full training split, 10,000 generated vs the 10,000 test images on
# the bundled extractor, TensorFlow 2.21 / Keras 3.15.1, 2026-12-02 (two runs
# shared the 2-core CPU, so their seconds are twice a lone run's).
# images_per_second: keras-gan-kit train alone on the CPU (the default run
# on the bundled sample), for the command's time estimate.
_MACHINE = "a 2-core x86-64 CPU"
_MEASURED = {
    "dcgan_fashion_mnist": {
        "fid": 40.37,
        "best_fid": 36.47,
        "best_epoch": 3,
        "kid": 1.918,
        "classes_present": 10,
        "epochs": 5,
        "dataset": "fashion_mnist",
        "backend": "tensorflow",
        "machine": _MACHINE,
        "date": "2026-12-02",
    },
    "cgan_fashion_mnist": {
        "fid": 23.26,
        "best_fid": 20.67,
        "best_epoch": 2,
        "kid": 0.715,
        "conditional_accuracy": 0.800,
        "classes_present": 10,
        "epochs": 5,
        "dataset": "fashion_mnist",
        "backend": "tensorflow",
        "machine": _MACHINE,
        "date": "2026-12-02",
        "images_per_second": {"tensorflow": 180},
    },
}


def _recipes():
    recipes = [
        Recipe(
            "mlp_mnist",
            "teaching",
            "The MNIST MLP GAN: Adam(2e-3), label smoothing 0.1, uniform "
            "latents, batch 100, 20 epochs.",
            "GAN",
            gan={"latent_distribution": "uniform"},
            d_optimizer={"learning_rate": 2e-3, "beta_1": 0.9},
            g_optimizer={"learning_rate": 2e-3, "beta_1": 0.9},
            compile={"label_smoothing": 0.1},
            dataset="mnist",
            batch_size=100,
            epochs=20,
        ),
        Recipe(
            "mlp_mnist",
            "tuned",
            "The MNIST MLP GAN with Adam(2e-4, beta_1=0.5), label "
            "smoothing 0.1 and a generator EMA, batch 100, 20 epochs.",
            "GAN",
            gan={"latent_distribution": "uniform"},
            d_optimizer=_DCGAN_ADAM,
            g_optimizer=_DCGAN_ADAM,
            compile={"label_smoothing": 0.1},
            ema={"decay": 0.999, "start_step": 0},
            dataset="mnist",
            batch_size=100,
            epochs=20,
        ),
    ]
    for name, dataset in (
        ("dcgan_mnist", "mnist"),
        ("dcgan_fashion_mnist", "fashion_mnist"),
    ):
        recipes += [
            Recipe(
                name,
                "teaching",
                "The TensorFlow DCGAN tutorial: Adam(2e-4, beta_1=0.5), "
                "batch 256, 50 epochs.",
                "GAN",
                d_optimizer=_DCGAN_ADAM,
                g_optimizer=_DCGAN_ADAM,
                dataset=dataset,
                batch_size=256,
                epochs=50,
            ),
            Recipe(
                name,
                "tuned",
                "DCGAN with 4x4 kernels, no refine block, no dropout; "
                "Adam(1e-3, 0.5, 0.99), batch 16, generator EMA 0.99, "
                "5 epochs.",
                "GAN",
                networks=_TUNED_DCGAN_NETWORKS,
                dataset=dataset,
                measured=_MEASURED.get(name),
                **_TUNED_TRAINING,
            ),
        ]
    for name, dataset in (
        ("cgan_mnist", "mnist"),
        ("cgan_fashion_mnist", "fashion_mnist"),
    ):
        recipes += [
            Recipe(
                name,
                "teaching",
                "The conditional GAN with Embedding(10, 50) label maps: "
                "Adam(2e-4, beta_1=0.5), batch 128, 20 epochs.",
                "ConditionalGAN",
                d_optimizer=_DCGAN_ADAM,
                g_optimizer=_DCGAN_ADAM,
                dataset=dataset,
                batch_size=128,
                epochs=20,
            ),
            Recipe(
                name,
                "tuned",
                "Conditional DCGAN with 4x4 kernels and a projection "
                "discriminator on flattened features; Adam(1e-3, 0.5, "
                "0.99), batch 16, generator EMA 0.99, 5 epochs.",
                "ConditionalGAN",
                networks=_TUNED_CGAN_NETWORKS,
                dataset=dataset,
                measured=_MEASURED.get(name),
                **_TUNED_TRAINING,
            ),
        ]
    recipes += [
        Recipe(
            "dcgan_svhn",
            "teaching",
            "The SVHN DCGAN: Adam(2e-4, beta_1=0.5), label smoothing 0.1, "
            "batch 128, 25 epochs.",
            "GAN",
            d_optimizer=_DCGAN_ADAM,
            g_optimizer=_DCGAN_ADAM,
            compile={"label_smoothing": 0.1},
            dataset="svhn",
            batch_size=128,
            epochs=25,
        ),
        Recipe(
            "dcgan_cifar10",
            "teaching",
            "The CIFAR-10 frogs DCGAN: Adam(2e-4, beta_1=0.5), batch 64, "
            "100 epochs on the frog class.",
            "GAN",
            d_optimizer=_DCGAN_ADAM,
            g_optimizer=_DCGAN_ADAM,
            dataset="cifar10",
            class_name="frog",
            batch_size=64,
            epochs=100,
        ),
        Recipe(
            "dcgan_notmnist",
            "teaching",
            "The notMNIST letters DCGAN: Adam(2e-4, beta_1=0.5), batch "
            "128, 50 epochs.",
            "GAN",
            d_optimizer=_DCGAN_ADAM,
            g_optimizer=_DCGAN_ADAM,
            dataset="notmnist",
            batch_size=128,
            epochs=50,
        ),
    ]
    return {(recipe.name, recipe.variant): recipe for recipe in recipes}


_RECIPES = _recipes()


def preset_names():
    """The preset names, in a stable order."""
    names = []
    for name, _ in _RECIPES:
        if name not in names:
            names.append(name)
    return names


def default_variant(name):
    """`"tuned"` where a preset has a tuned recipe, else `"teaching"`."""
    return "tuned" if (name, "tuned") in _RECIPES else "teaching"


def get_recipe(name, variant=None):
    """The recipe of preset `name`.

    Args:
        name: A preset name (`list_presets()`).
        variant: `"tuned"`, `"teaching"` or `None` for the preset's
            default (tuned where measured, else teaching).
            Defaults to `None`.

    Returns:
        A new `Recipe`.

    Examples:

    ```python
    from keras_gan_kit import presets

    print(presets.get_recipe("dcgan_mnist").variant)
    # tuned
    print(presets.get_recipe("dcgan_svhn").variant)
    # teaching
    ```
    """
    names = preset_names()
    if name not in names:
        raise ValueError(
            f"Unknown preset {name!r}. Expected one of {names}; "
            "presets.list_presets() describes them."
        )
    if variant is None:
        variant = default_variant(name)
    if variant not in VARIANTS:
        raise ValueError(
            f"Unknown recipe {variant!r} for preset {name!r}. Expected one "
            f"of {VARIANTS}: 'tuned' is the best measured recipe, "
            "'teaching' the one of the preset's source."
        )
    if (name, variant) not in _RECIPES:
        raise ValueError(
            f"Preset {name!r} has no {variant!r} recipe (it has "
            f"{default_variant(name)!r} only); pass "
            f"recipe={default_variant(name)!r}."
        )
    return Recipe.from_config(_RECIPES[(name, variant)].get_config())


def list_presets():
    """Every preset with its default recipe.

    Returns:
        A dict from preset name to its default `Recipe`; each recipe's
        `description` says what it is and `measured` what
        `benchmarks/preset_quality.py` measured (`None` where no run was
        recorded).

    Examples:

    ```python
    from keras_gan_kit import presets

    listed = presets.list_presets()
    print("dcgan_fashion_mnist" in listed, listed["cgan_mnist"].model)
    # True ConditionalGAN
    ```
    """
    return {name: get_recipe(name) for name in preset_names()}
