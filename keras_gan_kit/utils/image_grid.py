"""Tiling generated images into one picture and saving it safely."""

import numpy as np

from keras_gan_kit.datasets.scaling import unscale_images
from keras_gan_kit.utils.atomic import atomic_path


def make_image_grid(
    images, num_columns=None, value_range=(-1.0, 1.0), padding=1
):
    """Tiles a batch of images into one uint8 picture.

    Args:
        images: Array of shape `(n, height, width, channels)` (channels 1 or
            3) or `(n, height, width)`, with values in `value_range`.
        num_columns: Images per row; `None` makes the grid as square as
            possible. Defaults to `None`.
        value_range: `(low, high)` of the images, for example the
            generator's tanh range. Defaults to `(-1.0, 1.0)`.
        padding: Pixels of black between images. Defaults to `1`.

    Returns:
        A uint8 array of shape `(rows * (height + padding) - padding,
        columns * (width + padding) - padding, channels)`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.utils import make_image_grid

    grid = make_image_grid(np.zeros((6, 28, 28, 1)), num_columns=3)
    print(grid.shape, grid.dtype)
    # (57, 86, 1) uint8
    ```
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., np.newaxis]
    if images.ndim != 4 or images.shape[-1] not in (1, 3) or not len(images):
        raise ValueError(
            "make_image_grid() expects images of shape (n, height, width, "
            f"1 or 3) with n >= 1; received shape {images.shape}."
        )
    count, height, width, channels = images.shape
    if num_columns is None:
        num_columns = int(np.ceil(np.sqrt(count)))
    if int(num_columns) < 1:
        raise ValueError(f"num_columns must be >= 1; received {num_columns}.")
    num_columns = min(int(num_columns), count)
    num_rows = int(np.ceil(count / num_columns))
    pixels = unscale_images(images, value_range)
    grid = np.zeros(
        (
            num_rows * (height + padding) - padding,
            num_columns * (width + padding) - padding,
            channels,
        ),
        dtype="uint8",
    )
    for index in range(count):
        row, column = divmod(index, num_columns)
        top, left = row * (height + padding), column * (width + padding)
        grid[top : top + height, left : left + width] = pixels[index]
    return grid


# Images smaller than this are enlarged by scale="auto".
AUTO_SCALE_MIN_SIDE = 64


def resolve_scale(scale, image_shape):
    """The integer enlargement of `scale` (an integer >= 1, or `"auto"`:
    the smallest that makes the images' shorter side at least
    `AUTO_SCALE_MIN_SIDE` pixels) for images of `image_shape`."""
    if scale == "auto":
        side = max(1, min(int(image_shape[0]), int(image_shape[1])))
        return max(1, -(-AUTO_SCALE_MIN_SIDE // side))
    if isinstance(scale, bool) or not isinstance(scale, int | np.integer):
        raise ValueError(
            f"scale must be an integer >= 1 or 'auto'; received {scale!r}."
        )
    if scale < 1:
        raise ValueError(
            f"scale must be an integer >= 1 or 'auto'; received {scale}."
        )
    return int(scale)


def save_image_grid(
    path, images, num_columns=None, value_range=(-1.0, 1.0), scale=1
):
    """Saves a batch of images as one PNG grid, atomically.

    The picture is written to a temporary file beside `path` and renamed
    over it, so a reader never sees a half-written file and a crash keeps
    the previous one. Needs Pillow (`pip install pillow`).

    Args:
        path: Destination `.png` path; parent folders are created.
        images: Images as for `make_image_grid`.
        num_columns: Images per row. Defaults to `None` (square).
        value_range: `(low, high)` of the images. Defaults to `(-1.0, 1.0)`.
        scale: Enlarge every pixel to a `scale x scale` block (nearest
            neighbour, so nothing is smoothed), or `"auto"` to enlarge
            images smaller than 64 pixels to at least 64 (3x for 28-pixel
            digits). Defaults to `1`.

    Returns:
        The grid that was saved, as a uint8 array (enlarged).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.utils import save_image_grid

    grid = save_image_grid("grid.png", np.zeros((4, 8, 8, 1)))
    print(grid.shape)
    # (17, 17, 1)
    print(save_image_grid("big.png", np.zeros((4, 8, 8, 1)), scale=3).shape)
    # (51, 51, 1)
    ```
    """
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError(
            "Saving image grids needs Pillow. Install it with "
            "`pip install pillow` (or `pip install keras-gan-kit[images]`)."
        ) from error
    factor = resolve_scale(scale, np.shape(images)[1:3])
    grid = make_image_grid(
        images, num_columns=num_columns, value_range=value_range
    )
    if factor > 1:
        grid = grid.repeat(factor, axis=0).repeat(factor, axis=1)
    picture = Image.fromarray(grid[..., 0] if grid.shape[-1] == 1 else grid)
    with atomic_path(path) as temporary:
        picture.save(temporary, format="PNG")
    return grid
