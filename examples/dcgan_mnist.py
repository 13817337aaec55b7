"""The TensorFlow DCGAN tutorial on MNIST, on any Keras backend.

`builders.preset("dcgan_mnist")`: Dense to 7x7x128, a stride-1 block, 5x5
stride-2 transposed convolutions with batch norm and LeakyReLU, tanh output;
a discriminator of two 5x5 stride-2 convolutions with dropout 0.3. Adam
(2e-4, beta_1 0.5) for both networks, batch 256 as in the tutorial.

    KERAS_BACKEND=tensorflow python examples/dcgan_mnist.py --epochs 50
    python examples/dcgan_mnist.py --data mnist.npz --smoke
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=50,
        batch_size=256,
        data_help="local MNIST .npz or idx folder (checksums verified)",
    )
    args.out = args.out or "runs/dcgan_mnist"
    keras.utils.set_random_seed(args.seed)
    images, _ = keras_gan_kit.datasets.load("mnist", path=args.data)
    gan = keras_gan_kit.GAN(*keras_gan_kit.builders.preset("dcgan_mnist"))
    gan.compile()
    return common.train(gan, images, args)


if __name__ == "__main__":
    common.run(main)
