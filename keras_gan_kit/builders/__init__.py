"""Network builders shaped like `keras.applications`, and named presets.

Each builder returns a named functional `keras.Model` with no `Lambda`
layers, so it saves to `.keras` and loads with `safe_mode=True`.
"""

from keras_gan_kit.builders.conditional import conditional_discriminator
from keras_gan_kit.builders.conditional import conditional_generator
from keras_gan_kit.builders.dcgan import dcgan_discriminator
from keras_gan_kit.builders.dcgan import dcgan_generator
from keras_gan_kit.builders.mlp import mlp_discriminator
from keras_gan_kit.builders.mlp import mlp_generator
from keras_gan_kit.builders.patchgan import patchgan_discriminator
from keras_gan_kit.builders.patchgan import patchgan_receptive_field
from keras_gan_kit.builders.presets import list_presets
from keras_gan_kit.builders.presets import preset
from keras_gan_kit.builders.r3gan import r3gan_discriminator
from keras_gan_kit.builders.r3gan import r3gan_generator
from keras_gan_kit.builders.resnet import resnet_discriminator
from keras_gan_kit.builders.resnet import resnet_generator
from keras_gan_kit.builders.resnet_translator import resnet_translator
from keras_gan_kit.builders.stylegan2 import stylegan2_discriminator
from keras_gan_kit.builders.stylegan2 import stylegan2_generator
from keras_gan_kit.builders.stylegan2 import stylegan2_parts
from keras_gan_kit.builders.unet import unet_generator

__all__ = [
    "conditional_discriminator",
    "conditional_generator",
    "dcgan_discriminator",
    "dcgan_generator",
    "list_presets",
    "mlp_discriminator",
    "mlp_generator",
    "patchgan_discriminator",
    "patchgan_receptive_field",
    "preset",
    "r3gan_discriminator",
    "r3gan_generator",
    "resnet_discriminator",
    "resnet_generator",
    "resnet_translator",
    "stylegan2_discriminator",
    "stylegan2_generator",
    "stylegan2_parts",
    "unet_generator",
]
