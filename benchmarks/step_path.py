"""Which package files one default training step runs, and how often.

A reader following a batch through `GAN.fit` should meet few files. This
trains the tiny test networks (batch norm in the generator, dropout in the
discriminator) with `GAN.compile()`'s defaults, run eagerly so that Python
sees every call, and profiles the second batch's step: every function of
keras_gan_kit it enters, counted by file.

    KERAS_BACKEND=jax python benchmarks/step_path.py
"""

import collections
import os
import sys

import keras
import numpy as np

import keras_gan_kit

ROOT = os.path.dirname(keras_gan_kit.__file__)


def main():
    calls = collections.Counter()

    def profile(frame, event, arg):
        del arg
        path = frame.f_code.co_filename
        if event == "call" and path.startswith(ROOT):
            calls[os.path.relpath(path, ROOT)] += 1

    class Probe(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            if batch == 1:
                sys.setprofile(profile)

        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                sys.setprofile(None)

    generator = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(12),
            keras.layers.BatchNormalization(),
            keras.layers.LeakyReLU(0.2),
            keras.layers.Dense(16, activation="tanh"),
            keras.layers.Reshape((4, 4, 1)),
        ]
    )
    discriminator = keras.Sequential(
        [
            keras.Input((4, 4, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(10),
            keras.layers.LeakyReLU(0.2),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(1),
        ]
    )
    gan = keras_gan_kit.GAN(generator, discriminator, seed=1)
    gan.compile(run_eagerly=True)
    images = np.random.default_rng(0).uniform(-1, 1, (24, 4, 4, 1))
    gan.fit(
        images.astype("float32"),
        batch_size=8,
        verbose=0,
        callbacks=[Probe()],
    )
    print(f"backend: {keras.backend.backend()}")
    for path, count in sorted(calls.items()):
        print(f"{count:4d}  {path}")
    print(f"{len(calls)} files")


if __name__ == "__main__":
    main()
