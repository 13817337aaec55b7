"""Run folders under concurrency and kills: one process at a time, a
killed process never blocks the next, leftovers of interrupted writes go."""

import pathlib
import subprocess
import sys
import time

import pytest

from keras_gan_kit.utils import FolderLock
from keras_gan_kit.utils import atomic_path
from keras_gan_kit.utils import remove_partial_writes
from tests.conftest import TINY_RUN
from tests.conftest import log_rows
from tests.conftest import run_command
from tests.conftest import subprocess_env

pytest.importorskip("PIL")
pytest.importorskip("matplotlib")

LOCK_MODULE = (
    pathlib.Path(__file__).resolve().parents[2]
    / "keras_gan_kit"
    / "utils"
    / "folder_lock.py"
)


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


def test_a_running_train_keeps_its_folder_until_it_is_killed(tmp_path, capsys):
    out = tmp_path / "run"
    long_run = [*TINY_RUN[:-4], "--metrics", "none", "--epochs", "500"]
    process = subprocess.Popen(
        [sys.executable, "-m", "keras_gan_kit", "train", *long_run]
        + ["--out", str(out)],
        env=subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 240
        while not ((out / "log.csv").exists() and len(log_rows(out)) >= 2):
            assert process.poll() is None, "the run ended early"
            assert time.time() < deadline
            time.sleep(0.2)
        # Started together or later, a second command is refused, whether
        # it starts afresh or resumes, and touches nothing.
        before = sorted(p.name for p in out.rglob("*"))
        for argv in (
            ["train", *TINY_RUN, "--out", str(out)],
            ["train", "--out", str(out), "--resume", "--epochs", "900"],
        ):
            status, _, errors = run_command(argv, capsys)
            assert status == 1
            assert "is in use by another process" in errors
            assert f"pid {process.pid}" in errors and "--out" in errors
        assert "config.json" in before
    finally:
        process.kill()  # SIGKILL: no clean-up runs in the killed process
        process.wait()
    done = int(log_rows(out)[-1][0]) + 1
    # What a kill during atomic_path's write leaves behind.
    leftovers = [
        out / ".tmp-k1ll3d.keras",
        out / "backup" / ".tmp-x.weights.h5",
    ]
    for path in leftovers:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half a file")
    half_backup = out / "backup" / ".tmp-b4ckup"  # AtomicBackupAndRestore's
    half_backup.mkdir()
    (half_backup / "model.weights.h5").write_bytes(b"half a file")
    # The killed run's lock blocks nothing.
    argv = ["train", "--out", str(out), "--resume", "--epochs", str(done + 1)]
    status, _, errors = run_command(argv, capsys)
    assert status == 0, errors
    assert not any(path.exists() for path in [*leftovers, half_backup])
    assert not list(out.rglob(".tmp-*")) and not (out / ".lock").exists()
    rows = log_rows(out)
    assert [row[0] for row in rows] == ["epoch", *map(str, range(done + 1))]


def test_one_process_cannot_lock_a_folder_twice(tmp_path):
    with FolderLock(tmp_path / "f") as lock:
        assert lock.locked
        with pytest.raises(ValueError, match="is in use by another process"):
            FolderLock(tmp_path / "f").acquire()
    assert not lock.locked
    with FolderLock(tmp_path / "f"):  # released: free again
        pass


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
