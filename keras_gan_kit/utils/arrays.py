"""Checks and conversions of arrays that every layer of the package
shares: labels, sample counts, NumPy views of backend tensors."""

import numpy as np


def to_numpy(tensor):
    """NumPy view of an array, a tf/jax array or a torch tensor."""
    if tensor is None:
        return None
    if hasattr(tensor, "detach"):  # a torch tensor
        tensor = tensor.detach().cpu()
    return np.asarray(tensor)


# Float error allowed at the edges of an expected value range.
_RANGE_TOLERANCE = 1e-3


def values_outside(images, value_range):
    """The `(lowest, highest)` value of `images` when they leave
    `value_range` by more than float error, else None (also for an empty
    array)."""
    if not images.size:
        return None
    low, high = value_range
    data_low, data_high = float(images.min()), float(images.max())
    if data_low < low - _RANGE_TOLERANCE or data_high > high + _RANGE_TOLERANCE:
        return data_low, data_high
    return None


def check_labels(labels, num_classes, num_images=None):
    """Validates class labels; returns them as a flat int32 NumPy array.

    Args:
        labels: Integer class labels, shape `(n,)` or `(n, 1)`; floats are
            accepted when they are whole numbers.
        num_classes: Labels must lie in `[0, num_classes)`.
        num_images: When given, the number of labels must equal it.
    """
    if labels is None:
        raise ValueError(
            "ConditionalGAN needs class labels and received none. Pass them "
            "as fit(x=images, y=labels), or use a dataset that yields "
            "(images, labels) pairs."
        )
    labels = to_numpy(labels)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1:
        raise ValueError(
            f"Labels must be integers of shape (n,) or (n, 1); received "
            f"shape {labels.shape}. One-hot labels need argmax(axis=-1) "
            "first."
        )
    if num_images is not None and len(labels) != num_images:
        raise ValueError(
            f"Received {num_images} images but {len(labels)} labels; "
            "expected exactly one label per image, in the same order. Pass "
            "as many labels as images (fit(x, y) with len(y) == len(x))."
        )
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.number):
        raise ValueError(
            f"Labels must be integer class indices; received dtype "
            f"{labels.dtype}."
        )
    if not np.issubdtype(labels.dtype, np.integer):
        fractional = labels[~np.isfinite(labels) | (labels != np.round(labels))]
        if fractional.size:
            examples = np.unique(fractional)[:5].tolist()
            raise ValueError(
                "Labels must be whole numbers (class indices); received "
                f"non-integer values such as {examples}. Pass integer class "
                "indices in [0, num_classes)."
            )
    outside = labels[(labels < 0) | (labels >= num_classes)]
    if outside.size:
        raise ValueError(
            f"Labels must lie in [0, {num_classes}) for num_classes="
            f"{num_classes}; received {np.unique(outside)[:10].tolist()}. "
            "Re-index the classes to 0..num_classes-1 or build the networks "
            "for more classes."
        )
    return labels.astype("int32")


def check_num_samples(num_samples):
    """`num_samples` as an int, or a ValueError unless it is a positive
    integer."""
    if (
        isinstance(num_samples, bool)
        or not isinstance(num_samples, (int, np.integer))
        or num_samples < 1
    ):
        raise ValueError(
            f"num_samples must be a positive integer; received {num_samples!r}."
        )
    return int(num_samples)
