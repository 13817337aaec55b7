"""Exporting a trained generator for serving: ONNX or a TF SavedModel."""

import numpy as np

from keras_gan_kit.backend import tensorflow_utils

EXPORT_FORMATS = ("onnx", "savedmodel")
# The converter `model.export(format="onnx")` uses on each backend.
ONNX_CONVERTERS = {
    "tensorflow": "tf2onnx",
    "jax": "jax2onnx",
    "torch": "onnxscript",
}
_ONNX_HINT = (
    "ONNX export needs `pip install keras-gan-kit[onnx]` (onnx, "
    "onnxruntime and the converter of the backend: tf2onnx, onnxscript or "
    "jax2onnx)"
)


def onnx_modules(backend):
    """The modules an ONNX export and its check import on `backend`."""
    return ("onnx", "onnxruntime", ONNX_CONVERTERS[backend])


def check_inputs(generator, num_samples=4, seed=0):
    """Inputs to check an export with: normal latents, and for a
    conditional generator (two inputs) labels counting up from 0."""
    rng = np.random.default_rng(seed)
    latent_dim = int(generator.inputs[0].shape[-1])
    latent = rng.normal(size=(num_samples, latent_dim)).astype("float32")
    if len(generator.inputs) == 1:
        return [latent]
    label_input = generator.inputs[1]
    labels = (np.arange(num_samples) % 2).astype(label_input.dtype)
    if len(label_input.shape) == 2:
        labels = labels.reshape(-1, 1)
    return [latent, labels]


def _onnx_outputs(path, inputs):
    try:
        import onnxruntime
    except ImportError as error:
        raise ImportError(f"{_ONNX_HINT}.") from error
    session = onnxruntime.InferenceSession(
        path, providers=["CPUExecutionProvider"]
    )
    feeds = {
        spec.name: array for spec, array in zip(session.get_inputs(), inputs)
    }
    return np.asarray(session.run(None, feeds)[0])


def export_generator(generator, path, format="onnx", check=True):
    """Exports a generator with Keras's `model.export` and checks the file.

    The exported model takes the generator's inputs (latents, and labels
    for a conditional generator, with a free batch size) and returns its
    images. With `check`, the file is run (onnxruntime for ONNX,
    TensorFlow for a SavedModel) on a few latents and compared with the
    Keras generator.

    Args:
        generator: A generator `keras.Model`, for example
            `gan.sampling_generator()` or a loaded `generator.keras`.
        path: The `.onnx` file, or the SavedModel folder.
        format: `"onnx"` (every backend; needs the `onnx` extra) or
            `"savedmodel"` (needs TensorFlow installed). Defaults to
            `"onnx"`.
        check: Run the export and compare it with Keras.
            Defaults to `True`.

    Returns:
        The largest absolute difference between the export's images and
        Keras's (`0.0` when `check=False`).

    Examples:

    ```python
    # Needs the onnx extra: pip install "keras-gan-kit[onnx]".
    import keras
    from keras_gan_kit.utils import export_generator

    generator = keras.Sequential(
        [keras.Input((4,), name="latent"), keras.layers.Dense(8)]
    )
    difference = export_generator(generator, "generator.onnx")
    print(difference < 1e-5)
    # True
    ```
    """
    if format not in EXPORT_FORMATS:
        raise ValueError(
            f"Unknown export format {format!r}; expected one of "
            f"{EXPORT_FORMATS}: 'onnx' for ONNX runtimes, 'savedmodel' for "
            "TensorFlow Serving."
        )
    inputs = check_inputs(generator)
    # Keras exports only a model it has called directly (predict() on JAX
    # does not count).
    generator(inputs if len(inputs) > 1 else inputs[0])
    if format == "onnx":
        try:
            generator.export(path, format="onnx", verbose=False)
        except ImportError as error:
            raise ImportError(f"{_ONNX_HINT}; {error}") from error
    else:
        try:
            generator.export(path, format="tf_saved_model", verbose=False)
        except ImportError as error:
            raise ImportError(
                "SavedModel export needs TensorFlow: `pip install "
                f"tensorflow`; {error}"
            ) from error
    if not check:
        return 0.0
    expected = np.asarray(
        generator.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    )
    if format == "onnx":
        exported = _onnx_outputs(path, inputs)
    else:
        exported = tensorflow_utils.saved_model_outputs(path, inputs)
    return float(np.abs(exported - expected).max())
