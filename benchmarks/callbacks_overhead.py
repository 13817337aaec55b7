"""What the keras_gan_kit callbacks cost per epoch of the MNIST DCGAN.

Trains `builders.preset("dcgan_mnist")` with and without every callback of
`keras_gan_kit.callbacks` (SampleGrid, LossPlot, GeneratorCheckpoint,
GeneratorEMA, GANHealthMonitor), alternating the two in one process, on
`--steps` batches of 128 MNIST images per epoch. It prints the median
epoch times, their ratio, and the callbacks' share of a full MNIST epoch
(469 batches) projected from the measured per-step time.

    KERAS_BACKEND=torch python benchmarks/callbacks_overhead.py --data mnist.npz
"""

import argparse
import os
import tempfile
import time

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import callbacks

FULL_EPOCH_STEPS = 60000 // 128 + 1


def _gan():
    keras.utils.set_random_seed(0)
    gan = keras_gan_kit.GAN(*keras_gan_kit.builders.preset("dcgan_mnist"))
    gan.compile()
    return gan


def _callbacks(directory, images):
    return [
        callbacks.GeneratorEMA(decay=0.999),
        callbacks.SampleGrid(os.path.join(directory, "grids")),
        callbacks.LossPlot(os.path.join(directory, "losses.png")),
        callbacks.GeneratorCheckpoint(os.path.join(directory, "ckpt"), keep=1),
        callbacks.GANHealthMonitor(images),
    ]


class EpochTimer(keras.callbacks.Callback):
    # Placed last, so its on_epoch_end runs after the callbacks under test.
    def __init__(self):
        super().__init__()
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.start)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="MNIST .npz (keras.datasets keys)")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.data:
        with np.load(args.data) as data:
            pixels = data["x_train"]
    else:
        (pixels, _), _ = keras.datasets.mnist.load_data()
    images = keras_gan_kit.datasets.scale_images(
        pixels[: args.steps * 128], add_channel_axis=True
    )
    plain, equipped = _gan(), _gan()
    directory = tempfile.mkdtemp()
    timers = {"plain": EpochTimer(), "callbacks": EpochTimer()}
    extra = _callbacks(directory, images)
    # One warm-up epoch each (compilation), then alternate.
    for rounds in (1, args.rounds):
        for _ in range(rounds):
            plain.fit(
                images,
                batch_size=128,
                epochs=1,
                verbose=0,
                callbacks=[timers["plain"]],
            )
            equipped.fit(
                images,
                batch_size=128,
                epochs=1,
                verbose=0,
                callbacks=extra + [timers["callbacks"]],
            )
        if rounds == 1:
            for timer in timers.values():
                timer.times.clear()
    plain_time = float(np.median(timers["plain"].times))
    equipped_time = float(np.median(timers["callbacks"].times))
    cost = equipped_time - plain_time
    full_epoch = plain_time / args.steps * FULL_EPOCH_STEPS
    print(
        f"backend={keras.backend.backend()} steps/epoch={args.steps} "
        f"rounds={args.rounds}"
    )
    print(f"  epoch with callbacks / without: {equipped_time / plain_time:.3f}")
    print(
        f"  callbacks' share of a full MNIST epoch ({FULL_EPOCH_STEPS} steps, "
        f"projected): {cost / (full_epoch + cost):.1%}"
    )


if __name__ == "__main__":
    main()
