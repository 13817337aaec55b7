"""The gradient step of `GAN` on the TensorFlow backend (GradientTape)."""

import tensorflow as tf


def train_step(gan, data):
    real_images = gan.unpack_images(data)
    batch_size = tf.shape(real_images)[0]
    discriminator_variables = gan.discriminator.trainable_variables
    generator_variables = gan.generator.trainable_variables

    for _ in range(gan.discriminator_steps):
        # Generated outside the tape: nothing flows back into the generator.
        fake_images = tf.stop_gradient(
            gan.generator(gan.latent_batch(batch_size), training=True)
        )
        with tf.GradientTape() as tape:
            d_loss, real_logits, fake_logits = gan.compute_discriminator_loss(
                real_images, fake_images
            )
        gradients = tape.gradient(d_loss, discriminator_variables)
        gan.d_optimizer.apply(gradients, discriminator_variables)

    for _ in range(gan.generator_steps):
        latent = gan.latent_batch(batch_size)
        with tf.GradientTape() as tape:
            g_loss = gan.compute_generator_loss(real_images, latent)
        gradients = tape.gradient(g_loss, generator_variables)
        gan.g_optimizer.apply(gradients, generator_variables)

    return gan.update_metrics(d_loss, g_loss, real_logits, fake_logits)
