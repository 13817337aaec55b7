"""A conditional GAN on MNIST: ask for a digit, get that digit.

`ConditionalGAN.from_preset("cgan_mnist")`: by default the tuned recipe (a
projection discriminator on flattened features, 4x4 kernels, Adam(1e-3,
0.5, 0.99), batch 16, generator EMA, 5 epochs); `--recipe teaching` gives
the source's (the label through Embedding(10, 50), a Dense layer and a
Reshape to one feature map, concatenated with the latent branch or the
image; batch 128, 20 epochs). The sample grids have one row per digit.

    KERAS_BACKEND=torch python examples/cgan_mnist.py
    python examples/cgan_mnist.py --data mnist.npz --smoke
"""

import example_utils as common
import keras

import keras_gan_kit


def main(argv=None):
    _, args = common.parse_recipe_args(
        __doc__.split("\n")[0],
        argv,
        "cgan_mnist",
        data_help="local MNIST .npz or idx folder (checksums verified)",
    )
    args.out = args.out or "runs/cgan_mnist"
    keras.utils.set_random_seed(args.seed)
    images, labels = common.load_data(args, "mnist")
    gan = keras_gan_kit.ConditionalGAN.from_preset(
        "cgan_mnist", recipe=args.recipe, seed=args.seed
    )
    return common.train(gan, images, args, labels=labels)


if __name__ == "__main__":
    common.run(main)
