"""TensorFlow used as a utility, whatever the Keras backend: reading a
`tf.data.Dataset`'s first batch, writing TensorBoard images, running a
SavedModel. Each function imports TensorFlow when called, and says what
needs it where TensorFlow is not installed."""

import os

import numpy as np


def _tensorflow(purpose):
    """TensorFlow, or an ImportError saying what needs it."""
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ImportError(
            f"{purpose} needs TensorFlow: `pip install tensorflow`."
        ) from error
    return tf


def first_dataset_batch(data):
    """The first batch of a `tf.data.Dataset`, or `None` when `data` is
    not one.

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
    `samples` image summary of step `step` under `log_dir/samples`."""
    tf = _tensorflow("Writing TensorBoard images")
    writer = tf.summary.create_file_writer(os.path.join(log_dir, "samples"))
    with writer.as_default():
        tf.summary.image("samples", image[np.newaxis], step=step)
    writer.close()


def saved_model_outputs(path, inputs):
    """Runs the `serve` endpoint of the SavedModel at `path` on `inputs`
    (a list of arrays); returns a NumPy array."""
    tf = _tensorflow("Checking a SavedModel")
    # Held while it runs: its variables go with the loaded object. The
    # endpoint takes what the model takes, one array or a list.
    loaded = tf.saved_model.load(path)
    served = loaded.serve(list(inputs) if len(inputs) > 1 else inputs[0])
    return np.asarray(served)
