"""Dataset helpers."""

from keras_gan_kit.datasets.scaling import scale_images
from keras_gan_kit.datasets.scaling import unscale_images

__all__ = ["scale_images", "unscale_images"]
