"""The one place that picks backend-specific code.

Each backend module holds only what cannot be written in `keras.ops`: the
gradient primitives that `keras_gan_kit.models.training_step` (the training
step, written once) is made of, the backend's input pipelines and
distribution context, and, where the backend has one, the global random
state that some layers draw from. Nothing else in keras_gan_kit imports
TensorFlow, JAX or PyTorch or branches on the backend's name.
"""

import importlib
import os

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


def run_step(step, gan, *args):
    """Runs `step(gan, data)` as the backend's trainer calls `train_step`.

    TensorFlow and PyTorch call `train_step(data)` and run the step on the
    variables themselves. JAX calls `train_step(state, data)` and expects
    `(logs, state)` back: the step runs with every variable bound to its
    value in `state` (a `keras.StatelessScope`) and the new values are
    collected, so the same stateful code is one stateless function there.
    """
    return _module().run_step(step, gan, *args)


def value_and_grad(function, variables):
    """`((value, aux), gradients)` of `function()` with respect to
    `variables` (a list of `keras.Variable`), where `function` reads them
    and returns `(scalar, aux)`."""
    return _module().value_and_grad(function, variables)


def forward_and_pullback(function, variables):
    """`(output, pull_back)`: `function()`'s output and a function mapping
    a cotangent shaped like it to the gradients of `variables`, so that one
    forward pass serves two updates."""
    return _module().forward_and_pullback(function, variables)


def value_and_grad_through(function, output, pull_back):
    """`((value, aux), gradients)` of `function(output)` with respect to
    the variables behind `output`, where `output, pull_back` came from
    `forward_and_pullback`: the gradient reaches them through that pass.

    By default the gradient is taken with respect to `output` (the
    backend's `value_and_input_gradient`) and pulled back; PyTorch does
    both in one backward pass.
    """
    module = _module()
    if hasattr(module, "value_and_grad_through"):
        return module.value_and_grad_through(function, output, pull_back)
    (value, aux), output_gradient = module.value_and_input_gradient(
        function, output
    )
    return (value, aux), pull_back(output_gradient)


def apply_gradients(optimizer, gradients, variables):
    """Applies `gradients` to `variables` with `optimizer`."""
    _module().apply_gradients(optimizer, gradients, variables)


def no_grad():
    """A context in which nothing is recorded for differentiation
    (PyTorch's `torch.no_grad`; nothing elsewhere)."""
    return _module().no_grad()


def joint_discriminator_pass():
    """Whether the discriminator should see the real and the generated
    batch in one call (on their concatenation) when it has no batch norm.

    True on PyTorch only: there layers that update their weights in place
    during the forward pass (`keras.layers.SpectralNormalization`) allow
    only one call per update. On JAX and TensorFlow two calls measured
    faster (the concatenated batch made the MNIST DCGAN step 10% slower on
    JAX, 3% on TensorFlow, on a CPU)."""
    return _optional("joint_discriminator_pass", False)()


def phase_transposed_convolutions():
    """Whether transposed convolutions are faster computed by phases
    (`layers.PhaseConv2DTranspose`): on JAX, whose XLA CPU gradient of the
    direct form is slow."""
    return _optional("phase_transposed_convolutions", False)()


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


def _tensorflow(purpose):
    """TensorFlow, installed whatever the Keras backend, or an ImportError
    saying what needs it."""
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ImportError(
            f"{purpose} needs TensorFlow: `pip install tensorflow`."
        ) from error
    return tf


def first_dataset_batch(data):
    """The first batch of a `tf.data.Dataset` (whatever the Keras backend),
    or `None` when `data` is not one.

    Raises:
        StopIteration: The dataset is empty.
    """
    if not type(data).__module__.startswith("tensorflow"):
        return None
    tf = _tensorflow("Reading a tf.data.Dataset")
    if not isinstance(data, tf.data.Dataset):
        return None
    return next(iter(data.take(1)))


def write_tensorboard_image(log_dir, image, step):
    """Writes `image` (height, width, channels in [0, 1]) as the
    `samples` image summary of step `step` under `log_dir/samples`, with
    TensorFlow's summary writer (whatever the Keras backend)."""
    tf = _tensorflow("Writing TensorBoard images")
    writer = tf.summary.create_file_writer(os.path.join(log_dir, "samples"))
    with writer.as_default():
        tf.summary.image("samples", image[np.newaxis], step=step)
    writer.close()


def saved_model_outputs(path, inputs):
    """Runs the `serve` endpoint of the SavedModel at `path` on `inputs`
    with TensorFlow (installed, whatever the Keras backend); returns a
    NumPy array."""
    tf = _tensorflow("Checking a SavedModel")
    # Held while it runs: its variables go with the loaded object. The
    # endpoint takes what the model takes, one array or a list.
    loaded = tf.saved_model.load(path)
    served = loaded.serve(list(inputs) if len(inputs) > 1 else inputs[0])
    return np.asarray(served)
