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
