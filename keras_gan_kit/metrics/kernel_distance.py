"""Kernel distance between feature distributions (KID)."""

import keras
import numpy as np

from keras_gan_kit.metrics.base import FeatureSetMetric
from keras_gan_kit.metrics.base import check_features
from keras_gan_kit.metrics.base import check_same_dim


def polynomial_kernel(features_a, features_b, degree=3, gamma=None, coef=1.0):
    """`(gamma * a . b + coef) ** degree` for every pair of rows."""
    gamma = 1.0 / features_a.shape[1] if gamma is None else gamma
    return (gamma * features_a @ features_b.T + coef) ** degree


def unbiased_mmd2(features_a, features_b, **kernel_args):
    """Unbiased squared MMD of two equally sized samples."""
    size = len(features_a)
    k_aa = polynomial_kernel(features_a, features_a, **kernel_args)
    k_bb = polynomial_kernel(features_b, features_b, **kernel_args)
    k_ab = polynomial_kernel(features_a, features_b, **kernel_args)
    within = (k_aa.sum() - np.trace(k_aa) + k_bb.sum() - np.trace(k_bb)) / (
        size * (size - 1)
    )
    return within - 2.0 * k_ab.sum() / size**2


def kernel_distance(
    features_a,
    features_b,
    num_subsets=100,
    subset_size=1000,
    degree=3,
    gamma=None,
    coef=1.0,
    seed=0,
):
    """Kernel distance (KID) between two sets of feature vectors.

    The unbiased estimate of the squared maximum mean discrepancy with the
    polynomial kernel `k(a, b) = (a . b / d + 1) ** 3`, averaged over
    `num_subsets` random subsets of `subset_size` samples from each set
    (Bińkowski et al. 2018, https://arxiv.org/abs/1801.01401). Unlike FID
    it is unbiased, so small samples give the right value on average, and
    it can be slightly negative when the sets match.

    Args:
        features_a: Array of shape `(n_a, d)`.
        features_b: Array of shape `(n_b, d)`.
        num_subsets: Subsets to average. Defaults to `100`.
        subset_size: Samples per subset, capped at the smaller set.
            Defaults to `1000`.
        degree: Kernel degree. Defaults to `3`.
        gamma: Kernel scale. Defaults to `None` (`1 / d`).
        coef: Kernel offset. Defaults to `1.0`.
        seed: Seed of the subset draws. Defaults to `0`.

    Returns:
        `(mean, std)` over the subsets, Python floats (std with `ddof=0`).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import kernel_distance

    rng = np.random.default_rng(0)
    real = rng.normal(size=(300, 8))
    mean, std = kernel_distance(real, rng.normal(size=(300, 8)), 10, 100)
    print(abs(mean) < 0.05, kernel_distance(real, real + 1, 10, 100)[0] > 1)
    # True True
    ```
    """
    features_a = check_features(features_a, "first features")
    features_b = check_features(features_b, "second features")
    check_same_dim(features_a, features_b)
    size = min(int(subset_size), len(features_a), len(features_b))
    if size < 2:
        raise ValueError(
            "The kernel distance needs at least 2 samples in each set; "
            f"received {len(features_a)} and {len(features_b)} (and "
            f"subset_size={subset_size}). Pass more samples."
        )
    if int(num_subsets) < 1:
        raise ValueError(
            f"num_subsets must be at least 1; received {num_subsets}."
        )
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(int(num_subsets)):
        index_a = rng.choice(len(features_a), size, replace=False)
        index_b = rng.choice(len(features_b), size, replace=False)
        scores.append(
            unbiased_mmd2(
                features_a[index_a],
                features_b[index_b],
                degree=degree,
                gamma=gamma,
                coef=coef,
            )
        )
    scores = np.asarray(scores)
    return float(scores.mean()), float(scores.std())


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class KernelDistance(FeatureSetMetric):
    """Kernel distance (KID) between real and generated images.

    Collects the features of both sets (up to `max_samples` each) and
    returns `kernel_distance` of them. `result()` is a dict,
    `{"kid": mean, "kid_std": std}` (keys follow `name`), which
    `QualityEvaluation` writes into the logs. Real features survive
    `reset_state()` unless `keep_real_statistics=False`.

    Args:
        feature_extractor: A name (`"mnist"`, `"fashion_mnist"`,
            `"inception_v3"`), a `FeatureExtractor`, a Keras model or
            callable, or `None` for features. Defaults to `None`.
        num_subsets: Subsets to average. Defaults to `100`.
        subset_size: Samples per subset. Defaults to `1000`.
        degree: Polynomial kernel degree. Defaults to `3`.
        seed: Seed of the subset draws. Defaults to `0`.
        max_samples: Samples kept per set. Defaults to `50000`.
        keep_real_statistics: Keep real features through `reset_state()`.
            Defaults to `True`.
        name: Metric name and key prefix. Defaults to `"kid"`.
        dtype: Unused. Defaults to `None`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import KernelDistance

    rng = np.random.default_rng(0)
    metric = KernelDistance(num_subsets=10, subset_size=100)
    metric.update_state(rng.normal(size=(200, 4)), rng.normal(size=(200, 4)))
    print(sorted(metric.result()))
    # ['kid', 'kid_std']
    ```
    """

    def __init__(
        self,
        feature_extractor=None,
        num_subsets=100,
        subset_size=1000,
        degree=3,
        seed=0,
        max_samples=50_000,
        keep_real_statistics=True,
        name="kid",
        dtype=None,
    ):
        self.num_subsets = int(num_subsets)
        self.subset_size = int(subset_size)
        self.degree = int(degree)
        self.seed = seed
        super().__init__(
            max_samples=max_samples,
            feature_extractor=feature_extractor,
            keep_real_statistics=keep_real_statistics,
            name=name,
            dtype=dtype,
        )

    def result(self):
        """`{name: mean, name + "_std": std}` over the subsets."""
        real, generated = self.feature_sets()
        mean, std = kernel_distance(
            real,
            generated,
            num_subsets=self.num_subsets,
            subset_size=self.subset_size,
            degree=self.degree,
            seed=self.seed,
        )
        return {self.name: mean, f"{self.name}_std": std}

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_subsets": self.num_subsets,
                "subset_size": self.subset_size,
                "degree": self.degree,
                "seed": self.seed,
            }
        )
        return config
