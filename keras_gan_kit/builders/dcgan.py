"""Deep convolutional GAN networks (Radford et al. 2015)."""

import keras

from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer
from keras_gan_kit.builders.layers import downsampling_stack
from keras_gan_kit.builders.layers import maybe_spectral
from keras_gan_kit.builders.layers import num_halvings
from keras_gan_kit.builders.layers import start_map
from keras_gan_kit.builders.layers import upsampling_stack


def dcgan_generator(
    latent_dim=100,
    image_shape=(28, 28, 1),
    filters=64,
    num_upsamples=None,
    kernel_size=4,
    upsampling="transpose",
    batch_norm=True,
    activation="relu",
    negative_slope=0.2,
    output_activation="tanh",
    refine_blocks=0,
    allow_uneven_kernel=False,
    output_kernel_size=None,
    name="dcgan_generator",
):
    """A DCGAN generator: a projection, then stride-2 upsampling steps.

    Latent vector -> Dense to a small start map (7x7 for 28x28 images, 4x4
    for 32x32 and 64x64) -> batch norm and activation -> `num_upsamples`
    doublings, each halving the filters, the last one giving the image with
    tanh. No pooling and no hidden fully connected layers, as the DCGAN
    paper recommends.

    Upsampling is a transposed convolution (`"transpose"`, the paper's
    choice) or a nearest-neighbour resize followed by a convolution
    (`"resize"`), which cannot make checkerboard artifacts. The transposed
    convolutions are `keras_gan_kit.layers.PhaseConv2DTranspose`, the same
    layer as `keras.layers.Conv2DTranspose`, computed on JAX as one stride-1
    convolution per output phase: under XLA on a CPU the direct form's
    weight gradient measured 18x its forward pass (1.6x on TensorFlow), and
    the phase form made the whole MNIST DCGAN step 2.25x faster on JAX
    (`benchmarks/upsampling_speed.py`, `benchmarks/train_throughput.py`).

    Paper: [Radford et al. 2015](https://arxiv.org/abs/1511.06434).

    Args:
        latent_dim: Size of the latent vector. Defaults to `100`.
        image_shape: `(height, width, channels)`; its sides must be a start
            size times `2**num_upsamples`. Defaults to `(28, 28, 1)`.
        filters: Filters of the last hidden step; each earlier step has
            twice as many. Defaults to `64`.
        num_upsamples: Number of doublings; `None` picks the most that
            keep a start size of at least 4. Defaults to `None`.
        kernel_size: Kernel size of every convolution. Defaults to `4`.
        upsampling: `"transpose"` or `"resize"`. Defaults to `"transpose"`.
        batch_norm: Batch normalization after every hidden layer.
            Defaults to `True`.
        activation: `"relu"` (the paper), `"leaky_relu"` or any Keras
            activation name. Defaults to `"relu"`.
        negative_slope: Slope of LeakyReLU. Defaults to `0.2`.
        output_activation: Activation of the image layer.
            Defaults to `"tanh"`.
        refine_blocks: Stride-1 transposed convolutions at the start size,
            before the first doubling (the TensorFlow tutorial uses 1).
            Defaults to `0`.
        allow_uneven_kernel: Accept a kernel size not divisible by the
            stride of 2, despite the checkerboard artifacts it causes.
            Defaults to `False`.
        output_kernel_size: Kernel size of a stride-1 convolution that
            makes the image from `filters // 2` feature maps at full size,
            after the last doubling; `None` lets the last doubling make the
            image, as in DCGAN. A full-size convolution measured FID 32.9
            against 45.4 after one epoch of Fashion-MNIST
            (`benchmarks/README.md`). Defaults to `None`.
        name: Name of the model. Defaults to `"dcgan_generator"`.

    Returns:
        A functional `keras.Model` from `(batch, latent_dim)` to images.

    Raises:
        ValueError: for an image size that no start size doubles into, or
            an odd kernel with `upsampling="transpose"` and no override.

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.dcgan_generator(image_shape=(32, 32, 3))
    print(generator.output_shape)
    # (None, 32, 32, 3)
    ```
    """
    image_shape = check_image_shape(image_shape)
    latent_dim = check_integer("latent_dim", latent_dim, 1)
    latent = keras.Input((latent_dim,), name="latent")
    x, steps, start = start_map(
        latent,
        image_shape=image_shape,
        num_upsamples=num_upsamples,
        filters=filters,
        batch_norm=batch_norm,
        activation=activation,
        negative_slope=negative_slope,
    )
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
    return keras.Model(latent, images, name=name)


def dcgan_discriminator(
    image_shape=(28, 28, 1),
    filters=64,
    num_downsamples=None,
    kernel_size=4,
    batch_norm=False,
    negative_slope=0.2,
    dropout=0.3,
    spectral_norm=False,
    allow_uneven_kernel=False,
    refine_blocks=0,
    name="dcgan_discriminator",
):
    """A DCGAN discriminator: stride-2 convolutions, then one logit.

    Image -> `num_downsamples` stride-2 convolutions doubling the filters,
    each with LeakyReLU, optional batch norm (never on the first layer) and
    dropout -> Flatten -> Dense(1) logit (no sigmoid: the losses take
    logits). Spectral normalization (`keras.layers.SpectralNormalization`)
    can wrap every convolution and the output layer.

    Paper: [Radford et al. 2015](https://arxiv.org/abs/1511.06434);
    spectral normalization: [Miyato et al. 2018](https://arxiv.org/abs/1802.05957).

    Args:
        image_shape: `(height, width, channels)`. Defaults to `(28, 28, 1)`.
        filters: Filters of the first convolution. Defaults to `64`.
        num_downsamples: Number of stride-2 convolutions; `None` picks the
            most that keep a final size of at least 4. Defaults to `None`.
        kernel_size: Kernel size. Defaults to `4`.
        batch_norm: Batch norm after every convolution but the first.
            Defaults to `False`.
        negative_slope: Slope of LeakyReLU. Defaults to `0.2`.
        dropout: Dropout rate after each convolution. Defaults to `0.3`.
        spectral_norm: Wrap the weighted layers in spectral normalization.
            Defaults to `False`.
        allow_uneven_kernel: Accept a kernel size not divisible by 2.
            Defaults to `False`.
        refine_blocks: Stride-1 3x3 convolutions at the final size, after
            the last halving, with its filters. Defaults to `0`.
        name: Name of the model. Defaults to `"dcgan_discriminator"`.

    Returns:
        A functional `keras.Model` from images to `(batch, 1)` logits.

    Examples:

    ```python
    from keras_gan_kit import builders

    discriminator = builders.dcgan_discriminator(image_shape=(64, 64, 3))
    print(discriminator.output_shape)
    # (None, 1)
    ```
    """
    image_shape = check_image_shape(image_shape)
    images = keras.Input(image_shape, name="image")
    x = downsampling_stack(
        images,
        num_steps=num_halvings(image_shape, num_downsamples),
        filters=filters,
        kernel_size=kernel_size,
        batch_norm=batch_norm,
        negative_slope=negative_slope,
        dropout=dropout,
        spectral_norm=spectral_norm,
        allow_uneven_kernel=allow_uneven_kernel,
        refine_blocks=refine_blocks,
    )
    x = keras.layers.Flatten(name="flatten")(x)
    logits = maybe_spectral(
        keras.layers.Dense(1, name="logit", dtype="float32"), spectral_norm
    )(x)
    return keras.Model(images, logits, name=name)
