"""Two replicas with a global batch train like one device with it."""

import subprocess
import sys

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit.models import data_checks
from tests.conftest import subprocess_env

BACKEND = keras.backend.backend()
needs_engine = pytest.mark.skipif(
    BACKEND == "torch",
    reason="devices of one process: PyTorch trains over processes "
    "(tests/models/test_process_group.py)",
)


def _run_worker(kind, tmp_path):
    result_path = tmp_path / "result.npz"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.models.data_parallel_worker",
            kind,
            str(result_path),
        ],
        check=True,
        env=subprocess_env(),
        timeout=600,
    )
    with np.load(result_path) as result:
        return dict(result)


def _compare(result, tolerance):
    assert int(result["replicas"]) == 2
    single = sorted(key for key in result if key.startswith("single/"))
    assert any("/history/d_loss" in key for key in single)
    for key in single:
        parallel = result["parallel/" + key.split("/", 1)[1]]
        np.testing.assert_allclose(
            parallel, result[key], rtol=tolerance, atol=tolerance, err_msg=key
        )


@needs_engine
@pytest.mark.parametrize("kind", ["gan", "conditional_gan"])
def test_two_replicas_train_like_one_device(kind, tmp_path):
    # Same losses (running means over the global batch) and the same weights
    # after two epochs: gradients of both networks are averaged over the
    # replicas, and each replica draws its rows of the latents, fake labels
    # and label noise that one device draws for the global batch.
    _compare(_run_worker(kind, tmp_path), tolerance=1e-4)


@needs_engine
def test_batch_norm_statistics_across_replicas(tmp_path):
    result = _run_worker("batch_norm", tmp_path)
    if BACKEND == "jax":
        # JAX runs one program over the global batch: batch norm sees all
        # of it, and the run matches one device exactly.
        _compare(result, tolerance=1e-4)
    else:
        # tf.distribute normalizes each replica's half on its own, so the
        # run differs from one device (documented), but still trains.
        assert int(result["replicas"]) == 2
        losses = result["parallel/history/d_loss"]
        assert np.all(np.isfinite(losses))
        assert not np.allclose(losses, result["single/history/d_loss"])


@pytest.mark.skipif(BACKEND != "torch", reason="PyTorch's answer only")
def test_torch_data_parallel_without_a_launcher_is_one_process(monkeypatch):
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    with keras_gan_kit.distribution.data_parallel() as group:
        assert (group.rank, group.world_size) == (0, 1)
    with pytest.raises(ValueError, match="GPU of its LOCAL_RANK.*torchrun"):
        with keras_gan_kit.distribution.data_parallel(["cpu:0", "cpu:1"]):
            pass
    # A launcher's WORLD_SIZE without the rest of its variables.
    monkeypatch.setenv("WORLD_SIZE", "2")
    monkeypatch.delenv("MASTER_PORT", raising=False)
    with pytest.raises(ValueError, match="MASTER_PORT.*torchrun"):
        with keras_gan_kit.distribution.data_parallel():
            pass


@pytest.mark.skipif(BACKEND != "torch", reason="PyTorch's processes")
def test_fit_refuses_batches_that_do_not_split_over_processes(monkeypatch):
    from keras_gan_kit.backend import torch_processes
    from tests.conftest import make_networks

    # As in the second of two processes: fit checks before any exchange.
    monkeypatch.setattr(
        torch_processes, "active", torch_processes.ProcessGroup(1, 2, 1, "gloo")
    )
    gan = keras_gan_kit.GAN(*make_networks(), seed=0)
    gan.compile()
    images = np.zeros((30, 4, 4, 1), "float32")
    with pytest.raises(ValueError, match="over 2 devices or processes"):
        gan.fit(images, batch_size=15, verbose=0)
    # Batches that fit cannot check beforehand are checked as they come.
    batches = keras_gan_kit.datasets.ShuffledBatches(images, batch_size=15)
    with pytest.raises(ValueError, match="batch of 15 images"):
        gan.fit(batches, verbose=0)


@needs_engine
def test_unknown_devices_are_refused():
    with pytest.raises(ValueError, match="Unknown devices \\['gpu:7'\\]"):
        with keras_gan_kit.distribution.data_parallel(["gpu:7"]):
            pass


@pytest.mark.parametrize("devices", ["cpu:0", [], [0, 1]])
def test_malformed_device_lists_are_refused(devices):
    with pytest.raises(ValueError, match="device names"):
        keras_gan_kit.distribution.data_parallel(devices)


@pytest.mark.parametrize(
    "num_images, batch_size, uneven",
    [(33, 16, "\\[1\\]"), (30, 15, "\\[15\\]"), (21, 32, "\\[21\\]")],
)
def test_uneven_batches_over_devices_are_refused(
    num_images, batch_size, uneven
):
    images = np.zeros((num_images, 4, 4, 1), "float32")
    with pytest.raises(ValueError, match=f"batches of {uneven} images"):
        data_checks.check_parallel_batches(images, batch_size, shards=2)
    # Even splits, and one device, pass.
    even = np.zeros((32, 4, 4, 1), "float32")
    data_checks.check_parallel_batches(even, 16, shards=2)
    data_checks.check_parallel_batches(images, batch_size, shards=1)
