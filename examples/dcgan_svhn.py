"""The 4-layer DCGAN of the SVHN article, on street-view house numbers.

`builders.preset("dcgan_svhn")`: Dense to 4x4x512, transposed convolutions
256-128-3 with batch norm and ReLU; a discriminator 64-128-256 with batch
norm (not on its first layer) and LeakyReLU 0.2. Adam(2e-4, beta_1 0.5),
one-sided label smoothing 0.1.

    python examples/dcgan_svhn.py --data train_32x32.mat --epochs 25
    python examples/dcgan_svhn.py --data train_32x32.mat --smoke

SVHN is not in keras.datasets: download `train_32x32.mat` from
http://ufldl.stanford.edu/housenumbers/ (read with SciPy).
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=25,
        batch_size=128,
        data_help="train_32x32.mat or its folder "
        "(default: ~/.keras/datasets/svhn)",
    )
    args.out = args.out or "runs/dcgan_svhn"
    keras.utils.set_random_seed(args.seed)
    images, _ = common.load_data(args, "svhn")
    gan = keras_gan_kit.GAN(*keras_gan_kit.builders.preset("dcgan_svhn"))
    gan.compile(label_smoothing=0.1)
    return common.train(gan, images, args)


if __name__ == "__main__":
    common.run(main)
