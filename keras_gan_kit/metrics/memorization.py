"""A memorization check: the training images nearest to generated ones in
a feature space, and how many generated images are near-copies."""

import numpy as np

from keras_gan_kit.metrics import feature_extractor as extractors
from keras_gan_kit.utils.image_grid import save_image_grid


def nearest_neighbors(queries, references, batch_size=256):
    """Euclidean nearest neighbour of each query among the references.

    Args:
        queries: Feature array `(n, d)`.
        references: Feature array `(m, d)`.
        batch_size: Queries per distance block. Defaults to `256`.

    Returns:
        `(distances, indices)`: arrays of shape `(n,)`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics.memorization import nearest_neighbors

    distances, indices = nearest_neighbors(
        np.array([[0.0, 0.0], [5.0, 5.0]]), np.array([[4.0, 5.0], [0.0, 1.0]])
    )
    print(distances.tolist(), indices.tolist())
    # [1.0, 1.0] [1, 0]
    ```
    """
    queries = np.asarray(queries, "float64")
    references = np.asarray(references, "float64")
    squared_references = (references**2).sum(axis=1)
    distances, indices = [], []
    for start in range(0, len(queries), batch_size):
        block = queries[start : start + batch_size]
        squared = (
            (block**2).sum(axis=1)[:, None]
            - 2.0 * block @ references.T
            + squared_references[None, :]
        )
        nearest = np.argmin(squared, axis=1)
        indices.append(nearest)
        distances.append(
            np.sqrt(np.maximum(squared[np.arange(len(block)), nearest], 0.0))
        )
    return np.concatenate(distances), np.concatenate(indices)


def memorization_check(
    generated,
    train_images,
    feature_extractor,
    held_out_images=None,
    quantile=0.01,
):
    """Finds, for each generated image, its nearest training image in the
    extractor's feature space, and the share of near-duplicates.

    A generated image counts as a near-duplicate when its distance to the
    nearest training image is below a threshold taken from real data: the
    `quantile` of the distances from held-out real images to their nearest
    training image (or, without held-out images, from each training image
    to its nearest other training image). A generator that copies nothing
    therefore scores about `quantile`; a share well above it means some
    samples are copies of training images. Look at the grid
    (`save_memorization_grid`) before concluding: datasets hold near
    duplicates of their own.

    Args:
        generated: Generated images, in the extractor's range.
        train_images: The images the generator trained on.
        feature_extractor: A name (`"mnist"`, `"fashion_mnist"`,
            `"cifar10"`, `"inception_v3"`), a `FeatureExtractor` or a
            model.
        held_out_images: Real images the generator never saw, for the
            threshold. Defaults to `None` (training images against each
            other).
        quantile: The share of real images below the threshold.
            Defaults to `0.01`.

    Returns:
        A dict: `distances` and `indices` (nearest training image of each
        generated one), `threshold`, `near_duplicate_share` and
        `near_duplicates` (indices of the generated near-duplicates,
        closest first).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics.memorization import memorization_check

    rng = np.random.default_rng(0)
    train = rng.uniform(-1, 1, (200, 28, 28, 1)).astype("float32")
    copies = train[:10] + 0.001
    fresh = rng.uniform(-1, 1, (90, 28, 28, 1)).astype("float32")
    report = memorization_check(
        np.concatenate([copies, fresh]), train, "mnist"
    )
    print(report["near_duplicate_share"], sorted(report["near_duplicates"]))
    # 0.1 [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    ```
    """
    if not 0.0 < float(quantile) < 1.0:
        raise ValueError(
            f"quantile must be between 0 and 1; received {quantile!r}."
        )
    extractor = extractors.get(feature_extractor)
    train_features = np.asarray(extractor.features(train_images))
    generated_features = np.asarray(extractor.features(generated))
    if len(train_features) < 2:
        raise ValueError(
            "The memorization check needs at least 2 training images; "
            f"received {len(train_features)}."
        )
    if held_out_images is not None:
        real, _ = nearest_neighbors(
            np.asarray(extractor.features(held_out_images)), train_features
        )
    else:
        real = _leave_one_out_distances(train_features)
    threshold = float(np.quantile(real, quantile))
    distances, indices = nearest_neighbors(generated_features, train_features)
    duplicates = np.flatnonzero(distances < threshold)
    duplicates = duplicates[np.argsort(distances[duplicates])]
    return {
        "distances": distances,
        "indices": indices,
        "threshold": threshold,
        "near_duplicate_share": float(len(duplicates) / len(distances)),
        "near_duplicates": duplicates.tolist(),
    }


def _leave_one_out_distances(features, batch_size=256):
    """Each row's distance to its nearest other row."""
    squared_norms = (features.astype("float64") ** 2).sum(axis=1)
    distances = []
    for start in range(0, len(features), batch_size):
        block = features[start : start + batch_size].astype("float64")
        squared = (
            squared_norms[start : start + len(block), None]
            - 2.0 * block @ features.T
            + squared_norms[None, :]
        )
        squared[np.arange(len(block)), start + np.arange(len(block))] = np.inf
        distances.append(np.sqrt(np.maximum(squared.min(axis=1), 0.0)))
    return np.concatenate(distances)


def save_memorization_grid(
    path, generated, train_images, report, num_pairs=16, value_range=(-1, 1)
):
    """Writes generated images beside their nearest training images.

    Pairs go left to right (generated, then its nearest training image),
    four pairs per row, closest pairs first, so copies show at the top.

    Args:
        path: The PNG file.
        generated: The generated images the report was made from.
        train_images: The training images the report was made from.
        report: What `memorization_check` returned.
        num_pairs: How many pairs to show. Defaults to `16`.
        value_range: `(low, high)` of the images. Defaults to `(-1, 1)`.

    Returns:
        The grid as a uint8 array.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import metrics

    rng = np.random.default_rng(0)
    train = rng.uniform(-1, 1, (50, 28, 28, 1)).astype("float32")
    generated = rng.uniform(-1, 1, (20, 28, 28, 1)).astype("float32")
    report = metrics.memorization_check(generated, train, "mnist")
    grid = metrics.save_memorization_grid(
        "pairs.png", generated, train, report, num_pairs=8
    )
    print(grid.shape)
    # (171, 693, 1)
    ```
    """
    order = np.argsort(report["distances"])[:num_pairs]
    generated = np.asarray(generated)
    nearest = np.asarray(train_images)[report["indices"][order]]
    pairs = np.stack([generated[order], nearest], axis=1)
    return save_image_grid(
        path,
        pairs.reshape((-1,) + generated.shape[1:]),
        num_columns=8,
        value_range=value_range,
        scale="auto",
    )
