"""Precision and recall of a generative model on k-nearest-neighbour
manifolds."""

import keras
import numpy as np

from keras_gan_kit.metrics.base import FeatureSetMetric
from keras_gan_kit.metrics.base import check_features
from keras_gan_kit.metrics.base import check_same_dim

_CHUNK = 1024


def _squared_norms(features):
    return (features**2).sum(axis=1)


def _distances(queries, points, points_norms):
    squared = (
        _squared_norms(queries)[:, None]
        + points_norms[None, :]
        - 2.0 * queries @ points.T
    )
    return np.sqrt(np.maximum(squared, 0.0))


def knn_radii(features, k):
    """Distance from each sample to its k-th nearest other sample."""
    norms = _squared_norms(features)
    radii = np.empty(len(features))
    for start in range(0, len(features), _CHUNK):
        block = _distances(features[start : start + _CHUNK], features, norms)
        # Index 0 of the sorted row is the sample itself (distance 0).
        radii[start : start + _CHUNK] = np.partition(block, k, axis=1)[:, k]
    return radii


def coverage_share(queries, points, radii):
    """Share of `queries` inside at least one ball `(points[i], radii[i])`."""
    norms = _squared_norms(points)
    inside = np.empty(len(queries), dtype=bool)
    for start in range(0, len(queries), _CHUNK):
        block = _distances(queries[start : start + _CHUNK], points, norms)
        inside[start : start + _CHUNK] = (block <= radii[None, :]).any(axis=1)
    return float(inside.mean())


def precision_recall(real_features, generated_features, k=3):
    """Improved precision and recall (Kynkäänniemi et al. 2019).

    Each set's manifold is the union of balls around its samples, of radius
    the distance to the k-th nearest neighbour in the same set. Precision
    is the share of generated samples inside the real manifold (are the
    samples realistic?); recall the share of real samples inside the
    generated manifold (is the data's variety covered?). A collapsed
    generator has high precision and low recall.
    https://arxiv.org/abs/1904.06991

    Args:
        real_features: Array of shape `(n_real, d)`.
        generated_features: Array of shape `(n_generated, d)`.
        k: Neighbour defining the radii. Defaults to `3`, the paper's.

    Returns:
        `(precision, recall)`, Python floats in [0, 1].

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import precision_recall

    rng = np.random.default_rng(0)
    real = rng.normal(size=(500, 2))
    collapsed = rng.normal(size=(500, 2)) * 0.1
    precision, recall = precision_recall(real, collapsed)
    print(precision > 0.95, recall < 0.2)
    # True True
    ```
    """
    real = check_features(real_features, "real features")
    generated = check_features(generated_features, "generated features")
    check_same_dim(real, generated)
    k = int(k)
    for features, what in ((real, "real"), (generated, "generated")):
        if k < 1 or len(features) <= k:
            raise ValueError(
                f"Precision and recall with k={k} need more than k samples "
                f"in each set (and k >= 1); received {len(features)} {what} "
                "samples. Pass more samples or a smaller k."
            )
    precision = coverage_share(generated, real, knn_radii(real, k))
    recall = coverage_share(real, generated, knn_radii(generated, k))
    return precision, recall


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class PrecisionRecall(FeatureSetMetric):
    """Precision and recall of generated images against real ones.

    Collects the features of both sets (up to `max_samples` each) and
    returns `precision_recall` of them as a dict
    `{"precision": p, "recall": r}`. Real features survive `reset_state()`
    unless `keep_real_statistics=False`.

    Args:
        feature_extractor: A name (`"mnist"`, `"fashion_mnist"`,
            `"inception_v3"`), a `FeatureExtractor`, a Keras model or
            callable, or `None` for features. Defaults to `None`.
        k: Neighbour defining the manifold radii. Defaults to `3`.
        max_samples: Samples kept per set. Defaults to `50000`.
        keep_real_statistics: Keep real features through `reset_state()`.
            Defaults to `True`.
        name: Metric name. Defaults to `"precision_recall"`.
        dtype: Unused. Defaults to `None`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import PrecisionRecall

    rng = np.random.default_rng(0)
    metric = PrecisionRecall()
    metric.update_state(rng.normal(size=(200, 2)), rng.normal(size=(200, 2)))
    print(sorted(metric.result()))
    # ['precision', 'recall']
    ```
    """

    def __init__(
        self,
        feature_extractor=None,
        k=3,
        max_samples=50_000,
        keep_real_statistics=True,
        name="precision_recall",
        dtype=None,
    ):
        self.k = int(k)
        super().__init__(
            max_samples=max_samples,
            feature_extractor=feature_extractor,
            keep_real_statistics=keep_real_statistics,
            name=name,
            dtype=dtype,
        )

    def result(self):
        """`{"precision": p, "recall": r}`."""
        precision, recall = precision_recall(*self.feature_sets(), k=self.k)
        return {"precision": precision, "recall": recall}

    def get_config(self):
        config = super().get_config()
        config["k"] = self.k
        return config
