"""The one place that picks backend-specific code.

Each backend module holds only the gradient part of `GAN.train_step`; the
rest of the step (latent sampling, losses, trackers) is written once in
`keras.ops` on the model. Nothing else in keras_gan_kit imports TensorFlow,
JAX or PyTorch.
"""

import importlib

import keras

_MODULES = {
    "tensorflow": "keras_gan_kit.backend.tensorflow_train_step",
    "jax": "keras_gan_kit.backend.jax_train_step",
    "torch": "keras_gan_kit.backend.torch_train_step",
}


def get_train_step():
    """Returns `train_step(gan, *args)` for the active Keras backend."""
    name = keras.backend.backend()
    if name not in _MODULES:
        raise ValueError(
            f"keras_gan_kit trains on the TensorFlow, JAX and PyTorch "
            f"backends; the active Keras backend is {name!r}. Set "
            "KERAS_BACKEND to 'tensorflow', 'jax' or 'torch' before "
            "importing keras."
        )
    return importlib.import_module(_MODULES[name]).train_step
