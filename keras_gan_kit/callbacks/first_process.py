"""Callbacks that write files write them from one process.

In a run of several processes (`torchrun` on PyTorch, several hosts on
JAX or TensorFlow) every process runs the same callbacks; a file must
still be written once, whole. The writing methods of the library's
callbacks run on the first process only (`distribution.is_first_process`),
which computes with the model on its own (`Backend.alone`: on JAX, local
copies of its values, outside the processes' one program).
"""

import functools

from keras_gan_kit import backend
from keras_gan_kit import distribution


def first_process_only(method):
    """Makes a callback method that writes files run on the first process
    only; on the others it does nothing and returns None.

    Args:
        method: A callback method, such as `on_epoch_end`.

    Returns:
        The wrapped method.
    """

    @functools.wraps(method)
    def on_first_process(self, *args, **kwargs):
        if not distribution.is_first_process():
            return None
        with backend.current.alone(getattr(self, "model", None)):
            return method(self, *args, **kwargs)

    return on_first_process
