"""`MinibatchStdDev` against a NumPy transcription of StyleGAN2's
discriminator epilogue, on every backend."""

import keras
import numpy as np
import pytest

from keras_gan_kit.layers import MinibatchStdDev
from tests.conftest import assert_reloads_alike


def _reference(x, group_size, num_features):
    # StyleGAN2's MinibatchStdLayer (NCHW there, NHWC here).
    n, h, w, c = x.shape
    g = min(group_size, n)
    y = x.reshape(g, n // g, h, w, num_features, c // num_features)
    y = y - y.mean(axis=0)
    y = np.sqrt((y**2).mean(axis=0) + 1e-8)  # (n/g, h, w, f, c/f)
    y = y.mean(axis=(1, 2, 4))  # (n/g, f)
    y = np.tile(y.reshape(n // g, 1, 1, num_features), (g, h, w, 1))
    return np.concatenate([x, y], axis=-1)


@pytest.mark.parametrize(
    "batch, group_size, num_features", [(8, 4, 1), (6, 2, 3), (3, 4, 1)]
)
def test_matches_the_reference(batch, group_size, num_features):
    x = np.random.default_rng(batch).normal(size=(batch, 3, 5, 6))
    x = x.astype("float32")
    layer = MinibatchStdDev(group_size, num_features)
    ours = keras.ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(
        ours, _reference(x.astype("float64"), group_size, num_features),
        rtol=1e-5, atol=1e-6,
    )  # fmt: skip
    assert ours.shape == layer.compute_output_shape(x.shape)


def test_identical_images_get_a_zero_feature():
    # A collapsed batch: no spread within any group.
    x = np.repeat(np.random.default_rng(0).normal(size=(1, 4, 4, 2)), 8, 0)
    std = keras.ops.convert_to_numpy(MinibatchStdDev()(x.astype("float32")))
    np.testing.assert_allclose(std[..., -1], 1e-4, rtol=1e-3)


def test_a_model_with_it_trains_saves_and_loads(tmp_path):
    inputs = keras.Input((4, 4, 2))
    x = MinibatchStdDev(group_size=2)(inputs)
    x = keras.layers.Flatten()(x)
    model = keras.Model(inputs, keras.layers.Dense(1)(x))
    model.compile("adam", "mse")
    images = np.random.default_rng(1).normal(size=(8, 4, 4, 2))
    # fit traces the call (a tf.function with an unknown batch on
    # TensorFlow).
    model.fit(images, np.zeros((8, 1)), batch_size=4, verbose=0)
    assert_reloads_alike(model, images, tmp_path / "critic.keras")


@pytest.mark.parametrize(
    "kwargs, shape, match",
    [
        ({"group_size": 0}, (4, 2, 2, 2), "group_size must be a positive"),
        ({"num_features": 1.5}, (4, 2, 2, 2), "num_features must be"),
        ({"num_features": 3}, (4, 2, 2, 2), "divide by num_features=3"),
        ({"group_size": 4}, (6, 2, 2, 2), "batch of 6"),
    ],
)
def test_bad_arguments_are_refused(kwargs, shape, match):
    with pytest.raises(ValueError, match=match):
        MinibatchStdDev(**kwargs)(np.zeros(shape, "float32"))


def test_the_gan_judges_real_and_generated_images_in_separate_groups():
    # Each group's standard deviation must come from images of one kind:
    # on every backend (PyTorch's one-call pass included) the logits of a
    # pair of batches equal those of two separate calls.
    import keras_gan_kit

    inputs = keras.Input((4, 4, 2))
    x = MinibatchStdDev(group_size=2)(inputs)
    x = keras.layers.Flatten()(x)
    discriminator = keras.Model(inputs, keras.layers.Dense(1)(x))
    generator = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(32),
            keras.layers.Reshape((4, 4, 2)),
        ]
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile()
    rng = np.random.default_rng(0)
    real = rng.normal(size=(4, 4, 4, 2)).astype("float32")
    fake = (10.0 * rng.normal(size=(4, 4, 4, 2))).astype("float32")
    real_logits, fake_logits = gan.discriminate_pair((real, None), (fake, None))
    for got, images in ((real_logits, real), (fake_logits, fake)):
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(got),
            keras.ops.convert_to_numpy(discriminator(images)),
            rtol=1e-5,
            atol=1e-5,
        )
