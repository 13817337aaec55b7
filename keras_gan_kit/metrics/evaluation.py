"""Scoring a generator: metric names, sampling, one pass of extraction."""

import keras
import numpy as np

from keras_gan_kit.metrics import feature_extractor as extractors
from keras_gan_kit.metrics.base import FeatureMetric
from keras_gan_kit.metrics.base import check_features
from keras_gan_kit.metrics.classifier_score import ClassifierScore
from keras_gan_kit.metrics.conditional_accuracy import ConditionalAccuracy
from keras_gan_kit.metrics.frechet_distance import FrechetDistance
from keras_gan_kit.metrics.kernel_distance import KernelDistance
from keras_gan_kit.metrics.precision_recall import PrecisionRecall
from keras_gan_kit.utils.arrays import check_labels
from keras_gan_kit.utils.arrays import check_num_samples
from keras_gan_kit.utils.sampling import balanced_labels
from keras_gan_kit.utils.sampling import draw_latent
from keras_gan_kit.utils.sampling import label_classes

METRICS = {
    "fid": FrechetDistance,
    "kid": KernelDistance,
    "precision_recall": PrecisionRecall,
    "classifier_score": ClassifierScore,
    "conditional_accuracy": ConditionalAccuracy,
}
_SUPPORTED = (FeatureMetric, ClassifierScore, ConditionalAccuracy)


def build_metrics(metrics, feature_extractor):
    """Metric objects from names or instances; names share one extractor."""
    if isinstance(metrics, str | keras.metrics.Metric):
        metrics = [metrics]
    metrics = list(metrics)
    if not metrics:
        raise ValueError(
            f"No metrics given; pass names from {sorted(METRICS)} or metric "
            "objects."
        )
    shared = None
    built = []
    for metric in metrics:
        if isinstance(metric, str):
            if metric not in METRICS:
                raise ValueError(
                    f"Unknown metric {metric!r}; use one of "
                    f"{sorted(METRICS)} or a metric object."
                )
            if feature_extractor is None:
                raise ValueError(
                    f"The metric {metric!r} needs a feature_extractor: "
                    "'mnist' for digits, 'fashion_mnist' for clothes (both "
                    "bundled, offline, 28x28 grayscale), 'inception_v3' for "
                    "scores comparable to papers, or your own Keras model."
                )
            if shared is None:
                shared = extractors.get(feature_extractor)
            metric = METRICS[metric](feature_extractor=shared)
        elif not isinstance(metric, _SUPPORTED):
            raise ValueError(
                "Metrics must be names or FrechetDistance, KernelDistance, "
                "PrecisionRecall, ClassifierScore or ConditionalAccuracy "
                f"objects; received {type(metric).__name__}."
            )
        built.append(metric)
    return built


def _groups(metrics):
    groups = {}
    for metric in metrics:
        key = id(metric.feature_extractor)
        groups.setdefault(key, (metric.feature_extractor, []))[1].append(metric)
    return list(groups.values())


def _extract(extractor, images):
    if extractor is None:
        array = check_features(images)
        return array, array
    features, logits = extractor.features_and_logits(images)
    return check_features(features), logits


def update_real(metrics, images):
    """Adds real images to every metric that compares with real data."""
    for extractor, members in _groups(metrics):
        members = [m for m in members if isinstance(m, FeatureMetric)]
        if members:
            features, _ = _extract(extractor, images)
            for metric in members:
                metric.update_real(features)


def update_generated(metrics, images, labels=None):
    """Adds generated images (and their requested labels) to every metric,
    extracting features once per extractor."""
    for extractor, members in _groups(metrics):
        features, logits = _extract(extractor, images)
        for metric in members:
            if isinstance(metric, FeatureMetric):
                metric.update_generated(features)
                continue
            if logits is None:
                extractor.class_logits(images[:1])  # raises, with the fix
            if isinstance(metric, ClassifierScore):
                metric.update_logits(logits)
            else:
                if labels is None:
                    raise ValueError(
                        "ConditionalAccuracy needs the labels the images "
                        "were generated for; score a ConditionalGAN or a "
                        "conditional generator."
                    )
                metric.update_logits(logits, labels)


def results(metrics):
    """Flat `{key: float}` of every metric's result."""
    values = {}
    for metric in metrics:
        result = metric.result()
        if isinstance(result, dict):
            values.update({key: float(v) for key, v in result.items()})
        else:
            values[metric.name] = float(result)
    return values


def _batches(real_data):
    """Image batches of `real_data`: an array, or an iterable of arrays or
    `(images, labels)` pairs."""
    if hasattr(real_data, "shape"):
        yield real_data
        return
    for batch in real_data:
        if isinstance(batch, tuple | list):
            batch = batch[0]
        yield batch


def add_real_data(metrics, real_data):
    """Feeds `real_data` to the metrics that still lack real statistics."""
    hungry = [
        metric
        for metric in metrics
        if isinstance(metric, FeatureMetric) and not metric.num_real
    ]
    if not hungry:
        return
    if real_data is None:
        raise ValueError(
            "The metrics need real images and received none. Pass "
            "real_data, or load saved statistics into the metric objects "
            "with load_real_statistics()."
        )
    for batch in _batches(real_data):
        update_real(hungry, batch)


def _is_gan(model):
    """A `GAN` (or subclass): a Keras model with a generator to sample."""
    return hasattr(model, "generator") and callable(
        getattr(model, "generate", None)
    )


def check_image_shapes(model, real_data, arg_name="real_data"):
    """Refuses real images of another shape than `model` generates, before
    any feature extractor is loaded. Data without a `shape` (a dataset)
    is checked batch by batch later, by the metrics."""
    generator = model.generator if _is_gan(model) else model
    real_shape = getattr(real_data, "shape", None)
    if not isinstance(generator, keras.Model) or real_shape is None:
        return
    generated = tuple(generator.outputs[0].shape[1:])
    real = tuple(real_shape[1:])
    if generated != real:
        raise ValueError(
            f"The generator {generator.name!r} makes images of shape "
            f"{generated}, but {arg_name} holds images of shape {real}; "
            "expected real images of the generated shape, since the scores "
            "compare the two. Pass the dataset the generator was trained "
            "on (or one of its shape)."
        )


def _as_pictures(images):
    """Images as pictures of them are written: clipped to [-1, 1]."""
    return np.clip(np.asarray(images), -1.0, 1.0)


def generate_samples(
    model,
    num_samples,
    seed=0,
    batch_size=128,
    use_ema=None,
    num_classes=None,
    latent_distribution="normal",
    labels=None,
    latent=None,
):
    """Draws `num_samples` images from a GAN or a bare generator.

    For conditional models `labels` (`num_samples` class indices) picks
    each image's class; by default the classes are balanced. A bare
    generator takes `latent` (`(num_samples, latent_dim)`) when given,
    instead of latents drawn with `seed`.

    The images come back clipped to [-1, 1], as pictures of them are
    written: generators that end without a tanh (StyleGAN2's, R3GAN's)
    overshoot that range a little.

    Returns:
        `(images, labels)`; labels are `None` for unconditional models and
        balanced over the classes (or the given ones) otherwise.
    """
    num_samples = check_num_samples(num_samples)
    # A GAN or ConditionalGAN is recognized by what it offers (generate,
    # and num_classes for conditional ones): metrics import no models.
    if _is_gan(model) and getattr(model, "num_classes", None):
        if labels is None:
            labels = balanced_labels(num_samples, model.num_classes)
        images = model.generate(
            labels=labels, batch_size=batch_size, seed=seed, use_ema=use_ema
        )
        return _as_pictures(images), labels
    if _is_gan(model):
        images = model.generate(
            num_samples, batch_size=batch_size, seed=seed, use_ema=use_ema
        )
        return _as_pictures(images), None
    if not isinstance(model, keras.Model):
        raise ValueError(
            "Expected a GAN, a ConditionalGAN or a generator keras.Model; "
            f"received {type(model).__name__}."
        )
    if latent is None:
        latent = draw_latent(
            num_samples, model.inputs[0].shape[-1], latent_distribution, seed
        )
    if len(model.inputs) == 1:
        images = model.predict(latent, batch_size=batch_size, verbose=0)
        return _as_pictures(images), None
    num_classes = num_classes or label_classes(model)
    if num_classes is None:
        raise ValueError(
            f"The generator {model.name!r} takes labels, but its class count "
            "could not be read from an Embedding layer. Pass num_classes."
        )
    if labels is None:
        labels = balanced_labels(num_samples, num_classes)
    else:
        labels = check_labels(labels, num_classes, num_samples)
    label_input = (
        labels.reshape(-1, 1) if len(model.inputs[1].shape) == 2 else labels
    )
    images = model.predict(
        [latent, label_input], batch_size=batch_size, verbose=0
    )
    return _as_pictures(images), labels


def evaluate(
    model,
    real_data=None,
    metrics=("fid",),
    feature_extractor=None,
    num_samples=10_000,
    batch_size=128,
    seed=0,
    use_ema=None,
    num_classes=None,
    latent_distribution="normal",
):
    """Scores a GAN or a saved generator against real data.

    Draws `num_samples` images (class labels balanced for conditional
    models; the EMA generator when attached), extracts features once per
    feature extractor and returns every metric's value.

    Args:
        model: A `GAN`, a `ConditionalGAN` or a generator `keras.Model`
            (one input: latents; two: `[latents, labels]`).
        real_data: Real images in the extractor's range (an array or an
            iterable of batches), or `None` when every metric object
            already holds real statistics (`load_real_statistics`).
            Defaults to `None`.
        metrics: Names (`"fid"`, `"kid"`, `"precision_recall"`,
            `"classifier_score"`, `"conditional_accuracy"`) or metric
            objects. Defaults to `("fid",)`.
        feature_extractor: For metrics given by name: `"mnist"`,
            `"fashion_mnist"`, `"inception_v3"`, a `FeatureExtractor` or a
            Keras model. Defaults to `None`.
        num_samples: Generated images. Defaults to `10000`.
        batch_size: Images per forward pass. Defaults to `128`.
        seed: Seed of the latents. Defaults to `0`.
        use_ema: For a GAN: sample with the EMA generator (`None`: when
            attached). Defaults to `None`.
        num_classes: For a bare conditional generator without an
            `Embedding` layer. Defaults to `None`.
        latent_distribution: For a bare generator: `"normal"` or
            `"uniform"`, as it was trained. Defaults to `"normal"`.

    Returns:
        A dict of Python floats, for example `{"fid": 3.2}`; KID adds
        `"kid"` and `"kid_std"`, precision-recall `"precision"` and
        `"recall"`.

    Examples:

    ```python
    import keras
    import numpy as np
    import keras_gan_kit
    from keras_gan_kit.metrics import FeatureExtractor

    generator = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(16, activation="tanh"),
         keras.layers.Reshape((4, 4, 1))]
    )
    extractor = FeatureExtractor(
        keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten()])
    )
    real = np.random.default_rng(0).uniform(-1, 1, (64, 4, 4, 1))
    scores = keras_gan_kit.evaluate(
        generator, real.astype("float32"), metrics=["fid", "kid"],
        feature_extractor=extractor, num_samples=64,
    )
    print(sorted(scores))
    # ['fid', 'kid', 'kid_std']
    ```
    """
    check_image_shapes(model, real_data)
    return score(
        build_metrics(metrics, feature_extractor),
        model,
        real_data,
        num_samples,
        seed=seed,
        batch_size=batch_size,
        use_ema=use_ema,
        num_classes=num_classes,
        latent_distribution=latent_distribution,
    )


def score(metrics, model, real_data, num_samples, **sampling):
    """Scores `model` with built metric objects: real statistics once (for
    metrics that lack them), then a fresh set of `num_samples` generated
    images. `sampling` goes to `generate_samples`."""
    add_real_data(metrics, real_data)
    images, labels = generate_samples(model, num_samples, **sampling)
    for metric in metrics:
        metric.reset_state()
    update_generated(metrics, images, labels)
    return results(metrics)
