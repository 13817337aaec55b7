"""One process of a data-parallel run of several processes, or the
one-process run it must equal; the test starts each as a subprocess.

    python -m tests.models.process_group_worker MODEL OUT_DIR [EPOCHS]

With a launcher's environment (`RANK`, `WORLD_SIZE`, `MASTER_ADDR` and
`MASTER_PORT` on PyTorch, as `torchrun` sets them; `KERAS_DISTRIBUTION_*`
on JAX; `TF_CONFIG` on TensorFlow) it trains inside `data_parallel()`,
one of several processes; without it, alone. MODEL is `gan` (two
discriminator updates per generator update, a lazy R1 penalty, label
noise, LeCam, and the random draws of ADA and instance noise),
`conditional_gan` (an AC-GAN with random fake labels and WGAN-GP's
interpolation draws), `batch_norm`
(batch norm in both networks) or `uneven` (batches that do not split over
the processes: writes each process's error to
`OUT_DIR/refused-rank{INDEX}.txt`). Writes
`OUT_DIR/rank{INDEX}.npz` (`single.npz` alone): the history and the
weights; the callbacks that write files write into
`OUT_DIR/files-rank{INDEX}` (`files-single`). With EPOCHS, it trains that
many epochs and every process uses `OUT_DIR/files`, so that a killed run
resumes from the backup there; `KILL_AFTER_EPOCH=E` makes the process
kill itself with SIGKILL after epoch E's backup.
"""

import os
import sys

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import callbacks
from keras_gan_kit import datasets
from keras_gan_kit import stabilizers
from tests.conftest import make_acgan
from tests.conftest import make_images
from tests.conftest import make_networks
from tests.models.resume_worker import KillAfterEpoch

# The global batch: 8 rows per process of two.
BATCH_SIZE = 16


# The compile() options of each kind of GAN.
_COMPILE_OPTIONS = {
    # Every kind of state a step keeps, and the stabilizers' draws: ADA's
    # augmentations and probability, instance noise.
    "gan": lambda: dict(
        label_noise=0.05,
        discriminator_steps=2,
        gradient_penalty=stabilizers.R1Penalty(1.0, every_n_steps=2),
        stabilizers=[stabilizers.LeCamRegularizer(1.0, decay=0.5)],
        augment=stabilizers.AdaptiveAugment(
            speed=200, interval=1, initial_probability=0.5, seed=2
        ),
        instance_noise=0.1,
    ),
    "plain": dict,
    "batch_norm": dict,
}


def _model(kind):
    if kind == "conditional_gan":
        # WGAN-GP's interpolation points: a draw per image, with labels.
        return make_acgan(
            gradient_penalty=stabilizers.WassersteinGradientPenalty(5.0)
        )
    keras.utils.set_random_seed(3)
    networks = make_networks(batch_norm=kind == "batch_norm", dropout=0.0)
    gan = keras_gan_kit.GAN(*networks, seed=5)
    gan.compile(**_COMPILE_OPTIONS[kind]())
    return gan


def _writers(folder):
    """Every callback of the library that writes files, into `folder`."""
    os.makedirs(folder, exist_ok=True)
    return [
        callbacks.CSVLog(os.path.join(folder, "log.csv")),
        callbacks.LossPlot(os.path.join(folder, "losses.png")),
        callbacks.SampleGrid(os.path.join(folder, "samples"), num_samples=4),
        callbacks.GeneratorCheckpoint(os.path.join(folder, "checkpoints")),
        callbacks.AtomicBackupAndRestore(
            os.path.join(folder, "backup"), delete_checkpoint=False
        ),
    ]


def train(kind, folder, epochs=2):
    """`kind` built and fitted for `epochs` epochs of 64 images, its files
    written into `folder`; returns the model and its history.

    With `KILL_AFTER_EPOCH=E` in the environment, the process kills itself
    with SIGKILL after epoch E's backup.
    """
    gan = _model(kind)
    images = make_images(64, seed=2)
    labels = np.arange(64) % 3 if kind == "conditional_gan" else None
    writers = _writers(folder)
    if os.environ.get("KILL_AFTER_EPOCH"):
        writers.append(KillAfterEpoch(int(os.environ["KILL_AFTER_EPOCH"])))
    if kind == "gan":
        # Batches reshuffled from a seed: each process reads its rows.
        batches = datasets.ShuffledBatches(images, batch_size=BATCH_SIZE)
        writers.append(batches.epoch_callback())
        data = dict(x=batches)
    else:  # arrays in order
        data = dict(x=images, y=labels, batch_size=BATCH_SIZE)
    history = gan.fit(
        **data, epochs=epochs, shuffle=False, verbose=0, callbacks=writers
    )
    return gan, history.history


def refuse_uneven_batches(out_dir):
    """Fits batches of 15 images over the processes; writes the error
    each process gets to `OUT_DIR/refused-rank{INDEX}.txt`."""
    with keras_gan_kit.distribution.data_parallel():
        index = keras_gan_kit.distribution.process_index()
        gan = _model("plain")
        try:
            gan.fit(make_images(30, seed=2), batch_size=15, verbose=0)
            message = "no error"
        except ValueError as error:
            message = str(error)
    with open(os.path.join(out_dir, f"refused-rank{index}.txt"), "w") as f:
        f.write(message)


def main(kind, out_dir, epochs=2, shared_folder=False):
    if kind == "uneven":
        return refuse_uneven_batches(out_dir)
    if keras_gan_kit.backend.current.launched_processes() > 1:
        with keras_gan_kit.distribution.data_parallel():
            name = f"rank{keras_gan_kit.distribution.process_index()}"
            # Each process is given its own folder (only the first may
            # write into it), or, to resume, one folder for both.
            folder = "files" if shared_folder else f"files-{name}"
            gan, history = train(kind, os.path.join(out_dir, folder), epochs)
    else:
        name = "single"
        folder = os.path.join(out_dir, "files-single")
        gan, history = train(kind, folder, epochs)
    result = {}
    for key, values in history.items():
        result[f"history/{key}"] = np.asarray(values)
    for index, weight in enumerate(gan.get_weights()):
        result[f"weight/{index}"] = weight
    np.savez(os.path.join(out_dir, f"{name}.npz"), **result)


if __name__ == "__main__":
    if len(sys.argv) > 3:  # EPOCHS: a resumable run in one shared folder
        main(sys.argv[1], sys.argv[2], int(sys.argv[3]), shared_folder=True)
    else:
        main(sys.argv[1], sys.argv[2])
