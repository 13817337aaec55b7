"""StyleGAN2's and R3GAN's layers against NumPy and SciPy references, in
training and inference, and through a save/load round trip."""

import keras
import numpy as np
import pytest
from keras import ops
from scipy import signal

from keras_gan_kit import backend
from keras_gan_kit.layers import ConstantInput
from keras_gan_kit.layers import Downsample2D
from keras_gan_kit.layers import GroupedConv2D
from keras_gan_kit.layers import ModulatedConv2D
from keras_gan_kit.layers import NoiseInjection
from keras_gan_kit.layers import StyleMixing
from keras_gan_kit.layers import StyleTruncation
from keras_gan_kit.layers import Upsample2D
from tests.conftest import assert_reloads_alike

RNG = np.random.default_rng(0)


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x), "float64")


def _correlate_same(image, kernel):
    """`(h, w, in)` correlated with `(k, k, in, out)`, zero "same" padding."""
    size = kernel.shape[0]
    before = (size - 1) // 2
    padded = np.pad(
        image,
        ((before, size - 1 - before), (before, size - 1 - before), (0, 0)),
    )
    return np.stack(
        [
            sum(
                signal.correlate2d(padded[..., i], kernel[..., i, o], "valid")
                for i in range(image.shape[-1])
            )
            for o in range(kernel.shape[-1])
        ],
        axis=-1,
    )


@pytest.mark.parametrize("demodulate", [True, False])
def test_modulated_conv_is_a_convolution_with_the_modulated_kernel(demodulate):
    features = RNG.normal(size=(2, 5, 5, 3)).astype("float32")
    w = RNG.normal(size=(2, 4)).astype("float32")
    layer = ModulatedConv2D(2, 3, demodulate=demodulate)
    layer.build([features.shape, w.shape])
    layer.bias.assign(np.array([0.5, -1.0], "float32"))
    outputs = _numpy(layer([features, w]))

    affine = layer.affine
    styles = (
        w @ (_numpy(affine.kernel) * affine.weight_gain)
        + _numpy(affine.bias) * affine.lr_multiplier
    )
    kernel = _numpy(layer.kernel) * layer.weight_gain
    for index in range(2):
        # The paper's form: the kernel scaled per input channel, then each
        # output channel's kernel normalized to unit norm.
        modulated = kernel * styles[index][None, None, :, None]
        if demodulate:
            norms = np.sum(np.square(modulated), axis=(0, 1, 2))
            modulated = modulated / np.sqrt(norms + 1e-8)
        expected = _correlate_same(features[index], modulated) + [0.5, -1.0]
        np.testing.assert_allclose(
            outputs[index], expected, rtol=1e-4, atol=1e-4
        )


def test_demodulation_keeps_unit_variance_whatever_the_style():
    features = RNG.normal(size=(64, 8, 8, 16)).astype("float32")
    layer = ModulatedConv2D(16, 3, use_bias=False)
    for scale in (0.1, 10.0):
        w = np.full((64, 8), scale, "float32")
        outputs = _numpy(layer([features, w]))
        assert 0.7 < outputs[:, 2:-2, 2:-2].std() < 1.3


@pytest.fixture(params=["depthwise", "sliced"])
def resampling_form(request, monkeypatch):
    """Both forms of `Upsample2D` and `Downsample2D`, on every backend:
    the depthwise convolution and the strided slices JAX uses
    (`Backend.sliced_resampling`)."""
    monkeypatch.setattr(
        backend.current, "sliced_resampling", request.param == "sliced"
    )
    return request.param


def _upfirdn_up(row, taps):
    """Zero insertion and the filter with gain 2, one axis (NumPy)."""
    zeros = np.zeros(2 * len(row))
    zeros[::2] = row
    taps = np.asarray(taps, "float64")
    return np.convolve(zeros, 2.0 * taps / taps.sum(), mode="full")


@pytest.mark.parametrize("taps", [[1, 2, 1], [1, 3, 3, 1]])
def test_upsampling_interpolates_as_zero_insertion_and_the_filter(
    taps, resampling_form
):
    rows = RNG.normal(size=(1, 6, 6, 2)).astype("float32")
    outputs = _numpy(Upsample2D(taps)(rows))
    assert outputs.shape == (1, 12, 12, 2)
    # Separable: check a constant-along-height input along the width,
    # away from the border where the padding differs.
    flat = np.repeat(rows[:, :1], 6, axis=1)
    outputs = _numpy(Upsample2D(taps)(flat))[0, 6, :, 0]
    reference = _upfirdn_up(flat[0, 0, :, 0].astype("float64"), taps)
    # The "full" convolution's shift: input pixel i at output 2i for an
    # odd filter, centred between 2i and 2i + 1 for an even one.
    offset = (len(taps) - 1) // 2
    np.testing.assert_allclose(
        outputs[2:-2], reference[offset + 2 : offset + 10], rtol=1e-5, atol=1e-6
    )


def test_linear_upsampling_sits_on_the_input_pixels(resampling_form):
    row = np.array([0.0, 2.0, 4.0], "float32").reshape(1, 1, 3, 1)
    outputs = _numpy(Upsample2D([1, 2, 1])(np.repeat(row, 2, axis=1)))
    np.testing.assert_allclose(outputs[0, 0, :, 0], [0, 1, 2, 3, 4, 2])


@pytest.mark.parametrize("taps", [[1, 2, 1], [1, 3, 3, 1], [1, 1]])
def test_downsampling_blurs_then_keeps_every_second_pixel(
    taps, resampling_form
):
    images = RNG.normal(size=(2, 8, 8, 3)).astype("float32")
    outputs = _numpy(Downsample2D(taps)(images))
    taps = np.asarray(taps, "float64")
    kernel = np.outer(taps, taps) / taps.sum() ** 2
    before, after = (len(taps) - 1) // 2, (len(taps) - 2) // 2
    for image, output in zip(images, outputs):
        for channel in range(3):
            padded = np.pad(image[..., channel], (before, after))
            blurred = signal.correlate2d(padded, kernel, "valid")
            np.testing.assert_allclose(
                output[..., channel], blurred[::2, ::2], rtol=1e-5, atol=1e-5
            )


def test_two_tap_downsampling_is_average_pooling():
    images = RNG.normal(size=(2, 8, 8, 3)).astype("float32")
    np.testing.assert_allclose(
        _numpy(Downsample2D([1, 1])(images)),
        _numpy(keras.layers.AveragePooling2D(2)(images)),
        rtol=1e-5,
        atol=1e-6,
    )


@pytest.mark.parametrize(
    "layer, taps, message",
    [
        (Upsample2D, [1, 2], "not divisible by \\[1, 1\\]"),
        (Upsample2D, [1, -2, 1], "non-negative"),
        (Downsample2D, [3], "at least 2"),
    ],
)
def test_bad_filters_are_refused_with_the_fix(layer, taps, message):
    with pytest.raises(ValueError, match=message):
        layer(taps).build((None, 8, 8, 1))


def test_odd_maps_are_not_downsampled():
    with pytest.raises(ValueError, match="even"):
        Downsample2D()(np.zeros((1, 7, 8, 1), "float32"))


def test_noise_is_drawn_in_training_and_fixed_in_inference():
    features = np.zeros((2, 4, 4, 3), "float32")
    layer = NoiseInjection(seed=3)
    # The strength starts at 0: the layer starts as the identity.
    np.testing.assert_allclose(_numpy(layer(features, training=True)), 0.0)
    layer.strength.assign(2.0)
    first = _numpy(layer(features, training=True))
    second = _numpy(layer(features, training=True))
    assert not np.allclose(first, second)
    # One value per pixel, the same in every channel.
    np.testing.assert_allclose(first[..., 0], first[..., 2])
    assert 1.0 < first.std() < 3.0
    fixed = 2.0 * _numpy(layer.fixed_noise)[None]
    np.testing.assert_allclose(
        _numpy(layer(features)), np.broadcast_to(fixed, (2, 4, 4, 3)), rtol=1e-6
    )
    np.testing.assert_allclose(_numpy(layer(features)), _numpy(layer(features)))


def test_style_mixing_switches_to_the_second_style_at_one_crossover():
    w = RNG.normal(size=(3, 5)).astype("float32")
    w_mix = RNG.normal(size=(3, 5)).astype("float32")
    layer = StyleMixing(num_styles=6, probability=1.0, seed=0)
    np.testing.assert_allclose(
        _numpy(layer([w, w_mix])), np.repeat(w[:, None], 6, axis=1)
    )
    crossovers = set()
    for _ in range(20):
        styles = _numpy(layer([w, w_mix], training=True))
        from_w = np.all(np.isclose(styles, w[:, None]), axis=(0, 2))
        crossover = int(np.argmin(from_w))
        assert 1 <= crossover < 6
        np.testing.assert_allclose(
            styles[:, :crossover],
            np.repeat(w[:, None], crossover, 1),
            rtol=1e-6,
        )
        np.testing.assert_allclose(
            styles[:, crossover:],
            np.repeat(w_mix[:, None], 6 - crossover, 1),
            rtol=1e-6,
        )
        crossovers.add(crossover)
    assert len(crossovers) > 2
    never = StyleMixing(num_styles=6, probability=0.0)
    np.testing.assert_allclose(
        _numpy(never([w, w_mix], training=True)), np.repeat(w[:, None], 6, 1)
    )


def test_style_truncation_tracks_the_mean_and_truncates_towards_it():
    layer = StyleTruncation(decay=0.9, psi=0.5)
    batches = [RNG.normal(size=(4, 3)).astype("float32") for _ in range(3)]
    mean = np.zeros(3)
    for batch in batches:
        np.testing.assert_allclose(_numpy(layer(batch, training=True)), batch)
        mean = 0.9 * mean + 0.1 * batch.mean(axis=0)
    np.testing.assert_allclose(_numpy(layer.average), mean, rtol=1e-5)
    w = batches[0]
    np.testing.assert_allclose(
        _numpy(layer(w)), mean + 0.5 * (w - mean), rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: StyleMixing(0), "num_styles"),
        (lambda: StyleMixing(4, probability=1.5), "probability"),
        (lambda: StyleTruncation(psi=-0.1), "psi"),
        (lambda: ModulatedConv2D(0), "filters"),
        (lambda: ConstantInput((4, 0, 2)), "shape"),
        (lambda: GroupedConv2D(4, 3, groups=2, dense_equivalent="yes"), "auto"),
    ],
)
def test_bad_arguments_are_named(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_modulated_conv_takes_features_and_styles():
    with pytest.raises(ValueError, match="\\[features, w\\]"):
        ModulatedConv2D(2)(np.zeros((1, 4, 4, 2), "float32"))


def test_grouped_and_dense_forms_agree():
    x = RNG.normal(size=(2, 6, 6, 8)).astype("float32")
    grouped = GroupedConv2D(
        12, 3, groups=4, padding="same", dense_equivalent=False
    )
    dense = GroupedConv2D(
        12, 3, groups=4, padding="same", dense_equivalent=True
    )
    grouped.build(x.shape)
    dense.build(x.shape)
    dense.set_weights(grouped.get_weights())
    np.testing.assert_allclose(
        _numpy(dense(x)), _numpy(grouped(x)), rtol=1e-4, atol=1e-5
    )
    # The grouped kernel, scattered: zero between groups.
    kernel = _numpy(dense.dense_kernel())
    assert kernel.shape == (3, 3, 8, 12)
    assert np.all(kernel[:, :, :2, 3:] == 0) and np.all(
        kernel[:, :, 2:, :3] == 0
    )


def test_a_model_of_the_style_layers_trains_and_reloads(tmp_path):
    latent = keras.Input((4,))
    w = keras.layers.Dense(4)(latent)
    w = StyleTruncation()(w)
    styles = StyleMixing(2, seed=1)([w, latent])
    x = ConstantInput((4, 4, 4))(latent)
    style = keras.layers.Reshape((4,))(keras.layers.Cropping1D((0, 1))(styles))
    x = ModulatedConv2D(8, 3)([x, style])
    x = NoiseInjection(seed=2)(x)
    x = Upsample2D([1, 3, 3, 1])(x)
    x = GroupedConv2D(8, 3, groups=2, padding="same")(x)
    x = Downsample2D()(x)
    outputs = keras.layers.Conv2D(1, 1)(x)
    model = keras.Model(latent, outputs)
    model.compile("adam", "mse")
    inputs = RNG.normal(size=(8, 4)).astype("float32")
    history = model.fit(inputs, np.zeros((8, 4, 4, 1)), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert_reloads_alike(model, inputs, tmp_path / "style.keras")
