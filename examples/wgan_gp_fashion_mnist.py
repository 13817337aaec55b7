"""WGAN-GP on Fashion-MNIST, on any Keras backend.

The recipe of Gulrajani et al. 2017 (https://arxiv.org/abs/1704.00028) on
the MNIST DCGAN networks (no batch norm, no dropout in the critic): the
Wasserstein loss, a gradient penalty of weight 10 at random interpolates,
5 critic steps per generator step, Adam(1e-4, beta_1=0, beta_2=0.9) for
both. The FID in the bundled Fashion-MNIST feature space is logged every
epoch (`fid` in log.csv), against 2,000 training images.

    KERAS_BACKEND=jax python examples/wgan_gp_fashion_mnist.py --epochs 20
    python examples/wgan_gp_fashion_mnist.py --data fashion_mnist.npz --smoke
"""

import example_utils as common
import keras

import keras_gan_kit
from keras_gan_kit import callbacks


def main(argv=None):
    _, args = common.parse_args(
        __doc__.split("\n")[0],
        argv,
        epochs=20,
        batch_size=64,
        data_help="local Fashion-MNIST .npz or idx folder (checksums verified)",
    )
    args.out = args.out or "runs/wgan_gp_fashion_mnist"
    keras.utils.set_random_seed(args.seed)
    images, _ = common.load_data(args, "fashion_mnist")
    generator, critic = keras_gan_kit.builders.preset(
        "dcgan_mnist", discriminator_dropout=0.0
    )
    gan = keras_gan_kit.GAN(generator, critic)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
        g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
        loss="wasserstein",
        gradient_penalty="wgan_gp",
        discriminator_steps=5,
    )
    num_samples = min(len(images), 200 if args.smoke else 2000)
    quality = callbacks.QualityEvaluation(
        images[:num_samples],
        metrics=["fid"],
        feature_extractor="fashion_mnist",
        num_samples=num_samples,
    )
    return common.train(gan, images, args, callbacks=[quality])


if __name__ == "__main__":
    common.run(main)
