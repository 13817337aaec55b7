"""Step time of data parallel over processes against one process, on the
active backend: `torch.distributed` (Gloo on CPUs, NCCL on GPUs), JAX's
distributed runtime, or TensorFlow's `MultiWorkerMirroredStrategy`.

Trains the `dcgan_mnist` preset's networks on the same global batch in
one process and in `--processes` processes started as each backend's
launcher starts them (on the loopback address), each for `--steps` steps
after a warm-up epoch, and prints the seconds per step of each and their
ratio. The two runs alternate for `--rounds` rounds, so both see the same
machine load; the ratio is reported as median [min-max] over the rounds.

    KERAS_BACKEND=torch python benchmarks/process_scaling.py
    KERAS_BACKEND=jax python benchmarks/process_scaling.py --rounds 1 \\
        --steps 4                                  # a smoke run

On a machine with as many cores as processes or fewer, the processes
share the cores: the figure is the cost of the gradient exchange and the
split, not a speed-up. With one GPU per process it is the speed-up.
PyTorch's processes are given `cores / processes` threads each
(`OMP_NUM_THREADS`); JAX and TensorFlow keep their own thread pools.
The latest output is recorded in `benchmarks/README.md`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

# The loopback launchers of the tests, from the repository root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.launchers import LAUNCHER_VARIABLES  # noqa: E402
from tests.launchers import free_ports  # noqa: E402
from tests.launchers import launcher_environment  # noqa: E402

BACKEND = os.environ.get("KERAS_BACKEND", "tensorflow")


def worker(batch_size, steps, result_path):
    """One process: warm up, then time `steps` steps; the first process
    writes the seconds per step to `result_path`."""
    import keras

    import keras_gan_kit
    from keras_gan_kit import builders

    keras.utils.set_random_seed(0)
    images = np.random.default_rng(0).uniform(
        -1, 1, (batch_size * steps, 28, 28, 1)
    )
    images = images.astype("float32")
    with keras_gan_kit.distribution.data_parallel():
        gan = keras_gan_kit.GAN(*builders.preset("dcgan_mnist"), seed=0)
        gan.compile()
        # The warm-up reads as the timed run reads (no retracing).
        gan.fit(
            images[: 2 * batch_size], batch_size=batch_size, shuffle=False,
            verbose=0,
        )  # fmt: skip
        started = time.perf_counter()
        gan.fit(images, batch_size=batch_size, shuffle=False, verbose=0)
        seconds = (time.perf_counter() - started) / steps
        if keras_gan_kit.distribution.is_first_process():
            with open(result_path, "w") as file:
                json.dump({"seconds_per_step": seconds}, file)


def _time(processes, batch_size, steps, threads):
    """Seconds per step of a run of `processes` processes."""
    ports = free_ports(BACKEND, processes)
    with tempfile.TemporaryDirectory() as folder:
        result = os.path.join(folder, "result.json")
        started = []
        for rank in range(processes):
            env = dict(os.environ, KERAS_BACKEND=BACKEND)
            for name in LAUNCHER_VARIABLES:
                env.pop(name, None)
            if BACKEND == "torch":
                env["OMP_NUM_THREADS"] = str(threads)
            if processes > 1:
                env.update(
                    launcher_environment(BACKEND, rank, processes, ports)
                )
            started.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        __file__,
                        "--worker",
                        str(batch_size),
                        str(steps),
                        result,
                    ],
                    env=env,
                )  # fmt: skip
            )
        for process in started:
            if process.wait() != 0:
                raise RuntimeError(f"A worker exited {process.returncode}.")
        with open(result) as file:
            return json.load(file)["seconds_per_step"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        batch_size, steps, result = args.worker
        return worker(int(batch_size), int(steps), result)
    cores = os.cpu_count() or 1
    rows = []
    for _ in range(args.rounds):
        one = _time(1, args.batch_size, args.steps, cores)
        several = _time(
            args.processes,
            args.batch_size,
            args.steps,
            max(1, cores // args.processes),
        )
        rows.append({"one": one, "several": several, "ratio": several / one})
        print(json.dumps(rows[-1]), flush=True)
    ratios = [row["ratio"] for row in rows]
    print(
        f"{BACKEND}: {args.processes} processes against 1, global batch "
        f"{args.batch_size}, {cores} cores: step time ratio "
        f"{np.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}] "
        f"over {args.rounds} rounds (one process: "
        f"{np.median([r['one'] for r in rows]) * 1000:.0f} ms per step)"
    )


if __name__ == "__main__":
    main()
