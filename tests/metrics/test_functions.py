"""The pure metric functions against NumPy/SciPy references."""

import numpy as np
import pytest
from scipy import linalg
from scipy import special
from scipy import stats
from scipy.spatial import distance

from keras_gan_kit import metrics


def _features(seed, num_samples=300, dim=6, shift=0.0, scale=1.0):
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(dim, dim))
    return rng.normal(size=(num_samples, dim)) @ mixing * scale + shift


def reference_fid(features_a, features_b):
    # The formula of pytorch-fid / TTUR: scipy's sqrtm of the product.
    mean_a, mean_b = features_a.mean(0), features_b.mean(0)
    cov_a = np.cov(features_a, rowvar=False)
    cov_b = np.cov(features_b, rowvar=False)
    root = linalg.sqrtm(cov_a @ cov_b).real
    return float(
        ((mean_a - mean_b) ** 2).sum() + np.trace(cov_a + cov_b - 2.0 * root)
    )


@pytest.mark.parametrize(
    "shift, scale", [(0.0, 1.0), (0.5, 1.0), (0.0, 2.0), (3.0, 0.3)]
)
def test_frechet_distance_matches_scipy(shift, scale):
    features_a = _features(0)
    features_b = _features(1, num_samples=250, shift=shift, scale=scale)
    expected = reference_fid(features_a, features_b)
    actual = metrics.frechet_distance(features_a, features_b)
    np.testing.assert_allclose(actual, expected, rtol=1e-6)


def test_frechet_distance_of_a_set_with_itself_is_zero():
    features = _features(0)
    assert metrics.frechet_distance(features, features) < 1e-9


def test_streaming_frechet_distance_equals_the_one_shot_value():
    features_a = _features(0, num_samples=500) + 1000.0  # a large mean
    features_b = _features(1, num_samples=400)
    metric = metrics.FrechetDistance()
    for start in range(0, 500, 64):
        metric.update_state(real_images=features_a[start : start + 64])
    for start in range(0, 400, 50):
        metric.update_state(generated_images=features_b[start : start + 50])
    np.testing.assert_allclose(
        metric.result(), reference_fid(features_a, features_b), rtol=1e-6
    )


def reference_mmd2(features_a, features_b):
    # The definition, term by term over pairs i != j.
    dim = features_a.shape[1]

    def kernel(a, b):
        return (a @ b.T / dim + 1.0) ** 3

    size = len(features_a)
    off_diagonal = ~np.eye(size, dtype=bool)
    return (
        kernel(features_a, features_a)[off_diagonal].mean()
        + kernel(features_b, features_b)[off_diagonal].mean()
        - 2.0 * kernel(features_a, features_b).mean()
    )


def test_kernel_distance_matches_the_definition():
    features_a = _features(0, num_samples=120)
    features_b = _features(1, num_samples=120, shift=0.3)
    # One subset of every sample: the draw only permutes, which MMD ignores.
    mean, std = metrics.kernel_distance(
        features_a, features_b, num_subsets=1, subset_size=120
    )
    np.testing.assert_allclose(
        mean, reference_mmd2(features_a, features_b), rtol=1e-6
    )
    assert std == 0.0


def test_kernel_distance_is_unbiased_for_identical_distributions():
    # Independent pairs of samples of one distribution: the estimates
    # average to 0 within their standard error (a biased one would not).
    rng = np.random.default_rng(3)
    estimates = [
        metrics.kernel_distance(
            rng.normal(size=(100, 6)), rng.normal(size=(100, 6)), 1, 100
        )[0]
        for _ in range(60)
    ]
    standard_error = np.std(estimates) / np.sqrt(len(estimates))
    assert abs(np.mean(estimates)) < 3 * standard_error
    shifted = metrics.kernel_distance(
        _features(0, num_samples=400), _features(7, 400, shift=0.5), 5, 200
    )[0]
    assert shifted > 30 * standard_error


def reference_precision_recall(real, generated, k):
    real_radii = np.sort(distance.cdist(real, real), axis=1)[:, k]
    generated_radii = np.sort(distance.cdist(generated, generated), axis=1)[
        :, k
    ]
    to_real = distance.cdist(generated, real)
    precision = (to_real <= real_radii[None, :]).any(axis=1).mean()
    to_generated = distance.cdist(real, generated)
    recall = (to_generated <= generated_radii[None, :]).any(axis=1).mean()
    return precision, recall


@pytest.mark.parametrize("k", [1, 3, 5])
def test_precision_recall_matches_brute_force(k):
    real = _features(0, num_samples=1500, dim=3)
    generated = _features(1, num_samples=1100, dim=3, shift=0.8, scale=0.6)
    expected = reference_precision_recall(real, generated, k)
    actual = metrics.precision_recall(real, generated, k=k)
    np.testing.assert_allclose(actual, expected, rtol=1e-12)
    assert 0.0 < actual[0] < 1.0 and 0.0 < actual[1] < 1.0


def test_classifier_score_matches_scipy():
    logits = np.random.default_rng(0).normal(size=(200, 10)) * 3
    probs = special.softmax(logits, axis=1)
    marginal = probs.mean(0)
    kl = np.mean([stats.entropy(p, marginal) for p in probs])
    np.testing.assert_allclose(
        metrics.classifier_score(logits), np.exp(kl), rtol=1e-10
    )
    streaming = metrics.ClassifierScore()
    for start in range(0, 200, 30):
        streaming.update_state(logits[start : start + 30])
    np.testing.assert_allclose(streaming.result(), np.exp(kl), rtol=1e-10)


def test_conditional_accuracy_counts_agreement():
    logits = np.eye(5)[[0, 1, 2, 3, 4, 0]]
    labels = [0, 1, 2, 3, 4, 1]
    assert metrics.conditional_accuracy(logits, labels) == 5 / 6
    metric = metrics.ConditionalAccuracy()
    metric.update_state(logits[:3], labels[:3])
    metric.update_state(logits[3:], labels[3:])
    assert metric.result() == 5 / 6
    metric.reset_state()
    with pytest.raises(ValueError, match="has seen no images"):
        metric.result()


def test_bad_features_are_refused():
    features = _features(0, num_samples=5, dim=6)
    with pytest.raises(ValueError, match="received 5 samples of 6 features"):
        metrics.frechet_distance(features, features)
    with pytest.raises(ValueError, match="received 1 samples"):
        metrics.frechet_distance(features[:1, :1], features[:, :1])
    nan = _features(0)
    nan[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        metrics.frechet_distance(nan, _features(1))
    with pytest.raises(ValueError, match="2-D array"):
        metrics.kernel_distance(np.zeros((4, 2, 2)), np.zeros((4, 4)))
    with pytest.raises(ValueError, match="different dimensions: 6 and 5"):
        metrics.kernel_distance(_features(0), _features(0, dim=5))
    with pytest.raises(ValueError, match="need more than k samples"):
        metrics.precision_recall(_features(0)[:3], _features(1), k=3)
    with pytest.raises(ValueError, match=r"Labels must lie in \[0, 5\)"):
        metrics.conditional_accuracy(np.eye(5), [0, 1, 2, 3, 7])
    with pytest.raises(ValueError, match=r"must have shape \(2, 2\)"):
        metrics.frechet_distance_from_statistics(
            [0, 0], np.eye(2), [0, 0], np.eye(3)
        )
