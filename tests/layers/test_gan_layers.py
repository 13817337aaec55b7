"""The residual-network layers: values against NumPy, errors, save/load."""

import keras
import numpy as np
import pytest
from keras import ops

from keras_gan_kit.layers import ConditionalBatchNormalization
from keras_gan_kit.layers import GlobalSumPooling2D
from keras_gan_kit.layers import ResidualDownBlock
from keras_gan_kit.layers import ResidualUpBlock
from keras_gan_kit.layers import SelfAttention


def _normal(shape, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    return (scale * rng.normal(size=shape)).astype("float32")


def _softmax(x):
    x = x - x.max(axis=-1, keepdims=True)
    return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)


def _max_pool(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


@pytest.mark.parametrize("pool_keys", [True, False])
def test_self_attention_matches_numpy(pool_keys):
    maps = _normal((2, 4, 6, 16))
    layer = SelfAttention(spectral_norm=False, pool_keys=pool_keys)
    # It starts as the identity: gamma is 0.
    np.testing.assert_allclose(ops.convert_to_numpy(layer(maps)), maps)
    weights = {
        name: _normal(getattr(layer, name).kernel.shape, seed=i + 1, scale=0.3)
        for i, name in enumerate(("query", "key", "value", "output_projection"))
    }
    for name, value in weights.items():
        getattr(layer, name).kernel.assign(value)
    layer.gamma.assign(0.5)

    def conv(x, name):
        return np.einsum("nhwc,cd->nhwd", x, weights[name][0, 0])

    queries = conv(maps, "query").reshape(2, 24, 2)
    keys, values = conv(maps, "key"), conv(maps, "value")
    if pool_keys:
        keys, values = _max_pool(keys), _max_pool(values)
    keys = keys.reshape(2, -1, 2)
    values = values.reshape(2, -1, 8)
    attention = _softmax(queries @ keys.transpose(0, 2, 1))
    attended = conv(
        (attention @ values).reshape(2, 4, 6, 8), "output_projection"
    )
    expected = maps + 0.5 * attended
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(maps)), expected, rtol=1e-4, atol=1e-4
    )


def test_self_attention_refuses_what_it_cannot_attend():
    with pytest.raises(ValueError, match="at least 8"):
        SelfAttention()(np.zeros((1, 4, 4, 4), "float32"))
    with pytest.raises(ValueError, match="sides must be even.*pool_keys=False"):
        SelfAttention()(np.zeros((1, 5, 4, 8), "float32"))


def test_conditional_batch_norm_matches_numpy():
    features = _normal((6, 3, 3, 4), scale=2.0) + 1.0
    condition = _normal((6, 5), seed=1)
    layer = ConditionalBatchNormalization(momentum=0.5)
    # Zero-initialized gain and bias: plain batch norm at the start.
    mean = features.mean(axis=(0, 1, 2))
    variance = features.var(axis=(0, 1, 2))
    normalized = (features - mean) / np.sqrt(variance + 1e-5)
    result = layer([features, condition], training=True)
    np.testing.assert_allclose(
        ops.convert_to_numpy(result), normalized, rtol=1e-4, atol=1e-4
    )
    gain_kernel, bias_kernel = _normal((5, 4), 2), _normal((5, 4), 3)
    layer.gain.kernel.assign(gain_kernel)
    layer.bias.kernel.assign(bias_kernel)
    gain = 1.0 + condition @ gain_kernel
    bias = condition @ bias_kernel
    result = layer([features, condition], training=True)
    expected = normalized * gain[:, None, None] + bias[:, None, None]
    np.testing.assert_allclose(
        ops.convert_to_numpy(result), expected, rtol=1e-4, atol=1e-4
    )
    # Inference uses the moving statistics (two updates of momentum 0.5
    # from mean 0 and variance 1).
    moving_mean = 0.75 * mean
    moving_variance = 0.25 + 0.75 * variance
    result = layer([features, condition], training=False)
    expected = (features - moving_mean) / np.sqrt(moving_variance + 1e-5)
    expected = expected * gain[:, None, None] + bias[:, None, None]
    np.testing.assert_allclose(
        ops.convert_to_numpy(result), expected, rtol=1e-3, atol=1e-3
    )


def test_conditional_batch_norm_refuses_bad_inputs():
    with pytest.raises(ValueError, match=r"called on \[features, condition\]"):
        ConditionalBatchNormalization()(np.zeros((2, 4, 4, 3), "float32"))
    with pytest.raises(ValueError, match="Flatten a class embedding"):
        ConditionalBatchNormalization()(
            [np.zeros((2, 4, 4, 3), "float32"), np.zeros((2, 1, 5), "float32")]
        )


def test_residual_blocks_add_their_shortcut():
    maps = _normal((2, 4, 4, 6))
    up = ResidualUpBlock(3)
    down = ResidualDownBlock(3, spectral_norm=False)
    assert tuple(up(maps).shape) == (2, 8, 8, 3)
    assert tuple(down(maps).shape) == (2, 2, 2, 3)
    # With the main path's last convolution at zero, each block is its
    # shortcut: upsample then 1x1 convolve; convolve then average-pool.
    for block in (up, down):
        block.conv_2.kernel.assign(np.zeros(block.conv_2.kernel.shape))
        block.conv_2.bias.assign(np.zeros(block.conv_2.bias.shape))
    up_kernel = ops.convert_to_numpy(up.shortcut.kernel)[0, 0]
    up_bias = ops.convert_to_numpy(up.shortcut.bias)
    grown = maps.repeat(2, axis=1).repeat(2, axis=2)
    np.testing.assert_allclose(
        ops.convert_to_numpy(up(maps)), grown @ up_kernel + up_bias, atol=1e-5
    )
    down_kernel = ops.convert_to_numpy(down.shortcut.kernel)[0, 0]
    down_bias = ops.convert_to_numpy(down.shortcut.bias)
    convolved = maps @ down_kernel + down_bias
    pooled = convolved.reshape(2, 2, 2, 2, 2, 3).mean(axis=(2, 4))
    np.testing.assert_allclose(
        ops.convert_to_numpy(down(maps)), pooled, atol=1e-5
    )
    # Without a size or channel change the shortcut is the input itself.
    same = ResidualDownBlock(6, downsample=False)
    same.build(maps.shape)
    assert not same.learned_shortcut


def test_first_down_block_sees_images_without_relu():
    images = -np.abs(_normal((1, 4, 4, 3)))
    first = ResidualDownBlock(4, first=True, spectral_norm=False)
    later = ResidualDownBlock(4, spectral_norm=False)
    first.build(images.shape)
    later.build(images.shape)
    later.set_weights(first.get_weights())
    # All-negative inputs: a leading ReLU zeroes the main path.
    assert not np.allclose(
        ops.convert_to_numpy(first(images)), ops.convert_to_numpy(later(images))
    )


def test_residual_blocks_refuse_bad_inputs():
    with pytest.raises(ValueError, match="positive integer"):
        ResidualUpBlock(0)
    with pytest.raises(ValueError, match="conditional=True"):
        ResidualUpBlock(4)(
            [np.zeros((2, 4, 4, 3), "float32"), np.zeros((2, 5), "float32")]
        )
    with pytest.raises(ValueError, match="condition vector too"):
        ResidualUpBlock(4, conditional=True)(np.zeros((2, 4, 4, 3), "float32"))
    with pytest.raises(ValueError, match="sides must be even"):
        ResidualDownBlock(4)(np.zeros((1, 5, 4, 3), "float32"))


def test_global_sum_pooling():
    maps = _normal((2, 3, 4, 5))
    np.testing.assert_allclose(
        ops.convert_to_numpy(GlobalSumPooling2D()(maps)),
        maps.sum(axis=(1, 2)),
        rtol=1e-5,
    )


def _conditional_model():
    features = keras.Input((4, 4, 8))
    condition = keras.Input((5,))
    x = ResidualUpBlock(8, conditional=True, spectral_norm=True)(
        [features, condition]
    )
    x = SelfAttention()(x)
    x = ResidualDownBlock(8, first=False)(x)
    x = ConditionalBatchNormalization()([x, condition])
    x = GlobalSumPooling2D()(x)
    return keras.Model([features, condition], x)


def test_layers_train_save_and_reload(tmp_path):
    model = _conditional_model()
    inputs = [_normal((4, 4, 4, 8)), _normal((4, 5), seed=1)]
    model.compile(optimizer="adam", loss="mse")
    model.fit(inputs, _normal((4, 8), seed=2), epochs=2, verbose=0)
    path = tmp_path / "layers.keras"
    model.save(path)
    restored = keras.saving.load_model(path, safe_mode=True)
    for a, b in zip(model.get_weights(), restored.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(
        ops.convert_to_numpy(restored(inputs)),
        ops.convert_to_numpy(model(inputs)),
        rtol=1e-5,
        atol=1e-5,
    )
    for layer in model.layers[2:]:
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config
