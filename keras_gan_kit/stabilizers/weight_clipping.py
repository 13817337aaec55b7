"""Weight clipping: the Lipschitz constraint of the original WGAN."""

from keras import ops

from keras_gan_kit.stabilizers.base import Stabilizer
from keras_gan_kit.stabilizers.base import register_stabilizer


@register_stabilizer("weight_clipping")
class WeightClipping(Stabilizer):
    """Clips every trainable weight of the critic to `[-c, c]` after each
    of its updates (Arjovsky et al. 2017, https://arxiv.org/abs/1701.07875).

    The paper's recipe: `loss="wasserstein"`, `clip_value=0.01`,
    `discriminator_steps=5`, `RMSprop(5e-5)` for both networks. WGAN-GP
    replaced it because clipping wastes capacity; it is here for
    reproducing the paper.

    Args:
        clip_value: `c`. Defaults to `0.01`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.stabilizers import WeightClipping

    clip = WeightClipping(0.01)
    print(np.asarray(clip([np.array([-1.0, 0.005, 2.0])])[0]))
    # [-0.01   0.005  0.01 ]
    ```
    """

    def __init__(self, clip_value=0.01):
        if float(clip_value) <= 0:
            raise ValueError(
                f"clip_value must be > 0; received {clip_value}. The WGAN "
                "paper uses 0.01."
            )
        self.clip_value = float(clip_value)

    def __call__(self, values):
        """Clipped copies of a list of weight values."""
        return [
            ops.clip(value, -self.clip_value, self.clip_value)
            for value in values
        ]

    def after_discriminator_update(self, gan):
        variables = gan.discriminator.trainable_variables
        for variable, value in zip(variables, self(variables)):
            variable.assign(value)

    def get_config(self):
        return {"clip_value": self.clip_value}


__all__ = ["WeightClipping"]
