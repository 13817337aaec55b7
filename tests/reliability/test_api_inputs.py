"""Bad input to the Python API: one ValueError that names the argument,
says what was received and how to fix it, the same on every backend."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from tests.conftest import IMAGE_SHAPE
from tests.conftest import make_auxiliary_networks
from tests.conftest import make_gan
from tests.conftest import make_images
from tests.conftest import make_networks


def _discriminator(*head):
    return keras.Sequential(
        [keras.Input(IMAGE_SHAPE), keras.layers.Flatten(), *head]
    )


@pytest.mark.parametrize(
    "head, message",
    [
        (
            [keras.layers.Dense(2, activation="softmax")],
            "outputs shape (None, 2), 2 values per image",
        ),
        ([keras.layers.Dense(2)], "outputs shape (None, 2)"),
        (
            [keras.layers.Dense(1, activation="sigmoid")],
            "ends its real-vs-generated output in a sigmoid",
        ),
        (
            [keras.layers.Dense(1), keras.layers.Activation("sigmoid")],
            "in a sigmoid activation",
        ),
        (
            [keras.layers.Dense(1), keras.layers.Softmax()],
            "in a softmax activation",
        ),
        (
            [
                keras.layers.Dense(1, activation="sigmoid"),
                keras.layers.Reshape((1,)),
            ],
            "in a sigmoid activation",
        ),
    ],
)
def test_a_discriminator_head_that_is_not_a_logit_is_refused(head, message):
    generator, _ = make_networks()
    with pytest.raises(ValueError) as error:
        keras_gan_kit.GAN(generator, _discriminator(*head))
    assert message in str(error.value)
    assert "keras.layers.Dense(1) with no activation" in str(error.value)


def test_two_outputs_are_refused_by_gan_and_point_to_conditional_gan():
    generator, acgan_discriminator = make_auxiliary_networks()
    unconditional, _ = make_networks()
    with pytest.raises(ValueError, match="returns 2 outputs.*ConditionalGAN"):
        keras_gan_kit.GAN(unconditional, acgan_discriminator)
    # The same discriminator is right for ConditionalGAN.
    keras_gan_kit.ConditionalGAN(generator, acgan_discriminator)


def test_conditional_heads_must_be_logits():
    generator, _ = make_auxiliary_networks()
    images = keras.Input(IMAGE_SHAPE)
    features = keras.layers.Flatten()(images)
    squashed_class_head = keras.Model(
        images,
        [
            keras.layers.Dense(1)(features),
            keras.layers.Dense(3, activation="softmax")(features),
        ],
    )
    with pytest.raises(ValueError, match="class output in a softmax"):
        keras_gan_kit.ConditionalGAN(generator, squashed_class_head)
    sigmoid_validity = keras.Model(
        images,
        [
            keras.layers.Dense(1, activation="sigmoid")(features),
            keras.layers.Dense(3)(features),
        ],
    )
    with pytest.raises(ValueError, match="real-vs-generated output in a sig"):
        keras_gan_kit.ConditionalGAN(generator, sigmoid_validity)


def test_patch_and_linear_heads_are_accepted():
    generator, _ = make_networks()
    patch = keras.Sequential(
        [keras.Input(IMAGE_SHAPE), keras.layers.Conv2D(1, 3, padding="same")]
    )
    keras_gan_kit.GAN(generator, patch)
    keras_gan_kit.GAN(generator, _discriminator(keras.layers.Dense(1)))


def _empty_containers():
    empty = np.zeros((0,) + IMAGE_SHAPE, "float32")
    cases = [("array", empty)]

    class Empty(keras.utils.PyDataset):
        def __len__(self):
            return 0

        def __getitem__(self, index):
            raise IndexError(index)

    cases.append(("PyDataset", Empty()))
    try:
        import tensorflow as tf

        cases.append(
            ("tf.data.Dataset", tf.data.Dataset.from_tensor_slices(empty))
        )
        cases.append(
            (
                "tf.data.Dataset",
                tf.data.Dataset.from_tensor_slices(empty).batch(4),
            )
        )
    except ImportError:
        pass
    try:
        import torch

        cases.append(
            (
                "DataLoader",
                torch.utils.data.DataLoader(
                    torch.zeros((0,) + IMAGE_SHAPE), batch_size=4
                ),
            )
        )
    except ImportError:
        pass
    return cases


@pytest.mark.parametrize(
    "kind, data",
    _empty_containers(),
    ids=lambda c: getattr(c, "__name__", None),
)
def test_empty_data_gets_one_message(kind, data):
    gan = make_gan()
    gan.compile()
    with pytest.raises(ValueError) as error:
        gan.fit(data, epochs=1, verbose=0)
    assert str(error.value).startswith(f"fit() received an empty {kind}")
    assert "yields no images" in str(error.value)


@pytest.mark.parametrize("container", [list, tuple])
def test_a_python_list_of_images_is_refused(container):
    gan = make_gan()
    gan.compile()
    images = container(make_images(6))
    with pytest.raises(ValueError, match="received a Python .* of 6 items"):
        gan.fit(images, epochs=1, verbose=0)


def test_empty_labels_for_a_conditional_gan():
    generator, discriminator = make_auxiliary_networks()
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator)
    gan.compile()
    empty = np.zeros((0,) + IMAGE_SHAPE, "float32")
    with pytest.raises(ValueError, match="fit\\(\\) received an empty array"):
        gan.fit(empty, np.zeros((0,), "int32"), epochs=1, verbose=0)


@pytest.mark.parametrize("argument", ["label_smoothing", "label_noise"])
@pytest.mark.parametrize("value", ["abc", None, float("nan"), 1.0, -0.1, True])
def test_target_arguments_are_named(argument, value):
    gan = make_gan()
    with pytest.raises(ValueError) as error:
        gan.compile(**{argument: value})
    assert f"{argument} must be a number in [0, 1); received {argument}=" in (
        str(error.value)
    )


@pytest.mark.parametrize(
    "build, argument",
    [
        (lambda: builders.dcgan_generator(filters=0), "filters"),
        (lambda: builders.dcgan_discriminator(filters=-4), "filters"),
        (lambda: builders.dcgan_generator(latent_dim=0), "latent_dim"),
        (lambda: builders.conditional_generator(filters=0), "filters"),
        (lambda: builders.conditional_discriminator(filters=0), "filters"),
        (lambda: builders.mlp_generator(latent_dim=0), "latent_dim"),
        (
            lambda: builders.mlp_generator(hidden_units=(64, 0)),
            "hidden_units[1]",
        ),
        (
            lambda: builders.mlp_discriminator(hidden_units=(2.5,)),
            "hidden_units[0]",
        ),
        (lambda: builders.dcgan_generator(filters="64"), "filters"),
    ],
)
def test_builder_arguments_are_named(build, argument):
    with pytest.raises(ValueError) as error:
        build()
    message = str(error.value)
    assert message.startswith(f"{argument} must be an integer >= ")
    assert "units" not in message.replace("hidden_units", "")


@pytest.mark.parametrize(
    "keys",
    [("x", "y"), ("x_train", "y_train")],
)
def test_a_dataset_file_with_fewer_labels_than_images_is_refused(
    keys, tmp_path
):
    path = tmp_path / "x.npz"
    pixels = np.zeros((50, 8, 8), "uint8")
    np.savez(path, **{keys[0]: pixels, keys[1]: np.zeros(49, "int64")})
    with pytest.raises(ValueError) as error:
        keras_gan_kit.datasets.load_path(path)
    message = str(error.value)
    assert f"{str(path)!r} holds 50 images but 49 labels" in message
    assert "one label per image" in message and "Save the file" in message


def test_a_cifar_file_with_fewer_labels_is_refused_before_filtering(tmp_path):
    path = tmp_path / "cifar.npz"
    np.savez(
        path, x=np.zeros((50, 32, 32, 3), "uint8"), y=np.zeros(49, "int64")
    )
    with pytest.raises(ValueError, match="holds 50 images but 49 labels"):
        keras_gan_kit.datasets.load("cifar10", path=path, class_name="frog")


def test_conditional_fit_names_both_lengths_and_the_fix():
    gan = keras_gan_kit.ConditionalGAN(*make_auxiliary_networks())
    gan.compile()
    with pytest.raises(ValueError) as error:
        gan.fit(make_images(12), np.zeros(11, "int32"), epochs=1, verbose=0)
    assert "Received 12 images but 11 labels" in str(error.value)
    assert "len(y) == len(x)" in str(error.value)


@pytest.mark.parametrize("argument", ["d_optimizer", "g_optimizer"])
@pytest.mark.parametrize("value", ["adamw2", 3])
def test_an_unknown_optimizer_is_named_with_the_choices(argument, value):
    gan = make_gan()
    with pytest.raises(ValueError) as error:
        gan.compile(**{argument: value})
    message = str(error.value)
    assert f"received {argument}={value!r}" in message
    assert ", adam, " in message and ", sgd" in message
    assert "keras.optimizers.Optimizer" in message


def test_optimizer_names_are_accepted_in_any_case():
    gan = make_gan()
    gan.compile(d_optimizer="SGD", g_optimizer="adam")
    assert isinstance(gan.d_optimizer, keras.optimizers.SGD)
    assert isinstance(gan.g_optimizer, keras.optimizers.Adam)


def test_a_list_of_differently_shaped_images_names_the_shapes():
    gan = make_gan()
    gan.compile()
    same = [np.zeros(IMAGE_SHAPE, "float32")] * 3
    odd = np.zeros((5, 5, 1), "float32")
    with pytest.raises(ValueError) as error:
        gan.fit(same + [odd] + same, epochs=1, verbose=0)
    message = str(error.value)
    assert f"item 0 has shape {IMAGE_SHAPE}" in message
    assert "item 3 has shape (5, 5, 1)" in message
    assert "resize them to one size" in message


def test_evaluating_against_images_of_another_shape_is_refused_first(
    monkeypatch,
):
    generator, _ = make_networks()

    def no_extractor(*args, **kwargs):
        raise AssertionError("a feature extractor was loaded")

    monkeypatch.setattr(
        keras_gan_kit.metrics.evaluation, "build_metrics", no_extractor
    )
    real = np.zeros((8, 8, 8, 3), "float32")
    with pytest.raises(ValueError) as error:
        keras_gan_kit.evaluate(generator, real, metrics=["fid"])
    message = str(error.value)
    assert f"images of shape {IMAGE_SHAPE}" in message
    assert "real_data holds images of shape (8, 8, 3)" in message


@pytest.mark.parametrize(
    "build",
    [builders.dcgan_generator, builders.dcgan_discriminator],
)
def test_a_kernel_smaller_than_its_stride_is_refused_even_if_uneven_allowed(
    build,
):
    with pytest.raises(ValueError) as error:
        build(kernel_size=1, allow_uneven_kernel=True)
    message = str(error.value)
    assert "kernel_size=1 is smaller than the stride 2" in message
    assert "kernel_size=4" in message
    build(kernel_size=3, allow_uneven_kernel=True)
