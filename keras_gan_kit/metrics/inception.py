"""InceptionV3 pool features, the feature space of the published FID."""

import os

import keras

from keras_gan_kit.metrics.feature_extractor import FeatureExtractor
from keras_gan_kit.metrics.feature_extractor import register_builtin

WEIGHTS_FILE = "inception_v3_weights_tf_dim_ordering_tf_kernels.h5"
WEIGHTS_URL = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "inception_v3/" + WEIGHTS_FILE
)
WEIGHTS_MD5 = "9a0d58056eeedaa3f26cb7ebd46da564"
INPUT_SIZE = 299


def _keras_cache_file():
    home = os.environ.get("KERAS_HOME", os.path.expanduser("~/.keras"))
    return os.path.join(home, "models", WEIGHTS_FILE)


def resolve_weights(weights):
    """A local path for `weights` ("imagenet", a path or None)."""
    if weights is None:
        return None
    if weights != "imagenet":
        path = os.fspath(weights)
        if not os.path.isfile(path):
            raise ValueError(
                f"InceptionV3 weights file {path!r} does not exist. Pass "
                f"the path of {WEIGHTS_FILE} (from {WEIGHTS_URL}), or "
                "weights='imagenet' to use Keras's cache."
            )
        return path
    cached = _keras_cache_file()
    if os.path.isfile(cached):
        return cached
    try:
        return keras.utils.get_file(
            WEIGHTS_FILE,
            WEIGHTS_URL,
            cache_subdir="models",
            file_hash=WEIGHTS_MD5,
        )
    except Exception as error:
        raise ValueError(
            "The ImageNet weights of InceptionV3 are not in Keras's cache "
            f"({cached}) and could not be downloaded ({error}). On a machine "
            f"with internet, download {WEIGHTS_URL} and copy it there, or "
            "pass its path as weights=... . For offline metrics on 28x28 "
            "grayscale images, use the bundled "
            "domain_feature_extractor('mnist') or ('fashion_mnist')."
        ) from error


def _inception_model(image_shape, weights_path):
    application = keras.applications.InceptionV3(
        include_top=True,
        weights=weights_path,
        input_shape=(INPUT_SIZE, INPUT_SIZE, 3),
        classifier_activation=None,
    )
    backbone = keras.Model(
        application.inputs,
        [application.get_layer("avg_pool").output, application.outputs[0]],
        name="inception_v3_backbone",
    )
    inputs = keras.Input(image_shape, name="images")
    x = keras.layers.Resizing(INPUT_SIZE, INPUT_SIZE, name="resize")(inputs)
    if image_shape[-1] == 1:
        # Grayscale tiled to RGB, as the published FID code does.
        x = keras.layers.Concatenate(name="gray_to_rgb")([x, x, x])
    elif image_shape[-1] != 3:
        raise ValueError(
            "InceptionV3 takes RGB or grayscale images; received images with "
            f"{image_shape[-1]} channels."
        )
    features, logits = backbone(x)
    return keras.Model(inputs, [features, logits], name="inception_v3")


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class InceptionV3FeatureExtractor(FeatureExtractor):
    """InceptionV3's 2048 pool features and 1000 ImageNet logits.

    Images of any size are resized to 299x299 (bilinear) and grayscale is
    tiled to RGB inside the model; inputs are in [-1, 1], which is also
    InceptionV3's own preprocessing. The network is built on first use, for
    the image shape it meets.

    Keras's ImageNet weights are not the TensorFlow graph of the original
    FID code (`pt_inception-2015-12-05`), so scores are close to, not equal
    to, published ones: compare numbers computed with the same extractor.

    Args:
        weights: `"imagenet"` (Keras's cache, else a download), a path to
            `inception_v3_weights_tf_dim_ordering_tf_kernels.h5`, or `None`
            for random weights (for testing the plumbing only).
            Defaults to `"imagenet"`.
        image_shape: Build for this `(height, width, channels)` at once.
            Defaults to `None` (on first use).
        batch_size: Images per forward pass. Defaults to `32`.

    Examples:

    ```python
    from keras_gan_kit.metrics import InceptionV3FeatureExtractor

    extractor = InceptionV3FeatureExtractor(weights=None)
    print(extractor.name, extractor.value_range)
    # inception_v3 (-1.0, 1.0)
    ```
    """

    def __init__(self, weights="imagenet", image_shape=None, batch_size=32):
        self.weights = weights
        self._weights_path = resolve_weights(weights)
        super().__init__(
            self._build,
            image_shape=image_shape,
            batch_size=batch_size,
            name="inception_v3",
        )
        self.models = {}
        if image_shape is not None:
            self._model_for(tuple(image_shape))

    def _build(self, images):
        return self._model_for(tuple(images.shape[1:]))(images)

    def _model_for(self, image_shape):
        if image_shape not in self.models:
            self.models[image_shape] = _inception_model(
                image_shape, self._weights_path
            )
        return self.models[image_shape]

    def _run(self, images):
        images = self.check_images(images)
        model = self._model_for(tuple(images.shape[1:]))
        features, logits = model.predict(
            images, batch_size=self.batch_size, verbose=0
        )
        return super()._check_outputs([features, logits], len(images))

    def get_config(self):
        return {
            "weights": self.weights,
            "image_shape": self.image_shape,
            "batch_size": self.batch_size,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def inception_v3_feature_extractor(weights="imagenet", image_shape=None):
    """Shorthand for `InceptionV3FeatureExtractor(weights, image_shape)`.

    Args:
        weights: `"imagenet"`, a path to the weights file, or `None`.
            Defaults to `"imagenet"`.
        image_shape: Image shape to build for at once. Defaults to `None`.

    Returns:
        An `InceptionV3FeatureExtractor`.

    Examples:

    ```python
    from keras_gan_kit.metrics import inception_v3_feature_extractor

    extractor = inception_v3_feature_extractor(weights=None)
    print(type(extractor).__name__)
    # InceptionV3FeatureExtractor
    ```
    """
    return InceptionV3FeatureExtractor(weights=weights, image_shape=image_shape)


register_builtin("inception_v3", inception_v3_feature_extractor)
