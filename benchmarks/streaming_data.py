"""Streaming a large image folder: memory and speed of `ImageFolderStream`.

On a folder of generated 64x64 JPEGs (50,000 by default, written on first
use), in one run:

- pipeline rate: images per second that the stream delivers through
  Keras's own `PyDataset` iterator (the one `fit` uses), with one decoding
  thread per core, and on TensorFlow the same decoding as a `tf.data`
  pipeline for comparison;
- step rate: images per second that the 64-pixel training step consumes
  (`--preset`, default `sngan_64`), on in-memory batches;
- peak resident memory of two child processes training `--steps` steps:
  one fed by the stream over the whole folder, one by a single in-memory
  batch (the "empty" run); the difference is what streaming costs.

    KERAS_BACKEND=jax python benchmarks/streaming_data.py \\
        --folder /tmp/stream64 --json stream_jax.json

The latest output is recorded in `benchmarks/README.md`.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import datasets
from keras_gan_kit import presets

SIZE = 64


def make_folder(folder, count, seed=0):
    """`count` 64x64 JPEGs of smooth random colour fields with a disc."""
    from PIL import Image
    from PIL import ImageDraw

    os.makedirs(folder, exist_ok=True)
    present = len(os.listdir(folder))
    rng = np.random.default_rng([seed, present])
    for index in range(present, count):
        coarse = rng.integers(0, 256, size=(4, 4, 3), dtype="uint8")
        picture = Image.fromarray(coarse).resize(
            (SIZE + 16, SIZE), Image.Resampling.BICUBIC
        )
        draw = ImageDraw.Draw(picture)
        x, y, r = (
            rng.integers(10, 60),
            rng.integers(10, 54),
            rng.integers(4, 16),
        )
        colour = tuple(int(c) for c in rng.integers(0, 256, size=3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        picture.save(os.path.join(folder, f"{index:06d}.jpg"), quality=90)


def pipeline_rate(stream, batches):
    """Images per second through Keras's PyDataset iterator."""
    from keras.src.trainers.data_adapters.py_dataset_adapter import (
        PyDatasetAdapter,
    )

    adapter = PyDatasetAdapter(stream, shuffle=False)
    adapter.on_epoch_begin()
    iterator = iter(adapter.get_numpy_iterator())
    next(iterator)  # the pool starts
    started = time.perf_counter()
    for _ in range(batches):
        next(iterator)
    seconds = time.perf_counter() - started
    adapter.on_epoch_end()
    return batches * stream.batch_size / seconds


def tf_data_rate(folder, batch_size, batches):
    """The same decoding as a tf.data pipeline (TensorFlow only)."""
    import tensorflow as tf

    files = sorted(os.path.join(folder, name) for name in os.listdir(folder))

    def decode(path):
        image = tf.io.decode_jpeg(tf.io.read_file(path), channels=3)
        image = tf.image.resize_with_crop_or_pad(
            image,
            tf.reduce_min(tf.shape(image)[:2]),
            tf.reduce_min(tf.shape(image)[:2]),
        )
        image = tf.image.resize(image, (SIZE, SIZE))
        return image / 127.5 - 1.0

    dataset = (
        tf.data.Dataset.from_tensor_slices(files)
        .shuffle(len(files), seed=0)
        .map(decode, num_parallel_calls=tf.data.AUTOTUNE)
        .batch(batch_size, drop_remainder=True)
        .prefetch(tf.data.AUTOTUNE)
    )
    iterator = iter(dataset)
    next(iterator)
    started = time.perf_counter()
    for _ in range(batches):
        next(iterator)
    return batches * batch_size / (time.perf_counter() - started)


def build(preset):
    return presets.from_preset(preset, seed=0, image_shape=(SIZE, SIZE, 3))


def step_rate(preset, batch_size, steps):
    """Images per second of the training step, on in-memory batches."""
    gan = build(preset)
    images = (
        np.random.default_rng(0)
        .uniform(-1, 1, (batch_size * 2, SIZE, SIZE, 3))
        .astype("float32")
    )
    gan.fit(images, batch_size=batch_size, epochs=1, verbose=0)  # compiles
    started = time.perf_counter()
    for _ in range(max(1, steps // 2)):
        gan.fit(images, batch_size=batch_size, epochs=1, verbose=0)
    seconds = time.perf_counter() - started
    return max(1, steps // 2) * 2 * batch_size / seconds


def child(args):
    """Trains `--steps` steps and prints the peak resident memory."""
    gan = build(args.preset)
    batch_size = gan.preset_recipe.batch_size
    if args.child == "stream":
        data = datasets.ImageFolderStream(
            args.folder, SIZE, batch_size=batch_size, seed=0
        )
        gan.fit(
            data,
            epochs=1,
            steps_per_epoch=args.steps,
            shuffle=False,
            verbose=0,
        )
    else:
        images = np.zeros((batch_size, SIZE, SIZE, 3), "float32")
        gan.fit(images, batch_size=batch_size, epochs=args.steps, verbose=0)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mb": round(peak_kib / 1024, 1)}))


def peak_memory(args, kind):
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--child",
        kind,
        "--folder",
        args.folder,
        "--preset",
        args.preset,
        "--steps",
        str(args.steps),
    ]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])["peak_mb"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default="/tmp/keras_gan_kit_stream64")
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--preset", default="sngan_64")
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--pipeline-batches", type=int, default=150)
    parser.add_argument("--child", choices=("stream", "empty"))
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    started = time.perf_counter()
    make_folder(args.folder, args.count)
    made = time.perf_counter() - started
    batch_size = presets.get_recipe(args.preset).batch_size
    stream = datasets.ImageFolderStream(
        args.folder, SIZE, batch_size=batch_size, seed=0
    )
    result = {
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "keras_gan_kit": keras_gan_kit.__version__,
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}",
        "date": time.strftime("%Y-%m-%d"),
        "files": len(stream.images),
        "folder_seconds": round(made, 1),
        "workers": stream.workers,
        "batch_size": batch_size,
        "preset": args.preset,
        "pipeline_images_per_second": round(
            pipeline_rate(stream, args.pipeline_batches), 1
        ),
    }
    if keras.backend.backend() == "tensorflow":
        result["tf_data_images_per_second"] = round(
            tf_data_rate(args.folder, batch_size, args.pipeline_batches), 1
        )
    result["step_images_per_second"] = round(
        step_rate(args.preset, batch_size, args.steps), 2
    )
    result["pipeline_over_step"] = round(
        result["pipeline_images_per_second"] / result["step_images_per_second"],
        1,
    )
    result["empty_peak_mb"] = peak_memory(args, "empty")
    result["stream_peak_mb"] = peak_memory(args, "stream")
    result["stream_minus_empty_mb"] = round(
        result["stream_peak_mb"] - result["empty_peak_mb"], 1
    )
    print(json.dumps(result), flush=True)
    if args.json:
        with open(args.json, "w") as file:
            json.dump(result, file, indent=2)
    return result


if __name__ == "__main__":
    main()
