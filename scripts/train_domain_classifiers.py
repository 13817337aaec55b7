"""Trains the domain classifiers whose weights ship in keras_gan_kit.

The quality metrics' built-in feature spaces are small CNNs trained here on
the *training* split of MNIST and Fashion-MNIST (`mnist.npz` /
`fashion_mnist.npz`, the keys of `keras.datasets`) and on the 4,000
training images of the CIFAR-10 subset (`cifar10_subset.npz`, split 0).
The test split is never seen, so real-train against real-test distances are
an honest floor. The script writes the weights and
`domain_classifiers.json` (test accuracy, settings, SHA-256) into
`keras_gan_kit/metrics/weights/`.

    KERAS_BACKEND=tensorflow python scripts/train_domain_classifiers.py \
        --data-dir ../shared/data
"""

import argparse
import datetime
import json
import os
import sys

import keras
import numpy as np

from keras_gan_kit.datasets import scale_images
from keras_gan_kit.metrics import domain_classifiers as dc
from keras_gan_kit.utils import atomic_path

SETTINGS = {
    "epochs": 6,
    "batch_size": 128,
    "optimizer": "Adam(1e-3), cosine decay to 0",
    "augmentation": "random shifts of up to 2 pixels",
    "seed": 0,
}
# 4,000 colour images need more epochs, and flips.
CIFAR_SETTINGS = {
    **SETTINGS,
    "epochs": 60,
    "batch_size": 64,
    "augmentation": "random shifts of up to 3 pixels, horizontal flips",
}


def _shift(images, rng, colour):
    """Random shifts (edge-padded, with flips, for colour images)."""
    max_shift = 3 if colour else 2
    flip = colour
    padded = np.pad(
        images,
        ((0, 0), (max_shift,) * 2, (max_shift,) * 2, (0, 0)),
        mode="edge" if flip else "constant",
        **({} if flip else {"constant_values": -1.0}),
    )
    height, width = images.shape[1:3]
    shifted = np.empty_like(images)
    offsets = rng.integers(0, 2 * max_shift + 1, size=(len(images), 2))
    for index, (row, col) in enumerate(offsets):
        shifted[index] = padded[index, row : row + height, col : col + width]
    if flip:
        flipped = rng.random(len(images)) < 0.5
        shifted[flipped] = shifted[flipped, :, ::-1]
    return shifted


def _arrays(dataset, data_dir):
    if dataset == "cifar10":
        with np.load(os.path.join(data_dir, "cifar10_subset.npz")) as data:
            test = data["split"] == 1
            x, y = scale_images(data["x"]), data["y"].astype("int32")
        return x[~test], y[~test], x[test], y[test]
    with np.load(os.path.join(data_dir, f"{dataset}.npz")) as data:
        return (
            scale_images(data["x_train"], add_channel_axis=True),
            data["y_train"].astype("int32"),
            scale_images(data["x_test"], add_channel_axis=True),
            data["y_test"].astype("int32"),
        )


def train(dataset, data_dir):
    settings = CIFAR_SETTINGS if dataset == "cifar10" else SETTINGS
    x_train, y_train, x_test, y_test = _arrays(dataset, data_dir)
    keras.utils.set_random_seed(settings["seed"])
    rng = np.random.default_rng(settings["seed"])
    model = dc.domain_classifier(dataset, weights=None)
    classifier = keras.Model(model.inputs, model.outputs[1])
    steps = settings["epochs"] * int(
        np.ceil(len(x_train) / settings["batch_size"])
    )
    classifier.compile(
        optimizer=keras.optimizers.Adam(
            keras.optimizers.schedules.CosineDecay(1e-3, steps)
        ),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    for epoch in range(settings["epochs"]):
        print(f"{dataset}: epoch {epoch + 1}/{settings['epochs']}")
        classifier.fit(
            _shift(x_train, rng, colour=dataset == "cifar10"),
            y_train,
            batch_size=settings["batch_size"],
            epochs=1,
            verbose=2,
        )
    _, accuracy = classifier.evaluate(x_test, y_test, verbose=0)
    path = dc.weights_path(dataset)
    with atomic_path(path) as temporary:
        model.save_weights(temporary)
    return {
        "test_accuracy": round(float(accuracy), 4),
        "num_parameters": int(model.count_params()),
        "sha256": dc.sha256_of(path),
        "backend": keras.backend.backend(),
        "keras_version": keras.__version__,
        "trained_on": (
            "cifar10_subset.npz split == 0 (4000 images)"
            if dataset == "cifar10"
            else f"{dataset}.npz x_train (60000 images)"
        ),
        "date": datetime.date.today().isoformat(),
        **settings,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="../shared/data")
    parser.add_argument(
        "--datasets", nargs="+", default=list(dc.DOMAIN_DATASETS)
    )
    args = parser.parse_args(argv)
    card = {}
    if os.path.exists(dc.CARD_PATH):
        card = dc.model_card()
    for dataset in args.datasets:
        card[dataset] = train(dataset, args.data_dir)
        print(dataset, card[dataset])
        with atomic_path(dc.CARD_PATH) as temporary:
            with open(temporary, "w") as file:
                json.dump(card, file, indent=2, sort_keys=True)
                file.write("\n")
    return card


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
