"""Grouped 3x3 convolutions computed grouped or as dense block-diagonal
ones, in a training step on the active backend: R3GAN's residual blocks
use grouped convolutions, which some backends run slowly.

A model of `--blocks` R3GAN residual blocks (1x1 expansion, grouped 3x3
convolution, 1x1 projection) trains with `fit` on random 16x16 maps, its
`layers.GroupedConv2D` computing in one form, then in the other
(`dense_equivalent=False` / `True`: the same model and weights, the dense
form doing `groups` times the operations). The forms alternate over
`--rounds` rounds; the medians are printed with their ratio
(grouped / dense-equivalent), measured side by side in one run.

    KERAS_BACKEND=jax python benchmarks/grouped_conv_speed.py
"""

import argparse
import json
import statistics
import time

import keras
import numpy as np

from keras_gan_kit.builders.r3gan import _residual_block
from keras_gan_kit.layers import GroupedConv2D


def _model(channels, group_channels, blocks, size, dense_equivalent):
    inputs = keras.Input((size, size, channels))
    x = inputs
    for index in range(blocks):
        x = _residual_block(x, 2, group_channels, blocks, f"b{index}")
    model = keras.Model(inputs, x)
    for layer in model.layers:
        if isinstance(layer, GroupedConv2D):
            layer.dense_equivalent = dense_equivalent
    model.compile(optimizer="adam", loss="mse")
    return model


def _seconds_per_step(model, x, steps):
    model.fit(x, x, batch_size=len(x) // steps, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(x, x, batch_size=len(x) // steps, epochs=1, verbose=0)
    return (time.perf_counter() - start) / steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=128)
    parser.add_argument("--group-channels", type=int, default=16)
    parser.add_argument("--blocks", type=int, default=2)
    parser.add_argument("--size", type=int, default=16)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    x = rng.normal(
        size=(args.batch_size * args.steps, args.size, args.size, args.channels)
    ).astype("float32")
    expanded = 2 * args.channels
    forms = {
        name: _model(
            args.channels, args.group_channels, args.blocks, args.size, dense
        )
        for name, dense in (("grouped", False), ("dense_equivalent", True))
    }
    times = {name: [] for name in forms}
    for _ in range(args.rounds):
        for name, model in forms.items():
            times[name].append(_seconds_per_step(model, x, args.steps))
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(
        json.dumps(
            {
                "backend": keras.backend.backend(),
                "channels": args.channels,
                "groups": expanded // args.group_channels,
                "seconds_per_step": {
                    k: round(v, 4) for k, v in medians.items()
                },
                "grouped_over_dense_equivalent": round(
                    medians["grouped"] / medians["dense_equivalent"], 2
                ),
                "date": time.strftime("%Y-%m-%d"),
            }
        )
    )


if __name__ == "__main__":
    main()
