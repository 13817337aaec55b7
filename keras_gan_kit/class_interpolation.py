"""Interpolation between the classes of a conditional generator.

A conditional generator looks its label up in an `Embedding` table; here
the lookup is replaced by a weighted mix of the table's rows, so a latent
can be drawn as 70% one class and 30% another.
"""

import keras
import numpy as np
from keras import ops

from keras_gan_kit.utils.arrays import check_num_samples

__all__ = ["interpolate_classes", "soft_label_generator"]


class _MixedEmbedding(keras.layers.Layer):
    """`weights @ table` of an `Embedding` layer, shaped as that layer's
    output on `(batch, 1)` labels. Shares the layer's variable; a sampling
    view, never saved."""

    def __init__(self, embedding, **kwargs):
        super().__init__(**kwargs)
        self.embedding = embedding

    def call(self, weights):
        table = ops.cast(self.embedding.embeddings, weights.dtype)
        return ops.expand_dims(ops.matmul(weights, table), 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 1, self.embedding.output_dim)


def _label_embeddings(generator):
    """The `Embedding` layers that read the generator's label input."""
    labels = generator.inputs[1]
    found = []
    for layer in generator.layers:
        if not isinstance(layer, keras.layers.Embedding):
            continue
        try:
            reads = layer.input is labels
        except (AttributeError, ValueError):
            reads = False
        if reads:
            found.append(layer)
    return found


def soft_label_generator(generator):
    """A view of a conditional generator that takes class weights.

    The view takes `[latent, class_weights]`, `class_weights` of shape
    `(batch, num_classes)`, and gives what the generator would for a label
    whose embedding is the weighted mix of the class embeddings (one-hot
    weights give the generator's own images). It shares the generator's
    variables, so it follows later training; it is for sampling and is not
    meant to be saved.

    Args:
        generator: A conditional generator, `[latent, labels]` to images,
            whose labels go through `keras.layers.Embedding` layers (every
            conditional builder of keras_gan_kit), or a `ConditionalGAN`.

    Returns:
        A functional `keras.Model`.

    Raises:
        ValueError: for a generator with no label input, or whose labels
            reach no `Embedding` layer.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import builders
    from keras_gan_kit.class_interpolation import soft_label_generator

    generator = builders.conditional_generator(
        latent_dim=8, num_classes=3, image_shape=(8, 8, 1), filters=4
    )
    view = soft_label_generator(generator)
    latent = np.random.default_rng(0).normal(size=(2, 8)).astype("float32")
    one_hot = np.eye(3, dtype="float32")[[2, 2]]
    same = np.allclose(
        view([latent, one_hot]), generator([latent, np.array([[2], [2]])])
    )
    print(same)
    # True
    ```
    """
    generator = _generator_of(generator)
    if len(generator.inputs) != 2:
        raise ValueError(
            f"Class interpolation needs a conditional generator taking "
            f"[latent, labels]; {generator.name!r} takes "
            f"{len(generator.inputs)} input(s)."
        )
    embeddings = _label_embeddings(generator)
    if not embeddings:
        raise ValueError(
            f"The labels of {generator.name!r} reach no Embedding layer, so "
            "there is no class table to mix. Class interpolation works with "
            "generators that embed their labels (all conditional builders "
            "of keras_gan_kit do)."
        )
    num_classes = int(embeddings[0].input_dim)
    latent = keras.Input(generator.inputs[0].shape[1:], name="latent")
    weights = keras.Input((num_classes,), name="class_weights")
    mixers = {
        id(layer): _MixedEmbedding(layer, name=f"{layer.name}_mixed")
        for layer in embeddings
    }

    def call(layer, *args, **kwargs):
        if id(layer) in mixers:
            return mixers[id(layer)](weights)
        return layer(*args, **kwargs)

    return keras.models.clone_model(
        generator,
        input_tensors=[latent, weights],
        clone_function=lambda layer: layer,
        call_function=call,
    )


def _generator_of(model):
    if hasattr(model, "sampling_generator"):
        return model.sampling_generator()
    return model


def interpolate_classes(generator, start_class, end_class, latent, num_steps):
    """Images that morph from one class into another, per latent.

    Each latent is drawn with class weights moving linearly from
    `start_class` (first column) to `end_class` (last column).

    Args:
        generator: A conditional generator or `ConditionalGAN` (its EMA
            generator where it keeps one).
        start_class: The class of the first column.
        end_class: The class of the last column.
        latent: Latent vectors, `(rows, latent_dim)`: one row each.
        num_steps: Columns, ends included, >= 2.

    Returns:
        A NumPy array `(rows * num_steps, height, width, channels)`, row by
        row, for `utils.save_image_grid(..., num_columns=num_steps)`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import builders
    from keras_gan_kit.class_interpolation import interpolate_classes

    generator = builders.conditional_generator(
        latent_dim=8, num_classes=3, image_shape=(8, 8, 1), filters=4
    )
    latent = np.random.default_rng(0).normal(size=(2, 8)).astype("float32")
    images = interpolate_classes(generator, 0, 2, latent, num_steps=5)
    print(images.shape)
    # (10, 8, 8, 1)
    ```
    """
    view = soft_label_generator(generator)
    num_classes = view.inputs[1].shape[-1]
    for name, value in (("start_class", start_class), ("end_class", end_class)):
        if isinstance(value, bool) or not (
            isinstance(value, int | np.integer) and 0 <= value < num_classes
        ):
            raise ValueError(
                f"{name} must be a class from 0 to {num_classes - 1}; "
                f"received {value!r}."
            )
    num_steps = check_num_samples(num_steps)
    if num_steps < 2:
        raise ValueError(
            f"num_steps must be at least 2 (both ends); received {num_steps}."
        )
    latent = np.asarray(latent, "float32")
    if latent.ndim != 2 or latent.shape[1] != view.inputs[0].shape[-1]:
        raise ValueError(
            f"latent must have shape (rows, {view.inputs[0].shape[-1]}); "
            f"received {latent.shape}."
        )
    fractions = np.linspace(0.0, 1.0, num_steps, dtype="float32")
    eye = np.eye(num_classes, dtype="float32")
    steps = (1 - fractions)[:, None] * eye[start_class] + (
        fractions[:, None] * eye[end_class]
    )
    weights = np.tile(steps, (len(latent), 1))
    repeated = np.repeat(latent, num_steps, axis=0)
    images = view.predict([repeated, weights], verbose=0, batch_size=256)
    return np.asarray(images)
