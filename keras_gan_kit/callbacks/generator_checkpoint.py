"""Saves the generator alone as `.keras`, periodically or when it improves."""

import glob
import json
import os
import re

import keras
import numpy as np

from keras_gan_kit.callbacks.first_process import first_process_only
from keras_gan_kit.utils.atomic import atomic_path

_MODES = ("min", "max")


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GeneratorCheckpoint(keras.callbacks.Callback):
    """Saves the generator as `generator_epoch_NNNN.keras`.

    Without `monitor`, every `every_n_epochs` epochs; with one (a key of
    the logs, such as an FID written by a metric callback), only when its
    value improves, the best value being remembered in `best.json` so a
    resumed run keeps comparing with it. Files are named after the epoch,
    so a run resumed by `BackupAndRestore` continues the numbering; each is
    written whole or not at all, and `keep` prunes all but the newest. The
    saved model is a plain Keras model that loads without keras_gan_kit.

    Args:
        directory: Folder of the checkpoints.
        every_n_epochs: Save every this many epochs (without `monitor`).
            Defaults to `1`.
        monitor: A log key to watch, or `None`. Defaults to `None`.
        mode: `"min"` or `"max"`: which way `monitor` improves.
            Defaults to `"min"`.
        keep: How many checkpoints to keep, newest first; `None` keeps all.
            Defaults to `None`.
        use_ema: Save the EMA generator when attached (`None`), or not
            (`False`). Defaults to `None`.

    Examples:

    ```python
    import keras_gan_kit

    checkpoint = keras_gan_kit.callbacks.GeneratorCheckpoint(
        "checkpoints", monitor="g_loss", mode="min", keep=3
    )
    print(checkpoint.get_config()["keep"])
    # 3
    ```
    """

    def __init__(
        self,
        directory,
        every_n_epochs=1,
        monitor=None,
        mode="min",
        keep=None,
        use_ema=None,
    ):
        super().__init__()
        if mode not in _MODES:
            raise ValueError(f"mode must be 'min' or 'max'; received {mode!r}.")
        if int(every_n_epochs) < 1:
            raise ValueError(
                f"every_n_epochs must be >= 1; received {every_n_epochs}."
            )
        if keep is not None and int(keep) < 1:
            raise ValueError(f"keep must be >= 1 or None; received {keep}.")
        self.directory = os.fspath(directory)
        self.every_n_epochs = int(every_n_epochs)
        self.monitor = monitor
        self.mode = mode
        self.keep = None if keep is None else int(keep)
        self.use_ema = use_ema

    def _best_path(self):
        return os.path.join(self.directory, "best.json")

    def _load_best(self):
        try:
            with open(self._best_path()) as file:
                return json.load(file)
        except (OSError, ValueError):
            return None

    def _improved(self, value):
        best = self._load_best()
        if best is None or best.get("monitor") != self.monitor:
            return True
        if self.mode == "min":
            return value < best["value"]
        return value > best["value"]

    @first_process_only
    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.monitor is None:
            if (epoch + 1) % self.every_n_epochs:
                return
            value = None
        else:
            if self.monitor not in logs:
                raise ValueError(
                    f"GeneratorCheckpoint monitors {self.monitor!r}, which is "
                    f"not in the logs ({sorted(logs)}). Check the name or add "
                    "the callback that logs it before this one."
                )
            value = float(np.asarray(logs[self.monitor]))
            if not np.isfinite(value) or not self._improved(value):
                return
        path = os.path.join(
            self.directory, f"generator_epoch_{epoch + 1:04d}.keras"
        )
        self.model.save_generator(path, self.use_ema)
        if value is not None:
            with atomic_path(self._best_path()) as temporary:
                with open(temporary, "w") as file:
                    json.dump(
                        {
                            "monitor": self.monitor,
                            "value": value,
                            "epoch": epoch + 1,
                        },
                        file,
                    )
        self._prune()

    def _prune(self):
        if self.keep is None:
            return
        pattern = re.compile(r"generator_epoch_(\d+)\.keras$")
        saved = sorted(
            (int(match.group(1)), path)
            for path in glob.glob(os.path.join(self.directory, "*.keras"))
            if (match := pattern.search(path))
        )
        for _, path in saved[: -self.keep]:
            os.remove(path)

    def get_config(self):
        return {
            "directory": self.directory,
            "every_n_epochs": self.every_n_epochs,
            "monitor": self.monitor,
            "mode": self.mode,
            "keep": self.keep,
            "use_ema": self.use_ema,
        }
