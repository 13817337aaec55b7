"""Presets as whole recipes: `from_preset`, the recipes, the listing."""

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import presets


def _tiny(name, **kwargs):
    """The preset's recipe on tiny networks for 8x8 images."""
    overrides = {
        "filters": 4,
        "image_shape": (8, 8, 1),
        "generator_num_upsamples": 1,
        "discriminator_num_downsamples": 1,
    }
    overrides.update(kwargs)
    return presets.from_preset(name, seed=0, **overrides)


@pytest.mark.parametrize(
    "name", ["dcgan_mnist", "dcgan_fashion_mnist", "cgan_mnist"]
)
@pytest.mark.parametrize("variant", presets.VARIANTS)
def test_from_preset_applies_the_whole_recipe(name, variant):
    recipe = presets.get_recipe(name, variant)
    model = _tiny(name, recipe=variant)
    assert type(model).__name__ == recipe.model
    assert model.preset_recipe.variant == variant
    assert model.preset_recipe.batch_size == recipe.batch_size
    assert model.preset_recipe.epochs == recipe.epochs
    for optimizer, arguments in (
        (model.d_optimizer, recipe.d_optimizer),
        (model.g_optimizer, recipe.g_optimizer),
    ):
        assert isinstance(optimizer, keras.optimizers.Adam)
        assert float(optimizer.learning_rate) == pytest.approx(
            arguments["learning_rate"]
        )
        assert optimizer.beta_1 == pytest.approx(arguments["beta_1"])
    assert model.loss_fn.name == recipe.compile.get("loss", "non_saturating")
    assert model.label_smoothing == recipe.compile.get("label_smoothing", 0.0)
    if recipe.ema is None:
        assert model.ema_generator is None
    else:
        assert model.ema_decay == recipe.ema["decay"]


def test_teaching_recipes_keep_the_sources_settings():
    teaching = presets.get_recipe("mlp_mnist", "teaching")
    assert teaching.gan == {"latent_distribution": "uniform"}
    assert teaching.d_optimizer == {"learning_rate": 2e-3, "beta_1": 0.9}
    assert teaching.compile == {"label_smoothing": 0.1}
    assert (teaching.batch_size, teaching.epochs) == (100, 20)
    dcgan = presets.get_recipe("dcgan_mnist", "teaching")
    assert (dcgan.batch_size, dcgan.epochs, dcgan.ema) == (256, 50, None)
    assert dcgan.networks == {}
    frogs = presets.get_recipe("dcgan_cifar10")
    assert (frogs.variant, frogs.class_name) == ("teaching", "frog")


def test_overrides_reach_compile_the_recipe_and_the_networks():
    model = _tiny(
        "dcgan_mnist",
        loss="hinge",
        discriminator_steps=2,
        ema=None,
        g_optimizer={"learning_rate": 1e-3, "beta_1": 0.0},
        generator_upsampling="resize",
    )
    assert model.loss_fn.name == "hinge"
    assert model.discriminator_steps == 2
    assert model.ema_generator is None
    assert float(model.g_optimizer.learning_rate) == pytest.approx(1e-3)
    layer_types = {type(layer).__name__ for layer in model.generator.layers}
    assert "UpSampling2D" in layer_types
    recipe = model.preset_recipe
    assert recipe.compile["loss"] == "hinge"
    assert recipe.networks["generator_upsampling"] == "resize"
    # The registry's recipe is untouched.
    assert "loss" not in presets.get_recipe("dcgan_mnist").compile


def test_a_preset_model_trains_with_fit():
    model = _tiny("dcgan_mnist")
    images = np.tanh(np.random.default_rng(0).normal(size=(16, 8, 8, 1)))
    before = [np.array(w) for w in model.generator.get_weights()]
    ema_before = [np.array(w) for w in model.ema_generator.get_weights()]
    history = model.fit(
        images.astype("float32"), batch_size=8, epochs=1, verbose=0
    )
    assert np.isfinite(history.history["d_loss"]).all()
    after = model.generator.get_weights()
    assert any(not np.allclose(a, b) for a, b in zip(before, after))
    ema_after = model.ema_generator.get_weights()
    assert any(not np.allclose(a, b) for a, b in zip(ema_before, ema_after))


def test_conditional_preset_trains_with_labels():
    model = _tiny("cgan_mnist", num_classes=3)
    rng = np.random.default_rng(0)
    images = np.tanh(rng.normal(size=(12, 8, 8, 1))).astype("float32")
    labels = np.arange(12) % 3
    history = model.fit(images, labels, batch_size=4, epochs=1, verbose=0)
    assert np.isfinite(history.history["g_loss"]).all()
    assert model.generate(labels=[0, 2]).shape == (2, 8, 8, 1)


def test_the_model_class_must_match_the_preset():
    with pytest.raises(ValueError, match="builds a ConditionalGAN.*by GAN"):
        keras_gan_kit.GAN.from_preset("cgan_mnist")
    with pytest.raises(ValueError, match="builds a GAN.*by ConditionalGAN"):
        keras_gan_kit.ConditionalGAN.from_preset("dcgan_mnist")
    model = keras_gan_kit.ConditionalGAN.from_preset(
        "cgan_fashion_mnist", filters=4
    )
    assert isinstance(model, keras_gan_kit.ConditionalGAN)


def test_bad_names_recipes_and_overrides_are_refused():
    with pytest.raises(ValueError, match="Unknown preset 'nope'.*dcgan_mnist"):
        presets.from_preset("nope")
    with pytest.raises(ValueError, match="Unknown recipe 'best'.*'tuned'"):
        presets.from_preset("dcgan_mnist", recipe="best")
    with pytest.raises(ValueError, match="'dcgan_svhn' has no 'tuned'"):
        presets.from_preset("dcgan_svhn", recipe="tuned")
    with pytest.raises(ValueError, match=r"does not take \['bogus'\]"):
        presets.from_preset("dcgan_mnist", bogus=1)
    with pytest.raises(ValueError, match="d_optimizer must be Adam arguments"):
        presets.from_preset("dcgan_mnist", d_optimizer={"lr": 1e-3})


def test_recipe_config_round_trip():
    for name, recipe in presets.list_presets().items():
        config = recipe.get_config()
        assert presets.Recipe.from_config(config) == recipe
        restored = keras.saving.deserialize_keras_object(
            keras.saving.serialize_keras_object(recipe)
        )
        assert restored == recipe
        assert restored.name == name
    with pytest.raises(ValueError, match="Recipe has no field"):
        presets.get_recipe("dcgan_mnist").replace(learning_rate=1.0)
    with pytest.raises(ValueError, match="model must be one of"):
        presets.Recipe("x", "tuned", "", "VAE")


def test_the_networks_table_and_the_recipes_name_the_same_presets():
    from keras_gan_kit.presets import registry

    recipe_names = {name for name, _ in registry._RECIPES}
    assert recipe_names == set(keras_gan_kit.builders.list_presets())
    assert list(presets.list_presets()) == list(
        keras_gan_kit.builders.list_presets()
    )


@pytest.mark.parametrize(
    "name, model_class",
    [
        ("pix2pix_edges2fashion", "Pix2Pix"),
        ("pix2pix", "Pix2Pix"),
        ("cyclegan_sneaker2boot", "CycleGAN"),
        ("cyclegan", "CycleGAN"),
    ],
)
def test_translation_presets_build_their_model(name, model_class):
    """The whole recipe applied; training them is tested through the
    command line (tests/cli/test_translation_cli.py)."""
    recipe = presets.get_recipe(name)
    channels = 1 if name.endswith(("fashion", "boot")) else 3
    overrides = {"image_shape": (16, 16, channels), "filters": 4}
    if name.startswith("cyclegan"):
        overrides["generator_num_blocks"] = 1
    overrides["discriminator_receptive_field"] = 16
    model = getattr(keras_gan_kit, model_class).from_preset(
        name, seed=0, **overrides
    )
    assert type(model).__name__ == model_class == recipe.model
    assert model.preset_recipe.batch_size == recipe.batch_size
    assert float(model.g_optimizer.beta_1) == 0.5
    if model_class == "CycleGAN":
        assert model.loss_fn.name == "least_squares"
        assert (model.cycle_weight, model.identity_weight) == (10.0, 0.5)
        assert model.history_size == 50
    else:
        assert model.l1_weight == 100.0
    assert model.translator().output_shape == (None, 16, 16, channels)
    with pytest.raises(ValueError, match=f"builds a {model_class}.*by GAN"):
        keras_gan_kit.GAN.from_preset(name)
