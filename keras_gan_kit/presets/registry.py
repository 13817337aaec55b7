"""The recipes of the presets: a tuned one (the default) and the teaching
one for each preset.

The teaching recipes are the hyperparameters of the sources the presets
come from (see `docs/presets.md`, "Where the presets come from"). The tuned
recipes are the best that `benchmarks/preset_quality.py` measured on the
full training split; their `measured` field holds that run's figures.
"""

import json
import os

import keras

from keras_gan_kit import builders
from keras_gan_kit.presets.recipe import DCGAN_ADAM
from keras_gan_kit.presets.recipe import Recipe
from keras_gan_kit.schedules.cosine_ramp import CosineRamp
from keras_gan_kit.stabilizers.gradient_penalty import R1Penalty
from keras_gan_kit.stabilizers.gradient_penalty import R2Penalty

VARIANTS = ("tuned", "teaching")

# The residual presets' papers train with beta_1 = 0 and the hinge loss.
_SNGAN_ADAM = {"learning_rate": 2e-4, "beta_1": 0.0, "beta_2": 0.9}
_BIGGAN_ADAM = {"learning_rate": 2e-4, "beta_1": 0.0, "beta_2": 0.999}
# StyleGAN2 (and its ADA follow-up) trains with beta_1 = 0 and
# beta_2 = 0.99. Stabilizers that are layers (ADA, path length) are named
# by their registered names with their defaults (the papers' settings):
# building one here would start the backend when the package is imported.
_STYLEGAN2_ADAM = {"learning_rate": 2e-3, "beta_1": 0.0, "beta_2": 0.99}


def _serialized(stabilizer):
    return keras.saving.serialize_keras_object(stabilizer)


def _r3gan_recipe(batch_size, ema_half_life_images):
    """R3GAN's optimizers, compile options and EMA (its `train.py`): over
    the first 20 million images, cosine ramps take the learning rate from
    2e-4 to 5e-5, gamma (R1 and R2) from 0.05 to 0.005, the augmentation
    probability from 0 to 0.55, the EMA half-life from 0 to
    `ema_half_life_images` and Adam's beta_2 from 0.9 to 0.99
    (`optimizers.ScheduledAdam`)."""
    steps = 20_000_000 // batch_size

    def ramp(start, end):
        return CosineRamp(start, end, total_steps=steps)

    adam = {
        "learning_rate": _serialized(ramp(2e-4, 5e-5)),
        "beta_1": 0.0,
        "beta_2": _serialized(ramp(0.9, 0.99)),
    }
    # A layer cannot be built here (it would start the backend): the
    # augmentation is written as its serialization.
    augment = {
        "module": "keras_gan_kit.stabilizers.augmentation",
        "class_name": "ScheduledAugment",
        "config": {"schedule": _serialized(ramp(0.0, 0.55))},
        "registered_name": "keras_gan_kit>ScheduledAugment",
    }
    compile_options = {
        "loss": "relativistic_pairing",
        "gradient_penalty": _serialized(R1Penalty(ramp(0.05, 0.005))),
        "stabilizers": [_serialized(R2Penalty(ramp(0.05, 0.005))), augment],
    }
    ema = {
        "decay": 0.5 ** (batch_size / ema_half_life_images),
        "start_step": 0,
        "ramp_steps": steps,
    }
    return {
        "d_optimizer": adam,
        "g_optimizer": adam,
        "compile": compile_options,
        "ema": ema,
    }


# The tuned recipes, chosen by measurement (the probes and their FIDs are in
# benchmarks/README.md):
# - 4x4 kernels (divisible by the stride, so transposed convolutions
#   overlap evenly), no dropout in the discriminator;
# - a generator that ends in one stride-1 refine block and a stride-1 3x3
#   convolution making the image at full size, without batch norm and with
#   leaky ReLU (ReLU without batch norm leaves dead units and a constant
#   image);
# - small batches with a larger learning rate (more updates per second),
#   held for a third of the run, then decayed linearly to zero;
# - R1 on real images (weight 0.3, every 8th step), a slow generator EMA.
_TUNED_ADAM = {"learning_rate": 1e-3, "beta_1": 0.5, "beta_2": 0.99}
_TUNED_GENERATOR = {
    "kernel_size": 4,
    "allow_uneven_kernel": False,
    "generator_refine_blocks": 1,
    "generator_output_kernel_size": 3,
}
# Batch norm stays in the unconditional generator: without it (and with
# ReLU or leaky ReLU) the generator's output hardly depends on the latent
# at initialization, and some starts collapse within 100 updates to one
# image (tanh saturated): MNIST on TensorFlow, Fashion-MNIST on JAX. The
# conditional generator, whose label maps vary the batch, trains without.
_TUNED_DCGAN_NETWORKS = {
    **_TUNED_GENERATOR,
    "generator_batch_norm": True,
    "discriminator_dropout": 0.0,
}
# The projection head on flattened features: the global average that the
# paper uses after a deep ResNet left this shallow discriminator at chance
# conditioning.
_TUNED_CGAN_NETWORKS = {
    **_TUNED_GENERATOR,
    "discriminator_head": "projection",
    "discriminator_projection_features": "flatten",
}
# On MNIST the conditional generator needs batch norm too: without it, on
# JAX and PyTorch (whose initial weights differ from TensorFlow's for the
# same seed) it can collapse to -1 everywhere and not recover.
_TUNED_CGAN_MNIST_NETWORKS = {
    **_TUNED_CGAN_NETWORKS,
    "generator_batch_norm": True,
}
_TUNED_TRAINING = {
    "d_optimizer": _TUNED_ADAM,
    "g_optimizer": _TUNED_ADAM,
    "compile": {
        "gradient_penalty": keras.saving.serialize_keras_object(
            R1Penalty(weight=0.3, every_n_steps=8)
        )
    },
    "ema": {"decay": 0.999, "start_step": 0},
    "learning_rate_decay": {"hold_fraction": 0.34, "final_fraction": 0.0},
    "batch_size": 16,
    "epochs": 5,
}
# The MLP GAN of Goodfellow et al.'s follow-ups (the PyTorch-GAN
# "gan.py" sizes): wider layers and LeakyReLU 0.2.
_TUNED_MLP_NETWORKS = {
    "generator_hidden_units": (256, 512, 1024),
    "generator_negative_slope": 0.2,
    "discriminator_hidden_units": (1024, 512, 256),
    "discriminator_negative_slope": 0.2,
    "discriminator_dropout": 0.3,
}
_TUNED_SUMMARY = (
    "4x4 kernels, a stride-1 refine block and 3x3 output convolution in "
    "the generator, no dropout; Adam(1e-3, 0.5, 0.99) held for a third of "
    "the run then decayed to 0, R1 0.3 every 8 steps, batch 16, generator "
    "EMA 0.999, 5 epochs."
)


def _measurements():
    """What was measured for each tuned recipe, from the package's
    `measurements.json` (written from the runs recorded in
    benchmarks/README.md; data, not code)."""
    path = os.path.join(os.path.dirname(__file__), "measurements.json")
    with open(path) as file:
        return json.load(file)["presets"]


def _recipes():
    measured = _measurements()
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
            "A wider MNIST MLP GAN (generator 256-512-1024, discriminator "
            "1024-512-256 with dropout 0.3, LeakyReLU 0.2): Adam(2e-4, "
            "beta_1=0.5), label smoothing 0.1, generator EMA 0.999, batch "
            "100, 20 epochs.",
            "GAN",
            networks=_TUNED_MLP_NETWORKS,
            d_optimizer=DCGAN_ADAM,
            g_optimizer=DCGAN_ADAM,
            compile={"label_smoothing": 0.1},
            ema={"decay": 0.999, "start_step": 0},
            dataset="mnist",
            batch_size=100,
            epochs=20,
            measured=measured["mlp_mnist"],
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
                d_optimizer=DCGAN_ADAM,
                g_optimizer=DCGAN_ADAM,
                dataset=dataset,
                batch_size=256,
                epochs=50,
            ),
            Recipe(
                name,
                "tuned",
                "DCGAN with batch norm in the generator; " + _TUNED_SUMMARY,
                "GAN",
                networks=_TUNED_DCGAN_NETWORKS,
                dataset=dataset,
                measured=measured.get(name),
                **_TUNED_TRAINING,
            ),
        ]
    for name, dataset, networks, generator_note in (
        (
            "cgan_mnist",
            "mnist",
            _TUNED_CGAN_MNIST_NETWORKS,
            "batch norm in the generator; ",
        ),
        ("cgan_fashion_mnist", "fashion_mnist", _TUNED_CGAN_NETWORKS, ""),
    ):
        recipes += [
            Recipe(
                name,
                "teaching",
                "The conditional GAN with Embedding(10, 50) label maps: "
                "Adam(2e-4, beta_1=0.5), batch 128, 20 epochs.",
                "ConditionalGAN",
                d_optimizer=DCGAN_ADAM,
                g_optimizer=DCGAN_ADAM,
                dataset=dataset,
                batch_size=128,
                epochs=20,
            ),
            Recipe(
                name,
                "tuned",
                "Conditional DCGAN with a projection discriminator on "
                "flattened features; " + generator_note + _TUNED_SUMMARY,
                "ConditionalGAN",
                networks=networks,
                dataset=dataset,
                measured=measured.get(name),
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
            d_optimizer=DCGAN_ADAM,
            g_optimizer=DCGAN_ADAM,
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
            d_optimizer=DCGAN_ADAM,
            g_optimizer=DCGAN_ADAM,
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
            d_optimizer=DCGAN_ADAM,
            g_optimizer=DCGAN_ADAM,
            dataset="notmnist",
            batch_size=128,
            epochs=50,
        ),
        Recipe(
            "sngan_cifar10",
            "teaching",
            "SNGAN's CIFAR-10 recipe (Miyato et al. 2018): hinge loss, 5 "
            "discriminator steps per generator step, Adam(2e-4, 0.0, 0.9) "
            "decayed linearly to 0, batch 64, 64 epochs of the 50,000 "
            "training images (50,000 generator steps).",
            "GAN",
            d_optimizer=_SNGAN_ADAM,
            g_optimizer=_SNGAN_ADAM,
            compile={"loss": "hinge", "discriminator_steps": 5},
            learning_rate_decay={"hold_fraction": 0.0, "final_fraction": 0.0},
            dataset="cifar10",
            batch_size=64,
            epochs=64,
        ),
        Recipe(
            "biggan_cifar10",
            "teaching",
            "BigGAN's CIFAR-10 settings (Brock et al. 2018, appendix C): "
            "hinge loss, 4 discriminator steps, Adam(2e-4, 0.0, 0.999) for "
            "both networks, batch 50, a generator EMA of 0.9999 from step "
            "1,000, 100 epochs.",
            "ConditionalGAN",
            d_optimizer=_BIGGAN_ADAM,
            g_optimizer=_BIGGAN_ADAM,
            compile={"loss": "hinge", "discriminator_steps": 4},
            ema={"decay": 0.9999, "start_step": 1000},
            dataset="cifar10",
            batch_size=50,
            epochs=100,
        ),
        Recipe(
            "sngan_64",
            "teaching",
            "SAGAN's recipe (Zhang et al. 2018) for a folder of 64x64 "
            "images: hinge loss, one discriminator step, Adam(4e-4, 0.0, "
            "0.9) for the discriminator and Adam(1e-4, 0.0, 0.9) for the "
            "generator (two time-scale updates), batch 64, generator EMA "
            "0.999, 100 epochs. It has no dataset of its own: pass a folder.",
            "GAN",
            d_optimizer={**_SNGAN_ADAM, "learning_rate": 4e-4},
            g_optimizer={**_SNGAN_ADAM, "learning_rate": 1e-4},
            compile={"loss": "hinge"},
            ema={"decay": 0.999, "start_step": 0},
            dataset=None,
            batch_size=64,
            epochs=100,
        ),
    ]
    recipes += [
        Recipe(
            "stylegan2_cifar10",
            "teaching",
            "StyleGAN2-ADA's CIFAR-10 recipe (Karras et al. 2020, "
            "https://arxiv.org/abs/2006.06676): non-saturating loss, R1 "
            "gamma 0.01 every 16 steps, no path length or style mixing, "
            "ADA towards 0.6, Adam(2.5e-3, 0.0, 0.99), batch 64, "
            "generator EMA 0.9999, 2,000 epochs (100,000 kimg).",
            "GAN",
            d_optimizer={**_STYLEGAN2_ADAM, "learning_rate": 2.5e-3},
            g_optimizer={**_STYLEGAN2_ADAM, "learning_rate": 2.5e-3},
            compile={
                "loss": "non_saturating",
                "gradient_penalty": _serialized(
                    R1Penalty(weight=0.01, every_n_steps=16)
                ),
                "stabilizers": ["ada"],
            },
            ema={"decay": 0.9999, "start_step": 0},
            dataset="cifar10",
            batch_size=64,
            epochs=2000,
        ),
        Recipe(
            "stylegan2",
            "teaching",
            "StyleGAN2 config F with ADA for a folder of images (Karras "
            "et al. 2020): non-saturating loss, R1 gamma 10 every 16 "
            "steps, path length weight 2 every 4 steps, style mixing 0.9, "
            "ADA towards 0.6, Adam(2e-3, 0.0, 0.99), batch 32, generator "
            "EMA 0.9978 (a 10,000-image half-life), 100 epochs. It has no "
            "dataset of its own: pass a folder.",
            "GAN",
            d_optimizer=_STYLEGAN2_ADAM,
            g_optimizer=_STYLEGAN2_ADAM,
            compile={
                "loss": "non_saturating",
                "gradient_penalty": _serialized(
                    R1Penalty(weight=10.0, every_n_steps=16)
                ),
                "stabilizers": ["path_length", "ada"],
            },
            ema={"decay": 0.9978, "start_step": 0},
            dataset=None,
            batch_size=32,
            epochs=100,
        ),
        Recipe(
            "r3gan_cifar10",
            "teaching",
            "R3GAN's CIFAR-10 recipe (Huang et al. 2024): the relativistic "
            "pairing loss with R1 and R2, batch 512, Adam with beta_1 0, "
            "and over the first 20M images cosine ramps of the learning "
            "rate (2e-4 to 5e-5), Adam's beta_2 (0.9 to 0.99), gamma (0.05 "
            "to 0.005), ADA's augmentations (p 0 to 0.55) and the generator "
            "EMA's half-life (0 to 5M images).",
            "GAN",
            **_r3gan_recipe(batch_size=512, ema_half_life_images=5_000_000),
            dataset="cifar10",
            batch_size=512,
            epochs=1000,
        ),
        Recipe(
            "r3gan",
            "teaching",
            "R3GAN's FFHQ-64 recipe for a folder of images: as its "
            "CIFAR-10 recipe (cosine ramps over 20M images of the learning "
            "rate, gamma, augmentation and EMA half-life, here to 500k "
            "images) at batch 256, 100 epochs. It has no dataset of its "
            "own: pass a folder.",
            "GAN",
            **_r3gan_recipe(batch_size=256, ema_half_life_images=500_000),
            dataset=None,
            batch_size=256,
            epochs=100,
        ),
    ]
    recipes += [
        Recipe(
            "pix2pix_edges2fashion",
            "tuned",
            "Pix2Pix on Sobel edge maps of Fashion-MNIST at 32x32: L1 "
            "weight 100, Adam(2e-4, beta_1=0.5) for both networks, batch "
            "32, 6 epochs; a 34-pixel PatchGAN of 32 filters (measured "
            "sharper than the 16-pixel one).",
            "Pix2Pix",
            gan={"l1_weight": 100.0},
            dataset="edges2fashion",
            batch_size=32,
            epochs=6,
            measured=measured["pix2pix_edges2fashion"],
        ),
        Recipe(
            "cyclegan_sneaker2boot",
            "tuned",
            "CycleGAN between Fashion-MNIST sneakers and ankle boots at "
            "32x32: least-squares losses, cycle weight 10, identity weight "
            "0.5 of it, a history of 50 images, Adam(2e-4, beta_1=0.5), "
            "batch 16, 10 epochs of the larger set (boots to sneakers "
            "reach 90% from the 7th); 34-pixel PatchGANs (measured far "
            "better than 16-pixel ones, which judge parts of a shoe and "
            "let a sneaker pass for a boot); zero padding (measured ahead "
            "of reflection padding after 10 epochs in both class shares "
            "and both cycle L1s).",
            "CycleGAN",
            dataset="sneaker2boot",
            batch_size=16,
            epochs=10,
            measured=measured["cyclegan_sneaker2boot"],
        ),
        Recipe(
            "pix2pix",
            "teaching",
            "Pix2Pix as in Isola et al. 2017 for a paired folder: L1 "
            "weight 100, Adam(2e-4, beta_1=0.5), batch 1, 200 epochs (the "
            "facades run). It has no dataset of its own: pass a folder.",
            "Pix2Pix",
            gan={"l1_weight": 100.0},
            dataset=None,
            batch_size=1,
            epochs=200,
        ),
        Recipe(
            "cyclegan",
            "teaching",
            "CycleGAN as in Zhu et al. 2017 for trainA/ and trainB/ "
            "folders: least-squares losses, cycle weight 10, identity 0.5 "
            "of it, a history of 50 images, Adam(2e-4, beta_1=0.5) held "
            "for 100 epochs then decayed linearly to 0 over 100 more, "
            "batch 1. It has no dataset of its own: pass a folder.",
            "CycleGAN",
            learning_rate_decay={"hold_fraction": 0.5, "final_fraction": 0.0},
            dataset=None,
            batch_size=1,
            epochs=200,
        ),
    ]
    return {(recipe.name, recipe.variant): recipe for recipe in recipes}


_RECIPES = _recipes()


def preset_names():
    """The preset names, in a stable order: those of the networks' table,
    `builders.list_presets()`, the one list of preset names (every name
    there has a recipe here, and a test checks it)."""
    return list(builders.list_presets())


def has_recipe(name, variant):
    """Whether preset `name` has a `variant` recipe (`"tuned"` or
    `"teaching"`).

    Examples:

    ```python
    from keras_gan_kit import presets

    print(presets.has_recipe("dcgan_svhn", "tuned"))
    # False
    ```
    """
    return (name, variant) in _RECIPES


def default_variant(name):
    """`"tuned"` where a preset has a tuned recipe, else `"teaching"`."""
    return "tuned" if has_recipe(name, "tuned") else "teaching"


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
