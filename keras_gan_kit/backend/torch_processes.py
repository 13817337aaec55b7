"""Data parallel on PyTorch over processes: `torch.distributed`.

Keras's PyTorch trainer runs one process on one device. Several devices
(or hosts) train as several processes, one per device, started by a
launcher (`torchrun --nproc-per-node N script.py`, or any launcher that
sets `RANK`, `WORLD_SIZE`, `MASTER_ADDR` and `MASTER_PORT`). Inside
`keras_gan_kit.distribution.data_parallel()` each process:

- joins the process group (NCCL when it has a GPU, Gloo otherwise) and
  takes the GPU of its `LOCAL_RANK`;
- reads and trains on its share of every global batch of `fit` (rows
  `rank * b` to `(rank + 1) * b`, `b` the global batch over the number of
  processes; `datasets.ProcessShare`);
- draws, for each random draw of the step, the global batch's numbers and
  keeps its slice's rows, so N processes draw what one process would;
- averages every gradient over the processes (one all-reduce of all of a
  network's gradients) before applying it, and the logged values too.

So N processes with a global batch B train like one process with batch B
(batch-norm statistics and dropout masks aside: each process normalizes
its own slice and draws its own masks; the moving statistics are
averaged over the processes after every step, so all hold one model).
"""

import contextlib
import os

import torch
import torch.distributed as dist

# The environment variables a launcher sets for each process.
LAUNCHER_VARIABLES = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")


class ProcessGroup:
    """This process's place in a data-parallel run of several processes.

    Attributes:
        rank: This process's index, from 0.
        world_size: How many processes train together.
        local_rank: This process's index on its machine (its GPU).
        backend: The `torch.distributed` backend: `"nccl"` or `"gloo"`.
    """

    def __init__(self, rank, world_size, local_rank, backend):
        self.rank = rank
        self.world_size = world_size
        self.local_rank = local_rank
        self.backend = backend

    @property
    def num_replicas_in_sync(self):
        """How many processes train together (`tf.distribute`'s name)."""
        return self.world_size

    def __repr__(self):
        return (
            f"ProcessGroup(rank={self.rank}, world_size={self.world_size}, "
            f"backend={self.backend!r})"
        )


# The group of the active `data_parallel()` context, or None.
active = None


def launched_world_size():
    """How many processes a launcher started (`WORLD_SIZE`; 1 without
    one)."""
    return int(os.environ.get("WORLD_SIZE", "1") or "1")


def launched():
    """Whether a launcher started this process as one of several."""
    return launched_world_size() > 1


def _environment():
    missing = [name for name in LAUNCHER_VARIABLES if not os.environ.get(name)]
    if missing:
        raise ValueError(
            f"WORLD_SIZE={os.environ.get('WORLD_SIZE')} says this process "
            f"is one of several, but {missing} are not set. Start the "
            "script with torchrun (torchrun --nproc-per-node N script.py), "
            "which sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, or "
            "set them yourself."
        )
    rank, world_size = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    local_rank = int(os.environ.get("LOCAL_RANK", rank))
    return rank, world_size, local_rank


@contextlib.contextmanager
def data_parallel(devices):
    """The PyTorch data-parallel context; see
    `keras_gan_kit.distribution.data_parallel`."""
    global active
    if devices is not None:
        raise ValueError(
            "On PyTorch each process trains on one device, the GPU of its "
            f"LOCAL_RANK (or the CPU); received devices={devices}. Pass "
            "devices=None and start one process per device: torchrun "
            "--nproc-per-node N script.py."
        )
    if active is not None:
        raise ValueError(
            "data_parallel() is already active in this process; enter it "
            "once, around building, compiling and fitting."
        )
    if not launched():
        # One process: it trains on its device, as outside the context.
        group = ProcessGroup(0, 1, 0, None)
        active = group
        try:
            yield group
        finally:
            active = None
        return
    rank, world_size, local_rank = _environment()
    cuda = torch.cuda.is_available()
    if cuda:
        # Keras's PyTorch backend places tensors on the current device.
        torch.cuda.set_device(local_rank)
    joined_here = not dist.is_initialized()
    if joined_here:
        dist.init_process_group(
            backend="nccl" if cuda else "gloo",
            rank=rank,
            world_size=world_size,
        )
    group = ProcessGroup(
        dist.get_rank(), dist.get_world_size(), local_rank, dist.get_backend()
    )
    active = group
    try:
        yield group
    except BaseException:
        # No barrier: the others may never reach it. The launcher stops
        # them when this process exits with the error.
        active = None
        if joined_here:
            dist.destroy_process_group()
        raise
    active = None
    if joined_here:
        dist.barrier()
        dist.destroy_process_group()


def world_size():
    """How many processes share each batch (1 outside a group)."""
    return active.world_size if active is not None else 1


def local_slice(tensor, shards):
    """This process's rows of a global batch split into `shards` slices;
    refuses a batch that does not split evenly."""
    if tensor.shape[0] % shards:
        raise ValueError(
            f"Data-parallel training splits every batch evenly over {shards} "
            f"processes, but received a batch of {tensor.shape[0]} rows. "
            f"Use a batch size divisible by {shards}, and data whose last "
            "batch is full too (datasets.ShuffledBatches drops the last "
            "partial batch)."
        )
    rows = tensor.shape[0] // shards
    return tensor[active.rank * rows : (active.rank + 1) * rows]


def barrier():
    """Waits for every process of the group."""
    dist.barrier()


def all_reduce(tensors, mean):
    """The sum over the processes of each tensor, or with `mean` the mean
    (None stays None), with one all-reduce for them all."""
    present = [t for t in tensors if t is not None]
    if not present:
        return list(tensors)
    flat = torch.cat([t.detach().reshape(-1).float() for t in present])
    dist.all_reduce(flat)
    if mean:
        flat /= active.world_size
    reduced, offset = [], 0
    for tensor in tensors:
        if tensor is None:
            reduced.append(None)
            continue
        size = tensor.numel()
        reduced.append(
            flat[offset : offset + size].reshape(tensor.shape).to(tensor.dtype)
        )
        offset += size
    return reduced
