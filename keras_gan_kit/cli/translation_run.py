"""`keras-gan-kit train` for the translation presets (`Pix2Pix`,
`CycleGAN`): their data (a task of `datasets.translation_task` or a
folder), their model, their callbacks and the translators a run saves."""

import os

import keras
import numpy as np

from keras_gan_kit import callbacks as gan_callbacks
from keras_gan_kit import datasets
from keras_gan_kit import presets
from keras_gan_kit.callbacks.first_process import first_process_only

# The translator files of a run folder, by model and direction; each loads
# with plain Keras (`keras.saving.load_model`).
TRANSLATOR_FILES = {
    "Pix2Pix": {"ab": "translator.keras"},
    "CycleGAN": {"ab": "translator_ab.keras", "ba": "translator_ba.keras"},
}
# Fixed held-out images drawn in the grids of samples/.
GRID_IMAGES = 8


def _cap(arrays, max_images):
    return (
        tuple(array[:max_images] for array in arrays) if max_images else arrays
    )


def _folder_data(model, folder, image_size, batch_size, seed, count):
    """`(train, held_out)` of a folder: CycleGAN's trainA/ trainB/ (and
    testA/ testB/ when present), or Pix2Pix's pairs (`A/` and `B/`, else
    side-by-side `AB` images), streamed with an `image_size` (`count`
    pairs read for the grids); a folder without a test split shows its
    first training images in the grids."""
    if model == "CycleGAN":
        train = datasets.unpaired_folders(folder, "train", image_size)
        if os.path.isdir(os.path.join(folder, "testA")) and os.path.isdir(
            os.path.join(folder, "testB")
        ):
            return train, datasets.unpaired_folders(folder, "test", image_size)
        return train, train
    two_folders = os.path.isdir(os.path.join(folder, "A")) and os.path.isdir(
        os.path.join(folder, "B")
    )
    layout = "two_folders" if two_folders else "side_by_side"
    if image_size is None:
        train = datasets.paired_folder(folder, layout)
        return train, train
    # Streamed: pairs are decoded as their batches are asked for.
    stream = datasets.PairedFolderStream(
        folder, image_size, layout, batch_size=batch_size, seed=seed
    )
    first = [stream.read_pair(i) for i in range(min(count, len(stream.images)))]
    held_out = tuple(
        datasets.scale_images(np.stack(images)) for images in zip(*first)
    )
    return stream, held_out


def translation_data(config, model, held_out_count=GRID_IMAGES):
    """`(train, held_out)`: two pairs of arrays, (sources, targets) for
    `Pix2Pix` or (images_a, images_b) for `CycleGAN`, from the task or
    folder `config["dataset"]`; `held_out_count` held-out images of
    each side."""
    dataset = config["dataset"]
    if dataset in datasets.TRANSLATION_TASKS:
        kind = "unpaired" if dataset == "sneaker2boot" else "paired"
        wanted = "unpaired" if model == "CycleGAN" else "paired"
        if kind != wanted:
            raise ValueError(
                f"{model} trains on {wanted} data; task {dataset!r} is "
                f"{kind}. Pick a {wanted} task of "
                f"{sorted(datasets.TRANSLATION_TASKS)} or a folder."
            )
        train = datasets.translation_task(dataset, "train", config["data_path"])
        held_out = datasets.translation_task(
            dataset, "test", config["data_path"]
        )
    else:
        if not os.path.isdir(os.path.expanduser(dataset)):
            raise ValueError(
                f"{model} presets train on a translation task of "
                f"{sorted(datasets.TRANSLATION_TASKS)} or a folder; received "
                f"--dataset {dataset!r}, which is neither."
            )
        train, held_out = _folder_data(
            model,
            os.path.expanduser(dataset),
            config["image_size"],
            config["batch_size"],
            config["seed"],
            held_out_count,
        )
    if isinstance(train, datasets.PairedFolderStream):
        if not len(train):
            raise ValueError(
                f"--batch-size {config['batch_size']} is larger than the "
                f"{len(train.images)} pairs of {dataset!r}, so no full batch "
                "exists; pass a smaller --batch-size."
            )
    else:
        train = _cap(train, config["max_images"])
        smallest = min(len(images) for images in train)
        if config["batch_size"] > smallest:
            raise ValueError(
                f"--batch-size {config['batch_size']} is larger than the "
                f"{smallest} training images of the smaller side, so no "
                f"full batch exists; pass --batch-size {smallest} or less."
            )
    held_out = tuple(images[:held_out_count] for images in held_out)
    return train, held_out_images(train, held_out)


def _shapes(train):
    """The image shapes of both sides of the training data."""
    if isinstance(train, datasets.PairedFolderStream):
        return train.image_shape, train.image_shape
    return tuple(tuple(int(s) for s in images.shape[1:]) for images in train)


def _network_overrides(model, train):
    """The preset's networks resized to the data's images."""
    first, second = _shapes(train)
    if model == "CycleGAN":
        if first != second:
            raise ValueError(
                f"CycleGAN's presets translate between images of one shape; "
                f"domain A's are {first} and B's {second}. Pass --image-size "
                "to resize both."
            )
        return {"image_shape": first}
    return {
        "generator_image_shape": first,
        "generator_output_channels": second[-1],
        "discriminator_image_shape": second,
        "discriminator_source_channels": first[-1],
    }


def build(config, spec, train):
    """The preset's compiled model for these images, and its batches."""
    model = presets.from_preset(
        config["preset"],
        recipe=config["recipe"],
        seed=config["seed"],
        **_network_overrides(spec.model, train),
    )
    if isinstance(train, datasets.PairedFolderStream):
        batches = train
    elif spec.model == "CycleGAN":
        batches = datasets.UnpairedBatches(
            *train, batch_size=config["batch_size"], seed=config["seed"]
        )
    else:
        batches = datasets.ShuffledBatches(
            train[0],
            labels=train[1],
            batch_size=config["batch_size"],
            seed=config["seed"],
        )
    return model, batches


class SaveTranslators(keras.callbacks.Callback):
    """Writes the run's translators (one file per direction, each loading
    with plain Keras) after every epoch, whole or not at all."""

    def __init__(self, folder, files):
        super().__init__()
        self.paths = {
            direction: os.path.join(folder, name)
            for direction, name in files.items()
        }

    @first_process_only
    def on_epoch_end(self, epoch, logs=None):
        for direction, path in self.paths.items():
            self.model.save_translator(path, direction=direction)


def epoch_callbacks(config, spec, folder, held_out):
    """The grids and the translators written after every epoch."""
    samples = os.path.join(folder, "samples")
    if spec.model == "CycleGAN":
        grids = [
            gan_callbacks.TranslationGrid(
                os.path.join(samples, direction), images, direction=direction
            )
            for direction, images in zip(("ab", "ba"), held_out)
        ]
    else:
        grids = [
            gan_callbacks.TranslationGrid(
                samples, held_out[0], targets=held_out[1]
            )
        ]
    return grids + [SaveTranslators(folder, TRANSLATOR_FILES[spec.model])]


def describe(model, train):
    """What `config.json` records of a translation run."""
    shapes = _shapes(train)
    if isinstance(train, datasets.PairedFolderStream):
        count = len(train.images)
    else:
        count = max(len(images) for images in train)
    return {
        "num_images": int(count),
        "image_shape": list(shapes[0]),
        "target_shape": list(shapes[1]),
        "translators": TRANSLATOR_FILES[type(model).__name__],
        "generator_parameters": int(model.generator.count_params()),
        "discriminator_parameters": int(model.discriminator.count_params()),
    }


def held_out_images(train, held_out):
    """Checks that held-out images fit the training images' shapes."""
    for shape, images in zip(_shapes(train), held_out, strict=True):
        if np.shape(images)[1:] != shape:
            raise ValueError(
                f"The held-out images have shape {np.shape(images)[1:]}, "
                f"the training images {shape}; pass --image-size to resize "
                "both."
            )
    return held_out
