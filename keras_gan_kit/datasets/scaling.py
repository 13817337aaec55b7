"""Conversions between stored pixels and a generator's range."""

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


def _input_range(images):
    """The range stored pixels come in, read from their type and values:
    integers are [0, 255], floats [0, 1] when none exceeds 1, else [0, 255];
    anything else is refused with the fix."""
    data_low, data_high = float(images.min()), float(images.max())
    floating = np.issubdtype(images.dtype, np.floating)
    if data_low < 0 or data_high > 255:
        hint = (
            "If they are already scaled to [-1, 1], use them as they are."
            if floating and data_low >= -1 and data_high <= 1
            else "For other ranges pass input_range=(low, high), for example "
            "(0, 65535) for 16-bit images."
        )
        raise ValueError(
            f"scale_images() reads {images.dtype} pixels as [0, 255]"
            + (" (or [0, 1] when no value exceeds 1)" if floating else "")
            + f"; received values in [{data_low:g}, {data_high:g}]. {hint}"
        )
    if floating and data_high <= 1:
        return 0.0, 1.0
    return 0.0, 255.0


def scale_images(
    images, value_range=(-1.0, 1.0), add_channel_axis=False, input_range=None
):
    """Maps stored pixel values to float32 in `value_range`.

    GAN generators usually end in tanh, so the real images the
    discriminator sees must lie in [-1, 1] too. The stored range is read
    from the data unless `input_range` gives it: integer pixels are
    [0, 255]; float pixels are [0, 1] when no value exceeds 1 (images
    already divided by 255), else [0, 255]. Values outside [0, 255] (16-bit
    pixels, images already in [-1, 1]) are refused with the fix, never
    guessed.

    Args:
        images: Array of pixel values, for example `x_train` of
            `keras.datasets.mnist` (uint8) or the same divided by 255.
        value_range: `(low, high)` of the result. Defaults to `(-1.0, 1.0)`.
        add_channel_axis: Append a channel axis of size 1, turning
            `(n, 28, 28)` grayscale arrays into `(n, 28, 28, 1)`.
            Defaults to `False`.
        input_range: `(low, high)` of the stored pixels, for example
            `(0, 65535)` for 16-bit images; values outside it are refused.
            Defaults to `None` (read from the data, as above).

    Returns:
        A float32 NumPy array.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.datasets import scale_images

    pixels = np.array([[[0, 128, 255]]], dtype="uint8")
    print(scale_images(pixels, add_channel_axis=True).reshape(-1).round(3))
    # [-1.     0.004  1.   ]
    print(scale_images(np.array([0.0, 0.5, 1.0])))
    # [-1.  0.  1.]
    print(scale_images(np.array([0, 65535]), input_range=(0, 65535)))
    # [-1.  1.]
    ```
    """
    low, high = _check_range(value_range)
    images = np.asarray(images)
    if images.dtype == bool or not np.issubdtype(images.dtype, np.number):
        raise ValueError(
            f"scale_images() expects numeric pixel values; received an "
            f"array of dtype {images.dtype}. Convert it to uint8 (0-255) "
            "or float first."
        )
    if input_range is not None:
        try:
            in_low, in_high = _check_range(input_range)
        except ValueError:
            raise ValueError(
                f"input_range must be (low, high) with low < high; received "
                f"{input_range!r}. For 8-bit pixels pass (0, 255)."
            ) from None
        if images.size and (images.min() < in_low or images.max() > in_high):
            raise ValueError(
                f"scale_images() received values in [{float(images.min()):g},"
                f" {float(images.max()):g}] outside input_range={input_range}."
                " Pass the range the pixels are stored in."
            )
    elif images.size:
        in_low, in_high = _input_range(images)
    else:
        in_low, in_high = 0.0, 255.0
    unit = (images.astype("float32") - in_low) / (in_high - in_low)
    scaled = (unit * (high - low) + low).astype("float32")
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
