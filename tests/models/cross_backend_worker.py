"""Saves a training run on one backend, or resumes it on another; run as a
separate process (each backend needs its own).

    python -m tests.models.cross_backend_worker save RUN_DIR
    python -m tests.models.cross_backend_worker resume RUN_DIR RESULT.json

`save` trains a GAN with batch norm, dropout, a generator EMA, ADA, a lazy
R1 penalty and LeCam for 2 epochs with `AtomicBackupAndRestore`, saves it
with `gan.save()`, and writes every variable of the model and of its
optimizers (weights, moments, step counts, seed-generator and ADA states)
to `state.npz`. `resume` loads `gan.keras` and compares every variable with
`state.npz`, then resumes the backup with a fit to epoch 3 (one more
epoch); it writes what it found to RESULT.json.
"""

import json
import os
import shutil
import sys

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import stabilizers
from keras_gan_kit.callbacks import AtomicBackupAndRestore
from tests.conftest import make_images
from tests.conftest import make_networks

BATCH_SIZE = 8
IMAGES = 32


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
    return gan


def _state(gan):
    """Every variable of the model and its optimizers, in a fixed order."""
    variables = list(gan.variables) + list(gan.optimizer.variables)
    return [np.asarray(keras.ops.convert_to_numpy(v.value)) for v in variables]


def save(run_dir):
    gan = _gan()
    backup = AtomicBackupAndRestore(
        os.path.join(run_dir, "backup"), delete_checkpoint=False
    )
    gan.fit(
        make_images(IMAGES),
        batch_size=BATCH_SIZE,
        epochs=2,
        shuffle=False,
        verbose=0,
        callbacks=[backup],
    )
    gan.save(os.path.join(run_dir, "gan.keras"))
    np.savez(os.path.join(run_dir, "state.npz"), *_state(gan))


def _compare(gan, saved):
    state = _state(gan)
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


def resume(run_dir, result_path):
    saved = np.load(os.path.join(run_dir, "state.npz"))
    saved = [saved[f"arr_{i}"] for i in range(len(saved.files))]
    gan = keras.saving.load_model(os.path.join(run_dir, "gan.keras"))
    result = {
        "mismatches": _compare(gan, saved),
        "compiled": gan.get_compile_config() != {},
    }
    # A copy per resuming backend: the callback writes its own backups.
    backup_dir = os.path.join(run_dir, f"backup-{keras.backend.backend()}")
    shutil.copytree(os.path.join(run_dir, "backup"), backup_dir)
    backed_up = _gan()
    history = backed_up.fit(
        make_images(IMAGES),
        batch_size=BATCH_SIZE,
        epochs=3,
        shuffle=False,
        verbose=0,
        callbacks=[AtomicBackupAndRestore(backup_dir)],
    )
    result["backup_epochs"] = len(history.history["d_loss"])
    result["backup_iterations"] = int(
        keras.ops.convert_to_numpy(backed_up.optimizer.iterations)
    )
    result["backup_finite"] = all(
        bool(np.all(np.isfinite(values))) for values in history.history.values()
    )
    result["logs"] = sorted(history.history)
    with open(result_path, "w") as file:
        json.dump(result, file)


if __name__ == "__main__":
    if sys.argv[1] == "save":
        save(sys.argv[2])
    else:
        resume(sys.argv[2], sys.argv[3])
