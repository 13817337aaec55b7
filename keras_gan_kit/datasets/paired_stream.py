"""`PairedFolderStream`: pairs of a translation folder decoded batch by
batch, for paired datasets that do not fit in memory."""

import os

import numpy as np

from keras_gan_kit.datasets.batches import ShuffledBatches
from keras_gan_kit.datasets.image_stream import center_box
from keras_gan_kit.datasets.pictures import check_image_size
from keras_gan_kit.datasets.pictures import image_files
from keras_gan_kit.datasets.pictures import pillow
from keras_gan_kit.datasets.pictures import read_pixels
from keras_gan_kit.datasets.translation_folders import LAYOUTS
from keras_gan_kit.datasets.translation_folders import existing_folder
from keras_gan_kit.datasets.translation_folders import matched_names


class PairedFolderStream(ShuffledBatches):
    """(source, target) batches decoded from a paired folder on the fly.

    The streamed counterpart of `paired_folder`, for paired datasets too
    large to decode into memory: only the file names are kept. Each pair
    is read when its batch is asked for (by `fit`'s worker threads), both
    images center-cropped by the same box to the aspect of `image_size`,
    resized and scaled to [-1, 1]. Epoch `e` reads the pairs in the
    permutation drawn from `(seed, e)`, so a resumed run sees the batches
    an uninterrupted one would: pass `stream.epoch_callback()` and
    `shuffle=False` to `fit`.

    Args:
        path: The folder of side-by-side `AB` pictures, or the folder
            holding `A/` and `B/`.
        image_size: `(height, width)` or a side, required.
        layout: `"side_by_side"` or `"two_folders"`, as in
            `paired_folder`. Defaults to `"side_by_side"`.
        batch_size: Pairs per batch. Defaults to `64`.
        seed: Seed of the per-epoch order. Defaults to `0`.
        grayscale: One channel (`True`) or three on both sides.
            Defaults to `False`.
        workers: Decoding threads; `None` for one per CPU core.
            Defaults to `None`.
        drop_remainder: Drop the last, smaller batch. Defaults to `True`.

    Examples:

    ```python
    import os
    import numpy as np
    from PIL import Image
    from keras_gan_kit.datasets import PairedFolderStream

    os.makedirs("facades", exist_ok=True)
    for k in range(4):
        pair = np.zeros((30, 60, 3), dtype="uint8")
        pair[:, 30:] = 50 * k  # the target, on the right
        Image.fromarray(pair).save(f"facades/{k}.png")
    stream = PairedFolderStream("facades", image_size=16, batch_size=2)
    sources, targets = stream[0]
    print(len(stream), sources.shape, targets.shape)
    # 2 (2, 16, 16, 3) (2, 16, 16, 3)
    ```

    With a `Pix2Pix`: `model.fit(stream, epochs=10, shuffle=False,
    callbacks=[stream.epoch_callback()])`.
    """

    def __init__(
        self,
        path,
        image_size,
        layout="side_by_side",
        batch_size=64,
        seed=0,
        grayscale=False,
        workers=None,
        drop_remainder=True,
    ):
        size = check_image_size(image_size)
        if size is None:
            raise ValueError(
                "PairedFolderStream needs image_size (a side or (height, "
                "width)); received None. Streamed pairs are resized as "
                "they are read, so the size must be known up front."
            )
        if layout not in LAYOUTS:
            raise ValueError(
                f"layout must be one of {LAYOUTS}; received {layout!r}."
            )
        path = existing_folder(path)
        if layout == "side_by_side":
            names = image_files(path)
            files = [(os.path.join(path, name),) for name in names]
        else:
            names = matched_names(path)
            files = [
                (os.path.join(path, "A", name), os.path.join(path, "B", name))
                for name in names
            ]
        if not files:
            raise ValueError(f"No image files in {path!r}.")
        workers = (os.cpu_count() or 1) if workers is None else int(workers)
        super().__init__(
            np.asarray(files),
            batch_size=batch_size,
            seed=seed,
            drop_remainder=drop_remainder,
            workers=workers,
            use_multiprocessing=False,
        )
        self.path = path
        self.layout = layout
        self.image_size = size
        self.grayscale = bool(grayscale)
        self._pil_image = pillow()

    @property
    def image_shape(self):
        """`(height, width, channels)` of the sources and the targets."""
        return self.image_size + (1 if self.grayscale else 3,)

    def _prepare(self, picture, box, file_path):
        pixels = read_pixels(
            self._pil_image,
            picture.crop(box),
            file_path,
            self.grayscale,
            self.image_size,
        )
        return pixels.reshape(self.image_shape)

    def read_pair(self, index):
        """Pair `index` (in file-name order) as uint8 pixels `(source,
        target)`, each of `image_shape`."""
        paths = [str(path) for path in self.images[index]]
        height, width = self.image_size
        try:
            if self.layout == "side_by_side":
                with self._pil_image.open(paths[0]) as picture:
                    picture.load()
                    half = picture.size[0] // 2
                    halves = [
                        picture.crop((0, 0, half, picture.size[1])),
                        picture.crop((half, 0, 2 * half, picture.size[1])),
                    ]
                pictures = halves
            else:
                pictures = []
                for path in paths:
                    with self._pil_image.open(path) as picture:
                        picture.load()
                        pictures.append(picture.copy())
        except OSError as error:
            raise ValueError(
                f"Could not read {paths[0]!r} ({error}); remove or replace "
                "the file."
            ) from None
        if pictures[0].size != pictures[1].size:
            raise ValueError(
                f"The source {paths[0]!r} is {pictures[0].size[0]}x"
                f"{pictures[0].size[1]} and its target {paths[-1]!r} "
                f"{pictures[1].size[0]}x{pictures[1].size[1]}; a source "
                "and its target must have one size, so one crop fits both."
            )
        box = center_box(*pictures[0].size, width / height)
        return tuple(
            self._prepare(picture, box, path)
            for picture, path in zip(pictures, [paths[0], paths[-1]])
        )

    def _gather(self, rows):
        sources, targets = zip(*(self.read_pair(row) for row in rows))
        return tuple(
            np.stack(images).astype("float32") / 127.5 - 1.0
            for images in (sources, targets)
        )
