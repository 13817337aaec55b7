"""A PNG grid of fixed source images beside their translations, per epoch."""

import os

import keras
import numpy as np

from keras_gan_kit.callbacks.first_process import first_process_only
from keras_gan_kit.models import network_checks
from keras_gan_kit.utils.image_grid import save_image_grid


def _grey_to_rgb(images, channels):
    if images.shape[-1] == channels:
        return images
    return np.repeat(images, channels, axis=-1)


def save_translation_grid(path, columns, value_range=(-1.0, 1.0), scale=1):
    """Saves columns of images (sources, translations, targets...) as a
    PNG grid with one row per source, atomically; a grey column beside a
    colour one is drawn in grey RGB."""
    channels = max(column.shape[-1] for column in columns)
    columns = [_grey_to_rgb(column, channels) for column in columns]
    images = np.stack(columns, axis=1).reshape((-1,) + columns[0].shape[1:])
    save_image_grid(
        path,
        images,
        num_columns=len(columns),
        value_range=value_range,
        scale=scale,
    )


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class TranslationGrid(keras.callbacks.Callback):
    """Saves a grid of sources beside their translations every epoch.

    Each row is one fixed source image, its translation and, when given,
    its target (`Pix2Pix`), or its translation and the translation back
    (`CycleGAN`: the round trip, which should return the source). The same
    sources every epoch, so successive grids show the translations
    improving. Files are named after the epoch (`epoch_0007.png`) and
    appear whole or not at all. A grey side beside a colour side is shown
    in grey RGB. Needs Pillow.

    Args:
        directory: Folder for the PNG files.
        sources: Source images, `(n, height, width, channels)`, on the
            training scale; 8 make a readable grid.
        targets: Their targets (`Pix2Pix`), or `None`. Defaults to `None`.
        direction: For `CycleGAN`: `"ab"` or `"ba"`. Defaults to `"ab"`.
        every_n_epochs: Save every this many epochs. Defaults to `1`.
        scale: Enlarge each pixel to a `scale x scale` block, or `"auto"`
            (images under 64 pixels enlarged to at least 64).
            Defaults to `"auto"`.

    Examples:

    ```python
    import numpy as np
    import keras_gan_kit
    from keras_gan_kit import builders

    model = keras_gan_kit.Pix2Pix(
        builders.unet_generator((16, 16, 1), filters=4),
        builders.patchgan_discriminator(
            (16, 16, 1), source_channels=1, filters=4
        ),
    )
    model.compile()
    source = np.random.uniform(-1, 1, (8, 16, 16, 1)).astype("float32")
    grid = keras_gan_kit.callbacks.TranslationGrid(
        "translations", source[:4], targets=-source[:4]
    )
    model.fit(source, -source, batch_size=4, verbose=0, callbacks=[grid])
    import os
    print(sorted(os.listdir("translations")))
    # ['epoch_0001.png']
    ```
    """

    def __init__(
        self,
        directory,
        sources,
        targets=None,
        direction="ab",
        every_n_epochs=1,
        scale="auto",
    ):
        super().__init__()
        self.directory = os.fspath(directory)
        self.sources = np.asarray(sources, dtype="float32")
        self.targets = (
            None if targets is None else np.asarray(targets, "float32")
        )
        if self.sources.ndim != 4 or len(self.sources) == 0:
            raise ValueError(
                "sources must be a non-empty batch of images, (n, height, "
                f"width, channels); received shape {self.sources.shape}."
            )
        if self.targets is not None and len(self.targets) != len(self.sources):
            raise ValueError(
                f"Received {len(self.sources)} sources and "
                f"{len(self.targets)} targets; pass one target per source."
            )
        if direction not in ("ab", "ba"):
            raise ValueError(
                f"direction must be 'ab' or 'ba'; received {direction!r}."
            )
        if isinstance(every_n_epochs, bool) or int(every_n_epochs) < 1:
            raise ValueError(
                "every_n_epochs must be a positive integer; received "
                f"{every_n_epochs!r}."
            )
        self.direction = direction
        self.every_n_epochs = int(every_n_epochs)
        self.scale = scale

    def _columns(self):
        model = self.model
        if not hasattr(model, "translate"):
            raise ValueError(
                "TranslationGrid draws translations of a Pix2Pix or a "
                f"CycleGAN; the model is a {type(model).__name__}. Use "
                "SampleGrid for models that generate from noise."
            )
        if hasattr(model, "generator_ab"):  # CycleGAN: there and back
            back = "ba" if self.direction == "ab" else "ab"
            outputs = model.translate(self.sources, direction=self.direction)
            columns = [self.sources, outputs]
            columns.append(model.translate(outputs, direction=back))
        else:
            columns = [self.sources, model.translate(self.sources)]
        if self.targets is not None:
            columns.append(self.targets)
        return columns

    @first_process_only
    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        value_range = network_checks.output_range(self.model.generator)
        save_translation_grid(
            os.path.join(self.directory, f"epoch_{epoch + 1:04d}.png"),
            self._columns(),
            value_range=value_range or (-1.0, 1.0),
            scale=self.scale,
        )

    def get_config(self):
        return {
            "directory": self.directory,
            "sources": self.sources.tolist(),
            "targets": None if self.targets is None else self.targets.tolist(),
            "direction": self.direction,
            "every_n_epochs": self.every_n_epochs,
            "scale": self.scale,
        }
