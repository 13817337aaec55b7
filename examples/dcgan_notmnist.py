"""DCGAN on the notMNIST letters (A-J), as in the teaching material.

`builders.preset("dcgan_notmnist")`: Dense to 7x7, transposed convolutions
with LeakyReLU and a tanh output; a smaller discriminator with dropout 0.4.

    python examples/dcgan_notmnist.py --data notMNIST_small --epochs 50
    python examples/dcgan_notmnist.py --data notMNIST_small --smoke

`--data` is a folder with one sub-folder of letter images per class (A..J),
as in notMNIST_small; files that do not decode are skipped and counted.
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=50,
        batch_size=128,
        data_help="folder of letter sub-folders A..J "
        "(default: ~/.keras/datasets/notMNIST_small)",
    )
    args.out = args.out or "runs/dcgan_notmnist"
    keras.utils.set_random_seed(args.seed)
    images, _ = common.load_data(args, "notmnist")
    gan = keras_gan_kit.GAN(*keras_gan_kit.builders.preset("dcgan_notmnist"))
    gan.compile()
    return common.train(gan, images, args)


if __name__ == "__main__":
    common.run(main)
