"""The MNIST DCGAN, by its tuned recipe or the TensorFlow tutorial's.

`GAN.from_preset("dcgan_mnist")`: by default the tuned recipe (4x4 kernels,
no refine block, no dropout, Adam(1e-3, 0.5, 0.99), batch 16, generator EMA,
5 epochs); `--recipe teaching` gives the tutorial's (Dense to 7x7x128, a
stride-1 block, 5x5 stride-2 transposed convolutions, dropout 0.3,
Adam(2e-4, 0.5), batch 256, 50 epochs).

    KERAS_BACKEND=tensorflow python examples/dcgan_mnist.py
    python examples/dcgan_mnist.py --recipe teaching --epochs 50
    python examples/dcgan_mnist.py --data mnist.npz --smoke
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_recipe_args(
        __doc__.split("\n")[0],
        argv,
        "dcgan_mnist",
        data_help="local MNIST .npz or idx folder (checksums verified)",
    )
    args.out = args.out or "runs/dcgan_mnist"
    keras.utils.set_random_seed(args.seed)
    images, _ = common.load_data(args, "mnist")
    gan = keras_gan_kit.GAN.from_preset(
        "dcgan_mnist", recipe=args.recipe, seed=args.seed
    )
    return common.train(gan, images, args)


if __name__ == "__main__":
    common.run(main)
