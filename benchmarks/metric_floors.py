"""What a score means: real-vs-real floors and reference GANs.

For each bundled domain feature extractor (MNIST, Fashion-MNIST) and each
sample size, prints FID, KID, precision and recall of

- real vs real: N training images (random) against N test images, the
  floor a perfect generator would reach at that sample size;
- a DCGAN (the `dcgan_mnist` preset) trained for `--gan-epochs` epochs;
- the same DCGAN untrained (random weights), the ceiling of nonsense.

    KERAS_BACKEND=tensorflow python benchmarks/metric_floors.py \
        --data-dir ../shared/data --sizes 1000 5000 10000 --gan-epochs 5

The table goes into `benchmarks/README.md` and the metrics guide.
"""

import argparse
import os
import time

import keras
import numpy as np

import keras_gan_kit
from keras_gan_kit import builders
from keras_gan_kit import metrics
from keras_gan_kit.datasets import scale_images

METRICS = ("fid", "kid", "precision_recall")


def _load(data_dir, dataset):
    with np.load(os.path.join(data_dir, f"{dataset}.npz")) as data:
        return (
            scale_images(data["x_train"], add_channel_axis=True),
            scale_images(data["x_test"], add_channel_axis=True),
        )


def _score(extractor, real, generated):
    scores = {}
    built = metrics.evaluation.build_metrics(list(METRICS), extractor)
    metrics.evaluation.update_real(built, real)
    metrics.evaluation.update_generated(built, generated)
    scores.update(metrics.evaluation.results(built))
    return scores


def _row(dataset, size, what, scores):
    return (
        f"| {dataset} | {size} | {what} | {scores['fid']:.3f} | "
        f"{scores['kid']:.4f} | {scores['precision']:.3f} | "
        f"{scores['recall']:.3f} |"
    )


def run(dataset, args):
    x_train, x_test = _load(args.data_dir, dataset)
    extractor = metrics.domain_feature_extractor(dataset)
    rng = np.random.default_rng(0)
    keras.utils.set_random_seed(0)
    generator, discriminator = builders.preset("dcgan_mnist")
    gan = keras_gan_kit.GAN(generator, discriminator, seed=0)
    gan.compile()
    untrained = {size: gan.generate(size, seed=1) for size in args.sizes}
    start = time.perf_counter()
    gan.fit(x_train, batch_size=128, epochs=args.gan_epochs, verbose=2)
    train_seconds = time.perf_counter() - start
    rows = []
    for size in args.sizes:
        train_subset = x_train[rng.choice(len(x_train), size, replace=False)]
        test_subset = x_test[:size]
        rows.append(
            _row(
                dataset,
                size,
                "real train vs real test",
                _score(extractor, train_subset, test_subset),
            )
        )
        rows.append(
            _row(
                dataset,
                size,
                f"DCGAN, {args.gan_epochs} epochs",
                _score(extractor, test_subset, gan.generate(size, seed=1)),
            )
        )
        rows.append(
            _row(
                dataset,
                size,
                "DCGAN, untrained",
                _score(extractor, test_subset, untrained[size]),
            )
        )
    print(f"{dataset}: DCGAN trained in {train_seconds:.0f} s")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="../shared/data")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--gan-epochs", type=int, default=5)
    parser.add_argument(
        "--datasets", nargs="+", default=["mnist", "fashion_mnist"]
    )
    args = parser.parse_args(argv)
    rows = []
    for dataset in args.datasets:
        rows += run(dataset, args)
    print("| extractor | samples | compared | FID | KID | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
