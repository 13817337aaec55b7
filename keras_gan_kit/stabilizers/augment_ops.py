"""Differentiable image augmentations written in `keras.ops`.

Each takes images `(n, height, width, channels)` in [-1, 1], a
`keras.random.SeedGenerator` and a per-image `apply` mask in {0, 1} (1:
augment this image), and keeps gradients flowing to the images, so the
generator learns through them. These are the operations of DiffAugment
(Zhao et al. 2020, https://arxiv.org/abs/2006.10738) and a subset of ADA's
(Karras et al. 2020, https://arxiv.org/abs/2006.06676).
"""

import keras
from keras import ops

from keras_gan_kit import backend


def _per_image(mask, images):
    return ops.reshape(ops.cast(mask, images.dtype), (-1, 1, 1, 1))


def _per_replica(draw, shape):
    # Replicas that each augment a slice draw what one device would draw
    # for the whole batch.
    return backend.current.replica_random(draw, shape)


def _randint(shape, minval, maxval, seed):
    return _per_replica(
        lambda shape: keras.random.randint(
            shape, minval, maxval, seed=seed, dtype="int32"
        ),
        shape,
    )


def _uniform(images, seed, minval=0.0, maxval=1.0, shape=None):
    batch = ops.shape(images)[0]
    return _per_replica(
        lambda shape: keras.random.uniform(
            shape, minval=minval, maxval=maxval, seed=seed, dtype=images.dtype
        ),
        shape or (batch, 1, 1, 1),
    )


def brightness(images, seed, apply):
    """Adds `U(-0.5, 0.5)` to every pixel of an image (DiffAugment)."""
    images = ops.convert_to_tensor(images)
    shift = _uniform(images, seed, -0.5, 0.5)
    return images + shift * _per_image(apply, images)


def saturation(images, seed, apply):
    """Scales each pixel's distance to its channel mean by `U(0, 2)`."""
    images = ops.convert_to_tensor(images)
    mean = ops.mean(images, axis=-1, keepdims=True)
    factor = _uniform(images, seed, 0.0, 2.0)
    factor = 1.0 + (factor - 1.0) * _per_image(apply, images)
    return (images - mean) * factor + mean


def contrast(images, seed, apply):
    """Scales each image's distance to its mean by `U(0.5, 1.5)`."""
    images = ops.convert_to_tensor(images)
    mean = ops.mean(images, axis=(1, 2, 3), keepdims=True)
    factor = _uniform(images, seed, 0.5, 1.5)
    factor = 1.0 + (factor - 1.0) * _per_image(apply, images)
    return (images - mean) * factor + mean


def color(images, seed, apply):
    """Brightness, saturation, then contrast (DiffAugment's "color")."""
    images = brightness(images, seed, apply)
    images = saturation(images, seed, apply)
    return contrast(images, seed, apply)


def _shift_indices(size, shift):
    # Source index of every output position, or -1 outside the image.
    positions = ops.arange(size, dtype="int32")[None, :] - shift[:, None]
    inside = ops.logical_and(positions >= 0, positions < size)
    return ops.where(inside, positions, -1)


def translation(images, seed, apply, ratio=0.125):
    """Shifts each image by up to `ratio` of its size, filling with 0.

    Integer shifts drawn per image and axis from
    `[-ratio * size, ratio * size]`, gathered so gradients flow to the
    pixels that move.
    """
    images = ops.convert_to_tensor(images)
    batch, height, width, channels = ops.shape(images)
    max_dy, max_dx = int(height * ratio + 0.5), int(width * ratio + 0.5)
    mask = ops.cast(ops.reshape(apply, (-1,)), "int32")
    dy = _randint((batch,), -max_dy, max_dy + 1, seed) * mask
    dx = _randint((batch,), -max_dx, max_dx + 1, seed) * mask
    rows = _shift_indices(height, dy)  # (batch, height)
    cols = _shift_indices(width, dx)  # (batch, width)
    valid = ops.logical_and(rows[:, :, None] >= 0, cols[:, None, :] >= 0)
    flat_index = (
        ops.maximum(rows, 0)[:, :, None] * width
        + ops.maximum(cols, 0)[:, None, :]
    )
    offsets = ops.arange(batch, dtype="int32")[:, None, None] * (height * width)
    gathered = ops.take(
        ops.reshape(images, (-1, channels)),
        ops.reshape(flat_index + offsets, (-1,)),
        axis=0,
    )
    gathered = ops.reshape(gathered, (batch, height, width, channels))
    return gathered * ops.cast(valid[..., None], images.dtype)


def cutout(images, seed, apply, ratio=0.5):
    """Sets a square of `ratio` of the image size, at a random place, to 0."""
    images = ops.convert_to_tensor(images)
    batch, height, width, _ = ops.shape(images)
    cut_h, cut_w = int(height * ratio + 0.5), int(width * ratio + 0.5)
    top = _randint((batch, 1), 0, height + (1 - cut_h % 2), seed)
    left = _randint((batch, 1), 0, width + (1 - cut_w % 2), seed)
    # As DiffAugment: the square's centre is anywhere, its overhang cut.
    rows = ops.arange(height, dtype="int32")[None, :] - (top - cut_h // 2)
    cols = ops.arange(width, dtype="int32")[None, :] - (left - cut_w // 2)
    in_rows = ops.logical_and(rows >= 0, rows < cut_h)
    in_cols = ops.logical_and(cols >= 0, cols < cut_w)
    hole = ops.logical_and(in_rows[:, :, None], in_cols[:, None, :])
    hole = ops.logical_and(
        hole, ops.reshape(ops.cast(apply, "bool"), (-1, 1, 1))
    )
    return images * (1.0 - ops.cast(hole[..., None], images.dtype))


def horizontal_flip(images, seed, apply):
    """Mirrors each image left-right with probability 1/2."""
    images = ops.convert_to_tensor(images)
    flip = _uniform(images, seed, shape=(ops.shape(images)[0],))
    flip = ops.cast(flip < 0.5, images.dtype) * ops.cast(
        ops.reshape(apply, (-1,)), images.dtype
    )
    flip = ops.reshape(flip, (-1, 1, 1, 1))
    return flip * ops.flip(images, axis=2) + (1.0 - flip) * images


OPERATIONS = {
    "color": color,
    "brightness": brightness,
    "saturation": saturation,
    "contrast": contrast,
    "translation": translation,
    "cutout": cutout,
    "flip": horizontal_flip,
}
