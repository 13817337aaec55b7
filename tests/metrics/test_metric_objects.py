"""Metric objects on every backend: extraction through Keras models, state,
reference files, serialization and errors."""

import keras
import numpy as np
import pytest

from keras_gan_kit import metrics
from tests.metrics.test_functions import reference_fid

IMAGE_SHAPE = (4, 4, 1)


def _extractor():
    model = keras.Sequential(
        [
            keras.Input(IMAGE_SHAPE),
            keras.layers.Flatten(),
            keras.layers.Dense(5, name="features"),
        ],
        name="tiny_features",
    )
    return metrics.FeatureExtractor(model, batch_size=16)


def _images(seed, num_images=200, low=-1.0, high=1.0):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, (num_images,) + IMAGE_SHAPE).astype("float32")


def _numpy_features(extractor, images):
    kernel, bias = (np.asarray(w) for w in extractor.model.get_weights())
    return images.reshape(len(images), -1).astype("float64") @ kernel + bias


def test_frechet_distance_through_a_keras_extractor_matches_numpy():
    extractor = _extractor()
    real, generated = _images(0), _images(1, low=-0.5)
    metric = metrics.FrechetDistance(extractor)
    metric.update_state(real[:120], generated[:64])
    metric.update_state(real[120:], generated[64:])
    expected = reference_fid(
        _numpy_features(extractor, real), _numpy_features(extractor, generated)
    )
    # Backends compute the features in float32.
    np.testing.assert_allclose(metric.result(), expected, rtol=1e-4)


def test_reset_keeps_the_real_statistics_unless_asked():
    real, generated = _images(0), _images(1, low=-0.5)
    metric = metrics.FrechetDistance(_extractor())
    metric.update_state(real, generated)
    first = metric.result()
    metric.reset_state()
    with pytest.raises(ValueError, match="received 0 samples"):
        metric.result()
    metric.update_state(generated_images=generated)
    assert metric.result() == pytest.approx(first, rel=1e-12)
    forgetful = metrics.FrechetDistance(
        _extractor(), keep_real_statistics=False
    )
    forgetful.update_state(real, generated)
    forgetful.reset_state()
    assert forgetful.num_real == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda e: metrics.FrechetDistance(e),
        lambda e: metrics.KernelDistance(e, num_subsets=5, subset_size=50),
        lambda e: metrics.PrecisionRecall(e),
    ],
    ids=["fid", "kid", "precision_recall"],
)
def test_saved_real_statistics_give_the_same_score(tmp_path, make):
    extractor = _extractor()
    real, generated = _images(0), _images(1, low=-0.5)
    original = make(extractor)
    original.update_state(real, generated)
    path = tmp_path / "reference.npz"
    original.save_real_statistics(path)
    restored = make(extractor)
    restored.load_real_statistics(path)
    restored.update_state(generated_images=generated)
    assert restored.result() == original.result()


def test_reference_files_are_checked(tmp_path):
    extractor = _extractor()
    fid = metrics.FrechetDistance(extractor)
    with pytest.raises(ValueError, match="holds no real samples"):
        fid.save_real_statistics(tmp_path / "empty.npz")
    fid.update_state(real_images=_images(0))
    path = tmp_path / "reference.npz"
    fid.save_real_statistics(path)
    with pytest.raises(ValueError, match="statistics of FrechetDistance"):
        metrics.KernelDistance(extractor).load_real_statistics(path)
    with pytest.raises(ValueError, match="'tiny_features' feature space"):
        metrics.FrechetDistance().load_real_statistics(path)
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ValueError, match="corrupt.npz"):
        metrics.FrechetDistance(extractor).load_real_statistics(corrupt)
    # A failed save leaves the previous file whole.
    before = path.read_bytes()
    fid.reset_real()
    with pytest.raises(ValueError):
        fid.save_real_statistics(path)
    assert path.read_bytes() == before


def test_images_are_checked_before_extraction():
    metric = metrics.FrechetDistance(_extractor())
    with pytest.raises(ValueError, match=r"shape \(4, 4, 1\); received"):
        metric.update_state(real_images=np.zeros((3, 8, 8, 1), "float32"))
    with pytest.raises(ValueError, match="dtype uint8"):
        metric.update_state(real_images=np.zeros((3, 4, 4, 1), "uint8"))
    expected = r"takes values in \[-1, 1\]; received values in \[255, 255\]"
    with pytest.raises(ValueError, match=expected):
        metric.update_state(real_images=_images(0) * 0 + np.float32(255))
    with pytest.raises(ValueError, match="NaN or infinite"):
        metric.update_state(
            generated_images=np.full((3, 4, 4, 1), np.nan, "float32")
        )
    with pytest.raises(ValueError, match="shape \\(n, height"):
        metric.update_state(real_images=np.zeros((3, 4, 4), "float32"))
    with pytest.raises(ValueError, match="neither"):
        metric.update_state()


def test_an_extractor_returning_nan_is_caught():
    def broken(images):
        return np.full((len(images), 3), np.nan)

    metric = metrics.FrechetDistance(broken)
    with pytest.raises(ValueError, match="returned NaN or infinite features"):
        metric.update_state(real_images=_images(0))


def test_a_plain_callable_extractor_works_in_batches():
    calls = []

    def flatten(images):
        calls.append(len(images))
        return np.asarray(images).reshape(len(images), -1)

    extractor = metrics.FeatureExtractor(flatten, batch_size=64)
    assert extractor.features(_images(0)).shape == (200, 16)
    assert calls == [64, 64, 64, 8]


def test_metrics_round_trip_their_config():
    kid = metrics.KernelDistance(
        "mnist", num_subsets=7, subset_size=30, degree=2, seed=4
    )
    clone = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(kid)
    )
    assert isinstance(clone, metrics.KernelDistance)
    assert clone.get_config() == kid.get_config()
    assert clone.feature_extractor.name == "mnist"
    custom = metrics.FrechetDistance(_extractor(), name="fid_tiny")
    clone = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(custom)
    )
    assert clone.name == "fid_tiny"
    assert clone.feature_extractor.image_shape == IMAGE_SHAPE


def test_unknown_extractors_and_metrics_are_refused():
    with pytest.raises(ValueError, match="Unknown feature extractor 'svhn'"):
        metrics.FrechetDistance("svhn")
    with pytest.raises(ValueError, match="not a classifier"):
        metrics.ClassifierScore(_extractor()).update_state(_images(0))
