"""Augmentation ops: shapes, ranges, what they do, and gradient flow."""

import keras
import numpy as np
import pytest

from keras_gan_kit import backend
from keras_gan_kit import stabilizers
from keras_gan_kit.stabilizers import augment_ops


def _images(num_images=16, size=8, channels=3, seed=0):
    rng = np.random.default_rng(seed)
    shape = (num_images, size, size, channels)
    return rng.uniform(-1, 1, shape).astype("float32")


def _run(operation, images, seed=0, **kwargs):
    generator = keras.random.SeedGenerator(seed)
    apply = np.ones((len(images),), "float32")
    output = operation(images, generator, apply, **kwargs)
    return keras.ops.convert_to_numpy(output)


def _shifted(image, dy, dx):
    out = np.zeros_like(image)
    height, width = image.shape[:2]
    src = image[
        max(0, -dy) : height - max(0, dy), max(0, -dx) : width - max(0, dx)
    ]
    out[
        max(0, dy) : max(0, dy) + src.shape[0],
        max(0, dx) : max(0, dx) + src.shape[1],
    ] = src
    return out


def test_translation_shifts_each_image_with_zero_fill():
    images = _images()
    output = _run(augment_ops.translation, images, ratio=0.25)
    assert output.shape == images.shape
    shifts = set()
    for image, result in zip(images, output):
        matches = [
            (dy, dx)
            for dy in range(-2, 3)
            for dx in range(-2, 3)
            if np.allclose(result, _shifted(image, dy, dx))
        ]
        assert matches, "not a shift of at most 2 pixels"
        shifts.add(matches[0])
    assert len(shifts) > 3  # drawn per image


def test_cutout_zeroes_one_square_of_half_the_size():
    images = _images(channels=1) * 0.5 + 1.5  # no zeros before cutout
    output = _run(augment_ops.cutout, images, ratio=0.5)
    for result in output[..., 0]:
        holes = np.argwhere(result == 0)
        rows, cols = np.unique(holes[:, 0]), np.unique(holes[:, 1])
        assert len(holes) == len(rows) * len(cols)  # a rectangle
        assert 1 <= len(rows) <= 4 and 1 <= len(cols) <= 4
        assert np.all(np.diff(rows) == 1) and np.all(np.diff(cols) == 1)


def test_color_flip_and_ranges():
    images = _images()
    flipped = _run(augment_ops.horizontal_flip, images)
    for image, result in zip(images, flipped):
        assert np.allclose(result, image) or np.allclose(result, image[:, ::-1])
    colored = _run(augment_ops.color, images)
    assert colored.shape == images.shape and np.isfinite(colored).all()
    # brightness +-0.5, saturation x2, contrast x1.5 bound the values.
    assert np.abs(colored).max() < 1.5 * (2 * (1.5 + 1.5) + 1.5)
    for operation in (augment_ops.translation, augment_ops.cutout):
        out = _run(operation, images)
        assert out.min() >= images.min() - 1e-6
        assert out.max() <= images.max() + 1e-6
    # With apply = 0 nothing changes.
    unchanged = augment_ops.color(
        images, keras.random.SeedGenerator(0), np.zeros(16, "float32")
    )
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(unchanged), images, atol=1e-6
    )


@pytest.mark.parametrize("policy", ["color", "translation", "cutout", "flip"])
def test_gradients_flow_through_the_augmentation(policy):
    augment = stabilizers.DiffAugment(policy=[policy], seed=1)
    images = _images(4)
    weights = np.random.default_rng(2).normal(size=images.shape)
    weights = weights.astype("float32")

    def weighted_sum(x):
        return keras.ops.sum(
            augment(x) * keras.ops.convert_to_tensor(weights)
        ), ()

    gradient, _ = backend.current.input_gradients(
        weighted_sum, keras.ops.convert_to_tensor(images)
    )
    gradient = keras.ops.convert_to_numpy(gradient)
    assert gradient.shape == images.shape
    assert np.abs(gradient).sum() > 0
    if policy == "cutout":  # zero inside the hole, the weights outside
        kept = gradient != 0
        np.testing.assert_allclose(gradient[kept], weights[kept], rtol=1e-6)


def test_adaptive_probability_follows_the_signal():
    augment = stabilizers.AdaptiveAugment(target=0.6, speed=100, interval=2)
    confident = np.full((10,), 3.0, "float32")  # sign +1: overfitting
    values = [float(augment.update(confident)) for _ in range(4)]
    # Adjusted every 2 steps by 20 images / 100.
    np.testing.assert_allclose(values, [0.0, 0.2, 0.2, 0.4], atol=1e-6)
    unsure = -confident
    values = [float(augment.update(unsure)) for _ in range(4)]
    np.testing.assert_allclose(values, [0.4, 0.2, 0.2, 0.0], atol=1e-6)
    augment.probability.assign(0.0)
    images = _images()
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(augment(images)), images, atol=1e-6
    )
    augment.probability.assign(1.0)
    assert not np.allclose(keras.ops.convert_to_numpy(augment(images)), images)


def test_scheduled_probability_follows_the_discriminator_step():
    import keras_gan_kit
    from keras_gan_kit import schedules
    from tests.conftest import make_networks

    # R3GAN's augmentation: p rises along a cosine, here from 0 to 1 over
    # 4 discriminator updates.
    ramp = schedules.CosineRamp(0.0, 1.0, total_steps=4)
    augment = stabilizers.ScheduledAugment(ramp, policy=["flip"], seed=1)
    gan = keras_gan_kit.GAN(*make_networks(), seed=0)
    gan.compile(stabilizers=[augment])
    images = _images(24, size=4, channels=1)
    history = gan.fit(images, batch_size=8, epochs=2, verbose=0)
    # p follows the discriminator updates made before each one: the last
    # update of the first epoch comes after 2, of the second after 5.
    np.testing.assert_allclose(
        history.history["augment_p"], [0.5, 1.0], atol=1e-6
    )
    # At p = 1 the flip (itself a coin toss per image) always runs: some
    # images are mirrored, the rest kept. The schedule is saved with it.
    output = keras.ops.convert_to_numpy(augment(images))
    mirrored = np.all(np.isclose(output, images[:, :, ::-1]), axis=(1, 2, 3))
    kept = np.all(np.isclose(output, images), axis=(1, 2, 3))
    assert np.all(mirrored | kept) and mirrored.sum() > 3
    clone = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(augment)
    )
    assert clone.get_config() == augment.get_config()
    with pytest.raises(ValueError, match=r"must be in \[0, 1\]"):
        stabilizers.ScheduledAugment(1.5)


def test_augmentation_configuration():
    with pytest.raises(ValueError, match="Unknown augmentation"):
        stabilizers.DiffAugment(policy=["rotate"])
    with pytest.raises(ValueError, match="target must be in"):
        stabilizers.AdaptiveAugment(target=1.5)
    ada = stabilizers.AdaptiveAugment(target=0.5, speed=1000, seed=3)
    clone = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(ada)
    )
    assert clone.get_config() == ada.get_config()
    noise = stabilizers.InstanceNoise(0.2, anneal_steps=100)
    assert float(keras.ops.convert_to_numpy(noise.stddev_at(150))) == 0.0
    with pytest.raises(ValueError, match="stddev must be > 0"):
        stabilizers.InstanceNoise(0.0)
