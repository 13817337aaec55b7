"""The gradient step of `GAN` on the JAX backend: one stateless function.

Keras's JAX trainer jits `train_step(state, data)` with
`state = (trainable, non_trainable, optimizer, metrics)` values. The
optimizer part is `GANOptimizer.variables`, the discriminator optimizer's
state followed by the generator optimizer's, so both travel through the
jitted step; the non-trainable part holds batch-norm statistics and every
seed generator's state, the latent sampler's included.
"""

import contextlib

import jax
import keras
from keras import StatelessScope


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

    def optimizer_values():
        return d_optimizer_state + g_optimizer_state

    def draw_generator_inputs(trainable, non_trainable):
        return run_stateless(
            lambda: gan.generator_inputs(batch_size, real_batch),
            trainable,
            non_trainable,
            optimizer_values(),
        )

    def generator_forward(trainable, non_trainable, generator_inputs):
        """`(fake_images, vjp, non_trainable)`: the generator's output and
        its pull-back from an image cotangent to generator gradients."""

        def forward(g_values):
            return run_stateless(
                lambda: gan.generator(generator_inputs, training=True),
                _replace(trainable, g_indices, g_values),
                non_trainable,
                optimizer_values(),
            )

        g_values = [trainable[i] for i in g_indices]
        fake_images, vjp, non_trainable = jax.vjp(
            forward, g_values, has_aux=True
        )
        return fake_images, vjp, non_trainable

    def discriminator_loss(
        d_values, trainable, non_trainable, generator_inputs, fake_images
    ):
        def compute():
            loss, aux = gan.compute_discriminator_loss(
                real_batch, fake_images, generator_inputs
            )
            return gan.d_optimizer.scale_loss(loss), (loss, aux)

        (scaled_loss, (loss, aux)), non_trainable = run_stateless(
            compute,
            _replace(trainable, d_indices, d_values),
            non_trainable,
            optimizer_values(),
        )
        return scaled_loss, (loss, aux, non_trainable)

    def generator_loss(fake_images, trainable, non_trainable, generator_inputs):
        def compute():
            loss, aux = gan.compute_generator_loss(
                real_batch, fake_images, generator_inputs
            )
            return gan.g_optimizer.scale_loss(loss), (loss, aux)

        (scaled_loss, (loss, aux)), non_trainable = run_stateless(
            compute, trainable, non_trainable, optimizer_values()
        )
        return scaled_loss, (loss, aux, non_trainable)

    d_value_and_grad = jax.value_and_grad(discriminator_loss, has_aux=True)
    # The generator's gradient is taken in two parts: the loss's gradient
    # with respect to the generated images, pulled back through the
    # generator pass that also fed the discriminator update.
    image_value_and_grad = jax.value_and_grad(generator_loss, has_aux=True)

    def update_discriminator(trainable, non_trainable, inputs, fake_images):
        nonlocal d_optimizer_state
        d_values = [trainable[i] for i in d_indices]
        (_, (d_loss, d_aux, non_trainable)), gradients = d_value_and_grad(
            d_values,
            trainable,
            non_trainable,
            inputs,
            jax.lax.stop_gradient(fake_images),
        )
        d_values, d_optimizer_state = gan.d_optimizer.stateless_apply(
            d_optimizer_state, gradients, d_values
        )
        d_values = gan.clip_discriminator(d_values)
        trainable = _replace(trainable, d_indices, d_values)
        return trainable, non_trainable, d_loss, d_aux

    for _ in range(gan.discriminator_steps - 1):
        inputs, non_trainable = draw_generator_inputs(trainable, non_trainable)
        fake_images, _, non_trainable = generator_forward(
            trainable, non_trainable, inputs
        )
        trainable, non_trainable, _, _ = update_discriminator(
            trainable, non_trainable, inputs, fake_images
        )

    # One generator pass serves the last discriminator update (its output,
    # gradients stopped) and the first generator update.
    for step in range(gan.generator_steps):
        inputs, non_trainable = draw_generator_inputs(trainable, non_trainable)
        fake_images, pull_back, non_trainable = generator_forward(
            trainable, non_trainable, inputs
        )
        if step == 0:
            trainable, non_trainable, d_loss, d_aux = update_discriminator(
                trainable, non_trainable, inputs, fake_images
            )
        (_, (g_loss, g_aux, non_trainable)), image_gradients = (
            image_value_and_grad(fake_images, trainable, non_trainable, inputs)
        )
        (gradients,) = pull_back(image_gradients)
        g_values = [trainable[i] for i in g_indices]
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


@contextlib.contextmanager
def data_parallel(devices):
    available = keras.distribution.list_devices()
    if devices is None:
        devices = available
    unknown = [device for device in devices if device not in available]
    if unknown:
        raise ValueError(
            f"Unknown devices {unknown}; JAX has {available}. On CPU, "
            "XLA_FLAGS=--xla_force_host_platform_device_count=N (set before "
            "JAX starts) makes N virtual devices."
        )
    distribution = keras.distribution.DataParallel(devices=devices)
    with distribution.scope():
        yield distribution


def data_shards():
    distribution = keras.distribution.distribution()
    if distribution is None or not hasattr(distribution, "batch_dim_name"):
        return 1
    mesh = distribution.device_mesh
    shards = mesh.shape[mesh.axis_names.index(distribution.batch_dim_name)]
    return max(1, shards // jax.process_count())
