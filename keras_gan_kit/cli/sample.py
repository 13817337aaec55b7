"""`keras-gan-kit sample`: a grid of images from a saved model (rows of
held-out translations for a translator)."""

import keras
import numpy as np

from keras_gan_kit import latents
from keras_gan_kit.class_interpolation import interpolate_classes
from keras_gan_kit.cli import translate
from keras_gan_kit.cli.model_files import load_model_file
from keras_gan_kit.cli.model_files import run_config_of
from keras_gan_kit.metrics import evaluation
from keras_gan_kit.models import network_checks
from keras_gan_kit.models.gan import GAN
from keras_gan_kit.utils.arrays import check_num_samples
from keras_gan_kit.utils.image_grid import save_image_animation
from keras_gan_kit.utils.image_grid import save_image_grid
from keras_gan_kit.utils.sampling import draw_latent
from keras_gan_kit.utils.sampling import label_classes


def generator_of(model):
    """The generator network of a loaded GAN or bare generator."""
    if isinstance(model, GAN):
        return model.generator
    if not isinstance(model, keras.Model) or not model.inputs:
        raise ValueError(
            f"Expected a GAN or a generator model; the file holds a "
            f"{type(model).__name__}."
        )
    if len(model.inputs) not in (1, 2) or len(model.inputs[0].shape) != 2:
        raise ValueError(
            f"{model.name!r} does not look like a generator: its inputs are "
            f"{[tuple(i.shape) for i in model.inputs]}; expected latents "
            "(batch, latent_dim), and labels for a conditional one."
        )
    return model


def parse_labels(text, num_classes):
    """`"0,1,2"` as a list of ints in `[0, num_classes)`."""
    try:
        labels = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(
            f"--labels must be comma-separated integers such as 0,1,2; "
            f"received {text!r}."
        ) from None
    if not labels:
        raise ValueError(f"--labels is empty ({text!r}); pass e.g. 0,1,2.")
    bad = [label for label in labels if not 0 <= label < num_classes]
    if bad:
        raise ValueError(
            f"--labels {bad} are out of range: this generator has "
            f"{num_classes} classes, 0 to {num_classes - 1}."
        )
    return labels


def latent_distribution_of(model, config):
    """How `model` draws latents: a GAN knows; for a bare generator, the
    run folder's configuration says (`"normal"` when there is none)."""
    if isinstance(model, GAN):
        return model.latent_distribution
    return config.get("gan", {}).get("latent_distribution", "normal")


# Rows of a latent walk of an unconditional generator.
INTERPOLATION_ROWS = 8


def _draw(args, generator, distribution, count):
    """`count` latents of `generator`, truncated with `--truncation`."""
    latent_dim = generator.inputs[0].shape[-1]
    if args.truncation is None:
        return draw_latent(count, latent_dim, distribution, args.seed)
    if distribution != "normal":
        raise ValueError(
            f"--truncation applies to normal latents; this generator draws "
            f"{distribution} ones. Leave out --truncation."
        )
    return latents.truncated_latent(
        count, latent_dim, args.truncation, args.seed
    )


def _latents(args, generator, distribution, count):
    """The grid's latents, or None to let the sampler draw them."""
    if args.truncation is None:
        return None
    return _draw(args, generator, distribution, count)


def _interpolation_latents(args, generator, distribution, rows, steps, shared):
    """`rows` spherical walks of `steps` latents, one after the other; with
    `shared`, every row walks the same path (one per class)."""
    ends = _draw(args, generator, distribution, 2 * (1 if shared else rows))
    walks = latents.latent_walks(ends, steps)
    return np.tile(walks, (rows, 1)) if shared else walks


def run(args):
    """Writes the grid; returns its path."""
    model = load_model_file(args.model, unsafe=args.unsafe)
    if translate.is_translator(model):
        return translate.sample_translations(args, model)
    generator = generator_of(model)
    distribution = latent_distribution_of(model, run_config_of(args.model))
    conditional = len(generator.inputs) == 2
    if not conditional and args.labels is not None:
        raise ValueError(
            f"--labels goes with a conditional generator; {args.model!r} "
            "takes latents only."
        )
    if conditional:
        num_classes = getattr(model, "num_classes", None) or label_classes(
            generator
        )
        if num_classes is None:
            raise ValueError(
                f"Could not read the class count of {args.model!r} (no "
                "Embedding layer). Save the ConditionalGAN itself "
                "(gan.save('gan.keras')), which records it, and sample that."
            )
        if args.labels is None:
            labels = list(range(num_classes))
        else:
            labels = parse_labels(args.labels, num_classes)
        per_label = args.num or 8
        columns = per_label
    else:
        labels, num_classes, per_label = None, None, args.num or 64
        columns = int(np.ceil(np.sqrt(per_label)))
    check_num_samples(per_label)
    class_pair = getattr(args, "interpolate_classes", None)
    if class_pair is not None:
        return _class_interpolation(
            args, generator, distribution, class_pair, num_classes, per_label
        )
    if getattr(args, "gif", None) and not args.interpolate:
        raise ValueError(
            "--gif animates a walk: pass it with --interpolate or "
            "--interpolate-classes A,B."
        )
    if args.interpolate:
        # Rows of `per_label` steps between two latents: one row per label
        # on the same path, or INTERPOLATION_ROWS paths.
        columns = per_label
        rows = len(labels) if labels else INTERPOLATION_ROWS
        latent = _interpolation_latents(
            args, generator, distribution, rows, per_label, shared=bool(labels)
        )
    else:
        latent = _latents(
            args, generator, distribution, per_label * len(labels or [None])
        )
    # One row per label, `per_label` images each.
    label_column = None if labels is None else np.repeat(labels, per_label)
    images, _ = evaluation.generate_samples(
        generator,
        len(latent) if latent is not None else per_label * len(labels or [0]),
        seed=args.seed,
        num_classes=num_classes,
        latent_distribution=distribution,
        labels=label_column,
        latent=latent,
    )
    _write_images(args, generator, images, columns, walk=args.interpolate)
    rows = f" ({len(labels)} rows: labels {labels})" if labels else ""
    if args.interpolate:
        rows += f", each row a walk of {per_label} steps between two latents"
    print(f"Wrote {len(images)} samples to {args.out}{rows}.")
    return args.out


def _write_images(args, generator, images, columns, walk):
    """The grid to `--out`; when the rows are walks of `columns` steps,
    also the animation to `--gif`."""
    value_range = network_checks.output_range(generator) or (-1.0, 1.0)
    save_image_grid(
        args.out,
        images,
        num_columns=columns,
        value_range=value_range,
        scale="auto",
    )
    if walk and getattr(args, "gif", None):
        _write_gif(args, images, columns, value_range)


def _write_gif(args, images, steps, value_range):
    """The walks as an animation, frame k showing step k of every row."""
    walks = np.asarray(images).reshape((-1, steps) + images.shape[1:])
    count = save_image_animation(
        args.gif, walks.swapaxes(0, 1), value_range=value_range, scale="auto"
    )
    print(f"Wrote {count} frames to {args.gif}.")


def _class_interpolation(
    args, generator, distribution, class_pair, num_classes, steps
):
    """`--interpolate-classes A,B`: rows of latents morphing from class A
    into class B."""
    if num_classes is None:
        raise ValueError(
            f"--interpolate-classes goes with a conditional generator; "
            f"{args.model!r} takes latents only."
        )
    pair = parse_labels(class_pair, num_classes)
    if len(pair) != 2:
        raise ValueError(
            f"--interpolate-classes takes two classes, such as 0,7; "
            f"received {class_pair!r}."
        )
    if steps < 2:
        raise ValueError(f"--num must be at least 2 steps; received {steps}.")
    latent = _draw(args, generator, distribution, INTERPOLATION_ROWS)
    images = interpolate_classes(generator, pair[0], pair[1], latent, steps)
    _write_images(args, generator, images, steps, walk=True)
    print(
        f"Wrote {len(images)} samples to {args.out} ({INTERPOLATION_ROWS} "
        f"rows, each a latent morphing from class {pair[0]} into class "
        f"{pair[1]} in {steps} steps)."
    )
    return args.out
