"""Reading pictures: the files of a folder, Pillow, pixel conversion;
shared by the in-memory and the streaming folder loaders."""

import os

import numpy as np

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif")
SIXTEEN_BIT_MODES = ("I;16", "I;16L", "I;16B", "I;16N")
GRAYSCALE_MODES = ("1", "L", "LA", "I", "F") + SIXTEEN_BIT_MODES


def read_pixels(pil_image, picture, file_path, grayscale, size):
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
    if mode in SIXTEEN_BIT_MODES:
        levels = np.asarray(picture, dtype="float64")
        picture = pil_image.fromarray(np.rint(levels / 257.0).astype("uint8"))
    picture = picture.convert("L" if grayscale else "RGB")
    if size is not None:
        picture = picture.resize(
            (size[1], size[0]), pil_image.Resampling.BILINEAR
        )
    return np.asarray(picture, dtype="uint8")


def pillow():
    try:
        from PIL import Image
    except ImportError:
        raise ValueError(
            "Reading image files needs Pillow: pip install pillow (or "
            'pip install "keras-gan-kit[images]").'
        ) from None
    return Image


def image_files(folder):
    return sorted(
        name
        for name in os.listdir(folder)
        if name.lower().endswith(IMAGE_EXTENSIONS)
        and os.path.isfile(os.path.join(folder, name))
    )


def check_image_size(image_size):
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
        for name in image_files(folder)
    ]
    return path, list(class_names), files
