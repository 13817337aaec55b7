"""Small CNN classifiers shipped with the package: 28x28 grayscale digits
and clothes, and 32x32 colour CIFAR-10 images. They give the quality
metrics a feature space that knows the domain, offline: InceptionV3 needs a
92 MB download and was trained on photographs, which it sees MNIST digits
as little of.
"""

import hashlib
import json
import os

import keras

DOMAIN_DATASETS = ("mnist", "fashion_mnist", "cifar10")
IMAGE_SHAPES = {
    "mnist": (28, 28, 1),
    "fashion_mnist": (28, 28, 1),
    "cifar10": (32, 32, 3),
}
FEATURE_DIM = 128
NUM_CLASSES = 10
WEIGHTS_DIR = os.path.join(os.path.dirname(__file__), "weights")
CARD_PATH = os.path.join(WEIGHTS_DIR, "domain_classifiers.json")


def weights_path(dataset):
    """Path of the shipped weights of one domain classifier."""
    return os.path.join(WEIGHTS_DIR, f"{dataset}_classifier.weights.h5")


def domain_classifier(dataset="mnist", weights="bundled"):
    """A small CNN classifier of the dataset's images in [-1, 1].

    For 28x28 grayscale images (MNIST, Fashion-MNIST) the network (299k
    parameters, 1.2 MB) is five 3x3/4x4 convolutions,
    two of them strided, a third strided one to 4x4x64, then a 128-unit
    ReLU layer named `"features"` (the feature space of the metrics) and a
    10-way `"logits"` layer. The CIFAR-10 one is the same network on
    32x32x3 images, trained on the 4,000 training images of the CIFAR-10
    subset the benchmarks use (its test accuracy, in the card, is far from
    a full ImageNet network's: a coarse feature space, for comparing runs
    with each other, not with published FIDs). They are trained by
    `scripts/train_domain_classifiers.py` on the training split only; the
    test split stays unseen so it can serve as the real-vs-real floor.
    `domain_classifiers.json` beside the weights records each model's test
    accuracy, the training settings and the weights' SHA-256.

    Args:
        dataset: `"mnist"`, `"fashion_mnist"` or `"cifar10"`.
            Defaults to `"mnist"`.
        weights: `"bundled"` for the shipped weights, `None` for a freshly
            initialized network, or a path to a `.weights.h5` file.
            Defaults to `"bundled"`.

    Returns:
        A functional `keras.Model` with outputs `[features, logits]`:
        shapes `(n, 128)` and `(n, 10)`.

    Examples:

    ```python
    from keras_gan_kit.metrics import domain_classifier

    model = domain_classifier("mnist", weights=None)
    print([tuple(output.shape) for output in model.outputs])
    # [(None, 128), (None, 10)]
    ```
    """
    if dataset not in DOMAIN_DATASETS:
        raise ValueError(
            f"There is a domain classifier for {DOMAIN_DATASETS}; received "
            f"dataset={dataset!r}. For other images use "
            "inception_v3_feature_extractor() or your own model wrapped in "
            "FeatureExtractor."
        )
    layers = keras.layers
    inputs = keras.Input(IMAGE_SHAPES[dataset], name="images")
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(32, 4, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(64, 4, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2D(64, 4, strides=2, padding="same", activation="relu")(x)
    x = layers.Flatten()(x)
    features = layers.Dense(FEATURE_DIM, activation="relu", name="features")(x)
    dropped = layers.Dropout(0.3)(features)
    logits = layers.Dense(NUM_CLASSES, name="logits")(dropped)
    model = keras.Model(
        inputs, [features, logits], name=f"{dataset}_classifier"
    )
    if weights == "bundled":
        load_checked_weights(model, weights_path(dataset), dataset)
    elif weights is not None:
        model.load_weights(os.fspath(weights))
    return model


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_card(dataset=None):
    """The recorded facts of the shipped classifiers (accuracy, checksum)."""
    with open(CARD_PATH) as file:
        card = json.load(file)
    return card if dataset is None else card[dataset]


def load_checked_weights(model, path, dataset):
    if not os.path.exists(path):
        raise ValueError(
            f"The bundled weights of the {dataset} classifier are missing "
            f"({path}). Reinstall keras_gan_kit, or train them with "
            "scripts/train_domain_classifiers.py."
        )
    expected = model_card(dataset)["sha256"]
    actual = sha256_of(path)
    if actual != expected:
        raise ValueError(
            f"The weights file {path} is corrupt: its SHA-256 is {actual}, "
            f"expected {expected}. Reinstall keras_gan_kit."
        )
    model.load_weights(path)
