"""Every generator the library writes loads with plain Keras.

Each file is loaded with `keras.saving.load_model(path, safe_mode=True)`
in a subprocess that never imports keras_gan_kit, on the backend of the
test run, and must give the images the saving process gave.
"""

import os
import subprocess
import sys
import textwrap

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import callbacks
from keras_gan_kit.layers import PhaseConv2DTranspose
from keras_gan_kit.utils.export import check_inputs

_LOADER = textwrap.dedent(
    """
    import sys

    import keras
    import numpy as np

    for path in sys.argv[1:]:
        model = keras.saving.load_model(path + ".keras", safe_mode=True)
        inputs = np.load(path + ".inputs.npz")
        arrays = [inputs[key] for key in sorted(inputs.files)]
        outputs = model.predict(
            arrays if len(arrays) > 1 else arrays[0], verbose=0
        )
        np.save(path + ".loaded.npy", np.asarray(outputs))
    assert not any(name.startswith("keras_gan_kit") for name in sys.modules)
    """
)


def _save_case(folder, name, generator, inputs, path=None):
    """Saves inputs and the saving process's outputs next to the model."""
    base = os.path.join(folder, name)
    if path is None:
        generator.save(base + ".keras")
    else:
        os.replace(path, base + ".keras")
    np.savez(
        base + ".inputs.npz",
        **{f"input_{index}": array for index, array in enumerate(inputs)},
    )
    expected = generator.predict(
        inputs if len(inputs) > 1 else inputs[0], verbose=0
    )
    return base, np.asarray(expected)


def _load_elsewhere(bases):
    environment = dict(os.environ, KERAS_BACKEND=keras.backend.backend())
    result = subprocess.run(
        [sys.executable, "-c", _LOADER, *bases],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_generators_load_without_keras_gan_kit(tmp_path):
    rng = np.random.default_rng(0)
    latent = rng.normal(size=(3, 8)).astype("float32")
    labels = np.array([[0], [1], [2]], dtype="int32")
    cases = {
        "dcgan_transpose": (
            builders.dcgan_generator(
                latent_dim=8, image_shape=(16, 16, 1), filters=8
            ),
            [latent],
        ),
        "dcgan_resize": (
            builders.dcgan_generator(
                latent_dim=8,
                image_shape=(16, 16, 3),
                filters=8,
                upsampling="resize",
            ),
            [latent],
        ),
        "conditional": (
            builders.conditional_generator(
                latent_dim=8, num_classes=3, image_shape=(8, 8, 1), filters=8
            ),
            [latent, labels],
        ),
        "mlp": (
            builders.mlp_generator(latent_dim=8, image_shape=(4, 4, 1)),
            [latent],
        ),
    }
    # The phase form is what JAX trains with: check it on every backend.
    transpose_layers = [
        layer
        for layer in cases["dcgan_transpose"][0].layers
        if isinstance(layer, PhaseConv2DTranspose)
    ]
    assert transpose_layers
    for layer in transpose_layers:
        layer.phase_decomposition = True
    expected = {}
    for name, (generator, inputs) in cases.items():
        base, outputs = _save_case(tmp_path, name, generator, inputs)
        expected[base] = outputs
    _load_elsewhere(list(expected))
    for base, outputs in expected.items():
        np.testing.assert_allclose(
            np.load(base + ".loaded.npy"), outputs, atol=1e-5, rtol=1e-4
        )


def test_trained_and_checkpointed_generators_load_without_keras_gan_kit(
    tmp_path,
):
    generator = builders.dcgan_generator(
        latent_dim=8, image_shape=(8, 8, 1), filters=8, num_upsamples=1
    )
    discriminator = builders.dcgan_discriminator(
        image_shape=(8, 8, 1), filters=8, num_downsamples=1
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile()
    gan.enable_generator_ema(decay=0.9)
    images = np.tanh(np.random.default_rng(0).normal(size=(16, 8, 8, 1)))
    checkpoint_dir = tmp_path / "checkpoints"
    gan.fit(
        images.astype("float32"),
        batch_size=8,
        epochs=1,
        verbose=0,
        callbacks=[callbacks.GeneratorCheckpoint(str(checkpoint_dir))],
    )
    written = sorted(checkpoint_dir.glob("*.keras"))
    assert written
    latent = gan.sample_latent(4, seed=1)
    bases = []
    expected = []
    for name, model, path in (
        ("checkpoint", gan.sampling_generator(), str(written[-1])),
        ("generator", gan.generator, None),
        ("ema_generator", gan.ema_generator, None),
    ):
        base, outputs = _save_case(tmp_path, name, model, [latent], path)
        bases.append(base)
        expected.append(outputs)
    _load_elsewhere(bases)
    for base, outputs in zip(bases, expected):
        np.testing.assert_allclose(
            np.load(base + ".loaded.npy"), outputs, atol=1e-5, rtol=1e-4
        )


def _perturbed(generator, seed=0):
    """`generator` with every weight moved off its initial value, so that
    zero-initialized parts (self-attention's scale, conditional gains)
    take part in the comparison."""
    rng = np.random.default_rng(seed)
    for weight in generator.weights:
        noise = rng.normal(scale=0.05, size=weight.shape)
        weight.assign(keras.ops.convert_to_numpy(weight) + noise)
    return generator


def test_residual_generators_load_without_keras_gan_kit(tmp_path):
    rng = np.random.default_rng(0)
    latent = rng.normal(size=(3, 8)).astype("float32")
    labels = np.array([0, 1, 2], dtype="int32")
    small = dict(latent_dim=8, filters=16)
    cases = {
        "resnet_attention": (
            builders.resnet_generator(
                image_shape=(16, 16, 3), attention_resolution=8, **small
            ),
            [latent],
        ),
        "resnet_conditional_spectral": (
            builders.resnet_generator(
                image_shape=(16, 16, 3),
                num_classes=3,
                embedding_dim=8,
                attention_resolution=8,
                spectral_norm=True,
                **small,
            ),
            [latent, labels],
        ),
        "resnet_latent_in_condition": (
            builders.resnet_generator(
                image_shape=(8, 8, 1),
                num_classes=3,
                embedding_dim=8,
                latent_in_condition=True,
                **small,
            ),
            [latent, labels],
        ),
    }
    _check_portable_files(tmp_path, cases, atol=1e-5)


def _check_portable_files(folder, cases, atol):
    """Writes each `(generator, inputs)` of `cases` with `save_portable`
    (weights perturbed first), loads them all without keras_gan_kit and
    compares the images."""
    expected = {}
    for name, (generator, inputs) in cases.items():
        _perturbed(generator)
        path = str(folder / f"{name}_written.keras")
        keras_gan_kit.utils.save_portable(generator, path)
        base, outputs = _save_case(folder, name, generator, inputs, path)
        expected[base] = outputs
    _load_elsewhere(list(expected))
    for base, outputs in expected.items():
        np.testing.assert_allclose(
            np.load(base + ".loaded.npy"), outputs, atol=atol, rtol=1e-4
        )


def _narrow_preset_generator(name):
    """A preset's generator (a translator for the translation presets,
    at 32 pixels) with its layout and layer types, at a width that builds
    in a moment."""
    if name.startswith(("pix2pix", "cyclegan")):
        channels = 1 if name.endswith(("fashion", "boot")) else 3
        return builders.preset(
            name,
            generator_filters=8,
            generator_image_shape=(32, 32, channels),
        )[0]
    if name.startswith("stylegan2"):
        return builders.preset(
            name,
            generator_image_shape=(16, 16, 3),
            generator_latent_dim=8,
            generator_w_dim=8,
            generator_channel_base=64,
            generator_max_filters=8,
        )[0]
    if name.startswith("r3gan"):
        return builders.preset(
            name,
            generator_image_shape=(16, 16, 3),
            generator_filters=(16, 16, 16),
            generator_group_channels=8,
        )[0]
    try:
        return builders.preset(name, generator_filters=16)[0]
    except ValueError:  # a builder without filters (the MLP)
        return builders.preset(name)[0]


def _preset_inputs(generator):
    """Latents (and labels) for a generator; images for a translator."""
    if len(generator.inputs[0].shape) == 4:
        shape = (2,) + tuple(generator.inputs[0].shape[1:])
        return [np.random.default_rng(0).uniform(-1, 1, shape).astype("f4")]
    return check_inputs(generator, num_samples=2)


def test_every_preset_generator_loads_without_keras_gan_kit(tmp_path):
    """What `save_generator` and `save_translator` (so `keras-gan-kit
    train` and `GeneratorCheckpoint`) write for each preset's generator
    or translator."""
    cases, kinds = {}, set()
    for name in builders.list_presets():
        generator = _narrow_preset_generator(name)
        # The conversion goes layer by layer: presets whose networks are
        # built of the same layer classes and take the same inputs
        # (dcgan_mnist and dcgan_notmnist, stylegan2 and
        # stylegan2_cifar10...) differ only in sizes: check one of each.
        kind = (
            tuple(sorted({type(layer).__name__ for layer in generator.layers})),
            len(generator.inputs),
        )
        if kind not in kinds:
            kinds.add(kind)
            cases[name] = (generator, _preset_inputs(generator))
    assert len(cases) >= 10, sorted(cases)
    _check_portable_files(tmp_path, cases, atol=1e-4)


def test_equalized_layers_load_without_keras_gan_kit(tmp_path):
    # StyleGAN-style layers become the Dense and Conv2D of their run-time
    # weights.
    from keras_gan_kit.layers import EqualizedConv2D
    from keras_gan_kit.layers import EqualizedDense
    from keras_gan_kit.utils import portable_model

    keras.utils.set_random_seed(7)
    inputs = keras.Input((8,))
    x = EqualizedDense(32, lr_multiplier=0.01, bias_init=0.5)(inputs)
    x = keras.layers.Reshape((4, 4, 2))(x)
    x = EqualizedConv2D(1, kernel_size=3, lr_multiplier=0.5)(x)
    generator = keras.Model(inputs, keras.layers.Activation("tanh")(x))
    latent = np.random.default_rng(1).normal(size=(3, 8)).astype("float32")
    portable = portable_model(generator)
    assert not any(
        type(layer).__module__.startswith("keras_gan_kit")
        for layer in portable.layers
    )
    base, outputs = _save_case(tmp_path, "equalized", portable, [latent])
    np.testing.assert_allclose(
        outputs, generator.predict(latent, verbose=0), atol=1e-5, rtol=1e-4
    )
    _load_elsewhere([base])
    np.testing.assert_allclose(
        np.load(base + ".loaded.npy"), outputs, atol=1e-5, rtol=1e-4
    )


def test_stylegan2_and_r3gan_generators_load_without_keras_gan_kit(tmp_path):
    # Modulated convolutions, noise inputs, style mixing and truncation,
    # the learned constant and the filtered upsampling in standard layers;
    # the truncation set off its default so that it takes part.
    latent = np.random.default_rng(0).normal(size=(3, 8)).astype("float32")
    stylegan2 = builders.stylegan2_generator(
        latent_dim=8,
        image_shape=(16, 16, 3),
        w_dim=8,
        mapping_layers=2,
        channel_base=64,
        max_filters=8,
    )
    cases = {
        "stylegan2": (stylegan2, [latent]),
        "r3gan": (
            builders.r3gan_generator(
                latent_dim=8,
                image_shape=(16, 16, 1),
                filters=(16, 16, 8),
                group_channels=8,
            ),
            [latent],
        ),
    }
    expected = {}
    for name, (generator, inputs) in cases.items():
        _perturbed(generator)
        if name == "stylegan2":
            keras_gan_kit.latents.set_style_truncation(generator, 0.7)
        path = str(tmp_path / f"{name}_written.keras")
        keras_gan_kit.utils.save_portable(generator, path)
        base, outputs = _save_case(tmp_path, name, generator, inputs, path)
        expected[base] = outputs
    _load_elsewhere(list(expected))
    for base, outputs in expected.items():
        np.testing.assert_allclose(
            np.load(base + ".loaded.npy"), outputs, atol=1e-4, rtol=1e-4
        )
