"""`StyleMixing`: one style per synthesis layer, and StyleGAN's mixing
regularization."""

import keras
from keras import ops

from keras_gan_kit.layers.arguments import positive_int


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class StyleMixing(keras.layers.Layer):
    """Repeats a style `w` once per synthesis layer, mixing in a second
    style in training.

    Called on `[w, w_mix]` (each `(batch, w_dim)`), it returns
    `(batch, num_styles, w_dim)`. In inference every layer gets `w`. In
    training, with probability `probability` a crossover index `c` is drawn
    uniformly from `1 .. num_styles - 1` for the batch, and the layers from
    `c` on get `w_mix` instead (style mixing regularization, Karras et al.
    2019, kept in StyleGAN2 with probability 0.9): the generator cannot
    rely on neighbouring layers' styles being correlated.

    Args:
        num_styles: Styles the synthesis network takes.
        probability: Probability of mixing a batch. Defaults to `0.9`.
        seed: Seed of the draws. Defaults to `None`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.layers import StyleMixing

    w, w_mix = np.zeros((2, 8), "float32"), np.ones((2, 8), "float32")
    print(tuple(StyleMixing(num_styles=6)([w, w_mix]).shape))
    # (2, 6, 8)
    ```
    """

    def __init__(self, num_styles, probability=0.9, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.num_styles = positive_int("num_styles", num_styles)
        if isinstance(probability, bool) or not 0.0 <= probability <= 1.0:
            raise ValueError(
                "probability must be a number in [0, 1]; received "
                f"{probability!r}. Pass 0 for no mixing."
            )
        self.probability = float(probability)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        w, w_mix = inputs
        repeated = ops.repeat(w[:, None, :], self.num_styles, axis=1)
        if not training or self.probability == 0 or self.num_styles < 2:
            return repeated
        mixing = keras.random.uniform((), seed=self.seed_generator)
        crossover = keras.random.randint(
            (), 1, self.num_styles, seed=self.seed_generator
        )
        crossover = ops.where(
            mixing < self.probability, crossover, self.num_styles
        )
        layer = ops.arange(self.num_styles, dtype="int32")
        first = ops.cast(layer < ops.cast(crossover, "int32"), w.dtype)
        first = first[None, :, None]
        mixed = ops.repeat(w_mix[:, None, :], self.num_styles, axis=1)
        return first * repeated + (1.0 - first) * mixed

    def compute_output_shape(self, input_shape):
        batch, w_dim = input_shape[0]
        return (batch, self.num_styles, w_dim)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_styles": self.num_styles,
                "probability": self.probability,
                "seed": self.seed,
            }
        )
        return config
