"""A translator's scores: paired (L1, PSNR, SSIM, FID) and unpaired
(class shares, cycle L1, FID) against NumPy and the metric functions."""

import numpy as np
import pytest

from keras_gan_kit import metrics
from keras_gan_kit.metrics.translation_scores import center_crop_to


class _MeanPool:
    """A stand-in extractor: 4 features (the means of the image's
    quadrants) and logits that pick class 1 for bright images."""

    image_shape = (4, 4, 1)

    def features(self, images):
        return self.features_and_logits(images)[0]

    def features_and_logits(self, images):
        images = np.asarray(images)
        assert images.shape[1:] == self.image_shape
        quadrants = [
            images[:, r : r + 2, c : c + 2].mean(axis=(1, 2, 3))
            for r in (0, 2)
            for c in (0, 2)
        ]
        features = np.stack(quadrants, axis=1)
        mean = features.mean(axis=1, keepdims=True)
        return features, np.concatenate([-mean, mean], axis=1)


def test_center_crop_to_the_extractor_size():
    images = np.arange(2 * 6 * 6).reshape(2, 6, 6, 1)
    np.testing.assert_array_equal(
        center_crop_to(images, _MeanPool()), images[:, 1:5, 1:5]
    )
    with pytest.raises(ValueError, match="takes 4x4 images; received 3x3"):
        center_crop_to(images[:, :3, :3], _MeanPool())


def test_paired_scores_against_the_metric_functions():
    rng = np.random.default_rng(0)
    targets = rng.uniform(-1, 1, (40, 6, 6, 1)).astype("float32")
    outputs = np.clip(targets + rng.normal(0, 0.2, targets.shape), -1, 1)
    scores = metrics.paired_translation_scores(
        outputs, targets, _MeanPool(), fid_samples=30
    )
    assert scores["l1"] == pytest.approx(np.abs(outputs - targets).mean())
    assert scores["psnr"] == pytest.approx(metrics.psnr(outputs, targets))
    assert scores["ssim"] == pytest.approx(metrics.ssim(outputs, targets))
    extractor = _MeanPool()
    expected = metrics.frechet_distance(
        extractor.features(targets[:30, 1:5, 1:5]),
        extractor.features(outputs[:30, 1:5, 1:5]),
    )
    assert scores["fid"] == pytest.approx(expected)
    # Without an extractor, no FID.
    assert set(metrics.paired_translation_scores(outputs, targets)) == {
        "l1",
        "psnr",
        "ssim",
    }


class _Shift:
    """A translator that adds 1 from A to B and takes 1.5 back."""

    def translate(self, images, direction="ab"):
        return images + (1.0 if direction == "ab" else -1.5)


def test_unpaired_scores_count_classes_and_round_trips():
    rng = np.random.default_rng(1)
    dark = rng.uniform(-1, -0.5, (10, 4, 4, 1))
    bright = rng.uniform(0.5, 1, (10, 4, 4, 1))
    extractor = _MeanPool()
    scores = metrics.unpaired_translation_scores(
        _Shift(),
        {"ab": dark, "ba": bright},
        {"ab": 1, "ba": 0},
        extractor,
        real_features={"ab": extractor.features(bright)},
    )
    # Dark + 1 lands around 0.25, bright - 1.5 around -0.75: all reach
    # their classes; a round trip is off by 0.5 either way.
    assert scores["ab_class_share"] == 1.0
    assert scores["ba_class_share"] == 1.0
    assert scores["ab_cycle_l1"] == pytest.approx(0.5)
    assert scores["ba_cycle_l1"] == pytest.approx(0.5)
    assert scores["ab_fid"] == pytest.approx(
        metrics.frechet_distance(
            extractor.features(bright), extractor.features(dark + 1.0)
        )
    )
    assert "ba_fid" not in scores
    with pytest.raises(ValueError, match="No target class for direction 'ba'"):
        metrics.unpaired_translation_scores(
            _Shift(), {"ba": bright}, {"ab": 1}, extractor
        )
