"""The vanilla GAN of the teaching material, on MNIST, on any Keras backend.

One hidden layer of 128 units in each network (`builders.preset("mlp_mnist")`),
LeakyReLU with slope 0.01, a tanh generator output, latents drawn from
U(-1, 1), Adam with learning rate 0.002 and one-sided label smoothing of 0.1,
as in the original notebook.

    KERAS_BACKEND=jax python examples/mlp_gan_mnist.py --epochs 20
    python examples/mlp_gan_mnist.py --data mnist.npz --smoke

MNIST comes from `keras.datasets.mnist` (downloaded once into Keras's
cache) unless `--data` names a local `.npz` with the same keys. The run
folder gets a PNG grid of samples after every epoch, the final generator as
`generator.keras` and the losses as `log.csv`.
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=20,
        batch_size=100,
        data_help="local MNIST .npz or idx folder (checksums verified)",
    )
    args.out = args.out or "runs/mlp_gan_mnist"
    keras.utils.set_random_seed(args.seed)
    images, _ = common.load_data(args, "mnist")
    generator, discriminator = keras_gan_kit.builders.preset("mlp_mnist")
    gan = keras_gan_kit.GAN(
        generator, discriminator, latent_distribution="uniform"
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-3),
        g_optimizer=keras.optimizers.Adam(2e-3),
        label_smoothing=0.1,
    )
    return common.train(gan, images, args)


if __name__ == "__main__":
    common.run(main)
