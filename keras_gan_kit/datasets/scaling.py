"""Conversions between stored pixels ([0, 255]) and a generator's range."""

import numpy as np


def _check_range(value_range):
    low, high = (float(v) for v in value_range)
    if not low < high:
        raise ValueError(
            f"value_range must be (low, high) with low < high; received "
            f"{value_range}. Use (-1, 1) for tanh generators, (0, 1) for "
            "sigmoid ones."
        )
    return low, high


def scale_images(images, value_range=(-1.0, 1.0), add_channel_axis=False):
    """Maps pixel values in [0, 255] to float32 in `value_range`.

    GAN generators usually end in tanh, so the real images the
    discriminator sees must lie in [-1, 1] too.

    Args:
        images: Array of pixel values in [0, 255], uint8 or any number type,
            for example `x_train` of `keras.datasets.mnist`.
        value_range: `(low, high)` of the result. Defaults to `(-1.0, 1.0)`.
        add_channel_axis: Append a channel axis of size 1, turning
            `(n, 28, 28)` grayscale arrays into `(n, 28, 28, 1)`.
            Defaults to `False`.

    Returns:
        A float32 NumPy array.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.datasets import scale_images

    pixels = np.array([[[0, 128, 255]]], dtype="uint8")
    print(scale_images(pixels, add_channel_axis=True).reshape(-1).round(3))
    # [-1.     0.004  1.   ]
    ```
    """
    low, high = _check_range(value_range)
    images = np.asarray(images)
    if images.dtype == bool or not np.issubdtype(images.dtype, np.number):
        raise ValueError(
            f"scale_images() expects numeric pixel values in [0, 255]; "
            f"received an array of dtype {images.dtype}."
        )
    if images.size:
        data_low, data_high = float(images.min()), float(images.max())
        if data_low < 0 or data_high > 255:
            raise ValueError(
                f"scale_images() expects pixel values in [0, 255]; received "
                f"values in [{data_low:g}, {data_high:g}]. If the images are "
                "already scaled, use them as they are."
            )
    scaled = images.astype("float32") / 255.0 * (high - low) + low
    if add_channel_axis:
        scaled = scaled[..., np.newaxis]
    return scaled


def unscale_images(images, value_range=(-1.0, 1.0)):
    """Maps images in `value_range` back to uint8 pixels in [0, 255].

    Values outside the range are clipped, so generator outputs can be saved
    as pictures directly.

    Args:
        images: Array of images in `value_range`.
        value_range: `(low, high)` of the input. Defaults to `(-1.0, 1.0)`.

    Returns:
        A uint8 NumPy array of the same shape.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.datasets import unscale_images

    print(unscale_images(np.array([-1.0, 0.0, 1.0])))
    # [  0 128 255]
    ```
    """
    low, high = _check_range(value_range)
    images = np.asarray(images, dtype="float32")
    pixels = (images - low) / (high - low) * 255.0
    return np.clip(np.rint(pixels), 0, 255).astype("uint8")
