"""Latent-space tools for sampling: the truncation trick and
interpolation between latent vectors.

All work on NumPy arrays, so they are the same on every backend and never
touch training's random state. Feed their output to `gan.generate(latent=...)`.
"""

import keras
import numpy as np

from keras_gan_kit.utils.arrays import check_num_samples

INTERPOLATIONS = ("linear", "spherical")


def truncated_latent(num_samples, latent_dim, threshold=1.0, seed=None):
    """Normal latents with every entry inside `[-threshold, threshold]`.

    The truncation trick (Brock et al. 2019, BigGAN,
    https://arxiv.org/abs/1809.11096): each entry of a N(0, 1) draw whose
    magnitude exceeds `threshold` is drawn again until it falls inside.
    Smaller thresholds trade variety for typical, cleaner samples.

    Args:
        num_samples: Number of latent vectors.
        latent_dim: Size of each vector.
        threshold: Largest magnitude kept, > 0. Defaults to `1.0`.
        seed: Seed of NumPy's generator. Defaults to `None`.

    Returns:
        A float32 array of shape `(num_samples, latent_dim)`.

    Examples:

    ```python
    from keras_gan_kit import latents

    latent = latents.truncated_latent(1000, 8, threshold=0.5, seed=0)
    print(latent.shape, bool(abs(latent).max() <= 0.5))
    # (1000, 8) True
    ```
    """
    num_samples = check_num_samples(num_samples)
    latent_dim = check_num_samples(latent_dim)
    if isinstance(threshold, bool) or not (
        isinstance(threshold, int | float) and threshold > 0
    ):
        raise ValueError(
            f"threshold must be a number > 0; received threshold="
            f"{threshold!r}. BigGAN samples use 0.5 to 2 (smaller: less "
            "variety, cleaner images)."
        )
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((num_samples, latent_dim))
    outside = np.abs(latent) > threshold
    while outside.any():
        latent[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(latent) > threshold
    return latent.astype("float32")


def _check_pair(start, end):
    start = np.asarray(start, dtype="float64")
    end = np.asarray(end, dtype="float64")
    if start.shape != end.shape or start.ndim not in (1, 2):
        raise ValueError(
            "start and end must be latent vectors of the same shape, (d,) "
            f"or (n, d); received shapes {start.shape} and {end.shape}."
        )
    return start, end


def slerp(start, end, fraction):
    """Spherical interpolation between latent vectors.

    Moves along the great circle from `start` to `end` (Shoemake 1985; the
    usual path between Gaussian latents, whose norms concentrate): the
    angle goes linearly with `fraction` and the norm linearly between the
    two norms. Falls back to linear interpolation for parallel vectors.

    Args:
        start: A latent vector `(d,)` or a batch `(n, d)`.
        end: The same shape.
        fraction: Where between them, 0 (start) to 1 (end).

    Returns:
        A float32 array shaped like `start`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import latents

    middle = latents.slerp([1.0, 0.0], [0.0, 1.0], 0.5)
    print(np.round(middle, 4))
    # [0.7071 0.7071]
    ```
    """
    start, end = _check_pair(start, end)
    fraction = float(fraction)
    start_norm = np.linalg.norm(start, axis=-1, keepdims=True)
    end_norm = np.linalg.norm(end, axis=-1, keepdims=True)
    unit_start = start / np.maximum(start_norm, 1e-12)
    unit_end = end / np.maximum(end_norm, 1e-12)
    cosine = np.clip(
        np.sum(unit_start * unit_end, axis=-1, keepdims=True), -1, 1
    )
    angle = np.arccos(cosine)
    sine = np.sin(angle)
    parallel = sine < 1e-6
    safe = np.where(parallel, 1.0, sine)
    direction = (
        np.sin((1.0 - fraction) * angle) * unit_start
        + np.sin(fraction * angle) * unit_end
    ) / safe
    norm = (1.0 - fraction) * start_norm + fraction * end_norm
    spherical = direction * norm
    linear = (1.0 - fraction) * start + fraction * end
    return np.where(parallel, linear, spherical).astype("float32")


def interpolate(start, end, num_steps, method="spherical"):
    """Latent vectors from `start` to `end`, both included.

    Args:
        start: A latent vector `(d,)`.
        end: Another, `(d,)`.
        num_steps: Number of vectors, >= 2.
        method: `"spherical"` (`slerp`) or `"linear"`.
            Defaults to `"spherical"`.

    Returns:
        A float32 array of shape `(num_steps, d)`; `gan.generate(latent=...)`
        turns it into a row of images.

    Examples:

    ```python
    from keras_gan_kit import latents

    path = latents.interpolate([0.0, 2.0], [2.0, 0.0], 3, method="linear")
    print(path.tolist())
    # [[0.0, 2.0], [1.0, 1.0], [2.0, 0.0]]
    ```
    """
    start, end = _check_pair(start, end)
    if start.ndim != 1:
        raise ValueError(
            "interpolate takes two single latent vectors of shape (d,); "
            f"received shape {start.shape}. Interpolate each pair of a "
            "batch separately, or use slerp for a whole batch at one point."
        )
    if (
        isinstance(num_steps, bool)
        or not isinstance(num_steps, int | np.integer)
        or num_steps < 2
    ):
        raise ValueError(
            "num_steps must be an integer >= 2 (the two ends included); "
            f"received {num_steps!r}."
        )
    if method not in INTERPOLATIONS:
        raise ValueError(
            f"Unknown interpolation method {method!r}. Expected one of "
            f"{INTERPOLATIONS}: 'spherical' for Gaussian latents, 'linear' "
            "for a straight line."
        )
    fractions = np.linspace(0.0, 1.0, int(num_steps))
    if method == "linear":
        path = [(1.0 - t) * start + t * end for t in fractions]
    else:
        path = [slerp(start, end, t) for t in fractions]
    return np.stack(path).astype("float32")


def latent_walks(ends, num_steps):
    """Spherical walks between consecutive pairs of latents, one after the
    other: `ends[0]` to `ends[1]`, `ends[2]` to `ends[3]`, ...

    Args:
        ends: Latent vectors `(2 * num_walks, d)`.
        num_steps: Vectors per walk, >= 2.

    Returns:
        A float32 array of shape `(num_walks * num_steps, d)`: a grid whose
        rows are the walks when it has `num_steps` columns.

    Examples:

    ```python
    from keras_gan_kit import latents

    ends = latents.truncated_latent(4, 8, seed=0)
    print(latents.latent_walks(ends, 5).shape)
    # (10, 8)
    ```
    """
    ends = np.asarray(ends, dtype="float32")
    if ends.ndim != 2 or len(ends) % 2 or not len(ends):
        raise ValueError(
            "ends must be an even number of latent vectors, shape (2 * n, "
            f"d); received shape {ends.shape}."
        )
    return np.concatenate(
        [
            interpolate(start, end, num_steps)
            for start, end in zip(ends[0::2], ends[1::2])
        ]
    )


def set_style_truncation(generator, psi):
    """Sets the truncation in W space of a StyleGAN2 generator.

    The truncation trick in W space (Karras et al. 2019): in inference,
    each style becomes `mean + psi * (w - mean)`, `mean` the running mean
    of `w` that training kept (`layers.StyleTruncation`). `psi = 1` turns
    it off; 0.5 to 0.8 gives more typical images with less variety. The
    value is a variable of the generator: it is saved with it, and a
    compiled `predict` uses the new value without tracing again.

    Args:
        generator: A generator with `StyleTruncation` layers, such as one
            of `builders.stylegan2_generator` (or a GAN's
            `sampling_generator()`).
        psi: The truncation, in [0, 1].

    Returns:
        The previous value of `psi`.

    Raises:
        ValueError: for a generator without `StyleTruncation` layers, or a
            `psi` outside [0, 1].

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit import builders, latents

    generator = builders.stylegan2_generator(
        latent_dim=8, image_shape=(8, 8, 1), w_dim=8, mapping_layers=1,
        channel_base=64, max_filters=8,
    )
    previous = latents.set_style_truncation(generator, 0.0)
    # psi = 0: every latent gives the image of the mean style.
    images = generator.predict(np.eye(2, 8, dtype="float32"), verbose=0)
    print(previous, bool(np.allclose(images[0], images[1], atol=1e-5)))
    # 1.0 True
    ```
    """
    from keras_gan_kit.layers.style_truncation import StyleTruncation

    if isinstance(psi, bool) or not 0.0 <= float(psi) <= 1.0:
        raise ValueError(
            f"psi must be a number in [0, 1]; received psi={psi!r}. 1 "
            "turns the truncation off."
        )
    layers = [
        layer
        for layer in getattr(generator, "layers", [])
        if isinstance(layer, StyleTruncation)
    ]
    if not layers:
        raise ValueError(
            f"{getattr(generator, 'name', generator)!r} has no "
            "StyleTruncation layer, so it cannot truncate in W space. Build "
            "it with builders.stylegan2_generator, or truncate latents with "
            "latents.truncated_latent."
        )
    previous = float(keras.ops.convert_to_numpy(layers[0].psi))
    for layer in layers:
        layer.psi.assign(float(psi))
    return previous


__all__ = [
    "INTERPOLATIONS",
    "interpolate",
    "latent_walks",
    "set_style_truncation",
    "slerp",
    "truncated_latent",
]
