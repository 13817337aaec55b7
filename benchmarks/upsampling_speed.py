"""Forward pass against weight gradient of one stride-2 upsampling layer.

Measures, on the active Keras backend, a `Conv2DTranspose(strides=2)`, the
same layer computed by phases (`keras_gan_kit.layers.PhaseConv2DTranspose`)
and a nearest-neighbour resize followed by a `Conv2D`, all taking a 14x14x64
batch to 28x28x32 (the shape of a DCGAN generator on MNIST). For each it
times the compiled forward pass and the compiled gradient with respect to
the kernel, alternating the six measurements in one process, and prints
ratios of medians.

    KERAS_BACKEND=jax python benchmarks/upsampling_speed.py
"""

import argparse
import time

import keras
import numpy as np

from keras_gan_kit.layers import PhaseConv2DTranspose


def _make_functions(layer, inputs, resize=None):
    """Forward and kernel-gradient functions of `layer(resize(x))`."""
    backend = keras.backend.backend()
    resize = resize or (lambda x: x)
    layer.build(resize(inputs).shape)
    kernel = layer.kernel

    if backend == "jax":
        import jax

        def apply(kernel_value, x):
            values = [
                kernel_value if v is kernel else v.value for v in layer.weights
            ]
            return layer.stateless_call(values, [], resize(x))[0]

        forward = jax.jit(lambda x: apply(kernel.value, x))
        gradient = jax.jit(
            jax.grad(lambda k, x: keras.ops.sum(apply(k, x) ** 2))
        )
        return (lambda: forward(inputs).block_until_ready()), (
            lambda: gradient(kernel.value, inputs).block_until_ready()
        )
    if backend == "tensorflow":
        import tensorflow as tf

        @tf.function
        def forward(x):
            return layer(resize(x))

        @tf.function
        def gradient(x):
            with tf.GradientTape() as tape:
                value = tf.reduce_sum(layer(resize(x)) ** 2)
            return tape.gradient(value, kernel.value)

        return (lambda: forward(inputs).numpy()), (
            lambda: gradient(inputs).numpy()
        )
    import torch

    def forward_torch():
        with torch.no_grad():
            return layer(resize(inputs))

    def gradient_torch():
        value = (layer(resize(inputs)) ** 2).sum()
        return torch.autograd.grad(value, [kernel.value])[0]

    return forward_torch, gradient_torch


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--kernel-size", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    inputs = keras.ops.convert_to_tensor(
        rng.normal(size=(args.batch_size, 14, 14, 64)).astype("float32")
    )
    k = args.kernel_size
    functions = {
        "conv2d_transpose": _make_functions(
            keras.layers.Conv2DTranspose(32, k, strides=2, padding="same"),
            inputs,
        ),
        "phase_transpose": _make_functions(
            PhaseConv2DTranspose(
                32, k, strides=2, padding="same", phase_decomposition=True
            ),
            inputs,
        ),
        "resize_conv": _make_functions(
            keras.layers.Conv2D(32, k, padding="same"),
            inputs,
            resize=keras.layers.UpSampling2D(2, interpolation="nearest"),
        ),
    }
    times = {
        (n, kind): [] for n in functions for kind in ("forward", "gradient")
    }
    for forward, gradient in functions.values():  # warm-up and compilation
        forward(), gradient()
    for _ in range(args.repeats):
        for name, (forward, gradient) in functions.items():
            for kind, function in (
                ("forward", forward),
                ("gradient", gradient),
            ):
                start = time.perf_counter()
                function()
                times[(name, kind)].append(time.perf_counter() - start)
    median = {key: float(np.median(value)) for key, value in times.items()}
    print(
        f"backend={keras.backend.backend()} batch={args.batch_size} "
        f"kernel={k}: 14x14x64 -> 28x28x32"
    )
    for name in functions:
        ratio = median[(name, "gradient")] / median[(name, "forward")]
        print(f"  {name:17s} weight gradient / forward: {ratio:6.1f}x")
    for other in ("phase_transpose", "resize_conv"):
        speedup = (
            median[("conv2d_transpose", "gradient")]
            / median[(other, "gradient")]
        )
        print(f"  conv2d_transpose gradient / {other} gradient: {speedup:.1f}x")


if __name__ == "__main__":
    main()
