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


def _pillow(what):
    """Pillow's `Image` module, or an ImportError that says how to get it."""
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError(
            f"{what} needs Pillow. Install it with `pip install pillow` "
            "(or `pip install keras-gan-kit[images]`)."
        ) from error
    return Image


def _grid_picture(images, num_columns, value_range, factor):
    """The grid of `images` enlarged `factor` times, as an array and as a
    Pillow image."""
    grid = make_image_grid(
        images, num_columns=num_columns, value_range=value_range
    )
    if factor > 1:
        grid = grid.repeat(factor, axis=0).repeat(factor, axis=1)
    picture = _pillow("Saving image grids").fromarray(
        grid[..., 0] if grid.shape[-1] == 1 else grid
    )
    return grid, picture


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
    _pillow("Saving image grids")
    factor = resolve_scale(scale, np.shape(images)[1:3])
    grid, picture = _grid_picture(images, num_columns, value_range, factor)
    with atomic_path(path) as temporary:
        picture.save(temporary, format="PNG")
    return grid


def save_image_animation(
    path,
    frames,
    num_columns=None,
    value_range=(-1.0, 1.0),
    scale=1,
    frame_ms=120,
    bounce=True,
):
    """Saves frames of image grids as a looping GIF, atomically.

    Each frame is a grid (as `save_image_grid` draws it) of one batch of
    images: a latent walk plays with `frames[k]` holding step `k` of every
    walk. Needs Pillow.

    Args:
        path: Destination `.gif` path; parent folders are created.
        frames: Array `(num_frames, images_per_frame, height, width,
            channels)`.
        num_columns: Images per row of each grid. Defaults to `None`
            (square).
        value_range: `(low, high)` of the images. Defaults to `(-1.0, 1.0)`.
        scale: Enlargement, as in `save_image_grid`. Defaults to `1`.
        frame_ms: Milliseconds per frame. Defaults to `120`.
        bounce: Play the frames forward then backward, so the loop has no
            jump. Defaults to `True`.

    Returns:
        The number of frames written.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.utils import save_image_animation

    frames = np.linspace(-1, 1, 5).reshape(5, 1, 1, 1, 1) * np.ones(
        (5, 4, 8, 8, 1)
    )
    print(save_image_animation("walk.gif", frames, scale=2))
    # 8
    ```
    """
    _pillow("Saving animations")
    frames = np.asarray(frames)
    if frames.ndim != 5 or len(frames) < 2:
        raise ValueError(
            "frames must be (num_frames >= 2, images_per_frame, height, "
            f"width, channels); received shape {frames.shape}."
        )
    factor = resolve_scale(scale, frames.shape[2:4])
    pictures = [
        _grid_picture(batch, num_columns, value_range, factor)[1]
        for batch in frames
    ]
    if bounce:
        pictures += pictures[-2:0:-1]
    save_gif(path, pictures, frame_ms)
    return len(pictures)


def save_gif(path, pictures, frame_ms):
    """Writes Pillow images as a looping GIF, atomically (a helper of
    `save_image_animation` and `callbacks.write_gif`)."""
    with atomic_path(path) as temporary:
        pictures[0].save(
            temporary,
            format="GIF",
            save_all=True,
            append_images=pictures[1:],
            duration=int(frame_ms),
            loop=0,
        )
