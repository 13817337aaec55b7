"""StyleGAN2's path length regularization: the lengths against finite
differences, the penalty through `fit`, and its running mean saved."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import stabilizers

SHAPE = (8, 8, 1)


def _array(x):
    return keras.ops.convert_to_numpy(keras.ops.stop_gradient(x))


def _networks():
    generator = builders.stylegan2_generator(
        latent_dim=4,
        image_shape=SHAPE,
        w_dim=3,
        mapping_layers=1,
        channel_base=32,
        max_filters=4,
        seed=1,
    )
    discriminator = builders.stylegan2_discriminator(
        image_shape=SHAPE, channel_base=32, max_filters=4
    )
    return generator, discriminator


def test_lengths_match_finite_differences_of_the_synthesis_network():
    keras.utils.set_random_seed(0)
    generator, discriminator = _networks()
    # Noise off: finite differences need one function of the styles.
    for layer in generator.layers:
        if isinstance(layer, keras_gan_kit.layers.NoiseInjection):
            layer.strength.assign(0.0)
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile(stabilizers=["path_length"])
    penalty = gan.stabilizers[0]
    latent = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    noise = np.random.default_rng(1).normal(size=(2,) + SHAPE) / 8.0
    lengths, _ = penalty.lengths(gan, latent, noise.astype("float32"))
    lengths = _array(lengths)

    mapping, synthesis = builders.stylegan2_parts(generator)
    w = _array(mapping(latent)).astype("float64")
    num_styles = synthesis.input_shape[1]
    step = 1e-2
    for row in range(2):
        styles = np.repeat(w[row][None], num_styles, axis=0)
        # Central differences along each style entry, all the shifted
        # styles in one batch: row 2k is entry k plus the step, 2k + 1
        # minus it.
        deltas = step * np.eye(styles.size).reshape((-1,) + styles.shape)
        shifted = np.stack([styles + deltas, styles - deltas], axis=1)
        images = synthesis(
            shifted.reshape((-1,) + styles.shape).astype("float32"),
            training=True,
        )
        weighted = np.sum(
            _array(images).astype("float64") * noise[row], axis=(1, 2, 3)
        ).reshape(-1, 2)
        gradient = ((weighted[:, 0] - weighted[:, 1]) / (2 * step)).reshape(
            styles.shape
        )
        expected = np.sqrt(np.mean(np.sum(gradient**2, axis=1)))
        np.testing.assert_allclose(lengths[row], expected, rtol=2e-2)


def test_the_penalty_trains_lazily_and_its_mean_is_saved(tmp_path):
    keras.utils.set_random_seed(0)
    gan = keras_gan_kit.GAN(*_networks(), seed=0)
    gan.compile(
        stabilizers=[stabilizers.PathLengthPenalty(every_n_steps=2, decay=0.5)]
    )
    images = np.tanh(
        np.random.default_rng(0).normal(size=(16,) + SHAPE)
    ).astype("float32")
    history = gan.fit(images, batch_size=4, epochs=2, verbose=0)
    # Logged: the mean penalty over each epoch's updates (half of them
    # computed) and the running mean at the end of each epoch.
    assert all(v > 0 for v in history.history["path_length_penalty"])
    mean = float(
        keras.ops.convert_to_numpy(gan.stabilizers[0].path_length_mean)
    )
    assert mean > 0
    assert history.history["path_length_mean"][-1] == pytest.approx(mean)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert float(
        keras.ops.convert_to_numpy(loaded.stabilizers[0].path_length_mean)
    ) == pytest.approx(mean)


def test_a_generator_without_a_mapping_network_is_refused():
    generator = builders.mlp_generator(latent_dim=4, image_shape=(8, 8, 1))
    discriminator = builders.mlp_discriminator(image_shape=(8, 8, 1))
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile(stabilizers=["path_length"])
    with pytest.raises(ValueError, match="stylegan2_generator"):
        gan.fit(np.zeros((8, 8, 8, 1), "float32"), batch_size=4, verbose=0)


@pytest.mark.parametrize(
    "argument, value",
    [
        ("weight", 0),
        ("every_n_steps", 0),
        ("decay", 1.5),
        ("batch_shrink", 2.5),
    ],
)
def test_bad_arguments_are_named(argument, value):
    with pytest.raises(ValueError, match=argument):
        stabilizers.PathLengthPenalty(**{argument: value})
