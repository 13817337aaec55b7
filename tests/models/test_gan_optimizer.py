import keras
import numpy as np
import pytest

import keras_gan_kit
from tests.conftest import make_gan
from tests.conftest import make_images


def test_variables_are_both_optimizers_states():
    gan = make_gan()
    gan.compile()
    gan.optimizer.build()
    d_vars = gan.d_optimizer.variables
    g_vars = gan.g_optimizer.variables
    assert gan.optimizer.variables == d_vars + g_vars
    d_part, g_part = gan.optimizer.split_variables(gan.optimizer.variables)
    assert d_part == d_vars and g_part == g_vars
    # Adam: iterations, learning rate, two moments per network variable.
    assert len(d_vars) == 2 + 2 * len(gan.discriminator.trainable_variables)


def test_variables_after_fit_hold_both_moments_on_every_backend():
    # TensorFlow and PyTorch build the inner optimizers inside the step
    # (never through GANOptimizer.build), so `variables` must follow them.
    gan = make_gan()
    gan.compile()
    gan.fit(make_images(16), batch_size=8, verbose=0)
    expected = gan.d_optimizer.variables + gan.g_optimizer.variables
    assert gan.optimizer.variables == expected
    assert len(expected) == 4 + 2 * len(gan.trainable_variables)


def test_learning_rate_setter_keeps_the_ratio():
    gan = make_gan()
    gan.compile(
        d_optimizer=keras.optimizers.Adam(4e-4),
        g_optimizer=keras.optimizers.Adam(1e-4),
    )
    assert np.isclose(float(gan.optimizer.learning_rate), 1e-4)
    gan.optimizer.learning_rate = 5e-5
    assert np.isclose(float(gan.g_optimizer.learning_rate), 5e-5)
    assert np.isclose(float(gan.d_optimizer.learning_rate), 2e-4)


def test_reduce_lr_on_plateau_lowers_both_rates():
    gan = make_gan()
    gan.compile()
    gan.fit(
        make_images(16),
        batch_size=8,
        epochs=3,
        verbose=0,
        callbacks=[
            keras.callbacks.ReduceLROnPlateau(
                monitor="d_loss",
                mode="max",
                factor=0.5,
                patience=0,
                min_delta=1e9,
            )
        ],
    )
    assert float(gan.g_optimizer.learning_rate) < 2e-4
    assert float(gan.d_optimizer.learning_rate) < 2e-4


def test_config_round_trip():
    optimizer = keras_gan_kit.GANOptimizer(
        keras.optimizers.Adam(3e-4), keras.optimizers.RMSprop(1e-4)
    )
    restored = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(optimizer)
    )
    assert isinstance(restored.discriminator_optimizer, keras.optimizers.Adam)
    assert isinstance(restored.generator_optimizer, keras.optimizers.RMSprop)


def test_errors():
    with pytest.raises(
        ValueError, match="must be a keras.optimizers.Optimizer"
    ):
        keras_gan_kit.GANOptimizer("adam", keras.optimizers.Adam())
    optimizer = keras_gan_kit.GANOptimizer(
        keras.optimizers.Adam(), keras.optimizers.Adam()
    )
    with pytest.raises(ValueError, match="cannot tell the discriminator's"):
        optimizer.build([])
    with pytest.raises(ValueError, match="does not apply gradients itself"):
        optimizer.apply([], [])
    with pytest.raises(ValueError, match="needs a compiled model"):
        _ = make_gan().d_optimizer
