"""One command that checks the library on a GPU machine and writes one
JSON report.

Made for a machine with an NVIDIA GPU, JAX and PyTorch but neither
TensorFlow nor Keras (the device machines of this project): the Python
packages it lacks are installed from wheels carried with the working tree
(`--wheels`, default `.whl/`), into a folder put first on `PYTHONPATH`.
Then, each step under its own time limit, the whole within about ten
minutes:

1. the environment: GPUs (`nvidia-smi`), Python, JAX, PyTorch, Keras;
2. the test suite on JAX and on PyTorch (`pytest -n`, one worker per two
   cores);
3. `benchmarks/train_throughput.py` at batch 512, in float32 and in
   `mixed_float16`, on JAX and PyTorch;
4. a short quality run of `sngan_cifar10` and `r3gan_cifar10` at full
   width (`benchmarks/preset_quality.py --minutes`), when the CIFAR-10
   subset is carried (`--data-dir`);
5. with more than one GPU, two processes against one
   (`benchmarks/process_scaling.py`, PyTorch over NCCL).

Every step's command, exit status, seconds and output tail go into the
report (`--report`, default `$OUT/gpu_check.json` or `gpu_check.json`),
with the GPU, the versions and the date. A step that fails or runs out
of time is recorded as such and the next one runs.

    python3 benchmarks/gpu_check.py --dry-run   # what it would install and run
    python3 benchmarks/gpu_check.py --data-dir shared_data

`--dry-run` installs and runs nothing: it prints the plan as JSON (the
modules missing here, the wheels that would install them, each step's
command and time limit). The test suite checks that path on every CI run.
"""

import argparse
import glob
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What the library and its tests import that such a machine may lack.
REQUIRED_MODULES = (
    "keras",
    "absl",
    "rich",
    "namex",
    "optree",
    "ml_dtypes",
    "h5py",
    "pytest",
    "xdist",
    "PIL",
    "scipy",
)
SITE = "/tmp/gpu_check_site"


def missing_modules(modules=REQUIRED_MODULES):
    """The modules of `modules` that this Python cannot import."""
    return [name for name in modules if importlib.util.find_spec(name) is None]


def wheels_in(folder):
    """The `.whl` files in `folder`, sorted."""
    return sorted(glob.glob(os.path.join(folder, "*.whl")))


def gpu_count():
    """GPUs that `nvidia-smi -L` lists (0 without the tool)."""
    if shutil.which("nvidia-smi") is None:
        return 0
    listed = subprocess.run(
        ["nvidia-smi", "-L"], capture_output=True, text=True, check=False
    )
    return sum(line.startswith("GPU ") for line in listed.stdout.splitlines())


def plan(args, num_gpus):
    """The steps: `(name, environment, command, seconds)` each."""
    python = sys.executable
    workers = str(max(1, (os.cpu_count() or 2) // 2))
    steps = []
    for backend in ("jax", "torch"):
        steps.append(
            (
                f"tests_{backend}",
                {"KERAS_BACKEND": backend},
                [python, "-m", "pytest", "-q", "-n", workers,
                 "-p", "no:cacheprovider", "tests"],
                args.test_seconds,
            )
        )  # fmt: skip
    for precision in ("float32", "mixed_float16"):
        steps.append(
            (
                f"throughput_{precision}",
                {},
                [python, "benchmarks/train_throughput.py",
                 "--backends", "jax,torch", "--batch-size", "512",
                 "--precision", precision, "--steps", "10", "--rounds", "3"],
                args.throughput_seconds,
            )
        )  # fmt: skip
    if args.data_dir:
        for preset in ("sngan_cifar10", "r3gan_cifar10"):
            steps.append(
                (
                    f"quality_{preset}",
                    {"KERAS_BACKEND": "torch"},
                    [python, "benchmarks/preset_quality.py", preset,
                     "--data-dir", args.data_dir, "--minutes",
                     str(args.quality_minutes), "--samples", "2000",
                     "--batch-size", "64"],
                    int(args.quality_minutes * 60) + 120,
                )
            )  # fmt: skip
    if num_gpus > 1:
        steps.append(
            (
                "process_scaling_torch",
                {"KERAS_BACKEND": "torch"},
                [python, "benchmarks/process_scaling.py",
                 "--processes", str(num_gpus), "--batch-size", "512"],
                args.throughput_seconds,
            )
        )  # fmt: skip
    return steps


def install(wheels):
    """Installs `wheels` into `SITE` and puts it first on the path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-index",
         "--no-deps", "--no-compile", "--no-cache-dir", "--upgrade",
         "--target", SITE, *wheels],
        check=True,
    )  # fmt: skip
    sys.path.insert(0, SITE)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [SITE, REPO, os.environ.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)


def versions():
    found = {"python": platform.python_version()}
    for name in ("jax", "torch", "keras", "tensorflow"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        found[name] = getattr(module, "__version__", "?")
    return found


def gpus():
    if shutil.which("nvidia-smi") is None:
        return []
    query = subprocess.run(
        ["nvidia-smi", "--query-gpu=name,memory.total,driver_version",
         "--format=csv,noheader"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return [line.strip() for line in query.stdout.splitlines() if line.strip()]


def run_step(name, environment, command, seconds):
    started = time.perf_counter()
    env = dict(os.environ, PYTHONUNBUFFERED="1", **environment)
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds,
        )
        status, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as expired:
        status = "timed out"
        output = (expired.stdout or b"") + (expired.stderr or b"")
        if isinstance(output, bytes):
            output = output.decode(errors="replace")
    return {
        "name": name,
        "command": " ".join(command),
        "environment": environment,
        "status": status,
        "seconds": round(time.perf_counter() - started, 1),
        "output_tail": output[-4000:],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--wheels", default=os.path.join(REPO, ".whl"))
    parser.add_argument("--data-dir", help="folder with cifar10_subset.npz")
    parser.add_argument("--report")
    parser.add_argument("--test-seconds", type=int, default=150)
    parser.add_argument("--throughput-seconds", type=int, default=60)
    parser.add_argument("--quality-minutes", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.data_dir and not os.path.exists(
        os.path.join(args.data_dir, "cifar10_subset.npz")
    ):
        parser.error(
            f"--data-dir {args.data_dir!r} has no cifar10_subset.npz; carry "
            "the subset with the working tree, or leave --data-dir out to "
            "skip the quality runs."
        )
    missing = missing_modules()
    wheels = wheels_in(args.wheels) if missing else []
    num_gpus = gpu_count()
    steps = plan(args, num_gpus)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "gpus": gpus(),
        "missing_modules": missing,
        "wheels": [os.path.basename(path) for path in wheels],
        "steps": [
            {"name": n, "environment": e, "command": " ".join(c), "seconds": s}
            for n, e, c, s in steps
        ],
        "total_seconds_at_most": sum(step[3] for step in steps),
    }
    if args.dry_run:
        print(json.dumps(report, indent=1))
        return report
    if missing:
        if not wheels:
            raise SystemExit(
                f"Missing {missing} and no wheels in {args.wheels!r}: "
                "download them there (see the device README) and run again."
            )
        install(wheels)
    report["versions"] = versions()
    report["results"] = []
    for step in steps:
        result = run_step(*step)
        report["results"].append(result)
        print(json.dumps({k: result[k] for k in ("name", "status", "seconds")}))
    path = args.report or os.path.join(
        os.environ.get("OUT", REPO), "gpu_check.json"
    )
    with open(path, "w") as file:
        json.dump(report, file, indent=1)
    print(f"report: {path}")
    return report


if __name__ == "__main__":
    main()
