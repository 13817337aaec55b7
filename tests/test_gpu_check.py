"""The GPU check's CPU path: `--dry-run` plans without installing or
running anything (the check itself needs a GPU machine)."""

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _dry_run(*arguments):
    return subprocess.run(
        [sys.executable, "benchmarks/gpu_check.py", "--dry-run", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_dry_run_prints_the_plan_within_ten_minutes(tmp_path):
    (tmp_path / "cifar10_subset.npz").write_bytes(b"")
    done = _dry_run("--data-dir", str(tmp_path), "--wheels", str(tmp_path))
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    names = [step["name"] for step in plan["steps"]]
    assert names[:4] == [
        "tests_jax",
        "tests_torch",
        "throughput_float32",
        "throughput_mixed_float16",
    ]
    assert "quality_r3gan_cifar10" in names
    assert plan["total_seconds_at_most"] <= 600 + 2 * 120
    throughput = plan["steps"][2]["command"]
    assert "--batch-size 512" in throughput
    assert "--precision float32" in throughput
    # Nothing was written.
    assert not (tmp_path / "gpu_check.json").exists()


def test_a_data_folder_without_the_subset_is_refused_with_the_fix(tmp_path):
    done = _dry_run("--data-dir", str(tmp_path))
    assert done.returncode == 2
    assert "cifar10_subset.npz" in done.stderr
    assert "leave --data-dir out" in done.stderr


@pytest.mark.parametrize("flag", ["--batch-size", "--precision"])
def test_the_throughput_benchmark_takes_the_checks_flags(flag):
    done = subprocess.run(
        [sys.executable, "benchmarks/train_throughput.py", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert flag in done.stdout
