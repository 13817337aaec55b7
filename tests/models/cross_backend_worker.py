"""Saves training runs on one backend, or resumes them on another; run as
a separate process (each backend needs its own).

    python -m tests.models.cross_backend_worker save RUN_DIR
    python -m tests.models.cross_backend_worker resume RUN_DIR RESULT.json

Two runs move: a `GAN` with batch norm, dropout, a generator EMA, ADA, a
lazy R1 penalty and LeCam, and a `CycleGAN` (instance norm, two history
buffers and their random draws, a generator EMA, a lazy R1 penalty on
both domains). `save` trains each for 2 epochs with
`AtomicBackupAndRestore`, saves it with `model.save()`, and writes every
variable of the model and of its optimizers (weights, moments, step
counts, seed-generator, history and ADA states) to `state.npz`. `resume`
loads each saved model and compares every variable with `state.npz`,
then resumes the backup with a fit to epoch 3 (one more epoch); it writes
what it found, per run, to RESULT.json.
"""

import json
import os
import shutil
import sys

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import stabilizers
from keras_gan_kit.callbacks import AtomicBackupAndRestore
from tests.conftest import make_images
from tests.conftest import make_networks

BATCH_SIZE = 8
IMAGES = 32
# CycleGAN's two unpaired sets: 12 and 8 images of 8x8, batch 4.
TRANSLATION_SHAPE = (8, 8, 1)


def _gan():
    keras.utils.set_random_seed(3)
    generator, discriminator = make_networks(batch_norm=True, dropout=0.3)
    gan = keras_gan_kit.GAN(generator, discriminator, seed=2)
    gan.enable_generator_ema(decay=0.9)
    gan.compile(
        gradient_penalty=stabilizers.R1Penalty(1.0, every_n_steps=2),
        augment=stabilizers.AdaptiveAugment(
            speed=100, interval=2, initial_probability=0.3, seed=5
        ),
        stabilizers=[stabilizers.LeCamRegularizer(0.1)],
    )
    return gan, (make_images(IMAGES),), {"batch_size": BATCH_SIZE}


def _cycle_gan():
    keras.utils.set_random_seed(4)
    translators = [
        builders.resnet_translator(
            TRANSLATION_SHAPE, filters=4, num_blocks=1, name=name
        )
        for name in ("a_to_b", "b_to_a")
    ]
    critics = [
        builders.patchgan_discriminator(
            TRANSLATION_SHAPE, filters=4, normalization="instance", name=name
        )
        for name in ("d_a", "d_b")
    ]
    model = keras_gan_kit.CycleGAN(
        *translators, *critics, history_size=6, seed=7
    )
    model.enable_generator_ema(decay=0.9)
    model.compile(gradient_penalty=stabilizers.R1Penalty(1.0, every_n_steps=2))
    rng = np.random.default_rng(0)
    images_a = rng.uniform(-1, 0, (12,) + TRANSLATION_SHAPE).astype("float32")
    images_b = rng.uniform(0, 1, (8,) + TRANSLATION_SHAPE).astype("float32")
    return model, (images_a, images_b), {"batch_size": 4}


# Each run: a builder returning (compiled model, fit arrays, fit keywords),
# and the steps its 3 epochs take.
RUNS = {"gan": (_gan, 12), "cycle_gan": (_cycle_gan, 9)}


def _state(model):
    """Every variable of the model and its optimizers, in a fixed order."""
    variables = list(model.variables) + list(model.optimizer.variables)
    return [np.asarray(keras.ops.convert_to_numpy(v.value)) for v in variables]


def _fit(build, epochs, backup_dir, **kwargs):
    model, arrays, fit_kwargs = build()
    history = model.fit(
        *arrays,
        epochs=epochs,
        shuffle=False,
        verbose=0,
        callbacks=[AtomicBackupAndRestore(backup_dir, **kwargs)],
        **fit_kwargs,
    )
    return model, history


def save(run_dir):
    for name, (build, _) in RUNS.items():
        backup = os.path.join(run_dir, name, "backup")
        model, _ = _fit(build, 2, backup, delete_checkpoint=False)
        model.save(os.path.join(run_dir, name, "model.keras"))
        np.savez(os.path.join(run_dir, name, "state.npz"), *_state(model))


def _compare(model, saved):
    state = _state(model)
    if len(state) != len(saved):
        return [f"{len(state)} variables, {len(saved)} saved"]
    mismatches = []
    for index, (value, expected) in enumerate(zip(state, saved)):
        # Seed states are uint32 on TensorFlow and JAX, int32 on PyTorch:
        # the same 32 bits.
        if value.dtype.kind in "iu" and expected.dtype.kind in "iu":
            value = value.astype("int64") % 2**32
            expected = expected.astype("int64") % 2**32
        if value.shape != expected.shape or not np.array_equal(value, expected):
            mismatches.append(index)
    return mismatches


def _resume(run_dir, build):
    saved = np.load(os.path.join(run_dir, "state.npz"))
    saved = [saved[f"arr_{i}"] for i in range(len(saved.files))]
    model = keras.saving.load_model(os.path.join(run_dir, "model.keras"))
    result = {
        "class": type(model).__name__,
        "mismatches": _compare(model, saved),
        "compiled": model.get_compile_config() != {},
    }
    # A copy per resuming backend: the callback writes its own backups.
    backup_dir = os.path.join(run_dir, f"backup-{keras.backend.backend()}")
    shutil.copytree(os.path.join(run_dir, "backup"), backup_dir)
    backed_up, history = _fit(build, 3, backup_dir)
    result["backup_epochs"] = len(history.history["d_loss"])
    result["backup_iterations"] = int(
        keras.ops.convert_to_numpy(backed_up.optimizer.iterations)
    )
    result["backup_finite"] = all(
        bool(np.all(np.isfinite(values))) for values in history.history.values()
    )
    result["logs"] = sorted(history.history)
    return result


def resume(run_dir, result_path):
    results = {
        name: _resume(os.path.join(run_dir, name), build)
        for name, (build, _) in RUNS.items()
    }
    with open(result_path, "w") as file:
        json.dump(results, file)


if __name__ == "__main__":
    if sys.argv[1] == "save":
        save(sys.argv[2])
    else:
        resume(sys.argv[2], sys.argv[3])
