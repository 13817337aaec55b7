"""The command line on bad input: a failed start leaves nothing behind and
the corrected command runs; every message names an option that exists."""

import json

import pytest

from keras_gan_kit.cli import main
from tests.conftest import TINY_RUN
from tests.conftest import log_rows
from tests.conftest import run_command

pytest.importorskip("PIL")
pytest.importorskip("matplotlib")


@pytest.mark.parametrize(
    "bad, message",
    [
        (["--batch-size", "128"], "--batch-size 128 is larger than the 64"),
        (["--metrics", "fid,sharpness"], "sharpness"),
        (["--dataset", "cifar10_missing.npz"], "Dataset path not found"),
    ],
)
def test_a_failed_start_leaves_no_trace(bad, message, tmp_path, capsys):
    out = tmp_path / "runs" / "first"
    status, _, errors = run_command(
        ["train", *TINY_RUN, *bad, "--out", str(out)], capsys
    )
    assert status == 1 and message in errors
    assert "drop_remainder" not in errors
    assert not (tmp_path / "runs").exists()
    # --resume has nothing to replay.
    status, _, errors = run_command(
        ["train", "--out", str(out), "--resume"], capsys
    )
    assert status == 1 and "holds no config.json" in errors


def test_the_corrected_command_then_starts(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", *TINY_RUN, "--batch-size", "128", "--out", str(out)]
    assert run_command(argv, capsys)[0] == 1
    status, _, errors = run_command(
        ["train", *TINY_RUN, "--out", str(out)], capsys
    )
    assert status == 0, errors
    assert (out / "config.json").exists() and not (out / ".lock").exists()


def test_a_failed_start_keeps_an_existing_empty_folder(tmp_path, capsys):
    argv = ["train", *TINY_RUN, "--batch-size", "999", "--out", str(tmp_path)]
    assert run_command(argv, capsys)[0] == 1
    assert tmp_path.is_dir() and not list(tmp_path.iterdir())


def test_an_unfinished_run_starts_afresh_and_the_log_fills(tmp_path, capsys):
    out = tmp_path / "run"
    assert run_command(["train", *TINY_RUN, "--out", str(out)], capsys)[0] == 0
    # What a kill inside the first epoch leaves: the configuration, no
    # backup, maybe a row the epoch wrote before the kill.
    for path in sorted(out.rglob("*"), reverse=True):
        if path.name not in ("config.json", "log.csv"):
            path.rmdir() if path.is_dir() else path.unlink()
    assert json.loads((out / "config.json").read_text())["seed"] == 0
    argv = ["train", *TINY_RUN, "--seed", "3", "--out", str(out)]
    status, _, errors = run_command(argv, capsys)
    assert status == 0, errors
    assert json.loads((out / "config.json").read_text())["seed"] == 3
    assert [row[0] for row in log_rows(out)] == ["epoch", "0"]
    # Once an epoch is done, the run is kept: a new start is refused...
    status, _, errors = run_command(
        ["train", *TINY_RUN, "--out", str(out)], capsys
    )
    assert status == 1 and "pass --resume" in errors
    # ...and a resume adds rows under the same header, every cell filled:
    # no val_* columns of NA (Keras's CSVLogger adds them).
    argv = ["train", "--out", str(out), "--resume", "--epochs", "2"]
    assert run_command(argv, capsys)[0] == 0
    rows = log_rows(out)
    header = rows[0]
    assert not [name for name in header if name.startswith("val_")]
    assert {"epoch", "d_loss", "g_loss"} <= set(header)
    assert [row[0] for row in rows[1:]] == ["0", "1"]
    assert all(len(row) == len(header) and "NA" not in row for row in rows)


@pytest.mark.parametrize("command", ["train", "sample"])
def test_seed_must_be_a_non_negative_integer(command, tmp_path, capsys):
    argv = [command] + (["model.keras"] if command == "sample" else [])
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--seed", "-1"])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert "argument --seed: expected an integer >= 0, received -1" in error
