"""L1, PSNR and SSIM against NumPy formulas and TensorFlow's SSIM."""

import numpy as np
import pytest

from keras_gan_kit import metrics


def _images(seed, shape=(3, 24, 20, 2)):
    rng = np.random.default_rng(seed)
    smooth = rng.uniform(-1, 1, shape)
    for axis in (1, 2):  # some structure, not pure noise
        smooth = (smooth + np.roll(smooth, 1, axis=axis)) / 2
    return smooth


def test_l1_and_psnr_against_their_formulas():
    a, b = _images(0), _images(1)
    assert metrics.mean_absolute_error(a, b) == pytest.approx(
        np.abs(a - b).mean()
    )
    mse = ((a - b) ** 2).mean(axis=(1, 2, 3))
    assert metrics.psnr(a, b) == pytest.approx(
        np.mean(10 * np.log10(4.0 / mse))
    )
    assert metrics.psnr(a, a) == 100.0


def test_ssim_properties():
    a, b = _images(0), _images(1)
    assert metrics.ssim(a, a) == pytest.approx(1.0)
    assert metrics.ssim(a, b) == pytest.approx(metrics.ssim(b, a))
    noisy = a + np.random.default_rng(2).normal(0, 0.1, a.shape)
    noisier = a + np.random.default_rng(2).normal(0, 0.3, a.shape)
    assert 1.0 > metrics.ssim(a, noisy) > metrics.ssim(a, noisier)
    assert metrics.ssim(a, a + 0.5) < 1.0  # luminance alone differs


def test_ssim_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    a, b = _images(3), _images(4)
    expected = tf.image.ssim(
        tf.constant(a, tf.float32), tf.constant(b, tf.float32), max_val=2.0
    )
    assert metrics.ssim(a, b) == pytest.approx(
        float(np.mean(expected.numpy())), abs=1e-5
    )


def test_mismatched_batches_are_refused():
    with pytest.raises(ValueError, match=r"received \(3, 24, 20, 2\) and"):
        metrics.ssim(_images(0), _images(0)[:2])
