"""Folders of translation data in the layouts people download: pix2pix's
side-by-side `AB` images or two folders matched by file name (paired), and
CycleGAN's `trainA/ trainB/ testA/ testB/` (unpaired)."""

import os

import numpy as np

from keras_gan_kit.datasets.image_folder import image_folder
from keras_gan_kit.datasets.pictures import check_image_size
from keras_gan_kit.datasets.pictures import image_files
from keras_gan_kit.datasets.pictures import pillow
from keras_gan_kit.datasets.pictures import read_pixels
from keras_gan_kit.datasets.scaling import scale_images

LAYOUTS = ("side_by_side", "two_folders")


def existing_folder(path):
    """`path` expanded, after checking that it is a folder."""
    path = os.fspath(os.path.expanduser(path))
    if not os.path.isdir(path):
        raise ValueError(f"Folder not found: {path!r}.")
    return path


def _read(file_path, grayscale, size=None):
    pil_image = pillow()
    with pil_image.open(file_path) as picture:
        pixels = read_pixels(pil_image, picture, file_path, grayscale, size)
    return pixels if pixels.ndim == 3 else pixels[..., None]


def _side_by_side(path, size, grayscale):
    files = image_files(path)
    if not files:
        raise ValueError(f"No image files in {path!r}.")
    sources, targets = [], []
    for name in files:
        pixels = _read(os.path.join(path, name), grayscale)
        height, width = pixels.shape[:2]
        if width % 2:
            raise ValueError(
                f"{name!r} in {path!r} is {width} pixels wide; a side-by-"
                "side pair (pix2pix's AB layout) has the source on the left "
                "half and the target on the right, so an even width. Check "
                "the layout, or use layout='two_folders'."
            )
        half = width // 2
        sources.append(pixels[:, :half])
        targets.append(pixels[:, half:])
        if sources[0].shape != sources[-1].shape and size is None:
            raise ValueError(
                f"{name!r} is {half}x{height} per half but the first pair "
                f"is {sources[0].shape[1]}x{sources[0].shape[0]}; pass "
                "image_size to resize every pair to one size."
            )
    if size is not None:
        sources = [_resize(image, size) for image in sources]
        targets = [_resize(image, size) for image in targets]
    return np.stack(sources), np.stack(targets)


def _resize(pixels, size):
    pil_image = pillow()
    picture = pil_image.fromarray(
        pixels[..., 0] if pixels.shape[-1] == 1 else pixels
    )
    picture = picture.resize((size[1], size[0]), pil_image.Resampling.BILINEAR)
    resized = np.asarray(picture, dtype="uint8")
    return resized if resized.ndim == 3 else resized[..., None]


def matched_names(path):
    """The file names `path/A/` and `path/B/` share, sorted; errors name
    the folders or the names that do not match."""
    folders = [os.path.join(path, side) for side in ("A", "B")]
    for folder in folders:
        if not os.path.isdir(folder):
            raise ValueError(
                f"layout='two_folders' reads {path!r}/A and {path!r}/B, "
                f"matched by file name; {folder!r} is missing."
            )
    names = [image_files(folder) for folder in folders]
    only_a = sorted(set(names[0]) - set(names[1]))
    only_b = sorted(set(names[1]) - set(names[0]))
    if only_a or only_b:
        raise ValueError(
            f"A/ and B/ must hold the same file names (each source beside "
            f"its target); {len(only_a)} names are only in A/ (first: "
            f"{only_a[:3]}) and {len(only_b)} only in B/ (first: "
            f"{only_b[:3]}). Remove the unmatched files or rename them."
        )
    if not names[0]:
        raise ValueError(f"No image files in {folders[0]!r}.")
    return names[0]


def _two_folders(path, size, grayscale):
    names = matched_names(path)
    pairs = []
    for folder in [os.path.join(path, side) for side in ("A", "B")]:
        images = [
            _read(os.path.join(folder, name), grayscale, size) for name in names
        ]
        shapes = {image.shape for image in images}
        if len(shapes) > 1:
            raise ValueError(
                f"The images of {folder!r} have {len(shapes)} different "
                f"sizes ({sorted(shapes)[:3]}); pass image_size to resize "
                "them to one."
            )
        pairs.append(np.stack(images))
    if pairs[0].shape[1:3] != pairs[1].shape[1:3]:
        raise ValueError(
            f"A/ holds {pairs[0].shape[2]}x{pairs[0].shape[1]} images and "
            f"B/ {pairs[1].shape[2]}x{pairs[1].shape[1]}; a source and its "
            "target must have one size. Pass image_size."
        )
    return pairs[0], pairs[1]


def paired_folder(
    path, layout="side_by_side", image_size=None, grayscale=False, scale=True
):
    """Loads paired translation data: sources and their targets.

    Two layouts: `"side_by_side"`, one image per pair with the source on the
    left half and the target on the right (the pix2pix datasets' `AB`
    format: `facades/train/1.jpg`); `"two_folders"`, `path/A/` and
    `path/B/` holding the sources and the targets under the same file
    names. The same resize applies to both images of a pair.

    Args:
        path: The folder of `AB` images, or the folder holding `A/` and
            `B/`.
        layout: `"side_by_side"` or `"two_folders"`. Defaults to
            `"side_by_side"`.
        image_size: Resize both images of every pair to this `(height,
            width)` (or square side). Defaults to `None` (keep).
        grayscale: Read one channel (`True`) or three. Defaults to `False`.
        scale: Float32 in [-1, 1] (`True`) or uint8 pixels.
            Defaults to `True`.

    Returns:
        `(sources, targets)`, arrays of the same length.

    Examples:

    ```python
    import os
    import numpy as np
    from PIL import Image
    from keras_gan_kit.datasets import paired_folder

    os.makedirs("pairs", exist_ok=True)
    for k in range(3):
        pair = np.zeros((8, 16, 3), "uint8")
        pair[:, 8:] = 255  # the target: the right half
        Image.fromarray(pair).save(f"pairs/{k}.png")
    sources, targets = paired_folder("pairs")
    print(sources.shape, sources.max(), targets.min())
    # (3, 8, 8, 3) -1.0 1.0
    ```
    """
    if layout not in LAYOUTS:
        raise ValueError(
            f"layout must be one of {LAYOUTS}; received {layout!r}. "
            "'side_by_side' is pix2pix's AB images, 'two_folders' is A/ and "
            "B/ matched by file name."
        )
    path = existing_folder(path)
    size = check_image_size(image_size)
    if layout == "side_by_side":
        sources, targets = _side_by_side(path, size, grayscale)
    else:
        sources, targets = _two_folders(path, size, grayscale)
    if not scale:
        return sources, targets
    return scale_images(sources), scale_images(targets)


def unpaired_folders(
    path, split="train", image_size=None, grayscale=None, scale=True
):
    """Loads CycleGAN's unpaired layout: `trainA/`, `trainB/`, `testA/`,
    `testB/`.

    Args:
        path: The folder holding the four sub-folders (`horse2zebra/`).
        split: `"train"` or `"test"`. Defaults to `"train"`.
        image_size: Resize every image to this `(height, width)` (or square
            side). Defaults to `None` (keep; one size per domain).
        grayscale: As in `image_folder`. Defaults to `None`.
        scale: Float32 in [-1, 1] (`True`) or uint8 pixels.
            Defaults to `True`.

    Returns:
        `(images_a, images_b)`, of any lengths.

    Examples:

    ```python
    import os
    import numpy as np
    from PIL import Image
    from keras_gan_kit.datasets import unpaired_folders

    for folder, count in (("trainA", 3), ("trainB", 2)):
        os.makedirs(f"horses2zebras/{folder}", exist_ok=True)
        for k in range(count):
            pixels = np.full((8, 8, 3), 30 * k, "uint8")
            Image.fromarray(pixels).save(f"horses2zebras/{folder}/{k}.png")
    a, b = unpaired_folders("horses2zebras")
    print(a.shape, b.shape)
    # (3, 8, 8, 3) (2, 8, 8, 3)
    ```
    """
    if split not in ("train", "test"):
        raise ValueError(
            f"split must be 'train' or 'test'; received {split!r}."
        )
    path = existing_folder(path)
    domains = []
    for side in ("A", "B"):
        folder = os.path.join(path, f"{split}{side}")
        if not os.path.isdir(folder):
            raise ValueError(
                f"CycleGAN's layout has {split}A/ and {split}B/ under "
                f"{path!r}; {folder!r} is missing."
            )
        images, _ = image_folder(
            folder, image_size=image_size, grayscale=grayscale, scale=scale
        )
        domains.append(images)
    return domains[0], domains[1]
