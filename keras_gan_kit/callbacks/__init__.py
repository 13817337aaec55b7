"""Keras callbacks for GANs: sample grids, loss plots, checkpoints, EMA, a
health monitor, quality metrics, a CSV log and backups a kill cannot
corrupt. Each works with any `fit()` on any backend, does its work at epoch
end, and writes every file whole or not at all."""

from keras_gan_kit.callbacks.atomic_backup import AtomicBackupAndRestore
from keras_gan_kit.callbacks.atomic_backup import backed_up_epoch
from keras_gan_kit.callbacks.csv_log import CSVLog
from keras_gan_kit.callbacks.generator_checkpoint import GeneratorCheckpoint
from keras_gan_kit.callbacks.generator_ema import GeneratorEMA
from keras_gan_kit.callbacks.health_monitor import GANHealthMonitor
from keras_gan_kit.callbacks.loss_plot import LossPlot
from keras_gan_kit.callbacks.quality_evaluation import QualityEvaluation
from keras_gan_kit.callbacks.sample_grid import SampleGrid
from keras_gan_kit.callbacks.sample_grid import write_gif
from keras_gan_kit.callbacks.translation_grid import TranslationGrid

__all__ = [
    "AtomicBackupAndRestore",
    "CSVLog",
    "GANHealthMonitor",
    "GeneratorCheckpoint",
    "GeneratorEMA",
    "LossPlot",
    "QualityEvaluation",
    "SampleGrid",
    "TranslationGrid",
    "backed_up_epoch",
    "write_gif",
]
