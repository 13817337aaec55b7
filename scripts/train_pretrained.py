"""Retrains the generators shipped with the package and rewrites their
manifest.

For each Fashion-MNIST preset (the only dataset whose licence, MIT, lets
its derivatives ship): trains the tuned recipe on the full training split
with `benchmarks/preset_quality.py`, or for the translators
`benchmarks/translation_quality.py` (its per-epoch output is kept next to
the weights), saves the generator's weights (the EMA generator's, which is
what sampling uses; the translators' in float16), and records their
SHA-256 and the scores the regression test
(`tests/presets/test_pretrained.py`) checks: FID and conditional accuracy
of 2,000 generated images (seed 0, balanced labels) against the bundled
Fashion-MNIST sample, on the bundled extractor; for a translator,
`pretrained.translation_scores` on its task's held-out split of the
sample.

    KERAS_BACKEND=tensorflow python scripts/train_pretrained.py \\
        --data-dir ../shared/data

`--workdir DIR` keeps the runs there; a preset whose `NAME.keras` and
`NAME.json` are already there is not trained again.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import keras

from keras_gan_kit import presets
from keras_gan_kit import utils
from keras_gan_kit.metrics.domain_classifiers import sha256_of
from keras_gan_kit.presets import pretrained

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRESETS = (
    "dcgan_fashion_mnist",
    "cgan_fashion_mnist",
    "pix2pix_edges2fashion",
    "cyclegan_sneaker2boot",
)


def benchmark_command(name):
    """The benchmark (and its arguments) that trains preset `name`'s
    recipe."""
    recipe = presets.get_recipe(name)
    if recipe.model == "Pix2Pix":
        return [
            "translation_quality.py",
            recipe.dataset,
            "--model=pix2pix",
            f"--batch-size={recipe.batch_size}",
            "--discriminator-filters=32",
            "--receptive-field=34",
        ]
    if recipe.model == "CycleGAN":
        return [
            "translation_quality.py",
            recipe.dataset,
            "--model=cyclegan",
            f"--batch-size={recipe.batch_size}",
            "--receptive-field=34",
        ]
    return ["preset_quality.py", name]


def train(name, data_dir, epochs, workdir):
    """Runs the quality benchmark (unless `workdir` holds its output);
    returns the generator's path and the run's record."""
    generator_path = os.path.join(workdir, f"{name}.keras")
    rows_path = os.path.join(workdir, f"{name}.json")
    if not (os.path.exists(generator_path) and os.path.exists(rows_path)):
        script, *arguments = benchmark_command(name)
        epochs = epochs or presets.get_recipe(name).epochs
        command = [
            sys.executable,
            os.path.join(ROOT, "benchmarks", script),
            *arguments,
            f"--epochs={epochs}",
            f"--data-dir={data_dir}",
            f"--save-generator={generator_path}",
            f"--json={rows_path}",
        ]
        subprocess.run(command, check=True)
    with open(rows_path) as file:
        return generator_path, json.load(file)


def trained_weights(generator_path):
    """The weights a benchmark saved: a generator, or a whole CycleGAN
    whose generator holds both translators."""
    saved = keras.saving.load_model(generator_path, compile=False)
    return getattr(saved, "generator", saved).get_weights()


def save_weights(name, model):
    """Writes `model`'s generator into the package; returns the file."""
    if model.preset_recipe.model in ("Pix2Pix", "CycleGAN"):
        file = f"{name}.weights.npz"
        path = os.path.join(pretrained.WEIGHTS_DIR, file)
        pretrained.save_translator_weights(model.generator, path)
    else:
        file = f"{name}.weights.h5"
        path = os.path.join(pretrained.WEIGHTS_DIR, file)
        model.generator.save_weights(path)
        compress(path)
    return file


def compress(path):
    """Rewrites a Keras `.weights.h5` file with gzip-compressed, byte-
    shuffled datasets (11% smaller; `load_weights` reads it unchanged)."""
    import h5py

    with utils.atomic_path(path) as temporary:
        with (
            h5py.File(path, "r") as source,
            h5py.File(temporary, "w") as target,
        ):
            target.attrs.update(source.attrs)

            def copy(name, item):
                if isinstance(item, h5py.Group):
                    target.require_group(name).attrs.update(item.attrs)
                    return
                options = {}
                if item.shape:
                    options = {"compression": "gzip", "compression_opts": 9}
                    options["shuffle"] = True
                target.create_dataset(name, data=item[()], **options)
                target[name].attrs.update(item.attrs)

            source.visititems(copy)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--epochs", type=int, help="default: the recipe's")
    parser.add_argument("--presets", nargs="+", default=list(PRESETS))
    parser.add_argument("--workdir", help="default: a temporary folder")
    args = parser.parse_args(argv)
    entries = {}
    os.makedirs(pretrained.WEIGHTS_DIR, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.workdir or temporary
        os.makedirs(workdir, exist_ok=True)
        for name in args.presets:
            generator_path, run = train(
                name, args.data_dir, args.epochs, workdir
            )
            recipe = presets.get_recipe(name)
            model = presets.from_preset(name)
            model.generator.set_weights(trained_weights(generator_path))
            file = save_weights(name, model)
            path = os.path.join(pretrained.WEIGHTS_DIR, file)
            model.ema_generator = None  # score the saved weights
            pretrained.load_into_generator(model.generator, path)
            scores = pretrained.regression_scores(model)
            # preset_quality.py records its settings; translation_quality.py
            # its arguments and where it ran.
            settings = run.get("settings") or {
                key: run[key]
                for key in ("arguments", "backend", "keras", "machine", "date")
            }
            entries[name] = {
                "file": file,
                "sha256": sha256_of(path),
                "recipe": recipe.variant,
                "networks": recipe.networks,
                **{key: round(value, 3) for key, value in scores.items()},
                "fid_samples": pretrained.NUM_SAMPLES,
                "trained": {
                    **settings,
                    "last_epoch": run["rows"][-1],
                    "written": time.strftime("%Y-%m-%d"),
                },
            }
            if recipe.model in ("Pix2Pix", "CycleGAN"):
                del entries[name]["fid_samples"]
            print(name, json.dumps(entries[name]), flush=True)
    # Read last, so runs for different presets can go side by side.
    manifest = {**pretrained.list_pretrained(), **entries}
    with open(pretrained.MANIFEST, "w") as file:
        json.dump(manifest, file, indent=2, sort_keys=True)
        file.write("\n")


if __name__ == "__main__":
    main()
