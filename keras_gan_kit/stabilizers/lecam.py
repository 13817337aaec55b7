"""The LeCam regularizer: the discriminator's predictions held near the
moving averages of its opposite predictions."""

import keras
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.stabilizers.base import Stabilizer
from keras_gan_kit.stabilizers.base import register_stabilizer


@register_stabilizer("lecam")
class LeCamRegularizer(keras.layers.Layer, Stabilizer):
    """LeCam regularization of the discriminator (Tseng et al. 2021).

    Keeps exponential moving averages `a_real` and `a_fake` of the
    discriminator's mean logit on real and on generated images, and adds

    `weight * (E[relu(D(x) - a_fake)^2] + E[relu(a_real - D(G(z)))^2])`

    to the discriminator's loss: real logits are pulled toward the average
    generated logit and generated logits toward the average real one, which
    keeps the discriminator from becoming overconfident when data is scarce.
    The paper's formulation and its `relu` follow its official code
    ([Tseng et al. 2021](https://arxiv.org/abs/2104.03310)); `weight` 0.01
    to 0.3 is the paper's range. The averages are non-trainable weights of
    the GAN: they live inside the compiled step on every backend, and are
    saved and restored with the model. The term is logged as `lecam`.

    Args:
        weight: Multiplier of the term. Defaults to `0.1`.
        decay: Decay of the moving averages. Defaults to `0.99`.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import stabilizers
    from keras_gan_kit.stabilizers import DiscriminatorBatch

    lecam = stabilizers.LeCamRegularizer(weight=1.0, decay=0.0)
    batch = DiscriminatorBatch(
        None, None, np.array([[2.0], [0.0]]), np.array([[-1.0], [1.0]]), None
    )
    term, logs = lecam.discriminator_loss(None, batch)
    # a_real = 1, a_fake = 0: relu([2, 0] - 0)^2 -> 2, relu(1 - [-1, 1])^2 -> 2
    print(float(term))
    # 4.0
    ```
    """

    log_names = ("lecam",)

    def __init__(self, weight=0.1, decay=0.99, **kwargs):
        super().__init__(**kwargs)
        if isinstance(weight, bool) or not float(weight) > 0:
            raise ValueError(
                f"weight must be a number > 0; received weight={weight!r}. "
                "The paper uses 0.01 to 0.3."
            )
        if not 0.0 <= float(decay) < 1.0:
            raise ValueError(
                f"decay must be in [0, 1); received decay={decay!r}. The "
                "paper uses 0.99."
            )
        self.weight = float(weight)
        self.decay = float(decay)
        self.real_average, self.fake_average = (
            self.add_weight(
                shape=(),
                initializer="zeros",
                trainable=False,
                name=name,
                dtype="float32",
            )
            for name in ("real_average", "fake_average")
        )
        self.built = True

    def _move(self, average, logits):
        # The whole batch's mean where replicas each hold a slice.
        mean = backend.current.cross_replica_mean(
            ops.stop_gradient(ops.mean(logits))
        )
        value = self.decay * average.value + (1.0 - self.decay) * mean
        average.assign(value)
        return value

    def discriminator_loss(self, gan, batch):
        del gan
        real_logits = ops.cast(batch.real_logits, "float32")
        fake_logits = ops.cast(batch.fake_logits, "float32")
        real_average = self._move(self.real_average, real_logits)
        fake_average = self._move(self.fake_average, fake_logits)
        value = ops.mean(ops.square(ops.relu(real_logits - fake_average)))
        value = value + ops.mean(
            ops.square(ops.relu(real_average - fake_logits))
        )
        return self.weight * value, {"lecam": value}

    def get_config(self):
        config = super().get_config()
        config.update({"weight": self.weight, "decay": self.decay})
        return config


__all__ = ["LeCamRegularizer"]
