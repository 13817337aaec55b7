"""`NoiseInjection`: StyleGAN's per-pixel noise with a learned strength."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class NoiseInjection(keras.layers.Layer):
    """Adds `strength * noise` to every channel: one N(0, 1) value per
    pixel, the same in every channel, scaled by a learned scalar that
    starts at 0 (StyleGAN, Karras et al. 2019; StyleGAN2's
    `noise_strength`).

    In training the noise is drawn anew at every call (from the layer's
    `keras.random.SeedGenerator`, so it is saved and resumed with the
    model). In inference it is a fixed map drawn once when the layer is
    built (StyleGAN2's `noise_mode="const"`): a generator's images are
    then a function of its latent alone, and its portable form
    (`utils.portable_model`) computes them with plain Keras layers.

    Args:
        seed: Seed of the noise (and of the fixed map). Defaults to `None`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import NoiseInjection

    features = np.ones((2, 4, 4, 3), "float32")
    layer = NoiseInjection(seed=0)
    outputs = ops.convert_to_numpy(layer(features, training=True))
    print(np.allclose(outputs, features))  # the strength starts at 0
    # True
    ```
    """

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        if len(input_shape) != 4 or None in tuple(input_shape[1:3]):
            raise ValueError(
                "NoiseInjection takes (batch, height, width, channels) maps "
                f"of a known height and width; received shape "
                f"{tuple(input_shape)}."
            )
        self.strength = self.add_weight(
            shape=(), initializer="zeros", name="strength"
        )
        self.fixed_noise = self.add_weight(
            shape=(int(input_shape[1]), int(input_shape[2]), 1),
            initializer=keras.initializers.RandomNormal(seed=self.seed),
            trainable=False,
            name="fixed_noise",
        )

    def call(self, inputs, training=False):
        if training:
            shape = ops.shape(inputs)[:3] + (1,)
            noise = keras.random.normal(
                shape, seed=self.seed_generator, dtype=inputs.dtype
            )
        else:
            noise = ops.cast(self.fixed_noise, inputs.dtype)[None]
        return inputs + ops.cast(self.strength, inputs.dtype) * noise

    def get_config(self):
        config = super().get_config()
        config["seed"] = self.seed
        return config
