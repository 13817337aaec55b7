"""The gradient primitives of the training step on the TensorFlow backend
(GradientTape), and its input pipelines. The step itself is
`keras_gan_kit.models.training_step`.

Inside a `tf.distribute` strategy (`MirroredStrategy`,
`MultiWorkerMirroredStrategy`) each replica runs the step on its slice of
the global batch; `replicas()` tells the step to divide each loss by the
number of replicas, since the Keras optimizer sums their gradients.
"""

import contextlib
import os

import numpy as np
import tensorflow as tf


def run_step(step, gan, data):
    return step(gan, data)


def value_and_grad(function, variables):
    with tf.GradientTape() as tape:
        value, aux = function()
    return (value, aux), tape.gradient(value, variables)


def forward_and_pullback(function, variables):
    with tf.GradientTape() as tape:
        output = function()

    def pull_back(cotangent):
        return tape.gradient(output, variables, output_gradients=cotangent)

    return output, pull_back


def value_and_input_gradient(function, inputs):
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        value, aux = function(inputs)
    return (value, aux), tape.gradient(value, inputs)


def apply_gradients(optimizer, gradients, variables):
    optimizer.apply(gradients, variables)


def no_grad():
    return contextlib.nullcontext()


def array_dataset(x, y, batch_size, shuffle):
    """A `tf.data.Dataset` of in-memory arrays for `fit`, with tf.data's
    autotuning off.

    Keras's own adapter for NumPy arrays maps and prefetches with
    `tf.data.AUTOTUNE`; on a 2-core CPU its autotuning threads took cores
    from the training step and made some MNIST DCGAN epochs 1.8x slower
    (benchmarks/train_throughput.py). This pipeline does the same work
    (a shuffled index order per epoch, one gather per batch, one batch
    prefetched) on fixed threads. Returns None where `strategy` scope
    or unusual arguments leave the job to Keras.
    """
    if tf.distribute.has_strategy():
        return None
    arrays = (x,) if y is None else (x, y)
    tensors = tuple(tf.constant(array) for array in arrays)
    indices = tf.data.Dataset.range(len(x))
    if shuffle:
        indices = indices.shuffle(len(x), reshuffle_each_iteration=True)

    def gather(batch):
        batch = tuple(tf.gather(tensor, batch) for tensor in tensors)
        return batch[0] if y is None else batch

    dataset = indices.batch(batch_size).map(gather).prefetch(1)
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.with_options(options)


def py_dataset(batches):
    """A `tf.data.Dataset` over a `keras.utils.PyDataset`'s batches, in
    order, calling its `on_epoch_end` after each pass, with tf.data's
    autotuning off (see `array_dataset`). None where Keras should read it
    itself: inside a strategy, or with worker threads or processes."""
    if tf.distribute.has_strategy() or getattr(batches, "workers", 1) > 1:
        return None
    first = batches[0]

    def spec(array):
        array = np.asarray(array)
        return tf.TensorSpec((None,) + array.shape[1:], array.dtype)

    signature = tf.nest.map_structure(spec, first)
    if isinstance(signature, list):
        signature = tuple(signature)

    def generate():
        for index in range(len(batches)):
            batch = batches[index]
            yield tuple(batch) if isinstance(batch, list) else batch
        batches.on_epoch_end()

    dataset = tf.data.Dataset.from_generator(
        generate, output_signature=signature
    )
    dataset = dataset.apply(
        tf.data.experimental.assert_cardinality(len(batches))
    )
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.prefetch(1).with_options(options)


def replicas():
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return 1, 0
    return context.num_replicas_in_sync, context.replica_id_in_sync_group


def input_gradients(function, inputs):
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        value, aux = function(inputs)
    return tape.gradient(value, inputs), aux


def _local_devices():
    gpus = tf.config.list_logical_devices("GPU")
    return [
        device.name for device in gpus or tf.config.list_logical_devices("CPU")
    ]


@contextlib.contextmanager
def data_parallel(devices):
    if os.environ.get("TF_CONFIG"):
        if devices is not None:
            raise ValueError(
                "TF_CONFIG describes a cluster, so every worker trains on "
                "all its GPUs (tf.distribute.MultiWorkerMirroredStrategy); "
                f"received devices={devices}. Pass devices=None, or unset "
                "TF_CONFIG to train on chosen local devices."
            )
        strategy = tf.distribute.MultiWorkerMirroredStrategy()
    else:
        available = _local_devices()
        if devices is None:
            names = available
        else:
            known = {
                name.lower().replace("/device:", ""): name for name in available
            }
            unknown = [d for d in devices if d.lower().lstrip("/") not in known]
            if unknown:
                raise ValueError(
                    f"Unknown devices {unknown}; TensorFlow has "
                    f"{sorted(known)}. On CPU, "
                    "tf.config.set_logical_device_configuration (called "
                    "before TensorFlow starts) makes several logical CPUs."
                )
            names = [known[d.lower().lstrip("/")] for d in devices]
        strategy = tf.distribute.MirroredStrategy(names)
    with strategy.scope():
        yield strategy
