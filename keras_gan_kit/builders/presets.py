"""Named networks of the teaching material, one call away."""

import inspect

from keras_gan_kit.builders.conditional import conditional_discriminator
from keras_gan_kit.builders.conditional import conditional_generator
from keras_gan_kit.builders.dcgan import dcgan_discriminator
from keras_gan_kit.builders.dcgan import dcgan_generator
from keras_gan_kit.builders.mlp import mlp_discriminator
from keras_gan_kit.builders.mlp import mlp_generator
from keras_gan_kit.builders.patchgan import patchgan_discriminator
from keras_gan_kit.builders.r3gan import r3gan_discriminator
from keras_gan_kit.builders.r3gan import r3gan_generator
from keras_gan_kit.builders.resnet import resnet_discriminator
from keras_gan_kit.builders.resnet import resnet_generator
from keras_gan_kit.builders.resnet_translator import resnet_translator
from keras_gan_kit.builders.stylegan2 import stylegan2_discriminator
from keras_gan_kit.builders.stylegan2 import stylegan2_generator
from keras_gan_kit.builders.unet import unet_generator

# name: (description, generator builder and arguments, discriminator builder
# and arguments, suggested compile arguments).
_PRESETS = {
    "mlp_mnist": (
        "Vanilla GAN on MNIST: one 128-unit hidden layer each, LeakyReLU "
        "0.01, tanh output; train with Adam(2e-3), label_smoothing=0.1 and "
        "uniform latents.",
        mlp_generator,
        {"latent_dim": 100, "image_shape": (28, 28, 1)},
        mlp_discriminator,
        {"image_shape": (28, 28, 1)},
    ),
    "dcgan_mnist": (
        "The TensorFlow DCGAN tutorial on MNIST: Dense to 7x7x256, a stride-1 "
        "block, two 5x5 stride-2 transposed convolutions with batch norm and "
        "LeakyReLU; discriminator of two 5x5 stride-2 convolutions with "
        "dropout 0.3.",
        dcgan_generator,
        {
            "latent_dim": 100,
            "image_shape": (28, 28, 1),
            "filters": 64,
            "kernel_size": 5,
            "activation": "leaky_relu",
            "refine_blocks": 1,
            "allow_uneven_kernel": True,
        },
        dcgan_discriminator,
        {
            "image_shape": (28, 28, 1),
            "filters": 64,
            "kernel_size": 5,
            "dropout": 0.3,
            "allow_uneven_kernel": True,
        },
    ),
    "dcgan_svhn": (
        "The 4-layer DCGAN of the SVHN article: Dense to 4x4x512, transposed "
        "convolutions 256-128-3 with batch norm and ReLU; discriminator "
        "64-128-256 with batch norm (not on the first layer) and LeakyReLU "
        "0.2.",
        dcgan_generator,
        {
            "latent_dim": 100,
            "image_shape": (32, 32, 3),
            "filters": 128,
            "kernel_size": 5,
            "allow_uneven_kernel": True,
        },
        dcgan_discriminator,
        {
            "image_shape": (32, 32, 3),
            "filters": 64,
            "kernel_size": 5,
            "batch_norm": True,
            "dropout": 0.0,
            "allow_uneven_kernel": True,
        },
    ),
    "dcgan_cifar10": (
        "DCGAN for 32x32 colour images (one CIFAR-10 class, as in the teaching "
        "material): kernel 4, batch norm in both networks, ReLU/LeakyReLU.",
        dcgan_generator,
        {"latent_dim": 100, "image_shape": (32, 32, 3), "filters": 64},
        dcgan_discriminator,
        {
            "image_shape": (32, 32, 3),
            "filters": 64,
            "batch_norm": True,
            "dropout": 0.0,
        },
    ),
    "dcgan_notmnist": (
        "The notMNIST letters DCGAN: Dense to 7x7, transposed convolutions "
        "with LeakyReLU and tanh output; a smaller discriminator with lots of "
        "dropout (0.4).",
        dcgan_generator,
        {
            "latent_dim": 100,
            "image_shape": (28, 28, 1),
            "filters": 64,
            "activation": "leaky_relu",
        },
        dcgan_discriminator,
        {"image_shape": (28, 28, 1), "filters": 32, "dropout": 0.4},
    ),
    "cgan_mnist": (
        "Conditional GAN on MNIST: labels through Embedding(10, 50), a Dense "
        "layer and a Reshape to one feature map, concatenated with the latent "
        "branch (generator) or the image (discriminator).",
        conditional_generator,
        {"latent_dim": 100, "num_classes": 10, "image_shape": (28, 28, 1)},
        conditional_discriminator,
        {"image_shape": (28, 28, 1), "num_classes": 10},
    ),
    "sngan_cifar10": (
        "SNGAN's CIFAR-10 ResNets (Miyato et al. 2018): a generator of three "
        "256-channel residual up-blocks from 4x4; a discriminator of four "
        "128-channel residual blocks with spectral norm, a ReLU, a sum over "
        "positions and one logit.",
        resnet_generator,
        {"latent_dim": 128, "image_shape": (32, 32, 3), "filters": 256},
        resnet_discriminator,
        {"image_shape": (32, 32, 3), "filters": 128},
    ),
    "biggan_cifar10": (
        "A class-conditional BigGAN-style pair for CIFAR-10: the SNGAN "
        "ResNets with conditional batch norm on a shared class embedding "
        "concatenated with the latent, spectral norm in both networks, "
        "self-attention at 16x16 and a projection discriminator.",
        resnet_generator,
        {
            "latent_dim": 128,
            "image_shape": (32, 32, 3),
            "filters": 256,
            "num_classes": 10,
            "latent_in_condition": True,
            "attention_resolution": 16,
            "spectral_norm": True,
        },
        resnet_discriminator,
        {
            "image_shape": (32, 32, 3),
            "filters": 128,
            "num_classes": 10,
            "attention_resolution": 16,
        },
    ),
    "sngan_64": (
        "ResNets for 64x64 images from a folder: generator 512-512-256-128-"
        "64 channels from 4x4, discriminator 64-128-256-512 channels down to "
        "4x4 and a 512-channel block, spectral norm, self-attention at "
        "32x32 in both (SAGAN).",
        resnet_generator,
        {
            "latent_dim": 128,
            "image_shape": (64, 64, 3),
            "filters": 64,
            "attention_resolution": 32,
        },
        resnet_discriminator,
        {
            "image_shape": (64, 64, 3),
            "filters": 64,
            "channel_multipliers": (1, 2, 4, 8, 8),
            "attention_resolution": 32,
        },
    ),
    "stylegan2_cifar10": (
        "StyleGAN2 at 32x32 as in StyleGAN2-ADA's CIFAR-10 configuration "
        "(Karras et al. 2020): 512 channels at every resolution, a "
        "2-layer mapping network, skip generator, residual discriminator "
        "with minibatch standard deviation over groups of 32.",
        stylegan2_generator,
        {
            "latent_dim": 512,
            "image_shape": (32, 32, 3),
            "w_dim": 512,
            "mapping_layers": 2,
            "channel_base": 32768,
            "max_filters": 512,
            "style_mixing_probability": 0.0,
        },
        stylegan2_discriminator,
        {
            "image_shape": (32, 32, 3),
            "channel_base": 32768,
            "max_filters": 512,
            "mbstd_group_size": 32,
        },
    ),
    "stylegan2": (
        "StyleGAN2 config F for a folder of 256x256 colour images: an "
        "8-layer mapping network, 512 channels down to 128 at 256x256 "
        "(channel base 32768), style mixing 0.9, skip generator and "
        "residual discriminator.",
        stylegan2_generator,
        {
            "latent_dim": 512,
            "image_shape": (256, 256, 3),
            "w_dim": 512,
            "mapping_layers": 8,
            "channel_base": 32768,
            "max_filters": 512,
        },
        stylegan2_discriminator,
        {
            "image_shape": (256, 256, 3),
            "channel_base": 32768,
            "max_filters": 512,
        },
    ),
    "r3gan_cifar10": (
        "R3GAN's CIFAR-10 networks (Huang et al. 2024): 768 channels at "
        "4, 8, 16 and 32 pixels, two residual blocks per stage with "
        "expansion 2 and grouped 3x3 convolutions of 16 channels per "
        "group, no normalization, [1, 2, 1] resampling, a 64-d latent.",
        r3gan_generator,
        {
            "latent_dim": 64,
            "image_shape": (32, 32, 3),
            "filters": (768, 768, 768, 768),
        },
        r3gan_discriminator,
        {"image_shape": (32, 32, 3), "filters": (768, 768, 768, 768)},
    ),
    "r3gan": (
        "R3GAN's FFHQ-64 networks for a folder of 64x64 colour images: "
        "768 channels at 4 to 32 pixels and 384 at 64, two blocks per "
        "stage with expansion 2 and grouped convolutions of 16 channels "
        "per group, [1, 2, 1] resampling, a 64-d latent.",
        r3gan_generator,
        {
            "latent_dim": 64,
            "image_shape": (64, 64, 3),
            "filters": (768, 768, 768, 768, 384),
        },
        r3gan_discriminator,
        {"image_shape": (64, 64, 3), "filters": (768, 768, 768, 768, 384)},
    ),
    "pix2pix_edges2fashion": (
        "Pix2Pix for 32x32 edge maps to Fashion-MNIST clothes: a U-Net of "
        "16 to 128 filters with instance norm and decoder dropout; a "
        "34-pixel PatchGAN of 32 filters judging (edges, image) pairs.",
        unet_generator,
        {
            "image_shape": (32, 32, 1),
            "filters": 16,
            "max_filters": 128,
            "normalization": "instance",
        },
        patchgan_discriminator,
        {
            "image_shape": (32, 32, 1),
            "source_channels": 1,
            "filters": 32,
            "receptive_field": 34,
            "normalization": "instance",
        },
    ),
    "pix2pix": (
        "Pix2Pix as in Isola et al. 2017 for a folder of paired 256x256 "
        "colour images: a U-Net of 64 to 512 filters with decoder dropout "
        "and a 70x70 PatchGAN of 64 filters, instance norm (the paper's "
        "batch norm at batch size 1).",
        unet_generator,
        {
            "image_shape": (256, 256, 3),
            "filters": 64,
            "max_filters": 512,
            "normalization": "instance",
        },
        patchgan_discriminator,
        {
            "image_shape": (256, 256, 3),
            "source_channels": 3,
            "filters": 64,
            "receptive_field": 70,
            "normalization": "instance",
        },
    ),
    "cyclegan_sneaker2boot": (
        "CycleGAN for 32x32 Fashion-MNIST sneakers and ankle boots: two "
        "residual translators of 16 filters with 6 blocks and instance norm; "
        "two 34-pixel PatchGANs of 16 filters (each judges the whole shoe).",
        resnet_translator,
        {
            "image_shape": (32, 32, 1),
            "filters": 16,
            "num_blocks": 6,
            "normalization": "instance",
        },
        patchgan_discriminator,
        {
            "image_shape": (32, 32, 1),
            "filters": 16,
            "receptive_field": 34,
            "normalization": "instance",
        },
    ),
    "cyclegan": (
        "CycleGAN as in Zhu et al. 2017 for two folders of unpaired 256x256 "
        "colour images: residual translators of 64 filters (9 blocks at "
        "256 pixels, 6 below) and 70x70 PatchGANs of 64 filters, instance "
        "norm.",
        resnet_translator,
        {
            "image_shape": (256, 256, 3),
            "filters": 64,
            "normalization": "instance",
        },
        patchgan_discriminator,
        {
            "image_shape": (256, 256, 3),
            "filters": 64,
            "receptive_field": 70,
            "normalization": "instance",
        },
    ),
}
# The presets of two domains: two translators and two discriminators, built
# from the one pair of builders, in the order CycleGAN takes them.
_DOMAIN_PAIRS = ("cyclegan_sneaker2boot", "cyclegan")
_DOMAIN_PAIR_NAMES = ("a_to_b", "b_to_a", "discriminator_a", "discriminator_b")
# The same networks for Fashion-MNIST, whose images have MNIST's shape.
for _name, _what in (("dcgan", "DCGAN"), ("cgan", "conditional GAN")):
    _PRESETS[f"{_name}_fashion_mnist"] = (
        f"The {_what} networks of {_name}_mnist, for Fashion-MNIST.",
        *_PRESETS[f"{_name}_mnist"][1:],
    )


def list_presets():
    """Names and one-line descriptions of the built-in presets.

    Returns:
        A dict from preset name to description.

    Examples:

    ```python
    from keras_gan_kit import builders

    presets = builders.list_presets()
    print(len(presets), "sngan_cifar10" in presets)
    # 19 True
    ```
    """
    return {name: spec[0] for name, spec in _PRESETS.items()}


def _accepts(builder, key):
    return key in inspect.signature(builder).parameters


def preset(name, **overrides):
    """Builds the networks of a named preset.

    Args:
        name: A name from `list_presets()`.
        **overrides: Builder arguments to change. A plain name (for example
            `filters=8` or `image_shape=(16, 16, 1)`) goes to every builder
            that takes it; prefix it with `generator_` or `discriminator_`
            to reach one network only.

    Returns:
        A tuple of functional `keras.Model`s in the order the preset's
        model takes them: `(generator, discriminator)`, or for the
        CycleGAN presets (two domains) `(generator_ab, generator_ba,
        discriminator_a, discriminator_b)`, both translators built by the
        generator's builder and both discriminators by the
        discriminator's.

    Examples:

    ```python
    from keras_gan_kit import builders

    generator, discriminator = builders.preset("dcgan_mnist")
    print(generator.output_shape, discriminator.output_shape)
    # (None, 28, 28, 1) (None, 1)
    ```
    """
    if name not in _PRESETS:
        raise ValueError(
            f"Unknown preset {name!r}. Expected one of {sorted(_PRESETS)}; "
            "see builders.list_presets()."
        )
    _, generator_builder, generator_args, discriminator_builder, disc_args = (
        _PRESETS[name]
    )
    generator_args = dict(generator_args)
    disc_args = dict(disc_args)
    unused = []
    for key, value in overrides.items():
        targets = []
        if key.startswith("generator_"):
            targets = [(generator_builder, generator_args, key[10:])]
        elif key.startswith("discriminator_"):
            targets = [(discriminator_builder, disc_args, key[14:])]
        else:
            targets = [
                (generator_builder, generator_args, key),
                (discriminator_builder, disc_args, key),
            ]
        applied = False
        for builder, arguments, argument in targets:
            if _accepts(builder, argument):
                arguments[argument] = value
                applied = True
        if not applied:
            unused.append(key)
    if unused:
        builders = (generator_builder.__name__, discriminator_builder.__name__)
        raise ValueError(
            f"Preset {name!r} does not take {unused}: its builders are "
            f"{builders[0]} and {builders[1]}; check their arguments."
        )
    if name in _DOMAIN_PAIRS:
        ab, ba, d_a, d_b = _DOMAIN_PAIR_NAMES
        return (
            generator_builder(**generator_args, name=ab),
            generator_builder(**generator_args, name=ba),
            discriminator_builder(**disc_args, name=d_a),
            discriminator_builder(**disc_args, name=d_b),
        )
    return generator_builder(**generator_args), discriminator_builder(
        **disc_args
    )
