"""Conditional generators and discriminators with a label embedding."""

import keras

from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer
from keras_gan_kit.builders.layers import downsampling_stack
from keras_gan_kit.builders.layers import maybe_spectral
from keras_gan_kit.builders.layers import num_halvings
from keras_gan_kit.builders.layers import start_map
from keras_gan_kit.builders.layers import upsampling_stack

DISCRIMINATOR_HEADS = ("concat", "projection", "auxiliary")
PROJECTION_FEATURES = ("flatten", "average")


def _label_map(labels, num_classes, embedding_dim, size, name):
    """Embedding(num_classes, embedding_dim) -> Dense -> one feature map."""
    x = keras.layers.Embedding(
        num_classes, embedding_dim, name=f"{name}_embedding"
    )(labels)
    x = keras.layers.Dense(size[0] * size[1], name=f"{name}_dense")(x)
    return keras.layers.Reshape(size + (1,), name=f"{name}_map")(x)


def conditional_generator(
    latent_dim=100,
    num_classes=10,
    image_shape=(28, 28, 1),
    embedding_dim=50,
    filters=64,
    num_upsamples=None,
    kernel_size=4,
    upsampling="transpose",
    batch_norm=False,
    activation="leaky_relu",
    negative_slope=0.2,
    output_activation="tanh",
    allow_uneven_kernel=False,
    refine_blocks=0,
    output_kernel_size=None,
    name="conditional_generator",
):
    """A conditional DCGAN generator taking `[latent, labels]`.

    As in the teaching material: the label goes through
    `Embedding(num_classes, 50)`, a Dense layer and a Reshape to one
    feature map at the start size; the latent vector through a Dense layer
    to the start maps; both are concatenated and upsampled as in
    `dcgan_generator`.

    Paper: [Mirza & Osindero 2014](https://arxiv.org/abs/1411.1784).

    Args:
        latent_dim: Size of the latent vector. Defaults to `100`.
        num_classes: Number of classes. Defaults to `10`.
        image_shape: `(height, width, channels)`. Defaults to `(28, 28, 1)`.
        embedding_dim: Size of the label embedding. Defaults to `50`.
        filters: Filters of the last hidden step, doubled per earlier step.
            Defaults to `64`.
        num_upsamples: Number of doublings; `None` picks the most that keep
            a start size of at least 4. Defaults to `None`.
        kernel_size: Kernel size. Defaults to `4`.
        upsampling: `"transpose"` or `"resize"`. Defaults to `"transpose"`.
        batch_norm: Batch normalization after hidden layers.
            Defaults to `False`.
        activation: `"leaky_relu"`, `"relu"` or a Keras activation name.
            Defaults to `"leaky_relu"`.
        negative_slope: Slope of LeakyReLU. Defaults to `0.2`.
        output_activation: Activation of the image layer.
            Defaults to `"tanh"`.
        allow_uneven_kernel: Accept a kernel size not divisible by 2.
            Defaults to `False`.
        refine_blocks: Stride-1 transposed convolutions at the start size,
            after the label map joins, before the first doubling.
            Defaults to `0`.
        output_kernel_size: Kernel size of a stride-1 convolution that
            makes the image at full size, as in `dcgan_generator`; `None`
            lets the last doubling make it. Defaults to `None`.
        name: Name of the model. Defaults to `"conditional_generator"`.

    Returns:
        A functional `keras.Model` from `[(batch, latent_dim), (batch, 1)]`
        to images.

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.conditional_generator(num_classes=10)
    print(generator.output_shape)
    # (None, 28, 28, 1)
    ```
    """
    image_shape = check_image_shape(image_shape)
    latent_dim = check_integer("latent_dim", latent_dim, 1)
    latent = keras.Input((latent_dim,), name="latent")
    labels = keras.Input((1,), dtype="int32", name="label")
    x, steps, start = start_map(
        latent,
        image_shape=image_shape,
        num_upsamples=num_upsamples,
        filters=filters,
        batch_norm=batch_norm,
        activation=activation,
        negative_slope=negative_slope,
    )
    label_map = _label_map(labels, num_classes, embedding_dim, start, "label")
    x = keras.layers.Concatenate(name="merge")([x, label_map])
    images = upsampling_stack(
        x,
        num_steps=steps,
        filters=filters,
        channels=image_shape[-1],
        kernel_size=kernel_size,
        upsampling=upsampling,
        batch_norm=batch_norm,
        activation=activation,
        negative_slope=negative_slope,
        output_activation=output_activation,
        allow_uneven_kernel=allow_uneven_kernel,
        refine_blocks=refine_blocks,
        output_kernel_size=output_kernel_size,
    )
    return keras.Model([latent, labels], images, name=name)


def conditional_discriminator(
    image_shape=(28, 28, 1),
    num_classes=10,
    embedding_dim=50,
    head="concat",
    filters=64,
    num_downsamples=None,
    kernel_size=4,
    batch_norm=False,
    negative_slope=0.2,
    dropout=0.4,
    spectral_norm=False,
    allow_uneven_kernel=False,
    projection_features="flatten",
    name="conditional_discriminator",
):
    """A conditional discriminator, in one of three designs (`head`).

    - `"concat"` (the teaching material): the label goes through
      `Embedding(num_classes, 50)`, a Dense layer and a Reshape to one
      image-sized map, concatenated with the image as an extra channel;
      inputs `[images, labels]`, one logit out.
    - `"projection"` ([Miyato & Koyama 2018](https://arxiv.org/abs/1802.05637)):
      image features `phi(x)` of the last convolution give
      `logit = Dense(1)(phi) + <Embedding(num_classes, dim(phi))(y), phi>`;
      inputs `[images, labels]`, one logit out. `embedding_dim` is unused.
      `phi` is the flattened feature map (`projection_features="flatten"`):
      a global average (`"average"`, the paper's choice after a deep
      ResNet) of this shallow network's features keeps no spatial layout,
      and measured at chance conditioning (see `docs/conditional-gan.md`).
    - `"auxiliary"` (AC-GAN, [Odena et al. 2017](https://arxiv.org/abs/1610.09585)):
      images in, `[logit, class_logits]` out; `ConditionalGAN` then adds the
      class cross-entropy to both players' losses.

    Args:
        image_shape: `(height, width, channels)`. Defaults to `(28, 28, 1)`.
        num_classes: Number of classes. Defaults to `10`.
        embedding_dim: Size of the label embedding (`"concat"`).
            Defaults to `50`.
        head: `"concat"`, `"projection"` or `"auxiliary"`.
            Defaults to `"concat"`.
        filters: Filters of the first convolution. Defaults to `64`.
        num_downsamples: Number of stride-2 convolutions; `None` picks the
            most that keep a final size of at least 4. Defaults to `None`.
        kernel_size: Kernel size. Defaults to `4`.
        batch_norm: Batch norm after every convolution but the first.
            Defaults to `False`.
        negative_slope: Slope of LeakyReLU. Defaults to `0.2`.
        dropout: Dropout rate before the output layers, as in the teaching
            material. Defaults to `0.4`.
        spectral_norm: Wrap the weighted layers in spectral normalization.
            Defaults to `False`.
        allow_uneven_kernel: Accept a kernel size not divisible by 2.
            Defaults to `False`.
        projection_features: `"flatten"` or `"average"`: the features
            `phi` of the `"projection"` head. Defaults to `"flatten"`.
        name: Name of the model. Defaults to `"conditional_discriminator"`.

    Returns:
        A functional `keras.Model`.

    Examples:

    ```python
    from keras_gan_kit import builders

    concat = builders.conditional_discriminator(num_classes=10)
    print(len(concat.inputs), concat.output_shape)
    # 2 (None, 1)
    acgan = builders.conditional_discriminator(num_classes=10, head="auxiliary")
    print(len(acgan.inputs), [tuple(o.shape) for o in acgan.outputs])
    # 1 [(None, 1), (None, 10)]
    ```
    """
    if head not in DISCRIMINATOR_HEADS:
        raise ValueError(
            f"Unknown head {head!r}. Expected one of {DISCRIMINATOR_HEADS}: "
            "'concat' (label map as an extra channel), 'projection' (Miyato & "
            "Koyama 2018) or 'auxiliary' (AC-GAN)."
        )
    if projection_features not in PROJECTION_FEATURES:
        raise ValueError(
            f"Unknown projection_features {projection_features!r}. Expected "
            f"one of {PROJECTION_FEATURES}: 'flatten' projects the label on "
            "the whole feature map, 'average' on its global average."
        )
    image_shape = check_image_shape(image_shape)
    images = keras.Input(image_shape, name="image")
    inputs = [images]
    x = images
    if head != "auxiliary":
        labels = keras.Input((1,), dtype="int32", name="label")
        inputs.append(labels)
    if head == "concat":
        label_map = _label_map(
            labels, num_classes, embedding_dim, image_shape[:2], "label"
        )
        x = keras.layers.Concatenate(name="merge")([images, label_map])
    x = downsampling_stack(
        x,
        num_steps=num_halvings(image_shape, num_downsamples),
        filters=filters,
        kernel_size=kernel_size,
        batch_norm=batch_norm,
        negative_slope=negative_slope,
        dropout=0.0,
        spectral_norm=spectral_norm,
        allow_uneven_kernel=allow_uneven_kernel,
    )
    if head == "projection":
        if projection_features == "average":
            features = keras.layers.GlobalAveragePooling2D(name="features")(x)
        else:
            features = keras.layers.Flatten(name="features")(x)
        logit = maybe_spectral(
            keras.layers.Dense(1, name="unconditional", dtype="float32"),
            spectral_norm,
        )(features)
        class_embedding = keras.layers.Embedding(
            num_classes, features.shape[-1], name="class_embedding"
        )(labels)
        class_embedding = keras.layers.Flatten(name="class_vector")(
            class_embedding
        )
        projection = keras.layers.Dot(axes=1, name="projection")(
            [class_embedding, features]
        )
        logit = keras.layers.Add(name="logit", dtype="float32")(
            [logit, projection]
        )
        return keras.Model(inputs, logit, name=name)
    x = keras.layers.Flatten(name="flatten")(x)
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)
    logit = maybe_spectral(
        keras.layers.Dense(1, name="logit", dtype="float32"), spectral_norm
    )(x)
    if head == "auxiliary":
        class_logits = keras.layers.Dense(
            num_classes, name="class_logits", dtype="float32"
        )(x)
        return keras.Model(images, [logit, class_logits], name=name)
    return keras.Model(inputs, logit, name=name)
