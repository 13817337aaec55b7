"""`MinibatchStdDev`: the batch-statistics feature that ends StyleGAN's
discriminators."""

import keras
from keras import ops

from keras_gan_kit.layers.arguments import positive_int


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class MinibatchStdDev(keras.layers.Layer):
    """Appends the standard deviation of features over groups of images.

    The images of the batch are split into groups of `group_size` (image
    `i` in group `i % (batch / group_size)`); within each group, the
    standard deviation of every feature over the group's images is
    averaged over positions and over the channels of each of
    `num_features` channel groups. The result is appended to every image
    of the group as `num_features` constant channels. A discriminator that
    sees it can tell a batch of too-similar images (collapsed modes) from
    a batch of varied real ones. As in StyleGAN2's discriminator (Karras et
    al. 2020), from ProGAN (Karras et al. 2018).

    Args:
        group_size: Images per group; the batch size (when smaller) is
            used instead, and must be divisible by it. Defaults to `4`.
        num_features: Channel groups, each giving one appended channel;
            must divide the channels. Defaults to `1`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import MinibatchStdDev

    images = np.random.default_rng(0).normal(size=(8, 4, 4, 6))
    print(tuple(MinibatchStdDev(group_size=4)(images.astype("float32")).shape))
    # (8, 4, 4, 7)
    ```
    """

    def __init__(self, group_size=4, num_features=1, **kwargs):
        super().__init__(**kwargs)
        self.group_size = positive_int("group_size", group_size)
        self.num_features = positive_int("num_features", num_features)

    def build(self, input_shape):
        channels = input_shape[-1]
        if len(input_shape) != 4 or channels % self.num_features:
            raise ValueError(
                "MinibatchStdDev takes (batch, height, width, channels) "
                f"maps whose channels divide by num_features="
                f"{self.num_features}; received shape {tuple(input_shape)}. "
                "Pass num_features that divides the channels."
            )

    def call(self, inputs):
        batch, height, width, channels = ops.shape(inputs)
        if isinstance(batch, int):
            group = min(self.group_size, batch)
            if batch % group:
                raise ValueError(
                    f"MinibatchStdDev groups the batch by {group} images, "
                    f"but received a batch of {batch}. Use a batch size "
                    f"divisible by group_size={self.group_size}."
                )
        else:  # traced with an unknown batch size (TensorFlow)
            group = ops.minimum(self.group_size, batch)
        features = self.num_features
        x = ops.cast(inputs, "float32")
        # (group, batch / group, height, width, features, channels / f)
        x = ops.reshape(
            x, (group, -1, height, width, features, channels // features)
        )
        x = x - ops.mean(x, axis=0, keepdims=True)
        std = ops.sqrt(ops.mean(ops.square(x), axis=0) + 1e-8)
        std = ops.mean(std, axis=(1, 2, 4))  # (batch / group, features)
        std = ops.reshape(std, (-1, 1, 1, features))
        std = ops.tile(std, (group, height, width, 1))
        return ops.concatenate([inputs, ops.cast(std, inputs.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (input_shape[-1] + self.num_features,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"group_size": self.group_size, "num_features": self.num_features}
        )
        return config
