"""The one place that picks backend-specific code.

`current` is the `Backend` of the active Keras backend, chosen once when
this package is imported, as `keras.Model` chooses its trainer: the
training step (`keras_gan_kit.models.training_step`) calls its methods, and
nothing else in keras_gan_kit imports TensorFlow, JAX or PyTorch or
branches on the backend's name. `tensorflow_utils` holds TensorFlow used as
a utility whatever the Keras backend (TensorBoard images, SavedModels,
`tf.data` batches).
"""

import keras

from keras_gan_kit.backend.base import SUPPORTED_BACKENDS
from keras_gan_kit.backend.base import Backend
from keras_gan_kit.backend.base import UnsupportedBackend

if keras.backend.backend() == "tensorflow":
    from keras_gan_kit.backend.tensorflow_backend import (
        TensorFlowBackend as _Active,
    )
elif keras.backend.backend() == "jax":
    from keras_gan_kit.backend.jax_backend import JaxBackend as _Active
elif keras.backend.backend() == "torch":
    from keras_gan_kit.backend.torch_backend import TorchBackend as _Active
else:

    class _Active(UnsupportedBackend):
        name = keras.backend.backend()


current = _Active()

__all__ = ["SUPPORTED_BACKENDS", "Backend", "current"]
