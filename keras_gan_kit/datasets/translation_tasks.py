"""Image-to-image translation tasks made from datasets the package reads:
paired `edges2fashion` and unpaired `sneaker2boot` from Fashion-MNIST (the
bundled sample works offline), paired `colorize_cifar10` from a CIFAR-10
file."""

import numpy as np

from keras_gan_kit.datasets import loaders

TRANSLATION_TASKS = {
    "edges2fashion": (
        "Paired: the edge map of a Fashion-MNIST image (Sobel gradient "
        "magnitude above a quarter of the image's largest, white on black) "
        "to the image; 32x32 grayscale."
    ),
    "sneaker2boot": (
        "Unpaired: Fashion-MNIST sneakers (domain A) and ankle boots "
        "(domain B); 32x32 grayscale."
    ),
    "colorize_cifar10": (
        "Paired: the luminance of a CIFAR-10 image to the image; 32x32, "
        "1 channel to 3. Needs a CIFAR-10 .npz (path=...)."
    ),
}
# Of the bundled sample (Fashion-MNIST's test split), the last images are
# held out as the tasks' test split.
SAMPLE_TEST_IMAGES = 1000
_SNEAKER = loaders.FASHION_MNIST_CLASSES.index("Sneaker")
_ANKLE_BOOT = loaders.FASHION_MNIST_CLASSES.index("Ankle boot")
# The Fashion-MNIST class each direction of sneaker2boot should reach:
# sneakers (A) to ankle boots (B), and back.
SNEAKER2BOOT_TARGET_CLASSES = {"ab": _ANKLE_BOOT, "ba": _SNEAKER}


def pad_to_32(images):
    """Pads 28x28 images to 32x32 with the background value, -1."""
    return np.pad(
        images, ((0, 0), (2, 2), (2, 2), (0, 0)), constant_values=-1.0
    )


def sobel_edges(images, threshold=0.25):
    """Binary edge maps of grayscale images in [-1, 1].

    The Sobel gradient magnitude of each image, an edge where it exceeds
    `threshold` times that image's largest magnitude: 1 on edges, -1
    elsewhere.

    Args:
        images: `(n, height, width, 1)` floats in [-1, 1].
        threshold: The share of each image's largest magnitude above which
            a pixel is an edge. Defaults to `0.25`.

    Returns:
        Float32 edge maps of the images' shape, values -1 or 1.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.datasets import sobel_edges

    square = -np.ones((1, 8, 8, 1), "float32")
    square[0, 2:6, 2:6] = 1.0
    print(int((sobel_edges(square) > 0).sum()))  # the square's outline
    # 32
    ```
    """
    images = np.asarray(images, dtype="float32")
    if images.ndim != 4 or images.shape[-1] != 1:
        raise ValueError(
            "sobel_edges takes grayscale images of shape (n, height, width, "
            f"1); received shape {images.shape}. Convert colour images to "
            "grey first."
        )
    padded = np.pad(images[..., 0], ((0, 0), (1, 1), (1, 1)), mode="edge")
    h, w = images.shape[1:3]

    def window(dy, dx):
        return padded[:, 1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w]

    gx = (
        window(-1, 1) + 2 * window(0, 1) + window(1, 1)
        - window(-1, -1) - 2 * window(0, -1) - window(1, -1)
    )  # fmt: skip
    gy = (
        window(1, -1) + 2 * window(1, 0) + window(1, 1)
        - window(-1, -1) - 2 * window(-1, 0) - window(-1, 1)
    )  # fmt: skip
    magnitude = np.sqrt(gx**2 + gy**2)
    largest = magnitude.reshape(len(images), -1).max(axis=1)
    edges = magnitude > threshold * np.maximum(largest, 1e-6)[:, None, None]
    return np.where(edges, 1.0, -1.0).astype("float32")[..., None]


def _fashion(split, path):
    if split not in ("train", "test"):
        raise ValueError(
            f"split must be 'train' or 'test'; received {split!r}."
        )
    if path is None:
        images, labels = loaders.load("fashion_mnist_sample")
        cut = len(images) - SAMPLE_TEST_IMAGES
        part = slice(None, cut) if split == "train" else slice(cut, None)
        return pad_to_32(images[part]), labels[part]
    images, labels = loaders.load("fashion_mnist", path=path, split=split)
    return pad_to_32(images), labels


def _grey(images):
    weights = np.array([0.299, 0.587, 0.114], dtype="float32")
    return (images @ weights)[..., None].astype("float32")


def translation_task(name, split="train", path=None):
    """The arrays of a translation task, in [-1, 1].

    Fashion-MNIST tasks read the bundled sample (Fashion-MNIST's 10,000
    test images: the first 9,000 are the `"train"` split, the last 1,000
    the `"test"` split) unless `path` names a full Fashion-MNIST (`.npz` or
    idx folder; its own train and test splits then). Images are padded
    from 28 to 32 pixels with the background.

    Args:
        name: A name of `TRANSLATION_TASKS`: `"edges2fashion"`,
            `"sneaker2boot"` or `"colorize_cifar10"`.
        split: `"train"` or `"test"`. Defaults to `"train"`.
        path: A local Fashion-MNIST or (required for `colorize_cifar10`)
            CIFAR-10 `.npz`. Defaults to `None`.

    Returns:
        `(a, b)`: paired tasks give sources and their targets, of equal
        length; unpaired tasks give domain A's images and domain B's.

    Examples:

    ```python
    from keras_gan_kit import datasets

    edges, images = datasets.translation_task("edges2fashion", split="test")
    print(edges.shape, images.shape)
    # (1000, 32, 32, 1) (1000, 32, 32, 1)
    sneakers, boots = datasets.translation_task("sneaker2boot")
    print(len(sneakers) > 800, len(boots) > 800)
    # True True
    ```
    """
    if name not in TRANSLATION_TASKS:
        raise ValueError(
            f"Unknown translation task {name!r}; expected one of "
            f"{sorted(TRANSLATION_TASKS)}."
        )
    if name == "colorize_cifar10":
        if path is None:
            raise ValueError(
                "colorize_cifar10 needs a CIFAR-10 .npz (keys x_train, "
                "y_train or x, y); pass path=... ."
            )
        images, _ = loaders.load("cifar10", path=path, split=split)
        return _grey(images), images
    images, labels = _fashion(split, path)
    if name == "edges2fashion":
        return sobel_edges(images), images
    return images[labels == _SNEAKER], images[labels == _ANKLE_BOOT]
