"""`AtomicBackupAndRestore`: backups that a kill cannot corrupt."""

import json
import os
import shutil
import tempfile

import keras

from keras_gan_kit import backend
from keras_gan_kit import distribution
from keras_gan_kit.callbacks.first_process import first_process_only
from keras_gan_kit.utils.atomic import TEMPORARY_PREFIX
from keras_gan_kit.utils.atomic import fsync_file

_CHECKPOINT_PREFIX = "checkpoint-"
_WEIGHTS = "model.weights.h5"
# The epoch reached; Keras's own callback names its file the same.
_METADATA = "training_metadata.json"
# The weights of `keras.callbacks.BackupAndRestore`, read for older backups.
_KERAS_WEIGHTS = "latest.weights.h5"


def _checkpoints(backup_dir):
    """Complete checkpoint folders of `backup_dir`, oldest first."""
    if not os.path.isdir(backup_dir):
        return []
    return sorted(
        os.path.join(backup_dir, name)
        for name in os.listdir(backup_dir)
        if name.startswith(_CHECKPOINT_PREFIX)
    )


def _read_epoch(path):
    """The epoch in a metadata file, or `None` when it cannot be read."""
    try:
        with open(path) as file:
            return int(json.load(file)["epoch"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keras_backup(backup_dir):
    """`(weights, epoch)` of a backup Keras's own callback wrote, or
    `None`: its latest pair, else the `.bkp` pair of `double_checkpoint`."""
    for suffix in ("", ".bkp"):
        weights = os.path.join(backup_dir, _KERAS_WEIGHTS + suffix)
        epoch = _read_epoch(os.path.join(backup_dir, _METADATA + suffix))
        if os.path.exists(weights) and epoch is not None:
            return weights, epoch
    return None


def latest_backup(backup_dir):
    """`(weights_path, epoch)` of the newest whole backup in `backup_dir`
    (this callback's, or an older one of `keras.callbacks.BackupAndRestore`),
    or `None` when it holds none."""
    for folder in reversed(_checkpoints(os.fspath(backup_dir))):
        epoch = _read_epoch(os.path.join(folder, _METADATA))
        weights = os.path.join(folder, _WEIGHTS)
        if epoch is not None and os.path.exists(weights):
            return weights, epoch
    return _keras_backup(os.fspath(backup_dir))


def backed_up_epoch(backup_dir):
    """The epoch a resumed run starts at: that of the newest backup in
    `backup_dir`, 0 when it holds none.

    Args:
        backup_dir: The folder of `AtomicBackupAndRestore` (or of
            `keras.callbacks.BackupAndRestore`).

    Returns:
        An int: the number of epochs the backup holds.

    Examples:

    ```python
    from keras_gan_kit.callbacks import backed_up_epoch

    print(backed_up_epoch("a_folder_without_backups"))
    # 0
    ```
    """
    backup = latest_backup(backup_dir)
    return 0 if backup is None else backup[1]


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class AtomicBackupAndRestore(keras.callbacks.BackupAndRestore):
    """`keras.callbacks.BackupAndRestore` whose backups a kill cannot
    corrupt.

    Keras's callback overwrites its weights file in place, so a process
    killed while writing it can leave a file that no longer opens (with
    `double_checkpoint`, a kill while copying can spoil both). This one
    writes each backup (the weights and the epoch reached) into a new
    folder under a temporary name, flushes it to disk and renames it into
    place: a backup is there whole or not at all, and weights and epoch
    always belong together. Older backups are removed once the new one is
    in place; the leftovers of an interrupted write are removed at the next
    start (`keras_gan_kit.utils.remove_partial_writes`). Backups of Keras's
    own callback in `backup_dir` are still restored, so a run started with
    it can be resumed with this one.

    Args:
        backup_dir: The folder of the backups.
        save_freq: `"epoch"`, or a number of batches between backups.
            Defaults to `"epoch"`.
        delete_checkpoint: Remove `backup_dir` when training ends without
            error. Defaults to `True`.

    Examples:

    ```python
    import keras
    import numpy as np
    import keras_gan_kit
    from keras_gan_kit.callbacks import AtomicBackupAndRestore

    generator = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(16, activation="tanh")]
    )
    discriminator = keras.Sequential(
        [keras.Input((16,)), keras.layers.Dense(1)]
    )
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile()
    backup = AtomicBackupAndRestore("backup", delete_checkpoint=False)
    images = np.zeros((8, 16), "float32")
    gan.fit(images, epochs=2, callbacks=[backup], verbose=0)
    print(keras_gan_kit.callbacks.backed_up_epoch("backup"))
    # 2
    ```
    """

    def __init__(self, backup_dir, save_freq="epoch", delete_checkpoint=True):
        super().__init__(
            backup_dir,
            save_freq=save_freq,
            delete_checkpoint=delete_checkpoint,
            double_checkpoint=False,
        )

    def _load_model(self):
        backup = latest_backup(self.backup_dir)
        if backup is None:
            return
        weights, epoch = backup
        if self.model.optimizer is not None and not self.model.optimizer.built:
            # Optimizer variables must exist before their values load.
            self.model.optimizer.build(self.model.trainable_variables)
        self.model.load_weights(weights)
        self.model._initial_epoch = epoch

    def _save_model(self):
        # One process writes (they hold the same model); the others wait
        # until the backup is whole, so all go on from the same one.
        if distribution.is_first_process():
            with backend.current.alone(self.model):
                self._write_backup()
        backend.current.barrier()

    @first_process_only
    def on_train_end(self, logs=None):
        super().on_train_end(logs)

    def _write_backup(self):
        os.makedirs(self.backup_dir, exist_ok=True)
        temporary = tempfile.mkdtemp(
            dir=self.backup_dir, prefix=TEMPORARY_PREFIX
        )
        try:
            weights = os.path.join(temporary, _WEIGHTS)
            metadata = os.path.join(temporary, _METADATA)
            self.model.save_weights(weights, overwrite=True)
            with open(metadata, "w") as file:
                json.dump(
                    {
                        "epoch": self._current_epoch,
                        "batch": self._last_batch_seen,
                    },
                    file,
                )
            fsync_file(weights)
            fsync_file(metadata)
            name = (
                f"{_CHECKPOINT_PREFIX}{self._current_epoch:06d}-"
                f"{self._last_batch_seen:09d}"
            )
            target = os.path.join(self.backup_dir, name)
            if os.path.exists(target):  # the same step, saved again
                shutil.rmtree(target)
            os.replace(temporary, target)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        # The new backup is in place: everything older can go.
        for folder in _checkpoints(self.backup_dir):
            if folder != target:
                shutil.rmtree(folder, ignore_errors=True)
        for name in (_KERAS_WEIGHTS, _METADATA):
            for suffix in ("", ".bkp"):
                path = os.path.join(self.backup_dir, name + suffix)
                if os.path.exists(path):
                    os.remove(path)

    def get_config(self):
        return {
            "backup_dir": self.backup_dir,
            "save_freq": self.save_freq,
            "delete_checkpoint": self.delete_checkpoint,
        }
