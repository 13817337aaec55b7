"""The vanilla (fully connected) GAN of Goodfellow et al. (2014)."""

import keras
import numpy as np

from keras_gan_kit.builders.layers import activation_layer
from keras_gan_kit.builders.layers import check_image_shape
from keras_gan_kit.builders.layers import check_integer


def _hidden_stack(
    x, hidden_units, activation, negative_slope, dropout, batch_norm
):
    for index, units in enumerate(hidden_units):
        check_integer(f"hidden_units[{index}]", units, 1)
        x = keras.layers.Dense(units, name=f"hidden_{index}")(x)
        if batch_norm:
            x = keras.layers.BatchNormalization(name=f"hidden_{index}_bn")(x)
        x = activation_layer(activation, negative_slope, f"hidden_{index}_act")(
            x
        )
        if dropout:
            x = keras.layers.Dropout(dropout, name=f"hidden_{index}_dropout")(x)
    return x


def mlp_generator(
    latent_dim=100,
    image_shape=(28, 28, 1),
    hidden_units=(128,),
    activation="leaky_relu",
    negative_slope=0.01,
    dropout=0.0,
    batch_norm=False,
    output_activation="tanh",
    name="mlp_generator",
):
    """A fully connected generator, as in the original GAN notebooks.

    Latent vector -> Dense hidden layers -> Dense(prod(image_shape)) with
    `output_activation` -> Reshape to `image_shape`. The defaults are the
    teaching material's MNIST network: one hidden layer of 128 units,
    LeakyReLU with slope 0.01, tanh output.

    Paper: [Goodfellow et al. 2014](https://arxiv.org/abs/1406.2661).

    Args:
        latent_dim: Size of the latent vector. Defaults to `100`.
        image_shape: `(height, width, channels)`. Defaults to `(28, 28, 1)`.
        hidden_units: Units of each hidden layer. Defaults to `(128,)`.
        activation: `"leaky_relu"` or any Keras activation name.
            Defaults to `"leaky_relu"`.
        negative_slope: Slope of LeakyReLU for negative inputs.
            Defaults to `0.01`.
        dropout: Dropout rate after each hidden layer. Defaults to `0.0`.
        batch_norm: Batch normalization after each hidden Dense layer.
            Defaults to `False`.
        output_activation: Activation of the image layer. Defaults to
            `"tanh"`.
        name: Name of the model. Defaults to `"mlp_generator"`.

    Returns:
        A functional `keras.Model` from `(batch, latent_dim)` to images.

    Examples:

    ```python
    from keras_gan_kit import builders

    generator = builders.mlp_generator(latent_dim=100)
    print(generator.output_shape)
    # (None, 28, 28, 1)
    ```
    """
    image_shape = check_image_shape(image_shape)
    latent_dim = check_integer("latent_dim", latent_dim, 1)
    latent = keras.Input((latent_dim,), name="latent")
    x = _hidden_stack(
        latent, hidden_units, activation, negative_slope, dropout, batch_norm
    )
    x = keras.layers.Dense(
        int(np.prod(image_shape)),
        activation=output_activation,
        name="pixels",
        dtype="float32",  # images stay float32 under mixed precision
    )(x)
    images = keras.layers.Reshape(image_shape, name="image")(x)
    return keras.Model(latent, images, name=name)


def mlp_discriminator(
    image_shape=(28, 28, 1),
    hidden_units=(128,),
    activation="leaky_relu",
    negative_slope=0.01,
    dropout=0.0,
    name="mlp_discriminator",
):
    """A fully connected discriminator returning one logit per image.

    Image -> Flatten -> Dense hidden layers (LeakyReLU, optional dropout)
    -> Dense(1) logit (no sigmoid: the losses take logits). The defaults
    are the teaching material's MNIST network.

    Paper: [Goodfellow et al. 2014](https://arxiv.org/abs/1406.2661).

    Args:
        image_shape: `(height, width, channels)`. Defaults to `(28, 28, 1)`.
        hidden_units: Units of each hidden layer. Defaults to `(128,)`.
        activation: `"leaky_relu"` or any Keras activation name.
            Defaults to `"leaky_relu"`.
        negative_slope: Slope of LeakyReLU. Defaults to `0.01`.
        dropout: Dropout rate after each hidden layer. Defaults to `0.0`.
        name: Name of the model. Defaults to `"mlp_discriminator"`.

    Returns:
        A functional `keras.Model` from images to `(batch, 1)` logits.

    Examples:

    ```python
    from keras_gan_kit import builders

    discriminator = builders.mlp_discriminator(dropout=0.3)
    print(discriminator.output_shape)
    # (None, 1)
    ```
    """
    image_shape = check_image_shape(image_shape)
    images = keras.Input(image_shape, name="image")
    x = keras.layers.Flatten(name="flatten")(images)
    x = _hidden_stack(
        x, hidden_units, activation, negative_slope, dropout, False
    )
    logits = keras.layers.Dense(1, name="logit", dtype="float32")(x)
    return keras.Model(images, logits, name=name)
