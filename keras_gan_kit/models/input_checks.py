"""Checks of what users hand to `GAN`, with errors that say how to fix it."""

import keras
import numpy as np

from keras_gan_kit import backend
from keras_gan_kit.utils.arrays import to_numpy

# Layers that move values around without changing them: the generator's
# output range is set by the last layer before them.
_SHAPE_ONLY_LAYERS = (
    keras.layers.Reshape,
    keras.layers.Flatten,
    keras.layers.Permute,
    keras.layers.Identity,
    keras.layers.Cropping2D,
)
_ACTIVATION_RANGES = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}
# Float error allowed at the edges of the range.
_RANGE_TOLERANCE = 1e-3
# The batch size `keras.Model.fit` uses for arrays when none is given.
DEFAULT_BATCH_SIZE = 32


def _model_shape(shape):
    return tuple(shape) if shape is not None else None


def _sublayers(layer):
    # Nested models expose `layers`; wrappers such as
    # SpectralNormalization expose the wrapped `layer`.
    children = list(getattr(layer, "layers", None) or [])
    wrapped = getattr(layer, "layer", None)
    if isinstance(wrapped, keras.layers.Layer):
        children.append(wrapped)
    for child in children:
        yield child
        yield from _sublayers(child)


def has_layer(model, layer_class):
    """True when any layer of `model`, nested ones included, is a
    `layer_class`."""
    return any(isinstance(layer, layer_class) for layer in _sublayers(model))


def has_batch_norm(model):
    """True when `model` holds a BatchNormalization layer."""
    return has_layer(model, keras.layers.BatchNormalization)


def check_discriminator_for_backend(discriminator):
    """Refuses what the backend cannot train, with the reason and a fix:
    where the discriminator must see real and generated images in one call
    for SpectralNormalization (PyTorch, `backend.joint_discriminator_pass`),
    batch norm, which needs them in separate calls, cannot join it."""
    if (
        backend.joint_discriminator_pass()
        and has_batch_norm(discriminator)
        and has_layer(discriminator, keras.layers.SpectralNormalization)
    ):
        raise ValueError(
            f"The discriminator {discriminator.name!r} combines "
            "SpectralNormalization with BatchNormalization. On PyTorch, "
            "SpectralNormalization rewrites its kernel in place at every "
            "call, and batch norm needs the real and generated batches in "
            "separate calls, which autograd then rejects. Drop batch norm "
            "from the discriminator (spectral normalization replaces it), "
            "or train on the JAX or TensorFlow backend."
        )


def check_built_models(generator, discriminator):
    """Both networks must be built Keras models with known inputs."""
    for role, network in (
        ("generator", generator),
        ("discriminator", discriminator),
    ):
        if not isinstance(network, keras.Model):
            raise ValueError(
                f"The {role} must be a keras.Model; received {network!r} of "
                f"type {type(network).__name__}. Wrap your layers in "
                "keras.Sequential([...]) or a functional keras.Model."
            )
        if not network.built or not network.inputs:
            raise ValueError(
                f"The {role} {network.name!r} is not built, so its input "
                "shape is unknown. Start it with keras.Input(shape=...) "
                f"(or call {role}.build(input_shape)) before creating the GAN."
            )


def resolve_latent_dim(latent_input, latent_dim):
    """Checks the generator's latent input against `latent_dim`; returns
    the latent size, read from the input when `latent_dim` is None."""
    latent_shape = _model_shape(latent_input.shape)
    if len(latent_shape) != 2:
        raise ValueError(
            "The generator's latent input must be a batch of vectors, shape "
            f"(batch, latent_dim); received input shape {latent_shape}. "
            "Reshape inside the generator (keras.layers.Reshape) instead."
        )
    if latent_dim is None:
        latent_dim = latent_shape[-1]
    elif latent_shape[-1] is not None and latent_dim != latent_shape[-1]:
        raise ValueError(
            f"latent_dim={latent_dim} does not match the generator's input "
            f"shape {latent_shape}. Pass latent_dim={latent_shape[-1]} "
            "or leave it out to read it from the generator."
        )
    if latent_dim is None or int(latent_dim) < 1:
        raise ValueError(
            "latent_dim must be a positive integer; the generator's input "
            f"shape {latent_shape} does not give it. Pass latent_dim=..."
        )
    return int(latent_dim)


def check_networks(generator, discriminator, latent_dim):
    """Validates a generator/discriminator pair; returns the latent size."""
    check_built_models(generator, discriminator)
    for role, network in (
        ("generator", generator),
        ("discriminator", discriminator),
    ):
        if len(network.inputs) != 1:
            raise ValueError(
                f"The {role} {network.name!r} takes {len(network.inputs)} "
                "inputs; GAN expects exactly one. For class labels use "
                "keras_gan_kit.ConditionalGAN."
            )
    latent_dim = resolve_latent_dim(generator.inputs[0], latent_dim)
    generator_output = _model_shape(generator.outputs[0].shape)
    discriminator_input = _model_shape(discriminator.inputs[0].shape)
    if not shapes_compatible(generator_output[1:], discriminator_input[1:]):
        raise ValueError(
            f"The generator's output shape {generator_output} does not match "
            f"the discriminator's input shape {discriminator_input}. Both "
            "networks must agree on the image shape (batch dimension aside)."
        )
    check_discriminator_head(discriminator)
    return latent_dim


def shapes_compatible(shape_a, shape_b):
    """True when two shapes agree wherever both are known."""
    if len(shape_a) != len(shape_b):
        return False
    return all(
        a is None or b is None or a == b for a, b in zip(shape_a, shape_b)
    )


# Activations that turn a logit into a probability or a bounded score.
_SQUASHING_ACTIVATIONS = (
    "sigmoid",
    "hard_sigmoid",
    "softmax",
    "log_softmax",
    "tanh",
)


def _producing_layer(tensor):
    """The layer that computes a symbolic tensor, looking through layers
    that only move values and into nested models; `None` when unknown."""
    while True:
        history = getattr(tensor, "_keras_history", None)
        if history is None:
            return None
        layer = history.operation
        if isinstance(layer, keras.Model) and layer.outputs:
            tensor = keras.tree.flatten(layer.outputs)[history.tensor_index]
            continue
        if isinstance(layer, _SHAPE_ONLY_LAYERS):
            inputs = layer._inbound_nodes[history.node_index].input_tensors
            if len(inputs) == 1:
                tensor = inputs[0]
                continue
        return layer


def _activation_name(layer):
    if isinstance(layer, keras.layers.Softmax):
        return "softmax"
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None)


def check_logit_output(network, tensor, what, fix):
    """Refuses an output that is not raw logits (a sigmoid or softmax at
    the end); `what` names the output in the message."""
    name = _activation_name(_producing_layer(tensor))
    if name in _SQUASHING_ACTIVATIONS:
        raise ValueError(
            f"The discriminator {network.name!r} ends its {what} in a "
            f"{name} activation, but the losses take raw logits (they apply "
            f"the sigmoid or softmax themselves, which is numerically "
            f"safer). {fix}"
        )


def check_validity_output(discriminator, tensor):
    """One real-vs-generated logit per image (or per patch): a last axis
    of size 1, no squashing activation."""
    shape = _model_shape(tensor.shape)
    if len(shape) >= 2 and shape[-1] != 1:
        raise ValueError(
            f"The discriminator {discriminator.name!r} outputs shape {shape}, "
            f"{shape[-1]} values per image; a GAN discriminator gives one "
            "logit per image (shape (batch, 1)), higher meaning more real. "
            "End it in keras.layers.Dense(1) with no activation (a softmax "
            "over real/fake classes is not needed: the losses do that)."
        )
    check_logit_output(
        discriminator,
        tensor,
        "real-vs-generated output",
        "End it in keras.layers.Dense(1) with no activation.",
    )


def check_discriminator_head(discriminator):
    """`GAN`'s discriminator: exactly one output, one logit per image."""
    outputs = keras.tree.flatten(discriminator.outputs)
    if len(outputs) != 1:
        raise ValueError(
            f"The discriminator {discriminator.name!r} returns "
            f"{len(outputs)} outputs; GAN expects one, a logit per image "
            "(shape (batch, 1)). An AC-GAN discriminator (validity and class "
            "logits) trains with keras_gan_kit.ConditionalGAN; otherwise "
            "end the model in a single keras.layers.Dense(1)."
        )
    check_validity_output(discriminator, outputs[0])


def output_range(model):
    """The range of the model's output activation, or None if unknown.

    Follows the output back through layers that only move values (Reshape,
    Flatten, ...) and into nested models, to the layer that computes it
    (the same walk as the discriminator's head checks).
    """
    outputs = getattr(model, "outputs", None)
    if not outputs:
        return None
    layer = _producing_layer(keras.tree.flatten(outputs)[0])
    return _ACTIVATION_RANGES.get(_activation_name(layer))


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
        batch = backend.first_dataset_batch(data)
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
    expected = _model_shape(gan.discriminator.inputs[0].shape)
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
    if value_range is not None and images.size:
        low, high = value_range
        data_low, data_high = float(images.min()), float(images.max())
        if (
            data_low < low - _RANGE_TOLERANCE
            or data_high > high + _RANGE_TOLERANCE
        ):
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
    devices (JAX's data-parallel engine needs it; 1 means no check)."""
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
            f"Data-parallel training on {shards} devices splits every batch "
            f"evenly over them, but {num_images} images with "
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
