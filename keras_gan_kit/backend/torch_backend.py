"""The training step's primitives on the PyTorch backend: eager autograd,
the global random state that Keras's PyTorch layers draw from, and data
parallel over processes (`torch_processes`)."""

import torch

from keras_gan_kit.backend import torch_processes
from keras_gan_kit.backend.base import Backend
from keras_gan_kit.backend.base import moving_statistics


def _values(variables):
    return [variable.value for variable in variables]


def _average_moving_statistics(model):
    """Averages batch norm's moving statistics over the processes, so
    every process holds the same model (every other variable is equal on
    every process already); no exchange for a model without batch norm."""
    state = moving_statistics(model)
    if not state:
        return
    with torch.no_grad():
        means = torch_processes.all_reduce(_values(state), mean=True)
        for variable, mean in zip(state, means):
            variable.assign(mean)


class TorchBackend(Backend):
    """`Backend` on PyTorch: `torch.autograd`, eager."""

    name = "torch"
    joint_discriminator_pass = True

    def run_step(self, step, gan, data):
        # Each process receives its rows of the global batch (`fit` reads
        # its share).
        logs = step(gan, data)
        if torch_processes.world_size() > 1:
            _average_moving_statistics(gan)
        return logs

    def value_and_grad(self, function, variables):
        value, aux = function()
        if not value.requires_grad:
            # A constant (a lazy penalty's skipped step): no gradient.
            return (value, aux), [None] * len(variables)
        gradients = torch.autograd.grad(
            value, _values(variables), allow_unused=True
        )
        return (value, aux), list(gradients)

    def forward_and_pullback(self, function, variables):
        # The graph of the pass is the pull-back: value_and_grad_through
        # takes one backward pass from the loss to the variables, as a hand
        # loop's loss.backward() does.
        return function(), variables

    def value_and_grad_through(self, function, output, pull_back):
        value, aux = function(output)
        gradients = torch.autograd.grad(
            value, _values(pull_back), allow_unused=True
        )
        return (value, aux), list(gradients)

    def input_gradients(self, function, inputs):
        inputs = inputs.detach().requires_grad_(True)
        value, aux = function(inputs)
        # create_graph: the penalty on this gradient trains the
        # discriminator.
        (gradient,) = torch.autograd.grad(value, inputs, create_graph=True)
        return gradient, aux

    def apply_gradients(self, optimizer, gradients, variables):
        if torch_processes.world_size() > 1:
            gradients = torch_processes.all_reduce(gradients, mean=True)
        with torch.no_grad():
            optimizer.apply(gradients, variables)

    def no_grad(self):
        return torch.no_grad()

    def replica_random(self, draw, shape):
        # Each process draws for the global batch (every process holds the
        # same seed state) and keeps its slice's rows.
        shards = torch_processes.world_size()
        if shards == 1:
            return draw(shape)
        values = draw((shape[0] * shards,) + tuple(shape[1:]))
        return torch_processes.local_slice(values, shards)

    def data_parallel(self, devices):
        return torch_processes.data_parallel(devices)

    def data_shards(self):
        return torch_processes.world_size()

    def process_share(self):
        group = torch_processes.active
        if group is None:
            return 0, 1
        return group.rank, group.world_size

    def launched_processes(self):
        return torch_processes.launched_world_size()

    def process_index(self):
        group = torch_processes.active
        return group.rank if group is not None else 0

    def barrier(self):
        if torch_processes.world_size() > 1:
            torch_processes.barrier()

    def cross_replica_mean(self, value):
        if torch_processes.world_size() == 1:
            return value
        return torch_processes.all_reduce([value], mean=True)[0]

    def cross_replica_sum(self, value):
        if torch_processes.world_size() == 1:
            return value
        return torch_processes.all_reduce([value], mean=False)[0]

    def get_global_rng_state(self):
        # Keras's torch Dropout draws from the global generator when the
        # layer was given no seed; saved, a resumed run drops the same
        # units.
        return torch.get_rng_state().numpy().copy()

    def set_global_rng_state(self, state):
        torch.set_rng_state(torch.from_numpy(state.astype("uint8")))
