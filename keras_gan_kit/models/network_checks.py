"""Checks of the networks users hand to `GAN`: their inputs, outputs and
layers, read from the Keras graph, with errors that say how to fix them."""

import keras

from keras_gan_kit import backend
from keras_gan_kit.layers import MinibatchStdDev

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


def mixes_the_batch(model):
    """True when a layer of `model` computes across the images of a batch
    (batch norm, StyleGAN2's minibatch standard deviation): such a
    discriminator must judge real and generated images in separate calls,
    or each image's output would depend on images of the other kind."""
    return has_layer(model, (keras.layers.BatchNormalization, MinibatchStdDev))


def check_discriminator_for_backend(discriminator):
    """Refuses what the backend cannot train, with the reason and a fix:
    where the discriminator must see real and generated images in one call
    for SpectralNormalization (PyTorch, `backend.joint_discriminator_pass`),
    batch norm, which needs them in separate calls, cannot join it."""
    if (
        backend.current.joint_discriminator_pass
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


def is_auxiliary_classifier(discriminator):
    """Whether `discriminator` is an AC-GAN one: images in, validity and
    class logits out."""
    return len(discriminator.inputs) == 1 and len(discriminator.outputs) == 2


def check_conditional_networks(generator, discriminator, latent_dim):
    """Validates a conditional pair; returns the latent size."""
    check_built_models(generator, discriminator)
    if len(generator.inputs) != 2:
        raise ValueError(
            "A ConditionalGAN generator takes two inputs, [latent, labels]; "
            f"{generator.name!r} takes {len(generator.inputs)}. Build one "
            "with keras_gan_kit.builders.conditional_generator, or use GAN "
            "for an unconditional generator."
        )
    latent_dim = resolve_latent_dim(generator.inputs[0], latent_dim)
    image_shape = tuple(generator.outputs[0].shape)
    auxiliary = is_auxiliary_classifier(discriminator)
    conditioned = (
        len(discriminator.inputs) == 2 and len(discriminator.outputs) == 1
    )
    if not (auxiliary or conditioned):
        raise ValueError(
            "A ConditionalGAN discriminator either takes [images, labels] "
            "and returns one logit per image, or takes images and returns "
            "[logits, class_logits] (AC-GAN); "
            f"{discriminator.name!r} takes {len(discriminator.inputs)} "
            f"inputs and returns {len(discriminator.outputs)} outputs."
        )
    discriminator_input = tuple(discriminator.inputs[0].shape)
    if not shapes_compatible(image_shape[1:], discriminator_input[1:]):
        raise ValueError(
            f"The generator's output shape {image_shape} does not match the "
            f"discriminator's image input shape {discriminator_input}."
        )
    check_validity_output(discriminator, discriminator.outputs[0])
    if auxiliary:
        check_logit_output(
            discriminator,
            discriminator.outputs[1],
            "class output",
            "End the class head in keras.layers.Dense(num_classes) with no "
            "activation.",
        )
    return latent_dim
