"""What every quality metric shares: feature extraction, input checks, the
real/generated split of its state and saved reference statistics."""

import os
import zipfile

import keras
import numpy as np

from keras_gan_kit.metrics import feature_extractor as extractors
from keras_gan_kit.utils import atomic_path
from keras_gan_kit.utils.arrays import to_numpy


def check_features(features, what="features"):
    """Validates a feature array; returns it as float64, shape (n, d)."""
    features = to_numpy(features)
    if features.ndim != 2:
        raise ValueError(
            f"The {what} must be a 2-D array of shape (num_samples, "
            f"feature_dim); received shape {features.shape}. Flatten them, "
            "or give the metric a feature_extractor that maps images to "
            "vectors."
        )
    features = features.astype("float64")
    if not np.all(np.isfinite(features)):
        raise ValueError(
            f"The {what} contain NaN or infinite values; a score on them "
            "would be meaningless. Check the images and the feature "
            "extractor."
        )
    return features


def check_same_dim(features_a, features_b):
    if features_a.shape[1] != features_b.shape[1]:
        raise ValueError(
            "The two feature sets have different dimensions: "
            f"{features_a.shape[1]} and {features_b.shape[1]}. Extract both "
            "with the same feature extractor."
        )


def extractor_config(identifier, extractor):
    if identifier is None or isinstance(identifier, str):
        return identifier
    return keras.saving.serialize_keras_object(extractor)


class FeatureMetric(keras.metrics.Metric):
    """A metric comparing features of real and of generated images.

    Subclasses keep their state in float64 NumPy arrays on the host, so the
    score is the same on every backend (JAX, by default, has no float64),
    and implement `update_real`, `update_generated`, `reset_real`,
    `reset_generated`, `real_state`, `set_real_state` and `result`.
    """

    def __init__(
        self,
        feature_extractor=None,
        keep_real_statistics=True,
        name=None,
        dtype=None,
    ):
        super().__init__(name=name, dtype=dtype)
        self._extractor_identifier = feature_extractor
        self.feature_extractor = extractors.get(feature_extractor)
        self.keep_real_statistics = bool(keep_real_statistics)
        self.reset_real()
        self.reset_generated()

    @property
    def feature_space(self):
        """The name of the feature space (saved with reference files)."""
        if self.feature_extractor is None:
            return "features"
        return self.feature_extractor.name

    def extract(self, images, what):
        if self.feature_extractor is None:
            return check_features(images, what)
        return check_features(self.feature_extractor.features(images), what)

    def update_state(self, real_images=None, generated_images=None):
        """Adds a batch of real and/or generated images.

        With `feature_extractor=None` the inputs are feature vectors.

        Args:
            real_images: A batch of real images. Defaults to `None`.
            generated_images: A batch of generated images.
                Defaults to `None`.
        """
        if real_images is None and generated_images is None:
            raise ValueError(
                f"{type(self).__name__}.update_state() received neither "
                "real_images nor generated_images; pass at least one."
            )
        if real_images is not None:
            self.update_real(self.extract(real_images, "real features"))
        if generated_images is not None:
            self.update_generated(
                self.extract(generated_images, "generated features")
            )

    @property
    def num_real(self):
        """How many real samples the state holds."""
        raise NotImplementedError

    def reset_state(self):
        """Forgets the generated samples, and the real ones too unless
        `keep_real_statistics` (the default) keeps them."""
        self.reset_generated()
        if not self.keep_real_statistics:
            self.reset_real()

    def save_real_statistics(self, path):
        """Writes the real-data state to a `.npz` file, whole or not at all.

        Compute the statistics of a dataset once, then load them in later
        runs with `load_real_statistics`.

        Args:
            path: Destination `.npz` file.
        """
        if not self.num_real:
            raise ValueError(
                f"{type(self).__name__} holds no real samples to save. Call "
                "update_state(real_images=...) first."
            )
        arrays = {f"state_{key}": value for key, value in self.real_state()}
        with atomic_path(path) as temporary:
            with open(temporary, "wb") as file:
                np.savez(
                    file,
                    metric=np.array(type(self).__name__),
                    feature_space=np.array(self.feature_space),
                    **arrays,
                )

    def load_real_statistics(self, path):
        """Replaces the real-data state with one saved by
        `save_real_statistics`.

        Args:
            path: A `.npz` file written by `save_real_statistics`.
        """
        path = os.fspath(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                contents = {key: data[key] for key in data.files}
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
            raise ValueError(
                f"Could not read reference statistics from {path!r} "
                f"({error}). Expected a .npz file written by "
                "save_real_statistics(); recompute it if it is corrupt."
            ) from error
        kind = str(contents.get("metric", ""))
        if kind != type(self).__name__:
            raise ValueError(
                f"{path!r} holds statistics of {kind or 'an unknown metric'}, "
                f"not of {type(self).__name__}. Compute them with a "
                f"{type(self).__name__} and save_real_statistics()."
            )
        space = str(contents.get("feature_space", ""))
        if space != self.feature_space:
            raise ValueError(
                f"{path!r} holds statistics in the {space!r} feature space, "
                f"but this metric uses {self.feature_space!r}. Scores across "
                "feature spaces are not comparable; recompute the "
                "statistics with this extractor."
            )
        state = {
            key[len("state_") :]: value
            for key, value in contents.items()
            if key.startswith("state_")
        }
        self.set_real_state(state)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "feature_extractor": extractor_config(
                    self._extractor_identifier, self.feature_extractor
                ),
                "keep_real_statistics": self.keep_real_statistics,
            }
        )
        return config


class FeatureStore:
    """Feature vectors collected batch by batch, up to `max_samples`."""

    def __init__(self, max_samples):
        self.max_samples = max_samples
        self.reset()

    def reset(self):
        self.chunks = []
        self.count = 0

    def add(self, features, metric_name):
        if self.count + len(features) > self.max_samples:
            raise ValueError(
                f"{metric_name} holds at most max_samples="
                f"{self.max_samples} samples per set; adding "
                f"{len(features)} to {self.count} would exceed it. Raise "
                "max_samples, or call reset_state()."
            )
        if self.chunks and self.chunks[0].shape[1] != features.shape[1]:
            raise ValueError(
                f"{metric_name} holds features of dimension "
                f"{self.chunks[0].shape[1]}; received dimension "
                f"{features.shape[1]}. Use one feature extractor throughout."
            )
        self.chunks.append(features)
        self.count += len(features)

    def array(self):
        if not self.chunks:
            return np.zeros((0, 0))
        if len(self.chunks) > 1:
            self.chunks = [np.concatenate(self.chunks, axis=0)]
        return self.chunks[0]


class FeatureSetMetric(FeatureMetric):
    """A `FeatureMetric` that needs every feature vector (KID, precision
    and recall), not only running sums."""

    def __init__(self, max_samples=50_000, **kwargs):
        self.max_samples = int(max_samples)
        self.real = FeatureStore(self.max_samples)
        self.generated = FeatureStore(self.max_samples)
        super().__init__(**kwargs)

    @property
    def num_real(self):
        return self.real.count

    def update_real(self, features):
        self.real.add(features, type(self).__name__)

    def update_generated(self, features):
        self.generated.add(features, type(self).__name__)

    def reset_real(self):
        self.real.reset()

    def reset_generated(self):
        self.generated.reset()

    def real_state(self):
        return [("features", self.real.array().astype("float32"))]

    def set_real_state(self, state):
        if "features" not in state:
            raise ValueError(
                "The reference file holds no real features; recompute it "
                "with save_real_statistics()."
            )
        self.real.reset()
        self.update_real(check_features(state["features"], "saved features"))

    def feature_sets(self):
        real, generated = self.real.array(), self.generated.array()
        if not (len(real) and len(generated)):
            raise ValueError(
                f"{type(self).__name__} has {len(real)} real and "
                f"{len(generated)} generated samples; it needs both. Call "
                "update_state(real_images=..., generated_images=...)."
            )
        return real, generated

    def get_config(self):
        config = super().get_config()
        config["max_samples"] = self.max_samples
        return config
