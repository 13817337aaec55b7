"""`GroupedConv2D`: a grouped convolution that can compute as a dense one
where the backend's grouped convolution is slow."""

import keras
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.layers.phase_conv_transpose import save_as_standard_layer

DENSE_CHOICES = ("auto", True, False)


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GroupedConv2D(keras.layers.Conv2D):
    """`Conv2D` with `groups > 1` that can compute with a dense,
    block-diagonal kernel: the same layer, weights and outputs, faster on
    the backends whose grouped convolution is slow on CPU (TensorFlow
    compiles it with XLA at every call; JAX's XLA CPU kernels are slow
    too: `benchmarks/grouped_conv_speed.py`).

    The dense form scatters the grouped kernel `(k, k, in / groups, out)`
    into a `(k, k, in, out)` kernel that is zero between groups and
    convolves with it: `groups` times the operations, in a kernel those
    backends run fast. The layer saves as a standard `Conv2D`, so a saved
    model loads with plain Keras.

    Args:
        filters: Output channels.
        kernel_size: Kernel size.
        dense_equivalent: `True` for the dense form, `False` for the
            grouped one, `"auto"` for the backend's faster one
            (`backend.current.dense_grouped_convolutions`).
            Defaults to `"auto"`.
        **kwargs: `keras.layers.Conv2D` arguments, `groups` among them.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import GroupedConv2D

    x = np.random.default_rng(0).normal(size=(2, 8, 8, 8)).astype("float32")
    dense = GroupedConv2D(8, 3, groups=4, padding="same", dense_equivalent=True)
    grouped = GroupedConv2D(
        8, 3, groups=4, padding="same", dense_equivalent=False
    )
    grouped.build(x.shape)
    dense.build(x.shape)
    dense.set_weights(grouped.get_weights())
    same = ops.convert_to_numpy(dense(x) - grouped(x))
    print(bool(np.abs(same).max() < 1e-5))
    # True
    ```
    """

    def __init__(self, filters, kernel_size, dense_equivalent="auto", **kwargs):
        super().__init__(filters, kernel_size, **kwargs)
        if dense_equivalent not in DENSE_CHOICES:
            raise ValueError(
                "dense_equivalent must be 'auto', True or False; received "
                f"{dense_equivalent!r}."
            )
        self.dense_equivalent = dense_equivalent

    def uses_dense_form(self):
        """Whether `call` convolves with the dense block-diagonal kernel."""
        if self.groups == 1 or self.dense_equivalent is False:
            return False
        if self.dense_equivalent is True:
            return True
        return backend.current.dense_grouped_convolutions

    def dense_kernel(self):
        """The kernel as a dense `(k, k, in, out)` block-diagonal one."""
        kernel = ops.convert_to_tensor(self.kernel)
        height, width, group_in, filters = kernel.shape
        groups = self.groups
        group_out = filters // groups
        blocks = ops.reshape(
            kernel, (height, width, 1, group_in, groups, group_out)
        )
        mask = ops.reshape(
            ops.eye(groups, dtype=kernel.dtype), (1, 1, groups, 1, groups, 1)
        )
        return ops.reshape(
            blocks * mask, (height, width, groups * group_in, filters)
        )

    def call(self, inputs):
        if not self.uses_dense_form():
            return super().call(inputs)
        outputs = ops.conv(
            inputs,
            ops.cast(self.dense_kernel(), inputs.dtype),
            strides=self.strides,
            padding=self.padding,
            dilation_rate=self.dilation_rate,
            data_format=self.data_format,
        )
        if self.use_bias:
            outputs = ops.add(outputs, ops.cast(self.bias, outputs.dtype))
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def get_config(self):
        # Saved as the standard layer: the dense form is a way of
        # computing, not part of the model.
        return super().get_config()


save_as_standard_layer(GroupedConv2D, "keras.layers.Conv2D")
