"""Builders: shapes, options, errors, serialization and a short fit()."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders

SHAPES = [(28, 28, 1), (32, 32, 3), (64, 64, 3)]


@pytest.mark.parametrize("image_shape", SHAPES)
@pytest.mark.parametrize("upsampling", ["transpose", "resize"])
def test_dcgan_shapes(image_shape, upsampling):
    generator = builders.dcgan_generator(
        latent_dim=8, image_shape=image_shape, filters=4, upsampling=upsampling
    )
    discriminator = builders.dcgan_discriminator(
        image_shape=image_shape, filters=4
    )
    assert generator.output_shape == (None,) + image_shape
    assert discriminator.output_shape == (None, 1)
    images = keras.ops.convert_to_numpy(generator(np.zeros((2, 8), "float32")))
    assert images.shape == (2,) + image_shape
    assert np.all(np.abs(images) <= 1.0)  # tanh
    assert discriminator(images).shape == (2, 1)


def test_dcgan_start_sizes_follow_the_recipe():
    # 28 = 7 x 4, 32 = 4 x 8, 64 = 4 x 16.
    for image_shape, start in [
        ((28, 28, 1), 7),
        ((32, 32, 3), 4),
        ((64, 64, 3), 4),
    ]:
        generator = builders.dcgan_generator(image_shape=image_shape, filters=4)
        assert generator.get_layer("start_map").output.shape[1:3] == (
            start,
            start,
        )


def test_rectangular_images():
    generator = builders.dcgan_generator(image_shape=(16, 32, 3), filters=4)
    discriminator = builders.dcgan_discriminator(
        image_shape=(16, 32, 3), filters=4
    )
    assert generator.output_shape == (None, 16, 32, 3)
    assert generator.get_layer("start_map").output.shape[1:3] == (4, 8)
    assert discriminator.output_shape == (None, 1)


def test_mlp_shapes_and_options():
    generator = builders.mlp_generator(
        latent_dim=10, image_shape=(8, 8, 1), hidden_units=(16, 16), dropout=0.2
    )
    discriminator = builders.mlp_discriminator(
        image_shape=(8, 8, 1), hidden_units=(16,), dropout=0.3
    )
    assert generator.output_shape == (None, 8, 8, 1)
    assert discriminator.output_shape == (None, 1)
    assert (
        sum(
            isinstance(layer, keras.layers.Dropout)
            for layer in generator.layers
        )
        == 2
    )
    slopes = [
        layer.negative_slope
        for layer in generator.layers
        if isinstance(layer, keras.layers.LeakyReLU)
    ]
    assert slopes == [0.01, 0.01]


def test_dcgan_options_change_the_layers():
    generator = builders.dcgan_generator(
        image_shape=(16, 16, 1),
        filters=4,
        batch_norm=False,
        activation="leaky_relu",
    )
    assert not any(
        isinstance(layer, keras.layers.BatchNormalization)
        for layer in generator.layers
    )
    assert any(
        isinstance(layer, keras.layers.LeakyReLU) for layer in generator.layers
    )
    assert generator.layers[-1].activation.__name__ == "tanh"
    discriminator = builders.dcgan_discriminator(
        image_shape=(16, 16, 1),
        filters=4,
        batch_norm=True,
        dropout=0.0,
        spectral_norm=True,
    )
    kinds = [type(layer).__name__ for layer in discriminator.layers]
    assert "SpectralNormalization" in kinds and "Dropout" not in kinds
    # Batch norm on every convolution but the first.
    assert (
        kinds.count("BatchNormalization")
        == kinds.count("SpectralNormalization") - 2
    )


def test_output_convolution_makes_the_image_at_full_size():
    generator = builders.dcgan_generator(
        latent_dim=4,
        image_shape=(16, 16, 1),
        filters=4,
        refine_blocks=1,
        output_kernel_size=3,
    )
    image = generator.get_layer("image")
    assert isinstance(image, keras.layers.Conv2D)
    assert image.kernel_size == (3, 3) and image.strides == (1, 1)
    # The last doubling now makes filters // 2 maps, normalized.
    last = generator.get_layer("up_1")
    assert last.filters == 2 and last.output.shape[1:3] == (16, 16)
    generator.get_layer("up_1_bn")
    assert generator.get_layer("refine_0").output.shape[1:] == (4, 4, 8)
    assert generator.output_shape == (None, 16, 16, 1)
    conditional = builders.conditional_generator(
        latent_dim=4,
        num_classes=3,
        image_shape=(16, 16, 1),
        filters=4,
        refine_blocks=1,
        output_kernel_size=5,
    )
    assert conditional.get_layer("image").kernel_size == (5, 5)
    # The refine block sees the label map joined to the start maps.
    assert conditional.get_layer("refine_0").input.shape[-1] == 9
    assert conditional.output_shape == (None, 16, 16, 1)


def test_discriminator_refine_blocks_work_at_the_final_size():
    discriminator = builders.dcgan_discriminator(
        image_shape=(16, 16, 1), filters=4, refine_blocks=2, dropout=0.0
    )
    for index in range(2):
        layer = discriminator.get_layer(f"refine_{index}")
        assert layer.filters == 8 and layer.kernel_size == (3, 3)
        assert layer.output.shape[1:3] == (4, 4)
    assert discriminator.output_shape == (None, 1)


def test_uneven_kernel_is_refused_with_an_explanation():
    with pytest.raises(
        ValueError, match="kernel_size=5 is not divisible.*checkerboard"
    ):
        builders.dcgan_generator(kernel_size=5)
    with pytest.raises(ValueError, match="checkerboard"):
        builders.dcgan_discriminator(kernel_size=3)
    generator = builders.dcgan_generator(
        kernel_size=5, allow_uneven_kernel=True
    )
    assert generator.output_shape == (None, 28, 28, 1)
    # Resize-then-convolve has no stride in its convolution: any kernel.
    assert builders.dcgan_generator(
        kernel_size=5, upsampling="resize"
    ).output_shape == (
        None,
        28,
        28,
        1,
    )


def test_bad_sizes_and_choices():
    with pytest.raises(
        ValueError, match=r"image_shape=\(27, 27, 1\) cannot be reached"
    ):
        builders.dcgan_generator(image_shape=(27, 27, 1))
    with pytest.raises(
        ValueError, match="3 stride-2 steps need image sides divisible by 8"
    ):
        builders.dcgan_generator(image_shape=(28, 28, 1), num_upsamples=3)
    with pytest.raises(ValueError, match="must be at least 1; received 0"):
        builders.dcgan_generator(image_shape=(28, 28, 1), num_upsamples=0)
    with pytest.raises(ValueError, match="upsampling must be 'transpose'"):
        builders.dcgan_generator(upsampling="bilinear")
    with pytest.raises(ValueError, match="Unknown head 'film'"):
        builders.conditional_discriminator(head="film")
    with pytest.raises(ValueError, match="image_shape must be"):
        builders.mlp_generator(image_shape=(28, 28))
    with pytest.raises(
        ValueError,
        match=r"output_kernel_size must be an integer >= 1 or None; "
        "received 0",
    ):
        builders.dcgan_generator(output_kernel_size=0)
    with pytest.raises(
        ValueError, match="refine_blocks must be an integer >= 0; received -1"
    ):
        builders.conditional_generator(refine_blocks=-1)
    with pytest.raises(
        ValueError, match="refine_blocks must be an integer >= 0; received 1.5"
    ):
        builders.dcgan_discriminator(refine_blocks=1.5)


@pytest.mark.parametrize("head", ["concat", "projection", "auxiliary"])
def test_conditional_builders(head):
    generator = builders.conditional_generator(
        latent_dim=8, num_classes=3, image_shape=(16, 16, 1), filters=4
    )
    discriminator = builders.conditional_discriminator(
        image_shape=(16, 16, 1), num_classes=3, head=head, filters=4
    )
    embedding = generator.get_layer("label_embedding")
    assert (embedding.input_dim, embedding.output_dim) == (3, 50)
    labels = np.array([[0], [2]], "int32")
    images = keras.ops.convert_to_numpy(
        generator([np.zeros((2, 8), "float32"), labels])
    )
    assert tuple(images.shape) == (2, 16, 16, 1)
    if head == "auxiliary":
        logits, class_logits = discriminator(images)
        assert tuple(logits.shape) == (2, 1) and tuple(class_logits.shape) == (
            2,
            3,
        )
    else:
        assert tuple(discriminator([images, labels]).shape) == (2, 1)


def test_projection_depends_on_the_label():
    discriminator = builders.conditional_discriminator(
        image_shape=(8, 8, 1), num_classes=4, head="projection", filters=4
    )
    images = (
        np.random.default_rng(0).uniform(-1, 1, (1, 8, 8, 1)).astype("float32")
    )
    outputs = [
        float(
            keras.ops.convert_to_numpy(
                discriminator([images, np.array([[k]])])
            )[0, 0]
        )
        for k in range(4)
    ]
    assert len(set(np.round(outputs, 6))) == 4


@pytest.mark.parametrize("features", ["flatten", "average"])
def test_projection_logit_matches_a_numpy_reference(features):
    discriminator = builders.conditional_discriminator(
        image_shape=(16, 16, 1),
        num_classes=4,
        head="projection",
        filters=4,
        projection_features=features,
    )
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (3, 16, 16, 1)).astype("float32")
    labels = np.array([[0], [3], [1]], "int32")
    maps = keras.Model(
        discriminator.inputs, discriminator.get_layer("down_1_act").output
    )([images, labels])
    maps = keras.ops.convert_to_numpy(maps)
    phi = (
        maps.reshape(len(maps), -1)
        if features == "flatten"
        else maps.mean(axis=(1, 2))
    )
    kernel, bias = discriminator.get_layer("unconditional").get_weights()
    table = discriminator.get_layer("class_embedding").get_weights()[0]
    expected = phi @ kernel + bias + (table[labels[:, 0]] * phi).sum(1)[:, None]
    logits = keras.ops.convert_to_numpy(discriminator([images, labels]))
    np.testing.assert_allclose(logits, expected, rtol=1e-4, atol=1e-5)
    assert table.shape == (4, phi.shape[1])


def test_unknown_projection_features_are_refused():
    with pytest.raises(ValueError, match="projection_features 'max'"):
        builders.conditional_discriminator(
            head="projection", projection_features="max"
        )


@pytest.mark.parametrize(
    "model_fn",
    [
        lambda: builders.mlp_generator(
            latent_dim=4, image_shape=(4, 4, 1), hidden_units=(8,)
        ),
        lambda: builders.dcgan_generator(
            latent_dim=4, image_shape=(8, 8, 1), filters=4
        ),
        lambda: builders.dcgan_generator(
            latent_dim=4,
            image_shape=(8, 8, 1),
            filters=4,
            batch_norm=False,
            refine_blocks=1,
            output_kernel_size=3,
        ),
        lambda: builders.dcgan_discriminator(
            image_shape=(8, 8, 1), filters=4, refine_blocks=1
        ),
        lambda: builders.dcgan_discriminator(
            image_shape=(8, 8, 1),
            filters=4,
            spectral_norm=True,
            batch_norm=True,
        ),
        lambda: builders.conditional_generator(
            latent_dim=4, num_classes=3, image_shape=(8, 8, 1), filters=4
        ),
        lambda: builders.conditional_discriminator(
            image_shape=(8, 8, 1), num_classes=3, head="projection", filters=4
        ),
        lambda: builders.stylegan2_discriminator(
            image_shape=(8, 8, 1), channel_base=32, max_filters=4
        ),
        lambda: builders.r3gan_generator(
            latent_dim=4,
            image_shape=(8, 8, 1),
            filters=(4, 4),
            group_channels=2,
        ),
        lambda: builders.r3gan_discriminator(
            image_shape=(8, 8, 1), filters=(4, 4), group_channels=2
        ),
    ],
)
def test_builders_save_and_load_safely(model_fn, tmp_path):
    model = model_fn()
    assert not any(
        isinstance(layer, keras.layers.Lambda) for layer in model.layers
    )
    path = tmp_path / "model.keras"
    model.save(path)
    restored = keras.saving.load_model(path, safe_mode=True)
    assert restored.name == model.name
    for a, b in zip(model.get_weights(), restored.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_presets_list_and_errors():
    assert set(builders.list_presets()) == {
        "mlp_mnist",
        "dcgan_mnist",
        "dcgan_svhn",
        "dcgan_cifar10",
        "dcgan_notmnist",
        "cgan_mnist",
        "dcgan_fashion_mnist",
        "cgan_fashion_mnist",
        "sngan_cifar10",
        "biggan_cifar10",
        "sngan_64",
        "pix2pix_edges2fashion",
        "pix2pix",
        "cyclegan_sneaker2boot",
        "cyclegan",
        "stylegan2_cifar10",
        "stylegan2",
        "r3gan_cifar10",
        "r3gan",
    }
    # The CycleGAN presets build two translators and two discriminators.
    ab, ba, d_a, d_b = builders.preset("cyclegan_sneaker2boot")
    assert (ab.name, ba.name) == ("a_to_b", "b_to_a")
    assert d_a.output_shape == d_b.output_shape == (None, 6, 6, 1)
    with pytest.raises(ValueError, match="Unknown preset 'dcgan'"):
        builders.preset("dcgan")
    with pytest.raises(ValueError, match=r"does not take \['colour'\]"):
        builders.preset("dcgan_mnist", colour=True)


def test_dcgan_mnist_preset_is_the_tensorflow_tutorial():
    generator, discriminator = builders.preset("dcgan_mnist")
    assert generator.get_layer("project").units == 7 * 7 * 128
    assert generator.get_layer("refine_0").filters == 128
    assert [generator.get_layer(n).filters for n in ("up_0", "image")] == [
        64,
        1,
    ]
    assert generator.get_layer("image").kernel_size == (5, 5)
    assert [discriminator.get_layer(f"down_{i}").filters for i in range(2)] == [
        64,
        128,
    ]
    assert discriminator.get_layer("down_0_dropout").rate == 0.3


PRESET_SIZES = {
    "mlp_mnist": {"image_shape": (8, 8, 1), "hidden_units": (8,)},
    "dcgan_mnist": {"image_shape": (12, 12, 1), "filters": 4},
    "dcgan_svhn": {"image_shape": (16, 16, 3), "filters": 4},
    "dcgan_cifar10": {"image_shape": (16, 16, 3), "filters": 4},
    "dcgan_notmnist": {"image_shape": (12, 12, 1), "filters": 4},
    "cgan_mnist": {"image_shape": (12, 12, 1), "filters": 4, "num_classes": 3},
    "sngan_cifar10": {"image_shape": (16, 16, 3), "filters": 8},
}


@pytest.mark.parametrize("name", sorted(PRESET_SIZES))
def test_every_preset_trains(name):
    overrides = dict(PRESET_SIZES[name], latent_dim=8)
    generator, discriminator = builders.preset(name, **overrides)
    image_shape = overrides["image_shape"]
    rng = np.random.default_rng(0)
    images = np.tanh(rng.normal(size=(16,) + image_shape)).astype("float32")
    if name.startswith("cgan"):
        gan = keras_gan_kit.ConditionalGAN(generator, discriminator)
        labels = np.arange(16) % 3
    else:
        gan = keras_gan_kit.GAN(generator, discriminator)
        labels = None
    gan.compile()
    before = [w.copy() for w in gan.generator.get_weights()]
    history = gan.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    assert all(np.isfinite(v[0]) for v in history.history.values())
    after = gan.generator.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after))


def test_spectral_norm_discriminator_trains_and_updates_its_power_iteration():
    generator = builders.dcgan_generator(
        latent_dim=4, image_shape=(8, 8, 1), filters=4
    )
    discriminator = builders.dcgan_discriminator(
        image_shape=(8, 8, 1), filters=4, spectral_norm=True
    )
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile(loss="hinge")
    vectors = [
        v for v in discriminator.non_trainable_variables if "vector_u" in v.path
    ]
    assert vectors
    before = [np.array(v.numpy()) for v in vectors]
    images = np.tanh(np.random.default_rng(0).normal(size=(16, 8, 8, 1)))
    history = gan.fit(
        images.astype("float32"), batch_size=8, epochs=1, verbose=0
    )
    assert np.isfinite(history.history["d_loss"][0])
    assert any(not np.allclose(b, v.numpy()) for b, v in zip(before, vectors))


def test_spectral_norm_with_batch_norm(backend):
    generator = builders.dcgan_generator(
        latent_dim=4, image_shape=(16, 16, 1), filters=4
    )
    discriminator = builders.dcgan_discriminator(
        image_shape=(16, 16, 1), filters=4, spectral_norm=True, batch_norm=True
    )
    gan = keras_gan_kit.GAN(generator, discriminator)
    if backend == "torch":
        with pytest.raises(ValueError, match="combines SpectralNormalization"):
            gan.compile()
        return
    gan.compile()
    images = np.tanh(np.random.default_rng(0).normal(size=(16, 16, 16, 1)))
    history = gan.fit(
        images.astype("float32"), batch_size=8, epochs=1, verbose=0
    )
    assert np.isfinite(history.history["d_loss"][0])
