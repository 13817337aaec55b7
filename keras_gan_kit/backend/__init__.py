"""The one place that picks backend-specific code.

Each backend module holds only what cannot be written in `keras.ops`: the
gradient part of `GAN.train_step` and, where the backend has one, the global
random state that some layers draw from. The rest of the step (latent
sampling, losses, trackers) is written once on the model. Nothing else in
keras_gan_kit imports TensorFlow, JAX or PyTorch.
"""

import importlib

import keras
import numpy as np

_MODULES = {
    "tensorflow": "keras_gan_kit.backend.tensorflow_backend",
    "jax": "keras_gan_kit.backend.jax_backend",
    "torch": "keras_gan_kit.backend.torch_backend",
}


def _module():
    name = keras.backend.backend()
    if name not in _MODULES:
        raise ValueError(
            f"keras_gan_kit trains on the TensorFlow, JAX and PyTorch "
            f"backends; the active Keras backend is {name!r}. Set "
            "KERAS_BACKEND to 'tensorflow', 'jax' or 'torch' before "
            "importing keras."
        )
    return importlib.import_module(_MODULES[name])


def _optional(name, default):
    """The active backend module's function `name`, or, where that backend
    has none, a function that ignores its arguments and returns
    `default`."""
    return getattr(_module(), name, lambda *args: default)


def get_train_step():
    """Returns `train_step(gan, *args)` for the active Keras backend."""
    return _module().train_step


def input_gradients(function, inputs):
    """Gradient of `function(inputs)` with respect to `inputs`, kept
    differentiable (double backpropagation, for gradient penalties).

    Args:
        function: Maps `inputs` to `(scalar, aux)`.
        inputs: A tensor.

    Returns:
        `(gradient, aux)`, the gradient shaped like `inputs`.
    """
    return _module().input_gradients(function, inputs)


def replicas():
    """`(num_replicas, replica_id)` of the step being traced.

    Inside a `tf.distribute` strategy each replica runs the step on its
    slice of the global batch; everywhere else (one device, or JAX, whose
    `keras.distribution` traces one step over the whole global batch) this
    is `(1, 0)`. `replica_id` may be a symbolic tensor.
    """
    return _optional("replicas", (1, 0))()


def data_parallel(devices):
    """The backend's data-parallel context; see
    `keras_gan_kit.distribution.data_parallel`."""
    function = getattr(_module(), "data_parallel", None)
    if function is None:
        raise ValueError(
            f"Data-parallel training is not available on the "
            f"{keras.backend.backend()!r} backend: Keras's PyTorch trainer "
            "runs on one device (the GPU when PyTorch sees one) and Keras "
            "has no PyTorch distribution engine. Train on one device, or "
            "set KERAS_BACKEND to 'jax' or 'tensorflow' to train on "
            "several; the same GAN code runs there unchanged."
        )
    return function(devices)


def data_shards():
    """Into how many device slices this process splits each batch: the
    local devices of an active JAX data-parallel distribution, else 1
    (`tf.distribute` splits uneven batches itself)."""
    return _optional("data_shards", 1)()


def array_dataset(x, y, batch_size, shuffle):
    """The backend's faster input for `fit` on NumPy arrays, or None to let
    Keras's adapter read them (TensorFlow only; see its module)."""
    return _optional("array_dataset", None)(x, y, batch_size, shuffle)


def py_dataset(batches):
    """The backend's faster input for `fit` on a `keras.utils.PyDataset`,
    or None to let Keras read it (TensorFlow only; see its module)."""
    return _optional("py_dataset", None)(batches)


def get_global_rng_state():
    """The backend's global random state as a NumPy array, or None.

    Only PyTorch has one that Keras layers use: its `Dropout` without a seed
    draws from `torch`'s global generator instead of a Keras seed
    generator, so exact resumption needs that state saved too.
    """
    return _optional("get_global_rng_state", None)()


def set_global_rng_state(state):
    """Restores a state returned by `get_global_rng_state`."""
    _optional("set_global_rng_state", None)(state)


def saved_model_outputs(path, inputs):
    """Runs the `serve` endpoint of the SavedModel at `path` on `inputs`
    with TensorFlow (installed, whatever the Keras backend); returns a
    NumPy array."""
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ImportError(
            "Checking a SavedModel needs TensorFlow: `pip install tensorflow`."
        ) from error
    # Held while it runs: its variables go with the loaded object. The
    # endpoint takes what the model takes, one array or a list.
    loaded = tf.saved_model.load(path)
    served = loaded.serve(list(inputs) if len(inputs) > 1 else inputs[0])
    return np.asarray(served)
