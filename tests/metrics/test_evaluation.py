"""`keras_gan_kit.evaluate` and the `QualityEvaluation` callback in fit()."""

import csv

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import callbacks
from keras_gan_kit import metrics
from tests.conftest import IMAGE_SHAPE
from tests.conftest import make_gan
from tests.conftest import make_images


def _flatten_extractor():
    model = keras.Sequential(
        [keras.Input(IMAGE_SHAPE), keras.layers.Flatten()], name="pixels"
    )
    return metrics.FeatureExtractor(model)


def test_quality_evaluation_puts_fid_into_history(tmp_path):
    gan = make_gan()
    gan.compile()
    real = make_images(64)
    quality = callbacks.QualityEvaluation(
        real,
        metrics=["fid", "kid", "precision_recall"],
        feature_extractor=_flatten_extractor(),
        num_samples=64,
    )
    csv_path = tmp_path / "log.csv"
    stopper = keras.callbacks.EarlyStopping(
        monitor="fid", mode="min", patience=5
    )
    history = gan.fit(
        real,
        batch_size=16,
        epochs=2,
        verbose=0,
        callbacks=[quality, stopper, keras.callbacks.CSVLogger(csv_path)],
    )
    for key in ("fid", "kid", "kid_std", "precision", "recall"):
        assert len(history.history[key]) == 2
        assert np.isfinite(history.history[key]).all()
    with open(csv_path) as file:
        rows = list(csv.DictReader(file))
    assert float(rows[-1]["fid"]) == pytest.approx(history.history["fid"][-1])
    # The score is of the model as it is: evaluate() agrees.
    again = keras_gan_kit.evaluate(
        gan,
        real,
        metrics=["fid"],
        feature_extractor=_flatten_extractor(),
        num_samples=64,
    )
    assert again["fid"] == pytest.approx(history.history["fid"][-1])


def test_quality_evaluation_every_n_epochs_and_real_statistics_once():
    gan = make_gan()
    gan.compile()
    real = make_images(64)
    seen = []

    class Counting(metrics.FeatureExtractor):
        def features_and_logits(self, images):
            seen.append(len(images))
            return super().features_and_logits(images)

    extractor = Counting(_flatten_extractor().model)
    quality = callbacks.QualityEvaluation(
        real, feature_extractor=extractor, every_n_epochs=2, num_samples=40
    )
    history = gan.fit(
        real, batch_size=16, epochs=4, verbose=0, callbacks=[quality]
    )
    assert len(history.history["fid"]) == 2  # epochs 2 and 4
    assert seen == [64, 40, 40]  # real once, generated per evaluation


def test_conditional_metrics_in_fit_on_mnist_shaped_data():
    generator = builders.conditional_generator(
        latent_dim=8,
        num_classes=10,
        image_shape=(28, 28, 1),
        filters=8,
    )
    discriminator = builders.conditional_discriminator(
        image_shape=(28, 28, 1), num_classes=10, filters=8
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator, seed=0)
    gan.compile()
    rng = np.random.default_rng(0)
    images = np.tanh(rng.normal(size=(200, 28, 28, 1))).astype("float32")
    labels = rng.integers(0, 10, 200)
    quality = callbacks.QualityEvaluation(
        images,
        metrics=["fid", "classifier_score", "conditional_accuracy"],
        feature_extractor="mnist",
        num_samples=200,
    )
    history = gan.fit(
        images[:32],
        labels[:32],
        batch_size=16,
        epochs=1,
        verbose=0,
        callbacks=[quality],
    )
    assert 1.0 <= history.history["classifier_score"][0] <= 10.0
    assert 0.0 <= history.history["conditional_accuracy"][0] <= 1.0
    assert history.history["fid"][0] > 0


def test_evaluate_a_bare_generator_and_loaded_reference(tmp_path):
    gan = make_gan()
    real = make_images(64)
    fid = metrics.FrechetDistance(_flatten_extractor())
    fid.update_state(real_images=real)
    fid.save_real_statistics(tmp_path / "reference.npz")
    loaded = metrics.FrechetDistance(_flatten_extractor())
    loaded.load_real_statistics(tmp_path / "reference.npz")
    from_file = keras_gan_kit.evaluate(
        gan.generator, metrics=[loaded], num_samples=50
    )
    from_data = keras_gan_kit.evaluate(
        gan.generator,
        real,
        feature_extractor=_flatten_extractor(),
        num_samples=50,
    )
    assert from_file["fid"] == pytest.approx(from_data["fid"], rel=1e-9)
    # A bare generator is sampled like the GAN samples it.
    with_gan = keras_gan_kit.evaluate(
        gan, real, feature_extractor=_flatten_extractor(), num_samples=50
    )
    assert with_gan["fid"] == pytest.approx(from_data["fid"], rel=1e-5)


def test_evaluation_errors():
    gan = make_gan()
    with pytest.raises(ValueError, match="needs a feature_extractor"):
        keras_gan_kit.evaluate(gan, make_images(), metrics=["fid"])
    with pytest.raises(ValueError, match="Unknown metric 'is'"):
        keras_gan_kit.evaluate(
            gan, make_images(), metrics=["is"], feature_extractor="mnist"
        )
    with pytest.raises(ValueError, match="need real images"):
        keras_gan_kit.evaluate(
            gan, None, feature_extractor=_flatten_extractor()
        )
    with pytest.raises(ValueError, match="every_n_epochs"):
        callbacks.QualityEvaluation(
            make_images(), every_n_epochs=0, feature_extractor="mnist"
        )
    with pytest.raises(ValueError, match=r"takes images of shape \(28, 28"):
        keras_gan_kit.evaluate(
            gan, make_images(), feature_extractor="mnist", num_samples=10
        )
