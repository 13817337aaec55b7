"""ConditionalGAN keeps every image with its own label, through every
input pipeline: the discriminator sees real images with their labels and
generated images with the labels that generated them."""

import keras
import numpy as np
import pytest
from keras import ops

import keras_gan_kit

NUM_CLASSES = 10
NUM_IMAGES = 64
BATCH_SIZE = 8
SHAPE = (4, 4, 1)


def _level(labels):
    # Label k as a pixel value: multiples of 1/8, exact in float32, so a
    # matching pair gives a mismatch of exactly 0.
    return (labels.astype("float32") - 4.0) / 8.0


class Mismatch(keras.layers.Layer):
    """The squared gap between an image's level and its label's."""

    def call(self, inputs):
        images, labels = inputs
        level = ops.mean(images, axis=(1, 2, 3))
        expected = (ops.cast(ops.reshape(labels, (-1,)), "float32") - 4.0) / 8.0
        return ops.expand_dims(ops.square(level - expected), -1)


def _probe_gan(label_sampling):
    """The generator draws label k as a constant image of its level (and
    never changes: its learning rate is 0); the discriminator's only
    weight multiplies the mismatch, so its gradient is exactly 0 while
    every pair it sees matches."""
    latent = keras.Input((2,))
    label = keras.Input((1,), dtype="int32")
    table = np.repeat(_level(np.arange(NUM_CLASSES))[:, None], 16, axis=1)
    levels = keras.layers.Embedding(
        NUM_CLASSES,
        16,
        embeddings_initializer=keras.initializers.Constant(table),
    )(label)
    ignored = keras.layers.Dense(
        16, use_bias=False, kernel_initializer="zeros"
    )(latent)
    images = keras.layers.Reshape(SHAPE)(
        keras.layers.Add()([keras.layers.Flatten()(levels), ignored])
    )
    generator = keras.Model([latent, label], images)
    real = keras.Input(SHAPE)
    real_label = keras.Input((1,), dtype="int32")
    logit = keras.layers.Dense(1, kernel_initializer="ones")(
        Mismatch()([real, real_label])
    )
    discriminator = keras.Model([real, real_label], logit)
    gan = keras_gan_kit.ConditionalGAN(
        generator,
        discriminator,
        num_classes=NUM_CLASSES,
        label_sampling=label_sampling,
    )
    gan.compile(
        d_optimizer=keras.optimizers.SGD(1.0),
        g_optimizer=keras.optimizers.SGD(0.0),
    )
    return gan


def _data():
    labels = np.random.default_rng(0).integers(0, NUM_CLASSES, NUM_IMAGES)
    images = np.broadcast_to(
        _level(labels)[:, None, None, None], (NUM_IMAGES,) + SHAPE
    ).copy()
    return images, labels.astype("int32")


def _pipelines():
    images, labels = _data()
    order = np.random.default_rng(1).permutation(NUM_IMAGES)
    cases = {
        "arrays": ((images, labels), {"batch_size": BATCH_SIZE}),
        "shuffled arrays": (
            (images[order], labels[order]),
            {"batch_size": BATCH_SIZE, "shuffle": True},
        ),
        "ShuffledBatches": (
            (
                keras_gan_kit.datasets.ShuffledBatches(
                    images, labels, batch_size=BATCH_SIZE, seed=3
                ),
            ),
            {"shuffle": False},
        ),
    }
    try:
        import tensorflow as tf

        dataset = tf.data.Dataset.from_tensor_slices((images, labels))
        cases["tf.data"] = (
            (dataset.shuffle(NUM_IMAGES, seed=2).batch(BATCH_SIZE),),
            {"shuffle": False},
        )
    except ImportError:
        pass
    try:
        import torch

        loader = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(
                torch.from_numpy(images), torch.from_numpy(labels)
            ),
            batch_size=BATCH_SIZE,
            shuffle=True,
        )
        cases["DataLoader"] = ((loader,), {"shuffle": False})
    except ImportError:
        pass
    return cases


PIPELINES = _pipelines()


def _kernel_after(gan, data, options):
    gan.fit(*data, epochs=2, verbose=0, **options)
    return float(gan.discriminator.get_weights()[0].reshape(()))


@pytest.mark.parametrize("label_sampling", ["uniform", "data"])
@pytest.mark.parametrize("pipeline", sorted(PIPELINES))
def test_every_pair_the_discriminator_sees_matches(pipeline, label_sampling):
    data, options = PIPELINES[pipeline]
    kernel = _kernel_after(_probe_gan(label_sampling), data, options)
    assert kernel == 1.0, f"{pipeline}: a mismatched pair moved the weight"


def test_the_probe_notices_a_mismatch():
    images, labels = _data()
    # Real images with the wrong labels...
    kernel = _kernel_after(
        _probe_gan("uniform"),
        (images, np.roll(labels, 1)),
        {"batch_size": BATCH_SIZE},
    )
    assert kernel != 1.0
    # ...or generated images judged with other labels than their own.
    gan = _probe_gan("uniform")
    judge = gan.compute_discriminator_loss

    def judge_with_other_labels(real_batch, fake_images, generator_inputs):
        latent, fake_labels = generator_inputs
        shifted = (fake_labels + 1) % NUM_CLASSES
        return judge(real_batch, fake_images, [latent, shifted])

    gan.compute_discriminator_loss = judge_with_other_labels
    kernel = _kernel_after(gan, (images, labels), {"batch_size": BATCH_SIZE})
    assert kernel != 1.0
