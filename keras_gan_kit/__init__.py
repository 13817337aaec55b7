"""keras_gan_kit: reusable GAN components for Keras 3.

One `GAN` model that trains with `compile()` / `fit()` on the TensorFlow,
JAX and PyTorch backends, with GAN losses and dataset helpers.
"""

from keras_gan_kit import datasets
from keras_gan_kit import losses
from keras_gan_kit import utils
from keras_gan_kit.models import GAN
from keras_gan_kit.models import GANOptimizer
from keras_gan_kit.version import __version__

__all__ = [
    "GAN",
    "GANOptimizer",
    "__version__",
    "datasets",
    "losses",
    "utils",
]
