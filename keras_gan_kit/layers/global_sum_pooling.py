"""`GlobalSumPooling2D`: the sum over positions that ends SNGAN's
discriminators."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GlobalSumPooling2D(keras.layers.Layer):
    """Sums a `(batch, height, width, channels)` map over its positions.

    SNGAN's discriminators end with a ReLU, this sum and one Dense logit;
    a sum (not an average) keeps the logit's scale growing with the image,
    as in the paper.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import GlobalSumPooling2D

    print(tuple(GlobalSumPooling2D()(np.ones((2, 4, 4, 3), "float32")).shape))
    # (2, 3)
    ```
    """

    def call(self, inputs):
        return ops.sum(inputs, axis=(1, 2))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1])
