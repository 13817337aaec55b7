"""A PNG plot of the GAN's logged values per epoch, updated as training goes."""

import json
import os

import keras
import numpy as np

from keras_gan_kit.utils.atomic import atomic_path


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError(
            "LossPlot draws with matplotlib. Install it with "
            "`pip install matplotlib`."
        ) from error
    return plt


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class LossPlot(keras.callbacks.Callback):
    """Plots `d_loss`, `g_loss` and every other logged value per epoch.

    After every epoch it redraws `path` (a PNG): losses (keys containing
    "loss") in the top panel, other logged values (`real_score`,
    `fake_score`, an FID...) in the bottom one. The values are kept beside
    it in `path + ".json"`, so a run resumed by `BackupAndRestore` extends
    the same curves. Both files are written whole or not at all. Needs
    matplotlib (`pip install matplotlib`).

    Args:
        path: The PNG file.
        keys: The log keys to plot; `None` plots every numeric one.
            Defaults to `None`.

    Examples:

    ```python
    import keras_gan_kit

    plot = keras_gan_kit.callbacks.LossPlot("losses.png")
    print(plot.get_config())
    # {'path': 'losses.png', 'keys': None}
    ```
    """

    def __init__(self, path, keys=None):
        super().__init__()
        self.path = os.fspath(path)
        self.keys = None if keys is None else list(keys)
        self._history = None

    def _history_path(self):
        return self.path + ".json"

    def on_epoch_begin(self, epoch, logs=None):
        if self._history is not None:
            return
        try:
            with open(self._history_path()) as file:
                saved = json.load(file)
        except (OSError, ValueError):
            saved = {}
        # Keep what came before this run's first epoch (a resumed run);
        # forget anything after it (a run started again from scratch).
        self._history = {
            int(e): values for e, values in saved.items() if int(e) <= epoch
        }

    def on_epoch_end(self, epoch, logs=None):
        if self._history is None:
            self.on_epoch_begin(epoch)
        values = {}
        for key, value in (logs or {}).items():
            if self.keys is not None and key not in self.keys:
                continue
            try:
                values[key] = float(np.asarray(value))
            except (TypeError, ValueError):
                continue
        self._history[epoch + 1] = values
        with atomic_path(self._history_path()) as temporary:
            with open(temporary, "w") as file:
                json.dump({str(e): v for e, v in self._history.items()}, file)
        self.draw()

    def on_train_end(self, logs=None):
        self._history = None

    def draw(self):
        """Redraws the PNG from the values recorded so far."""
        plt = _pyplot()
        epochs = sorted(self._history)
        keys = sorted({key for e in epochs for key in self._history[e]})
        loss_keys = [k for k in keys if "loss" in k]
        other_keys = [k for k in keys if "loss" not in k]
        panels = [group for group in (loss_keys, other_keys) if group]
        figure, axes = plt.subplots(
            len(panels), 1, figsize=(7, 3 * len(panels)), squeeze=False
        )
        for axis, group in zip(axes[:, 0], panels):
            for key in group:
                points = [(e, self._history[e].get(key)) for e in epochs]
                points = [(e, v) for e, v in points if v is not None]
                axis.plot(*zip(*points), marker="o", markersize=3, label=key)
            axis.set_xlabel("epoch")
            axis.legend(loc="best")
            axis.grid(alpha=0.3)
        figure.tight_layout()
        with atomic_path(self.path) as temporary:
            figure.savefig(temporary, format="png", dpi=100)
        plt.close(figure)

    def get_config(self):
        return {"path": self.path, "keys": self.keys}
