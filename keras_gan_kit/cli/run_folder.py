"""A run folder of `keras-gan-kit train`: its configuration (the defaults,
`config.json`, what a resumed run must share with the run it continues),
its log's trimming after a kill, and which of its files count."""

import csv
import json
import os

import keras

from keras_gan_kit import callbacks as gan_callbacks
from keras_gan_kit import presets
from keras_gan_kit.metrics.domain_classifiers import DOMAIN_DATASETS
from keras_gan_kit.utils.atomic import TEMPORARY_PREFIX
from keras_gan_kit.utils.atomic import atomic_path
from keras_gan_kit.utils.folder_lock import LOCK_FILE

DEFAULT_PRESET = "cgan_fashion_mnist"
# Presets for 28x28 grayscale images train on the bundled sample unless
# told otherwise, so the command works offline.
OFFLINE_DATASET = "fashion_mnist_sample"
CONFIG_FILE = "config.json"
BACKUP_FOLDER = "backup"
# Settings a resumed run must share with the run it continues.
_FIXED_ON_RESUME = (
    "preset",
    "dataset",
    "data_path",
    "class_name",
    "max_images",
    "image_size",
    "batch_size",
    "seed",
    "recipe",
    "upsampling",
    "metrics",
)
# Runs on the bundled sample (a sixth of a training split) default to this
# many epochs instead of the recipe's, so that the default run takes minutes
# on a laptop's CPU (its time and FID: docs/cli.md, benchmarks/README.md).
OFFLINE_EPOCHS = 5


def default_dataset(preset):
    """The dataset `train PRESET` uses without `--dataset`."""
    dataset = presets.get_recipe(preset).dataset
    if dataset in ("mnist", "fashion_mnist", "notmnist"):
        return OFFLINE_DATASET
    return dataset


def default_epochs(recipe, dataset):
    """The epochs `train` runs without `--epochs`: the recipe's, or
    `OFFLINE_EPOCHS` on the bundled sample."""
    return OFFLINE_EPOCHS if dataset == OFFLINE_DATASET else recipe.epochs


def resolve_upsampling(preset, upsampling):
    """`"auto"` (or nothing) keeps the recipe's upsampling; `"transpose"`
    or `"resize"` replace it, for the presets whose generator has one."""
    if upsampling in (None, "auto"):
        return None
    if not preset.startswith("dcgan_"):
        raise ValueError(
            f"Preset {preset!r} has no upsampling choice (only the DCGAN "
            f"presets do); received --upsampling {upsampling}."
        )
    if upsampling not in ("transpose", "resize"):
        raise ValueError(
            f"--upsampling must be 'auto', 'transpose' or 'resize'; "
            f"received {upsampling!r}."
        )
    return upsampling


def feature_extractor_for(dataset):
    """The bundled domain extractor matching `dataset`, or `None`."""
    domain = dataset.replace("_sample", "")
    return domain if domain in DOMAIN_DATASETS else None


def read_config(folder):
    path = os.path.join(folder, CONFIG_FILE)
    try:
        with open(path) as file:
            return json.load(file)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise ValueError(
            f"{path!r} is not a readable run configuration ({error})."
        ) from None


def write_config(folder, config):
    with atomic_path(os.path.join(folder, CONFIG_FILE)) as temporary:
        with open(temporary, "w") as file:
            json.dump(config, file, indent=2, sort_keys=True)
            file.write("\n")


def trim_log(path, epochs):
    """Keeps the rows of the CSV log for epochs before `epochs`: a kill
    between the log's write and the backup's leaves a row that the
    resumed run writes again."""
    if not os.path.exists(path):
        return
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    if not rows or "epoch" not in rows[0]:
        return
    column = rows[0].index("epoch")
    kept = [rows[0]] + [
        row
        for row in rows[1:]
        if len(row) > column
        and row[column].isdigit()
        and int(row[column]) < epochs
    ]
    with atomic_path(path) as temporary:
        with open(temporary, "w", newline="") as file:
            csv.writer(file).writerows(kept)


def run_files(folder):
    """The entries of `folder` other than its lock and the leftovers of
    interrupted writes (none when it does not exist)."""
    if not os.path.isdir(folder):
        return []
    return [
        name
        for name in os.listdir(folder)
        if name != LOCK_FILE and not name.startswith(TEMPORARY_PREFIX)
    ]


def resolve_config(args, folder):
    """The run's configuration: the saved one on `--resume` (checked
    against explicit arguments), else the arguments with defaults."""
    saved = read_config(folder)
    if args.resume:
        if saved is None:
            raise ValueError(
                f"--resume needs a run folder; {folder!r} holds no "
                f"{CONFIG_FILE}. Leave out --resume to start a run there."
            )
        for key in _FIXED_ON_RESUME:
            value = getattr(args, key, None)
            if key == "upsampling" and value is not None:
                value = resolve_upsampling(saved["preset"], value)
            if value is not None and value != saved.get(key):
                raise ValueError(
                    f"{folder!r} holds a run with {key}={saved.get(key)!r}; "
                    f"received {key}={value!r}. A resumed run keeps its "
                    "settings: leave the option out, or start a new run "
                    "with another --out."
                )
        if saved.get("backend") != keras.backend.backend():
            raise ValueError(
                f"{folder!r} holds a run trained on {saved.get('backend')}; "
                f"this is {keras.backend.backend()}. Resume it with "
                f"--backend {saved.get('backend')}."
            )
        config = dict(saved)
        # Runs from before recipes were named trained the teaching one.
        config.setdefault("recipe", "teaching")
        if args.epochs is not None:
            config["epochs"] = args.epochs
        return config
    if run_files(folder):
        finished = gan_callbacks.backed_up_epoch(
            os.path.join(folder, BACKUP_FOLDER)
        )
        if saved is not None and finished:
            raise ValueError(
                f"{folder!r} holds a run of {saved.get('preset')!r} on "
                f"{saved.get('dataset')!r}; pass --resume to continue it, or "
                "--out NEW_FOLDER to start another."
            )
        if saved is None:
            raise ValueError(
                f"{folder!r} is not empty; pass --out with a new or empty "
                "folder for the run."
            )
        # A run that never finished an epoch holds nothing to keep: it
        # starts afresh with these arguments.
    preset = args.preset or DEFAULT_PRESET
    spec = presets.get_recipe(preset, args.recipe)
    dataset = args.dataset or default_dataset(preset)
    if dataset is None:
        raise ValueError(
            f"Preset {preset!r} trains on a folder of your images and has no "
            "dataset of its own; pass --dataset path/to/folder --image-size "
            "64 (the folder's pictures are center-cropped and resized to "
            "that side as they are read)."
        )
    image_size = getattr(args, "image_size", None)
    if image_size is not None and not os.path.isdir(
        os.path.expanduser(dataset)
    ):
        raise ValueError(
            f"--image-size streams a folder of images; received --dataset "
            f"{dataset!r}, which is not a folder. Pass a folder, or leave "
            "--image-size out for a named dataset or a file."
        )
    if image_size is not None and args.max_images:
        raise ValueError(
            "--max-images goes with datasets loaded into memory; a streamed "
            "folder (--image-size) trains on all its files. Leave one of "
            "them out."
        )
    class_name = args.class_name
    if class_name is None and dataset == spec.dataset:
        class_name = spec.class_name
    metrics = args.metrics
    if metrics is None:
        metrics = ["fid"] if feature_extractor_for(dataset) else []
    return {
        "preset": preset,
        "dataset": dataset,
        "data_path": args.data_path,
        "class_name": class_name,
        "max_images": args.max_images,
        "image_size": image_size,
        "epochs": args.epochs or default_epochs(spec, dataset),
        "batch_size": args.batch_size or spec.batch_size,
        "seed": 0 if args.seed is None else args.seed,
        "recipe": spec.variant,
        "upsampling": resolve_upsampling(preset, args.upsampling),
        "metrics": metrics,
        "backend": keras.backend.backend(),
    }


def missing_folders(folder):
    """`folder` and those of its parents that do not exist, deepest
    first."""
    missing = []
    path = os.path.abspath(folder)
    while not os.path.exists(path):
        missing.append(path)
        path = os.path.dirname(path)
    return missing
