"""`keras-gan-kit train`: a preset on a dataset, into a run folder that a
killed run resumes from."""

import csv
import json
import os

import keras
import numpy as np

from keras_gan_kit import callbacks as gan_callbacks
from keras_gan_kit import datasets
from keras_gan_kit import presets
from keras_gan_kit.metrics.domain_classifiers import DOMAIN_DATASETS
from keras_gan_kit.utils.atomic import TEMPORARY_PREFIX
from keras_gan_kit.utils.atomic import atomic_path
from keras_gan_kit.utils.atomic import remove_partial_writes
from keras_gan_kit.utils.folder_lock import LOCK_FILE
from keras_gan_kit.utils.folder_lock import FolderLock
from keras_gan_kit.version import __version__

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
# Images scored per epoch for the FID in log.csv.
_QUALITY_SAMPLES = 2000


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


def load_images(dataset, data_path=None, class_name=None, split=None):
    """`(images, labels)` for a dataset name or a path."""
    if dataset in datasets.list_datasets():
        return datasets.load(
            dataset, path=data_path, class_name=class_name, split=split
        )
    if data_path is not None or class_name is not None:
        raise ValueError(
            f"--data-path and --class-name go with a dataset name of "
            f"{sorted(datasets.list_datasets())}; received --dataset "
            f"{dataset!r}."
        )
    if split is not None:
        raise ValueError("--split goes with a dataset name, not a path.")
    return datasets.load_path(dataset)


def feature_extractor_for(dataset):
    """The bundled domain extractor matching `dataset`, or `None`."""
    domain = dataset.replace("_sample", "")
    return domain if domain in DOMAIN_DATASETS else None


def _read_config(folder):
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


def _write_config(folder, config):
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


class SaveGenerator(keras.callbacks.Callback):
    """Writes the generator that sampling uses (the EMA one when the recipe
    keeps one, as the FID and the grids do) to one `.keras` file after
    every epoch, whole or not at all, so a killed run still leaves its
    latest generator."""

    def __init__(self, path):
        super().__init__()
        self.path = path

    def on_epoch_end(self, epoch, logs=None):
        self.model.save_generator(self.path)


def _run_files(folder):
    """The entries of `folder` other than its lock and the leftovers of
    interrupted writes (none when it does not exist)."""
    if not os.path.isdir(folder):
        return []
    return [
        name
        for name in os.listdir(folder)
        if name != LOCK_FILE and not name.startswith(TEMPORARY_PREFIX)
    ]


def _resolve(args, folder):
    """The run's configuration: the saved one on `--resume` (checked
    against explicit arguments), else the arguments with defaults."""
    saved = _read_config(folder)
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
    if _run_files(folder):
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


def expected_time(recipe, backend, num_images):
    """A line with the expected training time of `num_images` images, from
    the rate recorded for the recipe on `backend`, or `None`."""
    rates = (recipe.measured or {}).get("images_per_second", {})
    if backend not in rates:
        return None
    minutes = num_images / rates[backend] / 60
    where = recipe.measured.get("machine", "the machine it was measured on")
    return (
        f"Expected training time: about {minutes:.0f} min on {backend} "
        f"({rates[backend]:.0f} images/s measured on {where}; a GPU is "
        "faster, a busy CPU slower)."
    )


def _check_positive(name, value):
    if value is not None and value < 1:
        raise ValueError(f"--{name} must be at least 1; received {value}.")


def run(args):
    """Trains as `args` says; returns the Keras `History`.

    The run folder is locked for the whole run (a second process on it is
    refused), leftovers of writes a kill interrupted are removed, and
    everything is checked before `config.json` is written: a start that
    fails leaves the folder as it found it.
    """
    for name in ("epochs", "batch_size", "max_images"):
        _check_positive(name.replace("_", "-"), getattr(args, name, None))
    preset = args.preset or DEFAULT_PRESET
    folder = args.out or os.path.join("runs", preset)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise ValueError(f"--out {folder!r} is a file; pass a folder.")
    created = _missing_folders(folder)
    lock = FolderLock(folder)
    lock.acquire()
    try:
        remove_partial_writes(folder)
        return _run_locked(args, folder)
    finally:
        lock.release(remove=True)
        if created and not _run_files(folder):
            # Nothing was written: leave no trace of the failed start.
            for path in created:
                if os.path.isdir(path) and not os.listdir(path):
                    os.rmdir(path)


def _missing_folders(folder):
    """`folder` and those of its parents that do not exist, deepest
    first."""
    missing = []
    path = os.path.abspath(folder)
    while not os.path.exists(path):
        missing.append(path)
        path = os.path.dirname(path)
    return missing


def _training_data(config, conditional):
    """`(batches, image_shape, reference, labels)`: the batches `fit` reads
    (streamed from a folder with `image_size`, else in memory), the image
    shape, real images for the FID (`None` for a stream) and the labels
    (`None` without classes)."""
    if config.get("image_size"):
        stream = datasets.ImageFolderStream(
            config["dataset"],
            config["image_size"],
            batch_size=config["batch_size"],
            seed=config["seed"],
            return_labels=conditional,
        )
        return stream, stream.image_shape, None, stream.labels
    images, labels = load_images(
        config["dataset"], config["data_path"], config["class_name"]
    )
    # The FID compares with the dataset, not with the images trained on.
    reference = images[:_QUALITY_SAMPLES]
    if config["max_images"]:
        images = images[: config["max_images"]]
        labels = None if labels is None else labels[: config["max_images"]]
    if config["batch_size"] > len(images):
        raise ValueError(
            f"--batch-size {config['batch_size']} is larger than the "
            f"{len(images)} training images, so no full batch exists; pass "
            f"--batch-size {len(images)} or less (or more images)."
        )
    batches = datasets.ShuffledBatches(
        images,
        labels if conditional else None,
        batch_size=config["batch_size"],
        seed=config["seed"],
    )
    return batches, images.shape[1:], reference, labels


def _run_locked(args, folder):
    config = _resolve(args, folder)
    backup_dir = os.path.join(folder, BACKUP_FOLDER)
    start = gan_callbacks.backed_up_epoch(backup_dir)
    if start >= config["epochs"]:
        # Nothing to train: load nothing and leave config.json as it is.
        print(
            f"{folder} already holds {start} epochs (asked for "
            f"{config['epochs']}); pass --epochs N with N > {start} to train "
            "further."
        )
        return None
    keras.utils.set_random_seed(config["seed"])

    spec = presets.get_recipe(config["preset"], config["recipe"])
    conditional = spec.model == "ConditionalGAN"
    batches, image_shape, reference, labels = _training_data(
        config, conditional
    )
    if conditional and labels is None:
        raise ValueError(
            f"Preset {config['preset']!r} is conditional and needs labels; "
            f"dataset {config['dataset']!r} has none. Use a dataset with "
            "classes (a folder with one sub-folder per class)."
        )
    num_classes = int(labels.max()) + 1 if conditional else None
    if conditional and num_classes < 2:
        raise ValueError(
            f"Preset {config['preset']!r} is conditional, but the labels of "
            f"{config['dataset']!r} hold one class; a conditional GAN needs "
            "at least 2. Train an unconditional preset (dcgan_*) instead."
        )
    image_shape = tuple(int(side) for side in image_shape)
    overrides = {"image_shape": image_shape}
    if conditional:
        overrides["num_classes"] = num_classes
    if config["upsampling"] is not None:
        overrides["generator_upsampling"] = config["upsampling"]
    gan = presets.from_preset(
        config["preset"],
        recipe=config["recipe"],
        seed=config["seed"],
        **overrides,
    )
    config.update(
        num_images=int(len(batches.images)),
        image_shape=list(image_shape),
        num_classes=num_classes,
        model=spec.model,
        gan={
            "latent_dim": gan.latent_dim,
            "latent_distribution": gan.latent_distribution,
        },
        training=gan.preset_recipe.get_config(),
        generator_parameters=gan.generator.count_params(),
        discriminator_parameters=gan.discriminator.count_params(),
        versions={
            "keras_gan_kit": __version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
        },
    )
    log_path = os.path.join(folder, "log.csv")
    callbacks = [batches.epoch_callback()]
    if config["metrics"]:
        extractor = feature_extractor_for(config["dataset"])
        if extractor is None:
            raise ValueError(
                f"No bundled feature extractor fits {config['dataset']!r} "
                "(they cover mnist and fashion_mnist); pass --metrics none."
            )
        callbacks.append(
            gan_callbacks.QualityEvaluation(
                reference,
                metrics=config["metrics"],
                feature_extractor=extractor,
                num_samples=len(reference),
                seed=config["seed"],
            )
        )
    callbacks += [
        # Enlarged, so 28-pixel samples can be judged at a glance.
        gan_callbacks.SampleGrid(
            os.path.join(folder, "samples"), seed=config["seed"], scale="auto"
        ),
        gan_callbacks.LossPlot(os.path.join(folder, "losses.png")),
        gan_callbacks.CSVLog(log_path, append=True),
        SaveGenerator(os.path.join(folder, "generator.keras")),
        keras.callbacks.TerminateOnNaN(raise_error=True),
        # Last, so every file above is written before the epoch counts as
        # done (a kill in between repeats the epoch, never skips a file).
        gan_callbacks.AtomicBackupAndRestore(
            backup_dir, delete_checkpoint=False
        ),
    ]
    # Everything is checked: the first byte of the run is written now.
    _write_config(folder, config)
    if start:
        trim_log(log_path, start)
        print(f"Resuming {folder} at epoch {start + 1} of {config['epochs']}.")
    elif os.path.exists(log_path):
        # A fresh start over a run that never finished an epoch.
        os.remove(log_path)
    line = expected_time(
        gan.preset_recipe,
        keras.backend.backend(),
        len(batches) * config["batch_size"] * (config["epochs"] - start),
    )
    if line:
        print(line)
    try:
        history = gan.fit(
            batches,
            epochs=config["epochs"],
            callbacks=callbacks,
            shuffle=False,  # the batches shuffle themselves, from the seed
            verbose="auto",
        )
    except RuntimeError as error:
        if "nan" not in str(error).lower():
            raise
        raise ValueError(
            f"Training diverged ({error}). {backup_dir} holds the last "
            "finished epoch; try a smaller --batch-size or another preset."
        ) from None
    print(
        f"Done: {config['epochs']} epochs of {config['preset']} on "
        f"{config['dataset']}. Run folder {folder}/: {CONFIG_FILE}, "
        "samples/, losses.png, log.csv, generator.keras, backup/."
    )
    return history
