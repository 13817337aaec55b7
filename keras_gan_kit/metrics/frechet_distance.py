"""Fréchet distance between feature distributions (FID)."""

import keras
import numpy as np

from keras_gan_kit.metrics.base import FeatureMetric
from keras_gan_kit.metrics.base import check_features
from keras_gan_kit.metrics.base import check_same_dim


def _check_count(count, dim, what):
    if count < 2 or count <= dim:
        raise ValueError(
            f"The Fréchet distance needs more {what} samples than feature "
            f"dimensions to estimate a covariance; received {count} "
            f"samples of {dim} features. Use at least {max(dim + 1, 2)} "
            "samples (10x the dimension gives stable scores), or a feature "
            "extractor with fewer features."
        )


def _sqrt_psd(matrix):
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    return (eigenvectors * np.sqrt(np.clip(eigenvalues, 0.0, None))) @ (
        eigenvectors.T
    )


def frechet_distance_from_statistics(
    mean_a, covariance_a, mean_b, covariance_b
):
    """Fréchet distance of two Gaussians, from their means and covariances.

    `|mean_a - mean_b|^2 + Tr(C_a + C_b - 2 (C_a C_b)^(1/2))`
    (Heusel et al. 2017, https://arxiv.org/abs/1706.08500). The trace of
    the matrix square root is taken as the sum of the square roots of the
    eigenvalues of the symmetric `C_a^(1/2) C_b C_a^(1/2)`, in float64:
    stable where `scipy.linalg.sqrtm` can return complex noise.

    Args:
        mean_a: Mean of the first distribution, shape `(d,)`.
        covariance_a: Its covariance, shape `(d, d)`.
        mean_b: Mean of the second distribution, shape `(d,)`.
        covariance_b: Its covariance, shape `(d, d)`.

    Returns:
        The distance, a Python float `>= 0`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import frechet_distance_from_statistics

    identity = np.eye(2)
    print(frechet_distance_from_statistics([0, 0], identity, [3, 4], identity))
    # 25.0
    ```
    """
    mean_a, mean_b = (
        np.asarray(m, "float64").reshape(-1) for m in (mean_a, mean_b)
    )
    covariance_a, covariance_b = (
        np.asarray(c, "float64") for c in (covariance_a, covariance_b)
    )
    dim = mean_a.shape[0]
    for name, value, shape in (
        ("mean_b", mean_b, (dim,)),
        ("covariance_a", covariance_a, (dim, dim)),
        ("covariance_b", covariance_b, (dim, dim)),
    ):
        if value.shape != shape:
            raise ValueError(
                f"{name} must have shape {shape} to match mean_a of shape "
                f"{(dim,)}; received {value.shape}."
            )
    for value in (mean_a, mean_b, covariance_a, covariance_b):
        if not np.all(np.isfinite(value)):
            raise ValueError(
                "The means and covariances must be finite; received NaN or "
                "infinite values."
            )
    root_a = _sqrt_psd(covariance_a)
    product = root_a @ covariance_b @ root_a
    product = (product + product.T) / 2.0
    eigenvalues = np.linalg.eigvalsh(product)
    trace_root = np.sqrt(np.clip(eigenvalues, 0.0, None)).sum()
    difference = mean_a - mean_b
    distance = (
        difference @ difference
        + np.trace(covariance_a)
        + np.trace(covariance_b)
        - 2.0 * trace_root
    )
    return float(max(distance, 0.0))


def frechet_distance(features_a, features_b):
    """Fréchet distance between two sets of feature vectors (FID).

    Fits a Gaussian to each set (mean and unbiased covariance) and returns
    `frechet_distance_from_statistics` of the two. With InceptionV3 pool
    features this is the FID of Heusel et al. 2017; with a domain
    classifier's features it is the same statistic in that feature space.
    Each set needs more samples than feature dimensions.

    Args:
        features_a: Array of shape `(n_a, d)`.
        features_b: Array of shape `(n_b, d)`.

    Returns:
        The distance, a Python float `>= 0` (0 for identical statistics).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import frechet_distance

    rng = np.random.default_rng(0)
    features = rng.normal(size=(500, 4))
    print(round(frechet_distance(features, features), 6))
    # 0.0
    print(frechet_distance(features, features + 1.0) > 3.9)
    # True
    ```
    """
    features_a = check_features(features_a, "first features")
    features_b = check_features(features_b, "second features")
    check_same_dim(features_a, features_b)
    for features, what in ((features_a, "first"), (features_b, "second")):
        _check_count(len(features), features.shape[1], what)
    return frechet_distance_from_statistics(
        features_a.mean(axis=0),
        np.cov(features_a, rowvar=False),
        features_b.mean(axis=0),
        np.cov(features_b, rowvar=False),
    )


class _RunningMoments:
    """Count, mean and covariance from running float64 sums.

    The sums are of `x - shift`, with `shift` the first batch's mean, so
    the covariance does not lose digits to a large mean.
    """

    def __init__(self):
        self.reset()

    def reset(self):
        self.count = 0
        self.shift = None
        self.total = None
        self.outer = None

    def add(self, features):
        if self.shift is None:
            self.shift = features.mean(axis=0)
            dim = features.shape[1]
            self.total = np.zeros(dim)
            self.outer = np.zeros((dim, dim))
        elif features.shape[1] != self.shift.shape[0]:
            raise ValueError(
                f"The metric holds features of dimension "
                f"{self.shift.shape[0]}; received dimension "
                f"{features.shape[1]}. Use one feature extractor throughout."
            )
        centered = features - self.shift
        self.count += len(features)
        self.total += centered.sum(axis=0)
        self.outer += centered.T @ centered

    def mean_and_covariance(self, what):
        dim = 0 if self.shift is None else self.shift.shape[0]
        _check_count(self.count, dim, what)
        mean_offset = self.total / self.count
        covariance = (
            self.outer - self.count * np.outer(mean_offset, mean_offset)
        ) / (self.count - 1)
        return self.shift + mean_offset, covariance

    def state(self):
        return [
            ("count", np.array(self.count)),
            ("shift", self.shift),
            ("total", self.total),
            ("outer", self.outer),
        ]

    def set_state(self, state):
        try:
            count = int(state["count"])
            shift, total, outer = (
                np.asarray(state[key], "float64")
                for key in ("shift", "total", "outer")
            )
        except KeyError as error:
            raise ValueError(
                f"The reference file lacks {error}; recompute it with "
                "save_real_statistics()."
            ) from error
        dim = shift.shape[0]
        if total.shape != (dim,) or outer.shape != (dim, dim) or count < 1:
            raise ValueError(
                "The reference file's statistics are inconsistent "
                f"(count {count}, shapes {shift.shape}, {total.shape}, "
                f"{outer.shape}); recompute it with save_real_statistics()."
            )
        self.count, self.shift, self.total, self.outer = (
            count,
            shift,
            total,
            outer,
        )


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class FrechetDistance(FeatureMetric):
    """Fréchet distance (FID) between real and generated images, streaming.

    Real and generated features are reduced to running sums (count, sum,
    sum of outer products; float64, on the host) batch by batch, so memory
    does not grow with the sample count. `reset_state()` forgets the
    generated images only (unless `keep_real_statistics=False`): compute
    the real statistics once, then score each epoch's samples. Save them
    with `save_real_statistics` and reuse them in later runs.

    Lower is better; 0 means identical statistics. A score depends on the
    feature space and on the sample size (it is biased upward for small
    samples): compare scores of one extractor at one sample size, next to
    the real-vs-real floor measured the same way.

    Args:
        feature_extractor: `"mnist"`, `"fashion_mnist"` (the bundled domain
            classifiers), `"inception_v3"`, a `FeatureExtractor`, a Keras
            model or callable, or `None` if you pass features directly.
            Defaults to `None`.
        keep_real_statistics: Keep the real statistics through
            `reset_state()`. Defaults to `True`.
        name: Metric name, the key in `logs`. Defaults to `"fid"`.
        dtype: Unused; results are Python floats. Defaults to `None`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import FrechetDistance

    rng = np.random.default_rng(0)
    metric = FrechetDistance()
    metric.update_state(real_images=rng.normal(size=(400, 3)))
    metric.update_state(generated_images=rng.normal(size=(400, 3)) + 2.0)
    print(round(metric.result()) )
    # 12
    ```
    """

    def __init__(
        self,
        feature_extractor=None,
        keep_real_statistics=True,
        name="fid",
        dtype=None,
    ):
        self.real = _RunningMoments()
        self.generated = _RunningMoments()
        super().__init__(
            feature_extractor=feature_extractor,
            keep_real_statistics=keep_real_statistics,
            name=name,
            dtype=dtype,
        )

    @property
    def num_real(self):
        return self.real.count

    def update_real(self, features):
        self.real.add(features)

    def update_generated(self, features):
        self.generated.add(features)

    def reset_real(self):
        self.real.reset()

    def reset_generated(self):
        self.generated.reset()

    def real_state(self):
        return self.real.state()

    def set_real_state(self, state):
        self.real.set_state(state)

    def result(self):
        """The Fréchet distance of the samples so far, a Python float."""
        mean_a, covariance_a = self.real.mean_and_covariance("real")
        mean_b, covariance_b = self.generated.mean_and_covariance("generated")
        if mean_a.shape != mean_b.shape:
            raise ValueError(
                "The real and generated features have different dimensions: "
                f"{mean_a.shape[0]} and {mean_b.shape[0]}."
            )
        return frechet_distance_from_statistics(
            mean_a, covariance_a, mean_b, covariance_b
        )
