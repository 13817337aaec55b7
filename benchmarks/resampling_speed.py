"""StyleGAN2's and R3GAN's filtered resampling in a training step, as a
depthwise convolution or as strided slices and sums, on the active
backend: `layers.Upsample2D` and `Downsample2D` take the sliced form where
`Backend.sliced_resampling` says so (JAX).

A model of `--blocks` pairs (3x3 convolution, [1, 3, 3, 1] downsampling,
3x3 convolution, upsampling) trains with `fit` on random maps, once with
each form (the same model and weights; the form is chosen when a step is
traced or, on PyTorch, run). The forms alternate over `--rounds` rounds;
the medians are printed with their ratio (depthwise / sliced), measured
side by side in one run.

    KERAS_BACKEND=jax python benchmarks/resampling_speed.py
"""

import argparse
import json
import statistics
import time

import keras
import numpy as np

from keras_gan_kit import backend
from keras_gan_kit.layers import Downsample2D
from keras_gan_kit.layers import Upsample2D

FILTER = (1, 3, 3, 1)


def _model(channels, blocks, size):
    inputs = keras.Input((size, size, channels))
    x = inputs
    for _ in range(blocks):
        x = keras.layers.Conv2D(channels, 3, padding="same")(x)
        x = Downsample2D(FILTER)(x)
        x = keras.layers.Conv2D(channels, 3, padding="same")(x)
        x = Upsample2D(FILTER)(x)
    return keras.Model(inputs, x)


def _seconds_per_step(model, x, steps, sliced):
    backend.current.sliced_resampling = sliced
    start = time.perf_counter()
    model.fit(x, x, batch_size=len(x) // steps, epochs=1, verbose=0)
    return (time.perf_counter() - start) / steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=64)
    parser.add_argument("--blocks", type=int, default=2)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    chosen = backend.current.sliced_resampling
    rng = np.random.default_rng(0)
    x = rng.normal(
        size=(args.batch_size * args.steps, args.size, args.size, args.channels)
    ).astype("float32")
    forms = {}
    for name, sliced in (("depthwise", False), ("sliced", True)):
        model = _model(args.channels, args.blocks, args.size)
        model.compile(optimizer="adam", loss="mse")
        _seconds_per_step(model, x, args.steps, sliced)  # traces the step
        forms[name] = (model, sliced)
    times = {name: [] for name in forms}
    for _ in range(args.rounds):
        for name, (model, sliced) in forms.items():
            times[name].append(_seconds_per_step(model, x, args.steps, sliced))
    backend.current.sliced_resampling = chosen
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(
        json.dumps(
            {
                "backend": keras.backend.backend(),
                "sliced_resampling": chosen,
                "channels": args.channels,
                "size": args.size,
                "batch_size": args.batch_size,
                "seconds_per_step": {
                    k: round(v, 4) for k, v in medians.items()
                },
                "depthwise_over_sliced": round(
                    medians["depthwise"] / medians["sliced"], 2
                ),
                "date": time.strftime("%Y-%m-%d"),
            }
        )
    )


if __name__ == "__main__":
    main()
