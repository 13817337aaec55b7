"""Per-pixel agreement of translations with their targets: L1, PSNR and SSIM,
as NumPy functions of image arrays."""

import numpy as np


def _pair(images, targets):
    images = np.asarray(images, dtype="float64")
    targets = np.asarray(targets, dtype="float64")
    if images.shape != targets.shape or images.ndim != 4:
        raise ValueError(
            "Expected two batches of images of one shape, (n, height, "
            f"width, channels); received {images.shape} and "
            f"{targets.shape}. Compare each translation with its own target."
        )
    return images, targets


def mean_absolute_error(images, targets):
    """Mean absolute difference of images and their targets (pix2pix's L1).

    Args:
        images: `(n, height, width, channels)` translations.
        targets: Their targets, the same shape.

    Returns:
        A float.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import mean_absolute_error

    print(mean_absolute_error(np.zeros((1, 2, 2, 1)), np.ones((1, 2, 2, 1))))
    # 1.0
    ```
    """
    images, targets = _pair(images, targets)
    return float(np.mean(np.abs(images - targets)))


def psnr(images, targets, data_range=2.0):
    """Peak signal-to-noise ratio in decibels, averaged over images.

    `10 log10(data_range^2 / MSE)` for each image, then the mean; an image
    equal to its target counts as 100 dB.

    Args:
        images: `(n, height, width, channels)` translations.
        targets: Their targets, the same shape.
        data_range: Largest minus smallest possible value: `2.0` for
            [-1, 1], `255` for 8-bit pixels. Defaults to `2.0`.

    Returns:
        A float.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import psnr

    print(round(psnr(np.zeros((1, 4, 4, 1)), np.full((1, 4, 4, 1), 0.2)), 2))
    # 20.0
    ```
    """
    images, targets = _pair(images, targets)
    mse = np.mean((images - targets) ** 2, axis=(1, 2, 3))
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(data_range**2 / mse)
    return float(np.mean(np.minimum(values, 100.0)))


def _gaussian_window(size, sigma):
    offsets = np.arange(size, dtype="float64") - (size - 1) / 2.0
    window = np.exp(-(offsets**2) / (2.0 * sigma**2))
    return window / window.sum()


def _filter(images, window):
    """Separable 'valid' filtering of `(n, h, w, c)` along h and w."""
    size = len(window)
    rows = sum(
        window[i] * images[:, i : images.shape[1] - size + 1 + i]
        for i in range(size)
    )
    return sum(
        window[i] * rows[:, :, i : rows.shape[2] - size + 1 + i]
        for i in range(size)
    )


def ssim(images, targets, data_range=2.0, window_size=11, sigma=1.5):
    """Structural similarity (Wang et al. 2004), averaged over images.

    Local means, variances and covariance under a Gaussian window (11x11,
    sigma 1.5, positions where it fits whole), combined as
    `(2 mu_x mu_y + C1)(2 s_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(s_x^2 + s_y^2
    + C2))` with `C1 = (0.01 L)^2`, `C2 = (0.03 L)^2`, `L = data_range`;
    averaged over positions and channels, then images. This is
    `tf.image.ssim`'s definition; images smaller than the window use a
    window of their size.

    Paper: [Wang et al. 2004](https://doi.org/10.1109/TIP.2003.819861).

    Args:
        images: `(n, height, width, channels)` translations.
        targets: Their targets, the same shape.
        data_range: Largest minus smallest possible value. Defaults to
            `2.0` (images in [-1, 1]).
        window_size: Side of the Gaussian window. Defaults to `11`.
        sigma: Its standard deviation. Defaults to `1.5`.

    Returns:
        A float in [-1, 1]; 1 for identical images.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import ssim

    images = np.random.default_rng(0).uniform(-1, 1, (2, 16, 16, 1))
    print(ssim(images, images))
    # 1.0
    ```
    """
    images, targets = _pair(images, targets)
    size = min(window_size, images.shape[1], images.shape[2])
    window = _gaussian_window(size, sigma)
    c1 = (0.01 * data_range) ** 2
    c2 = (0.03 * data_range) ** 2
    mu_x = _filter(images, window)
    mu_y = _filter(targets, window)
    var_x = _filter(images**2, window) - mu_x**2
    var_y = _filter(targets**2, window) - mu_y**2
    cov = _filter(images * targets, window) - mu_x * mu_y
    luminance = (2 * mu_x * mu_y + c1) / (mu_x**2 + mu_y**2 + c1)
    structure = (2 * cov + c2) / (var_x + var_y + c2)
    per_image = np.mean(luminance * structure, axis=(1, 2, 3))
    return float(np.mean(per_image))
