"""`StyleTruncation`: the running mean of W and the truncation trick in
W space."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class StyleTruncation(keras.layers.Layer):
    """Tracks the mean style in training; pulls styles towards it in
    inference.

    In training it returns `w` unchanged and moves the running mean
    towards the batch's mean: `mean <- decay * mean + (1 - decay) *
    mean_batch(w)` (StyleGAN2's `w_avg`, `w_avg_beta = 0.995`). In
    inference it returns `mean + psi * (w - mean)` (the truncation trick in
    W space, Karras et al. 2019): `psi = 1` (the default) changes nothing,
    smaller values trade variety for typical, cleaner images. `psi` is a
    variable: `latents.set_style_truncation(generator, psi)` sets it on a
    built generator, without tracing it again.

    Args:
        decay: The running mean's decay per step. Defaults to `0.995`.
        psi: The truncation in inference. Defaults to `1.0`.
        **kwargs: `keras.layers.Layer` arguments.

    Examples:

    ```python
    import numpy as np
    from keras import ops
    from keras_gan_kit.layers import StyleTruncation

    layer = StyleTruncation(psi=0.5)
    w = np.full((2, 4), 2.0, "float32")
    print(ops.convert_to_numpy(layer(w)).tolist()[0])  # the mean starts at 0
    # [1.0, 1.0, 1.0, 1.0]
    ```
    """

    def __init__(self, decay=0.995, psi=1.0, **kwargs):
        super().__init__(**kwargs)
        for name, value in (("decay", decay), ("psi", psi)):
            if isinstance(value, bool) or not 0.0 <= value <= 1.0:
                raise ValueError(
                    f"{name} must be a number in [0, 1]; received {value!r}."
                )
        self.decay = float(decay)
        self.initial_psi = float(psi)

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                "StyleTruncation takes styles of shape (batch, w_dim); "
                f"received shape {tuple(input_shape)}."
            )
        self.average = self.add_weight(
            shape=(int(input_shape[-1]),),
            initializer="zeros",
            trainable=False,
            name="average",
        )
        self.psi = self.add_weight(
            shape=(),
            initializer=keras.initializers.Constant(self.initial_psi),
            trainable=False,
            name="psi",
        )

    def call(self, inputs, training=False):
        average = ops.cast(self.average, inputs.dtype)
        if training:
            batch_mean = ops.mean(ops.cast(inputs, "float32"), axis=0)
            self.average.assign(
                self.decay * self.average + (1.0 - self.decay) * batch_mean
            )
            return inputs
        psi = ops.cast(self.psi, inputs.dtype)
        return average + psi * (inputs - average)

    def get_config(self):
        config = super().get_config()
        config.update({"decay": self.decay, "psi": self.initial_psi})
        return config
