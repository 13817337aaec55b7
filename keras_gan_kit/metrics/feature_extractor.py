"""`FeatureExtractor`: images in, feature vectors (and class logits) out."""

import keras
import numpy as np

from keras_gan_kit.metrics.domain_classifiers import DOMAIN_DATASETS
from keras_gan_kit.metrics.domain_classifiers import domain_classifier
from keras_gan_kit.utils.arrays import to_numpy
from keras_gan_kit.utils.arrays import values_outside


def _shape_of(model):
    inputs = getattr(model, "inputs", None)
    if not inputs or len(inputs) != 1:
        return None
    shape = tuple(inputs[0].shape[1:])
    return None if any(size is None for size in shape) else shape


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class FeatureExtractor:
    """Maps images to the feature vectors the quality metrics compare.

    The metrics (`FrechetDistance`, `KernelDistance`, `PrecisionRecall`,
    `ClassifierScore`, `ConditionalAccuracy`) take one of these; any Keras
    model or callable can be wrapped. The model returns features, or
    `[features, class_logits]` when it is also a classifier (the last two
    metrics need the logits).

    Before it runs, every batch is checked: 4-D, float, finite, the
    expected image shape, values inside `value_range`. A wrong batch is a
    `ValueError`, never a quietly meaningless score.

    Args:
        model: A `keras.Model` or a callable from an image batch to
            features (or to `[features, class_logits]`).
        image_shape: `(height, width, channels)` the model expects.
            Defaults to `None` (read from the model's input when fixed).
        value_range: `(low, high)` of the pixel values the model expects.
            Defaults to `(-1.0, 1.0)`, the range of tanh generators.
        batch_size: Images per forward pass. Defaults to `128`.
        name: Identifies the feature space in saved reference statistics:
            statistics computed with one extractor are refused by another.
            Defaults to `None` (the model's name).

    Examples:

    ```python
    import keras
    import numpy as np
    from keras_gan_kit.metrics import FeatureExtractor

    model = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(4)]
    )
    extractor = FeatureExtractor(model, name="tiny")
    images = np.zeros((3, 8, 8, 1), "float32")
    print(extractor.features(images).shape, extractor.image_shape)
    # (3, 4) (8, 8, 1)
    ```
    """

    def __init__(
        self,
        model,
        image_shape=None,
        value_range=(-1.0, 1.0),
        batch_size=128,
        name=None,
    ):
        if not callable(model):
            raise ValueError(
                "FeatureExtractor needs a keras.Model or a callable from "
                f"images to features; received {type(model).__name__}."
            )
        low, high = (float(v) for v in value_range)
        if not low < high:
            raise ValueError(
                f"value_range must be (low, high) with low < high; received "
                f"{value_range}."
            )
        if int(batch_size) < 1:
            raise ValueError(
                f"batch_size must be a positive integer; received {batch_size}."
            )
        self.model = model
        self.image_shape = (
            tuple(int(size) for size in image_shape)
            if image_shape is not None
            else _shape_of(model)
        )
        self.value_range = (low, high)
        self.batch_size = int(batch_size)
        self.name = name or getattr(model, "name", type(model).__name__)
        # Set by the built-in factories, so configs hold a name.
        self.builtin = None

    def check_images(self, images):
        """Validates an image batch; returns it as a float32 NumPy array."""
        images = to_numpy(images)
        low, high = self.value_range
        if images.ndim != 4:
            raise ValueError(
                f"The {self.name!r} feature extractor takes a batch of "
                "images of shape (n, height, width, channels); received an "
                f"array of shape {images.shape}. Add the channel axis, for "
                "example with keras_gan_kit.datasets.scale_images(x, "
                "add_channel_axis=True)."
            )
        if self.image_shape is not None and images.shape[1:] != tuple(
            self.image_shape
        ):
            raise ValueError(
                f"The {self.name!r} feature extractor takes images of shape "
                f"{tuple(self.image_shape)}; received {images.shape[1:]}. "
                "Use an extractor made for these images (for example "
                "inception_v3_feature_extractor(), which resizes any size)."
            )
        if not np.issubdtype(images.dtype, np.floating):
            raise ValueError(
                f"The {self.name!r} feature extractor takes float images in "
                f"[{low:g}, {high:g}]; received dtype {images.dtype}. Scale "
                "them first, for example with "
                "keras_gan_kit.datasets.scale_images(x)."
            )
        if not np.all(np.isfinite(images)):
            raise ValueError(
                "The images contain NaN or infinite values; a metric on them "
                "would be meaningless. Check the generator's output."
            )
        outside = values_outside(images, (low, high))
        if outside is not None:
            data_low, data_high = outside
            raise ValueError(
                f"The {self.name!r} feature extractor takes values in "
                f"[{low:g}, {high:g}]; received values in "
                f"[{data_low:g}, {data_high:g}]. Rescale the images, for "
                "example with keras_gan_kit.datasets.scale_images(x)."
            )
        return images.astype("float32", copy=False)

    def _run(self, images):
        images = self.check_images(images)
        if isinstance(self.model, keras.Model):
            outputs = self.model.predict(
                images, batch_size=self.batch_size, verbose=0
            )
            outputs = (
                outputs if isinstance(outputs, list | tuple) else [outputs]
            )
            outputs = [np.asarray(output) for output in outputs]
        else:
            chunks = []
            for start in range(0, len(images), self.batch_size):
                result = self.model(images[start : start + self.batch_size])
                result = (
                    result if isinstance(result, list | tuple) else [result]
                )
                chunks.append([to_numpy(part) for part in result])
            outputs = [np.concatenate(parts, axis=0) for parts in zip(*chunks)]
        return self._check_outputs(outputs, len(images))

    def _check_outputs(self, outputs, num_images):
        outputs = [
            np.asarray(output).reshape(num_images, -1) for output in outputs
        ]
        for kind, output in zip(("features", "class logits"), outputs):
            if not np.all(np.isfinite(output)):
                raise ValueError(
                    f"The {self.name!r} feature extractor returned NaN or "
                    f"infinite {kind}; check its weights and inputs."
                )
        return outputs

    def features(self, images):
        """Feature vectors of `images`, a float32 array of shape `(n, d)`."""
        return self._run(images)[0]

    def features_and_logits(self, images):
        """`(features, class_logits)` of `images`; the logits are `None` when
        the model is not a classifier."""
        outputs = self._run(images)
        return outputs[0], (outputs[1] if len(outputs) > 1 else None)

    def class_logits(self, images):
        """Class logits of `images`, shape `(n, num_classes)`."""
        features, logits = self.features_and_logits(images)
        del features
        if logits is None:
            raise ValueError(
                f"The {self.name!r} feature extractor is not a classifier: "
                "its model returns features only. ClassifierScore and "
                "ConditionalAccuracy need a model that returns "
                "[features, class_logits], such as "
                "domain_feature_extractor('mnist')."
            )
        return logits

    def get_config(self):
        # The built-ins serialize as their name, weights included by
        # reloading; other models serialize their architecture only.
        if self.builtin is not None:
            return {"builtin": self.builtin}
        return {
            "model": keras.saving.serialize_keras_object(self.model),
            "image_shape": self.image_shape,
            "value_range": self.value_range,
            "batch_size": self.batch_size,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config):
        if "builtin" in config:
            return get(config["builtin"])
        config = dict(config)
        config["model"] = keras.saving.deserialize_keras_object(config["model"])
        return cls(**config)


# Extractors known by name: factories of no arguments. The domain
# classifiers are registered below; `metrics/inception.py` registers
# "inception_v3" when the package imports it, so this module imports none
# of the extractors built on it.
BUILTIN_EXTRACTORS = {}


def register_builtin(name, factory):
    """Makes `get(name)` return `factory()`."""
    BUILTIN_EXTRACTORS[name] = factory


def get(identifier):
    """Resolves a feature extractor: a name, a `FeatureExtractor`, a Keras
    model, a callable, or `None` (the inputs already are features)."""
    if identifier is None or isinstance(identifier, FeatureExtractor):
        return identifier
    if isinstance(identifier, str):
        if identifier in BUILTIN_EXTRACTORS:
            return BUILTIN_EXTRACTORS[identifier]()
        raise ValueError(
            f"Unknown feature extractor {identifier!r}. Use one of "
            f"{tuple(BUILTIN_EXTRACTORS)}, a FeatureExtractor, a "
            "Keras model or a callable."
        )
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    if callable(identifier):
        return FeatureExtractor(identifier)
    raise ValueError(
        "feature_extractor must be a name, a FeatureExtractor, a Keras model "
        f"or a callable; received {type(identifier).__name__}."
    )


def domain_feature_extractor(dataset="mnist"):
    """The shipped classifier of `dataset` as a `FeatureExtractor`.

    For the dataset's images in [-1, 1] (28x28 grayscale for MNIST and
    Fashion-MNIST, 32x32 RGB for CIFAR-10): 128 features (the penultimate
    ReLU layer) and 10 class logits. See `domain_classifier` for the
    network and its test accuracy.

    Args:
        dataset: `"mnist"`, `"fashion_mnist"` or `"cifar10"`.
            Defaults to `"mnist"`.

    Returns:
        A `FeatureExtractor` named `dataset`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import domain_feature_extractor

    extractor = domain_feature_extractor("mnist")
    images = np.full((2, 28, 28, 1), -1.0, "float32")
    features, logits = extractor.features_and_logits(images)
    print(features.shape, logits.shape)
    # (2, 128) (2, 10)
    ```
    """
    extractor = FeatureExtractor(domain_classifier(dataset), name=dataset)
    extractor.builtin = dataset
    return extractor


for _dataset in DOMAIN_DATASETS:
    register_builtin(
        _dataset, lambda dataset=_dataset: domain_feature_extractor(dataset)
    )
