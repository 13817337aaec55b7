"""What the image-to-image models (`Pix2Pix`, `CycleGAN`) share: no latent
vectors, translation through a network in inference mode, their loss
weights and their L1 terms."""

import numpy as np
from keras import ops

from keras_gan_kit.models import data_checks
from keras_gan_kit.models.gan import GAN
from keras_gan_kit.utils.portable import save_portable


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

    # The directions a model translates in.
    directions = ("ab",)

    def check_direction(self, direction):
        if direction not in self.directions:
            raise ValueError(
                f"{type(self).__name__} translates in the directions "
                f"{self.directions} ('ab': source to target); received "
                f"direction={direction!r}."
            )

    def translator(self, direction="ab", use_ema=None):
        """The network that translates in `direction` (`"ab"`, or `"ba"`
        for `CycleGAN`), the EMA copy when `use_ema` (`None`: when
        attached)."""
        self.check_direction(direction)
        return self.sampling_generator(use_ema)

    def save_translator(self, path, direction="ab", use_ema=None):
        """Writes the translator of `direction` to a `.keras` file that
        loads with `keras.saving.load_model(path, safe_mode=True)` in a
        process without keras_gan_kit and gives the same images; written
        whole or not at all.

        Args:
            path: The `.keras` file.
            direction: `"ab"`, or `"ba"` for `CycleGAN`. Defaults to
                `"ab"`.
            use_ema: As in `translator`. Defaults to `None`.

        Examples:

        ```python
        import keras
        import keras_gan_kit

        model = keras_gan_kit.CycleGAN.from_preset(
            "cyclegan_sneaker2boot", pretrained=True
        )
        model.save_translator("boot_to_sneaker.keras", direction="ba")
        translator = keras.saving.load_model("boot_to_sneaker.keras")
        print(translator.name, translator.output_shape)
        # b_to_a (None, 32, 32, 1)
        ```
        """
        save_portable(self.translator(direction, use_ema), path)

    def get_config(self):
        config = super().get_config()
        for key in ("latent_dim", "latent_distribution"):
            config.pop(key)
        return config
