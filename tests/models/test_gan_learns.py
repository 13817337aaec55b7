"""On real MNIST, a short fit() moves the generator towards the data."""

import keras
import numpy as np

import keras_gan_kit
from tests.conftest import shared_data_file


def _ink(images):
    # The share of bright ("ink") pixels: about 0.13 on MNIST, about 0.5 for
    # an untrained tanh generator, whose outputs scatter around 0.
    return float((images > 0).mean())


def test_mlp_gan_learns_mnist_statistics():
    with np.load(shared_data_file("mnist.npz")) as data:
        pixels = data["x_train"][:6000]
    real = keras_gan_kit.datasets.scale_images(pixels, add_channel_axis=True)
    keras.utils.set_random_seed(0)
    generator, discriminator = keras_gan_kit.builders.preset(
        "mlp_mnist", latent_dim=32
    )
    gan = keras_gan_kit.GAN(
        generator, discriminator, latent_distribution="uniform"
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-3),
        g_optimizer=keras.optimizers.Adam(2e-3),
        label_smoothing=0.1,
    )
    real_ink = _ink(real)
    before_ink = _ink(gan.generate(500, seed=1))
    history = gan.fit(real, batch_size=100, epochs=6, verbose=0)
    after_ink = _ink(gan.generate(500, seed=1))
    assert abs(before_ink - real_ink) > 0.25, (before_ink, real_ink)
    assert abs(after_ink - real_ink) < 0.08, (after_ink, real_ink)
    # The discriminator tells real from generated better than chance.
    assert history.history["real_score"][-1] > history.history["fake_score"][-1]
