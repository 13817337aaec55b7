"""Conditional accuracy: does a conditional generator draw the class it is
asked for?"""

import keras

from keras_gan_kit.metrics import feature_extractor as extractors
from keras_gan_kit.metrics.base import check_features
from keras_gan_kit.metrics.base import extractor_config
from keras_gan_kit.utils.arrays import check_labels
from keras_gan_kit.utils.arrays import to_numpy


def conditional_accuracy(class_logits, labels):
    """Share of samples whose arg-max class equals the requested label.

    Args:
        class_logits: Array of shape `(n, num_classes)`.
        labels: Requested classes, integers of shape `(n,)`.

    Returns:
        The accuracy, a Python float in [0, 1].

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import conditional_accuracy

    logits = np.array([[2.0, 0.0], [0.0, 1.0], [3.0, 0.0]])
    print(conditional_accuracy(logits, [0, 1, 1]))
    # 0.6666666666666666
    ```
    """
    logits = check_features(class_logits, "class logits")
    labels = check_labels(to_numpy(labels), logits.shape[1], len(logits))
    return float((logits.argmax(axis=1) == labels).mean())


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ConditionalAccuracy(keras.metrics.Metric):
    """Share of generated images a classifier assigns to the requested class.

    For a `ConditionalGAN`: generate images for given labels, and this
    metric counts how often the feature extractor's classifier agrees. A
    generator that ignores its labels scores about `1 / num_classes`; the
    ceiling is the classifier's own accuracy on real images (recorded for
    the bundled domain classifiers).

    Args:
        feature_extractor: `"mnist"`, `"fashion_mnist"`, a classifier
            `FeatureExtractor`, or `None` to pass logits directly.
            Defaults to `None`.
        name: Metric name, the key in `logs`.
            Defaults to `"conditional_accuracy"`.
        dtype: Unused. Defaults to `None`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import ConditionalAccuracy

    metric = ConditionalAccuracy()
    metric.update_state(np.eye(3), labels=[0, 1, 0])
    print(round(metric.result(), 4))
    # 0.6667
    ```
    """

    def __init__(
        self, feature_extractor=None, name="conditional_accuracy", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        self._extractor_identifier = feature_extractor
        self.feature_extractor = extractors.get(feature_extractor)
        self.reset_state()

    def update_state(self, generated_images, labels):
        """Adds generated images (or logits) and the labels they were
        generated for."""
        if self.feature_extractor is not None:
            generated_images = self.feature_extractor.class_logits(
                generated_images
            )
        self.update_logits(generated_images, labels)

    def update_logits(self, class_logits, labels):
        """Adds the class logits of generated images and their labels."""
        logits = check_features(class_logits, "class logits")
        labels = check_labels(to_numpy(labels), logits.shape[1], len(logits))
        self.correct += int((logits.argmax(axis=1) == labels).sum())
        self.count += len(labels)

    def reset_state(self):
        self.correct = 0
        self.count = 0

    def result(self):
        """The accuracy since the last reset, a Python float."""
        if not self.count:
            raise ValueError(
                f"{type(self).__name__} has seen no images; call "
                "update_state(generated_images, labels) first."
            )
        return self.correct / self.count

    def get_config(self):
        config = super().get_config()
        config["feature_extractor"] = extractor_config(
            self._extractor_identifier, self.feature_extractor
        )
        return config
