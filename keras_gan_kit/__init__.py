"""keras_gan_kit: reusable GAN components for Keras 3.

`GAN` and `ConditionalGAN` models that train with `compile()` / `fit()` on
the TensorFlow, JAX and PyTorch backends, network builders, GAN losses and
dataset helpers, and offline quality metrics.

Importing it where TensorFlow is missing and no Keras backend was chosen
starts JAX or PyTorch instead (see `backend_choice`).
"""

from keras_gan_kit.backend_choice import choose_backend

choose_backend()

from keras_gan_kit import backend
from keras_gan_kit import builders
from keras_gan_kit import callbacks
from keras_gan_kit import class_interpolation
from keras_gan_kit import datasets
from keras_gan_kit import distribution
from keras_gan_kit import latents
from keras_gan_kit import layers
from keras_gan_kit import losses
from keras_gan_kit import metrics
from keras_gan_kit import optimizers
from keras_gan_kit import presets
from keras_gan_kit import schedules
from keras_gan_kit import stabilizers
from keras_gan_kit import utils
from keras_gan_kit.metrics import evaluate
from keras_gan_kit.models import GAN
from keras_gan_kit.models import ConditionalGAN
from keras_gan_kit.models import CycleGAN
from keras_gan_kit.models import GANOptimizer
from keras_gan_kit.models import Pix2Pix
from keras_gan_kit.version import __version__

__all__ = [
    "ConditionalGAN",
    "CycleGAN",
    "GAN",
    "GANOptimizer",
    "Pix2Pix",
    "__version__",
    "backend",
    "builders",
    "callbacks",
    "datasets",
    "distribution",
    "evaluate",
    "class_interpolation",
    "latents",
    "layers",
    "losses",
    "metrics",
    "optimizers",
    "presets",
    "schedules",
    "stabilizers",
    "utils",
]
