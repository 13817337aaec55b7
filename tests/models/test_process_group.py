"""Several processes train like one: data parallel over real processes on
the loopback address (`torch.distributed` over Gloo on PyTorch, JAX's
distributed runtime on JAX, `MultiWorkerMirroredStrategy` on
TensorFlow)."""

import re
import subprocess
import sys
import time

import keras
import numpy as np
import pytest

import keras_gan_kit
from tests import launchers
from tests.conftest import subprocess_env
from tests.launchers import LAUNCHER_VARIABLES
from tests.launchers import free_ports

BACKEND = keras.backend.backend()


def _free_ports():
    return free_ports(BACKEND, 2)


def launcher_environment(rank, ports):
    """What a launcher sets for process `rank` of two on `ports`."""
    return launchers.launcher_environment(BACKEND, rank, 2, ports)


def _start(
    kind, out_dir, rank=None, ports=None, epochs=None, kill_after=None,
    command=None,
):  # fmt: skip
    """Starts the worker (or `python -m COMMAND...`), as process `rank` of
    two on `ports`, or alone when `rank` is None."""
    env = subprocess_env()
    for name in LAUNCHER_VARIABLES:
        env.pop(name, None)
    if rank is not None:
        env.update(launcher_environment(rank, ports))
        # One core each: the processes share the machine.
        env["OMP_NUM_THREADS"] = "1"
    if kill_after is not None:
        env["KILL_AFTER_EPOCH"] = str(kill_after)
    if command is None:
        command = ["tests.models.process_group_worker", kind, str(out_dir)]
        command += [str(epochs)] if epochs else []
    # Output to a file: a pipe nobody reads while waiting could fill up.
    output = open(out_dir / f"output-{rank}.txt", "a+")
    process = subprocess.Popen(
        [sys.executable, "-m", *command],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    process.output = output
    return process


def _wait(processes, timeout=300, check=True):
    """Waits for every process; when one fails, stops the others (they
    would wait for it in a collective, as a launcher stops them) and,
    with `check`, fails with their output."""
    deadline = time.monotonic() + timeout
    while True:
        codes = [process.poll() for process in processes]
        if None not in codes:
            break
        failed = [code for code in codes if code not in (None, 0)]
        if failed or time.monotonic() > deadline:
            for process in processes:
                process.kill()
            break
        time.sleep(0.2)
    report, outputs = [], []
    for index, process in enumerate(processes):
        process.wait()
        process.output.seek(0)
        outputs.append(process.output.read())
        process.output.close()
        report.append(f"process {index} exited {process.returncode}:")
        report.append(outputs[-1][-2000:])
    if check:
        assert all(p.returncode == 0 for p in processes), "\n".join(report)
    return [process.returncode for process in processes], outputs


@pytest.mark.parametrize("kind", ["gan", "conditional_gan"])
def test_two_processes_train_like_one(kind, tmp_path):
    ports = _free_ports()
    processes = [_start(kind, tmp_path, rank, ports) for rank in (0, 1)]
    processes.append(_start(kind, tmp_path))
    _wait(processes)
    single = dict(np.load(tmp_path / "single.npz"))
    ranks = [dict(np.load(tmp_path / f"rank{rank}.npz")) for rank in (0, 1)]
    assert any(key.startswith("history/d_loss") for key in single)

    # Only the first process wrote files, the same files as one process.
    def written(folder):
        return sorted(
            str(path.relative_to(folder)) for path in folder.rglob("*")
        )

    assert written(tmp_path / "files-rank0") == written(
        tmp_path / "files-single"
    )
    assert "log.csv" in written(tmp_path / "files-rank0")
    assert written(tmp_path / "files-rank1") == []
    for key, expected in single.items():
        for rank, result in enumerate(ranks):
            # Both processes hold the one-process run's weights and logs:
            # gradients averaged over the processes, each drawing its rows
            # of the global batch's latents, labels and label noise.
            np.testing.assert_allclose(
                result[key], expected, rtol=1e-4, atol=1e-5,
                err_msg=f"{key} of rank {rank}",
            )  # fmt: skip


def test_batch_norm_across_processes(tmp_path):
    ports = _free_ports()
    processes = [_start("batch_norm", tmp_path, r, ports) for r in (0, 1)]
    _wait(processes + [_start("batch_norm", tmp_path)])
    single = dict(np.load(tmp_path / "single.npz"))
    ranks = [dict(np.load(tmp_path / f"rank{rank}.npz")) for rank in (0, 1)]
    weights = sorted(key for key in single if key.startswith("weight/"))
    # Both processes hold one model: the moving statistics are averaged
    # after every step, like the gradients.
    for key in weights:
        np.testing.assert_allclose(
            ranks[0][key], ranks[1][key], rtol=1e-5, atol=1e-6, err_msg=key
        )
    assert np.all(np.isfinite(ranks[0]["history/d_loss"]))
    same = [
        np.allclose(ranks[0][key], single[key], rtol=1e-4, atol=1e-5)
        for key in weights
    ]
    if BACKEND == "jax":
        # One program over the global batch: batch statistics of the
        # whole batch, as one process computes them.
        assert all(same)
    else:
        # Each process normalizes its own slice of the batch (local batch
        # statistics), so the run is not the one-process run (documented).
        assert not all(same)


def test_a_batch_that_does_not_split_over_the_processes_is_refused(
    tmp_path,
):
    ports = _free_ports()
    _wait([_start("uneven", tmp_path, rank, ports) for rank in (0, 1)])
    for rank in (0, 1):
        message = (tmp_path / f"refused-rank{rank}.txt").read_text()
        # What was received, what is expected, and the fix.
        assert "splits every batch evenly over 2" in message, message
        assert "batches of [15] images" in message, message
        assert "batch size divisible by 2" in message, message


def test_a_killed_process_resumes_with_its_peer_from_the_last_backup(
    tmp_path,
):
    # The second process kills itself (SIGKILL) after epoch 2's backup;
    # its peer is stopped, as torchrun stops the others.
    ports = _free_ports()
    killed = [
        _start("gan", tmp_path, rank, ports, epochs=3, kill_after=2)
        if rank == 1
        else _start("gan", tmp_path, rank, ports, epochs=3)
        for rank in (0, 1)
    ]
    # Meanwhile, the uninterrupted run of one process to compare with.
    reference = _start("gan", tmp_path, epochs=3)
    codes, _ = _wait(killed, check=False)
    assert codes[1] == -9, codes
    assert not (tmp_path / "rank0.npz").exists()
    assert (
        keras_gan_kit.callbacks.backed_up_epoch(tmp_path / "files" / "backup")
        == 2
    )
    # The same command again: both resume from epoch 2's backup.
    ports = _free_ports()
    _wait([_start("gan", tmp_path, rank, ports, epochs=3) for rank in (0, 1)])
    _wait([reference])
    single = dict(np.load(tmp_path / "single.npz"))
    for rank in (0, 1):
        resumed = dict(np.load(tmp_path / f"rank{rank}.npz"))
        # One epoch ran after the restart.
        assert len(resumed["history/d_loss"]) == 1
        for key, expected in single.items():
            if key.startswith("weight/"):
                np.testing.assert_allclose(
                    resumed[key], expected, rtol=1e-4, atol=1e-5,
                    err_msg=f"{key} of rank {rank}",
                )  # fmt: skip


def test_the_command_line_trains_under_a_launcher(tmp_path):
    # `torchrun --nproc-per-node 2 -m keras_gan_kit train ...`, as the
    # environment torchrun gives each process.
    def train(out, rank=None, ports=None):
        command = ["keras_gan_kit", "train", "mlp_mnist", "--out", str(out)]
        command += ["--max-images", "64", "--batch-size", "32"]
        command += ["--epochs", "2", "--metrics", "none"]
        return _start(None, tmp_path, rank, ports, command=command)

    ports = _free_ports()
    _, outputs = _wait(
        [train(tmp_path / "pair", rank, ports) for rank in (0, 1)]
        + [train(tmp_path / "one")]
    )
    for rank in (0, 1):
        # The first line of ours: the lines before are TensorFlow's
        # logging as it loads (the output holds stderr too).
        first_line = [
            line
            for line in outputs[rank].splitlines()
            if line.strip()
            and not re.match(r"(WARNING: All log|[IWE]\d{4} |\[Gloo\])", line)
        ][0]
        assert first_line.startswith(f"Process {rank} of 2, started by a"), (
            outputs[rank][-2000:]
        )
    assert "Done: 2 epochs" in outputs[0]
    assert "Done:" not in outputs[1] and "Epoch 1/2" not in outputs[1]
    pair, one = tmp_path / "pair", tmp_path / "one"
    assert sorted(p.name for p in pair.iterdir()) == sorted(
        p.name for p in one.iterdir()
    )
    # The two processes trained the generator one process trains.
    trained = [
        keras.saving.load_model(run / "generator.keras").get_weights()
        for run in (pair, one)
    ]
    for ours, expected in zip(*trained):
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5)
