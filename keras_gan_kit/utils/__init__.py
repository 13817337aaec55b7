"""Small utilities shared by examples, callbacks and the command line."""

from keras_gan_kit.utils.atomic import atomic_path
from keras_gan_kit.utils.image_grid import make_image_grid
from keras_gan_kit.utils.image_grid import save_image_grid

__all__ = ["atomic_path", "make_image_grid", "save_image_grid"]
