"""Every example runs end to end in its --smoke mode: offline on the
bundled stand-in without --data, and on files in the formats it reads
(made here: the suite never downloads)."""

import importlib.util
import pathlib
import socket
import sys

import keras
import numpy as np
import pytest

from tests.conftest import readme_test_backend

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(autouse=True)
def _examples_on_path(monkeypatch):
    pytest.importorskip("PIL")
    monkeypatch.syspath_prepend(str(EXAMPLES))


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pixels(shape, seed=0):
    return (np.random.default_rng(seed).uniform(size=shape) * 255).astype(
        "uint8"
    )


def _fake_mnist(path, count=160):
    np.savez(
        path,
        x_train=_pixels((count, 28, 28)),
        y_train=(np.arange(count) % 10).astype("uint8"),
    )
    return path


def _offline(path):
    # No --data: the bundled stand-in, with the network cut.
    return None


def _fake_cifar(path, count=160):
    np.savez(path, x=_pixels((count, 32, 32, 3)), y=(np.arange(count) % 10))
    return path


def _fake_svhn(path, count=160):
    from scipy.io import savemat

    savemat(path, {"X": _pixels((32, 32, 3, count)), "y": np.ones((count, 1))})
    return path


def _fake_notmnist(folder, per_letter=14):
    from PIL import Image

    for index, letter in enumerate("ABCDEFGHIJ"):
        (folder / letter).mkdir(parents=True)
        for k in range(per_letter):
            Image.fromarray(_pixels((28, 28), seed=index * 100 + k)).save(
                folder / letter / f"{k}.png"
            )
    (folder / "A" / "broken.png").write_bytes(b"not a png")
    return folder


CASES = {
    "mlp_gan_mnist": _offline,
    "dcgan_mnist": _offline,
    "cgan_mnist": _offline,
    "dcgan_cifar10": _fake_cifar,
    "dcgan_svhn": _fake_svhn,
    "dcgan_notmnist": _fake_notmnist,
    "wgan_gp_fashion_mnist": _offline,
}
# The translation examples write translators, not a generator.
TRANSLATION = {
    "pix2pix_edges2fashion": {"translator.keras", "log.csv", "epoch_0001.png"},
    "cyclegan_sneaker2boot": {
        "translator_ab.keras",
        "translator_ba.keras",
        "log.csv",
        "epoch_0001.png",
    },
}
CASES.update({name: _offline for name in TRANSLATION})
SUFFIX = {_fake_mnist: ".npz", _fake_cifar: ".npz", _fake_svhn: ".mat"}


@pytest.fixture
def no_network(monkeypatch):
    """Any connection attempt fails, as on a machine without internet."""

    def refuse(*args, **kwargs):
        raise OSError("the test cut the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# The examples are thin scripts over presets and `fit`, whose features
# their own tests check on every backend: all of them run on the README's
# test backend (as the guides do), the two quickest on every backend.
EVERY_BACKEND = {"mlp_gan_mnist", "dcgan_mnist"}
README_BACKEND = readme_test_backend()


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_smoke(name, tmp_path, capsys, recwarn, no_network):
    if name not in EVERY_BACKEND and keras.backend.backend() != README_BACKEND:
        pytest.skip(
            f"all examples run on {README_BACKEND}, the README's test "
            f"backend; on every backend only {sorted(EVERY_BACKEND)}"
        )
    if name == "dcgan_svhn":
        pytest.importorskip("scipy")
    make = CASES[name]
    data = make(tmp_path / f"data{SUFFIX.get(make, '')}")
    out = tmp_path / "run"
    data_args = [] if data is None else ["--data", str(data)]
    history = _load(name).main([*data_args, "--smoke", "--out", str(out)])
    assert np.isfinite(history.history["g_loss"][0])
    if name in TRANSLATION:
        assert {p.name for p in out.iterdir()} == TRANSLATION[name]
        assert str(out) in capsys.readouterr().out
        return
    if name == "wgan_gp_fashion_mnist":
        assert history.history["gradient_penalty"][0] > 0
        assert np.isfinite(history.history["fid"][0])
    assert {p.name for p in out.iterdir()} == {
        "generator.keras",
        "log.csv",
        "epoch_0001.png",
    }
    printed = capsys.readouterr().out
    assert str(out) in printed
    assert ("stand in for" in printed) == (data is None)
    if name == "dcgan_notmnist":
        skipped = [w for w in recwarn if "Skipped 1 unreadable" in str(w)]
        assert len(skipped) == 1


def test_bad_data_paths(tmp_path):
    module = _load("mlp_gan_mnist")
    with pytest.raises(ValueError, match="Dataset file not found"):
        module.main(["--data", str(tmp_path / "missing.npz"), "--smoke"])
    np.savez(tmp_path / "other.npz", images=np.zeros(3))
    with pytest.raises(ValueError, match="expected \\['x_train', 'y_train'\\]"):
        module.main(["--data", str(tmp_path / "other.npz"), "--smoke"])
    fake = _fake_mnist(tmp_path / "fake.npz")
    with pytest.raises(ValueError, match="published mnist checksum"):
        module.main(["--data", str(fake), "--smoke"])
    with pytest.raises(ValueError, match="SVHN file not found"):
        _load("dcgan_svhn").main(
            ["--data", str(tmp_path / "none.mat"), "--smoke"]
        )
    with pytest.raises(ValueError, match="notMNIST folder not found"):
        _load("dcgan_notmnist").main(
            ["--data", str(tmp_path / "none"), "--smoke"]
        )
    with pytest.raises(ValueError, match="Unknown CIFAR-10 class 'dragon'"):
        _load("dcgan_cifar10").main(["--class-name", "dragon", "--smoke"])


def test_example_script_reports_errors_without_traceback(tmp_path):
    import subprocess

    result = subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "dcgan_svhn.py"),
            "--data",
            str(tmp_path / "none.mat"),
            "--smoke",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("error: SVHN file not found")
