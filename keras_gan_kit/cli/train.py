"""`keras-gan-kit train`: a preset on a dataset, into a run folder that a
killed run resumes from."""

import os

import keras
import numpy as np

from keras_gan_kit import backend
from keras_gan_kit import callbacks as gan_callbacks
from keras_gan_kit import datasets
from keras_gan_kit import distribution
from keras_gan_kit import presets
from keras_gan_kit.callbacks.first_process import first_process_only
from keras_gan_kit.cli import translation_run
from keras_gan_kit.cli.run_folder import BACKUP_FOLDER
from keras_gan_kit.cli.run_folder import CONFIG_FILE
from keras_gan_kit.cli.run_folder import DEFAULT_PRESET
from keras_gan_kit.cli.run_folder import feature_extractor_for
from keras_gan_kit.cli.run_folder import missing_folders
from keras_gan_kit.cli.run_folder import resolve_config
from keras_gan_kit.cli.run_folder import run_files
from keras_gan_kit.cli.run_folder import trim_log
from keras_gan_kit.cli.run_folder import write_config
from keras_gan_kit.presets.recipe import TRANSLATION_MODELS
from keras_gan_kit.utils.atomic import remove_partial_writes
from keras_gan_kit.utils.folder_lock import FolderLock
from keras_gan_kit.version import __version__

# Images scored per epoch for the FID in log.csv.
_QUALITY_SAMPLES = 2000


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


class SaveGenerator(keras.callbacks.Callback):
    """Writes the generator that sampling uses (the EMA one when the recipe
    keeps one, as the FID and the grids do) to one `.keras` file after
    every epoch, whole or not at all, so a killed run still leaves its
    latest generator."""

    def __init__(self, path):
        super().__init__()
        self.path = path

    @first_process_only
    def on_epoch_end(self, epoch, logs=None):
        self.model.save_generator(self.path)


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


def _silent(*args, **kwargs):
    """`print` on the processes that leave the talking to the first."""
    del args, kwargs


def _check_positive(name, value):
    if value is not None and value < 1:
        raise ValueError(f"--{name} must be at least 1; received {value}.")


def run(args):
    """Trains as `args` says; returns the Keras `History`.

    The run folder is locked for the whole run (a second process on it is
    refused), leftovers of writes a kill interrupted are removed, and
    everything is checked before `config.json` is written: a start that
    fails leaves the folder as it found it.

    Started by a launcher as one of several processes (`torchrun` on
    PyTorch, `KERAS_DISTRIBUTION_*` variables on JAX, `TF_CONFIG` on
    TensorFlow), every process trains inside `distribution.data_parallel()`
    and says so in its first line; the first process alone locks the
    folder and writes its files.
    """
    for name in ("epochs", "batch_size", "max_images"):
        _check_positive(name.replace("_", "-"), getattr(args, name, None))
    preset = args.preset or DEFAULT_PRESET
    folder = args.out or os.path.join("runs", preset)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise ValueError(f"--out {folder!r} is a file; pass a folder.")
    processes = backend.current.launched_processes()
    if processes == 1:
        return _run_in_locked_folder(args, folder)
    with distribution.data_parallel():
        print(
            f"Process {distribution.process_index()} of {processes}, "
            "started by a launcher: "
            f"training data-parallel over {processes} processes; process 0 "
            "writes the run folder."
        )
        if distribution.is_first_process():
            return _run_in_locked_folder(args, folder)
        return _run_locked(args, folder)


def _run_in_locked_folder(args, folder):
    created = missing_folders(folder)
    lock = FolderLock(folder)
    lock.acquire()
    try:
        remove_partial_writes(folder)
        return _run_locked(args, folder)
    finally:
        lock.release(remove=True)
        if created and not run_files(folder):
            # Nothing was written: leave no trace of the failed start.
            for path in created:
                if os.path.isdir(path) and not os.listdir(path):
                    os.rmdir(path)


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


def _build_gan(config, spec, image_shape, labels):
    """The preset's compiled model for these images (and classes)."""
    conditional = spec.model == "ConditionalGAN"
    if conditional and labels is None:
        raise ValueError(
            f"Preset {config['preset']!r} is conditional and needs labels; "
            f"dataset {config['dataset']!r} has none. Use a dataset with "
            "classes (a folder with one sub-folder per class)."
        )
    overrides = {"image_shape": tuple(int(side) for side in image_shape)}
    if conditional:
        num_classes = int(labels.max()) + 1
        if num_classes < 2:
            raise ValueError(
                f"Preset {config['preset']!r} is conditional, but the "
                f"labels of {config['dataset']!r} hold one class; a "
                "conditional GAN needs at least 2. Train an unconditional "
                "preset (dcgan_*) instead."
            )
        overrides["num_classes"] = num_classes
    if config["upsampling"] is not None:
        overrides["generator_upsampling"] = config["upsampling"]
    return presets.from_preset(
        config["preset"],
        recipe=config["recipe"],
        seed=config["seed"],
        **overrides,
    )


def _generation_run(config, spec, folder):
    """A GAN preset's model, batches, `config.json` details and the
    callbacks of its epochs: the FID, the sample grids and the saved
    generator."""
    conditional = spec.model == "ConditionalGAN"
    batches, image_shape, reference, labels = _training_data(
        config, conditional
    )
    gan = _build_gan(config, spec, image_shape, labels)
    details = {
        "num_images": int(len(batches.images)),
        "image_shape": [int(side) for side in image_shape],
        "num_classes": getattr(gan, "num_classes", None),
        "gan": {
            "latent_dim": gan.latent_dim,
            "latent_distribution": gan.latent_distribution,
        },
        "generator_parameters": gan.generator.count_params(),
        "discriminator_parameters": gan.discriminator.count_params(),
    }
    callbacks = []
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
        SaveGenerator(os.path.join(folder, "generator.keras")),
    ]
    return gan, batches, details, callbacks


def _translation_run(config, spec, folder):
    """A translation preset's model, batches, `config.json` details and
    the callbacks of its epochs: the grids and the saved translators."""
    if config["metrics"]:
        raise ValueError(
            f"Preset {config['preset']!r} translates images; --metrics "
            "scores generated ones. Leave it out (benchmarks/"
            "translation_quality.py scores translators)."
        )
    train, held_out = translation_run.translation_data(config, spec.model)
    model, batches = translation_run.build(config, spec, train)
    callbacks = translation_run.epoch_callbacks(config, spec, folder, held_out)
    return model, batches, translation_run.describe(model, train), callbacks


def _run_locked(args, folder):
    config = resolve_config(args, folder)
    backup_dir = os.path.join(folder, BACKUP_FOLDER)
    start = gan_callbacks.backed_up_epoch(backup_dir)
    # Every process has read the folder before the first one writes.
    backend.current.barrier()
    first = distribution.is_first_process()
    say = print if first else _silent
    if start >= config["epochs"]:
        # Nothing to train: load nothing and leave config.json as it is.
        say(
            f"{folder} already holds {start} epochs (asked for "
            f"{config['epochs']}); pass --epochs N with N > {start} to train "
            "further."
        )
        return None
    keras.utils.set_random_seed(config["seed"])

    spec = presets.get_recipe(config["preset"], config["recipe"])
    log_path = os.path.join(folder, "log.csv")
    if spec.model in TRANSLATION_MODELS:
        gan, batches, details, epoch_callbacks = _translation_run(
            config, spec, folder
        )
        files = "samples/, losses.png, log.csv, " + ", ".join(
            translation_run.TRANSLATOR_FILES[spec.model].values()
        )
    else:
        gan, batches, details, epoch_callbacks = _generation_run(
            config, spec, folder
        )
        files = "samples/, losses.png, log.csv, generator.keras"
    config.update(
        **details,
        model=spec.model,
        training=gan.preset_recipe.get_config(),
        versions={
            "keras_gan_kit": __version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
        },
    )
    callbacks = [
        batches.epoch_callback(),
        *epoch_callbacks,
        gan_callbacks.LossPlot(os.path.join(folder, "losses.png")),
        gan_callbacks.CSVLog(log_path, append=True),
        keras.callbacks.TerminateOnNaN(raise_error=True),
        # Last, so every file above is written before the epoch counts as
        # done (a kill in between repeats the epoch, never skips a file).
        gan_callbacks.AtomicBackupAndRestore(
            backup_dir, delete_checkpoint=False
        ),
    ]
    # Everything is checked: the first byte of the run is written now.
    if first:
        write_config(folder, config)
        if start:
            trim_log(log_path, start)
        elif os.path.exists(log_path):
            # A fresh start over a run that never finished an epoch.
            os.remove(log_path)
    if start:
        say(f"Resuming {folder} at epoch {start + 1} of {config['epochs']}.")
    line = expected_time(
        gan.preset_recipe,
        keras.backend.backend(),
        len(batches) * config["batch_size"] * (config["epochs"] - start),
    )
    if line:
        say(line)
    try:
        history = gan.fit(
            batches,
            epochs=config["epochs"],
            callbacks=callbacks,
            shuffle=False,  # the batches shuffle themselves, from the seed
            verbose="auto" if first else 0,
        )
    except RuntimeError as error:
        if "nan" not in str(error).lower():
            raise
        raise ValueError(
            f"Training diverged ({error}). {backup_dir} holds the last "
            "finished epoch; try a smaller --batch-size or another preset."
        ) from None
    say(
        f"Done: {config['epochs']} epochs of {config['preset']} on "
        f"{config['dataset']}. Run folder {folder}/: {CONFIG_FILE}, "
        f"{files}, backup/."
    )
    return history
