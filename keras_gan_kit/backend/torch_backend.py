"""The training step's primitives on the PyTorch backend: eager autograd,
and the global random state that Keras's PyTorch layers draw from."""

import torch

from keras_gan_kit.backend.base import Backend


def _values(variables):
    return [variable.value for variable in variables]


class TorchBackend(Backend):
    """`Backend` on PyTorch: `torch.autograd`, eager."""

    name = "torch"
    joint_discriminator_pass = True

    def value_and_grad(self, function, variables):
        value, aux = function()
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
        with torch.no_grad():
            optimizer.apply(gradients, variables)

    def no_grad(self):
        return torch.no_grad()

    def replica_random(self, draw, shape):
        # One process trains on one device: its draw is the batch's.
        return draw(shape)

    def get_global_rng_state(self):
        # Keras's torch Dropout draws from the global generator when the
        # layer was given no seed; saved, a resumed run drops the same
        # units.
        return torch.get_rng_state().numpy().copy()

    def set_global_rng_state(self, state):
        torch.set_rng_state(torch.from_numpy(state.astype("uint8")))
