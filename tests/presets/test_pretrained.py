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
# FID far more than this (an untrained generator scores above 200).
FID_MARGIN = 0.15
ACCURACY_MARGIN = 0.03


def test_the_fashion_mnist_presets_ship_within_the_size_budget():
    assert SHIPPED == ["cgan_fashion_mnist", "dcgan_fashion_mnist"]
    sizes = [
        os.path.getsize(os.path.join(pretrained.WEIGHTS_DIR, entry["file"]))
        for entry in presets.list_pretrained().values()
    ]
    assert sum(sizes) <= 8 * 2**20


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_generator_keeps_its_recorded_quality(name):
    entry = presets.list_pretrained()[name]
    model = presets.from_preset(name, pretrained=True)
    scores = pretrained.regression_scores(model)
    assert scores["fid"] <= entry["fid"] * (1 + FID_MARGIN), scores
    if "conditional_accuracy" in entry:
        assert scores["conditional_accuracy"] >= (
            entry["conditional_accuracy"] - ACCURACY_MARGIN
        ), scores
    # The same networks untrained are far from the bound: the test can fail.
    untrained = pretrained.regression_scores(
        presets.from_preset(name), num_samples=500
    )
    assert untrained["fid"] > 3 * entry["fid"] * (1 + FID_MARGIN)


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
