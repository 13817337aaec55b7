"""Instance noise: Gaussian noise on the discriminator's inputs."""

import keras
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.stabilizers.base import Stabilizer
from keras_gan_kit.stabilizers.base import register_stabilizer


@register_stabilizer("instance_noise")
class InstanceNoise(keras.layers.Layer, Stabilizer):
    """Adds `N(0, sigma^2)` noise to every image the discriminator sees.

    Noise makes the real and generated distributions overlap, so the
    discriminator cannot separate them perfectly early in training
    (Sønderby et al. 2016, https://arxiv.org/abs/1610.04490; Arjovsky and
    Bottou 2017). `sigma` falls linearly from `stddev` to 0 over
    `anneal_steps` discriminator steps (constant when `anneal_steps` is
    `None`); the step count is the discriminator optimizer's, so a resumed
    run continues the schedule.

    Args:
        stddev: Noise standard deviation at step 0. Defaults to `0.1`.
        anneal_steps: Discriminator steps to reach 0. Defaults to `None`.
        seed: Seed of the noise. Defaults to `None`.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Examples:

    ```python
    from keras_gan_kit.stabilizers import InstanceNoise

    noise = InstanceNoise(stddev=0.2, anneal_steps=1000)
    print(round(float(noise.stddev_at(500)), 4))
    # 0.1
    ```
    """

    def __init__(self, stddev=0.1, anneal_steps=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if float(stddev) <= 0:
            raise ValueError(f"stddev must be > 0; received {stddev}.")
        if anneal_steps is not None and int(anneal_steps) < 1:
            raise ValueError(
                f"anneal_steps must be >= 1 or None; received {anneal_steps}."
            )
        self.stddev = float(stddev)
        self.anneal_steps = None if anneal_steps is None else int(anneal_steps)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.built = True  # no weights that depend on the input shape

    def stddev_at(self, step):
        """`sigma` at a discriminator step."""
        if self.anneal_steps is None:
            return ops.convert_to_tensor(self.stddev, "float32")
        progress = ops.cast(step, "float32") / float(self.anneal_steps)
        return self.stddev * ops.maximum(1.0 - progress, 0.0)

    def transform_discriminator_inputs(self, images, gan):
        return self(images, step=gan.d_optimizer.iterations)

    def call(self, images, step=0):
        sigma = ops.cast(self.stddev_at(step), images.dtype)
        # Replicas that each judge a slice draw one device's noise for it.
        noise = backend.current.replica_random(
            lambda shape: keras.random.normal(
                shape, seed=self.seed_generator, dtype=images.dtype
            ),
            ops.shape(images),
        )
        return images + sigma * noise

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "stddev": self.stddev,
                "anneal_steps": self.anneal_steps,
                "seed": self.seed,
            }
        )
        return config


__all__ = ["InstanceNoise"]
