"""Small utilities shared by examples, callbacks and the command line."""

from keras_gan_kit.utils.atomic import atomic_path
from keras_gan_kit.utils.atomic import remove_partial_writes
from keras_gan_kit.utils.export import EXPORT_FORMATS
from keras_gan_kit.utils.export import export_generator
from keras_gan_kit.utils.folder_lock import FolderLock
from keras_gan_kit.utils.image_grid import make_image_grid
from keras_gan_kit.utils.image_grid import save_image_animation
from keras_gan_kit.utils.image_grid import save_image_grid
from keras_gan_kit.utils.portable import portable_model
from keras_gan_kit.utils.portable import save_portable

__all__ = [
    "EXPORT_FORMATS",
    "FolderLock",
    "atomic_path",
    "export_generator",
    "make_image_grid",
    "portable_model",
    "remove_partial_writes",
    "save_image_animation",
    "save_image_grid",
    "save_portable",
]
