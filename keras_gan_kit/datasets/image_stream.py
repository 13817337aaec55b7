"""`ImageFolderStream`: a folder of images decoded batch by batch, for
datasets that do not fit in memory."""

import os
import threading
import warnings

import numpy as np

from keras_gan_kit.datasets.batches import ShuffledBatches
from keras_gan_kit.datasets.pictures import check_image_size
from keras_gan_kit.datasets.pictures import list_image_files
from keras_gan_kit.datasets.pictures import pillow
from keras_gan_kit.datasets.pictures import read_pixels


def center_box(width, height, aspect):
    """The largest centred `(left, top, right, bottom)` box of a
    `width x height` picture with `width / height == aspect`."""
    if width / height > aspect:
        crop = max(1, round(height * aspect))
        left = (width - crop) // 2
        return (left, 0, left + crop, height)
    crop = max(1, round(width / aspect))
    top = (height - crop) // 2
    return (0, top, width, top + crop)


class ImageFolderStream(ShuffledBatches):
    """Batches decoded from a folder on the fly, in a seeded order.

    For folders too large for `image_folder`, which decodes everything into
    memory: only the file list is kept. Each batch is read by a pool of
    worker threads (Pillow decodes and resizes outside Python's lock), each
    picture center-cropped to the aspect of `image_size`, resized, and
    scaled to [-1, 1]; JPEGs are decoded at a reduced scale where that
    still covers `image_size`. Epoch `e` reads the files in the
    permutation drawn from `(seed, e)`, as `ShuffledBatches` does, so a
    resumed run sees the batches an uninterrupted one would: pass
    `stream.epoch_callback()` and `shuffle=False` to `fit`. It is a
    `keras.utils.PyDataset`, which `fit` takes on every backend.

    A file that does not decode is replaced by the next readable file of
    the folder (so every batch stays full and the same for a given seed),
    counted in `skipped` and reported once in a warning.

    Args:
        path: The folder: flat, or one sub-folder per class (labels are
            their positions among the sorted names, or in `class_names`).
        image_size: `(height, width)` or a side, required.
        batch_size: Images per batch. Defaults to `64`.
        seed: Seed of the per-epoch order. Defaults to `0`.
        grayscale: One channel (`True`) or three (`False`).
            Defaults to `False`.
        class_names: The class sub-folders to read, in label order; `None`
            reads them all. Defaults to `None`.
        workers: Decoding threads; `None` for one per CPU core.
            Defaults to `None`.
        drop_remainder: Drop the last, smaller batch. Defaults to `True`.
        return_labels: Give `(images, labels)` batches where the folder
            has class sub-folders (`False`: images only, for an
            unconditional GAN). Defaults to `True`.
        max_queue_size: Batches decoded ahead. Defaults to `4`.

    Examples:

    ```python
    import os
    import numpy as np
    from PIL import Image
    from keras_gan_kit.datasets import ImageFolderStream

    os.makedirs("photos", exist_ok=True)
    for k in range(6):
        pixels = np.full((40, 60, 3), 40 * k, dtype="uint8")
        Image.fromarray(pixels).save(f"photos/{k}.jpg")
    stream = ImageFolderStream("photos", image_size=16, batch_size=4)
    print(len(stream), stream[0].shape, stream.skipped)
    # 1 (4, 16, 16, 3) []
    ```

    With a GAN: `gan.fit(stream, epochs=10, shuffle=False,
    callbacks=[stream.epoch_callback()])`.
    """

    def __init__(
        self,
        path,
        image_size,
        batch_size=64,
        seed=0,
        grayscale=False,
        class_names=None,
        workers=None,
        drop_remainder=True,
        return_labels=True,
        max_queue_size=4,
    ):
        size = check_image_size(image_size)
        if size is None:
            raise ValueError(
                "ImageFolderStream needs image_size (a side or (height, "
                "width)); received None. Streamed images are resized as "
                "they are read, so the size must be known up front."
            )
        path, class_names, files = list_image_files(path, class_names)
        if not files:
            raise ValueError(
                f"No image files under {path!r}; expected files ending in "
                ".png, .jpg, .jpeg, .bmp, .gif, .webp or .tif (in class "
                "sub-folders, or directly in the folder)."
            )
        workers = (os.cpu_count() or 1) if workers is None else int(workers)
        labels = (
            np.asarray([label for _, label in files], "int32")
            if class_names and return_labels
            else None
        )
        super().__init__(
            np.asarray([file_path for file_path, _ in files]),
            labels,
            batch_size=batch_size,
            seed=seed,
            drop_remainder=drop_remainder,
            workers=workers,
            use_multiprocessing=False,
            max_queue_size=max_queue_size,
        )
        self.path = path
        self.image_size = size
        self.grayscale = bool(grayscale)
        self.class_names = class_names
        self._pil_image = pillow()
        self._skipped = set()
        self._lock = threading.Lock()

    @property
    def image_shape(self):
        """`(height, width, channels)` of the images."""
        return self.image_size + (1 if self.grayscale else 3,)

    @property
    def skipped(self):
        """The files found unreadable so far, sorted."""
        with self._lock:
            return sorted(self._skipped)

    def read(self, file_path):
        """One picture as uint8 pixels of `image_shape`, or `None` when it
        does not decode."""
        height, width = self.image_size
        try:
            with self._pil_image.open(file_path) as picture:
                if picture.format == "JPEG":
                    # Decode at the smallest power-of-two reduction that
                    # still covers the crop at twice the target size (the
                    # margin keeps the crop's edges sharp).
                    scale = (
                        min(picture.size[0] / width, picture.size[1] / height)
                        / 2.0
                    )
                    picture.draft(
                        "L" if self.grayscale else "RGB",
                        (
                            max(1, int(picture.size[0] / scale)),
                            max(1, int(picture.size[1] / scale)),
                        ),
                    )
                box = center_box(*picture.size, width / height)
                pixels = read_pixels(
                    self._pil_image,
                    picture.crop(box),
                    file_path,
                    self.grayscale,
                    self.image_size,
                )
        except (OSError, ValueError, SyntaxError):
            return None
        return pixels.reshape(self.image_shape)

    def _read_or_replace(self, row):
        for offset in range(len(self.images)):
            candidate = (row + offset) % len(self.images)
            file_path = str(self.images[candidate])
            pixels = self.read(file_path)
            if pixels is not None:
                return pixels, candidate
            self._report(file_path)
        raise ValueError(
            f"No file under {self.path!r} decodes as an image "
            f"({len(self.images)} tried)."
        )

    def _report(self, file_path):
        with self._lock:
            if file_path in self._skipped:
                return
            self._skipped.add(file_path)
            count = len(self._skipped)
        warnings.warn(
            f"Skipped an unreadable file, {file_path!r} ({count} under "
            f"{self.path!r} so far; each is replaced by the next readable "
            "file).",
            stacklevel=2,
        )

    def _gather(self, rows):
        pixels, read = zip(*(self._read_or_replace(row) for row in rows))
        images = np.stack(pixels).astype("float32") / 127.5 - 1.0
        if self.labels is None:
            return images
        # A replacement keeps its own label.
        return images, self.labels[list(read)]
