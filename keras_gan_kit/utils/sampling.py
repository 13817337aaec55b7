"""Drawing what generators take: latent vectors and class labels, with
NumPy, so that sampling never disturbs training's random state."""

import keras
import numpy as np

from keras_gan_kit.utils.arrays import check_num_samples


def draw_latent(num_samples, latent_dim, distribution="normal", seed=None):
    """Latent vectors drawn with NumPy: `(num_samples, latent_dim)` float32
    from N(0, I) or U(-1, 1); `seed=None` uses NumPy's global generator,
    which `keras.utils.set_random_seed` seeds."""
    num_samples = check_num_samples(num_samples)
    shape = (num_samples, latent_dim)
    if seed is None:
        rng = np.random.default_rng(np.random.randint(0, 2**31 - 1))
    else:
        rng = np.random.default_rng(seed)
    if distribution == "uniform":
        latent = rng.uniform(-1.0, 1.0, size=shape)
    else:
        latent = rng.standard_normal(shape)
    return latent.astype("float32")


def balanced_labels(num_samples, num_classes):
    """`num_samples` labels cycling through the classes: every class gets
    the same share (give or take one)."""
    return np.arange(num_samples) % num_classes


def label_classes(generator):
    """The class count of a conditional generator, read from its
    `Embedding` layer (the teaching material's `Embedding(num_classes,
    50)`: its `input_dim`), or `None` without one."""
    for layer in generator.layers:
        if isinstance(layer, keras.layers.Embedding):
            return int(layer.input_dim)
    return None
