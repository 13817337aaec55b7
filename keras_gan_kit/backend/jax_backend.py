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

import jax
import keras
from keras import StatelessScope

from keras_gan_kit.backend.base import Backend

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
    phase_transposed_convolutions = True

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

    def replica_random(self, draw, shape):
        # A data-parallel step is one program over the global batch, which
        # XLA shards: its draw is already the global batch's.
        return draw(shape)

    @contextlib.contextmanager
    def data_parallel(self, devices):
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

    def barrier(self):
        if jax.process_count() > 1:
            from jax.experimental import multihost_utils

            multihost_utils.sync_global_devices("keras_gan_kit")

    def data_shards(self):
        # The local devices of an active data-parallel distribution.
        distribution = keras.distribution.distribution()
        if distribution is None or not hasattr(distribution, "batch_dim_name"):
            return 1
        mesh = distribution.device_mesh
        shards = mesh.shape[mesh.axis_names.index(distribution.batch_dim_name)]
        return max(1, shards // jax.process_count())
