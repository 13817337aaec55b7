"""How `GAN.fit`'s data reaches Keras: NumPy arrays, and PyDatasets read
in order, go through the backend's own faster pipeline where it has one
(`Backend.array_dataset`, `Backend.py_dataset`); when several processes
train together, each reads only its share of every batch
(`datasets.ProcessShare`)."""

import contextlib
import inspect

import keras
import numpy as np

from keras_gan_kit import backend
from keras_gan_kit.datasets.process_share import ProcessShare
from keras_gan_kit.models import data_checks

# `keras.Model.fit`'s parameters after `x` and `y`, in order.
_FIT_PARAMETERS = list(inspect.signature(keras.Model.fit).parameters)[3:]


@contextlib.contextmanager
def fit_input(model, x, y, args, kwargs):
    """A context around Keras's `fit` of `model` that yields its `(x, y,
    args, kwargs)`: with several processes, this process's share of every
    batch (arrays shuffled in the order drawn from `(model.seed, epoch)`,
    the same on every process); otherwise `backend_input`'s."""
    index, count = backend.current.process_share()
    if count == 1:
        x, y, kwargs = backend_input(x, y, args, kwargs)
        yield x, y, args, kwargs
        return
    kwargs = dict(kwargs, **dict(zip(_FIT_PARAMETERS, args)))
    if isinstance(x, keras.utils.PyDataset):
        share = ProcessShare(x, index, count)
    elif isinstance(x, np.ndarray) and (y is None or isinstance(y, np.ndarray)):
        share = ProcessShare.from_arrays(
            x, y,
            batch_size=kwargs.pop("batch_size", None)
            or data_checks.DEFAULT_BATCH_SIZE,
            shuffle=kwargs.get("shuffle", True) is not False,
            seed=model.seed or 0, index=index, count=count,
        )  # fmt: skip
        y = None
        # The share's batches are reshuffled from (seed, epoch), so a
        # resumed run reads the batches of an uninterrupted one.
        kwargs["callbacks"] = list(kwargs.get("callbacks") or []) + [
            share.batches.epoch_callback()
        ]
    elif backend.current.sharded_input(x):
        with backend.current.processes_fit(model):
            yield x, y, (), kwargs
        return
    else:
        raise ValueError(
            f"{count} processes train together, so each reads its share "
            "of every batch, but fit() received data of type "
            f"{type(x).__name__}, which cannot be split into shares. Pass "
            "NumPy arrays, or a keras.utils.PyDataset of global batches "
            "(keras_gan_kit.datasets.ShuffledBatches, ImageFolderStream...)."
        )
    kwargs["shuffle"] = False  # the share keeps the batches' order
    with backend.current.processes_fit(model):
        with backend.current.share_input(share) as data:
            yield data, y, (), kwargs


def backend_input(x, y, args, kwargs):
    """`(x, y, kwargs)` for `fit`: NumPy arrays, and PyDatasets read in
    order, go through the backend's own pipeline where it has a faster
    one."""
    if args or any(
        kwargs.get(key) is not None
        for key in ("sample_weight", "class_weight", "steps_per_epoch")
    ):
        return x, y, kwargs
    if isinstance(x, keras.utils.PyDataset):
        dataset = None
        if kwargs.get("shuffle", True) is False:
            dataset = backend.current.py_dataset(x)
        if dataset is None:
            return x, y, kwargs
        return dataset, y, kwargs
    plain = (
        isinstance(x, np.ndarray)
        and (y is None or isinstance(y, np.ndarray))
        and kwargs.get("shuffle", True) in (True, False)
    )
    if not plain:
        return x, y, kwargs
    kwargs = dict(kwargs)
    batch_size = (
        kwargs.pop("batch_size", None) or data_checks.DEFAULT_BATCH_SIZE
    )
    shuffle = kwargs.pop("shuffle", True)
    dataset = backend.current.array_dataset(x, y, batch_size, shuffle)
    if dataset is None:
        kwargs.update(batch_size=batch_size, shuffle=shuffle)
        return x, y, kwargs
    # The dataset shuffles itself.
    kwargs["shuffle"] = False
    return dataset, None, kwargs
