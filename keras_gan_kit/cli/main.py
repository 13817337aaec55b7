"""The `keras-gan-kit` command: `train`, `sample`, `translate`,
`evaluate`, `export`, `presets`.

Errors a user can fix (an unknown preset, an unreadable dataset, a run
folder in use) end the command with one line on stderr and exit status 1,
never a traceback.
"""

import argparse
import os
import subprocess
import sys

_BACKENDS = ("tensorflow", "jax", "torch")
_EXTRACTORS = ("auto", "mnist", "fashion_mnist", "inception_v3")


def _metric_list(text):
    names = [name.strip() for name in text.split(",") if name.strip()]
    return [] if names == ["none"] else names


def _number(convert, valid, expected):
    """An argparse type: `convert(text)` for which `valid` holds;
    `expected` describes it in the message."""

    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected {expected}, received {text!r}"
            ) from None
        if not valid(value):
            raise argparse.ArgumentTypeError(
                f"expected {expected}, received {text}"
            )
        return value

    return parse


_positive_int = _number(int, lambda value: value >= 1, "a positive integer")
_seed = _number(int, lambda value: value >= 0, "an integer >= 0")
_positive_float = _number(
    float, lambda value: 0 < value < float("inf"), "a number > 0"
)


def build_parser():
    """The argument parser of `keras-gan-kit`, with one sub-parser per
    command.

    `main` parses with it; tools that wrap the command (a launcher, a
    notebook cell, a test) can use it to check arguments or to print the
    help of one command without running anything. The full command-line
    reference at the end of this page is generated from it.

    Returns:
        An `argparse.ArgumentParser` whose parsed namespace has `command`
        (`"train"`, `"sample"`, `"translate"`, `"evaluate"`, `"export"`,
        `"presets"` or `None`) and that command's options.

    Examples:

    ```python
    from keras_gan_kit.cli import build_parser

    args = build_parser().parse_args(["train", "dcgan_mnist", "--epochs", "2"])
    print(args.command, args.preset, args.epochs, args.batch_size)
    # train dcgan_mnist 2 None
    ```
    """
    parser = argparse.ArgumentParser(
        prog="keras-gan-kit",
        description="Train, sample and evaluate GANs on any Keras backend.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the version and exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    backend = argparse.ArgumentParser(add_help=False)
    backend.add_argument(
        "--backend",
        choices=_BACKENDS,
        help="Keras backend (default: KERAS_BACKEND, else Keras's default)",
    )

    train = commands.add_parser(
        "train",
        parents=[backend],
        help="train a preset into a run folder",
        description="Train a preset GAN or translator. With no arguments: "
        "the tuned conditional Fashion-MNIST DCGAN on the bundled sample "
        "for 5 epochs, offline. Translators: pix2pix_edges2fashion and "
        "cyclegan_sneaker2boot train offline on the bundled sample; pix2pix "
        "and cyclegan on a folder (--dataset FOLDER --image-size 128).",
    )
    train.add_argument(
        "preset",
        nargs="?",
        help="a preset name (default: cgan_fashion_mnist)",
    )
    train.add_argument(
        "--dataset",
        help="a dataset name or a path (.npz, .mat, folder of images); "
        "default: fashion_mnist_sample for 28x28 presets; for translation "
        "presets a task (edges2fashion, sneaker2boot) or a folder (pix2pix: "
        "A/ and B/ or side-by-side AB pictures; cyclegan: trainA/ trainB/)",
    )
    train.add_argument(
        "--data-path",
        help="a local copy of a named dataset (svhn, notmnist; "
        "fashion_mnist.npz for the full translation tasks)",
    )
    train.add_argument("--class-name", help="CIFAR-10 class, e.g. frog")
    train.add_argument(
        "--image-size",
        type=_positive_int,
        help="stream a folder of images (--dataset), center-cropped and "
        "resized to this side as they are read (sngan_64: 64)",
    )
    train.add_argument(
        "--epochs",
        type=_positive_int,
        help="default: the recipe's (5 on the bundled sample)",
    )
    train.add_argument(
        "--batch-size", type=_positive_int, help="default: the preset's"
    )
    train.add_argument(
        "--max-images", type=_positive_int, help="train on the first N images"
    )
    train.add_argument("--seed", type=_seed, help="default: 0")
    train.add_argument(
        "--recipe",
        choices=("tuned", "teaching"),
        help="'tuned' (the default where measured: the best recipe found) "
        "or 'teaching' (the hyperparameters of the preset's source)",
    )
    train.add_argument(
        "--upsampling",
        choices=("auto", "transpose", "resize"),
        help="DCGAN generators: 'auto' (the default) keeps the recipe's",
    )
    train.add_argument(
        "--metrics",
        type=_metric_list,
        help="logged each epoch, e.g. fid,kid or none (default: fid where "
        "a bundled feature extractor fits the data)",
    )
    train.add_argument("--out", help="run folder (default: runs/PRESET)")
    train.add_argument(
        "--resume", action="store_true", help="continue the run in --out"
    )

    model_file = argparse.ArgumentParser(add_help=False)
    model_file.add_argument(
        "model",
        help="a .keras file (GAN, generator, or a translation run's "
        "translator)",
    )
    model_file.add_argument("--seed", type=_seed, default=0)
    model_file.add_argument(
        "--unsafe",
        action="store_true",
        help="allow files that run Python code on loading (Lambda layers); "
        "only for files you trust",
    )

    sample = commands.add_parser(
        "sample",
        parents=[backend, model_file],
        help="write a grid of samples from a saved model (for a "
        "translator: rows of held-out source | translation | target)",
    )
    sample.add_argument(
        "--num",
        type=_positive_int,
        help="images (per label for a conditional model; rows for a "
        "translator); default 64 / 8",
    )
    sample.add_argument("--labels", help="conditional models: e.g. 0,1,2")
    sample.add_argument(
        "--interpolate",
        action="store_true",
        help="rows of spherical walks between two latents (--num steps "
        "each; one row per label, on one path, for a conditional model)",
    )
    sample.add_argument(
        "--interpolate-classes",
        metavar="A,B",
        help="conditional models: rows of latents morphing from class A "
        "into class B (--num steps each)",
    )
    sample.add_argument(
        "--gif",
        help="with --interpolate or --interpolate-classes: also write the "
        "walks as an animated GIF here",
    )
    sample.add_argument(
        "--truncation",
        type=_positive_float,
        help="the truncation trick: latent entries kept inside +-T "
        "(e.g. 0.7: less variety, more typical images)",
    )
    sample.add_argument("--out", default="samples.png", help="the PNG file")

    translate = commands.add_parser(
        "translate",
        parents=[backend],
        help="translate every picture of a folder with a run's translator",
        description="Translate every picture of INPUT into OUTPUT, one file "
        "per picture with its name kept, resized to the translator's side "
        "and read with its channels.",
    )
    translate.add_argument(
        "run", help="a Pix2Pix or CycleGAN run folder, or a translator .keras"
    )
    translate.add_argument("input", help="a folder of pictures")
    translate.add_argument("output", help="a new or empty folder")
    translate.add_argument(
        "--direction",
        choices=("ab", "ba"),
        default="ab",
        help="CycleGAN runs: 'ab' (A to B, the default) or 'ba'",
    )
    translate.add_argument(
        "--unsafe",
        action="store_true",
        help="allow files that run Python code on loading",
    )

    evaluate = commands.add_parser(
        "evaluate",
        parents=[backend, model_file],
        help="score a saved model against a dataset (FID, KID...)",
    )
    evaluate.add_argument(
        "--dataset", help="a name or a path (default: the run's dataset)"
    )
    evaluate.add_argument("--data-path")
    evaluate.add_argument("--class-name")
    evaluate.add_argument("--split", choices=("train", "test", "all"))
    evaluate.add_argument("--num", type=_positive_int, default=10_000)
    evaluate.add_argument("--batch-size", type=_positive_int, default=128)
    evaluate.add_argument(
        "--metrics", type=_metric_list, help="e.g. fid,kid,precision_recall"
    )
    evaluate.add_argument("--extractor", choices=_EXTRACTORS, default="auto")
    evaluate.add_argument("--json", help="also write the scores here")
    evaluate.add_argument(
        "--memorization",
        metavar="GRID.png",
        help="also find each generated image's nearest dataset image in "
        "the extractor's features: print the share of near-duplicates and "
        "write the closest pairs (generated | nearest real) here",
    )

    export = commands.add_parser(
        "export",
        parents=[backend],
        help="export a run's generator as ONNX or a TF SavedModel",
    )
    export.add_argument("run", help="a run folder or a .keras file")
    export.add_argument(
        "--format",
        choices=("onnx", "savedmodel"),
        default="onnx",
        help="onnx (needs keras-gan-kit[onnx]) or savedmodel (needs "
        "TensorFlow); default: onnx",
    )
    export.add_argument(
        "--out", help="default: RUN/generator.onnx or RUN/generator_savedmodel"
    )
    export.add_argument(
        "--unsafe",
        action="store_true",
        help="allow files that run Python code on loading",
    )

    commands.add_parser(
        "presets", parents=[backend], help="list the presets and datasets"
    )
    return parser


def _switch_backend(backend, argv):
    """Runs the command again under `backend` when Keras already started
    another one (it cannot change inside a process); returns the exit
    status, or `None` when nothing needs to change."""
    import keras

    from keras_gan_kit import backend_choice

    if backend is None or backend == keras.backend.backend():
        return None
    if not backend_choice.installed(backend):
        raise ValueError(
            f"--backend {backend} is not installed; pip install "
            f'"keras-gan-kit[{backend}]".'
        )
    environment = dict(os.environ, KERAS_BACKEND=backend)
    command = [sys.executable, "-m", "keras_gan_kit", *argv]
    return subprocess.call(command, env=environment)


def _presets():
    from keras_gan_kit import datasets
    from keras_gan_kit import presets
    from keras_gan_kit.cli import run_folder

    pretrained = presets.list_pretrained()
    print("Presets (keras-gan-kit train PRESET):")
    for name, recipe in presets.list_presets().items():
        print(f"  {name} ({recipe.model})")
        print(f"      {recipe.variant} recipe: {recipe.description}")
        if recipe.variant != "teaching" and presets.has_recipe(
            name, "teaching"
        ):
            teaching = presets.get_recipe(name, "teaching")
            print(
                f"      teaching recipe (--recipe teaching): "
                f"{teaching.description}"
            )
        dataset = recipe.dataset or "a folder of yours"
        here = run_folder.default_dataset(name) or "none, pass --dataset"
        print(
            f"      trains on {dataset}, batch {recipe.batch_size}, "
            f"{recipe.epochs} epochs; default dataset here: {here}"
        )
        if recipe.measured:
            print(f"      measured: {_measured_line(recipe.measured)}")
        if name in pretrained:
            print(
                f"      pretrained: {recipe.model}.from_preset({name!r}, "
                "pretrained=True)"
            )
    print("Datasets (--dataset NAME, or a path):")
    for name, description in datasets.list_datasets().items():
        print(f"  {name}: {description}")


def _measured_line(measured):
    parts = [
        f"{key} {measured[key]}"
        for key in (
            "fid",
            "conditional_accuracy",
            "sneaker_to_boot_share",
            "boot_to_sneaker_share",
            "epochs",
            "backend",
        )
        if key in measured
    ]
    return ", ".join(parts)


def _dispatch(args):
    if args.command == "train":
        from keras_gan_kit.cli import train

        train.run(args)
    elif args.command == "sample":
        from keras_gan_kit.cli import sample

        sample.run(args)
    elif args.command == "translate":
        from keras_gan_kit.cli import translate

        translate.run(args)
    elif args.command == "evaluate":
        from keras_gan_kit.cli import evaluate

        evaluate.run(args)
    elif args.command == "export":
        from keras_gan_kit.cli import export

        export.run(args)
    else:
        _presets()


def main(argv=None):
    """Runs `keras-gan-kit` with `argv`; returns the exit status.

    The console script and `python -m keras_gan_kit` call it. A mistake a
    user can fix (an unknown preset, an unreadable dataset, a run folder
    in use) prints one line on stderr and returns 1 instead of raising;
    Ctrl-C returns 130. With `--backend`, the command runs again in a
    child process with that backend.

    Args:
        argv: The arguments after the program name, as a list of strings.
            Defaults to `None` (the process's `sys.argv[1:]`).

    Returns:
        The exit status: 0 on success, 1 on a user error, 2 for no
        command (the help is printed), 130 when interrupted.

    Examples:

    ```python
    import contextlib
    import io

    from keras_gan_kit.cli import main

    with contextlib.redirect_stderr(io.StringIO()) as errors:
        status = main(["train", "no_such_preset"])
    print(status)
    # 1
    print(errors.getvalue().split(".")[0])
    # keras-gan-kit: error: Unknown preset 'no_such_preset'
    ```
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from keras_gan_kit.version import __version__

        print(f"keras-gan-kit {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    try:
        status = _switch_backend(args.backend, argv)
        if status is not None:
            return status
        _dispatch(args)
    except (ValueError, OSError, ImportError) as error:
        print(f"keras-gan-kit: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("keras-gan-kit: interrupted.", file=sys.stderr)
        return 130
    return 0


def console_main():
    """The console script's entry point."""
    sys.exit(main())
