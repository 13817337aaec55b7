"""A PNG plot of the GAN's logged values per epoch, updated as training goes."""

import json
import os

import keras
import numpy as np

from keras_gan_kit.callbacks.first_process import first_process_only
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


# The discriminator's mean probabilities and accuracies, all within [0, 1]
# (`score_gap` within [-1, 1]): one panel, apart from losses and metrics.
_SCORE_SUFFIXES = ("_score", "_accuracy", "score_gap")
# The L1 terms of the translation models (Pix2Pix's `l1`, CycleGAN's
# `cycle` and `identity`): mean absolute differences on the images' scale,
# one panel.
_L1_TERMS = ("l1", "cycle", "identity")


def _base(key):
    return key[len("val_") :] if key.startswith("val_") else key


def _group(key):
    base = _base(key)
    if "loss" in base:
        return "losses"
    if base in _L1_TERMS:
        return "l1_terms"
    if base.endswith(_SCORE_SUFFIXES) and base != "conditional_accuracy":
        return "scores"
    if base.endswith("_std"):
        return base[: -len("_std")]
    return base


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class LossPlot(keras.callbacks.Callback):
    """Plots `d_loss`, `g_loss` and every other logged value per epoch.

    After every epoch it redraws `path` (a PNG) with one panel per kind of
    value, each on its own vertical axis: the losses (keys containing
    "loss"); the discriminator's mean probabilities and accuracies
    (`real_score`, `fake_score`, `d_real_accuracy`...), drawn between 0 and
    1; the L1 terms of the translation models (Pix2Pix's `l1`, CycleGAN's
    `cycle` and `identity`); then one panel for each other value (`fid`,
    `kid` with `kid_std` as a band, `conditional_accuracy`,
    `gradient_penalty`, `augment_p`...), so a curve in the hundreds never
    flattens one in [0, 1]. The values are kept beside it in `path +
    ".json"`, so a run resumed by `BackupAndRestore` extends the same
    curves. Both files are written whole or not at all. Needs matplotlib
    (`pip install matplotlib`).

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
    plot.on_epoch_end(0, {"d_loss": 1.3, "g_loss": 0.8, "real_score": 0.6,
                          "fake_score": 0.4, "fid": 120.5})
    print(plot.panels())
    # [['d_loss', 'g_loss'], ['fake_score', 'real_score'], ['fid']]
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

    @first_process_only
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

    def panels(self):
        """The keys recorded so far, grouped as `draw` places them.

        Returns:
            A list of panels, each a sorted list of log keys: the losses,
            the discriminator's scores, the translation models' L1 terms,
            then one panel per other value
            (with its `_std` companion, if logged).
        """
        recorded = (self._history or {}).values()
        keys = sorted({key for values in recorded for key in values})
        groups = {}
        for key in keys:
            groups.setdefault(_group(key), []).append(key)
        first = ("losses", "scores", "l1_terms")
        order = [g for g in first if g in groups]
        order += sorted(g for g in groups if g not in first)
        return [groups[g] for g in order]

    def draw(self):
        """Redraws the PNG from the values recorded so far."""
        plt = _pyplot()
        epochs = sorted(self._history)
        panels = self.panels()
        columns = 1 if len(panels) <= 3 else 2
        rows = -(-len(panels) // columns)
        figure, axes = plt.subplots(
            rows,
            columns,
            figsize=(6.5 * columns, 2.8 * rows),
            squeeze=False,
        )
        for axis, group in zip(axes.flat, panels):
            self._draw_panel(axis, epochs, group)
        for axis in list(axes.flat)[len(panels) :]:
            axis.set_visible(False)
        figure.tight_layout()
        with atomic_path(self.path) as temporary:
            figure.savefig(temporary, format="png", dpi=100)
        plt.close(figure)

    def _series(self, epochs, key):
        points = [(e, self._history[e].get(key)) for e in epochs]
        return [(e, v) for e, v in points if v is not None]

    def _draw_panel(self, axis, epochs, group):
        from matplotlib.ticker import MaxNLocator

        kind = _group(group[0])
        for key in group:
            if key.endswith("_std") and key[: -len("_std")] in group:
                continue  # drawn as the band of its mean below
            points = self._series(epochs, key)
            spread = dict(self._series(epochs, key + "_std"))
            label = f"{key} (band: ± {key}_std)" if spread else key
            (line,) = axis.plot(
                *zip(*points), marker="o", markersize=3, label=label
            )
            if spread:
                x = [e for e, _ in points if e in spread]
                y = np.array([v for e, v in points if e in spread])
                s = np.array([spread[e] for e in x])
                axis.fill_between(
                    x, y - s, y + s, color=line.get_color(), alpha=0.2
                )
        if kind == "scores":
            low = min(
                [0.0] + [v for k in group for _, v in self._series(epochs, k)]
            )
            axis.set_ylim(low - 0.05, 1.05)
            axis.set_title("discriminator's scores (0 fake, 1 real)")
        elif kind == "l1_terms":
            axis.set_title("L1 terms (mean absolute difference)")
        else:
            axis.set_title(kind)
        axis.set_xlabel("epoch")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.legend(loc="best", fontsize="small")
        axis.grid(alpha=0.3)

    def get_config(self):
        return {"path": self.path, "keys": self.keys}
