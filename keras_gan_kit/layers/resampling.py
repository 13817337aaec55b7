"""Filtered resampling by 2: StyleGAN2's and R3GAN's interpolating
up- and downsampling, written with standard ops so that it loads with
plain Keras."""

import keras
import numpy as np
from keras import ops

from keras_gan_kit import backend


def _taps(resampling_filter):
    taps = np.asarray(resampling_filter, "float64")
    if (
        taps.ndim != 1
        or len(taps) < 2
        or not np.all(taps >= 0)
        or not taps.sum() > 0
    ):
        raise ValueError(
            "resampling_filter must be a list of at least 2 non-negative "
            f"taps with a positive sum, such as [1, 2, 1]; received "
            f"{resampling_filter!r}."
        )
    return taps


def _kernel(taps, channels):
    """A depthwise kernel `(k, k, channels, 1)`: the outer product of
    `taps` with itself, normalized to sum 1."""
    square = np.outer(taps, taps)
    square = square / square.sum()
    return np.tile(square[:, :, None, None], (1, 1, channels, 1))


def _filter(x, taps, kernel, stride):
    """Correlates the height and width of `x` with the 1-D `taps` (valid
    positions, every `stride`-th kept): a depthwise convolution with
    `kernel` (the layer's `_kernel(taps)`), or where the backend asks for
    it (`Backend.sliced_resampling`, JAX) and the sizes are known, its
    separable form as strided slices and sums."""
    height, width = x.shape[1], x.shape[2]
    known = height is not None and width is not None
    if not (backend.current.sliced_resampling and known):
        kernel = ops.cast(kernel, x.dtype)
        return ops.depthwise_conv(x, kernel, strides=stride, padding="valid")
    weights = [float(t) for t in taps / taps.sum()]
    for axis, size in ((1, height), (2, width)):
        end = stride * ((size - len(weights)) // stride)
        total = None
        for i, weight in enumerate(weights):
            window = slice(i, i + end + 1, stride)
            part = x[:, window] if axis == 1 else x[:, :, window]
            total = part * weight if total is None else total + part * weight
        x = total
    return x


def nearest_taps(resampling_filter):
    """The taps that, after nearest-neighbour upsampling by 2, interpolate
    as `resampling_filter` does after zero insertion: the filter divided
    by `[1, 1]` (nearest upsampling is zero insertion followed by `[1, 1]`).

    Args:
        resampling_filter: The taps of the interpolation filter, which
            must be divisible by `[1, 1]` (have a root at -1), as the
            symmetric filters `[1, 2, 1]` and `[1, 3, 3, 1]` are.

    Returns:
        A float64 NumPy array one tap shorter.

    Examples:

    ```python
    from keras_gan_kit.layers.resampling import nearest_taps

    print(nearest_taps([1, 3, 3, 1]).tolist(), nearest_taps([1, 2, 1]).tolist())
    # [1.0, 2.0, 1.0] [1.0, 1.0]
    ```
    """
    taps = _taps(resampling_filter)
    quotient, remainder = np.polydiv(taps, [1.0, 1.0])
    if not np.allclose(remainder, 0.0, atol=1e-9 * taps.sum()):
        raise ValueError(
            f"resampling_filter={list(resampling_filter)!r} does not "
            "interpolate: its taps are not divisible by [1, 1] (their "
            "alternating sum is not 0). Use a filter such as [1, 2, 1] or "
            "[1, 3, 3, 1]."
        )
    return np.atleast_1d(quotient)


class _Resample2D(keras.layers.Layer):
    def __init__(self, resampling_filter=(1, 2, 1), **kwargs):
        super().__init__(**kwargs)
        self.resampling_filter = [float(t) for t in _taps(resampling_filter)]

    def get_config(self):
        config = super().get_config()
        config["resampling_filter"] = list(self.resampling_filter)
        return config

    def _check(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(
                f"{type(self).__name__} takes (batch, height, width, "
                f"channels) maps; received shape {tuple(input_shape)}."
            )


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class Upsample2D(_Resample2D):
    """Doubles the height and width by interpolation with a fixed filter.

    Equal to zero insertion followed by `resampling_filter` (with gain 4;
    StyleGAN2's and R3GAN's `upfirdn2d` upsampling), computed as nearest
    upsampling followed by the filter divided by `[1, 1]` (see
    `nearest_taps`), with zero padding at the border: `[1, 2, 1]` is
    linear interpolation, `[1, 3, 3, 1]` is StyleGAN2's bilinear filter.
    No weights are learned.

    Args:
        resampling_filter: The interpolation filter's taps.
            Defaults to `(1, 2, 1)` (R3GAN).
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import Upsample2D

    row = np.array([0.0, 2.0, 4.0], "float32").reshape(1, 1, 3, 1)
    outputs = Upsample2D([1, 2, 1])(np.repeat(row, 2, axis=1))
    print(ops.convert_to_numpy(outputs)[0, 0, :, 0].tolist())
    # [0.0, 1.0, 2.0, 3.0, 4.0, 2.0]
    ```
    """

    def build(self, input_shape):
        self._check(input_shape)
        self.taps = nearest_taps(self.resampling_filter)
        self.kernel = _kernel(self.taps, int(input_shape[-1]))
        size = len(self.taps) - 1
        self.padding = (size // 2, size - size // 2)

    def call(self, inputs):
        x = ops.repeat(ops.repeat(inputs, 2, axis=1), 2, axis=2)
        if len(self.taps) == 1:
            return x
        x = ops.pad(x, ((0, 0), self.padding, self.padding, (0, 0)))
        return _filter(x, self.taps, self.kernel, stride=1)

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        grow = lambda size: None if size is None else 2 * size  # noqa: E731
        return (batch, grow(height), grow(width), channels)


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class Downsample2D(_Resample2D):
    """Halves the height and width: blurs with a fixed filter, then keeps
    every second row and column.

    The filter is normalized to sum 1 and padded as `upfirdn2d` pads a
    downsampling by 2 (StyleGAN2, R3GAN): `(len - 1) // 2` zeros before,
    `(len - 2) // 2` after, so `[1, 2, 1]` averages each even position
    with half of each neighbour and `[1, 1]` is 2x2 average pooling.
    Height and width must be even. No weights are learned.

    Args:
        resampling_filter: The blur filter's taps. Defaults to `(1, 2, 1)`
            (R3GAN).
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import Downsample2D

    row = np.array([4.0, 8.0, 4.0, 0.0], "float32").reshape(1, 1, 4, 1)
    outputs = Downsample2D([1, 1])(np.repeat(row, 2, axis=1))
    print(ops.convert_to_numpy(outputs)[0, 0, :, 0].tolist())
    # [6.0, 2.0]
    ```
    """

    def build(self, input_shape):
        self._check(input_shape)
        for size in input_shape[1:3]:
            if size is not None and size % 2:
                raise ValueError(
                    "Downsample2D halves even heights and widths; received "
                    f"shape {tuple(input_shape)}. Crop or pad the maps to "
                    "an even size."
                )
        self.taps = np.asarray(self.resampling_filter)
        self.kernel = _kernel(self.taps, int(input_shape[-1]))
        size = len(self.taps)
        self.padding = ((size - 1) // 2, (size - 2) // 2)

    def call(self, inputs):
        x = ops.pad(inputs, ((0, 0), self.padding, self.padding, (0, 0)))
        return _filter(x, self.taps, self.kernel, stride=2)

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        half = lambda size: None if size is None else size // 2  # noqa: E731
        return (batch, half(height), half(width), channels)
