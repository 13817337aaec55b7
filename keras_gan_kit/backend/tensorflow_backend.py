"""The training step's primitives on the TensorFlow backend: gradients
from `tf.GradientTape`, `tf.distribute`'s replica rules, and tf.data input
pipelines with fixed threads."""

import contextlib
import json
import os

import keras
import numpy as np
import tensorflow as tf

from keras_gan_kit.backend.base import Backend
from keras_gan_kit.backend.base import moving_statistics


def _replicas():
    """`(num_replicas, replica_id)` of the step being traced: inside a
    `tf.distribute` strategy each replica runs the step on its slice of the
    global batch; elsewhere `(1, 0)`. `replica_id` may be a tensor."""
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return 1, 0
    return context.num_replicas_in_sync, context.replica_id_in_sync_group


def _cluster_resolver():
    """The cluster of an active multi-worker strategy, or None."""
    if not tf.distribute.has_strategy():
        return None
    resolver = getattr(tf.distribute.get_strategy(), "cluster_resolver", None)
    if resolver is None or not resolver.cluster_spec().as_dict():
        return None
    return resolver


def _per_replica(value):
    """The share of `value` whose gradient one replica contributes: the
    Keras optimizer sums the replicas' gradients, so each takes the
    gradient of its loss divided by their number."""
    num_replicas = _replicas()[0]
    return value if num_replicas == 1 else value / num_replicas


def _local_devices():
    gpus = tf.config.list_logical_devices("GPU")
    return [
        device.name for device in gpus or tf.config.list_logical_devices("CPU")
    ]


def _without_autotuning(dataset):
    """`dataset` with one batch prefetched and tf.data's autotuning off:
    on a 2-core CPU its threads take cores from the training step."""
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.prefetch(1).with_options(options)


def _batches_dataset(batches, parts=1, rows=None):
    """A `tf.data.Dataset` of the batches of a `keras.utils.PyDataset`, in
    order, each split into `parts` consecutive parts of `rows` rows (None:
    any number), calling `batches.on_epoch_end()` after each pass."""
    first = batches[0]

    def spec(array):
        array = np.asarray(array)
        return tf.TensorSpec((rows,) + array.shape[1:], array.dtype)

    signature = tf.nest.map_structure(spec, first)
    if isinstance(signature, list):
        signature = tuple(signature)

    def generate():
        for index in range(len(batches)):
            batch = batches[index]
            batch = tuple(batch) if isinstance(batch, list) else batch
            # Each array split once, into its parts.
            split = [
                np.split(np.asarray(a), parts) for a in tf.nest.flatten(batch)
            ]
            for part in range(parts):
                yield tf.nest.pack_sequence_as(
                    batch, [pieces[part] for pieces in split]
                )
        batches.on_epoch_end()

    dataset = tf.data.Dataset.from_generator(
        generate, output_signature=signature
    )
    dataset = dataset.apply(
        tf.data.experimental.assert_cardinality(len(batches) * parts)
    )
    return _without_autotuning(dataset)


class TensorFlowBackend(Backend):
    """`Backend` on TensorFlow: `tf.GradientTape`, `tf.distribute`."""

    name = "tensorflow"
    dense_grouped_convolutions = True

    def __init__(self):
        # The strategy scopes that `data_parallel` entered, innermost last.
        self._scopes = []

    def run_step(self, step, gan, data):
        logs = step(gan, data)
        if _cluster_resolver() is None:
            return logs
        # Each worker's batch norm moved its statistics by its slice:
        # averaged over the workers, all hold one model (as on PyTorch).
        context = tf.distribute.get_replica_context()
        for variable in moving_statistics(gan):
            local = tf.identity(variable.value)  # this replica's tensor
            variable.assign(
                context.all_reduce(tf.distribute.ReduceOp.MEAN, local)
            )
        # Keras averages each log over the workers with a reduction over
        # axis 0, which a scalar does not have (Keras 3.15): one row each.
        return keras.tree.map_structure(
            lambda value: tf.reshape(value, (1,)) if value.shape.rank == 0
            else value,
            logs,
        )  # fmt: skip

    def value_and_grad(self, function, variables):
        with tf.GradientTape() as tape:
            value, aux = function()
            share = _per_replica(value)
        return (value, aux), tape.gradient(share, variables)

    def forward_and_pullback(self, function, variables):
        with tf.GradientTape() as tape:
            output = function()
        return output, (tape, variables)

    def value_and_grad_through(self, function, output, pull_back):
        tape, variables = pull_back
        with tf.GradientTape() as output_tape:
            output_tape.watch(output)
            value, aux = function(output)
            share = _per_replica(value)
        cotangent = output_tape.gradient(share, output)
        gradients = tape.gradient(output, variables, output_gradients=cotangent)
        return (value, aux), gradients

    def input_gradients(self, function, inputs):
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            value, aux = function(inputs)
        return tape.gradient(value, inputs), aux

    def no_grad(self):
        # A tape records only inside its `with` block.
        return contextlib.nullcontext()

    def replica_random(self, draw, shape):
        # Every replica holds the same seed generator state, so a plain
        # draw would give each the same numbers: each draws for the
        # global batch and keeps its own rows.
        num_replicas, replica_id = _replicas()
        if num_replicas == 1:
            return draw(shape)
        rest = tuple(shape[1:])
        values = draw((shape[0] * num_replicas,) + rest)
        start = (replica_id * shape[0],) + (0,) * len(rest)
        return tf.slice(values, start, (shape[0],) + rest)

    @contextlib.contextmanager
    def data_parallel(self, devices):
        if os.environ.get("TF_CONFIG"):
            if devices is not None:
                raise ValueError(
                    "TF_CONFIG describes a cluster, so every worker trains "
                    "on all its GPUs "
                    "(tf.distribute.MultiWorkerMirroredStrategy); received "
                    f"devices={devices}. Pass devices=None, or unset "
                    "TF_CONFIG to train on chosen local devices."
                )
            strategy = tf.distribute.MultiWorkerMirroredStrategy()
        else:
            available = _local_devices()
            if devices is None:
                names = available
            else:
                known = {
                    name.lower().replace("/device:", ""): name
                    for name in available
                }
                unknown = [
                    d for d in devices if d.lower().lstrip("/") not in known
                ]
                if unknown:
                    raise ValueError(
                        f"Unknown devices {unknown}; TensorFlow has "
                        f"{sorted(known)}. On CPU, "
                        "tf.config.set_logical_device_configuration (called "
                        "before TensorFlow starts) makes several logical "
                        "CPUs."
                    )
                names = [known[d.lower().lstrip("/")] for d in devices]
            strategy = tf.distribute.MirroredStrategy(names)
        scope = strategy.scope()
        scope.__enter__()
        self._scopes.append(scope)
        try:
            yield strategy
        finally:
            self._scopes.pop().__exit__(None, None, None)

    def process_index(self):
        # A worker of tf.distribute.MultiWorkerMirroredStrategy (TF_CONFIG).
        resolver = _cluster_resolver()
        return int(resolver.task_id or 0) if resolver is not None else 0

    @contextlib.contextmanager
    def alone(self, model):
        # A worker of several may not run a collective on its own (Keras's
        # predict gathers its outputs; a variable made in the strategy's
        # scope is broadcast): this worker alone computes outside the
        # strategy, reading the model's mirrored values.
        if _cluster_resolver() is None or model is None or not self._scopes:
            yield
            return
        models = [model] + [
            layer
            for layer in model._flatten_layers(include_self=False)
            if isinstance(layer, keras.Model)
        ]
        strategies = [m._distribute_strategy for m in models]
        self._scopes.pop().__exit__(None, None, None)
        try:
            for each in models:
                each._distribute_strategy = None
                each.predict_function = None
            yield
        finally:
            for each, strategy in zip(models, strategies):
                each._distribute_strategy = strategy
                each.predict_function = None
            scope = strategies[0].scope()
            scope.__enter__()
            self._scopes.append(scope)

    def launched_processes(self):
        cluster = json.loads(os.environ.get("TF_CONFIG") or "{}")
        return max(1, len(cluster.get("cluster", {}).get("worker", [])))

    def process_share(self):
        resolver = _cluster_resolver()
        if resolver is None:
            return 0, 1
        workers = resolver.cluster_spec().num_tasks("worker")
        return int(resolver.task_id or 0), workers

    def data_shards(self):
        # One worker's share must split over its replicas evenly; a single
        # worker's strategy splits uneven batches itself.
        if _cluster_resolver() is None:
            return 1
        return tf.distribute.get_strategy().num_replicas_in_sync

    def sharded_input(self, x):
        # tf.distribute shards a tf.data.Dataset over the workers itself.
        return isinstance(x, tf.data.Dataset)

    @contextlib.contextmanager
    def share_input(self, share):
        # Each worker's input is its share, split over its replicas in
        # order (replica i of the worker takes the i-th part of its rows).
        strategy = tf.distribute.get_strategy()
        replicas = strategy.num_replicas_in_sync // share.count
        rows = np.asarray(tf.nest.flatten(share[0])[0]).shape[0] // replicas

        def dataset(context):
            del context  # the share is this worker's already
            return _batches_dataset(share, replicas, rows)

        yield strategy.distribute_datasets_from_function(dataset)

    @contextlib.contextmanager
    def processes_fit(self, model):
        # Keras's TF trainer reduces the first batch over the workers to
        # build the model symbolically, which fails for a batch of several
        # tensors such as (images, labels) (Keras 3.15). A GAN builds its
        # optimizers in compile() and has no compiled loss to build: the
        # step is skipped.
        model._maybe_symbolic_build = lambda *args, **kwargs: None
        try:
            yield
        finally:
            del model._maybe_symbolic_build

    def barrier(self):
        resolver = _cluster_resolver()
        if resolver is not None and (
            resolver.cluster_spec().num_tasks("worker") > 1
        ):
            # A collective every worker must join.
            strategy = tf.distribute.get_strategy()
            strategy.reduce(
                tf.distribute.ReduceOp.SUM,
                strategy.run(lambda: tf.constant(1.0)),
                axis=None,
            )

    def cross_replica_mean(self, value):
        return self._all_reduce(tf.distribute.ReduceOp.MEAN, value)

    def cross_replica_sum(self, value):
        return self._all_reduce(tf.distribute.ReduceOp.SUM, value)

    def _all_reduce(self, op, value):
        # Inside a step of several replicas each holds its slice's value.
        if _replicas()[0] == 1:
            return value
        return tf.distribute.get_replica_context().all_reduce(op, value)

    def array_dataset(self, x, y, batch_size, shuffle):
        # Keras's own adapter maps and prefetches with tf.data.AUTOTUNE,
        # whose threads compete with the step on a small CPU; this does
        # the same work (a shuffled order per epoch, one gather per batch)
        # on fixed threads. Inside a strategy Keras distributes the data.
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

        return _without_autotuning(indices.batch(batch_size).map(gather))

    def py_dataset(self, batches):
        # Batches in order, `on_epoch_end` after each pass. Keras reads
        # the PyDataset itself inside a strategy or with worker threads.
        if tf.distribute.has_strategy() or getattr(batches, "workers", 1) > 1:
            return None
        return _batches_dataset(batches)
