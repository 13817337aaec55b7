"""The schedule of `models.training_step.train_step`: which update runs
when, and where each hook of the model and of the stabilizers comes in."""

import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import stabilizers
from tests.conftest import make_images
from tests.conftest import make_networks


class _Recorder(stabilizers.Stabilizer):
    """Records each stabilizer hook it is called through."""

    def __init__(self, events):
        self.events = events

    def discriminator_loss(self, gan, batch):
        self.events.append("d_penalty")
        return None, {}

    def after_discriminator_update(self, gan):
        self.events.append("after_d")

    def generator_loss(self, gan, batch):
        self.events.append("g_penalty")
        return None, {}

    def after_generator_update(self, gan):
        self.events.append("after_g")


class _RecordingGAN(keras_gan_kit.GAN):
    """A GAN whose hooks record their calls in `events`."""

    events = []

    def generator_inputs(self, batch_size, real_batch):
        self.events.append("inputs")
        return super().generator_inputs(batch_size, real_batch)

    def compute_discriminator_loss(self, real_batch, fake_images, inputs):
        self.events.append("d_loss")
        return super().compute_discriminator_loss(
            real_batch, fake_images, inputs
        )

    def compute_generator_loss(self, real_batch, fake_images, inputs):
        self.events.append("g_loss")
        return super().compute_generator_loss(real_batch, fake_images, inputs)

    def after_step(self):
        self.events.append("after_step")
        super().after_step()


def _one_step_events(discriminator_steps, generator_steps):
    generator, discriminator = make_networks(dropout=0)
    gan = _RecordingGAN(generator, discriminator, seed=1)
    events = []
    _RecordingGAN.events = events
    gan.compile(
        discriminator_steps=discriminator_steps,
        generator_steps=generator_steps,
        stabilizers=[_Recorder(events)],
        run_eagerly=True,
    )
    history = gan.fit(make_images(8), batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    return events


def _discriminator_update():
    return ["d_loss", "d_penalty", "after_d"]


def _generator_update():
    return ["g_loss", "g_penalty", "after_g"]


@pytest.mark.parametrize("discriminator_steps", [1, 3])
@pytest.mark.parametrize("generator_steps", [1, 2])
def test_the_schedule_of_one_step(discriminator_steps, generator_steps):
    expected = []
    for _ in range(discriminator_steps - 1):  # extra critic updates
        expected += ["inputs"] + _discriminator_update()
    # The shared generator pass: the last discriminator update, then the
    # first generator update on the same generated batch.
    expected += ["inputs"] + _discriminator_update() + _generator_update()
    for _ in range(generator_steps - 1):
        expected += ["inputs"] + _generator_update()
    expected += ["after_step"]
    assert _one_step_events(discriminator_steps, generator_steps) == expected
