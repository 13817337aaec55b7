"""A training run moves between backends: a GAN or a CycleGAN saved with
`model.save()` or backed up by `AtomicBackupAndRestore` on this backend
loads on each other backend with identical weights, optimizer moments,
step counts, seed generators, EMA, ADA and LeCam states and image
histories, and the backup continues training there.

Each backend's test run checks its two outgoing pairs, so the three CI runs
cover all six ordered pairs. The other backend runs in a subprocess.
"""

import json
import subprocess
import sys

import keras
import pytest

from tests.conftest import require_extra
from tests.conftest import subprocess_env
from tests.models import cross_backend_worker

# Each backend's name is also the name of its package.
BACKENDS = ("tensorflow", "jax", "torch")


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    cross_backend_worker.save(str(run_dir))
    return run_dir


@pytest.mark.parametrize(
    "target",
    [name for name in BACKENDS if name != keras.backend.backend()],
)
def test_a_run_saved_here_resumes_on_another_backend(saved_run, target):
    require_extra(target)
    result_path = saved_run / f"result-{target}.json"
    env = subprocess_env()
    env["KERAS_BACKEND"] = target
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.models.cross_backend_worker",
            "resume",
            str(saved_run),
            str(result_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(result_path.read_text())
    assert {name: result["class"] for name, result in results.items()} == {
        "gan": "GAN",
        "cycle_gan": "CycleGAN",
    }
    for name, result in results.items():
        # Every variable equal: weights, moments, step counts, seed
        # states, the EMA generator, ADA's and LeCam's states, CycleGAN's
        # image histories.
        assert result["mismatches"] == [], name
        assert result["compiled"], name
        # The backup of epoch 2 resumed to epoch 3 there: one more epoch
        # of finite logs.
        assert result["backup_epochs"] == 1, name
        steps = cross_backend_worker.RUNS[name][1]
        assert result["backup_iterations"] == steps, name
        assert result["backup_finite"], name
    assert {"lecam", "augment_p"} <= set(results["gan"]["logs"])
    assert {"cycle", "identity"} <= set(results["cycle_gan"]["logs"])
