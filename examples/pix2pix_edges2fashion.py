"""Pix2Pix on edges2fashion: draw the clothes of an edge map.

The paired task of `datasets.translation_task("edges2fashion")`: the Sobel
edge map of each Fashion-MNIST image (white on black) to the image, at
32x32. A U-Net translator (16 filters, instance norm) and a 34-pixel
PatchGAN of 32 filters judging (edges, image) pairs, Adam(2e-4,
beta_1=0.5), L1 weight 100, batch 32, 6 epochs (the run recorded in
benchmarks/README.md): the `pix2pix_edges2fashion` preset's recipe, built
by `Pix2Pix.from_preset`. Each
epoch writes a grid of edge maps, their translations and the real images,
and the translator is saved as translator.keras (it loads with plain
Keras).

    KERAS_BACKEND=jax python examples/pix2pix_edges2fashion.py \\
        --data fashion_mnist.npz
    python examples/pix2pix_edges2fashion.py --smoke

Without --data the bundled Fashion-MNIST sample is used (9,000 pairs to
train on, 1,000 held out).
"""

import os

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=6,
        batch_size=32,
        data_help="local Fashion-MNIST .npz or idx folder",
    )
    args.out = args.out or "runs/pix2pix_edges2fashion"
    keras.utils.set_random_seed(args.seed)
    (edges, images), (test_edges, test_images), epochs = (
        common.load_translation_task(args, "edges2fashion", (128, 128))
    )
    model = keras_gan_kit.Pix2Pix.from_preset(
        "pix2pix_edges2fashion", seed=args.seed
    )
    os.makedirs(args.out, exist_ok=True)
    history = model.fit(
        edges,
        images,
        batch_size=args.batch_size,
        epochs=epochs,
        verbose=2 if args.smoke else "auto",
        callbacks=[
            keras_gan_kit.callbacks.TranslationGrid(
                args.out, test_edges[:8], targets=test_images[:8]
            ),
            keras_gan_kit.callbacks.CSVLog(os.path.join(args.out, "log.csv")),
        ],
    )
    outputs = model.translate(test_edges)
    l1 = keras_gan_kit.metrics.mean_absolute_error(outputs, test_images)
    model.save_translator(os.path.join(args.out, "translator.keras"))
    print(
        f"Done: held-out L1 {l1:.4f} ([-1, 1] scale). Grids "
        f"(epoch_NNNN.png: edges | translation | real), log.csv and "
        f"translator.keras are in {args.out}/"
    )
    return history


if __name__ == "__main__":
    common.run(main)
