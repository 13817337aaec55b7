"""The gradient step of `GAN` on the PyTorch backend (autograd, eager)."""

import torch


def _gradients(loss, variables):
    gradients = torch.autograd.grad(
        loss, [variable.value for variable in variables], allow_unused=True
    )
    return list(gradients)


def train_step(gan, data):
    real_batch = gan.unpack_batch(data)
    batch_size = real_batch[0].shape[0]
    discriminator_variables = gan.discriminator.trainable_variables
    generator_variables = gan.generator.trainable_variables

    def update_discriminator(generator_inputs, fake_images):
        d_loss, d_aux = gan.compute_discriminator_loss(
            real_batch, fake_images.detach(), generator_inputs
        )
        gradients = _gradients(
            gan.d_optimizer.scale_loss(d_loss), discriminator_variables
        )
        with torch.no_grad():
            gan.d_optimizer.apply(gradients, discriminator_variables)
            if gan.weight_clipping is not None:
                clipped = gan.clip_discriminator(discriminator_variables)
                for variable, value in zip(discriminator_variables, clipped):
                    variable.assign(value)
        return d_loss, d_aux

    for _ in range(gan.discriminator_steps - 1):
        # No graph through the generator: nothing flows back into it.
        with torch.no_grad():
            generator_inputs = gan.generator_inputs(batch_size, real_batch)
            fake_images = gan.generator(generator_inputs, training=True)
        update_discriminator(generator_inputs, fake_images)

    # One generator pass serves the last discriminator update (detached)
    # and the first generator update (back-propagated through the updated
    # discriminator), as in the PyTorch DCGAN example.
    for step in range(gan.generator_steps):
        generator_inputs = gan.generator_inputs(batch_size, real_batch)
        fake_images = gan.generator(generator_inputs, training=True)
        if step == 0:
            d_loss, d_aux = update_discriminator(generator_inputs, fake_images)
        g_loss, g_aux = gan.compute_generator_loss(
            real_batch, fake_images, generator_inputs
        )
        gradients = _gradients(
            gan.g_optimizer.scale_loss(g_loss), generator_variables
        )
        with torch.no_grad():
            gan.g_optimizer.apply(gradients, generator_variables)

    if gan.ema_generator is not None:
        with torch.no_grad():
            gan.update_generator_ema()
    return gan.update_metrics(d_loss, g_loss, d_aux, g_aux)


def input_gradients(function, inputs):
    inputs = inputs.detach().requires_grad_(True)
    value, aux = function(inputs)
    # create_graph: the penalty on this gradient trains the discriminator.
    (gradient,) = torch.autograd.grad(value, inputs, create_graph=True)
    return gradient, aux


def get_global_rng_state():
    # Keras's torch Dropout draws from the global generator when the layer
    # was given no seed; save it so a resumed run drops the same units.
    return torch.get_rng_state().numpy().copy()


def set_global_rng_state(state):
    torch.set_rng_state(torch.from_numpy(state.astype("uint8")))
