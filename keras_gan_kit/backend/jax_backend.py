"""The training step's primitives on the JAX backend.

Keras's JAX trainer jits `train_step(state, data)` with
`state = (trainable, non_trainable, optimizer, metrics)` values.
`run_step` binds every variable of the model to its value in one
`keras.StatelessScope`, runs the step written once in
`keras_gan_kit.models.training_step` (which reads and assigns variables as
on the other backends), and collects the new values: the step stays one
stateless function, traced once. The gradient primitives take gradients with
`jax.value_and_grad` / `jax.vjp` of a function run in a nested scope that
binds the differentiated variables to the transform's arguments; the
non-trainable values it changes (batch-norm statistics, seed generators,
ADA's state) come back as auxiliary outputs and are assigned to the outer
scope. The optimizer part of the state is `GANOptimizer.variables`, the
discriminator optimizer's state followed by the generator optimizer's.
"""

import contextlib
import os

import jax
import keras
import numpy as np
from keras import StatelessScope

from keras_gan_kit.backend.base import Backend

# The environment variables of `keras.distribution.initialize()`.
_JOB_ADDRESSES = "KERAS_DISTRIBUTION_JOB_ADDRESSES"
_NUM_PROCESSES = "KERAS_DISTRIBUTION_NUM_PROCESSES"
_PROCESS_ID = "KERAS_DISTRIBUTION_PROCESS_ID"


def _join_processes():
    """Joins the processes that the environment describes, as
    `keras.distribution.initialize()` does (the first address is the
    coordinator's)."""
    names = (_JOB_ADDRESSES, _PROCESS_ID)
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise ValueError(
            f"{_NUM_PROCESSES}={os.environ[_NUM_PROCESSES]} says this "
            f"process is one of several, but {missing} are not set. Set "
            f"{_JOB_ADDRESSES} to the coordinator's HOST:PORT (the same on "
            f"every process) and {_PROCESS_ID} to this process's index, "
            "from 0."
        )
    keras.distribution.initialize()


# The variables of the step being traced (`run_step` sets them): all of
# them, and the non-trainable ones a loss or forward pass may change.
_STEP = []


def _current(variables):
    """The values of `variables` in the step's scope."""
    return [variable.value for variable in variables]


def _bound_call(function, variables, values):
    """Runs `function()` with every variable of the step at its current
    value and `variables` at `values`; returns its output and the new
    values of the step's mutable (non-trainable) variables."""
    # Outside a step (a primitive called on its own) only `variables`
    # are bound and nothing else is mutable.
    step_variables, mutable = _STEP[-1] if _STEP else (variables, [])
    mapping = {id(v): (v, v.value) for v in step_variables}
    for variable, value in zip(variables, values):
        mapping[id(variable)] = (variable, value)
    with StatelessScope(state_mapping=list(mapping.values())) as scope:
        output = function()
    return output, [scope.get_current_value(v) for v in mutable]


def _assign_mutable(values):
    if _STEP:
        for variable, value in zip(_STEP[-1][1], values):
            variable.assign(value)


class JaxBackend(Backend):
    """`Backend` on JAX: a stateless step under `keras.StatelessScope`,
    gradients from `jax.value_and_grad` and `jax.vjp`."""

    name = "jax"
    dense_grouped_convolutions = True
    phase_transposed_convolutions = True
    sliced_resampling = True

    def run_step(self, step, gan, state, data):
        # Keras's JAX trainer calls train_step(state, data) and expects
        # (logs, state) back.
        trainable, non_trainable, optimizer_values, metrics_values = state
        variables = (
            gan.trainable_variables
            + gan.non_trainable_variables
            + gan.optimizer.variables
            + gan.metrics_variables
        )
        values = (
            list(trainable)
            + list(non_trainable)
            + list(optimizer_values)
            + list(metrics_values)
        )
        _STEP.append((variables, gan.non_trainable_variables))
        try:
            with StatelessScope(
                state_mapping=list(zip(variables, values))
            ) as scope:
                logs = step(gan, data)
        finally:
            _STEP.pop()
        new_state = tuple(
            [scope.get_current_value(v) for v in refs]
            for refs in (
                gan.trainable_variables,
                gan.non_trainable_variables,
                gan.optimizer.variables,
                gan.metrics_variables,
            )
        )
        return logs, new_state

    def value_and_grad(self, function, variables):
        def compute(values):
            (value, aux), mutable = _bound_call(function, variables, values)
            return value, (aux, mutable)

        (value, (aux, mutable)), gradients = jax.value_and_grad(
            compute, has_aux=True
        )(_current(variables))
        _assign_mutable(mutable)
        return (value, aux), gradients

    def forward_and_pullback(self, function, variables):
        def forward(values):
            return _bound_call(function, variables, values)

        output, vjp, mutable = jax.vjp(
            forward, _current(variables), has_aux=True
        )
        _assign_mutable(mutable)
        return output, vjp

    def value_and_grad_through(self, function, output, pull_back):
        # The gradient with respect to the pass's output, then pulled back
        # to the variables through the pass's vjp.
        def compute(output):
            (value, aux), mutable = _bound_call(
                lambda: function(output), (), ()
            )
            return value, (aux, mutable)

        (value, (aux, mutable)), cotangent = jax.value_and_grad(
            compute, has_aux=True
        )(output)
        _assign_mutable(mutable)
        (gradients,) = pull_back(cotangent)
        return (value, aux), list(gradients)

    def input_gradients(self, function, inputs):
        return jax.grad(function, has_aux=True)(inputs)

    def apply_gradients(self, optimizer, gradients, variables):
        # stateless_apply, as Keras's own JAX trainer does (it is also what
        # keeps LossScaleOptimizer's conditional update stateless).
        new_values, new_state = optimizer.stateless_apply(
            _current(optimizer.variables), gradients, _current(variables)
        )
        for variable, value in zip(
            list(variables) + list(optimizer.variables),
            list(new_values) + list(new_state),
        ):
            variable.assign(value)

    def no_grad(self):
        # Gradients are taken of functions, not recorded.
        return contextlib.nullcontext()

    def lazily(self, active, compute, skip):
        # Both, then a select: XLA's CPU runtime runs a `lax.cond` branch
        # holding a second-order penalty 8 (16 channels) to 70 (64
        # channels) times slower than the same computation inline (a
        # 16-channel StyleGAN2 step: 0.18 s, 2.5 s when the lazy branch
        # runs, 0.30 s with the penalty every step; benchmarks/README.md).
        chosen, skipped = compute(), skip()
        return keras.tree.map_structure(
            lambda a, b: keras.ops.where(active, a, b), chosen, skipped
        )

    def replica_random(self, draw, shape):
        # A data-parallel step is one program over the global batch, which
        # XLA shards: its draw is already the global batch's.
        return draw(shape)

    @contextlib.contextmanager
    def data_parallel(self, devices):
        launched = self.launched_processes() > 1
        if launched and not jax.distributed.is_initialized():
            _join_processes()
        available = keras.distribution.list_devices()
        if devices is None:
            devices = available
        unknown = [device for device in devices if device not in available]
        if unknown:
            raise ValueError(
                f"Unknown devices {unknown}; JAX has {available}. On CPU, "
                "XLA_FLAGS=--xla_force_host_platform_device_count=N (set "
                "before JAX starts) makes N virtual devices."
            )
        distribution = keras.distribution.DataParallel(devices=devices)
        with distribution.scope():
            yield distribution

    def process_index(self):
        # After keras.distribution.initialize(), one of several hosts.
        return jax.process_index()

    @contextlib.contextmanager
    def alone(self, model):
        # Several processes run one program over their global arrays, in
        # which every process must take part. This process alone computes
        # with local copies of the model's values (each process holds them
        # all: data parallel replicates the variables), outside the
        # processes' distribution, and puts the global values back after.
        distribution = keras.distribution.distribution()
        if jax.process_count() == 1 or distribution is None or model is None:
            yield
            return
        if getattr(model, "_jax_state", None) is not None:
            # Inside fit, Keras's JAX trainer holds the values apart from
            # the variables until it syncs them.
            model.jax_state_sync()
        variables = model.variables
        saved = [(v._layout, v._value) for v in variables]
        keras.distribution.set_distribution(None)
        try:
            for variable, (_, value) in zip(variables, saved):
                variable._layout = None
                variable.assign(np.asarray(value))
            yield
        finally:
            for variable, (layout, value) in zip(variables, saved):
                variable._layout, variable._value = layout, value
            keras.distribution.set_distribution(distribution)

    def launched_processes(self):
        return int(os.environ.get(_NUM_PROCESSES) or "1")

    def process_share(self):
        # Keras makes each global batch from every process's rows
        # (`jax.make_array_from_process_local_data`).
        distribution = keras.distribution.distribution()
        if jax.process_count() == 1 or distribution is None:
            return 0, 1
        return jax.process_index(), jax.process_count()

    def sharded_input(self, x):
        # Keras's distribution shards a tf.data.Dataset over the processes
        # itself (`DataParallel.auto_shard_dataset`).
        return type(x).__module__.startswith("tensorflow")

    @contextlib.contextmanager
    def share_input(self, share):
        # The share is this process's rows already: Keras must not shard
        # it again.
        distribution = keras.distribution.distribution()
        auto_shard = distribution.auto_shard_dataset
        distribution.auto_shard_dataset = False
        try:
            yield share
        finally:
            distribution.auto_shard_dataset = auto_shard

    def barrier(self):
        if jax.process_count() > 1:
            from jax.experimental import multihost_utils

            multihost_utils.sync_global_devices("keras_gan_kit")

    def data_shards(self):
        # The devices (of every process) of an active data-parallel
        # distribution.
        distribution = keras.distribution.distribution()
        if distribution is None or not hasattr(distribution, "batch_dim_name"):
            return 1
        mesh = distribution.device_mesh
        return mesh.shape[mesh.axis_names.index(distribution.batch_dim_name)]
