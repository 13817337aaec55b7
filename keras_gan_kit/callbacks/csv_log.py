"""`CSVLog`: Keras's CSV logger without columns that can never fill."""

import csv
import os

import keras

from keras_gan_kit.callbacks.first_process import first_process_only


class CSVLog(keras.callbacks.CSVLogger):
    """`keras.callbacks.CSVLogger` that writes only the columns the logs
    hold.

    Keras's logger adds a `val_` twin of every column when the first
    epoch has no validation metrics, for runs that validate every few
    epochs; a GAN never validates, so those columns would only ever hold
    `NA`. Appending to an existing log keeps its columns, so a resumed
    run's rows line up with the header already there.

    Args:
        filename: The CSV file.
        separator: The column separator. Defaults to `","`.
        append: Add to an existing file instead of replacing it. Defaults
            to `False`.

    Examples:

    ```python
    import keras
    import numpy as np
    import keras_gan_kit

    generator = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(16, activation="tanh")]
    )
    discriminator = keras.Sequential(
        [keras.Input((16,)), keras.layers.Dense(1)]
    )
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile()
    log = keras_gan_kit.callbacks.CSVLog("log.csv")
    gan.fit(np.zeros((8, 16), "float32"), epochs=1, callbacks=[log], verbose=0)
    print(open("log.csv").readline().strip())
    # epoch,d_loss,fake_score,g_loss,loss,real_score
    ```
    """

    # Its own signature, so that the documentation tool reads the arguments
    # above from this class instead of having to resolve Keras's base.
    def __init__(self, filename, separator=",", append=False):
        super().__init__(filename, separator=separator, append=append)

    @first_process_only
    def on_train_begin(self, logs=None):
        super().on_train_begin(logs)
        if self.append and os.path.exists(self.filename):
            with open(self.filename, newline="") as file:
                header = next(csv.reader(file, delimiter=self.sep), None)
            if header and header[0] == "epoch":
                self.keys = header[1:]

    @first_process_only
    def on_epoch_end(self, epoch, logs=None):
        if self.keys is None:
            self.keys = sorted(logs or {})
        super().on_epoch_end(epoch, logs)

    @first_process_only
    def on_train_end(self, logs=None):
        super().on_train_end(logs)
