"""`keras-gan-kit export`: a run's generator as ONNX or a SavedModel."""

import os

from keras_gan_kit.cli.model_files import load_model_file
from keras_gan_kit.models.gan import GAN
from keras_gan_kit.utils.export import export_generator

# Largest difference from Keras's images that counts as the same model.
TOLERANCE = 1e-4


def _source(path):
    """The `.keras` file of `path`: a run folder's generator, or a file."""
    if os.path.isdir(path):
        model_file = os.path.join(path, "generator.keras")
        if not os.path.isfile(model_file):
            raise ValueError(
                f"{path!r} holds no generator.keras; pass a run folder of "
                "keras-gan-kit train or a .keras file."
            )
        return model_file, os.path.join(path, "generator")
    return path, os.path.splitext(path)[0]


def run(args):
    """Exports and checks the generator; returns the written path."""
    model_file, stem = _source(args.run)
    model = load_model_file(model_file, unsafe=args.unsafe)
    generator = model.sampling_generator() if isinstance(model, GAN) else model
    out = args.out or (
        stem + ".onnx" if args.format == "onnx" else stem + "_savedmodel"
    )
    difference = export_generator(generator, out, format=args.format)
    if difference > TOLERANCE:
        raise ValueError(
            f"The {args.format} export at {out} differs from the Keras "
            f"generator by up to {difference:.2e} (tolerance {TOLERANCE}); "
            "do not serve it. Try another --backend."
        )
    print(
        f"Wrote {out} ({args.format}); checked against Keras on 4 latents: "
        f"largest difference {difference:.1e}."
    )
    return out
