"""Training throughput: `GAN.fit` against hand-written loops, per backend.

The networks are the TensorFlow DCGAN tutorial's (MNIST, batch 128):
generator Dense(7x7x256) -> BN -> LeakyReLU -> 5x5 transposed convolutions
to 128 (stride 1), 64 and 1 (stride 2) channels, with BN and LeakyReLU
between them and tanh at the end; discriminator two 5x5 stride-2
convolutions (64, 128) with LeakyReLU and dropout 0.3, then Dense(1).

Every contender runs the same algorithm as `GAN.fit`: per batch, one
generator pass; a discriminator update on the real and the generated batch
(gradients stopped); a generator update through the updated
discriminator; the non-saturating loss; Adam(2e-4, beta_1=0.5) for both.

Contenders, one worker process per backend (Keras picks its backend once
per process):

- `fit`: `GAN.compile()` with its defaults, then `GAN.fit` over the batches.
- `hand`: the loop a user would write on the same Keras models: a
  `tf.function` GradientTape step (TensorFlow), a jitted stateless step
  (JAX), an autograd loop with `torch.optim.Adam` (PyTorch).
- `plain_torch` (PyTorch worker): the same networks as a plain
  `torch.nn.Module`, with `torch.optim.Adam`.
- `fit_jit` (TensorFlow and PyTorch workers, with `--jit`): `GAN.fit`
  with `jit_compile=True`: XLA on TensorFlow, `torch.compile` on PyTorch.

The workers start together, compile, then run in rounds: in each round the
parent asks each worker in turn to time each of its contenders on the same
number of steps, so every contender of every backend is measured
alternately, in one run, under the same machine load. Ratios are taken per
round and reported as median [min-max] over the rounds.

    python benchmarks/train_throughput.py            # about 8 minutes
    python benchmarks/train_throughput.py --rounds 2 --steps 5  # a smoke run
    python benchmarks/train_throughput.py --networks resnet32 --steps 5

`--networks resnet32` times the 32-pixel residual networks instead
(`builders.resnet_generator` / `resnet_discriminator`, SNGAN's CIFAR-10
layout at `--filters` channels, batch 64, 32x32x3 images, latent 128):
the same contenders but plain PyTorch, which has no copy of them.

Timing a `fit` call includes its per-call set-up (the data adapter, the
epoch iterator, callbacks), which training pays once per epoch; the hand
loops get their batches as ready tensors. Both choices favour the hand
loops.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

BATCH_SIZE = 128
LATENT_DIM = 100
IMAGE_SHAPE = (28, 28, 1)
# The networks every contender trains: "tutorial" or "resnet32", set by the
# worker from --networks (with RESNET_FILTERS channels).
NETWORKS = "tutorial"
RESNET_FILTERS = 64


def use_networks(name, filters, batch_size=None):
    """Switches the module's sizes to those of `name`'s networks (and to
    `batch_size` when given)."""
    global NETWORKS, RESNET_FILTERS, BATCH_SIZE, LATENT_DIM, IMAGE_SHAPE
    NETWORKS, RESNET_FILTERS = name, filters
    if name == "resnet32":
        BATCH_SIZE, LATENT_DIM, IMAGE_SHAPE = 64, 128, (32, 32, 3)
    if batch_size:
        BATCH_SIZE = batch_size


# ----------------------------------------------------------------------
# FLOPs
# ----------------------------------------------------------------------


def forward_flops():
    """Multiply-adds x 2 of one image through each network (convolutions
    and dense layers; normalization and activations left out)."""
    generator = 2 * (
        LATENT_DIM * 7 * 7 * 256  # Dense
        + 7 * 7 * 25 * 256 * 128  # 5x5 stride 1
        + 7 * 7 * 25 * 128 * 64  # 5x5 stride 2, counted at the input
        + 14 * 14 * 25 * 64 * 1  # 5x5 stride 2
    )
    discriminator = 2 * (
        14 * 14 * 25 * 1 * 64  # 5x5 stride 2, counted at the output
        + 7 * 7 * 25 * 64 * 128
        + 7 * 7 * 128  # Dense
    )
    return generator, discriminator


def step_flops(batch_size=None):
    """Model FLOPs of one training step: a backward pass costs twice its
    forward. The generator runs forward and backward once (3x); the
    discriminator forward and backward on the real and the generated batch
    (3x on 2 batches) and, for the generator update, forward and input
    gradient on the generated batch (2x)."""
    batch_size = batch_size or BATCH_SIZE
    generator, discriminator = forward_flops()
    return batch_size * (
        3 * generator + 3 * 2 * discriminator + 2 * discriminator
    )


# ----------------------------------------------------------------------
# The worker: one backend, several contenders
# ----------------------------------------------------------------------


def networks(keras, keras_gan_kit):
    """The generator and discriminator every contender trains."""
    if NETWORKS == "resnet32":
        builders = keras_gan_kit.builders
        return (
            builders.resnet_generator(
                latent_dim=LATENT_DIM,
                image_shape=IMAGE_SHAPE,
                filters=RESNET_FILTERS,
            ),
            builders.resnet_discriminator(
                image_shape=IMAGE_SHAPE, filters=RESNET_FILTERS
            ),
        )
    return tutorial_networks(keras, keras_gan_kit.layers.PhaseConv2DTranspose)


def tutorial_networks(keras, upsampling_layer):
    layers = keras.layers
    generator = keras.Sequential(
        [
            keras.Input((LATENT_DIM,)),
            layers.Dense(7 * 7 * 256, use_bias=False),
            layers.BatchNormalization(),
            layers.LeakyReLU(0.3),
            layers.Reshape((7, 7, 256)),
            layers.Conv2DTranspose(128, 5, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.LeakyReLU(0.3),
            upsampling_layer(64, 5, strides=2, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.LeakyReLU(0.3),
            upsampling_layer(
                1,
                5,
                strides=2,
                padding="same",
                use_bias=False,
                activation="tanh",
            ),
        ],
        name="generator",
    )
    discriminator = keras.Sequential(
        [
            keras.Input(IMAGE_SHAPE),
            layers.Conv2D(64, 5, strides=2, padding="same"),
            layers.LeakyReLU(0.3),
            layers.Dropout(0.3),
            layers.Conv2D(128, 5, strides=2, padding="same"),
            layers.LeakyReLU(0.3),
            layers.Dropout(0.3),
            layers.Flatten(),
            layers.Dense(1),
        ],
        name="discriminator",
    )
    return generator, discriminator


def adam(keras):
    return keras.optimizers.Adam(2e-4, beta_1=0.5)


class FitContender:
    def __init__(self, keras, keras_gan_kit, images, jit_compile="auto"):
        generator, discriminator = networks(keras, keras_gan_kit)
        self.gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
        self.gan.compile(jit_compile=jit_compile)
        self.images = images

    def run(self, steps):
        self.gan.fit(
            self.images[: steps * BATCH_SIZE],
            batch_size=BATCH_SIZE,
            epochs=1,
            shuffle=False,
            verbose=0,
        )


def tensorflow_hand(keras, keras_gan_kit, images):
    import tensorflow as tf

    generator, discriminator = networks(keras, keras_gan_kit)
    g_optimizer, d_optimizer = adam(keras), adam(keras)
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)

    @tf.function
    def train_step(real):
        noise = tf.random.normal([BATCH_SIZE, LATENT_DIM])
        with tf.GradientTape() as g_tape:
            fake = generator(noise, training=True)
            with tf.GradientTape() as d_tape:
                real_logits = discriminator(real, training=True)
                fake_logits = discriminator(
                    tf.stop_gradient(fake), training=True
                )
                d_loss = cross_entropy(
                    tf.ones_like(real_logits), real_logits
                ) + cross_entropy(tf.zeros_like(fake_logits), fake_logits)
            d_variables = discriminator.trainable_variables
            d_optimizer.apply(d_tape.gradient(d_loss, d_variables), d_variables)
            fake_logits = discriminator(fake, training=True)
            g_loss = cross_entropy(tf.ones_like(fake_logits), fake_logits)
        g_variables = generator.trainable_variables
        g_optimizer.apply(g_tape.gradient(g_loss, g_variables), g_variables)
        return d_loss, g_loss

    batches = [
        tf.constant(images[i * BATCH_SIZE : (i + 1) * BATCH_SIZE])
        for i in range(len(images) // BATCH_SIZE)
    ]

    def run(steps):
        for step in range(steps):
            losses = train_step(batches[step])
        float(losses[0])  # wait for the last step

    return run


def jax_hand(keras, keras_gan_kit, images):
    import jax
    import jax.numpy as jnp

    generator, discriminator = networks(keras, keras_gan_kit)
    g_optimizer, d_optimizer = adam(keras), adam(keras)
    g_optimizer.build(generator.trainable_variables)
    d_optimizer.build(discriminator.trainable_variables)

    def bce(logits, target):
        return jnp.mean(
            jnp.maximum(logits, 0)
            - logits * target
            + jnp.log1p(jnp.exp(-jnp.abs(logits)))
        )

    def d_loss_fn(d_trainable, d_other, real, fake):
        real_logits, d_other = discriminator.stateless_call(
            d_trainable, d_other, real, training=True
        )
        fake_logits, d_other = discriminator.stateless_call(
            d_trainable, d_other, fake, training=True
        )
        loss = bce(real_logits, 1.0) + bce(fake_logits, 0.0)
        return loss, d_other

    def g_loss_fn(fake, d_trainable, d_other):
        fake_logits, d_other = discriminator.stateless_call(
            d_trainable, d_other, fake, training=True
        )
        return bce(fake_logits, 1.0), d_other

    @jax.jit
    def train_step(state, real, key):
        g_trainable, g_other, d_trainable, d_other, g_opt, d_opt = state
        key, noise_key = jax.random.split(key)
        noise = jax.random.normal(noise_key, (BATCH_SIZE, LATENT_DIM))

        def generate(g_trainable):
            return generator.stateless_call(
                g_trainable, g_other, noise, training=True
            )

        fake, pull_back, g_other = jax.vjp(generate, g_trainable, has_aux=True)
        (d_loss, d_other), d_grads = jax.value_and_grad(
            d_loss_fn, has_aux=True
        )(d_trainable, d_other, real, jax.lax.stop_gradient(fake))
        d_trainable, d_opt = d_optimizer.stateless_apply(
            d_opt, d_grads, d_trainable
        )
        (g_loss, d_other), fake_grads = jax.value_and_grad(
            g_loss_fn, has_aux=True
        )(fake, d_trainable, d_other)
        (g_grads,) = pull_back(fake_grads)
        g_trainable, g_opt = g_optimizer.stateless_apply(
            g_opt, g_grads, g_trainable
        )
        state = (g_trainable, g_other, d_trainable, d_other, g_opt, d_opt)
        return state, key, d_loss, g_loss

    def values(variables):
        return [variable.value for variable in variables]

    state = (
        values(generator.trainable_variables),
        values(generator.non_trainable_variables),
        values(discriminator.trainable_variables),
        values(discriminator.non_trainable_variables),
        values(g_optimizer.variables),
        values(d_optimizer.variables),
    )
    batches = [
        jnp.asarray(images[i * BATCH_SIZE : (i + 1) * BATCH_SIZE])
        for i in range(len(images) // BATCH_SIZE)
    ]
    carry = {"state": state, "key": jax.random.PRNGKey(0)}

    def run(steps):
        state, key = carry["state"], carry["key"]
        for step in range(steps):
            state, key, d_loss, _ = train_step(state, batches[step], key)
        d_loss.block_until_ready()  # wait for the last step
        carry["state"], carry["key"] = state, key

    return run


def torch_loop(generator, discriminator, images, device):
    """The PyTorch loop, for the Keras models and for plain modules."""
    import torch

    g_optimizer = torch.optim.Adam(
        generator.parameters(), lr=2e-4, betas=(0.5, 0.999)
    )
    d_optimizer = torch.optim.Adam(
        discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999)
    )
    bce = torch.nn.BCEWithLogitsLoss()
    batches = [
        torch.as_tensor(images[i * BATCH_SIZE : (i + 1) * BATCH_SIZE]).to(
            device
        )
        for i in range(len(images) // BATCH_SIZE)
    ]
    ones = torch.ones(BATCH_SIZE, 1, device=device)
    zeros = torch.zeros(BATCH_SIZE, 1, device=device)

    def run(steps):
        for step in range(steps):
            real = batches[step]
            noise = torch.randn(BATCH_SIZE, LATENT_DIM, device=device)
            fake = generator(noise)
            d_optimizer.zero_grad(set_to_none=True)
            if NETWORKS == "resnet32":
                # Spectral normalization rewrites its kernel at every call,
                # so both batches go in one pass, as fit does on PyTorch.
                logits = discriminator(torch.cat([real, fake.detach()]))
                d_loss = bce(logits[:BATCH_SIZE], ones) + bce(
                    logits[BATCH_SIZE:], zeros
                )
            else:
                d_loss = bce(discriminator(real), ones) + bce(
                    discriminator(fake.detach()), zeros
                )
            d_loss.backward()
            d_optimizer.step()
            g_optimizer.zero_grad(set_to_none=True)
            g_loss = bce(discriminator(fake), ones)
            g_loss.backward()
            g_optimizer.step()
        float(d_loss.detach())  # wait for the last step (a no-op on CPU)

    return run


def torch_hand(keras, keras_gan_kit, images):
    import torch

    generator, discriminator = networks(keras, keras_gan_kit)

    def training(model):
        def call(inputs):
            return model(inputs, training=True)

        call.parameters = model.parameters
        return call

    device = "cuda" if torch.cuda.is_available() else "cpu"
    return torch_loop(
        training(generator), training(discriminator), images, device
    )


def plain_torch(images):
    import torch
    from torch import nn

    class Generator(nn.Module):
        def __init__(self):
            super().__init__()
            self.project = nn.Linear(LATENT_DIM, 7 * 7 * 256, bias=False)
            self.net = nn.Sequential(
                nn.BatchNorm2d(256, eps=1e-3, momentum=0.01),
                nn.LeakyReLU(0.3),
                nn.ConvTranspose2d(256, 128, 5, padding=2, bias=False),
                nn.BatchNorm2d(128, eps=1e-3, momentum=0.01),
                nn.LeakyReLU(0.3),
                nn.ConvTranspose2d(
                    128,
                    64,
                    5,
                    stride=2,
                    padding=2,
                    output_padding=1,
                    bias=False,
                ),
                nn.BatchNorm2d(64, eps=1e-3, momentum=0.01),
                nn.LeakyReLU(0.3),
                nn.ConvTranspose2d(
                    64, 1, 5, stride=2, padding=2, output_padding=1, bias=False
                ),
                nn.Tanh(),
            )

        def forward(self, noise):
            # BatchNorm over the 256 channels of the 7x7 map stands in for
            # Keras's BatchNormalization of the 12544 dense units: the same
            # FLOPs to a rounding error.
            return self.net(self.project(noise).view(-1, 256, 7, 7))

    discriminator = nn.Sequential(
        nn.Conv2d(1, 64, 5, stride=2, padding=2),
        nn.LeakyReLU(0.3),
        nn.Dropout(0.3),
        nn.Conv2d(64, 128, 5, stride=2, padding=2),
        nn.LeakyReLU(0.3),
        nn.Dropout(0.3),
        nn.Flatten(),
        nn.Linear(7 * 7 * 128, 1),
    )
    device = "cuda" if torch.cuda.is_available() else "cpu"
    # PyTorch's layout: channels first.
    images = np.ascontiguousarray(images.transpose(0, 3, 1, 2))
    return torch_loop(
        Generator().to(device), discriminator.to(device), images, device
    )


def matmul_peak(keras, seconds=2.0):
    """FLOP/s of a 2048x2048 float32 matrix product on this backend: the
    practical peak the training step's share is measured against."""
    from keras import ops

    size = 2048
    rng = np.random.default_rng(0)
    a = ops.convert_to_tensor(rng.normal(size=(size, size)).astype("float32"))
    b = ops.convert_to_tensor(rng.normal(size=(size, size)).astype("float32"))
    ops.convert_to_numpy(ops.matmul(a, b))
    best, start = 0.0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        tick = time.perf_counter()
        ops.convert_to_numpy(ops.sum(ops.matmul(a, b)))
        best = max(best, 2 * size**3 / (time.perf_counter() - tick))
    return best


def worker(args):
    import keras

    import keras_gan_kit

    use_networks(args.networks, args.filters, args.batch_size)
    if args.precision != "float32":
        # The fit contenders train in this policy; the hand-written loops
        # stay in float32.
        keras.mixed_precision.set_global_policy(args.precision)
    backend = keras.backend.backend()
    rng = np.random.default_rng(0)
    # Throughput does not depend on the pixels; real MNIST when given.
    if args.data:
        with np.load(args.data) as data:
            pixels = data["x_train"][: args.steps * BATCH_SIZE]
        images = keras_gan_kit.datasets.scale_images(
            pixels, add_channel_axis=True
        )
    else:
        images = rng.uniform(
            -1, 1, (args.steps * BATCH_SIZE,) + IMAGE_SHAPE
        ).astype("float32")
    contenders = {"fit": FitContender(keras, keras_gan_kit, images).run}
    if backend == "tensorflow":
        contenders["hand"] = tensorflow_hand(keras, keras_gan_kit, images)
        if args.jit:
            contenders["fit_jit"] = FitContender(
                keras, keras_gan_kit, images, jit_compile=True
            ).run
    elif backend == "jax":
        contenders["hand"] = jax_hand(keras, keras_gan_kit, images)
    else:
        contenders["hand"] = torch_hand(keras, keras_gan_kit, images)
        if NETWORKS == "tutorial":
            contenders["plain_torch"] = plain_torch(images)
        if args.jit:
            contenders["fit_jit"] = FitContender(
                keras, keras_gan_kit, images, jit_compile=True
            ).run
    for run in contenders.values():  # compile and warm up
        run(2)
        run(2)
    import importlib

    versions = {
        name: importlib.import_module(name).__version__
        for name in ("keras", {"torch": "torch"}.get(backend, backend))
    }
    print(
        json.dumps(
            {
                "ready": sorted(contenders),
                "peak": matmul_peak(keras),
                "versions": versions,
            }
        ),
        flush=True,
    )
    for line in sys.stdin:
        if line.strip() != "round":
            break
        times = {}
        for name, run in contenders.items():
            start = time.perf_counter()
            run(args.steps)
            times[name] = time.perf_counter() - start
        print(json.dumps(times), flush=True)


# ----------------------------------------------------------------------
# The parent: rounds over the workers, then the report
# ----------------------------------------------------------------------


def spread(values):
    values = np.asarray(values)
    return f"{np.median(values):.2f} [{values.min():.2f}-{values.max():.2f}]"


def report(args, rounds, ready):
    steps = args.steps
    use_networks(args.networks, args.filters)
    # FLOPs are counted for the tutorial networks only.
    flops = step_flops() if NETWORKS == "tutorial" else None
    lines = [
        f"networks {NETWORKS}"
        + (f" ({RESNET_FILTERS} filters)" if NETWORKS == "resnet32" else "")
        + f", batch {BATCH_SIZE}, {steps} steps per contender per round, "
        f"{len(rounds)} rounds"
        + (f"; model FLOPs per step {flops / 1e9:.1f} G" if flops else ""),
        "",
        "| backend | contender | images/s | share of matmul peak |",
        "| --- | --- | --- | --- |",
    ]
    per_image = {}
    for backend, info in ready.items():
        for name in info["ready"]:
            seconds = np.median([r[backend][name] for r in rounds])
            rate = steps * BATCH_SIZE / seconds
            per_image[(backend, name)] = rate
            share = (
                f"{100 * flops * steps / seconds / info['peak']:.0f}%"
                if flops
                else "n/a"
            )
            lines.append(f"| {backend} | {name} | {rate:.1f} | {share} |")

    def ratio(a, b):
        return [r[a[0]][a[1]] / r[b[0]][b[1]] for r in rounds]

    lines += ["", "Time ratios per round, median [min-max]:", ""]
    verdicts = []
    for backend in ready:
        values = ratio((backend, "fit"), (backend, "hand"))
        lines.append(f"- {backend}: fit / hand = {spread(values)}")
        verdicts.append(
            (
                f"{backend} fit within 5% of the hand loop",
                np.median(values) <= 1.05,
            )
        )
        if (backend, "fit_jit") in per_image:
            values = ratio((backend, "fit_jit"), (backend, "fit"))
            lines.append(
                f"- {backend}: fit(jit_compile=True) / fit = {spread(values)}"
            )
    if "tensorflow" in ready and "jax" in ready:
        values = ratio(("jax", "fit"), ("tensorflow", "fit"))
        lines.append(f"- JAX fit / TensorFlow fit = {spread(values)}")
        verdicts.append(
            (
                "JAX at most 1.5x slower than TensorFlow",
                np.median(values) <= 1.5,
            )
        )
    if ("torch", "plain_torch") in per_image:
        values = ratio(("torch", "plain_torch"), ("torch", "fit"))
        lines.append(
            "- plain PyTorch / PyTorch fit (the speed of fit as a share of "
            f"plain PyTorch's) = {spread(values)}"
        )
        fastest = min(ready, key=lambda b: -per_image[(b, "fit")])
        values = ratio((fastest, "fit"), ("torch", "plain_torch"))
        lines.append(
            f"- fastest backend's fit ({fastest}) / plain PyTorch = "
            f"{spread(values)}"
        )
        verdicts.append(
            (
                "fastest backend's fit at least as fast as plain PyTorch",
                np.median(values) <= 1.0,
            )
        )
    lines += ["", "Targets:", ""]
    for text, met in verdicts:
        lines.append(f"- {'met' if met else 'MISSED'}: {text}")
    versions = {}
    for info in ready.values():
        versions.update(info["versions"])
    lines += [
        "",
        "versions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())),
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--backends", default="tensorflow,jax,torch", help="comma-separated"
    )
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", help="mnist.npz (default: random images)")
    parser.add_argument(
        "--jit",
        action="store_true",
        help="also time fit(jit_compile=True) on TensorFlow and PyTorch",
    )
    parser.add_argument(
        "--networks", choices=("tutorial", "resnet32"), default="tutorial"
    )
    parser.add_argument(
        "--filters",
        type=int,
        default=64,
        help="resnet32: channels of the blocks (SNGAN: 256 / 128)",
    )
    parser.add_argument(
        "--batch-size", type=int, help="default: the networks' (128 or 64)"
    )
    parser.add_argument(
        "--precision",
        choices=("float32", "mixed_float16", "mixed_bfloat16"),
        default="float32",
        help="the fit contenders' dtype policy (hand loops: float32)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)

    started = time.perf_counter()
    command = [sys.executable, os.path.abspath(__file__), "--worker"]
    command += ["--steps", str(args.steps), "--networks", args.networks]
    command += ["--filters", str(args.filters)]
    command += ["--precision", args.precision]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    if args.data:
        command += ["--data", args.data]
    if args.jit:
        command.append("--jit")
    workers = {}
    for backend in args.backends.split(","):
        env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
        workers[backend] = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        # One worker compiles at a time: the machine has few cores.
        line = workers[backend].stdout.readline()
        if not line:
            raise SystemExit(f"the {backend} worker failed to start")
        workers[backend].ready = json.loads(line)
    ready = {backend: w.ready for backend, w in workers.items()}
    rounds = []
    for index in range(args.rounds):
        result = {}
        for backend, process in workers.items():
            process.stdin.write("round\n")
            process.stdin.flush()
            result[backend] = json.loads(process.stdout.readline())
        rounds.append(result)
        print(
            f"round {index + 1}/{args.rounds}: {json.dumps(result)}", flush=True
        )
    for process in workers.values():
        process.stdin.close()
        process.wait()
    print()
    print(report(args, rounds, ready))
    print(f"\nwall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
