"""Run folders under concurrency and kills: one process at a time, a
killed process never blocks the next, leftovers of interrupted writes go."""

import csv
import pathlib
import subprocess
import sys
import time

import pytest

from keras_gan_kit.cli import main
from keras_gan_kit.utils import FolderLock
from keras_gan_kit.utils import atomic_path
from keras_gan_kit.utils import remove_partial_writes

pytest.importorskip("PIL")
pytest.importorskip("matplotlib")

TINY = ["mlp_mnist", "--max-images", "64", "--batch-size", "32"]
TINY += ["--epochs", "1", "--metrics", "none"]
LOCK_MODULE = (
    pathlib.Path(__file__).resolve().parents[2]
    / "keras_gan_kit"
    / "utils"
    / "folder_lock.py"
)


def _run(argv, capsys):
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _hold_lock_in_another_process(folder):
    """A process that takes the folder's lock and sleeps (it loads the lock
    module alone, so it starts in a blink)."""
    code = (
        "import importlib.util, sys, time\n"
        "spec = importlib.util.spec_from_file_location("
        f"'fl', {str(LOCK_MODULE)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        f"lock = module.FolderLock({str(folder)!r}).acquire()\n"
        "print('locked', flush=True)\n"
        "time.sleep(120)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "locked"
    return process


def test_a_folder_in_use_is_refused_and_left_untouched(tmp_path, capsys):
    out = tmp_path / "run"
    holder = _hold_lock_in_another_process(out)
    try:
        status, _, errors = _run(["train", *TINY, "--out", str(out)], capsys)
        assert status == 1
        assert "is in use by another process" in errors
        assert f"pid {holder.pid}" in errors and "--out" in errors
        assert sorted(p.name for p in out.iterdir()) == [".lock"]
        status, _, errors = _run(
            ["train", "--out", str(out), "--resume"], capsys
        )
        assert status == 1 and "is in use" in errors
    finally:
        holder.kill()
        holder.wait()
    # The killed holder's lock file stays, and blocks nobody.
    assert (out / ".lock").exists()
    status, _, errors = _run(["train", *TINY, "--out", str(out)], capsys)
    assert status == 0, errors


def test_resume_of_a_running_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "run"
    assert _run(["train", *TINY, "--out", str(out)], capsys)[0] == 0
    with FolderLock(out):  # as a training process holds it
        argv = ["train", "--out", str(out), "--resume", "--epochs", "2"]
        status, _, errors = _run(argv, capsys)
    assert status == 1 and "is in use" in errors
    with open(out / "log.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[0] for row in rows] == ["epoch", "0"]  # one header, epoch 0


def test_two_commands_started_together_train_one_run(tmp_path):
    out = tmp_path / "run"
    command = [sys.executable, "-m", "keras_gan_kit", "train", *TINY]
    command += ["--out", str(out)]
    from tests.conftest import subprocess_env

    processes = [
        subprocess.Popen(
            command,
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    for p in processes:
        p.stdout.close()
        p.stderr.close()
    statuses = sorted(status for status, _ in results)
    assert statuses == [0, 1], results
    refused = next(err for status, err in results if status == 1)
    # The loser is refused by the lock, or (if it started after the winner
    # finished) because the folder holds a finished run.
    assert "is in use" in refused or "pass --resume" in refused
    with open(out / "log.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[0] for row in rows] == ["epoch", "0"]


def test_one_process_cannot_lock_a_folder_twice(tmp_path):
    with FolderLock(tmp_path / "f") as lock:
        assert lock.locked
        with pytest.raises(ValueError, match="is in use by another process"):
            FolderLock(tmp_path / "f").acquire()
    assert not lock.locked
    with FolderLock(tmp_path / "f"):  # released: free again
        pass


def test_leftovers_of_a_killed_write_are_removed_at_the_next_start(
    tmp_path, capsys
):
    out = tmp_path / "run"
    assert _run(["train", *TINY, "--out", str(out)], capsys)[0] == 0
    # What a kill during atomic_path's write leaves behind.
    leftovers = [
        out / ".tmp-k1ll3d.keras",
        out / "backup" / ".tmp-x.weights.h5",
    ]
    for path in leftovers:
        path.write_bytes(b"half a file")
    argv = ["train", "--out", str(out), "--resume", "--epochs", "2"]
    status, _, errors = _run(argv, capsys)
    assert status == 0, errors
    assert not any(path.exists() for path in leftovers)
    assert not list(out.rglob(".tmp-*"))


def test_remove_partial_writes_only_removes_temporary_files(tmp_path):
    (tmp_path / "sub").mkdir()
    keep = [tmp_path / "generator.keras", tmp_path / "sub" / "tmp-notes.txt"]
    for path in keep:
        path.write_text("kept")
    with atomic_path(tmp_path / "sub" / "x.keras") as temporary:
        pathlib.Path(temporary).write_text("whole")
    (tmp_path / "sub" / ".tmp-abc.png").write_text("partial")
    removed = remove_partial_writes(tmp_path)
    assert [pathlib.Path(p).name for p in removed] == [".tmp-abc.png"]
    assert all(path.read_text() == "kept" for path in keep)
    assert (tmp_path / "sub" / "x.keras").read_text() == "whole"


def test_a_lock_is_released_when_its_holder_is_killed(tmp_path):
    holder = _hold_lock_in_another_process(tmp_path / "f")
    with pytest.raises(ValueError, match=f"pid {holder.pid}"):
        FolderLock(tmp_path / "f").acquire()
    holder.kill()
    holder.wait()
    deadline = time.time() + 10
    while True:
        try:
            FolderLock(tmp_path / "f").acquire().release()
            break
        except ValueError:
            assert time.time() < deadline
            time.sleep(0.1)
