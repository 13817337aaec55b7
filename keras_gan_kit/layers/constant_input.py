"""`ConstantInput`: a learned map that a synthesis network starts from."""

import keras
from keras import ops

from keras_gan_kit.layers.arguments import positive_int


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ConstantInput(keras.layers.Layer):
    """A learned tensor of shape `shape`, repeated for every row of the
    input (whose values are not used): StyleGAN2's learned 4x4 constant
    and, multiplied by a projection of the latent, R3GAN's generative
    basis.

    Args:
        shape: The learned tensor's shape, for example `(4, 4, 512)`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import ConstantInput

    print(tuple(ConstantInput((4, 4, 8))(np.zeros((3, 16), "float32")).shape))
    # (3, 4, 4, 8)
    ```
    """

    def __init__(self, shape, **kwargs):
        super().__init__(**kwargs)
        self.constant_shape = tuple(
            positive_int("shape", size) for size in shape
        )

    def build(self, input_shape):
        self.constant = self.add_weight(
            shape=self.constant_shape,
            initializer=keras.initializers.RandomNormal(stddev=1.0),
            name="constant",
        )

    def call(self, inputs):
        batch = ops.shape(inputs)[0]
        constant = ops.cast(self.constant, self.compute_dtype)
        return ops.broadcast_to(constant[None], (batch,) + self.constant_shape)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self.constant_shape

    def get_config(self):
        config = super().get_config()
        config["shape"] = list(self.constant_shape)
        return config
