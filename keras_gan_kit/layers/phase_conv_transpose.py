"""`PhaseConv2DTranspose`: a strided transposed convolution computed as
one stride-1 convolution per output phase."""

import keras
import numpy as np
from keras import ops

from keras_gan_kit import backend

PHASE_CHOICES = ("auto", True, False)

# Where "auto" computes by phases: on the backends whose
# `phase_transposed_convolutions` says so (JAX: XLA's CPU weight gradient of
# a strided transposed convolution is slow), for layers with at least this
# many output channels; for the 1-3 channels of an image output the direct
# form is faster (benchmarks/upsampling_speed.py).
PHASE_MIN_FILTERS = 4


def phase_taps(kernel_size, stride, pad_before):
    """Which kernel tap each phase applies at each input offset.

    Output position `stride * m + r` of a transposed convolution sums input
    `m + d` times tap `r + pad_before - stride * d`, over the offsets `d`
    for which that tap exists.

    Args:
        kernel_size: Taps of the kernel along one axis.
        stride: Stride along that axis.
        pad_before: Padding before the input of the matching convolution.

    Returns:
        `(taps, first_offset)`: `taps[j, r]` is the tap phase `r` applies
        at offset `first_offset + j`, or `kernel_size` (a zero tap) where
        it applies none.
    """
    offsets = [
        d
        for d in range(-kernel_size, kernel_size + 1)
        for r in range(stride)
        if 0 <= r + pad_before - stride * d < kernel_size
    ]
    first, last = min(offsets), max(offsets)
    taps = np.full((last - first + 1, stride), kernel_size, dtype="int32")
    for j, d in enumerate(range(first, last + 1)):
        for r in range(stride):
            tap = r + pad_before - stride * d
            if 0 <= tap < kernel_size:
                taps[j, r] = tap
    return taps, first


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class PhaseConv2DTranspose(keras.layers.Conv2DTranspose):
    """`Conv2DTranspose` that can compute by phases: the same layer,
    weights and outputs, faster where the backend's strided transposed
    convolution is slow.

    A stride-`s` transposed convolution gives `s x s` interleaved output
    grids (phases); each is a stride-1 convolution of the input with a
    subset of the kernel's taps. With `phase_decomposition` on, the layer
    gathers those taps into one stride-1 kernel with `s * s * filters`
    output channels, runs one ordinary convolution and interleaves the
    phases (a depth-to-space). The kernel variable is the usual
    `(kh, kw, filters, in_channels)` one, so weights move freely between
    this layer and `keras.layers.Conv2DTranspose`, and both give the same
    outputs to float rounding.

    On JAX on CPU this makes the DCGAN generator's weight gradients 8x to
    20x faster (`benchmarks/upsampling_speed.py`); on TensorFlow and
    PyTorch the direct form is as fast or faster, so `"auto"` computes by
    phases on JAX only, and only for 4 or more filters.

    Args:
        filters: Output channels.
        kernel_size: An integer or a pair.
        phase_decomposition: `"auto"`, `True` or `False`. Phases apply to
            `padding="same"`, `"channels_last"`, no dilation and no
            `output_padding`; other settings use the direct form.
            Defaults to `"auto"`.
        **kwargs: The other arguments of `keras.layers.Conv2DTranspose`.

    Examples:

    ```python
    import keras
    import numpy as np
    from keras_gan_kit.layers import PhaseConv2DTranspose

    x = np.random.normal(size=(2, 7, 7, 8)).astype("float32")
    phases = PhaseConv2DTranspose(
        4, 5, strides=2, padding="same", phase_decomposition=True
    )
    direct = keras.layers.Conv2DTranspose(4, 5, strides=2, padding="same")
    direct.build(x.shape)
    phases.build(x.shape)
    phases.set_weights(direct.get_weights())
    difference = np.abs(
        keras.ops.convert_to_numpy(phases(x) - direct(x))
    ).max()
    print(tuple(phases(x).shape), bool(difference < 1e-5))
    # (2, 14, 14, 4) True
    ```
    """

    def __init__(
        self, filters, kernel_size, phase_decomposition="auto", **kwargs
    ):
        super().__init__(filters, kernel_size, **kwargs)
        if phase_decomposition not in PHASE_CHOICES:
            raise ValueError(
                "phase_decomposition must be 'auto', True or False; "
                f"received {phase_decomposition!r}."
            )
        self.phase_decomposition = phase_decomposition

    def phases_supported(self):
        """Whether the settings allow the phase form."""
        return (
            self.padding == "same"
            and self.data_format == "channels_last"
            and tuple(self.dilation_rate) == (1, 1)
            and self.output_padding is None
            and max(self.strides) > 1
        )

    def uses_phases(self):
        """Whether `call` computes by phases."""
        if not self.phases_supported() or self.phase_decomposition is False:
            return False
        if self.phase_decomposition is True:
            return True
        return (
            backend.current.phase_transposed_convolutions
            and self.filters >= PHASE_MIN_FILTERS
        )

    def call(self, inputs):
        height, width = inputs.shape[1], inputs.shape[2]
        if not self.uses_phases() or height is None or width is None:
            return super().call(inputs)
        outputs = self._phase_transpose(inputs, height, width)
        if self.use_bias:
            outputs = ops.add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def _phase_transpose(self, inputs, height, width):
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        taps_h, first_h = phase_taps(kh, sh, max(kh - sh, 0) // 2)
        taps_w, first_w = phase_taps(kw, sw, max(kw - sw, 0) // 2)
        nh, nw = taps_h.shape[0], taps_w.shape[0]
        filters, channels = self.filters, self.kernel.shape[-1]
        # A zero tap at index kh (kw), then one gather of all the taps:
        # kernel[oy, ox, ry, rx] = padded[taps_h[oy, ry], taps_w[ox, rx]].
        padded = ops.pad(self.kernel, [[0, 1], [0, 1], [0, 0], [0, 0]])
        flat = ops.reshape(padded, ((kh + 1) * (kw + 1), filters, channels))
        index = taps_h[:, None, :, None] * (kw + 1) + taps_w[None, :, None, :]
        kernel = ops.take(flat, index.reshape(-1), axis=0)
        kernel = ops.reshape(kernel, (nh, nw, sh, sw, filters, channels))
        kernel = ops.transpose(kernel, (0, 1, 5, 2, 3, 4))
        kernel = ops.reshape(kernel, (nh, nw, channels, sh * sw * filters))
        last_h, last_w = first_h + nh - 1, first_w + nw - 1
        inputs = ops.pad(
            inputs,
            [[0, 0], [-first_h, last_h], [-first_w, last_w], [0, 0]],
        )
        outputs = ops.conv(inputs, kernel, strides=1, padding="valid")
        outputs = ops.reshape(outputs, (-1, height, width, sh, sw, filters))
        outputs = ops.transpose(outputs, (0, 1, 3, 2, 4, 5))
        return ops.reshape(outputs, (-1, height * sh, width * sw, filters))

    def get_config(self):
        # Saved as the standard layer (see `save_as_standard_layer`): the
        # phase form is a way of computing, not part of the model.
        return super().get_config()


def save_as_standard_layer(layer_class, public_name):
    """Makes Keras save `layer_class` as the standard layer it computes, so
    saved models load with plain Keras (`safe_mode=True`, no keras_gan_kit
    import) and give the same outputs.

    Keras names a saved object by its class in two places: the config (the
    public `keras.*` name where the class has one, else the registered
    custom name) and the paths of the weights in the file (the class name
    in snake case). This gives `layer_class` the public name and the class
    name of its parent, so a file holds exactly what the parent layer
    would have written; loading it builds the parent, with the same
    weights.
    """
    from keras.src import api_export

    api_export.REGISTERED_OBJS_TO_NAMES[layer_class] = public_name
    layer_class.__name__ = public_name.rsplit(".", 1)[-1]


save_as_standard_layer(PhaseConv2DTranspose, "keras.layers.Conv2DTranspose")
