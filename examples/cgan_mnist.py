"""A conditional GAN on MNIST: ask for a digit, get that digit.

`builders.preset("cgan_mnist")`: the label goes through Embedding(10, 50), a
Dense layer and a Reshape to one feature map, concatenated with the latent
branch (generator) or the image (discriminator). The sample grids have one
row per digit.

    KERAS_BACKEND=torch python examples/cgan_mnist.py --epochs 20
    python examples/cgan_mnist.py --data mnist.npz --smoke
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=20,
        batch_size=128,
        data_help="local MNIST .npz or idx folder (checksums verified)",
    )
    args.out = args.out or "runs/cgan_mnist"
    keras.utils.set_random_seed(args.seed)
    images, labels = keras_gan_kit.datasets.load("mnist", path=args.data)
    gan = keras_gan_kit.ConditionalGAN(
        *keras_gan_kit.builders.preset("cgan_mnist")
    )
    gan.compile()
    return common.train(gan, images, args, labels=labels)


if __name__ == "__main__":
    common.run(main)
