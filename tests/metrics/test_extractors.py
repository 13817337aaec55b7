"""The bundled domain classifiers and the InceptionV3 extractor."""

import os
import shutil

import keras
import numpy as np
import pytest

from keras_gan_kit import metrics
from keras_gan_kit.datasets import scale_images
from keras_gan_kit.metrics import domain_classifiers
from keras_gan_kit.metrics import inception
from tests.conftest import shared_data_file


@pytest.mark.parametrize("dataset", domain_classifiers.DOMAIN_DATASETS)
def test_bundled_weights_are_small_and_recorded(dataset):
    path = domain_classifiers.weights_path(dataset)
    assert os.path.getsize(path) < 2 * 1024 * 1024
    card = domain_classifiers.model_card(dataset)
    assert card["sha256"] == domain_classifiers.sha256_of(path)
    floors = {"mnist": 0.98, "fashion_mnist": 0.88, "cifar10": 0.6}
    assert card["test_accuracy"] > floors[dataset]


@pytest.mark.parametrize("dataset", domain_classifiers.DOMAIN_DATASETS)
def test_bundled_classifier_accuracy_on_real_test_images(dataset):
    if dataset == "cifar10":
        # The 1,000 test images of the subset, which training never saw.
        with np.load(shared_data_file("cifar10_subset.npz")) as data:
            test = data["split"] == 1
            images = scale_images(data["x"][test])
            labels = data["y"][test]
    else:
        with np.load(shared_data_file(f"{dataset}.npz")) as data:
            images = scale_images(data["x_test"][:2000], add_channel_axis=True)
            labels = data["y_test"][:2000]
    extractor = metrics.domain_feature_extractor(dataset)
    logits = extractor.class_logits(images)
    accuracy = (logits.argmax(1) == labels).mean()
    recorded = domain_classifiers.model_card(dataset)["test_accuracy"]
    # Test images, on this backend, near the recorded value.
    assert accuracy > recorded - 0.02


def test_a_corrupt_weights_file_is_named(tmp_path, monkeypatch):
    corrupt_dir = tmp_path / "weights"
    shutil.copytree(domain_classifiers.WEIGHTS_DIR, corrupt_dir)
    path = corrupt_dir / "mnist_classifier.weights.h5"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    monkeypatch.setattr(domain_classifiers, "WEIGHTS_DIR", str(corrupt_dir))
    monkeypatch.setattr(
        domain_classifiers,
        "CARD_PATH",
        str(corrupt_dir / "domain_classifiers.json"),
    )
    with pytest.raises(
        ValueError, match="mnist_classifier.weights.h5 is corrupt"
    ):
        metrics.domain_feature_extractor("mnist")
    with pytest.raises(ValueError, match="There is a domain classifier for"):
        metrics.domain_classifier("svhn")


def _corrupt(images, kind, level, rng):
    if kind == "noise":
        return np.clip(images + rng.normal(0, level, images.shape), -1, 1)
    blurred = images
    for _ in range(level):  # box blur, `level` passes
        padded = np.pad(blurred, ((0, 0), (1, 1), (1, 1), (0, 0)), "edge")
        blurred = (
            sum(
                padded[:, i : i + 28, j : j + 28]
                for i in range(3)
                for j in range(3)
            )
            / 9.0
        )
    return blurred


@pytest.mark.parametrize(
    "kind, levels", [("noise", [0.1, 0.25, 0.5, 1.0]), ("blur", [1, 2, 4, 8])]
)
def test_fid_is_zero_on_itself_and_grows_with_corruption(kind, levels):
    with np.load(shared_data_file("mnist.npz")) as data:
        images = scale_images(data["x_test"][:1000], add_channel_axis=True)
    extractor = metrics.domain_feature_extractor("mnist")
    metric = metrics.FrechetDistance(extractor)
    metric.update_state(real_images=images, generated_images=images)
    scores = [metric.result()]
    rng = np.random.default_rng(0)
    for level in levels:
        metric.reset_state()
        corrupted = _corrupt(images, kind, level, rng).astype("float32")
        metric.update_state(generated_images=corrupted)
        scores.append(metric.result())
    assert scores[0] < 1e-6
    assert all(b > a for a, b in zip(scores, scores[1:])), scores


def test_inception_plumbing_with_random_weights():
    extractor = metrics.InceptionV3FeatureExtractor(weights=None)
    images = np.random.default_rng(0).uniform(-1, 1, (2, 28, 28, 1))
    features, logits = extractor.features_and_logits(images.astype("float32"))
    assert features.shape == (2, 2048) and logits.shape == (2, 1000)
    model = extractor.models[(28, 28, 1)]
    assert model.get_layer("resize").output.shape[1:3] == (299, 299)
    assert model.get_layer("gray_to_rgb").output.shape[-1] == 3
    assert np.isfinite(features).all()
    clone = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(extractor)
    )
    assert clone.weights is None and clone.name == "inception_v3"


def test_inception_without_weights_says_how_to_get_them(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(ValueError, match="could not be downloaded") as error:
        metrics.inception_v3_feature_extractor()
    assert inception.WEIGHTS_URL in str(error.value)
    with pytest.raises(ValueError, match="does not exist"):
        metrics.inception_v3_feature_extractor(weights=tmp_path / "none.h5")
    with pytest.raises(ValueError, match="RGB or grayscale"):
        metrics.InceptionV3FeatureExtractor(weights=None, image_shape=(8, 8, 2))
