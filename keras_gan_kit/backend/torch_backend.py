"""The gradient primitives of the training step on the PyTorch backend
(autograd, eager). The step itself is `keras_gan_kit.models.training_step`."""

import torch


def _values(variables):
    return [variable.value for variable in variables]


def run_step(step, gan, data):
    return step(gan, data)


def value_and_grad(function, variables):
    value, aux = function()
    gradients = torch.autograd.grad(
        value, _values(variables), allow_unused=True
    )
    return (value, aux), list(gradients)


class _PullBack:
    """Maps a cotangent of a forward pass's output to the gradients of its
    variables; `value_and_grad_through` reads `variables` to take both in
    one backward pass."""

    def __init__(self, output, variables):
        self.output = output
        self.variables = variables

    def __call__(self, cotangent):
        gradients = torch.autograd.grad(
            self.output,
            _values(self.variables),
            grad_outputs=cotangent,
            allow_unused=True,
        )
        return list(gradients)


def forward_and_pullback(function, variables):
    output = function()
    return output, _PullBack(output, variables)


def value_and_grad_through(function, output, pull_back):
    # One backward pass from the loss to the variables, as a hand loop's
    # loss.backward() makes, rather than a gradient with respect to the
    # output and a separate pull-back.
    value, aux = function(output)
    gradients = torch.autograd.grad(
        value, _values(pull_back.variables), allow_unused=True
    )
    return (value, aux), list(gradients)


def apply_gradients(optimizer, gradients, variables):
    with torch.no_grad():
        optimizer.apply(gradients, variables)


def no_grad():
    return torch.no_grad()


def input_gradients(function, inputs):
    inputs = inputs.detach().requires_grad_(True)
    value, aux = function(inputs)
    # create_graph: the penalty on this gradient trains the discriminator.
    (gradient,) = torch.autograd.grad(value, inputs, create_graph=True)
    return gradient, aux


def joint_discriminator_pass():
    return True


def get_global_rng_state():
    # Keras's torch Dropout draws from the global generator when the layer
    # was given no seed; save it so a resumed run drops the same units.
    return torch.get_rng_state().numpy().copy()


def set_global_rng_state(state):
    torch.set_rng_state(torch.from_numpy(state.astype("uint8")))
