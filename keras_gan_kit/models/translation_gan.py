"""What the image-to-image models (`Pix2Pix`, `CycleGAN`) share: no latent
vectors, translation through a network in inference mode, their loss
weights and their L1 terms."""

import numpy as np
from keras import ops

from keras_gan_kit.models import data_checks
from keras_gan_kit.models.gan import GAN


def check_weight(name, value, hint):
    """Refuses a loss weight that is not a finite number >= 0; returns it
    as a float. `hint` says what the paper uses."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | np.number)
        or not np.isfinite(value)
        or value < 0
    ):
        raise ValueError(
            f"{name} must be a finite number >= 0; received {value!r}. {hint}"
        )
    return float(value)


def mean_absolute_difference(images, references):
    """The L1 term of a translation loss, in float32."""
    return ops.mean(
        ops.abs(ops.cast(images, "float32") - ops.cast(references, "float32"))
    )


class TranslationGAN(GAN):
    """A `GAN` whose generator translates images instead of drawing them
    from noise (the part `Pix2Pix` and `CycleGAN` share)."""

    # How a user calls `translate`, for the messages.
    translate_call = "model.translate(images)"

    def translate_with(self, network, images, batch_size=None):
        """`network`'s outputs on `images` in inference mode, as NumPy,
        after checking the images against its input."""
        images = np.asarray(images, dtype="float32")
        data_checks.check_images(images, tuple(network.inputs[0].shape), None)
        outputs = network.predict(
            images, batch_size=batch_size or 128, verbose=0
        )
        return np.asarray(outputs)

    def generate(self, *args, **kwargs):
        raise ValueError(
            f"{type(self).__name__} translates images and draws none from "
            f"noise; it has no generate(). Call {self.translate_call}."
        )

    def sample_latent(self, *args, **kwargs):
        raise ValueError(
            f"{type(self).__name__} has no latent vectors: its inputs are "
            f"images. Call {self.translate_call}."
        )

    def get_config(self):
        config = super().get_config()
        for key in ("latent_dim", "latent_distribution"):
            config.pop(key)
        return config
