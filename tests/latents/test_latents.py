"""Latent tools: truncation and interpolation against NumPy references,
their argument errors, and their output through a real generator."""

import numpy as np
import pytest

from keras_gan_kit import latents
from tests.conftest import LATENT_DIM
from tests.conftest import make_gan


def test_truncation_keeps_the_normal_shape_inside_the_threshold():
    latent = latents.truncated_latent(20_000, 4, threshold=1.0, seed=0)
    assert latent.dtype == np.float32 and latent.shape == (20_000, 4)
    assert np.abs(latent).max() <= 1.0
    # A normal truncated to [-1, 1]: variance 1 - 2 phi(1) / (2 Phi(1) - 1).
    expected_variance = 1 - 2 * 0.2419707 / (2 * 0.8413447 - 1)
    assert latent.var() == pytest.approx(expected_variance, rel=0.03)
    assert abs(latent.mean()) < 0.01
    again = latents.truncated_latent(20_000, 4, threshold=1.0, seed=0)
    np.testing.assert_array_equal(latent, again)


def _numpy_slerp(a, b, t):
    a_norm, b_norm = np.linalg.norm(a), np.linalg.norm(b)
    omega = np.arccos(np.dot(a / a_norm, b / b_norm))
    unit = np.sin((1 - t) * omega) * a / a_norm + np.sin(t * omega) * b / b_norm
    return unit / np.sin(omega) * ((1 - t) * a_norm + t * b_norm)


def test_slerp_matches_the_formula_and_its_ends():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 16))
    for t in (0.0, 0.25, 0.5, 1.0):
        np.testing.assert_allclose(
            latents.slerp(a, b, t), _numpy_slerp(a, b, t), rtol=1e-5, atol=1e-6
        )
    np.testing.assert_allclose(latents.slerp(a, b, 0.0), a, rtol=1e-6)
    np.testing.assert_allclose(latents.slerp(a, b, 1.0), b, rtol=1e-6)
    # Parallel vectors: the linear path.
    np.testing.assert_allclose(latents.slerp(a, 2 * a, 0.5), 1.5 * a, rtol=1e-6)
    batch = latents.slerp(
        rng.normal(size=(3, 16)), rng.normal(size=(3, 16)), 0.3
    )
    assert batch.shape == (3, 16)


def test_interpolation_path_through_a_generator():
    gan = make_gan()
    rng = np.random.default_rng(2)
    start, end = rng.normal(size=(2, LATENT_DIM))
    path = latents.interpolate(start, end, 5)
    assert path.shape == (5, LATENT_DIM)
    np.testing.assert_allclose(path[0], start, rtol=1e-6)
    np.testing.assert_allclose(path[-1], end, rtol=1e-6)
    linear = latents.interpolate(start, end, 5, method="linear")
    np.testing.assert_allclose(linear[2], (start + end) / 2, rtol=1e-6)
    images = gan.generate(latent=path)
    assert images.shape[0] == 5 and np.all(np.isfinite(images))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: latents.truncated_latent(4, 2, threshold=0), "threshold=0"),
        (lambda: latents.truncated_latent(0, 2), "positive integer"),
        (lambda: latents.slerp([1.0, 0.0], [1.0], 0.5), r"\(2,\) and \(1,\)"),
        (lambda: latents.interpolate([0.0], [1.0], 1), "received 1"),
        (lambda: latents.interpolate([0.0], [1.0], 3, method="cubic"), "cubic"),
        (
            lambda: latents.interpolate([[0.0]], [[1.0]], 3),
            r"received shape \(1, 1\)",
        ),
    ],
)
def test_bad_arguments_say_what_was_received(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_latent_walks_join_each_pair_of_ends():
    ends = np.random.default_rng(3).normal(size=(4, 6))
    walks = latents.latent_walks(ends, 3)
    assert walks.shape == (6, 6)
    np.testing.assert_allclose(
        walks[3:], latents.interpolate(ends[2], ends[3], 3), rtol=1e-6
    )
    with pytest.raises(ValueError, match=r"received shape \(3, 6\)"):
        latents.latent_walks(ends[:3], 3)


def test_style_truncation_needs_a_style_generator_and_a_psi_in_range():
    from keras_gan_kit import builders

    with pytest.raises(ValueError, match="no StyleTruncation layer"):
        latents.set_style_truncation(builders.mlp_generator(), 0.5)
    generator = builders.stylegan2_generator(
        latent_dim=4,
        image_shape=(8, 8, 1),
        w_dim=4,
        mapping_layers=1,
        channel_base=32,
        max_filters=4,
    )
    with pytest.raises(ValueError, match="psi must be"):
        latents.set_style_truncation(generator, 1.5)
    assert latents.set_style_truncation(generator, 0.5) == 1.0
    assert latents.set_style_truncation(generator, 1.0) == 0.5
