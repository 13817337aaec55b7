"""The generators shipped with the package: offline, checked, and as good
as when they were recorded (a quality regression test in seconds)."""

import os
import shutil

import numpy as np
import pytest

from keras_gan_kit import presets
from keras_gan_kit.presets import pretrained

SHIPPED = sorted(presets.list_pretrained())
# Backends and kernels round differently; a real regression moves the
# scores far more than this (an untrained generator's FID is above 200).
# Distances (FID, L1) may grow by a share, accuracies and SSIM drop by
# an amount.
RELATIVE_MARGIN = 0.15
ACCURACY_MARGIN = 0.03


TRANSLATORS = ["cyclegan_sneaker2boot", "pix2pix_edges2fashion"]


def _size(name):
    entry = presets.list_pretrained()[name]
    return os.path.getsize(os.path.join(pretrained.WEIGHTS_DIR, entry["file"]))


def test_the_fashion_mnist_presets_ship_within_the_size_budget():
    assert SHIPPED == sorted(
        ["cgan_fashion_mnist", "dcgan_fashion_mnist", *TRANSLATORS]
    )
    generators = [name for name in SHIPPED if name not in TRANSLATORS]
    assert sum(map(_size, generators)) <= 8 * 2**20
    assert sum(map(_size, TRANSLATORS)) <= 6 * 2**20


# For each recorded score: True where higher is better.
HIGHER_IS_BETTER = {
    "fid": False,
    "conditional_accuracy": True,
    "l1": False,
    "ssim": True,
    "ab_class_share": True,
    "ba_class_share": True,
    "ab_cycle_l1": False,
    "ba_cycle_l1": False,
}


def _within(key, score, recorded):
    if HIGHER_IS_BETTER[key]:
        return score >= recorded - ACCURACY_MARGIN
    return score <= recorded * (1 + RELATIVE_MARGIN)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_generator_keeps_its_recorded_quality(name):
    entry = presets.list_pretrained()[name]
    model = presets.from_preset(name, pretrained=True)
    scores = pretrained.regression_scores(model)
    recorded = {key: entry[key] for key in HIGHER_IS_BETTER if key in entry}
    assert recorded and set(recorded) == set(scores), (entry, scores)
    for key, value in recorded.items():
        assert _within(key, scores[key], value), (key, scores, entry)
    # The same networks untrained fail every bound: the test can fail.
    untrained = pretrained.regression_scores(
        presets.from_preset(name), num_samples=500
    )
    for key, value in recorded.items():
        assert not _within(key, untrained[key], value), (key, untrained)
    if "fid" in recorded:
        assert untrained["fid"] > 3 * entry["fid"] * (1 + RELATIVE_MARGIN)


def test_pretrained_translators_translate_at_once(tmp_path):
    from keras_gan_kit import datasets

    edges, images = datasets.translation_task("edges2fashion", "test")
    pix2pix = presets.from_preset("pix2pix_edges2fashion", pretrained=True)
    outputs = pix2pix.translate(edges[:8])
    assert outputs.shape == (8, 32, 32, 1)
    assert np.abs(outputs - images[:8]).mean() < 0.15
    sneakers, boots = datasets.translation_task("sneaker2boot", "test")
    cycle_gan = presets.from_preset("cyclegan_sneaker2boot", pretrained=True)
    round_trip = cycle_gan.translate(
        cycle_gan.translate(sneakers[:8]), direction="ba"
    )
    assert np.abs(round_trip - sneakers[:8]).mean() < 0.1
    # A damaged archive of the right checksum cannot exist, but one of
    # the wrong shapes (another network) is refused by name.
    other = presets.from_preset("pix2pix_edges2fashion", filters=8)
    path = os.path.join(
        pretrained.WEIGHTS_DIR,
        presets.list_pretrained()["pix2pix_edges2fashion"]["file"],
    )
    with pytest.raises(ValueError, match="expects"):
        pretrained.load_into_generator(other.generator, path)


def test_pretrained_generates_at_once_and_matches_its_ema_copy():
    model = presets.from_preset("dcgan_fashion_mnist", pretrained=True)
    images = model.generate(4, seed=0)
    assert images.shape == (4, 28, 28, 1)
    assert np.isfinite(images).all() and images.std() > 0.1
    np.testing.assert_allclose(
        model.generate(4, seed=0, use_ema=False), images, atol=1e-6
    )


def test_damaged_or_mismatched_weights_are_refused(tmp_path, monkeypatch):
    name = "dcgan_fashion_mnist"
    entry = presets.list_pretrained()[name]
    copy = tmp_path / entry["file"]
    shutil.copy(os.path.join(pretrained.WEIGHTS_DIR, entry["file"]), copy)
    with open(copy, "r+b") as file:
        file.seek(os.path.getsize(copy) // 2)
        original = file.read(8)
        file.seek(-8, os.SEEK_CUR)
        file.write(bytes(255 - byte for byte in original))
    monkeypatch.setattr(pretrained, "WEIGHTS_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="damaged.*SHA-256.*Reinstall"):
        presets.from_preset(name, pretrained=True)
    monkeypatch.undo()
    with pytest.raises(ValueError, match="fit its 'tuned' recipe"):
        presets.from_preset(name, pretrained=True, filters=8)
    with pytest.raises(ValueError, match="fit its 'tuned' recipe"):
        presets.from_preset(name, pretrained=True, recipe="teaching")
    with pytest.raises(ValueError, match="ships no pretrained weights"):
        presets.from_preset("dcgan_mnist", pretrained=True)
