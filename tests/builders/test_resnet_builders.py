"""Residual builders: sizes, conditioning, errors, training, saving."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders


@pytest.mark.parametrize(
    "image_shape, blocks, down",
    [
        ((32, 32, 3), 3, 2),
        ((64, 64, 3), 4, 4),
        ((128, 128, 1), 5, 5),
        ((32, 64, 3), 3, 3),
        ((48, 16, 3), 2, 2),
    ],
)
def test_resnet_sizes(image_shape, blocks, down):
    generator = builders.resnet_generator(
        latent_dim=8, image_shape=image_shape, filters=2
    )
    discriminator = builders.resnet_discriminator(
        image_shape=image_shape, filters=2
    )
    assert generator.output_shape == (None,) + image_shape
    assert discriminator.output_shape == (None, 1)
    up_blocks = [
        layer
        for layer in generator.layers
        if isinstance(layer, keras_gan_kit.layers.ResidualUpBlock)
    ]
    down_blocks = [
        layer
        for layer in discriminator.layers
        if isinstance(layer, keras_gan_kit.layers.ResidualDownBlock)
    ]
    assert len(up_blocks) == blocks
    assert sum(block.downsample for block in down_blocks) == down
    assert down_blocks[0].first and not any(b.first for b in down_blocks[1:])


def test_sngan_cifar10_preset_is_the_paper_network():
    generator, discriminator = builders.preset("sngan_cifar10")
    assert generator.get_layer("start_map").output.shape[1:] == (4, 4, 256)
    assert [generator.get_layer(f"block_{i}").filters for i in (1, 2, 3)] == [
        256
    ] * 3
    blocks = [discriminator.get_layer(f"block_{i}") for i in (1, 2, 3, 4)]
    assert [b.filters for b in blocks] == [128] * 4
    assert [b.downsample for b in blocks] == [True, True, False, False]
    assert all(b.spectral_norm for b in blocks)
    assert isinstance(
        discriminator.get_layer("features"),
        keras_gan_kit.layers.GlobalSumPooling2D,
    )


def test_channel_progression_for_larger_images():
    generator = builders.resnet_generator(image_shape=(64, 64, 3), filters=4)
    assert generator.get_layer("start_map").output.shape[-1] == 32
    assert [generator.get_layer(f"block_{i}").filters for i in range(1, 5)] == [
        32,
        16,
        8,
        4,
    ]
    discriminator = builders.resnet_discriminator(
        image_shape=(64, 64, 3), filters=4
    )
    assert [
        discriminator.get_layer(f"block_{i}").filters for i in range(1, 6)
    ] == [4, 8, 16, 32, 64]


def test_conditional_resnets_take_labels():
    generator = builders.resnet_generator(
        latent_dim=8,
        image_shape=(16, 16, 3),
        filters=8,
        num_classes=3,
        latent_in_condition=True,
        attention_resolution=8,
    )
    discriminator = builders.resnet_discriminator(
        image_shape=(16, 16, 3),
        filters=8,
        num_classes=3,
        attention_resolution=8,
    )
    assert [tuple(x.shape) for x in generator.inputs] == [(None, 8), (None, 1)]
    assert [tuple(x.shape) for x in discriminator.inputs] == [
        (None, 16, 16, 3),
        (None, 1),
    ]
    # Conditional batch norm on the 128-wide embedding and the latent.
    block = generator.get_layer("block_1")
    assert block.conditional
    assert block.norm_1.gain.kernel.shape == (128 + 8, 8)
    # The label changes the image and the logit (once the zero-initialized
    # gains have learned something).
    block.norm_1.gain.kernel.assign(
        np.random.default_rng(2).normal(size=(136, 8))
    )
    latent = np.random.default_rng(0).normal(size=(2, 8)).astype("float32")
    images = [
        keras.ops.convert_to_numpy(
            generator([latent, np.full((2, 1), label, "int32")])
        )
        for label in (0, 1)
    ]
    assert not np.allclose(images[0], images[1])
    discriminator.get_layer("class_embedding").embeddings.assign(
        np.random.default_rng(1).normal(size=(3, 8))
    )
    logits = [
        keras.ops.convert_to_numpy(
            discriminator([images[0], np.full((2, 1), label, "int32")])
        )
        for label in (0, 1)
    ]
    assert not np.allclose(logits[0], logits[1])


def test_resnet_arguments_are_checked():
    with pytest.raises(ValueError, match=r"heights \[8, 16, 32\]"):
        builders.resnet_generator(filters=2, attention_resolution=12)
    with pytest.raises(ValueError, match="must hold 4 positive integers"):
        builders.resnet_generator(filters=2, channel_multipliers=(1, 2))
    with pytest.raises(ValueError, match="num_classes must be an integer >= 2"):
        builders.resnet_discriminator(filters=2, num_classes=1)
    with pytest.raises(ValueError, match="final_blocks must be an integer"):
        builders.resnet_discriminator(filters=2, final_blocks=-1)
    with pytest.raises(ValueError, match="cannot be reached by doubling"):
        builders.resnet_generator(image_shape=(6, 6, 3), filters=2)


def test_conditional_resnets_train_save_and_reload(tmp_path):
    # Every new layer at once: conditional batch norm, self-attention,
    # spectral norm in both networks, the projection head. The unconditional
    # networks train in test_builders.py::test_every_preset_trains; kept
    # small (one final block, one critic step), as tracing dominates.
    classes = 3
    generator = builders.resnet_generator(
        latent_dim=8,
        image_shape=(16, 16, 3),
        filters=8,
        num_classes=classes,
        attention_resolution=8,
        spectral_norm=True,
    )
    discriminator = builders.resnet_discriminator(
        image_shape=(16, 16, 3), filters=8, num_classes=classes, final_blocks=1
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator, seed=0)
    gan.compile(loss="hinge")
    rng = np.random.default_rng(0)
    images = np.tanh(rng.normal(size=(16, 16, 16, 3))).astype("float32")
    labels = np.arange(16) % 3
    before = [w.copy() for w in generator.get_weights()]
    history = gan.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    assert all(np.isfinite(v).all() for v in history.history.values())
    after = generator.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after))
    path = tmp_path / "gan.keras"
    gan.save(path)
    restored = keras.saving.load_model(path)
    for a, b in zip(gan.get_weights(), restored.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(
        restored.generate(4, seed=1), gan.generate(4, seed=1), atol=1e-5
    )
