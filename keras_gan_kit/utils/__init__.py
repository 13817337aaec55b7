"""Small utilities shared by examples, callbacks and the command line."""

from keras_gan_kit.utils.image_grid import make_image_grid
from keras_gan_kit.utils.image_grid import save_image_grid

__all__ = ["make_image_grid", "save_image_grid"]
