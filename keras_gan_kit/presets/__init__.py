"""Presets as whole recipes: networks, training set-up and, for the
Fashion-MNIST presets, pretrained generators.

`GAN.from_preset(name)` (or `presets.from_preset`) returns a compiled model;
`list_presets()` describes every preset with what its recipe measured.
"""

from keras_gan_kit.presets.build import from_preset
from keras_gan_kit.presets.pretrained import list_pretrained
from keras_gan_kit.presets.recipe import Recipe
from keras_gan_kit.presets.registry import VARIANTS
from keras_gan_kit.presets.registry import get_recipe
from keras_gan_kit.presets.registry import has_recipe
from keras_gan_kit.presets.registry import list_presets

__all__ = [
    "Recipe",
    "VARIANTS",
    "from_preset",
    "get_recipe",
    "has_recipe",
    "list_presets",
    "list_pretrained",
]
