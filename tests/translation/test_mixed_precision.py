"""Pix2Pix and CycleGAN train under mixed precision on every backend:
float16 with loss scaling, bfloat16 without."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import builders
from tests.conftest import weights_of

SHAPE = (16, 16, 1)


def _images(count, low, high, seed):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, (count,) + SHAPE).astype("float32")


def _pix2pix():
    generator = builders.unet_generator(SHAPE, filters=4)
    discriminator = builders.patchgan_discriminator(
        SHAPE, source_channels=1, filters=4
    )
    model = keras_gan_kit.Pix2Pix(generator, discriminator, seed=0)
    source = _images(16, -1, 1, 0)
    return model, (source, -source), generator


def _cycle_gan():
    translators = [
        builders.resnet_translator(SHAPE, filters=4, num_blocks=1, name=name)
        for name in ("a_to_b", "b_to_a")
    ]
    critics = [
        builders.patchgan_discriminator(
            SHAPE, filters=4, normalization="instance", name=name
        )
        for name in ("d_a", "d_b")
    ]
    model = keras_gan_kit.CycleGAN(*translators, *critics, seed=0)
    return model, (_images(8, -1, 0, 0), _images(12, 0, 1, 1)), translators[0]


# Each model under one policy (both policies run through the one step
# the two models share): CycleGAN's history buffer with float16 and loss
# scaling, Pix2Pix with bfloat16.
@pytest.mark.parametrize(
    "build, mixed_policy",
    [(_cycle_gan, "mixed_float16"), (_pix2pix, "mixed_bfloat16")],
    indirect=["mixed_policy"],
)
def test_mixed_precision_fit_has_finite_logs(build, mixed_policy):
    keras.utils.set_random_seed(2)
    model, data, generator = build()
    # The builders end in float32 whatever the policy.
    assert generator.outputs[0].dtype == "float32"
    model.compile()
    scaled = mixed_policy == "mixed_float16"
    for optimizer in (model.d_optimizer, model.g_optimizer):
        assert isinstance(optimizer, keras.optimizers.LossScaleOptimizer) == (
            scaled
        )
    before = weights_of(generator)
    history = model.fit(*data, batch_size=4, epochs=1, verbose=0)
    for key, values in history.history.items():
        assert np.isfinite(values).all(), key
    assert any(
        not np.allclose(a, b) for a, b in zip(before, weights_of(generator))
    )
    translated = model.translate(data[0][:2])
    assert translated.dtype == np.float32
    assert np.isfinite(translated).all()
