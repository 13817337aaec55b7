"""How `GAN.fit`'s data reaches Keras: NumPy arrays, and PyDatasets read
in order, go through the backend's own faster pipeline where it has one
(`Backend.array_dataset`, `Backend.py_dataset`)."""

import keras
import numpy as np

from keras_gan_kit import backend
from keras_gan_kit.models import data_checks


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
