"""CycleGAN on sneaker2boot: sneakers into ankle boots and back, unpaired.

The unpaired task of `datasets.translation_task("sneaker2boot")`:
Fashion-MNIST's sneakers (domain A) and ankle boots (domain B), at 32x32,
no image of one matched with one of the other. Two residual translators
(16 filters, 6 blocks, instance norm) and two 34-pixel PatchGANs, the
least-squares loss, cycle weight 10, identity weight 0.5, a history of 50
translations, Adam(2e-4, beta_1=0.5), batch 16, 10 epochs (the run recorded
in benchmarks/README.md): the `cyclegan_sneaker2boot` preset's recipe,
built by `CycleGAN.from_preset`. Each epoch writes a grid of sneakers,
their boots and the sneakers back; both translators are saved (they load
with plain Keras).

    KERAS_BACKEND=jax python examples/cyclegan_sneaker2boot.py \\
        --data fashion_mnist.npz
    python examples/cyclegan_sneaker2boot.py --smoke

Without --data the bundled Fashion-MNIST sample is used (its ~900
sneakers and ~900 boots).
"""

import os

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=10,
        batch_size=16,
        data_help="local Fashion-MNIST .npz or idx folder",
    )
    args.out = args.out or "runs/cyclegan_sneaker2boot"
    keras.utils.set_random_seed(args.seed)
    (sneakers, boots), (test_sneakers, _), epochs = (
        common.load_translation_task(args, "sneaker2boot", (64, 48))
    )

    model = keras_gan_kit.CycleGAN.from_preset(
        "cyclegan_sneaker2boot", seed=args.seed
    )
    os.makedirs(args.out, exist_ok=True)
    history = model.fit(
        sneakers,
        boots,
        batch_size=args.batch_size,
        epochs=epochs,
        verbose=2 if args.smoke else "auto",
        callbacks=[
            keras_gan_kit.callbacks.TranslationGrid(
                args.out, test_sneakers[:8]
            ),
            keras_gan_kit.callbacks.CSVLog(os.path.join(args.out, "log.csv")),
        ],
    )
    for direction in ("ab", "ba"):
        model.save_translator(
            os.path.join(args.out, f"translator_{direction}.keras"),
            direction=direction,
        )
    print(
        f"Done: cycle L1 {history.history['cycle'][-1]:.4f}. Grids "
        f"(epoch_NNNN.png: sneaker | boot | sneaker again), log.csv and "
        f"both translators are in {args.out}/"
    )
    return history


if __name__ == "__main__":
    common.run(main)
