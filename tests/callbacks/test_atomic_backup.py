"""AtomicBackupAndRestore: a backup is whole or absent, whatever stops the
process, and resuming restores exactly the newest whole one."""

import os

import keras
import numpy as np
import pytest

from keras_gan_kit.callbacks import AtomicBackupAndRestore
from keras_gan_kit.callbacks import backed_up_epoch
from keras_gan_kit.utils import remove_partial_writes
from tests.conftest import make_gan
from tests.conftest import make_images
from tests.conftest import weights_of


def _fit(gan, backup, epochs, **options):
    return gan.fit(
        make_images(16),
        batch_size=8,
        epochs=epochs,
        shuffle=False,
        callbacks=[AtomicBackupAndRestore(backup, **options)],
        verbose=0,
    )


def _compiled(seed=1):
    gan = make_gan(seed=seed)
    gan.compile()
    return gan


def test_a_write_stopped_midway_keeps_the_previous_backup(
    tmp_path, monkeypatch
):
    backup = str(tmp_path / "backup")
    gan = _compiled()
    _fit(gan, backup, 1, delete_checkpoint=False)
    after_one = weights_of(gan)
    assert backed_up_epoch(backup) == 1

    # The next backup dies halfway through writing its weights, as a
    # SIGKILL would stop it.
    real_save = keras.Model.save_weights

    def dies_midway(model, path, *args, **kwargs):
        real_save(model, path, *args, **kwargs)
        with open(path, "r+b") as file:
            file.truncate(os.path.getsize(path) // 2)
        raise KeyboardInterrupt

    monkeypatch.setattr(keras.Model, "save_weights", dies_midway)
    with pytest.raises(KeyboardInterrupt):
        _fit(gan, backup, 3, delete_checkpoint=False)
    monkeypatch.undo()
    assert backed_up_epoch(backup) == 1
    remove_partial_writes(backup)
    assert [name for name in os.listdir(backup)] == [
        "checkpoint-000001-000000000"
    ]

    resumed = _compiled(seed=5)
    history = _fit(resumed, backup, 2, delete_checkpoint=False)
    assert len(history.history["d_loss"]) == 1  # epoch 2 only
    assert backed_up_epoch(backup) == 2
    # It started from the epoch-1 weights: one more epoch moved them.
    assert any(
        not np.allclose(a, b) for a, b in zip(weights_of(resumed), after_one)
    )


def test_resuming_restores_the_newest_backup_exactly(tmp_path):
    backup = str(tmp_path / "backup")
    gan = _compiled()
    _fit(gan, backup, 2, delete_checkpoint=False)
    trained = weights_of(gan)
    fresh = _compiled(seed=9)
    # Nothing left to train: fit restores the backup and stops.
    _fit(fresh, backup, 2, delete_checkpoint=False)
    for a, b in zip(weights_of(fresh), trained):
        np.testing.assert_array_equal(a, b)
    # One checkpoint folder, the newest.
    assert os.listdir(backup) == ["checkpoint-000002-000000000"]


def test_backups_of_keras_own_callback_are_restored(tmp_path):
    backup = str(tmp_path / "backup")
    gan = _compiled()
    gan.fit(
        make_images(16),
        batch_size=8,
        epochs=1,
        callbacks=[
            keras.callbacks.BackupAndRestore(backup, delete_checkpoint=False)
        ],
        verbose=0,
    )
    assert backed_up_epoch(backup) == 1
    resumed = _compiled(seed=3)
    history = _fit(resumed, backup, 2, delete_checkpoint=False)
    assert len(history.history["d_loss"]) == 1
    # The new layout replaced the old files.
    assert os.listdir(backup) == ["checkpoint-000002-000000000"]


def test_batch_level_backups_and_clean_up(tmp_path):
    backup = str(tmp_path / "backup")
    gan = _compiled()
    _fit(gan, backup, 2, save_freq=1, delete_checkpoint=False)
    # Saved after each batch: the last one is inside the second epoch,
    # which a resume repeats (as Keras's own callback does).
    assert backed_up_epoch(backup) == 1
    assert len(os.listdir(backup)) == 1
    _fit(_compiled(), str(tmp_path / "gone"), 1)
    assert not os.path.exists(tmp_path / "gone")  # delete_checkpoint=True
    config = AtomicBackupAndRestore(backup, save_freq=3).get_config()
    assert AtomicBackupAndRestore(**config).save_freq == 3
