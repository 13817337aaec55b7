"""Trains a model on one device, then data-parallel on two; run as a
separate process, because the two virtual CPU devices must exist before
the backend starts.

    python -m tests.models.data_parallel_worker MODEL RESULT.npz

MODEL is `gan` (label smoothing and noise, two discriminator and two
generator updates per batch), `conditional_gan` (an AC-GAN with random
fake labels) or `batch_norm` (batch norm in both networks). RESULT.npz
holds, for `single` and `parallel`, the history and the weights, plus the
number of replicas the parallel run had.
"""

import os
import sys

if os.environ.get("KERAS_BACKEND") == "jax":
    os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"
if os.environ.get("KERAS_BACKEND") == "tensorflow":
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration()] * 2
    )

import keras  # noqa: E402
import numpy as np  # noqa: E402

import keras_gan_kit  # noqa: E402
from tests.conftest import make_acgan  # noqa: E402
from tests.conftest import make_images  # noqa: E402
from tests.conftest import make_networks  # noqa: E402

DEVICES = ["cpu:0", "cpu:1"]


def _model(kind):
    if kind == "conditional_gan":
        return make_acgan()
    keras.utils.set_random_seed(3)
    generator, discriminator = make_networks(
        batch_norm=kind == "batch_norm", dropout=0.0
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=5)
    if kind == "batch_norm":
        gan.compile()
    else:
        gan.compile(
            label_smoothing=0.1,
            label_noise=0.05,
            discriminator_steps=2,
            generator_steps=2,
        )
    return gan


def _train(kind):
    gan = _model(kind)
    images = make_images(64, seed=2)
    labels = np.arange(64) % 3
    y = labels if kind == "conditional_gan" else None
    history = gan.fit(
        images, y, batch_size=16, epochs=2, shuffle=False, verbose=0
    )
    return gan, history.history


def main(kind, result_path):
    result = {}
    gan, history = _train(kind)
    for key, values in history.items():
        result[f"single/history/{key}"] = np.asarray(values)
    for index, weight in enumerate(gan.get_weights()):
        result[f"single/weight/{index}"] = weight

    with keras_gan_kit.distribution.data_parallel(DEVICES) as engine:
        gan, history = _train(kind)
    if keras.backend.backend() == "tensorflow":
        replicas = engine.num_replicas_in_sync
    else:
        kernel = gan.generator.trainable_variables[0].value
        replicas = len(kernel.sharding.device_set)
    result["replicas"] = np.asarray(replicas)
    for key, values in history.items():
        result[f"parallel/history/{key}"] = np.asarray(values)
    for index, weight in enumerate(gan.get_weights()):
        result[f"parallel/weight/{index}"] = weight
    np.savez(result_path, **result)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
