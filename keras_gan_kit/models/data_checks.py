"""Checks of the data users hand to `GAN.fit` and `generate`: the first
batch's shape and value range, latents, and the batch arithmetic of
data-parallel training, with errors that say how to fix them."""

import keras
import numpy as np

from keras_gan_kit.backend import tensorflow_utils
from keras_gan_kit.models.network_checks import output_range
from keras_gan_kit.models.network_checks import shapes_compatible
from keras_gan_kit.utils.arrays import to_numpy
from keras_gan_kit.utils.arrays import values_outside

# The batch size `keras.Model.fit` uses for arrays when none is given.
DEFAULT_BATCH_SIZE = 32


def _empty_data(kind):
    return ValueError(
        f"fit() received an empty {kind}: it yields no images to train on. "
        "Pass at least one batch of images (check the file or the filter "
        "that made it)."
    )


def _python_sequence(data):
    """The error for a Python list or tuple given as the images."""
    received = f"a Python {type(data).__name__} of {len(data)} items"
    shapes = [np.shape(item) for item in data]
    differing = next(
        (i for i, shape in enumerate(shapes) if shape != shapes[0]), None
    )
    if differing is None:
        shape = f" of shape {shapes[0]}" if shapes else ""
        return ValueError(
            f"fit() takes the images as one array or a dataset; received "
            f"{received}{shape}. Stack them into one array first "
            "(np.stack(images)); class labels go in fit(x, y)."
        )
    return ValueError(
        f"fit() takes the images as one array or a dataset; received "
        f"{received} whose shapes differ: item 0 has shape {shapes[0]} and "
        f"item {differing} has shape {shapes[differing]}. Expected images "
        "of one shape stacked into one array: resize them to one size "
        "(datasets.image_folder(path, image_size=...) does), then "
        "np.stack(images); class labels go in fit(x, y)."
    )


def peek_batch(data):
    """The first batch of `data` as NumPy `(images, labels)`.

    `labels` is None when the data has none. Returns None when the data
    cannot be read without consuming it (a Python generator). A NumPy
    array is returned whole, so its every value is checked.

    Raises:
        ValueError: The data is empty, or a Python list or tuple (which
            Keras would read as several inputs).
    """
    if data is None:
        return None
    if isinstance(data, list | tuple):
        raise _python_sequence(data)
    if isinstance(data, np.ndarray):
        return data, None
    try:
        batch = tensorflow_utils.first_dataset_batch(data)
    except StopIteration:
        raise _empty_data("tf.data.Dataset") from None
    if batch is not None:
        return _to_numpy(batch)
    if isinstance(data, keras.utils.PyDataset):
        try:
            num_batches = data.num_batches
        except NotImplementedError:  # an infinite PyDataset
            num_batches = None
        if num_batches == 0:
            raise _empty_data(f"PyDataset ({type(data).__name__})")
        return _to_numpy(data[0])
    if type(data).__name__ == "DataLoader" and hasattr(data, "dataset"):
        try:
            return _to_numpy(next(iter(data)))
        except StopIteration:
            raise _empty_data("DataLoader") from None
    if hasattr(data, "shape") and hasattr(data, "dtype"):
        return _to_numpy(data)
    return None


def _to_numpy(batch):
    images, labels, _ = keras.utils.unpack_x_y_sample_weight(
        tuple(batch) if isinstance(batch, list) else batch
    )
    return to_numpy(images), to_numpy(labels)


def check_training_data(gan, data):
    """Validates the first batch of `fit`'s data; returns its labels (or
    None) for models that check them too."""
    expected = tuple(gan.discriminator.inputs[0].shape)
    if data is None:
        raise ValueError(
            "fit() received no images (x=None). Pass a float array of "
            f"shape {('n',) + expected[1:]} or a dataset that yields such "
            "batches."
        )
    batch = peek_batch(data)
    if batch is None:
        return None
    images, labels = batch
    if images.ndim and images.shape[0] == 0:
        raise _empty_data(f"array of shape {images.shape}")
    check_images(images, expected, output_range(gan.generator))
    return labels


def check_images(images, expected_shape, value_range):
    """Checks real images against the discriminator's input shape and the
    generator's output range."""
    if not shapes_compatible(images.shape[1:], expected_shape[1:]):
        raise ValueError(
            f"The training images have shape {images.shape} (batch first), "
            f"but the discriminator expects {expected_shape}. Reshape the "
            "images or build the networks for this image shape."
        )
    if not np.issubdtype(images.dtype, np.floating):
        low, high = value_range or (-1.0, 1.0)
        raise ValueError(
            f"The training images are of dtype {images.dtype}, but the "
            f"generator produces floats in [{low:g}, {high:g}] and the "
            "discriminator must see real images on the same scale. Convert "
            "them, for example with keras_gan_kit.datasets.scale_images(x), "
            "which maps uint8 [0, 255] to float32 [-1, 1]."
        )
    if not np.all(np.isfinite(images)):
        raise ValueError(
            "The training images contain NaN or infinite values. Clean the "
            "data before training."
        )
    if value_range is None:
        return
    outside = values_outside(images, value_range)
    if outside is not None:
        low, high = value_range
        data_low, data_high = outside
        raise ValueError(
            f"The training images have values in [{data_low:g}, "
            f"{data_high:g}], but the generator's output activation "
            f"gives [{low:g}, {high:g}]; the discriminator would tell "
            "real from generated by range alone. Rescale the images, "
            "for example with keras_gan_kit.datasets.scale_images(x) "
            "for [-1, 1]."
        )


def check_latent(latent, latent_dim, num_samples=None):
    latent = np.asarray(latent, dtype="float32")
    if latent.ndim != 2 or latent.shape[1] != latent_dim:
        raise ValueError(
            f"latent must have shape (n, {latent_dim}); received shape "
            f"{latent.shape}. Draw it with gan.sample_latent(n)."
        )
    if num_samples is not None and num_samples != latent.shape[0]:
        raise ValueError(
            f"num_samples={num_samples} disagrees with the {latent.shape[0]} "
            "latent vectors given. Pass one or the other."
        )
    return latent


def check_parallel_batches(x, batch_size, shards):
    """Checks that every batch of an array splits evenly over `shards`
    devices or processes (JAX's data-parallel engine and PyTorch's
    processes need it; 1 means no check)."""
    if shards <= 1 or not hasattr(x, "shape"):
        return
    num_images = int(x.shape[0])
    batch_size = DEFAULT_BATCH_SIZE if batch_size is None else int(batch_size)
    sizes = {min(batch_size, num_images)}
    if num_images > batch_size and num_images % batch_size:
        sizes.add(num_images % batch_size)
    uneven = sorted(size for size in sizes if size % shards)
    if uneven:
        raise ValueError(
            f"Data-parallel training splits every batch evenly over {shards} "
            f"devices or processes, but {num_images} images with "
            f"batch_size={batch_size} give batches of {uneven} images. Use "
            f"a batch size divisible by {shards}, and a number of images "
            f"divisible by the batch size (for example x[:"
            f"{num_images - num_images % batch_size}]), or "
            "keras_gan_kit.datasets.ShuffledBatches, which drops the last "
            "partial batch."
        )


def batches_per_epoch(x, batch_size, steps_per_epoch):
    """How many batches one epoch of `fit(x, ...)` takes, or None when the
    data does not say (a Python generator, an infinite dataset)."""
    if steps_per_epoch is not None:
        return int(steps_per_epoch)
    if isinstance(x, (list, tuple, dict)):
        leaves = keras.tree.flatten(x)
        x = leaves[0] if leaves else None
    if hasattr(x, "shape") and hasattr(x, "dtype"):
        batch_size = (
            DEFAULT_BATCH_SIZE if batch_size is None else int(batch_size)
        )
        return -(-int(x.shape[0]) // batch_size)
    if hasattr(x, "cardinality"):  # a tf.data.Dataset
        batches = int(x.cardinality())
        return batches if batches >= 0 else None
    try:
        batches = len(x)  # a PyDataset, a DataLoader
    except (TypeError, ValueError, NotImplementedError):
        return None
    return batches if batches is not None and batches >= 0 else None
