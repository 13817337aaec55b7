"""On two MNIST classes, a short fit() makes the requested class appear."""

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import builders
from tests.conftest import shared_data_file


def test_conditional_gan_generates_the_requested_digit():
    with np.load(shared_data_file("mnist.npz")) as data:
        x, y = data["x_train"], data["y_train"]
        x_test, y_test = data["x_test"], data["y_test"]
    keep = (y == 0) | (y == 1)
    x, y = x[keep][:2000], y[keep][:2000].astype("int32")
    images = keras_gan_kit.datasets.scale_images(x, add_channel_axis=True)

    # The simple classifier: nearest class mean, fitted on the real images.
    centroids = np.stack(
        [images[y == k].reshape(-1, 784).mean(0) for k in (0, 1)]
    )

    def classify(batch):
        flat = batch.reshape(len(batch), -1)
        distances = ((flat[:, None, :] - centroids[None]) ** 2).sum(-1)
        return distances.argmin(1)

    test_keep = (y_test == 0) | (y_test == 1)
    real_test = keras_gan_kit.datasets.scale_images(x_test[test_keep][:500])
    assert (classify(real_test) == y_test[test_keep][:500]).mean() > 0.95

    keras.utils.set_random_seed(0)
    generator = builders.conditional_generator(
        latent_dim=32,
        num_classes=2,
        filters=16,
        upsampling="resize",
        kernel_size=3,
    )
    discriminator = builders.conditional_discriminator(
        num_classes=2, filters=16
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    )
    requested = np.repeat([0, 1], 200)
    before = (
        classify(gan.generate(labels=requested, seed=1)) == requested
    ).mean()
    gan.fit(images, y, batch_size=64, epochs=8, verbose=0)
    after = (
        classify(gan.generate(labels=requested, seed=1)) == requested
    ).mean()
    # Chance is 0.5; an untrained generator ignores the label.
    assert before < 0.75, before
    assert after > 0.9, after
