"""The examples run end to end in their --smoke mode."""

import importlib.util
import pathlib

import numpy as np
import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_mnist(path, count=600):
    # Real structure would need real MNIST; the smoke run needs the format.
    rng = np.random.default_rng(0)
    x = (rng.uniform(size=(count, 28, 28)) * 255).astype("uint8")
    np.savez(path, x_train=x, y_train=np.zeros(count, "uint8"))


def test_mlp_gan_mnist_smoke(tmp_path):
    pytest.importorskip("PIL")
    data = tmp_path / "mnist.npz"
    _fake_mnist(data)
    out = tmp_path / "run"
    history = _load("mlp_gan_mnist").main(
        ["--data", str(data), "--smoke", "--out", str(out)]
    )
    assert np.isfinite(history.history["g_loss"][0])
    assert {p.name for p in out.iterdir()} == {
        "generator.keras",
        "log.csv",
        "samples_epoch_001.png",
    }


def test_mlp_gan_mnist_bad_data_path(tmp_path):
    module = _load("mlp_gan_mnist")
    with pytest.raises(ValueError, match="does not exist"):
        module.main(["--data", str(tmp_path / "missing.npz"), "--smoke"])
    np.savez(tmp_path / "other.npz", images=np.zeros(3))
    with pytest.raises(ValueError, match="expected 'x_train'"):
        module.main(["--data", str(tmp_path / "other.npz"), "--smoke"])
