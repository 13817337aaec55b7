"""The `Stabilizer` protocol: hooks into the training step.

The training step (`keras_gan_kit.models.training_step`) calls every
stabilizer of `GAN.compile(stabilizers=[...])` at the same points, in the
order of the list. A stabilizer overrides the hooks it needs; the others
do nothing. `register_stabilizer` names it for `compile` and for saving, so
a new regularizer is one file (and its test).
"""

from keras_gan_kit.utils.registry import Registry


class DiscriminatorBatch:
    """What the loss hooks see of one update.

    Attributes:
        real_batch: `(images, labels)` of the real batch (labels `None` for
            `GAN`).
        fake_batch: `(images, labels)` of the generated batch.
        real_logits: The discriminator's validity logits on the real
            images, float32 (`None` in a generator update that did not
            need them).
        fake_logits: Its validity logits on the generated images.
        generator_inputs: What the generator was given.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.stabilizers import DiscriminatorBatch

    images = np.zeros((2, 4, 4, 1), "float32")
    batch = DiscriminatorBatch(
        (images, None), (images, None), np.ones((2, 1)), np.zeros((2, 1)), None
    )
    print(batch.real_logits.shape)
    # (2, 1)
    ```
    """

    def __init__(
        self, real_batch, fake_batch, real_logits, fake_logits, generator_inputs
    ):
        self.real_batch = real_batch
        self.fake_batch = fake_batch
        self.real_logits = real_logits
        self.fake_logits = fake_logits
        self.generator_inputs = generator_inputs


class Stabilizer:
    """Base of the training step's stabilizers: every hook does nothing.

    The step calls, for each stabilizer in the order of the list:

    1. `transform_discriminator_inputs(images, gan)` on every batch of
       images the discriminator sees in training (augmentation, noise);
    2. `discriminator_loss(gan, batch)` after the adversarial loss of each
       discriminator update: returns `(term, logs)`, `term` added to the
       loss (or `None`), `logs` a dict of scalars;
    3. `after_discriminator_update(gan)` after each discriminator update
       (weight clipping);
    4. `generator_loss(gan, batch)` and `after_generator_update(gan)`
       likewise for the generator;
    5. `generator_penalty(gan, generator_inputs)`, only for stabilizers
       with `penalizes_generator = True`: a term on the generator's own
       weights (StyleGAN2's path length), not on its images, which the
       step differentiates on its own and adds to the generator's
       gradients.

    `log_names` are the `logs` keys the step averages over the epoch and
    logs (`gradient_penalty`); `state_log_names` are logged as they are at
    the end of each step (ADA's `augment_p`). Hooks run inside the compiled
    step on every backend: write them in `keras.ops` and `keras.random`,
    read and `assign` variables freely. A stabilizer with state (variables
    or a `keras.random.SeedGenerator`) is also a `keras.layers.Layer`, so
    that the GAN tracks, saves and restores that state.

    Examples:

    ```python
    import keras
    from keras import ops
    from keras_gan_kit import stabilizers

    @stabilizers.register_stabilizer("logit_penalty")
    class LogitPenalty(stabilizers.Stabilizer):
        # Keeps the discriminator's real logits near 0 (a toy regularizer).
        log_names = ("logit_penalty",)

        def __init__(self, weight=0.01):
            self.weight = weight

        def discriminator_loss(self, gan, batch):
            value = ops.mean(ops.square(batch.real_logits))
            return self.weight * value, {"logit_penalty": value}

        def get_config(self):
            return {"weight": self.weight}

    print(type(stabilizers.get("logit_penalty")).__name__)
    # LogitPenalty
    ```
    """

    log_names = ()
    state_log_names = ()
    penalizes_generator = False

    def transform_discriminator_inputs(self, images, gan):
        """Images as the discriminator sees them in training."""
        del gan
        return images

    def discriminator_loss(self, gan, batch):
        """`(term, logs)` added to a discriminator update's loss."""
        del gan, batch
        return None, {}

    def generator_loss(self, gan, batch):
        """`(term, logs)` added to a generator update's loss."""
        del gan, batch
        return None, {}

    def generator_penalty(self, gan, generator_inputs):
        """`(term, logs)`: a penalty on the generator's weights, computed
        from the update's `generator_inputs` (called only when
        `penalizes_generator` is true)."""
        del gan, generator_inputs
        return None, {}

    def after_discriminator_update(self, gan):
        """Runs after each discriminator update."""
        del gan

    def after_generator_update(self, gan):
        """Runs after each generator update."""
        del gan

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


# Every stabilizer by the name `GAN.compile(stabilizers=[...])` takes;
# filled by `register_stabilizer` as the stabilizer modules are imported.
STABILIZERS = Registry("stabilizer", Stabilizer)


def register_stabilizer(name):
    """A class decorator: makes a `Stabilizer` subclass serializable and
    known to `stabilizers.get(name)`.

    Args:
        name: The stabilizer's name.

    Returns:
        The decorator.

    Examples:

    ```python
    from keras import ops
    from keras_gan_kit import stabilizers

    @stabilizers.register_stabilizer("fake_logit_floor")
    class FakeLogitFloor(stabilizers.Stabilizer):
        # Penalizes generated logits below -10 (a toy regularizer).
        def discriminator_loss(self, gan, batch):
            low = ops.relu(-10.0 - batch.fake_logits)
            return ops.mean(low), {}

    print("fake_logit_floor" in stabilizers.STABILIZERS)
    # True
    ```
    """

    return STABILIZERS.register(name)


def get(identifier):
    """A `Stabilizer` from a registered name, a config or an instance.

    Args:
        identifier: A name in `STABILIZERS` (for example `"r1"`, `"lecam"`,
            `"diffaugment"`), a `Stabilizer`, or a dict made by
            `keras.saving.serialize_keras_object`.

    Returns:
        A `Stabilizer`.

    Examples:

    ```python
    from keras_gan_kit import stabilizers

    print(type(stabilizers.get("lecam")).__name__)
    # LeCamRegularizer
    ```
    """
    if identifier is None:
        raise ValueError(
            "stabilizers takes stabilizers, not None; received None in the "
            f"list. Pass names from {STABILIZERS.names()} or Stabilizer "
            "instances, and leave out the ones you do not want."
        )
    return STABILIZERS.resolve(identifier, "stabilizers")


__all__ = [
    "DiscriminatorBatch",
    "STABILIZERS",
    "Stabilizer",
    "get",
    "register_stabilizer",
]
