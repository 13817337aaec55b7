"""A grid of samples from a fixed latent batch, saved every N epochs."""

import glob
import os

import keras
import numpy as np

from keras_gan_kit import latents
from keras_gan_kit.backend import tensorflow_utils
from keras_gan_kit.callbacks.first_process import first_process_only
from keras_gan_kit.class_interpolation import interpolate_classes
from keras_gan_kit.models import network_checks
from keras_gan_kit.utils.arrays import check_num_samples
from keras_gan_kit.utils.image_grid import resolve_scale
from keras_gan_kit.utils.image_grid import save_gif
from keras_gan_kit.utils.image_grid import save_image_grid


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class SampleGrid(keras.callbacks.Callback):
    """Saves a PNG grid of generated images every `every_n_epochs` epochs.

    The latents are fixed (drawn from `seed`), so successive grids show the
    same samples improving. For a `ConditionalGAN` the grid has one row per
    class. Images are rescaled from the generator's output range (read from
    its last activation: tanh gives [-1, 1]); grayscale and RGB both work.
    Files are named after the epoch (`epoch_0007.png`), so a run resumed by
    `BackupAndRestore` continues the numbering, and each appears whole or
    not at all. Optionally writes an animated GIF of every grid in the
    folder when training ends, and the grids to TensorBoard (needs
    TensorFlow). Needs Pillow.

    Args:
        directory: Folder for the PNG files.
        every_n_epochs: Save every this many epochs. Defaults to `1`.
        num_samples: Images per grid (a `ConditionalGAN` rounds it down to
            a multiple of its classes). Defaults to `64`.
        seed: Seed of the fixed latents. Defaults to `0`.
        use_ema: Sample from the EMA generator when one is attached
            (`None`), always (`True`) or never (`False`). Defaults to `None`.
        gif: Also write `samples.gif` at the end of training.
            Defaults to `False`.
        tensorboard_dir: A `keras.callbacks.TensorBoard` log folder to
            write the grids to as images. Defaults to `None`.
        scale: Enlarge each pixel of the PNG to a `scale x scale` block,
            or `"auto"` (images under 64 pixels enlarged to at least 64:
            28-pixel digits 3x). Defaults to `1`.
        interpolate: Make each row a spherical walk between two fixed
            latents (`keras_gan_kit.latents.interpolate`): square grids of
            walks for a `GAN`, one row per class on one shared walk for a
            `ConditionalGAN`. Defaults to `False`.
        interpolate_classes: A pair of classes `(a, b)` of a
            `ConditionalGAN`: each row a fixed latent morphing from class
            `a` into class `b` in 8 steps
            (`class_interpolation.interpolate_classes`). Defaults to `None`.

    Examples:

    ```python
    import keras_gan_kit

    grids = keras_gan_kit.callbacks.SampleGrid("samples", num_samples=16)
    print(grids.get_config()["num_samples"])
    # 16
    ```
    """

    def __init__(
        self,
        directory,
        every_n_epochs=1,
        num_samples=64,
        seed=0,
        use_ema=None,
        gif=False,
        tensorboard_dir=None,
        scale=1,
        interpolate=False,
        interpolate_classes=None,
    ):
        super().__init__()
        if scale != "auto":
            resolve_scale(scale, (1, 1))
        if int(every_n_epochs) < 1:
            raise ValueError(
                f"every_n_epochs must be >= 1; received {every_n_epochs}."
            )
        check_num_samples(num_samples)
        self.directory = os.fspath(directory)
        self.every_n_epochs = int(every_n_epochs)
        self.num_samples = int(num_samples)
        self.seed = seed
        self.use_ema = use_ema
        self.gif = gif
        self.tensorboard_dir = tensorboard_dir
        self.scale = scale
        self.interpolate = bool(interpolate)
        if interpolate_classes is not None:
            pair = tuple(interpolate_classes)
            if len(pair) != 2 or not all(
                isinstance(c, int | np.integer) and not isinstance(c, bool)
                for c in pair
            ):
                raise ValueError(
                    "interpolate_classes must be a pair of class indices "
                    f"such as (5, 7); received {interpolate_classes!r}."
                )
            interpolate_classes = [int(c) for c in pair]
        self.interpolate_classes = interpolate_classes

    def on_train_begin(self, logs=None):
        if self.interpolate_classes and not hasattr(
            self.model, "generate_grid"
        ):
            raise ValueError(
                "SampleGrid(interpolate_classes=...) morphs between the "
                "classes of a ConditionalGAN; this model is a "
                f"{type(self.model).__name__}. Use interpolate=True for "
                "latent walks."
            )

    def _walks(self, rows, steps):
        """`rows` spherical walks of `steps` latents between fixed ends."""
        ends = self.model.sample_latent(2 * rows, seed=self.seed)
        return latents.latent_walks(ends, steps)

    def _grid_images(self):
        model = self.model
        if self.interpolate_classes:
            steps = 8
            rows = max(1, self.num_samples // steps)
            generator = (
                model.generator
                if self.use_ema is False
                else model.sampling_generator()
            )
            images = interpolate_classes(
                generator,
                *self.interpolate_classes,
                model.sample_latent(rows, seed=self.seed),
                steps,
            )
            return images, steps
        if self.interpolate:
            if hasattr(model, "generate_grid"):
                steps = max(2, self.num_samples // model.num_classes)
                walk = self._walks(1, steps)
                images = model.generate(
                    labels=np.repeat(np.arange(model.num_classes), steps),
                    latent=np.tile(walk, (model.num_classes, 1)),
                    use_ema=self.use_ema,
                )
                return images, steps
            steps = max(2, int(np.ceil(np.sqrt(self.num_samples))))
            walks = self._walks(steps, steps)
            return model.generate(latent=walks, use_ema=self.use_ema), steps
        if hasattr(model, "generate_grid"):
            per_class = max(1, self.num_samples // model.num_classes)
            grid = model.generate_grid(
                per_class, seed=self.seed, use_ema=self.use_ema
            )
            return grid.reshape((-1,) + grid.shape[2:]), per_class
        latent = model.sample_latent(self.num_samples, seed=self.seed)
        images = model.generate(latent=latent, use_ema=self.use_ema)
        return images, int(np.ceil(np.sqrt(self.num_samples)))

    @first_process_only
    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        images, columns = self._grid_images()
        value_range = network_checks.output_range(self.model.generator)
        grid = save_image_grid(
            os.path.join(self.directory, f"epoch_{epoch + 1:04d}.png"),
            images,
            num_columns=columns,
            value_range=value_range or (-1.0, 1.0),
            scale=self.scale,
        )
        if self.tensorboard_dir:
            tensorflow_utils.write_tensorboard_image(
                self.tensorboard_dir, grid, epoch + 1
            )

    @first_process_only
    def on_train_end(self, logs=None):
        if self.gif:
            write_gif(self.directory)

    def get_config(self):
        return {
            "directory": self.directory,
            "every_n_epochs": self.every_n_epochs,
            "num_samples": self.num_samples,
            "seed": self.seed,
            "use_ema": self.use_ema,
            "gif": self.gif,
            "tensorboard_dir": self.tensorboard_dir,
            "scale": self.scale,
            "interpolate": self.interpolate,
            "interpolate_classes": self.interpolate_classes,
        }


def write_gif(directory, duration_ms=300):
    """Writes `samples.gif` from every `epoch_*.png` grid in `directory`.

    Args:
        directory: The folder of a `SampleGrid`.
        duration_ms: Milliseconds per frame. Defaults to `300`.

    Returns:
        The path of the GIF, or `None` when the folder has no grid.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.callbacks import write_gif
    from keras_gan_kit.utils import save_image_grid

    for epoch in (1, 2):
        save_image_grid(f"grids/epoch_{epoch:04d}.png", np.zeros((4, 8, 8, 1)))
    print(write_gif("grids"))
    # grids/samples.gif
    ```
    """
    from PIL import Image

    paths = sorted(glob.glob(os.path.join(directory, "epoch_*.png")))
    if not paths:
        return None
    frames = [Image.open(path).convert("RGB") for path in paths]
    target = os.path.join(directory, "samples.gif")
    save_gif(target, frames, duration_ms)
    return target
