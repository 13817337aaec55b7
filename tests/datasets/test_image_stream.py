"""ImageFolderStream: decoding, cropping, order, bad files, fit."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit.datasets import ImageFolderStream
from keras_gan_kit.datasets import ShuffledBatches
from keras_gan_kit.datasets import image_folder

Image = pytest.importorskip("PIL.Image")


def _banded(height=40, width=60):
    """Red left band, green middle, blue right band, each side band as
    wide as the centre crop of a square leaves out."""
    pixels = np.zeros((height, width, 3), "uint8")
    side = (width - height) // 2
    pixels[:, :side, 0] = 255
    pixels[:, side : width - side, 1] = 255
    pixels[:, width - side :, 2] = 255
    return pixels


def _write_classes(root, per_class=6, size=12):
    for label in range(2):
        folder = root / f"class_{label}"
        folder.mkdir(parents=True)
        for index in range(per_class):
            value = 20 * index + 100 * label
            pixels = np.full((size, size), value, "uint8")
            Image.fromarray(pixels).save(folder / f"{index}.png")


@pytest.mark.parametrize("extension", ["png", "jpg"])
def test_pictures_are_center_cropped_resized_and_scaled(tmp_path, extension):
    Image.fromarray(_banded()).save(tmp_path / f"wide.{extension}")
    stream = ImageFolderStream(tmp_path, image_size=8, batch_size=1)
    (batch,) = [stream[0]]
    assert batch.shape == (1, 8, 8, 3) and batch.dtype == "float32"
    # Only the green centre survives the crop (JPEG blurs the colours a
    # little).
    np.testing.assert_allclose(batch[0, ..., 1], 1.0, atol=0.05)
    np.testing.assert_allclose(batch[0, ..., 0], -1.0, atol=0.1)
    np.testing.assert_allclose(batch[0, ..., 2], -1.0, atol=0.1)
    # A rectangle target keeps the aspect: a 40x60 picture into 4x6 needs
    # no crop, so all three bands remain.
    rectangle = ImageFolderStream(tmp_path, image_size=(4, 6), batch_size=1)
    row = rectangle[0][0, 0]
    assert row[0, 0] > 0.5 and row[3, 1] > 0.5 and row[-1, 2] > 0.5


def test_order_follows_seed_and_epoch(tmp_path):
    _write_classes(tmp_path)
    stream = ImageFolderStream(
        tmp_path, image_size=4, batch_size=4, seed=5, grayscale=True
    )
    reference = ShuffledBatches(
        np.arange(12), np.arange(12) // 6, batch_size=4, seed=5
    )
    assert stream.class_names == ["class_0", "class_1"]
    for epoch in (0, 3):
        stream.set_epoch(epoch)
        reference.set_epoch(epoch)
        for index in range(len(stream)):
            images, labels = stream[index]
            rows, expected_labels = reference[index]
            np.testing.assert_array_equal(labels, expected_labels)
            # Each file's grey level names it: 20 * index + 100 * label.
            levels = np.rint((images[:, 0, 0, 0] + 1.0) * 127.5)
            np.testing.assert_array_equal(
                levels, 20 * (rows % 6) + 100 * (rows // 6)
            )


def test_unreadable_files_are_replaced_and_counted(tmp_path):
    _write_classes(tmp_path, per_class=3)
    (tmp_path / "class_0" / "1.png").write_bytes(b"not an image")
    (tmp_path / "class_1" / "2.png").write_bytes(b"\x89PNG truncated")
    stream = ImageFolderStream(
        tmp_path, image_size=4, batch_size=6, grayscale=True
    )
    with pytest.warns(UserWarning, match="Skipped an unreadable file"):
        images, labels = stream[0]
    assert len(stream.skipped) == 2
    assert all(path.endswith(".png") for path in stream.skipped)
    # Replacements are the next readable file, with their own label: the
    # last file of class 1 is replaced by the first of class 0.
    levels = np.rint((images[:, 0, 0, 0] + 1.0) * 127.5)
    for level, label in zip(levels, labels):
        assert (level >= 100) == (label == 1)
    assert sorted(levels.tolist()) == [0, 0, 40, 40, 100, 120]


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="needs image_size"):
        ImageFolderStream(tmp_path, image_size=None)
    with pytest.raises(ValueError, match="No image files under"):
        ImageFolderStream(tmp_path, image_size=8)
    with pytest.raises(ValueError, match="Image folder not found"):
        ImageFolderStream(tmp_path / "missing", image_size=8)
    _write_classes(tmp_path)
    with pytest.raises(ValueError, match="batch_size 64 is larger"):
        ImageFolderStream(tmp_path, image_size=8)
    stream = image_folder(tmp_path, image_size=8, stream=True, batch_size=4)
    assert isinstance(stream, ImageFolderStream)
    assert stream.image_shape == (8, 8, 3)


def test_a_conditional_gan_trains_from_a_stream(tmp_path):
    _write_classes(tmp_path, per_class=8, size=16)
    stream = ImageFolderStream(
        tmp_path, image_size=8, batch_size=4, grayscale=True, workers=2
    )
    generator = keras_gan_kit.builders.conditional_generator(
        latent_dim=4, num_classes=2, image_shape=(8, 8, 1), filters=4
    )
    discriminator = keras_gan_kit.builders.conditional_discriminator(
        image_shape=(8, 8, 1), num_classes=2, head="projection", filters=4
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator, seed=0)
    gan.compile()
    history = gan.fit(
        stream,
        epochs=2,
        shuffle=False,
        verbose=0,
        callbacks=[stream.epoch_callback()],
    )
    assert len(history.history["d_loss"]) == 2
    assert np.isfinite(history.history["g_loss"]).all()
    assert keras.ops.shape(gan.generate(3, seed=0)) == (3, 8, 8, 1)
