"""Building blocks shared by the builders: sizes, activations, conv stacks."""

import keras
import numpy as np

from keras_gan_kit.layers import PhaseConv2DTranspose

CHECKERBOARD_HELP = (
    "A kernel size that the stride does not divide makes the kernel overlap "
    "unevenly between neighbouring output pixels, which prints checkerboard "
    "artifacts into generated images (Odena et al. 2016, "
    "https://distill.pub/2016/deconv-checkerboard/). Use kernel_size={even} "
    "(a multiple of the stride), upsampling='resize', or pass "
    "allow_uneven_kernel=True to keep {kernel} anyway (the TensorFlow DCGAN "
    "tutorial uses 5 with stride 2)."
)


def check_image_shape(image_shape):
    image_shape = tuple(int(d) for d in image_shape)
    if len(image_shape) != 3 or min(image_shape) < 1:
        raise ValueError(
            "image_shape must be (height, width, channels) with positive "
            f"sizes; received {image_shape}."
        )
    return image_shape


def check_integer(name, value, minimum, allow_none=False):
    """Refuses a builder argument that is not an integer >= `minimum`
    (or `None` where `allow_none`), naming it."""
    if value is None and allow_none:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or value < minimum
    ):
        accepted = f"an integer >= {minimum}" + (
            " or None" if allow_none else ""
        )
        raise ValueError(f"{name} must be {accepted}; received {value!r}.")
    return int(value)


def class_vector(labels, num_classes, dim, initializer="uniform"):
    """A conditional builder's class embedding: an `Embedding` of `dim`
    features per class (layer `class_embedding`), flattened to
    `(batch, dim)` (layer `class_vector`)."""
    embedding = keras.layers.Embedding(
        num_classes,
        dim,
        embeddings_initializer=initializer,
        name="class_embedding",
    )(labels)
    return keras.layers.Flatten(name="class_vector")(embedding)


def label_input(num_classes):
    """`(num_classes, labels)` of a conditional builder: the checked class
    count and a `(batch, 1)` int32 label input, or `(None, None)` for an
    unconditional one."""
    num_classes = check_integer("num_classes", num_classes, 2, allow_none=True)
    if num_classes is None:
        return None, None
    return num_classes, keras.Input((1,), dtype="int32", name="label")


def num_halvings(image_shape, requested=None, min_size=4):
    """How many stride-2 steps lead from a small start size to the image.

    By default the largest number of halvings that keeps both sides whole
    and at least `min_size` (28 -> 7, 32 -> 4, 64 -> 4).
    """
    height, width = image_shape[:2]
    if requested is not None:
        requested = int(requested)
        if requested < 1:
            raise ValueError(
                f"The number of stride-2 steps must be at least 1; received "
                f"{requested}. A generator starts from a small map and "
                "doubles it: pass 1 or more, or leave it out to use the "
                "most the image size allows."
            )
        factor = 2**requested
        if height % factor or width % factor:
            raise ValueError(
                f"{requested} stride-2 steps need image sides divisible by "
                f"{factor}; received image_shape={image_shape}. Choose fewer "
                "steps or another image size."
            )
        return requested
    count = 0
    while (
        height % 2 == 0
        and width % 2 == 0
        and height // 2 >= min_size
        and width // 2 >= min_size
    ):
        height, width, count = height // 2, width // 2, count + 1
    if count == 0:
        raise ValueError(
            f"image_shape={image_shape} cannot be reached by doubling a "
            f"start size of at least {min_size}: its sides must be a small "
            "size times a power of two (28 = 7 x 4, 32 = 4 x 8, 64 = 4 x 16)."
        )
    return count


def check_kernel(kernel_size, strides, allow_uneven_kernel):
    if kernel_size < strides:
        # Whatever allow_uneven_kernel says: a transposed convolution then
        # writes no value to some pixels of every image, and a strided one
        # never reads some of its input.
        raise ValueError(
            f"kernel_size={kernel_size} is smaller than the stride "
            f"{strides}, so some pixels are never covered and every image "
            f"has holes (allow_uneven_kernel cannot allow it); expected a "
            f"kernel_size of at least {strides}. Use kernel_size="
            f"{2 * strides} (divisible by the stride, no checkerboard)."
        )
    if kernel_size % strides and not allow_uneven_kernel:
        raise ValueError(
            f"kernel_size={kernel_size} is not divisible by the stride "
            f"{strides}. "
            + CHECKERBOARD_HELP.format(
                even=kernel_size + strides - kernel_size % strides,
                kernel=kernel_size,
            )
        )


def activation_layer(activation, negative_slope, name=None):
    if activation == "leaky_relu":
        return keras.layers.LeakyReLU(negative_slope=negative_slope, name=name)
    return keras.layers.Activation(activation, name=name)


def maybe_spectral(layer, spectral_norm):
    if spectral_norm:
        return keras.layers.SpectralNormalization(layer)
    return layer


def upsample(
    x, filters, kernel_size, upsampling, use_bias, activation, name, dtype=None
):
    """One doubling of the spatial size."""
    if upsampling == "transpose":
        # The same layer as keras.layers.Conv2DTranspose, computed by
        # phases where that is faster (JAX).
        return PhaseConv2DTranspose(
            filters,
            kernel_size,
            strides=2,
            padding="same",
            use_bias=use_bias,
            activation=activation,
            name=name,
            dtype=dtype,
        )(x)
    if upsampling == "resize":
        x = keras.layers.UpSampling2D(
            2, interpolation="nearest", name=f"{name}_resize"
        )(x)
        return keras.layers.Conv2D(
            filters,
            kernel_size,
            padding="same",
            use_bias=use_bias,
            activation=activation,
            name=name,
            dtype=dtype,
        )(x)
    raise ValueError(
        f"upsampling must be 'transpose' (Conv2DTranspose, as in DCGAN) or "
        f"'resize' (nearest-neighbour resize, then Conv2D); received "
        f"{upsampling!r}."
    )


def start_map(
    latent,
    *,
    image_shape,
    num_upsamples,
    filters,
    batch_norm,
    activation,
    negative_slope,
):
    """Projects latent vectors to the generator's start feature maps.

    Dense to `start_height * start_width * top_filters`, batch norm,
    activation and a Reshape, as in DCGAN.

    Returns:
        `(maps, num_steps, start_size)`.
    """
    filters = check_integer("filters", filters, 1)
    steps = num_halvings(image_shape, num_upsamples)
    start = (image_shape[0] // 2**steps, image_shape[1] // 2**steps)
    top = filters * 2 ** (steps - 1)
    x = keras.layers.Dense(
        start[0] * start[1] * top, use_bias=not batch_norm, name="project"
    )(latent)
    if batch_norm:
        x = keras.layers.BatchNormalization(name="project_bn")(x)
    x = activation_layer(activation, negative_slope, "project_act")(x)
    x = keras.layers.Reshape(start + (top,), name="start_map")(x)
    return x, steps, start


def upsampling_stack(
    x,
    *,
    num_steps,
    filters,
    channels,
    kernel_size,
    upsampling,
    batch_norm,
    activation,
    negative_slope,
    output_activation,
    allow_uneven_kernel,
    refine_blocks=0,
    output_kernel_size=None,
):
    """The generator's convolutional part, from the start size to images.

    Each hidden step halves the filters; the last step outputs `channels`
    with `output_activation` and no normalization. With
    `output_kernel_size`, the last doubling makes `filters // 2` feature
    maps instead (normalized and activated), and a stride-1 convolution of
    that kernel size turns them into the image.
    """
    if upsampling == "transpose":
        check_kernel(kernel_size, 2, allow_uneven_kernel)
    refine_blocks = check_integer("refine_blocks", refine_blocks, 0)
    output_kernel_size = check_integer(
        "output_kernel_size", output_kernel_size, 1, allow_none=True
    )
    top = filters * 2 ** (num_steps - 1)
    for index in range(refine_blocks):
        x = keras.layers.Conv2DTranspose(
            top,
            kernel_size,
            padding="same",
            use_bias=not batch_norm,
            name=f"refine_{index}",
        )(x)
        x = _normalize_and_activate(
            x, batch_norm, activation, negative_slope, f"refine_{index}"
        )
    for index in range(num_steps - 1):
        x = upsample(
            x,
            filters * 2 ** (num_steps - 2 - index),
            kernel_size,
            upsampling,
            use_bias=not batch_norm,
            activation=None,
            name=f"up_{index}",
        )
        x = _normalize_and_activate(
            x, batch_norm, activation, negative_slope, f"up_{index}"
        )
    if output_kernel_size is None:
        return upsample(
            x,
            channels,
            kernel_size,
            upsampling,
            use_bias=True,
            activation=output_activation,
            name="image",
            # Images stay float32 under a mixed-precision policy.
            dtype="float32",
        )
    x = upsample(
        x,
        max(filters // 2, 1),
        kernel_size,
        upsampling,
        use_bias=not batch_norm,
        activation=None,
        name=f"up_{num_steps - 1}",
    )
    x = _normalize_and_activate(
        x, batch_norm, activation, negative_slope, f"up_{num_steps - 1}"
    )
    return keras.layers.Conv2D(
        channels,
        output_kernel_size,
        padding="same",
        activation=output_activation,
        name="image",
        dtype="float32",
    )(x)


def _normalize_and_activate(x, batch_norm, activation, negative_slope, name):
    if batch_norm:
        x = keras.layers.BatchNormalization(name=f"{name}_bn")(x)
    return activation_layer(activation, negative_slope, name=f"{name}_act")(x)


def downsampling_stack(
    x,
    *,
    num_steps,
    filters,
    kernel_size,
    batch_norm,
    negative_slope,
    dropout,
    spectral_norm,
    allow_uneven_kernel,
    refine_blocks=0,
):
    """The discriminator's convolutional part: strided convolutions that
    double the filters at each halving, LeakyReLU, optional batch norm
    (never on the first layer, as in DCGAN) and dropout; then
    `refine_blocks` stride-1 3x3 convolutions at the final size, with the
    same filters as the last halving."""
    check_kernel(kernel_size, 2, allow_uneven_kernel)
    filters = check_integer("filters", filters, 1)
    refine_blocks = check_integer("refine_blocks", refine_blocks, 0)
    for index in range(num_steps):
        conv = keras.layers.Conv2D(
            filters * 2**index,
            kernel_size,
            strides=2,
            padding="same",
            name=f"down_{index}",
        )
        x = maybe_spectral(conv, spectral_norm)(x)
        if batch_norm and index > 0:
            x = keras.layers.BatchNormalization(name=f"down_{index}_bn")(x)
        x = keras.layers.LeakyReLU(
            negative_slope=negative_slope, name=f"down_{index}_act"
        )(x)
        if dropout:
            x = keras.layers.Dropout(dropout, name=f"down_{index}_dropout")(x)
    for index in range(refine_blocks):
        conv = keras.layers.Conv2D(
            filters * 2 ** (num_steps - 1),
            3,
            padding="same",
            name=f"refine_{index}",
        )
        x = maybe_spectral(conv, spectral_norm)(x)
        if batch_norm:
            x = keras.layers.BatchNormalization(name=f"refine_{index}_bn")(x)
        x = keras.layers.LeakyReLU(
            negative_slope=negative_slope, name=f"refine_{index}_act"
        )(x)
    return x


NORMALIZATIONS = ("batch", "instance", None)


def check_normalization(normalization):
    """Refuses a translator's normalization that is not one of
    `NORMALIZATIONS`; returns it."""
    if normalization not in NORMALIZATIONS:
        raise ValueError(
            f"normalization must be one of {NORMALIZATIONS}; received "
            f"{normalization!r}. 'batch' is pix2pix's, 'instance' CycleGAN's "
            "(one group per channel, each image on its own), None none."
        )
    return normalization


def normalize(x, normalization, name):
    """`x` through a translator block's normalization, or unchanged.

    `"instance"` is `keras.layers.GroupNormalization(groups=-1)`: one group
    per channel, each image normalized on its own, as in CycleGAN; `"batch"`
    is batch normalization, as in pix2pix; `None` is none.
    """
    if check_normalization(normalization) == "batch":
        return keras.layers.BatchNormalization(name=name)(x)
    if normalization == "instance":
        return keras.layers.GroupNormalization(
            groups=-1, epsilon=1e-5, name=name
        )(x)
    return x


PADDINGS = ("zeros", "reflect")


def check_padding(padding):
    """Refuses a translator's padding that is not one of `PADDINGS`;
    returns it."""
    if padding not in PADDINGS:
        raise ValueError(
            f"padding must be one of {PADDINGS}; received {padding!r}. "
            "'reflect' is CycleGAN's (edges mirrored), 'zeros' Keras's "
            "padding='same'."
        )
    return padding


def _line(x, index, axis, name):
    """Row (`axis` 1) or column (`axis` 2) `index` of `x`, one pixel
    thick, as a `Cropping2D` layer called `name`."""
    keep = (index, x.shape[axis] - 1 - index)
    cropping = (keep, (0, 0)) if axis == 1 else ((0, 0), keep)
    return keras.layers.Cropping2D(cropping, name=name)(x)


def reflection_pad(x, amount, name):
    """`x` padded by `amount` pixels on every side by reflection (numpy's
    `mode="reflect"`: the edge row is not repeated), made of built-in
    layers only, so the model loads with plain Keras on every backend.

    Each mirrored row or column is a `Cropping2D` of `x`; a `Concatenate`
    per axis joins them around it. Needs `amount` smaller than the height
    and width.
    """
    for axis in (1, 2):
        size = x.shape[axis]
        if amount >= size:
            raise ValueError(
                f"Reflection padding of {amount} pixels needs images larger "
                f"than that; received a map of {tuple(x.shape[1:3])} at "
                f"{name!r}. Use padding='zeros', or fewer downsamplings."
            )

        side = "rows" if axis == 1 else "cols"
        # Pixel i (1..amount) beyond each edge mirrors pixel i inside it.
        before = [
            _line(x, i, axis, f"{name}_{side}_before{i}")
            for i in range(amount, 0, -1)
        ]
        after = [
            _line(x, size - 1 - i, axis, f"{name}_{side}_after{i}")
            for i in range(1, amount + 1)
        ]
        x = keras.layers.Concatenate(axis=axis, name=f"{name}_{side}")(
            before + [x] + after
        )
    return x


def output_channels_of(output_channels, image_shape):
    """A translator's output channels: `output_channels`, checked, or the
    source's when `None`."""
    output_channels = check_integer(
        "output_channels", output_channels, 1, allow_none=True
    )
    return image_shape[-1] if output_channels is None else output_channels
