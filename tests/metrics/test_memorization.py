"""The memorization check: nearest neighbours, threshold, share, grid."""

import numpy as np
import pytest

from keras_gan_kit import metrics
from keras_gan_kit.metrics import FeatureExtractor


def test_nearest_neighbors_match_brute_force():
    rng = np.random.default_rng(0)
    queries, references = rng.normal(size=(50, 6)), rng.normal(size=(70, 6))
    distances, indices = metrics.nearest_neighbors(
        queries, references, batch_size=16
    )
    full = np.linalg.norm(queries[:, None] - references[None], axis=-1)
    np.testing.assert_array_equal(indices, full.argmin(axis=1))
    np.testing.assert_allclose(distances, full.min(axis=1), rtol=1e-9)


def _flat():
    return FeatureExtractor(lambda images: images.reshape(len(images), -1))


def test_copies_are_found_and_counted(tmp_path):
    rng = np.random.default_rng(1)
    train = rng.uniform(-1, 1, (300, 4, 4, 1)).astype("float32")
    held_out = rng.uniform(-1, 1, (100, 4, 4, 1)).astype("float32")
    copies = train[[5, 17, 42]] + 0.01
    fresh = rng.uniform(-1, 1, (97, 4, 4, 1)).astype("float32")
    generated = np.concatenate([copies, fresh])
    report = metrics.memorization_check(
        generated, train, _flat(), held_out_images=held_out, quantile=0.01
    )
    assert report["indices"][:3].tolist() == [5, 17, 42]
    assert sorted(report["near_duplicates"])[:3] == [0, 1, 2]
    # The threshold is the 1% quantile of held-out real distances, so
    # fresh images fall below it about 1% of the time.
    assert 0.03 <= report["near_duplicate_share"] <= 0.06
    grid = metrics.save_memorization_grid(
        tmp_path / "pairs.png", generated, train, report, num_pairs=4
    )
    assert (tmp_path / "pairs.png").exists()
    # One row of 4 pairs, enlarged: generated | nearest real.
    assert grid.shape[1] > grid.shape[0]
    with pytest.raises(ValueError, match="quantile must be between 0 and 1"):
        metrics.memorization_check(generated, train, _flat(), quantile=1.5)
