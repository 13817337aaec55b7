"""Classifier score: the Inception Score computed with any classifier."""

import keras
import numpy as np

from keras_gan_kit.metrics import feature_extractor as extractors
from keras_gan_kit.metrics.base import check_features
from keras_gan_kit.metrics.base import extractor_config


def log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def classifier_score(class_logits):
    """Inception Score of class logits: `exp(E_x KL(p(y|x) || p(y)))`.

    High when each image is classified confidently (low entropy of
    `p(y|x)`) and the classes are balanced (high entropy of `p(y)`); its
    maximum is the class count. Salimans et al. 2016,
    https://arxiv.org/abs/1606.03498. Computed on the whole set (no
    splits), with log-softmax in float64.

    Args:
        class_logits: Array of shape `(n, num_classes)`.

    Returns:
        The score, a Python float in `[1, num_classes]`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import classifier_score

    confident_and_balanced = np.eye(4) * 50.0
    print(round(classifier_score(confident_and_balanced), 4))
    # 4.0
    print(round(classifier_score(np.zeros((4, 4))), 4))
    # 1.0
    ```
    """
    logits = check_features(class_logits, "class logits")
    if len(logits) < 1:
        raise ValueError("classifier_score() received no samples.")
    log_probs = log_softmax(logits)
    probs = np.exp(log_probs)
    marginal = probs.mean(axis=0)
    log_marginal = np.log(np.maximum(marginal, 1e-300))
    kl = (probs * (log_probs - log_marginal)).sum(axis=1).mean()
    return float(np.exp(kl))


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ClassifierScore(keras.metrics.Metric):
    """Inception-Score-style score of generated images, streaming.

    Keeps `sum p(y|x)`, `sum_x sum_y p log p` and the count (float64), which
    give exactly `classifier_score` of all images seen. Needs a classifier
    extractor: the bundled domain classifiers (10 classes; maximum score
    10) or `"inception_v3"` (1000 ImageNet classes: the Inception Score).

    Args:
        feature_extractor: `"mnist"`, `"fashion_mnist"`, `"inception_v3"`,
            a `FeatureExtractor` whose model returns
            `[features, class_logits]`, or `None` to pass logits directly.
            Defaults to `None`.
        name: Metric name, the key in `logs`.
            Defaults to `"classifier_score"`.
        dtype: Unused. Defaults to `None`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import ClassifierScore

    metric = ClassifierScore()
    metric.update_state(np.eye(3) * 50.0)
    print(round(metric.result(), 4))
    # 3.0
    ```
    """

    def __init__(
        self, feature_extractor=None, name="classifier_score", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        self._extractor_identifier = feature_extractor
        self.feature_extractor = extractors.get(feature_extractor)
        self.reset_state()

    def update_state(self, generated_images):
        """Adds a batch of generated images (or logits without an
        extractor)."""
        if self.feature_extractor is not None:
            generated_images = self.feature_extractor.class_logits(
                generated_images
            )
        self.update_logits(generated_images)

    def update_logits(self, class_logits):
        """Adds the class logits of generated images."""
        log_probs = log_softmax(check_features(class_logits, "class logits"))
        probs = np.exp(log_probs)
        if self.count and probs.shape[1] != self.probability_sum.shape[0]:
            raise ValueError(
                f"{type(self).__name__} holds {self.probability_sum.shape[0]}"
                f" classes; received logits of {probs.shape[1]}."
            )
        if not self.count:
            self.probability_sum = np.zeros(probs.shape[1])
        self.count += len(probs)
        self.probability_sum += probs.sum(axis=0)
        self.negative_entropy_sum += (probs * log_probs).sum()

    def reset_state(self):
        self.count = 0
        self.probability_sum = np.zeros(0)
        self.negative_entropy_sum = 0.0

    def result(self):
        """The score of all images since the last reset, a Python float."""
        if not self.count:
            raise ValueError(
                f"{type(self).__name__} has seen no images; call "
                "update_state(generated_images) first."
            )
        marginal = self.probability_sum / self.count
        log_marginal = np.log(np.maximum(marginal, 1e-300))
        kl = (
            self.negative_entropy_sum / self.count
            - (marginal * log_marginal).sum()
        )
        return float(np.exp(kl))

    def get_config(self):
        config = super().get_config()
        config["feature_extractor"] = extractor_config(
            self._extractor_identifier, self.feature_extractor
        )
        return config
