"""`keras-gan-kit translate`: every picture of a folder through a run's
translator, one output file per input, names kept."""

import os

import numpy as np

from keras_gan_kit.callbacks.translation_grid import save_translation_grid
from keras_gan_kit.cli.model_files import load_model_file
from keras_gan_kit.cli.model_files import run_config_of
from keras_gan_kit.cli.translation_run import TRANSLATOR_FILES
from keras_gan_kit.cli.translation_run import translation_data
from keras_gan_kit.datasets.pictures import image_files
from keras_gan_kit.datasets.pictures import pillow
from keras_gan_kit.datasets.pictures import read_pixels
from keras_gan_kit.datasets.scaling import scale_images
from keras_gan_kit.datasets.scaling import unscale_images
from keras_gan_kit.utils.atomic import atomic_path

# Images per forward pass.
_BATCH = 64


def translator_path(run, direction):
    """The translator file of `run` (a run folder or a `.keras` file) for
    `direction`."""
    run = os.path.expanduser(run)
    if not os.path.isdir(run):
        if direction != "ab":
            raise ValueError(
                f"--direction {direction} picks a translator of a CycleGAN "
                f"run folder; {run!r} is one file, which translates one "
                "way. Pass the run folder, or leave --direction out."
            )
        return run
    config = run_config_of(os.path.join(run, "config.json"))
    files = TRANSLATOR_FILES.get(config.get("model"))
    if files is None:
        raise ValueError(
            f"{run!r} is not the run folder of a translation preset (its "
            f"config.json names model {config.get('model')!r}); train one "
            "with keras-gan-kit train pix2pix_edges2fashion (or another "
            "Pix2Pix or CycleGAN preset), or pass a translator .keras file."
        )
    if direction not in files:
        raise ValueError(
            f"{run!r} holds a {config['model']} run, which translates in "
            f"the directions {sorted(files)}; received --direction "
            f"{direction}."
        )
    return os.path.join(run, files[direction])


def _read(path, shape):
    """One picture as the translator's input: its channels, resized to its
    side, in [-1, 1]."""
    pil_image = pillow()
    try:
        with pil_image.open(path) as picture:
            pixels = read_pixels(
                pil_image, picture, path, shape[-1] == 1, shape[:2]
            )
    except OSError as error:
        raise ValueError(f"Could not read {path!r} ({error}).") from None
    pixels = pixels if pixels.ndim == 3 else pixels[..., None]
    return scale_images(pixels, input_range=(0, 255))


def _write(image, path):
    pil_image = pillow()
    pixels = unscale_images(image)
    picture = pil_image.fromarray(
        pixels[..., 0] if pixels.shape[-1] == 1 else pixels
    )
    extension = os.path.splitext(path)[1]
    with atomic_path(path) as temporary:
        picture.save(
            temporary,
            format=pil_image.registered_extensions()[extension.lower()],
        )


def _check_folders(input_folder, output_folder, names):
    if not os.path.isdir(input_folder):
        raise ValueError(f"Input folder not found: {input_folder!r}.")
    if not names:
        raise ValueError(f"No image files in {input_folder!r}.")
    if os.path.realpath(input_folder) == os.path.realpath(output_folder):
        raise ValueError(
            "The output folder is the input folder; translations would "
            "replace the pictures they come from. Pass another output "
            "folder."
        )
    if os.path.isfile(output_folder):
        raise ValueError(f"{output_folder!r} is a file; pass a folder.")
    taken = [
        name
        for name in names
        if os.path.exists(os.path.join(output_folder, name))
    ]
    if taken:
        raise ValueError(
            f"{output_folder!r} already holds {len(taken)} of the output "
            f"names (first: {taken[0]!r}); nothing was written. Pass an "
            "empty or new output folder."
        )


def run(args):
    """Translates every picture of `args.input` into `args.output`;
    returns the number of files written."""
    path = translator_path(args.run, args.direction)
    translator = load_model_file(path, unsafe=args.unsafe)
    inputs = getattr(translator, "inputs", None) or []
    if len(inputs) != 1 or len(inputs[0].shape) != 4:
        raise ValueError(
            f"{path!r} is not a translator: expected a model taking one "
            "batch of images (a run's translator.keras, translator_ab.keras "
            "or translator_ba.keras)."
        )
    shape = tuple(inputs[0].shape[1:])
    input_folder = os.path.expanduser(args.input)
    output_folder = os.path.expanduser(args.output)
    names = image_files(input_folder) if os.path.isdir(input_folder) else []
    _check_folders(input_folder, output_folder, names)
    os.makedirs(output_folder, exist_ok=True)
    for start in range(0, len(names), _BATCH):
        batch = names[start : start + _BATCH]
        images = np.stack(
            [_read(os.path.join(input_folder, name), shape) for name in batch]
        )
        outputs = np.asarray(translator.predict(images, verbose=0))
        for name, image in zip(batch, outputs, strict=True):
            _write(image, os.path.join(output_folder, name))
    print(
        f"Translated {len(names)} pictures of {input_folder} into "
        f"{output_folder}/ ({shape[0]}x{shape[1]}, names kept) with {path}."
    )
    return len(names)


def is_translator(model):
    """Whether `model` maps one batch of images to images."""
    inputs = getattr(model, "inputs", None) or []
    return len(inputs) == 1 and len(inputs[0].shape) == 4


def sample_translations(args, translator):
    """`keras-gan-kit sample` of a run's translator: rows of held-out
    source | translation | target (`Pix2Pix`), or source | translation
    (`CycleGAN`, whose domains have no pairs); returns the grid's path."""
    config = run_config_of(args.model)
    model = config.get("model")
    files = TRANSLATOR_FILES.get(model, {})
    directions = {name: direction for direction, name in files.items()}
    direction = directions.get(os.path.basename(args.model))
    if direction is None:
        raise ValueError(
            f"{args.model!r} is a translator outside a translation run "
            "folder, so there are no held-out images to draw; translate a "
            "folder of yours with keras-gan-kit translate "
            f"{args.model} INPUT_FOLDER OUTPUT_FOLDER."
        )
    rows = args.num or 8
    config = {**config, "max_images": None}
    _, held_out = translation_data(config, model, held_out_count=rows)
    sources = held_out[0 if direction == "ab" else 1]
    outputs = np.asarray(translator.predict(sources, verbose=0))
    columns = [sources, outputs]
    if model == "Pix2Pix":
        columns.append(held_out[1])
    save_translation_grid(args.out, columns, scale="auto")
    kind = "source | translation" + (" | target" if model == "Pix2Pix" else "")
    print(f"Wrote {len(sources)} rows ({kind}) to {args.out}.")
    return args.out
