"""The adversarial objective of `GAN`: what each update computes, the
hooks that `keras_gan_kit.models.training_step` calls, and the logs."""

import keras
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.stabilizers import base as stabilizer_base


def mean_probability(logits):
    """Mean of `sigmoid(logits)`: how real the discriminator finds a batch."""
    return ops.mean(ops.sigmoid(ops.cast(logits, "float32")))


class AdversarialObjective:
    """The losses, inputs and logs of each update (a part of `GAN`).

    `keras_gan_kit.models.training_step` calls `unpack_batch`,
    `generator_inputs`, `compute_discriminator_loss`,
    `compute_generator_loss`, `after_step` and `update_metrics`;
    `ConditionalGAN` overrides what conditioning changes.
    """

    def metric_names(self):
        """Names of the running means logged every step (besides `loss`)."""
        names = ["d_loss", "g_loss", "real_score", "fake_score"]
        for stabilizer in self.stabilizers:
            names += [n for n in stabilizer.log_names if n not in names]
        return names

    def make_trackers(self):
        """One running mean per name of `metric_names()`."""
        return [keras.metrics.Mean(name=name) for name in self.metric_names()]

    @property
    def metrics(self):
        return list(self._trackers)

    def unpack_batch(self, data):
        """Returns `(images, labels)` of a batch; `GAN` drops labels."""
        images, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        return images, None

    def generator_inputs(self, batch_size, real_batch):
        """Draws the generator's inputs for one update: latent vectors.

        Args:
            batch_size: Number of images to generate.
            real_batch: The `(images, labels)` of the real batch.

        Returns:
            What the generator takes: a `(batch_size, latent_dim)` tensor.
        """
        del real_batch
        return self.latent_batch(batch_size)

    def compute_discriminator_loss(
        self, real_batch, fake_images, generator_inputs
    ):
        """The discriminator's loss on a real and a generated batch.

        The adversarial loss on the validity logits, plus the model's
        `auxiliary_loss` (AC-GAN's class loss), plus each stabilizer's term.

        Args:
            real_batch: `(images, labels)` from `unpack_batch`.
            fake_images: Generated images, gradients stopped.
            generator_inputs: What generated them.

        Returns:
            `(d_loss, aux)`, `aux` a dict with `real_logits` and
            `fake_logits`.
        """
        fake_batch = (fake_images, self.generated_labels(generator_inputs))
        real_outputs, fake_outputs = self.discriminate_pair(
            real_batch, fake_batch
        )
        real_logits = self.validity_logits(real_outputs)
        fake_logits = self.validity_logits(fake_outputs)
        d_loss = self.adversarial_discriminator_loss(real_logits, fake_logits)
        aux = {"real_logits": real_logits, "fake_logits": fake_logits}
        return self._add_terms(
            "discriminator",
            d_loss,
            aux,
            (real_batch, fake_batch, generator_inputs),
            (real_outputs, fake_outputs),
            (real_logits, fake_logits),
        )

    def compute_generator_loss(self, real_batch, fake_images, generator_inputs):
        """The generator's loss on a batch of generated images.

        The adversarial loss on the validity logits, plus the model's
        `auxiliary_loss`, plus each stabilizer's term.

        Args:
            real_batch: `(images, labels)`, used only by losses whose
                generator term needs real logits.
            fake_images: The generator's output on `generator_inputs`, with
                gradients flowing back into the generator.
            generator_inputs: From `generator_inputs`.

        Returns:
            `(g_loss, aux)`, `aux` a dict (empty for `GAN`).
        """
        fake_batch = (fake_images, self.generated_labels(generator_inputs))
        real_outputs = real_logits = None
        if self.loss_fn.generator_needs_real_logits:
            real_outputs, fake_outputs = self.discriminate_pair(
                real_batch, fake_batch
            )
            real_logits = self.validity_logits(real_outputs)
        else:
            fake_outputs = self.call_discriminator(*fake_batch)
        fake_logits = self.validity_logits(fake_outputs)
        g_loss = self.loss_fn.generator_loss(fake_logits, real_logits)
        return self._add_terms(
            "generator",
            g_loss,
            {},
            (real_batch, fake_batch, generator_inputs),
            (real_outputs, fake_outputs),
            (real_logits, fake_logits),
        )

    def _add_terms(self, player, loss, aux, batches, outputs, logits):
        """A player's adversarial loss plus `auxiliary_loss`'s term, then
        each stabilizer's (`regularize_loss`).

        Args:
            player: `"discriminator"` or `"generator"`.
            loss: The adversarial loss.
            aux: The update's dict of values, updated in place.
            batches: `(real_batch, fake_batch, generator_inputs)`.
            outputs: The discriminator's `(real, fake)` outputs.
            logits: Their `(real, fake)` validity logits.

        Returns:
            `(loss, aux)`.
        """
        real_batch, fake_batch, generator_inputs = batches
        term, logs = self.auxiliary_loss(
            player, real_batch, fake_batch, *outputs
        )
        aux.update(logs)
        if term is not None:
            loss = loss + term
        if not self.stabilizers:
            return loss, aux
        batch = stabilizer_base.DiscriminatorBatch(
            real_batch, fake_batch, *logits, generator_inputs
        )
        return self.regularize_loss(player, loss, aux, batch)

    def generated_labels(self, generator_inputs):
        """The labels of a generated batch, read from the generator's
        inputs, as `(batch,)` integers; `GAN` has none."""
        del generator_inputs
        return None

    def auxiliary_loss(
        self, player, real_batch, fake_batch, real_outputs, fake_outputs
    ):
        """A term a model adds to a player's adversarial loss, before the
        stabilizers' terms; `GAN` adds none, an AC-GAN its class loss.

        Args:
            player: `"discriminator"` or `"generator"`.
            real_batch: `(images, labels)` of the real batch.
            fake_batch: `(images, labels)` of the generated batch.
            real_outputs: The discriminator's outputs on the real batch, or
                None where the generator's loss did not need them.
            fake_outputs: Its outputs on the generated batch.

        Returns:
            `(term, logs)`: a scalar or None, and a dict of values for the
            update's `aux`.
        """
        del player, real_batch, fake_batch, real_outputs, fake_outputs
        return None, {}

    def call_discriminator(self, images, labels):
        """The discriminator in training mode on images as it sees them:
        augmented and noised when those options are on; logits in
        float32."""
        images, labels = self.judged_inputs(images, labels)
        return self.discriminator_forward(
            self.discriminator_view(images), labels
        )

    def judged_inputs(self, images, labels):
        """What the discriminator judges, before the stabilizers transform
        it, and the labels it takes beside: `GAN` and `ConditionalGAN`
        judge the images; `Pix2Pix` judges (source, image) pairs, so that
        augmentation and noise move both images of a pair together and a
        gradient penalty is taken on the pair.

        Args:
            images: A batch of images.
            labels: Their labels (or sources), or None.

        Returns:
            `(judged, labels)`.
        """
        return images, labels

    def discriminator_inputs(self, images, labels):
        """What the discriminator network takes; `GAN` ignores labels."""
        del labels
        return images

    def validity_logits(self, outputs):
        """The real-vs-generated logits among the discriminator outputs."""
        return outputs

    def discriminator_forward(self, images, labels):
        outputs = self.discriminator(
            self.discriminator_inputs(images, labels), training=True
        )
        if isinstance(outputs, list | tuple):
            return [ops.cast(output, "float32") for output in outputs]
        return ops.cast(outputs, "float32")

    def discriminator_view(self, images):
        """Images as the discriminator sees them in training: passed
        through each stabilizer's `transform_discriminator_inputs`
        (augmentation, then noise, for the shorthands)."""
        for stabilizer in self.stabilizers:
            images = stabilizer.transform_discriminator_inputs(images, self)
        return images

    def regularize_loss(self, player, loss, aux, batch):
        """Adds each stabilizer's term to a player's loss and its logs to
        `aux`; called at the end of `compute_discriminator_loss` and
        `compute_generator_loss`. Stabilizers that log under one name (R1
        and R2 both log `gradient_penalty`) log the sum of their terms.

        Args:
            player: `"discriminator"` or `"generator"`.
            loss: The player's loss so far.
            aux: The update's dict of values, updated in place.
            batch: A `stabilizers.DiscriminatorBatch`.

        Returns:
            `(loss, aux)`.
        """
        logged = {}
        for stabilizer in self.stabilizers:
            hook = getattr(stabilizer, f"{player}_loss")
            term, logs = hook(self, batch)
            if term is not None:
                loss = loss + term
            for name, value in logs.items():
                # Two stabilizers of one kind (R1 and R2, R3GAN's recipe)
                # log the sum of their terms under the kind's name.
                logged[name] = logged[name] + value if name in logged else value
        aux.update(logged)
        return loss, aux

    def discriminate_pair(self, real_batch, fake_batch):
        """Discriminator outputs on a real and a generated batch.

        The two batches go through the discriminator in two calls, so
        batch-norm statistics never mix real and generated images (the DCGAN
        recipe), nor do StyleGAN2's minibatch standard deviations. Where
        `backend.current.joint_discriminator_pass` says so (PyTorch), a
        discriminator without such layers takes both in one call on their
        concatenation instead: the same result, and the
        only way there for layers that update their weights in place during
        the forward pass, such as `keras.layers.SpectralNormalization`.

        Args:
            real_batch: `(images, labels)`; labels may be None.
            fake_batch: `(images, labels)` of the same batch size.

        Returns:
            `(real_outputs, fake_outputs)`, each a tensor, or a list of
            tensors for discriminators with several outputs.
        """
        if not self._joint_discriminator_pass:
            return (
                self.call_discriminator(*real_batch),
                self.call_discriminator(*fake_batch),
            )
        # Each batch through the stabilizers on its own, as in two calls:
        # the same random draws (augmentation, noise), in the same order.
        (real_images, real_labels), (fake_images, fake_labels) = (
            self.judged_inputs(*real_batch),
            self.judged_inputs(*fake_batch),
        )
        images = ops.concatenate(
            [
                self.discriminator_view(real_images),
                self.discriminator_view(fake_images),
            ],
            axis=0,
        )
        labels = None
        if real_labels is not None:
            labels = ops.concatenate([real_labels, fake_labels], axis=0)
        outputs = self.discriminator_forward(images, labels)
        if isinstance(outputs, (list, tuple)):
            halves = [ops.split(output, 2, axis=0) for output in outputs]
            return [half[0] for half in halves], [half[1] for half in halves]
        real_outputs, fake_outputs = ops.split(outputs, 2, axis=0)
        return real_outputs, fake_outputs

    def after_step(self):
        """Runs at the end of each training step, after every update:
        the generator EMA's update, when one is attached."""
        if self.ema_generator is not None:
            self.update_generator_ema()

    def update_metrics(self, d_loss, g_loss, d_aux, g_aux):
        """Updates the trackers and returns the logs of the step."""
        values = self.metric_values(d_loss, g_loss, d_aux, g_aux)
        for tracker in self._trackers:
            # Replicas that each saw a slice log the whole batch's mean.
            value = backend.current.cross_replica_mean(
                ops.stop_gradient(values[tracker.name])
            )
            tracker.update_state(value)
        logs = {tracker.name: tracker.result() for tracker in self._trackers}
        for stabilizer in self.stabilizers:  # states, not running means
            for name in stabilizer.state_log_names:
                aux = d_aux if name in d_aux else g_aux
                logs[name] = ops.stop_gradient(aux[name])
        # The sum of the two running means, derived rather than tracked.
        logs["loss"] = logs["d_loss"] + logs["g_loss"]
        return logs

    def metric_values(self, d_loss, g_loss, d_aux, g_aux):
        """The value of each tracker for one step, by tracker name."""
        values = {
            "d_loss": d_loss,
            "g_loss": g_loss,
            "real_score": mean_probability(d_aux["real_logits"]),
            "fake_score": mean_probability(d_aux["fake_logits"]),
        }
        for name in self.metric_names():
            if name not in values and (name in d_aux or name in g_aux):
                values[name] = d_aux[name] if name in d_aux else g_aux[name]
        return values

    def latent_batch(self, batch_size):
        """Draws training latents from the model's seed generator."""

        def draw(shape):
            if self.latent_distribution == "uniform":
                return keras.random.uniform(
                    shape, minval=-1.0, maxval=1.0, seed=self.seed_generator
                )
            return keras.random.normal(shape, seed=self.seed_generator)

        return backend.current.replica_random(
            draw, (batch_size, self.latent_dim)
        )

    def discriminator_targets(self, real_logits, fake_logits):
        """Returns `(real_target, fake_target)` with smoothing and noise."""
        real_target = 1.0 - self.label_smoothing
        fake_target = 0.0
        if self.label_noise:

            def uniform(shape):
                return keras.random.uniform(shape, seed=self.seed_generator)

            real_target = real_target - self.label_noise * (
                backend.current.replica_random(uniform, ops.shape(real_logits))
            )
            fake_target = self.label_noise * backend.current.replica_random(
                uniform, ops.shape(fake_logits)
            )
        return real_target, fake_target

    def adversarial_discriminator_loss(self, real_logits, fake_logits):
        """The loss family's discriminator term, with smoothing and noise."""
        if not self.loss_fn.supports_targets:
            return self.loss_fn.discriminator_loss(real_logits, fake_logits)
        real_target, fake_target = self.discriminator_targets(
            real_logits, fake_logits
        )
        return self.loss_fn.discriminator_loss(
            real_logits,
            fake_logits,
            real_target=real_target,
            fake_target=fake_target,
        )
