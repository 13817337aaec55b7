"""DCGAN on one CIFAR-10 class (frogs by default), as in the teaching material.

`builders.preset("dcgan_cifar10")`: kernel 4, batch norm in both networks,
ReLU in the generator and LeakyReLU 0.2 in the discriminator, Adam(2e-4,
beta_1 0.5).

    KERAS_BACKEND=jax python examples/dcgan_cifar10.py --class-name frog
    python examples/dcgan_cifar10.py --data cifar10.npz --smoke

CIFAR-10 comes from `keras.datasets.cifar10` unless `--data` names an `.npz`
with `x_train`/`y_train` (or `x`/`y`).
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    parser, _ = common.parse_args(
        __doc__.split("\n")[0],
        [],
        epochs=100,
        batch_size=64,
        data_help="local CIFAR-10 .npz",
    )
    parser.add_argument("--class-name", default="frog")
    args = parser.parse_args(argv)
    args.out = args.out or f"runs/dcgan_cifar10_{args.class_name}"
    keras.utils.set_random_seed(args.seed)
    images, _ = common.load_data(args, "cifar10", class_name=args.class_name)
    upsampling = "resize" if keras.backend.backend() == "jax" else "transpose"
    generator, discriminator = keras_gan_kit.builders.preset(
        "dcgan_cifar10", upsampling=upsampling
    )
    gan = keras_gan_kit.GAN(generator, discriminator)
    gan.compile()
    return common.train(gan, images, args)


if __name__ == "__main__":
    common.run(main)
