"""Generator weights shipped with the package, checked by SHA-256.

Only generators trained on Fashion-MNIST (MIT licence) ship;
`scripts/train_pretrained.py` retrains them and rewrites the manifest.
"""

import json
import os

from keras_gan_kit.metrics.domain_classifiers import sha256_of

WEIGHTS_DIR = os.path.join(os.path.dirname(__file__), "weights")
MANIFEST = os.path.join(WEIGHTS_DIR, "pretrained.json")
# The shipped generators' scores: this many generated images (seed 0,
# balanced labels) against the bundled Fashion-MNIST sample.
NUM_SAMPLES = 2000


def _manifest():
    try:
        with open(MANIFEST) as file:
            return json.load(file)
    except FileNotFoundError:
        return {}


def list_pretrained():
    """The presets with shipped generator weights, and what they scored.

    Returns:
        A dict from preset name to its manifest entry: `file`, `sha256`,
        `recipe`, the FID it scored (`fid`, on `fid_samples` generated
        images against the Fashion-MNIST test split, bundled extractor)
        and how it was trained (`trained`).

    Examples:

    ```python
    from keras_gan_kit import presets

    print(sorted(presets.list_pretrained()))
    # ['cgan_fashion_mnist', 'dcgan_fashion_mnist']
    ```
    """
    return _manifest()


def check_available(name, recipe):
    """Raises a `ValueError` unless `name` ships weights that fit
    `recipe` (its variant, and networks unchanged)."""
    manifest = _manifest()
    if name not in manifest:
        raise ValueError(
            f"Preset {name!r} ships no pretrained weights; presets with "
            f"weights: {sorted(manifest)}. Train it with fit(), or "
            f"keras-gan-kit train {name}."
        )
    entry = manifest[name]
    if recipe.variant != entry["recipe"] or (
        recipe.networks != entry["networks"]
    ):
        raise ValueError(
            f"The pretrained weights of {name!r} fit its {entry['recipe']!r} "
            f"recipe with networks {entry['networks']}; received recipe "
            f"{recipe.variant!r} with networks {recipe.networks}. Leave out "
            "the network overrides and the recipe argument."
        )


def weights_path(name):
    """The checked path of the shipped weights of preset `name`."""
    entry = _manifest()[name]
    path = os.path.join(WEIGHTS_DIR, entry["file"])
    if not os.path.exists(path):
        raise ValueError(
            f"The pretrained weights of {name!r} are missing ({path}); "
            "reinstall keras-gan-kit."
        )
    found = sha256_of(path)
    if found != entry["sha256"]:
        raise ValueError(
            f"The pretrained weights of {name!r} are damaged: {path} has "
            f"SHA-256 {found}, expected {entry['sha256']}. Reinstall "
            "keras-gan-kit."
        )
    return path


def load_into(name, model):
    """Loads the shipped generator of preset `name` into `model`'s
    generator (and its EMA copy, when attached)."""
    path = weights_path(name)
    model.generator.load_weights(path)
    if model.ema_generator is not None:
        model.ema_generator.set_weights(model.generator.get_weights())


def regression_scores(model, num_samples=NUM_SAMPLES):
    """The scores recorded for a shipped generator: FID (and conditional
    accuracy for a `ConditionalGAN`) of `num_samples` images, seed 0,
    against the bundled Fashion-MNIST sample on the bundled extractor."""
    from keras_gan_kit import datasets
    from keras_gan_kit.metrics import evaluation

    names = ["fid"]
    if hasattr(model, "num_classes"):
        names.append("conditional_accuracy")
    real, _ = datasets.load("fashion_mnist_sample")
    return evaluation.evaluate(
        model,
        real,
        metrics=names,
        feature_extractor="fashion_mnist",
        num_samples=num_samples,
        seed=0,
    )
