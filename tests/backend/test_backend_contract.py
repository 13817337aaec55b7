"""The backend contract: every primitive of `keras_gan_kit.backend.Backend`
on the active Keras backend, against NumPy or finite differences."""

import keras
import numpy as np
import pytest
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.backend import Backend
from keras_gan_kit.backend.base import UnsupportedBackend

RNG = np.random.default_rng(0)
W = RNG.normal(size=(3, 4)).astype("float32")
X = RNG.normal(size=(5, 3)).astype("float32")


def _numpy(values):
    return [np.asarray(ops.convert_to_numpy(value)) for value in values]


def _scalar(value):
    return float(ops.convert_to_numpy(value))


def _loss_numpy(w, x):
    """sum(tanh(x @ w) ** 2): the function whose gradients are checked."""
    return float(np.sum(np.tanh(x.astype("float64") @ w) ** 2))


def _finite_difference(function, w, epsilon=1e-3):
    w = w.astype("float64")
    gradient = np.zeros_like(w)
    for index in np.ndindex(w.shape):
        step = np.zeros_like(w)
        step[index] = epsilon
        gradient[index] = (function(w + step) - function(w - step)) / (
            2 * epsilon
        )
    return gradient


def _assert_is_the_loss_gradient(gradient):
    """`gradient` is that of `_loss_numpy` with respect to `w` at `W`."""
    np.testing.assert_allclose(
        _numpy([gradient])[0],
        _finite_difference(lambda w: _loss_numpy(w, X), W),
        rtol=1e-3,
        atol=1e-4,
    )


def test_the_active_backend_is_chosen_once_and_complete():
    assert isinstance(backend.current, Backend)
    assert backend.current.name == keras.backend.backend()
    assert not getattr(type(backend.current), "__abstractmethods__", None)


def test_a_backend_missing_a_primitive_cannot_be_made():
    class Incomplete(Backend):
        def value_and_grad(self, function, variables):
            return None

    with pytest.raises(TypeError, match="input_gradients"):
        Incomplete()


def test_value_and_grad_against_finite_differences():
    w = keras.Variable(W)
    x = ops.convert_to_tensor(X)

    def function():
        value = ops.sum(ops.tanh(ops.matmul(x, w)) ** 2)
        return value, {"doubled": 2 * value}

    (value, aux), (gradient,) = backend.current.value_and_grad(function, [w])
    expected = _loss_numpy(W, X)
    np.testing.assert_allclose(_scalar(value), expected, rtol=1e-5)
    np.testing.assert_allclose(_scalar(aux["doubled"]), 2 * expected, rtol=1e-5)
    _assert_is_the_loss_gradient(gradient)


def test_a_shared_forward_pass_gives_the_gradient_of_its_composition():
    # output = tanh(x @ w); loss = sum(output ** 2): pulled back through the
    # pass, the gradient is the composition's.
    w = keras.Variable(W)
    x = ops.convert_to_tensor(X)
    output, pull_back = backend.current.forward_and_pullback(
        lambda: ops.tanh(ops.matmul(x, w)), [w]
    )
    np.testing.assert_allclose(
        _numpy([output])[0], np.tanh(X @ W), rtol=1e-5, atol=1e-6
    )

    def function(images):
        value = ops.sum(images**2)
        return value, {"mean": ops.mean(images)}

    (value, aux), (gradient,) = backend.current.value_and_grad_through(
        function, output, pull_back
    )
    np.testing.assert_allclose(_scalar(value), _loss_numpy(W, X), rtol=1e-5)
    np.testing.assert_allclose(
        _scalar(aux["mean"]), np.tanh(X @ W).mean(), rtol=1e-4, atol=1e-6
    )
    _assert_is_the_loss_gradient(gradient)


def test_input_gradients_against_numpy_and_differentiable():
    x = ops.convert_to_tensor(X)

    def function(inputs):
        return ops.sum(ops.sin(inputs)), {"size": ops.size(inputs)}

    gradient, aux = backend.current.input_gradients(function, x)
    np.testing.assert_allclose(_numpy([gradient])[0], np.cos(X), rtol=1e-5)
    assert int(_scalar(aux["size"])) == X.size

    # Double backpropagation: penalty(w) = sum(d/dx sum(w * x ** 2)) ** 2
    # = sum((2 w x) ** 2) = 4 w ** 2 sum(x ** 2), so d penalty / dw =
    # 8 w sum(x ** 2).
    w = keras.Variable(np.float32(0.7))

    def penalty():
        gradient, _ = backend.current.input_gradients(
            lambda inputs: (ops.sum(w * inputs**2), {}), x
        )
        return ops.sum(gradient**2), {}

    (value, _), (dw,) = backend.current.value_and_grad(penalty, [w])
    sum_squares = float(np.sum(X.astype("float64") ** 2))
    np.testing.assert_allclose(
        _scalar(value), 4 * 0.49 * sum_squares, rtol=1e-4
    )
    np.testing.assert_allclose(
        _numpy([dw])[0], 8 * 0.7 * sum_squares, rtol=1e-4
    )


def test_apply_gradients_makes_the_optimizers_update():
    w = keras.Variable(W)
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    optimizer.build([w])
    gradient = ops.convert_to_tensor(np.ones_like(W))
    backend.current.apply_gradients(optimizer, [gradient], [w])
    np.testing.assert_allclose(_numpy([w])[0], W - 0.1, rtol=1e-6)


def test_no_grad_leaves_values_alone():
    x = ops.convert_to_tensor(X)
    with backend.current.no_grad():
        doubled = x * 2
    np.testing.assert_allclose(_numpy([doubled])[0], 2 * X)


def test_replica_random_on_one_device_is_the_draw():
    seed = keras.random.SeedGenerator(3)
    twin = keras.random.SeedGenerator(3)
    values = backend.current.replica_random(
        lambda shape: keras.random.normal(shape, seed=seed), (4, 2)
    )
    np.testing.assert_array_equal(
        _numpy([values])[0],
        _numpy([keras.random.normal((4, 2), seed=twin)])[0],
    )


def test_one_process_one_shard():
    assert backend.current.data_shards() == 1


def test_global_random_state_round_trips():
    state = backend.current.get_global_rng_state()
    if state is None:  # no global generator that Keras layers draw from
        assert backend.current.name != "torch"
        return
    first = keras.layers.Dropout(0.5)(np.ones((64,), "float32"), training=True)
    backend.current.set_global_rng_state(state)
    again = keras.layers.Dropout(0.5)(np.ones((64,), "float32"), training=True)
    np.testing.assert_array_equal(_numpy([first])[0], _numpy([again])[0])


def test_the_input_pipelines_are_optional():
    x = np.zeros((8, 2), "float32")
    dataset = backend.current.array_dataset(x, None, 4, False)
    if dataset is None:
        return
    batches = [np.asarray(batch) for batch in dataset]
    assert [batch.shape for batch in batches] == [(4, 2), (4, 2)]


def test_an_unsupported_backend_says_what_to_set():
    class NumpyBackend(UnsupportedBackend):
        name = "numpy"

    with pytest.raises(ValueError, match="KERAS_BACKEND to 'tensorflow'"):
        NumpyBackend().value_and_grad(lambda: (0.0, {}), [])
    with pytest.raises(ValueError, match="'numpy'"):
        NumpyBackend().run_step(None, None, None)
