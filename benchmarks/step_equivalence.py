"""Logs of seeded training runs, to compare two versions of the step.

A refactoring of the training step must not change what it computes. This
trains four configurations, each seeded, on the active Keras backend and
prints every epoch's logs to 6 decimals as JSON:

- `plain`: `compile()` with its defaults (non-saturating loss, Adam).
- `r1_ada_noise`: R1 every 2 steps, adaptive augmentation, instance noise.
- `wgan_clipping`: the Wasserstein loss, weight clipping 0.01, 2
  discriminator and 2 generator steps per batch.
- `relativistic`: the relativistic-average loss with label smoothing.
- `acgan`, `conditional`: a `ConditionalGAN` with an AC-GAN
  discriminator (class loss weight 0.5), and with the teaching material's one
  and labels drawn from the data.

Run it with each version on the path and compare the outputs:

    KERAS_BACKEND=jax python benchmarks/step_equivalence.py > after.json
    git stash; KERAS_BACKEND=jax python benchmarks/step_equivalence.py \
        > before.json; git stash pop
    python benchmarks/step_equivalence.py --compare before.json after.json
"""

import argparse
import json
import sys

import numpy as np

CONFIGS = {
    "plain": {},
    "r1_ada_noise": {
        "gradient_penalty": "r1",
        "augment": "ada",
        "instance_noise": 0.1,
    },
    "wgan_clipping": {
        "loss": "wasserstein",
        "weight_clipping": 0.01,
        "discriminator_steps": 2,
        "generator_steps": 2,
    },
    "relativistic": {"loss": "relativistic_average", "label_smoothing": 0.1},
    "acgan": {"class_loss_weight": 0.5},
    "conditional": {"loss": "hinge"},
}


def conditional_run(name, images):
    import keras_gan_kit
    from keras_gan_kit import builders

    generator = builders.conditional_generator(
        latent_dim=6, num_classes=3, image_shape=(8, 8, 1), filters=8
    )
    discriminator = builders.conditional_discriminator(
        image_shape=(8, 8, 1),
        num_classes=3,
        filters=8,
        head="auxiliary" if name == "acgan" else "concat",
    )
    gan = keras_gan_kit.ConditionalGAN(
        generator,
        discriminator,
        label_sampling="uniform" if name == "acgan" else "data",
        seed=3,
    )
    gan.compile(**CONFIGS[name])
    labels = np.arange(len(images)) % 3
    return gan.fit(images, labels, batch_size=16, epochs=3, verbose=0)


def run(name):
    import keras

    import keras_gan_kit

    keras.utils.set_random_seed(7)
    image_shape = (8, 8, 1)
    rng = np.random.default_rng(0)
    images = np.tanh(rng.normal(size=(64,) + image_shape) + 0.3)
    images = images.astype("float32")
    if name in ("acgan", "conditional"):
        return _logs(conditional_run(name, images))
    generator = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(32),
            keras.layers.BatchNormalization(),
            keras.layers.LeakyReLU(0.2),
            keras.layers.Dense(64, activation="tanh"),
            keras.layers.Reshape(image_shape),
        ],
        name="generator",
    )
    batch_norm = name == "plain"
    discriminator_layers = [
        keras.Input(image_shape),
        keras.layers.Conv2D(8, 3, strides=2, padding="same"),
    ]
    if batch_norm:
        discriminator_layers.append(keras.layers.BatchNormalization())
    discriminator_layers += [
        keras.layers.LeakyReLU(0.2),
        keras.layers.Dropout(0.3),
        keras.layers.Flatten(),
        keras.layers.Dense(1),
    ]
    discriminator = keras.Sequential(discriminator_layers, name="critic")
    gan = keras_gan_kit.GAN(generator, discriminator, seed=3)
    options = dict(CONFIGS[name])
    if name == "r1_ada_noise":
        options["gradient_penalty"] = keras_gan_kit.stabilizers.R1Penalty(
            1.0, every_n_steps=2
        )
    gan.compile(**options)
    return _logs(gan.fit(images, batch_size=16, epochs=3, verbose=0))


def _logs(history):
    return {
        key: [round(float(value), 6) for value in values]
        for key, values in sorted(history.history.items())
    }


def compare(before_path, after_path, decimals=4):
    with open(before_path) as file:
        before = json.load(file)
    with open(after_path) as file:
        after = json.load(file)
    worst = 0.0
    for name in before:
        for key, values in before[name].items():
            for old, new in zip(values, after[name][key], strict=True):
                worst = max(worst, abs(old - new))
    same = worst < 0.5 * 10**-decimals
    print(
        f"largest difference {worst:.2e}: "
        f"{'equal' if same else 'DIFFERENT'} to {decimals} decimals"
    )
    return 0 if same else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    json.dump({name: run(name) for name in CONFIGS}, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
