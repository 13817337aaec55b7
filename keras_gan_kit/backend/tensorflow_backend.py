"""The gradient step of `GAN` on the TensorFlow backend (GradientTape)."""

import tensorflow as tf


def train_step(gan, data):
    real_batch = gan.unpack_batch(data)
    batch_size = tf.shape(real_batch[0])[0]
    discriminator_variables = gan.discriminator.trainable_variables
    generator_variables = gan.generator.trainable_variables

    for _ in range(gan.discriminator_steps):
        # Generated outside the tape: nothing flows back into the generator.
        generator_inputs = gan.generator_inputs(batch_size, real_batch)
        fake_images = tf.stop_gradient(
            gan.generator(generator_inputs, training=True)
        )
        with tf.GradientTape() as tape:
            d_loss, d_aux = gan.compute_discriminator_loss(
                real_batch, fake_images, generator_inputs
            )
            scaled_loss = gan.d_optimizer.scale_loss(d_loss)
        gradients = tape.gradient(scaled_loss, discriminator_variables)
        gan.d_optimizer.apply(gradients, discriminator_variables)
        if gan.weight_clipping is not None:
            clipped = gan.clip_discriminator(discriminator_variables)
            for variable, value in zip(discriminator_variables, clipped):
                variable.assign(value)

    for _ in range(gan.generator_steps):
        generator_inputs = gan.generator_inputs(batch_size, real_batch)
        with tf.GradientTape() as tape:
            g_loss, g_aux = gan.compute_generator_loss(
                real_batch, generator_inputs
            )
            scaled_loss = gan.g_optimizer.scale_loss(g_loss)
        gradients = tape.gradient(scaled_loss, generator_variables)
        gan.g_optimizer.apply(gradients, generator_variables)

    if gan.ema_generator is not None:
        gan.update_generator_ema()
    return gan.update_metrics(d_loss, g_loss, d_aux, g_aux)


def input_gradients(function, inputs):
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        value, aux = function(inputs)
    return tape.gradient(value, inputs), aux
