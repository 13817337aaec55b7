"""The `Stabilizer` protocol: every hook runs inside the compiled step on
every backend, in the documented order and number."""

import keras
import numpy as np
from keras import ops

import keras_gan_kit
from keras_gan_kit import stabilizers
from tests.conftest import make_images
from tests.conftest import make_networks


class _Counter(keras.layers.Layer, stabilizers.Stabilizer):
    """Counts its hooks' calls in variables and adds a generator term."""

    log_names = ("generator_term",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.counts = {
            name: self.add_weight(
                shape=(), initializer="zeros", trainable=False, name=name
            )
            for name in ("view", "d_loss", "d_update", "g_loss", "g_update")
        }
        self.built = True

    def _count(self, name, amount=1.0):
        self.counts[name].assign(self.counts[name].value + amount)

    def transform_discriminator_inputs(self, images, gan):
        # Counts images: PyTorch may see real and generated ones in one call.
        self._count("view", ops.cast(ops.shape(images)[0], "float32"))
        return images * 0.5

    def discriminator_loss(self, gan, batch):
        self._count("d_loss")
        return None, {}

    def after_discriminator_update(self, gan):
        self._count("d_update")

    def generator_loss(self, gan, batch):
        self._count("g_loss")
        term = ops.mean(ops.square(batch.fake_batch[0]))
        return 0.1 * term, {"generator_term": term}

    def after_generator_update(self, gan):
        self._count("g_update")


def test_every_hook_runs_in_the_compiled_step():
    keras.utils.set_random_seed(0)
    gan = keras_gan_kit.GAN(*make_networks(dropout=0.0), seed=0)
    counter = _Counter()
    gan.compile(stabilizers=[counter], discriminator_steps=2, generator_steps=3)
    history = gan.fit(make_images(16), batch_size=8, epochs=2, verbose=0)
    steps = 4
    counts = {
        name: float(ops.convert_to_numpy(variable.value))
        for name, variable in counter.counts.items()
    }
    # Per step: 2 discriminator updates (8 real and 8 generated images
    # each) and 3 generator updates (8 generated images, no real logits).
    assert counts == {
        "view": steps * (2 * 16 + 3 * 8),
        "d_loss": steps * 2,
        "d_update": steps * 2,
        "g_loss": steps * 3,
        "g_update": steps * 3,
    }
    assert np.all(np.isfinite(history.history["generator_term"]))
    assert min(history.history["generator_term"]) > 0
