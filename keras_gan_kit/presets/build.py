"""`from_preset`: a preset name to a compiled GAN, ready for `fit`."""

import inspect

import keras

from keras_gan_kit import builders
from keras_gan_kit import schedules
from keras_gan_kit.optimizers import ScheduledAdam
from keras_gan_kit.presets import pretrained as pretrained_weights
from keras_gan_kit.presets import registry
from keras_gan_kit.presets.recipe import MODEL_CLASSES

# Overrides that change the recipe rather than the networks or compile().
_RECIPE_FIELDS = ("ema", "d_optimizer", "g_optimizer", "learning_rate_decay")


def _model_class(name):
    """The model class a preset names (`"GAN"`, `"ConditionalGAN"`), looked
    up by its registered Keras name, so that presets never import
    `keras_gan_kit.models` (which imports presets for `from_preset`)."""
    return keras.saving.get_registered_object(f"keras_gan_kit>{name}")


def _presets_of(model_class):
    """The presets whose model is `model_class` (by its class name)."""
    return [
        name
        for name, recipe in registry.list_presets().items()
        if recipe.model == model_class.__name__
    ]


def _compile_arguments(model_class):
    """The named arguments of `model_class.compile`, including those a
    subclass passes on to its parents' through `**kwargs`."""
    names = set()
    for cls in model_class.__mro__:
        if "compile" not in vars(cls) or cls.__module__.startswith("keras."):
            continue
        parameters = inspect.signature(vars(cls)["compile"]).parameters
        names |= {
            name
            for name, parameter in parameters.items()
            if parameter.kind is parameter.KEYWORD_ONLY
            or parameter.kind is parameter.POSITIONAL_OR_KEYWORD
        }
    return names - {"self", "d_optimizer", "g_optimizer"}


def _split_overrides(recipe, model_class, overrides):
    """Sorts `overrides` into recipe fields, compile arguments and network
    arguments, in that order of precedence."""
    compile_names = _compile_arguments(model_class)
    recipe_changes, compile_changes, network_changes = {}, {}, {}
    for key, value in overrides.items():
        if key in _RECIPE_FIELDS:
            recipe_changes[key] = value
        elif key in compile_names:
            compile_changes[key] = value
        else:
            network_changes[key] = value
    if compile_changes:
        recipe_changes["compile"] = {**recipe.compile, **compile_changes}
    if network_changes:
        recipe_changes["networks"] = {**recipe.networks, **network_changes}
    return recipe.replace(**recipe_changes) if recipe_changes else recipe


def _adam(arguments, what, decay=None):
    arguments = dict(arguments)
    for name in ("learning_rate", "beta_1", "beta_2"):
        if isinstance(arguments.get(name), dict):
            # A schedule, serialized (R3GAN's schedules.CosineRamp).
            arguments[name] = keras.saving.deserialize_keras_object(
                arguments[name]
            )
    if decay is not None:
        try:
            arguments["learning_rate"] = schedules.LinearDecay(
                arguments.get("learning_rate", 1e-3), **decay
            )
        except TypeError as error:
            raise ValueError(
                "learning_rate_decay must be schedules.LinearDecay "
                "arguments such as {'hold_fraction': 0.34, "
                f"'final_fraction': 0.0}}, or None; received {decay!r} "
                f"({error})."
            ) from None
    scheduled_betas = any(
        isinstance(
            arguments.get(name), keras.optimizers.schedules.LearningRateSchedule
        )
        for name in ("beta_1", "beta_2")
    )
    adam = ScheduledAdam if scheduled_betas else keras.optimizers.Adam
    try:
        return adam(**arguments)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"{what} must be Adam arguments such as "
            f"{{'learning_rate': 2e-4, 'beta_1': 0.5}}; received "
            f"{arguments!r} ({error})."
        ) from None


def from_preset(
    name,
    *,
    recipe=None,
    pretrained=False,
    seed=None,
    model_class=None,
    **overrides,
):
    """A compiled `GAN`, `ConditionalGAN`, `Pix2Pix` or `CycleGAN` built and
    set up by a preset.

    The preset's networks (`builders.preset`), its model and its
    constructor arguments (latent distribution, L1 or cycle weights),
    both Adam optimizers, its `compile()` options and its
    generator EMA, in one call; `model.preset_recipe` holds the `Recipe`
    (with the `batch_size` and `epochs` to pass to `fit`). The command
    line's `keras-gan-kit train` calls this function.

    Args:
        name: A preset name (`presets.list_presets()`).
        recipe: `"tuned"` (the best measured, the default where one
            exists) or `"teaching"` (the hyperparameters of the preset's
            source). Defaults to `None` (the preset's default).
        pretrained: Load the generator weights shipped with the package
            (`presets.list_pretrained()`), so the model generates (or
            translates) at once, offline. Only the generators are
            pretrained. Defaults to `False`.
        seed: Seed of the model's latent sampler. Defaults to `None`.
        model_class: The class to build, `GAN`, `ConditionalGAN`,
            `Pix2Pix` or `CycleGAN` (or a subclass); it must match the
            preset. Defaults to `None` (the preset's).
        **overrides: Changes to the recipe. `compile()` arguments (`loss`,
            `label_smoothing`, `augment`, ...) go to `compile`;
            `d_optimizer` / `g_optimizer` (dicts of Adam arguments),
            `ema` (`enable_generator_ema` arguments, or `None` for no EMA)
            and `learning_rate_decay` (`schedules.LinearDecay` arguments,
            or `None` for constant rates) replace the recipe's; anything
            else goes to the networks, as in `builders.preset`
            (`image_shape=(32, 32, 1)`, `generator_upsampling="resize"`,
            `num_classes=5`...).

    Returns:
        A compiled model with a `preset_recipe` attribute.

    Examples:

    ```python
    import keras_gan_kit

    gan = keras_gan_kit.GAN.from_preset("dcgan_mnist", filters=8)
    print(gan.preset_recipe.variant, gan.preset_recipe.batch_size)
    # tuned 16
    teaching = keras_gan_kit.GAN.from_preset("dcgan_mnist", recipe="teaching")
    print(teaching.preset_recipe.batch_size, teaching.ema_generator is None)
    # 256 True
    ```
    """
    spec = registry.get_recipe(name, recipe)
    preset_class = _model_class(spec.model)
    if model_class is None:
        model_class = preset_class
    # A subclass of the preset's class is welcome, unless it is itself
    # one of the other preset models (ConditionalGAN for a GAN preset).
    others = [
        _model_class(other)
        for other in MODEL_CLASSES
        if other != spec.model and issubclass(_model_class(other), preset_class)
    ]
    if not issubclass(model_class, preset_class) or any(
        issubclass(model_class, other) for other in others
    ):
        raise ValueError(
            f"Preset {name!r} builds a {spec.model}; it was asked for by "
            f"{model_class.__name__}. Call {spec.model}.from_preset({name!r}) "
            f"or keras_gan_kit.presets.from_preset({name!r}), or pick one of "
            f"the presets of {model_class.__name__}: "
            f"{_presets_of(model_class)}."
        )
    spec = _split_overrides(spec, preset_class, overrides)
    if pretrained:
        pretrained_weights.check_available(name, spec)
    networks = builders.preset(name, **spec.networks)
    model = model_class(*networks, seed=seed, **spec.gan)
    model.compile(
        d_optimizer=_adam(
            spec.d_optimizer, "d_optimizer", spec.learning_rate_decay
        ),
        g_optimizer=_adam(
            spec.g_optimizer, "g_optimizer", spec.learning_rate_decay
        ),
        **spec.compile,
    )
    if spec.ema is not None:
        model.enable_generator_ema(**spec.ema)
    if pretrained:
        pretrained_weights.load_into(name, model)
    model.preset_recipe = spec
    return model
