"""`keras-gan-kit evaluate`: quality scores of a saved model against a
dataset."""

import json

from keras_gan_kit.cli import model_files
from keras_gan_kit.cli import run_folder
from keras_gan_kit.cli import sample
from keras_gan_kit.cli import train
from keras_gan_kit.metrics import evaluation
from keras_gan_kit.metrics import memorization
from keras_gan_kit.utils.atomic import atomic_path
from keras_gan_kit.utils.sampling import label_classes


def run(args):
    """Prints (and optionally writes as JSON) the scores; returns them."""
    model = model_files.load_model_file(args.model, unsafe=args.unsafe)
    generator = sample.generator_of(model)
    config = model_files.run_config_of(args.model)
    dataset = args.dataset or config.get("dataset")
    if dataset is None:
        raise ValueError(
            "evaluate needs --dataset (a name or a path) to compare with; "
            f"{args.model!r} is not in a run folder that names one."
        )
    extractor = args.extractor
    if extractor == "auto":
        extractor = run_folder.feature_extractor_for(dataset) or "inception_v3"
    images, _ = train.load_images(
        dataset, args.data_path, args.class_name, args.split
    )
    evaluation.check_image_shapes(model, images, f"--dataset {dataset!r}")
    metrics = args.metrics or ["fid"]
    conditional_only = {"classifier_score", "conditional_accuracy"}
    if conditional_only & set(metrics) and len(generator.inputs) != 2:
        raise ValueError(
            f"{sorted(conditional_only & set(metrics))} score conditional "
            f"generators; {args.model!r} takes latents only."
        )
    distribution = sample.latent_distribution_of(model, config)
    scores = evaluation.evaluate(
        model,
        images,
        metrics=metrics,
        feature_extractor=extractor,
        num_samples=args.num,
        batch_size=args.batch_size,
        seed=args.seed,
        latent_distribution=distribution,
    )
    print(
        f"{args.model} against {dataset} ({len(images)} real images, "
        f"{args.num} generated, features: {extractor}):"
    )
    if getattr(args, "memorization", None):
        scores.update(
            _memorization(args, model, images, extractor, distribution)
        )
    for key, value in scores.items():
        print(f"  {key}: {value:.4f}")
    if args.json:
        with atomic_path(args.json) as temporary:
            with open(temporary, "w") as file:
                json.dump(scores, file, indent=2)
                file.write("\n")
    return scores


def _memorization(args, model, images, extractor, distribution):
    """The memorization check against the dataset's images: its grid to
    `--memorization`, its scores for the report."""
    generator = sample.generator_of(model)
    num_classes = None
    if len(generator.inputs) == 2:
        num_classes = getattr(model, "num_classes", None) or label_classes(
            generator
        )
    generated, _ = evaluation.generate_samples(
        model,
        args.num,
        seed=args.seed,
        latent_distribution=distribution,
        batch_size=args.batch_size,
        num_classes=num_classes,
    )
    report = memorization.memorization_check(generated, images, extractor)
    memorization.save_memorization_grid(
        args.memorization, generated, images, report
    )
    print(
        f"Wrote the 16 closest pairs (generated | nearest real) to "
        f"{args.memorization}."
    )
    return {
        "near_duplicate_share": report["near_duplicate_share"],
        "near_duplicate_threshold": report["threshold"],
    }
