"""Any folder of images, flat or with one sub-folder per class."""

import warnings

import numpy as np

from keras_gan_kit.datasets.image_stream import ImageFolderStream
from keras_gan_kit.datasets.pictures import GRAYSCALE_MODES
from keras_gan_kit.datasets.pictures import IMAGE_EXTENSIONS
from keras_gan_kit.datasets.pictures import check_image_size
from keras_gan_kit.datasets.pictures import list_image_files
from keras_gan_kit.datasets.pictures import pillow
from keras_gan_kit.datasets.pictures import read_pixels
from keras_gan_kit.datasets.scaling import scale_images


def image_folder(
    path,
    image_size=None,
    grayscale=None,
    scale=True,
    class_names=None,
    stream=False,
    batch_size=64,
    seed=0,
):
    """Loads every image of a folder, with labels from its sub-folders.

    With sub-folders (`path/cat/1.png`, `path/dog/7.jpg`), each sub-folder
    is a class, labelled by its position among the sorted sub-folder names
    (or in `class_names`); files beside them are ignored. Without, every
    image of `path` is loaded and the labels are `None`. Files that do not
    decode (the original notMNIST has a few) are skipped, and a warning
    says how many.

    Args:
        path: The folder.
        image_size: Resize every image to this `(height, width)` (or a
            square of this side). `None` keeps the size, which must then be
            the same for all images. Defaults to `None`.
        grayscale: One channel (`True`), three (`False`), or one only when
            every image is grayscale (`None`; a folder mixing gray and
            colour images loads in colour, whatever the file order).
            16-bit images are rounded to 8 bits; 32-bit ones are refused.
            Defaults to `None`.
        scale: Return float32 images in [-1, 1] (`True`) or uint8 pixels
            (`False`). Defaults to `True`.
        class_names: The sub-folders to read, in label order. `None` reads
            them all, sorted. Defaults to `None`.
        stream: Return an `ImageFolderStream` instead, which decodes each
            batch as `fit` asks for it (center-cropped to `image_size`,
            which it needs; three channels unless `grayscale=True`): for
            folders that do not fit in memory. Defaults to `False`.
        batch_size: With `stream`: images per batch. Defaults to `64`.
        seed: With `stream`: seed of the per-epoch order. Defaults to `0`.

    Returns:
        `(images, labels)`: images of shape `(n, height, width, channels)`;
        int32 labels of shape `(n,)`, or `None` for a flat folder. With
        `stream=True`, an `ImageFolderStream` of batches.

    Raises:
        ValueError: The folder is missing, holds no readable image, a
            class folder is missing, or sizes differ without `image_size`.

    Examples:

    ```python
    import os
    import numpy as np
    from PIL import Image
    from keras_gan_kit.datasets import image_folder

    for label in ("cat", "dog"):
        os.makedirs(f"pets/{label}", exist_ok=True)
        for k in range(3):
            pixels = np.full((8, 8, 3), 40 * k, dtype="uint8")
            Image.fromarray(pixels).save(f"pets/{label}/{k}.png")
    images, labels = image_folder("pets")
    print(images.shape, labels.tolist())
    # (6, 8, 8, 3) [0, 0, 0, 1, 1, 1]
    ```
    """
    if stream:
        return ImageFolderStream(
            path,
            image_size,
            batch_size=batch_size,
            seed=seed,
            grayscale=bool(grayscale),
            class_names=class_names,
        )
    path, class_names, listed = list_image_files(path, class_names)
    size = check_image_size(image_size)
    pil_image = pillow()
    files, skipped, modes = [], [], set()
    for file_path, label in listed:
        try:
            with pil_image.open(file_path) as picture:
                modes.add(picture.mode)
        except (OSError, ValueError, SyntaxError):
            skipped.append(file_path)
            continue
        files.append((file_path, label))
    if grayscale is None:
        # One channel only when every image has one: the result must not
        # depend on which file sorts first, and gray converts to RGB
        # without loss while colour to gray does not.
        grayscale = bool(modes) and modes <= set(GRAYSCALE_MODES)
    images, labels = [], []
    for file_path, label in files:
        try:
            with pil_image.open(file_path) as picture:
                pixels = read_pixels(
                    pil_image, picture, file_path, grayscale, size
                )
        except (OSError, SyntaxError):
            skipped.append(file_path)
            continue
        if images and pixels.shape != images[0].shape:
            raise ValueError(
                f"{file_path!r} is {pixels.shape[1]}x{pixels.shape[0]} "
                f"but earlier images are {images[0].shape[1]}x"
                f"{images[0].shape[0]}; pass image_size to resize them "
                "all to one size."
            )
        images.append(pixels)
        labels.append(label)
    if skipped:
        warnings.warn(
            f"Skipped {len(skipped)} unreadable files under {path!r} (first: "
            f"{skipped[0]!r}).",
            stacklevel=2,
        )
    if not images:
        raise ValueError(
            f"No readable image under {path!r} ({len(skipped)} skipped); "
            f"expected files ending in {', '.join(IMAGE_EXTENSIONS)}."
        )
    pixels = np.stack(images)
    if pixels.ndim == 3:
        pixels = pixels[..., np.newaxis]
    labels = np.asarray(labels, "int32") if class_names else None
    return (scale_images(pixels) if scale else pixels), labels
