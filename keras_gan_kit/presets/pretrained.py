"""Generator weights shipped with the package, checked by SHA-256.

Only generators trained on Fashion-MNIST (MIT licence) ship;
`scripts/train_pretrained.py` retrains them and rewrites the manifest.
The image generators ship as Keras `.weights.h5` files; the translators
(Pix2Pix, CycleGAN) as `.npz` files of their weights in float16, which
halves them (their scores are those of the rounded weights).
"""

import json
import os

import numpy as np

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
        `recipe`, what it scored in `regression_scores` (for a generator
        `fid` on `fid_samples` generated images against the bundled
        Fashion-MNIST sample; for a translator the scores of its task's
        held-out split of the sample) and how it was trained (`trained`).

    Examples:

    ```python
    from keras_gan_kit import presets

    shipped = sorted(presets.list_pretrained())
    print(shipped[:2])
    # ['cgan_fashion_mnist', 'cyclegan_sneaker2boot']
    print(shipped[2:])
    # ['dcgan_fashion_mnist', 'pix2pix_edges2fashion']
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


def save_translator_weights(network, path):
    """Writes `network`'s weights to an `.npz` file in float16, in the
    order of `network.get_weights()`."""
    arrays = {
        f"weight_{index:04d}": np.asarray(weight, dtype="float16")
        for index, weight in enumerate(network.get_weights())
    }
    with open(path, "wb") as file:
        np.savez_compressed(file, **arrays)


def load_into_generator(network, path):
    """Loads a weights file of the package (`.weights.h5`, or `.npz` of
    float16 arrays) into `network`."""
    if path.endswith(".npz"):
        _load_translator_weights(network, path)
    else:
        network.load_weights(path)


def _load_translator_weights(network, path):
    with np.load(path) as archive:
        arrays = [archive[key] for key in sorted(archive.files)]
    expected = network.get_weights()
    shapes = [weight.shape for weight in expected]
    if [array.shape for array in arrays] != shapes:
        raise ValueError(
            f"{path} holds weights of shapes {[a.shape for a in arrays]}; "
            f"the network {network.name!r} expects {shapes}. Reinstall "
            "keras-gan-kit."
        )
    network.set_weights(
        [
            array.astype(weight.dtype)
            for array, weight in zip(arrays, expected, strict=True)
        ]
    )


def load_into(name, model):
    """Loads the shipped generator of preset `name` into `model`'s
    generator (and its EMA copy, when attached)."""
    load_into_generator(model.generator, weights_path(name))
    if model.ema_generator is not None:
        model.ema_generator.set_weights(model.generator.get_weights())


def translation_scores(model, split="test", path=None):
    """What a Fashion-MNIST translator scores on its task's `split`.

    For `Pix2Pix` on edges2fashion: L1 and SSIM of the translations
    against their targets and the FID of the translations against the
    targets. For `CycleGAN` on sneaker2boot, for each direction (`ab`,
    `ba`): the share of translations the bundled classifier assigns to
    the target class and the cycle reconstruction L1 (the sample's test
    split holds about 100 images of each class, too few for a FID).
    Images are cropped from 32 to the extractor's 28 pixels; all on the
    [-1, 1] scale.
    """
    from keras_gan_kit import datasets
    from keras_gan_kit import metrics

    extractor = metrics.domain_feature_extractor("fashion_mnist")
    if "ba" in getattr(model, "directions", ()):  # a CycleGAN
        images = datasets.translation_task("sneaker2boot", split, path)
        return metrics.unpaired_translation_scores(
            model,
            {"ab": images[0], "ba": images[1]},
            datasets.SNEAKER2BOOT_TARGET_CLASSES,
            extractor,
        )
    sources, targets = datasets.translation_task("edges2fashion", split, path)
    scores = metrics.paired_translation_scores(
        model.translate(sources), targets, extractor
    )
    return {key: scores[key] for key in ("l1", "ssim", "fid")}


def regression_scores(model, num_samples=NUM_SAMPLES):
    """The scores recorded for a shipped generator: FID (and conditional
    accuracy for a `ConditionalGAN`) of `num_samples` images, seed 0,
    against the bundled Fashion-MNIST sample on the bundled extractor;
    for a translator, `translation_scores` on its task's held-out split
    of the bundled sample (`num_samples` does not apply)."""
    from keras_gan_kit import datasets
    from keras_gan_kit.metrics import evaluation

    if hasattr(model, "translate"):
        return translation_scores(model)
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
