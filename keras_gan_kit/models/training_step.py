"""One training step of a GAN, written once for every backend.

`GAN.train_step` runs `train_step` below through `backend.current.run_step`.
The schedule (which network is updated in which order, the generator pass
that two updates share, the stabilizers' hooks and penalties on the
generator's weights, the EMA and the metrics) is
here, in `keras.ops`; the active backend (`keras_gan_kit.backend.Backend`,
one subclass per backend) contributes only primitives: `value_and_grad`,
`forward_and_pullback`, `value_and_grad_through`, `apply_gradients`,
`no_grad`, and `run_step`, which on JAX binds the model's state so that
this code is one stateless jitted function there.

A batch goes from `fit` through Keras's trainer to `GAN.train_step`, here,
into the model's hooks (`unpack_batch`, `generator_inputs`,
`compute_discriminator_loss`, `compute_generator_loss`, `update_metrics`,
`after_step`), and comes back as the logs.
"""

import keras
from keras import ops

# The active backend's `keras_gan_kit.backend.Backend`.
from keras_gan_kit.backend import current as backend


def train_step(gan, data):
    """One step of `gan` on a batch: `discriminator_steps` discriminator
    updates, then `generator_steps` generator updates.

    The last discriminator update and the first generator update share one
    generator pass, as in the PyTorch DCGAN example: the discriminator
    learns on the generated batch (gradients stopped), then the generator
    learns from the updated discriminator's verdict on that same batch,
    its gradient pulled back through that pass.

    Args:
        gan: A compiled `GAN`.
        data: The batch as `fit` delivers it.

    Returns:
        The logs of the step.
    """
    real_batch = gan.unpack_batch(data)
    batch_size = ops.shape(real_batch[0])[0]
    generator_variables = gan.generator.trainable_variables
    g_optimizer = gan.optimizer.generator_optimizer

    for _ in range(gan.discriminator_steps - 1):
        # No graph through the generator: nothing flows back into it.
        with backend.no_grad():
            inputs = gan.generator_inputs(batch_size, real_batch)
            fake_images = gan.generator(inputs, training=True)
        update_discriminator(gan, real_batch, inputs, fake_images)

    for step in range(gan.generator_steps):
        inputs = gan.generator_inputs(batch_size, real_batch)
        fake_images, pull_back = backend.forward_and_pullback(
            lambda inputs=inputs: gan.generator(inputs, training=True),
            generator_variables,
        )
        if step == 0:
            d_loss, d_aux = update_discriminator(
                gan, real_batch, inputs, fake_images
            )

        def generator_objective(images, inputs=inputs):
            loss, aux = gan.compute_generator_loss(real_batch, images, inputs)
            return g_optimizer.scale_loss(loss), (loss, aux)

        (_, (g_loss, g_aux)), gradients = backend.value_and_grad_through(
            generator_objective, fake_images, pull_back
        )
        gradients = add_generator_penalties(gan, inputs, gradients, g_aux)
        backend.apply_gradients(g_optimizer, gradients, generator_variables)
        with backend.no_grad():
            for stabilizer in gan.stabilizers:
                stabilizer.after_generator_update(gan)

    with backend.no_grad():
        gan.after_step()
    return gan.update_metrics(d_loss, g_loss, d_aux, g_aux)


def add_generator_penalties(gan, generator_inputs, gradients, aux):
    """The generator's gradients plus those of the stabilizers' penalties
    on its weights (path length), whose logs go into `aux`."""
    penalizing = [s for s in gan.stabilizers if s.penalizes_generator]
    if not penalizing:
        return gradients
    variables = gan.generator.trainable_variables
    g_optimizer = gan.optimizer.generator_optimizer

    def objective():
        total, logs = ops.zeros((), "float32"), {}
        for stabilizer in penalizing:
            term, terms_logs = stabilizer.generator_penalty(
                gan, generator_inputs
            )
            total = total + term
            logs.update(terms_logs)
        return g_optimizer.scale_loss(total), logs

    (_, logs), penalty_gradients = backend.value_and_grad(objective, variables)
    aux.update(logs)
    return [
        extra
        if gradient is None
        else gradient
        if extra is None
        else gradient + extra
        for gradient, extra in zip(gradients, penalty_gradients)
    ]


def update_discriminator(gan, real_batch, generator_inputs, fake_images):
    """One discriminator update on a real and a generated batch (whose
    gradients are stopped); returns `(d_loss, aux)`."""
    # One batch of images, or (CycleGAN) a list of them.
    fake_images = keras.tree.map_structure(ops.stop_gradient, fake_images)
    variables = gan.discriminator.trainable_variables
    d_optimizer = gan.optimizer.discriminator_optimizer

    def objective():
        loss, aux = gan.compute_discriminator_loss(
            real_batch, fake_images, generator_inputs
        )
        return d_optimizer.scale_loss(loss), (loss, aux)

    (_, (d_loss, d_aux)), gradients = backend.value_and_grad(
        objective, variables
    )
    backend.apply_gradients(d_optimizer, gradients, variables)
    with backend.no_grad():
        for stabilizer in gan.stabilizers:
            stabilizer.after_discriminator_update(gan)
    return d_loss, d_aux
