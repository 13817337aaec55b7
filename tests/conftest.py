"""Shared fixtures: tiny networks and images, so the suite stays fast."""

import csv
import functools
import importlib.util
import os
import pathlib
import re
import tempfile

# JAX compiles each operation anew for each new shape, in each process; the
# suite's processes (one per xdist worker, and the subprocesses of the kill,
# CLI and portability tests) compile the same tiny networks over and over.
# One compilation cache on disk, shared by all of them and set before JAX
# is imported (subprocesses inherit it), compiles each only once. The
# cache is keyed by the computation, JAX's version and flags, so a stale
# entry is never used; deleting the folder at any time is safe.
os.environ.setdefault(
    "JAX_COMPILATION_CACHE_DIR",
    os.path.join(tempfile.gettempdir(), "keras_gan_kit_tests_jax_cache"),
)
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES", "0")

import keras
import numpy as np
import pytest

import keras_gan_kit

IMAGE_SHAPE = (4, 4, 1)
LATENT_DIM = 6
SHARED_DATA = (
    pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data"
)


def make_networks(batch_norm=True, dropout=0.3, latent_dim=LATENT_DIM):
    """A tiny generator (with batch norm) and discriminator (with dropout).

    Batch norm and dropout make sure non-trainable state and layer seed
    generators are exercised by every test that trains them.
    """
    generator_layers = [keras.Input((latent_dim,)), keras.layers.Dense(12)]
    if batch_norm:
        generator_layers.append(keras.layers.BatchNormalization())
    generator_layers += [
        keras.layers.LeakyReLU(0.2),
        keras.layers.Dense(int(np.prod(IMAGE_SHAPE)), activation="tanh"),
        keras.layers.Reshape(IMAGE_SHAPE),
    ]
    discriminator_layers = [
        keras.Input(IMAGE_SHAPE),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
        keras.layers.LeakyReLU(0.2),
    ]
    if dropout:
        discriminator_layers.append(keras.layers.Dropout(dropout))
    discriminator_layers.append(keras.layers.Dense(1))
    generator = keras.Sequential(generator_layers, name="generator")
    discriminator = keras.Sequential(discriminator_layers, name="discriminator")
    return generator, discriminator


def make_auxiliary_networks(**discriminator_options):
    """A tiny conditional generator and AC-GAN discriminator (3 classes)."""
    generator = keras_gan_kit.builders.conditional_generator(
        latent_dim=LATENT_DIM,
        num_classes=3,
        image_shape=IMAGE_SHAPE,
        filters=4,
        num_upsamples=1,
    )
    discriminator = keras_gan_kit.builders.conditional_discriminator(
        image_shape=IMAGE_SHAPE,
        num_classes=3,
        head="auxiliary",
        filters=4,
        num_downsamples=1,
        **discriminator_options,
    )
    return generator, discriminator


def make_gan(seed=1, **kwargs):
    generator, discriminator = make_networks(**kwargs)
    return keras_gan_kit.GAN(generator, discriminator, seed=seed)


@pytest.fixture
def mixed_policy(request):
    """The global dtype policy named by the test's indirect parameter,
    set back to float32 afterwards."""
    keras.mixed_precision.set_global_policy(request.param)
    yield request.param
    keras.mixed_precision.set_global_policy("float32")


def make_acgan(**compile_options):
    """A compiled AC-GAN `ConditionalGAN` on the tiny auxiliary networks,
    without dropout (data-parallel replicas draw their own masks), with
    label noise and any other `compile_options`; seeded."""
    keras.utils.set_random_seed(3)
    generator, discriminator = make_auxiliary_networks(dropout=0.0)
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator, seed=5)
    gan.compile(**{"label_noise": 0.05, **compile_options})
    return gan


def make_images(num_images=24, seed=0):
    rng = np.random.default_rng(seed)
    # Blobs with structure, in [-1, 1].
    base = np.tanh(rng.normal(size=(num_images,) + IMAGE_SHAPE) + 0.5)
    return base.astype("float32")


def assert_reloads_alike(model, inputs, path):
    """Saves `model` to `path`, loads it back, and checks that it predicts
    what `model` predicts on `inputs`; returns the loaded model."""
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(
        loaded.predict(inputs, verbose=0),
        model.predict(inputs, verbose=0),
        rtol=1e-5, atol=1e-6,
    )  # fmt: skip
    return loaded


def weights_of(model):
    return [np.array(w) for w in model.get_weights()]


@pytest.fixture
def backend():
    return keras.backend.backend()


@pytest.fixture
def images():
    return make_images()


@pytest.fixture(autouse=True)
def _fresh_seed():
    keras.utils.set_random_seed(1234)
    yield


def extra_modules(extra):
    """The modules an optional extra of pyproject.toml provides that the
    tests import, on this backend."""
    from keras_gan_kit.utils.export import onnx_modules

    if extra == "onnx":
        return onnx_modules(keras.backend.backend())
    if extra == "docs":
        return ("mkdocs", "mkdocstrings")
    if extra in ("tensorflow", "jax", "torch"):
        return (extra,)
    raise ValueError(f"Unknown extra {extra!r}")


def missing_modules(extra):
    """The modules of `extra` that are not installed."""
    return [
        module
        for module in extra_modules(extra)
        if importlib.util.find_spec(module) is None
    ]


def require_extra(extra, module_level=False):
    """Skips the calling test (or, with `module_level`, the module),
    naming the install command, unless every module of `extra` is
    installed."""
    missing = missing_modules(extra)
    if missing:
        pytest.skip(
            f"needs the {extra} extra (missing {', '.join(missing)}): "
            f'pip install -e ".[{extra}]"',
            allow_module_level=module_level,
        )


def shared_data_file(name):
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(
            f"{path} is not available (shared data lives beside the repo)"
        )
    return path


@functools.cache
def readme_test_backend():
    """The backend of the README's test command (`scripts/readme_commands.py`
    reads it from the README): the pages and examples that are thin
    layers over features tested on every backend run on it alone."""
    path = pathlib.Path(__file__).resolve().parents[1] / "scripts"
    spec = importlib.util.spec_from_file_location(
        "readme_commands", path / "readme_commands.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return re.search(r"KERAS_BACKEND=(\w+)", module.test_command())[1]


def subprocess_env():
    env = dict(os.environ)
    env["KERAS_BACKEND"] = keras.backend.backend()
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return env


# `keras-gan-kit train` arguments for a run of seconds: the MLP preset.
TINY_RUN = ["mlp_mnist", "--max-images", "64", "--batch-size", "32"]
TINY_RUN += ["--epochs", "1", "--metrics", "none"]


def run_command(argv, capsys):
    """Runs `keras-gan-kit argv` in this process; `(status, out, err)`."""
    from keras_gan_kit.cli import main

    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def log_rows(folder):
    """The rows of a run folder's log.csv, header first."""
    with open(pathlib.Path(folder) / "log.csv", newline="") as file:
        return list(csv.reader(file))


# CI runs the README's path in an environment with only the extras it
# installs, then reruns, where every extra is installed, the tests that
# path skipped for want of one. With KERAS_GAN_KIT_EXTRA_SKIPS naming a
# file, each such test's node id (or module's, for a module-level skip) is
# appended to it. A skip counts when its reason names the install command.
_EXTRA_SKIPS = os.environ.get("KERAS_GAN_KIT_EXTRA_SKIPS")


def _record_extra_skip(report):
    if not (_EXTRA_SKIPS and report.skipped):
        return
    reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
    if 'pip install -e ".[' in str(reason):
        with open(_EXTRA_SKIPS, "a") as file:
            file.write(report.nodeid + "\n")


def pytest_runtest_logreport(report):
    _record_extra_skip(report)


def pytest_collectreport(report):
    _record_extra_skip(report)
