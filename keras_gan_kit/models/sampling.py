"""Sampling from a trained `GAN`: latents, images and the
discriminator's verdict, in inference mode, with NumPy's random numbers
(never training's)."""

import numpy as np

from keras_gan_kit.models import data_checks
from keras_gan_kit.utils.portable import save_portable
from keras_gan_kit.utils.sampling import draw_latent


class Sampling:
    """`generate` and its helpers (a part of `GAN`)."""

    def sample_latent(self, num_samples, seed=None):
        """Draws latent vectors from the latent distribution with NumPy.

        Args:
            num_samples: Number of vectors.
            seed: An integer for a reproducible batch (the same on every
                backend); `None` uses NumPy's global generator, which
                `keras.utils.set_random_seed` seeds. Defaults to `None`.

        Returns:
            A float32 NumPy array of shape `(num_samples, latent_dim)`.
        """
        return draw_latent(
            num_samples, self.latent_dim, self.latent_distribution, seed
        )

    def generate(
        self,
        num_samples=None,
        latent=None,
        batch_size=None,
        seed=None,
        use_ema=None,
    ):
        """Generates images with the generator in inference mode.

        With a generator EMA attached (`GeneratorEMA`,
        `enable_generator_ema`), the averaged generator draws the images
        unless `use_ema=False`.

        Args:
            num_samples: Number of images, when `latent` is not given.
                Defaults to `None`.
            latent: Latent vectors of shape `(n, latent_dim)`.
                Defaults to `None`.
            batch_size: Images per forward pass. Defaults to `None` (128).
            seed: Seed of the latents when `latent` is not given.
                Defaults to `None`.
            use_ema: Use the EMA generator (`None`: when one is attached).
                Defaults to `None`.

        Returns:
            A NumPy array of images in the generator's output range.
        """
        if latent is None:
            if num_samples is None:
                raise ValueError(
                    "generate() needs num_samples or latent; received "
                    "neither. Pass for example gan.generate(16)."
                )
            latent = self.sample_latent(num_samples, seed=seed)
        else:
            latent = data_checks.check_latent(
                latent, self.latent_dim, num_samples
            )
        images = self.sampling_generator(use_ema).predict(
            latent, batch_size=batch_size or 128, verbose=0
        )
        return np.asarray(images)

    def discriminator_logits(self, images, labels=None, batch_size=None):
        """The discriminator's logits in inference mode, one per image.

        Args:
            images: A batch of images.
            labels: Ignored by `GAN`; class labels for `ConditionalGAN`.
            batch_size: Images per forward pass. Defaults to `None` (128).

        Returns:
            A float NumPy array of shape `(n,)` (the mean over a map of
            logits for patch discriminators).
        """
        del labels
        outputs = self.discriminator.predict(
            images, batch_size=batch_size or 128, verbose=0
        )
        return np.asarray(outputs).reshape(len(images), -1).mean(axis=1)

    def sampling_generator(self, use_ema=None):
        """The generator that sampling uses: the EMA one when attached
        (unless `use_ema=False`), else the trained one."""
        if use_ema and self.ema_generator is None:
            raise ValueError(
                "use_ema=True but no generator EMA is attached. Add the "
                "keras_gan_kit.callbacks.GeneratorEMA callback to fit(), or "
                "call gan.enable_generator_ema()."
            )
        if self.ema_generator is not None and use_ema is not False:
            return self.ema_generator
        return self.generator

    def save_generator(self, path, use_ema=None):
        """Writes the sampling generator to a `.keras` file that loads with
        plain Keras.

        The file is written whole or not at all, and loads with
        `keras.saving.load_model(path, safe_mode=True)` in a process
        without keras_gan_kit, giving the same images: the package's own
        layers (residual blocks, self-attention, conditional batch norm)
        are written as the standard layers they compute
        (`utils.portable_model`).

        Args:
            path: The `.keras` file.
            use_ema: As in `sampling_generator`. Defaults to `None`.

        Examples:

        ```python
        import keras
        import keras_gan_kit

        generator = keras.Sequential(
            [keras.Input((8,)), keras.layers.Dense(16, activation="tanh")]
        )
        discriminator = keras.Sequential(
            [keras.Input((16,)), keras.layers.Dense(1)]
        )
        gan = keras_gan_kit.GAN(generator, discriminator)
        gan.save_generator("generator.keras")
        print(keras.saving.load_model("generator.keras").output_shape)
        # (None, 16)
        ```
        """
        save_portable(self.sampling_generator(use_ema), path)
