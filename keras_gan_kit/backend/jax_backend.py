"""The gradient step of `GAN` on the JAX backend: one stateless function.

Keras's JAX trainer jits `train_step(state, data)` with
`state = (trainable, non_trainable, optimizer, metrics)` values. The
optimizer part is `GANOptimizer.variables`, the discriminator optimizer's
state followed by the generator optimizer's, so both travel through the
jitted step; the non-trainable part holds batch-norm statistics and every
seed generator's state, the latent sampler's included.
"""

import jax
from keras import StatelessScope
from keras import ops


def _replace(values, indices, new_values):
    values = list(values)
    for index, value in zip(indices, new_values):
        values[index] = value
    return values


def train_step(gan, state, data):
    trainable, non_trainable, optimizer_state, metrics_state = state
    real_batch = gan.unpack_batch(data)
    batch_size = real_batch[0].shape[0]

    trainable_refs = gan.trainable_variables
    non_trainable_refs = gan.non_trainable_variables
    position = {id(variable): i for i, variable in enumerate(trainable_refs)}
    d_indices = [position[id(v)] for v in gan.discriminator.trainable_variables]
    g_indices = [position[id(v)] for v in gan.generator.trainable_variables]
    d_optimizer_state, g_optimizer_state = gan.optimizer.split_variables(
        optimizer_state
    )

    optimizer_refs = gan.optimizer.variables

    def run_stateless(
        function, trainable_values, non_trainable_values, optimizer_values
    ):
        """Runs `function` with the model's variables (and the optimizers',
        whose step counts and loss scales the step reads) bound to values;
        returns its output and the updated non-trainable values."""
        mapping = (
            list(zip(trainable_refs, trainable_values))
            + list(zip(non_trainable_refs, non_trainable_values))
            + list(zip(optimizer_refs, optimizer_values))
        )
        with StatelessScope(state_mapping=mapping) as scope:
            output = function()
        updated = [scope.get_current_value(v) for v in non_trainable_refs]
        return output, updated

    def network_loss(indices, optimizer, compute):
        """The scaled loss of one network as a function of its weight
        values, for `jax.value_and_grad`; `compute()` returns
        `(loss, aux)` with the model's variables bound."""

        def loss_fn(
            values, trainable_values, non_trainable_values, optimizer_values
        ):
            def scaled():
                loss, aux = compute()
                return optimizer.scale_loss(loss), (loss, aux)

            (scaled_loss, (loss, aux)), non_trainable_values = run_stateless(
                scaled,
                _replace(trainable_values, indices, values),
                non_trainable_values,
                optimizer_values,
            )
            return scaled_loss, (loss, aux, non_trainable_values)

        return loss_fn

    def compute_discriminator_loss():
        generator_inputs = gan.generator_inputs(batch_size, real_batch)
        fake_images = ops.stop_gradient(
            gan.generator(generator_inputs, training=True)
        )
        return gan.compute_discriminator_loss(
            real_batch, fake_images, generator_inputs
        )

    def compute_generator_loss():
        generator_inputs = gan.generator_inputs(batch_size, real_batch)
        return gan.compute_generator_loss(real_batch, generator_inputs)

    discriminator_loss = network_loss(
        d_indices, gan.d_optimizer, compute_discriminator_loss
    )
    generator_loss = network_loss(
        g_indices, gan.g_optimizer, compute_generator_loss
    )

    d_value_and_grad = jax.value_and_grad(discriminator_loss, has_aux=True)
    for _ in range(gan.discriminator_steps):
        d_values = [trainable[i] for i in d_indices]
        (_, (d_loss, d_aux, non_trainable)), gradients = d_value_and_grad(
            d_values,
            trainable,
            non_trainable,
            d_optimizer_state + g_optimizer_state,
        )
        d_values, d_optimizer_state = gan.d_optimizer.stateless_apply(
            d_optimizer_state, gradients, d_values
        )
        d_values = gan.clip_discriminator(d_values)
        trainable = _replace(trainable, d_indices, d_values)

    g_value_and_grad = jax.value_and_grad(generator_loss, has_aux=True)
    for _ in range(gan.generator_steps):
        g_values = [trainable[i] for i in g_indices]
        (_, (g_loss, g_aux, non_trainable)), gradients = g_value_and_grad(
            g_values,
            trainable,
            non_trainable,
            d_optimizer_state + g_optimizer_state,
        )
        g_values, g_optimizer_state = gan.g_optimizer.stateless_apply(
            g_optimizer_state, gradients, g_values
        )
        trainable = _replace(trainable, g_indices, g_values)

    if gan.ema_generator is not None:
        # The average reads the generator's step count from the optimizer
        # state, so bind that state too.
        optimizer_mapping = list(
            zip(gan.optimizer.variables, d_optimizer_state + g_optimizer_state)
        )
        with StatelessScope(
            state_mapping=optimizer_mapping
            + list(zip(trainable_refs, trainable))
            + list(zip(non_trainable_refs, non_trainable))
        ) as scope:
            gan.update_generator_ema()
        non_trainable = [scope.get_current_value(v) for v in non_trainable_refs]

    metrics_refs = gan.metrics_variables
    with StatelessScope(
        state_mapping=list(zip(metrics_refs, metrics_state))
    ) as scope:
        logs = gan.update_metrics(d_loss, g_loss, d_aux, g_aux)
    metrics_state = [scope.get_current_value(v) for v in metrics_refs]

    new_state = (
        trainable,
        non_trainable,
        d_optimizer_state + g_optimizer_state,
        metrics_state,
    )
    return logs, new_state


def input_gradients(function, inputs):
    return jax.grad(function, has_aux=True)(inputs)
