"""Any folder of images, flat or with one sub-folder per class."""

import os
import warnings

import numpy as np

from keras_gan_kit.datasets.scaling import scale_images

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif")
_SIXTEEN_BIT_MODES = ("I;16", "I;16L", "I;16B", "I;16N")
_GRAYSCALE_MODES = ("1", "L", "LA", "I", "F") + _SIXTEEN_BIT_MODES


def _read_pixels(pil_image, picture, file_path, grayscale, size):
    """One image as uint8 pixels, `(h, w)` or `(h, w, 3)`.

    16-bit images are rounded to 8 bits (Pillow's own conversion clips
    them); 32-bit ones, whose range the file does not state, are refused.
    """
    mode = picture.mode
    if mode in ("I", "F"):
        kind = "integer" if mode == "I" else "float"
        raise ValueError(
            f"{file_path!r} holds 32-bit {kind} pixels (Pillow mode "
            f"{mode!r}), whose range the file does not state. Save it as an "
            "8- or 16-bit image, or load it yourself and call "
            "datasets.scale_images(x, input_range=(low, high))."
        )
    if mode in _SIXTEEN_BIT_MODES:
        levels = np.asarray(picture, dtype="float64")
        picture = pil_image.fromarray(np.rint(levels / 257.0).astype("uint8"))
    picture = picture.convert("L" if grayscale else "RGB")
    if size is not None:
        picture = picture.resize(
            (size[1], size[0]), pil_image.Resampling.BILINEAR
        )
    return np.asarray(picture, dtype="uint8")


def _pillow():
    try:
        from PIL import Image
    except ImportError:
        raise ValueError(
            "Reading image files needs Pillow: pip install pillow (or "
            'pip install "keras-gan-kit[images]").'
        ) from None
    return Image


def _image_files(folder):
    return sorted(
        name
        for name in os.listdir(folder)
        if name.lower().endswith(IMAGE_EXTENSIONS)
        and os.path.isfile(os.path.join(folder, name))
    )


def _check_image_size(image_size):
    if image_size is None:
        return None
    size = (image_size, image_size) if np.isscalar(image_size) else image_size
    size = tuple(size)
    if len(size) != 2 or not all(
        isinstance(s, (int, np.integer)) and s > 0 for s in size
    ):
        raise ValueError(
            "image_size must be a positive int or (height, width); received "
            f"{image_size!r}."
        )
    return size


def list_image_files(path, class_names=None):
    """The image files of a folder, flat or with one sub-folder per class.

    Returns:
        `(path, class_names, files)`: the folder's expanded path, the class
        sub-folders in label order (empty for a flat folder) and a list of
        `(file_path, label)` pairs, label `None` for a flat folder.
    """
    path = os.fspath(os.path.expanduser(path))
    if not os.path.isdir(path):
        raise ValueError(
            f"Image folder not found: {path!r}. Pass a folder of images, or "
            "of class sub-folders of images."
        )
    if class_names is None:
        class_names = sorted(
            name
            for name in os.listdir(path)
            if os.path.isdir(os.path.join(path, name))
            and not name.startswith(".")
        )
    else:
        missing = [
            name
            for name in class_names
            if not os.path.isdir(os.path.join(path, name))
        ]
        if missing:
            raise ValueError(
                f"{path!r} lacks the class folders {missing}; expected one "
                f"sub-folder per class of {list(class_names)}."
            )
    if class_names:
        sources = [
            (os.path.join(path, name), label)
            for label, name in enumerate(class_names)
        ]
    else:
        sources = [(path, None)]
    files = [
        (os.path.join(folder, name), label)
        for folder, label in sources
        for name in _image_files(folder)
    ]
    return path, list(class_names), files


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
        from keras_gan_kit.datasets.image_stream import ImageFolderStream

        return ImageFolderStream(
            path,
            image_size,
            batch_size=batch_size,
            seed=seed,
            grayscale=bool(grayscale),
            class_names=class_names,
        )
    path, class_names, listed = list_image_files(path, class_names)
    size = _check_image_size(image_size)
    pil_image = _pillow()
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
        grayscale = bool(modes) and modes <= set(_GRAYSCALE_MODES)
    images, labels = [], []
    for file_path, label in files:
        try:
            with pil_image.open(file_path) as picture:
                pixels = _read_pixels(
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
