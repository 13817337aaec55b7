"""The checks of `network_checks`, `data_checks` and `optimizers` called
directly: what they accept, what they compute, and what their errors say."""

import keras
import numpy as np
import pytest

from keras_gan_kit.models import data_checks
from keras_gan_kit.models import network_checks
from keras_gan_kit.models import optimizers


def test_shapes_agree_wherever_both_are_known():
    assert network_checks.shapes_compatible((None, 4, 1), (8, 4, 1))
    assert not network_checks.shapes_compatible((8, 4, 1), (8, 5, 1))
    assert not network_checks.shapes_compatible((4, 4), (4, 4, 1))


def test_latent_size_is_read_or_checked():
    latent = keras.Input((6,))
    assert network_checks.resolve_latent_dim(latent, None) == 6
    assert network_checks.resolve_latent_dim(latent, 6) == 6
    with pytest.raises(ValueError, match="Pass latent_dim=6"):
        network_checks.resolve_latent_dim(latent, 5)
    with pytest.raises(ValueError, match=r"shape \(batch, latent_dim\)"):
        network_checks.resolve_latent_dim(keras.Input((2, 3)), None)


def test_output_range_follows_reshapes_to_the_activation():
    tanh = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(4, activation="tanh"),
            keras.layers.Reshape((2, 2, 1)),
        ]
    )
    linear = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)])
    assert network_checks.output_range(tanh) == (-1.0, 1.0)
    assert network_checks.output_range(linear) is None


def test_a_discriminator_ending_in_a_sigmoid_is_refused():
    discriminator = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")]
    )
    with pytest.raises(ValueError, match="sigmoid"):
        network_checks.check_validity_output(
            discriminator, discriminator.outputs[0]
        )


def test_images_are_checked_for_shape_type_and_range():
    images = np.zeros((3, 4, 4, 1), "float32")
    data_checks.check_images(images, (None, 4, 4, 1), (-1.0, 1.0))
    with pytest.raises(ValueError, match=r"expects \(None, 5, 5, 1\)"):
        data_checks.check_images(images, (None, 5, 5, 1), (-1.0, 1.0))
    with pytest.raises(ValueError, match="dtype uint8"):
        data_checks.check_images(
            images.astype("uint8"), (None, 4, 4, 1), (-1.0, 1.0)
        )
    pixels = np.linspace(0, 2, 48, dtype="float32").reshape(3, 4, 4, 1)
    with pytest.raises(ValueError, match=r"values in \[0, 2\]"):
        data_checks.check_images(pixels, (None, 4, 4, 1), (-1.0, 1.0))
    with pytest.raises(ValueError, match="NaN or infinite"):
        data_checks.check_images(images * np.nan, (None, 4, 4, 1), None)


def test_latent_vectors_are_checked():
    latent = np.zeros((3, 6))
    assert data_checks.check_latent(latent, 6).dtype == np.float32
    with pytest.raises(ValueError, match=r"shape \(n, 5\)"):
        data_checks.check_latent(latent, 5)
    with pytest.raises(ValueError, match="num_samples=4 disagrees"):
        data_checks.check_latent(latent, 6, num_samples=4)


def test_batches_per_epoch():
    x = np.zeros((50, 2))
    assert data_checks.batches_per_epoch(x, 16, None) == 4
    assert data_checks.batches_per_epoch(x, None, None) == 2  # 32 a batch
    assert data_checks.batches_per_epoch(x, 16, 3) == 3
    assert data_checks.batches_per_epoch(iter([x]), 16, None) is None


def test_parallel_batches_must_split_evenly():
    x = np.zeros((40, 2))
    data_checks.check_parallel_batches(x, 8, 2)
    data_checks.check_parallel_batches(x, 7, 1)  # one device: no check
    with pytest.raises(ValueError, match=r"batches of \[3\] images"):
        data_checks.check_parallel_batches(np.zeros((35, 2)), 8, 2)


def test_optimizers_by_name_and_the_default():
    default = optimizers.resolve_optimizer(None, "d_optimizer")
    assert isinstance(default, keras.optimizers.Adam)
    np.testing.assert_allclose(float(default.learning_rate), 2e-4)
    assert float(default.beta_1) == 0.5
    assert isinstance(
        optimizers.resolve_optimizer("sgd", "g_optimizer"),
        keras.optimizers.SGD,
    )
    with pytest.raises(ValueError, match="d_optimizer must be.*adamw"):
        optimizers.resolve_optimizer("adamw2", "d_optimizer")


def test_loss_scaling_only_for_float16():
    def network(policy):
        return keras.Sequential(
            [keras.Input((2,)), keras.layers.Dense(1, dtype=policy)]
        )

    assert optimizers.needs_loss_scaling(network("mixed_float16"))
    assert not optimizers.needs_loss_scaling(network("mixed_bfloat16"))
    assert not optimizers.needs_loss_scaling(network("float32"))
    scaled = optimizers.with_loss_scaling(keras.optimizers.Adam())
    assert isinstance(scaled, keras.optimizers.LossScaleOptimizer)
    assert optimizers.with_loss_scaling(scaled) is scaled
