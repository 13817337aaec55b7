"""The environment each backend's launcher gives a process of a
data-parallel run on this machine (the loopback address), for the tests
and `benchmarks/process_scaling.py`."""

import json
import socket

# The variables by which each backend's launcher describes the processes.
LAUNCHER_VARIABLES = (
    "RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT",
    "KERAS_DISTRIBUTION_JOB_ADDRESSES", "KERAS_DISTRIBUTION_NUM_PROCESSES",
    "KERAS_DISTRIBUTION_PROCESS_ID", "TF_CONFIG",
)  # fmt: skip


def free_port():
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_ports(backend, count):
    """Free ports for `count` processes: the coordinator's (PyTorch,
    JAX), or one per worker (TensorFlow)."""
    return [free_port() for _ in range(count if backend == "tensorflow" else 1)]


def launcher_environment(backend, rank, count, ports):
    """What a launcher sets for process `rank` of `count` on `ports`."""
    if backend == "torch":  # as torchrun sets it
        return dict(
            RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(count),
            MASTER_ADDR="127.0.0.1", MASTER_PORT=str(ports[0]),
        )  # fmt: skip
    if backend == "jax":  # keras.distribution.initialize()'s variables
        return dict(
            KERAS_DISTRIBUTION_JOB_ADDRESSES=f"127.0.0.1:{ports[0]}",
            KERAS_DISTRIBUTION_NUM_PROCESSES=str(count),
            KERAS_DISTRIBUTION_PROCESS_ID=str(rank),
        )
    workers = [f"127.0.0.1:{port}" for port in ports]
    task = {"type": "worker", "index": rank}
    config = {"cluster": {"worker": workers}, "task": task}
    return dict(TF_CONFIG=json.dumps(config))
