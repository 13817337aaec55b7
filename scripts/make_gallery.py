"""Writes the gallery: `docs/gallery.md` and one picture per trained run.

Every entry is a finished training run recorded in `benchmarks/results/`
(`NAME.json`: the settings of `benchmarks/preset_quality.py` or
`scripts/train_pretrained.py`, the FID after each epoch, and the command
that made it). Its picture puts samples of the trained generator next to
real images of the same split and the FID per epoch. The generators come
from `--runs` (the `NAME.keras` files the commands save; too large to
keep in the repository) or, for the shipped ones, from the package.

    KERAS_BACKEND=tensorflow python scripts/make_gallery.py \
        --data-dir ../shared/data --runs RUNS_FOLDER

`scripts/make_doc_pictures.py --only gallery` runs it with the same
arguments. `--page-only` rewrites the page from the records without
drawing (no generators or data needed).
"""

import argparse
import json
import os
import sys

import keras
import numpy as np

from keras_gan_kit import datasets
from keras_gan_kit import presets
from keras_gan_kit import utils
from keras_gan_kit.metrics import evaluation

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
RESULTS = os.path.join(ROOT, "benchmarks", "results")
PAGE = os.path.join(ROOT, "docs", "gallery.md")
IMAGES = os.path.join(ROOT, "docs", "images", "gallery")
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

# (record name, heading, what the run is), in the order of the page.
PRESETS = [
    (
        "cgan_fashion_mnist",
        "`cgan_fashion_mnist`: the shipped conditional generator",
        "The tuned recipe on the full Fashion-MNIST training split; its "
        "last epoch's EMA generator is the one `from_preset(..., "
        "pretrained=True)` loads. One row per class.",
    ),
    (
        "dcgan_fashion_mnist",
        "`dcgan_fashion_mnist`: the shipped unconditional generator",
        "The tuned recipe on the full Fashion-MNIST training split; its "
        "last epoch's EMA generator ships with the package.",
    ),
    (
        "cgan_mnist",
        "`cgan_mnist`",
        "The tuned recipe (batch norm in the generator) on the full MNIST "
        "training split, on PyTorch. One row per class.",
    ),
    (
        "dcgan_mnist",
        "`dcgan_mnist`",
        "The tuned recipe on the full MNIST training split.",
    ),
    (
        "mlp_mnist",
        "`mlp_mnist`",
        "The tuned recipe of the fully connected GAN on the full MNIST "
        "training split.",
    ),
    (
        "dcgan_cifar10",
        "`dcgan_cifar10`: CIFAR-10 frogs",
        "The teaching recipe (the source's hyperparameters, 100 epochs) on "
        "the frogs of the CIFAR-10 subset in `shared/data`: 414 training "
        "images, so its 100 epochs are 700 updates, where the full "
        "training set's 5,000 frogs would give 7,800. The last samples are "
        "blotches of colour with a grid-like texture, no recognisable "
        "frog, and the FID swings from epoch to epoch. The FID's "
        "reference is all 526 frogs of the subset (training and test), "
        "since the 112 test frogs are fewer than the extractor's 128 "
        "features.",
    ),
    (
        "dcgan_cifar10_diffaugment",
        "`dcgan_cifar10` with DiffAugment",
        'The same run with one change, `augment="diffaugment"`: '
        "colour, translation and cutout on every image the discriminator "
        "sees, meant to keep it from memorizing 414 frogs. In 700 updates "
        "it did not help: the last samples are one olive, checkered "
        "pattern repeated in every cell (the generator collapsed to one "
        "mode), and the FID swung between 38 and 356.",
    ),
    (
        "sngan_cifar10",
        "`sngan_cifar10`, at CPU scale",
        "The residual SNGAN at a quarter of its width with one "
        "discriminator step and SAGAN's learning rates, on the 4,000 "
        "training images of the CIFAR-10 subset: what fits in 45 minutes "
        "of one CPU core, far from the paper's 50,000 steps on 50,000 "
        "images ([Beyond 28 pixels](residual-gans.md)).",
    ),
    (
        "biggan_cifar10",
        "`biggan_cifar10`, at CPU scale",
        "The conditional residual BigGAN at a quarter of its width, one "
        "discriminator step, DiffAugment and EMA 0.999, on the 4,000 "
        "training images of the CIFAR-10 subset. One row per class; the "
        "conditioning has barely started (conditional accuracy 18%, "
        "chance 10%).",
    ),
    (
        "stylegan2_cifar10",
        "`stylegan2_cifar10`, at CPU scale",
        "StyleGAN2 at 64 channels at every resolution (a 128-d latent and "
        "W, two mapping layers, minibatch groups of 4) with R3GAN's "
        "objective: the relativistic pairing loss with lazy R1 and R2 "
        "(gamma 0.05 every 16 steps), DiffAugment, Adam(2e-3, 0, 0.99) and "
        "EMA 0.995, for 45 minutes of one CPU core on the 4,000 training "
        "images of the CIFAR-10 subset. The samples are smooth blobs of "
        "colour on muted backgrounds, without a recognisable object.",
    ),
    (
        "r3gan_cifar10",
        "`r3gan_cifar10`, at CPU scale",
        "R3GAN at 64 channels at every resolution with ungrouped 3x3 "
        "convolutions (expansion 1, two blocks per stage), its schedules "
        "(learning rate, gamma, augmentation, EMA half-life) compressed to "
        "1,500 steps, lazy R1 and R2 every 16 steps, batch 64, for 45 "
        "minutes of one CPU core on the 4,000 training images of the "
        "CIFAR-10 subset. The samples are blurred patches of colour with "
        "dark lines along their right and bottom edges, without a "
        "recognisable object.",
    ),
]

# Stabilizer recipes: `dcgan_fashion_mnist`'s tuned recipe, one change each,
# on 10,000 training images.
STABILIZERS = [
    ("stab_base", "the tuned recipe (light R1: weight 0.3 every 8 steps)"),
    ("stab_diffaugment", '`augment="diffaugment"`'),
    ("stab_ada", '`augment="ada"`'),
    ("stab_lecam", '`stabilizers=["lecam"]` (LeCam, weight 0.1)'),
    ("stab_instance_noise", "`instance_noise=0.1` (constant)"),
    (
        "stab_wgan_gp",
        'WGAN-GP: `loss="wasserstein"`, `gradient_penalty="wgan_gp"`, 5 '
        "critic steps, Adam(1e-4, 0, 0.9) for both",
    ),
]

# The shipped translators: (preset, its record in benchmarks/results/,
# heading, what the picture shows).
TRANSLATORS = [
    (
        "pix2pix_edges2fashion",
        "translation/edges2fashion_pix2pix_rf34_tensorflow",
        "`pix2pix_edges2fashion`: the shipped Pix2Pix translator",
        "Held-out edge maps of the bundled sample (row 1), the shipped "
        "translator's clothes (row 2) and the real images (row 3), one "
        "column per class.",
    ),
    (
        "cyclegan_sneaker2boot",
        "translation/sneaker2boot_cyclegan_rf34_10ep_tensorflow",
        "`cyclegan_sneaker2boot`: the shipped CycleGAN translators",
        "Held-out sneakers of the bundled sample (row 1), translated to "
        "ankle boots (row 2) and back (row 3); held-out ankle boots (row "
        "4), translated to sneakers (row 5) and back (row 6).",
    ),
]

SHORT_NAMES = {
    "stab_diffaugment": "DiffAugment",
    "stab_ada": "ADA",
    "stab_lecam": "LeCam",
    "stab_instance_noise": "instance noise",
    "stab_wgan_gp": "WGAN-GP",
}

# What the stabilizer runs of 2026-12-03 showed (update it with the runs).
STABILIZER_NOTE = (
    "The tuned recipe, which already has a light R1 penalty, does not "
    "fail on these 10,000 images in 3,125 updates, so the stabilizers had "
    "little to rescue: ADA, LeCam and instance noise ended within a few "
    "percent of it. DiffAugment's augmented images make the "
    "discriminator's task harder, and in a run this short that slowed the "
    "generator. WGAN-GP, five critic steps per generator step at a lower "
    "learning rate, took 3.5 times as long and ended about twice as far "
    "from the data. These are the remedies for runs that fail (see "
    "[Troubleshooting](troubleshooting.md)), not free improvements."
)

NOT_RUN = [
    (
        "dcgan_svhn",
        "SVHN is not in `shared/data` and these machines reach no dataset "
        "server. `keras-gan-kit train dcgan_svhn --data-path "
        "train_32x32.mat` trains it from a local copy.",
    ),
    (
        "dcgan_notmnist",
        "notMNIST is not in `shared/data`; `--data-path` takes a local "
        "copy of its folders.",
    ),
    (
        "sngan_64",
        "There is no 64-pixel dataset in `shared/data`, and its full-width "
        "step runs at 1 to 2 images per second on this CPU. `keras-gan-kit "
        "train sngan_64 --dataset FOLDER --image-size 64` streams a folder.",
    ),
]


def load_record(name):
    with open(os.path.join(RESULTS, name + ".json")) as file:
        return json.load(file)


def _minutes(seconds):
    return f"{seconds / 60:.0f} min"


def _real_images(settings, data_dir, rows_of_classes):
    """Real images of the split the FID compares against, laid out as the
    generated grid: one row per class for a conditional run."""
    from preset_quality import load_split

    images, labels = load_split(data_dir, settings["dataset"], "test")
    if settings.get("class_name"):
        index = datasets.CIFAR10_CLASSES.index(settings["class_name"])
        images = images[labels == index]
    if rows_of_classes:
        return np.concatenate(
            [images[labels == label][:8] for label in range(10)]
        )
    return images[:64]


def _samples(record, runs, conditional):
    """64 samples (8 per class for a conditional run) of the run's
    generator, from latents of the recipe's distribution (seed 0)."""
    settings = record["settings"]
    model = presets.from_preset(
        settings["preset"],
        recipe=settings["recipe"],
        pretrained=record["generator"] == "pretrained",
        seed=0,
        **settings.get("override", {}),
    )
    generator = model.sampling_generator()
    if record["generator"] != "pretrained":
        path = os.path.join(runs, record["generator"])
        generator = keras.saving.load_model(path, compile=False)
    count = 80 if conditional else 64
    labels = np.repeat(np.arange(10), 8) if conditional else None
    images, _ = evaluation.generate_samples(
        generator,
        count,
        labels=labels,
        latent=model.sample_latent(count, seed=0),
    )
    return images


def draw(name, data_dir, runs):
    """Draws `docs/images/gallery/NAME.png` from the record and generator."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    record = load_record(name)
    settings = record["settings"]
    conditional = presets.get_recipe(settings["preset"]).model == (
        "ConditionalGAN"
    )
    keras.utils.set_random_seed(0)
    fake = _samples(record, runs, conditional)
    real = _real_images(settings, data_dir, conditional)
    columns = 8
    grids = [
        utils.make_image_grid(images, num_columns=columns)
        for images in (fake, real)
    ]
    figure, axes = plt.subplots(
        1, 3, figsize=(15, 5.6), gridspec_kw={"width_ratios": [1, 1, 1.2]}
    )
    last = record["rows"][-1]["epoch"]
    rows = ", one row per class" if conditional else ""
    titles = (f"generated after epoch {last}{rows}", f"real{rows}")
    for axis, grid, title in zip(axes, grids, titles):
        cmap = "gray" if grid.shape[-1] == 1 else None
        axis.imshow(grid.squeeze(-1) if cmap else grid, cmap=cmap)
        axis.set_title(title)
        axis.axis("off")
    epochs = [row["epoch"] for row in record["rows"]]
    axes[2].plot(epochs, [row["fid"] for row in record["rows"]], marker="o")
    axes[2].set_xlabel("epoch")
    axes[2].set_ylabel("FID (lower is better)")
    axes[2].set_title(f"FID per epoch ({settings['samples']:,} samples)")
    axes[2].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[2].grid(alpha=0.3)
    axes[2].set_ylim(bottom=0)
    figure.tight_layout()
    os.makedirs(IMAGES, exist_ok=True)
    with utils.atomic_path(os.path.join(IMAGES, name + ".png")) as path:
        figure.savefig(path, format="png", dpi=90)
    plt.close(figure)
    print(f"wrote docs/images/gallery/{name}.png", flush=True)


def _facts(record):
    settings, rows = record["settings"], record["rows"]
    last = rows[-1]
    best = min(rows, key=lambda row: row["fid"])
    facts = [
        f"FID after the last epoch: **{last['fid']:.2f}** (best "
        f"{best['fid']:.2f}, epoch {best['epoch']}); KID: {last['kid']:.3f}",
    ]
    if "conditional_accuracy" in last:
        facts.append(
            "conditional accuracy (the bundled classifier's agreement "
            f"with the requested class): {last['conditional_accuracy']:.1%}"
        )
    images = settings["num_images"]
    facts += [
        f"epochs: {last['epoch']} over {images:,} images, batch "
        f"{settings['batch_size']}",
        f"training time: {_minutes(last['train_seconds'])} (evaluation "
        "excluded)",
        f"backend: {settings['backend']}, Keras {settings['keras']}, "
        f"keras_gan_kit {settings['keras_gan_kit']}",
        f"hardware: {settings['machine']}, no GPU; run on {settings['date']}",
        f"command: `{record['command']}`",
    ]
    return "\n".join(f"- {fact}" for fact in facts)


DATA_NAMES = {
    "mnist": "MNIST",
    "fashion_mnist": "Fashion-MNIST",
    "cifar10": "CIFAR-10 subset",
}


def _summary_row(name, heading, record):
    settings, last = record["settings"], record["rows"][-1]
    accuracy = last.get("conditional_accuracy")
    data = DATA_NAMES.get(settings["dataset"], settings["dataset"])
    if settings.get("class_name"):
        data += f", {settings['class_name']}s"
    return (
        f"| [{heading}](#{name.replace('_', '-')}) | "
        f"{settings['recipe']} | {data} | "
        f"{settings['backend']} | {last['epoch']} | {last['fid']:.2f} "
        f"({settings['samples']:,}) | "
        + (f"{accuracy:.1%}" if accuracy is not None else "")
        + f" | {_minutes(last['train_seconds'])} |"
    )


def page():
    """The markdown of `docs/gallery.md`, from the records."""
    lines = [
        "# Gallery",
        "",
        "What the presets and stabilizers make when trained to the end of "
        "their recipe, next to real images. Every picture below comes from "
        "one recorded run: the samples of the generator that run saved "
        "(its EMA generator where the recipe keeps one) on the left, real "
        "images of the split the FID compares against in the middle, and "
        "the FID after each epoch on the right. 28-pixel images are drawn "
        "about 3x, 32-pixel ones about 2.5x.",
        "",
        "All runs are on CPUs (no GPU was available), so the recipes that "
        "need hours of a GPU appear at the scale a CPU allows, as each "
        "entry says. FID here is measured on the bundled extractor of the "
        "domain ([Measuring quality](metrics.md)), not on Inception: "
        "compare the numbers with each other, not with papers. Several "
        "runs shared the 2-core machine at a time, so training times are "
        "1 to 3 times those of a lone run.",
        "",
        "The pictures and this page are made by `scripts/make_gallery.py` "
        "(through `scripts/make_doc_pictures.py --only gallery`) from the "
        "records in `benchmarks/results/`; each entry gives the command "
        "that trained it.",
        "",
        "| run | recipe | data | backend | epochs | FID (samples) | "
        "conditional "
        "accuracy | training time |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    present = [(n, h, t) for n, h, t in PRESETS if _exists(n)]
    lines += [_summary_row(n, h, load_record(n)) for n, h, _ in present]
    lines += [""]
    for name, heading, text in present:
        record = load_record(name)
        lines += [
            f"## {heading} {{#{name.replace('_', '-')}}}",
            "",
            text,
            "",
            f"![Samples of the trained {record['settings']['preset']} "
            f"generator, real images, and the FID per epoch]"
            f"(images/gallery/{name}.png)",
            "",
            _facts(record),
            "",
        ]
    lines += _stabilizer_section()
    lines += _translator_section()
    lines += [
        "## Presets without a run here",
        "",
    ]
    lines += [f"- `{name}`: {why}" for name, why in NOT_RUN]
    lines += [""]
    return "\n".join(lines)


def _translator_rows(name):
    """The rows of a shipped translator's picture, 10 images each."""
    model = presets.from_preset(name, pretrained=True)
    if name.startswith("pix2pix"):
        edges, images = datasets.translation_task("edges2fashion", "test")
        # The held-out split is the sample's last 1,000 images.
        _, labels = datasets.load("fashion_mnist_sample")
        labels = labels[-len(edges) :]
        # One held-out image of each class.
        first = [int(np.flatnonzero(labels == c)[0]) for c in range(10)]
        return [edges[first], model.translate(edges[first]), images[first]]
    sneakers, boots = datasets.translation_task("sneaker2boot", "test")
    rows = []
    for images, there, back in ((sneakers, "ab", "ba"), (boots, "ba", "ab")):
        translated = model.translate(images[:10], direction=there)
        rows += [
            images[:10],
            translated,
            model.translate(translated, direction=back),
        ]
    return rows


def draw_translator(name):
    """Draws `docs/images/gallery/NAME.png` from the shipped translator."""
    rows = _translator_rows(name)
    os.makedirs(IMAGES, exist_ok=True)
    utils.save_image_grid(
        os.path.join(IMAGES, f"{name}.png"),
        np.concatenate(rows),
        num_columns=10,
        scale=3,
    )


def _translator_facts(name, record_name):
    record = load_record(record_name)
    entry = presets.list_pretrained()[name]
    last = record["rows"][-1]
    arguments = record["arguments"]
    if name.startswith("pix2pix"):
        measured = (
            f"on the 10,000 test pairs: L1 {last['l1']:.3f}, SSIM "
            f"{last['ssim']:.3f}, FID {last['fid']:.2f} (2,000 images)"
        )
        shipped = (
            f"L1 {entry['l1']:.3f}, SSIM {entry['ssim']:.3f}, FID "
            f"{entry['fid']:.2f}"
        )
    else:
        measured = (
            "on the test split's sneakers and boots: "
            f"{last['ab_class_share']:.1%} of sneakers classified as boots, "
            f"{last['ba_class_share']:.1%} of boots as sneakers, cycle L1 "
            f"{last['ab_cycle_l1']:.3f} / {last['ba_cycle_l1']:.3f}"
        )
        shipped = (
            f"{entry['ab_class_share']:.1%} / {entry['ba_class_share']:.1%} "
            f"classified as the target class, cycle L1 "
            f"{entry['ab_cycle_l1']:.3f} / {entry['ba_cycle_l1']:.3f}"
        )
    return (
        f"Trained by its recipe: {arguments['epochs']} epochs of the full "
        f"Fashion-MNIST training split, batch {arguments['batch_size']}, "
        f"on {record['backend']} ({record['machine']}, {record['date']}, "
        f"{_minutes(last['train_seconds'])} of training"
        f"{record.get('load', '')}). Measured {measured}. "
        f"The shipped float16 weights on the bundled sample's held-out "
        f"images: {shipped}. Command: `KERAS_BACKEND={record['backend']} "
        f"python scripts/train_pretrained.py --data-dir DIR --presets {name}`."
    )


def _translator_section():
    present = [entry for entry in TRANSLATORS if _exists(entry[1])]
    if not present:
        return []
    lines = [
        "## Translators {#translators}",
        "",
        "The two translators shipped with the package "
        "([Image-to-image translation](image-to-image.md)), drawn 3x on "
        "held-out images of the bundled Fashion-MNIST sample.",
        "",
    ]
    for name, record_name, heading, text in present:
        lines += [
            f"### {heading} {{#{name.replace('_', '-')}}}",
            "",
            text,
            "",
            f"![{text}](images/gallery/{name}.png)",
            "",
            _translator_facts(name, record_name),
            "",
        ]
    return lines


def _exists(name):
    return os.path.exists(os.path.join(RESULTS, name + ".json"))


def _stabilizer_summary(present):
    """One sentence: each change's last FID against the tuned recipe's."""
    last = {n: load_record(n)["rows"][-1] for n, _ in present}
    base = last.get("stab_base")
    if base is None:
        return ""
    changes = [
        f"{SHORT_NAMES[name]} {last[name]['fid']:.1f} "
        f"({last[name]['fid'] / base['fid'] - 1:+.0%}, "
        f"{last[name]['train_seconds'] / base['train_seconds']:.1f}x the "
        "training time)"
        for name, _ in present
        if name != "stab_base"
    ]
    return (
        f"After the last epoch the tuned recipe scores {base['fid']:.1f}; "
        + "; ".join(changes)
        + "."
    )


def _stabilizer_section():
    present = [(n, t) for n, t in STABILIZERS if _exists(n)]
    if not present:
        return []
    first = load_record(present[0][0])["settings"]
    lines = [
        "## Stabilizers {#stabilizers}",
        "",
        "The `dcgan_fashion_mnist` tuned recipe with one change each "
        "([Stabilizers and precision](stabilizers.md)), trained for "
        f"{first['epochs']} epochs on the first {first['num_images']:,} "
        "images of the Fashion-MNIST training split; FID of "
        f"{first['samples']:,} samples against the 10,000 test images.",
        "",
        "| change | "
        + " | ".join(f"epoch {e}" for e in range(1, first["epochs"] + 1))
        + " | training time |",
        "| --- | " + "--- | " * first["epochs"] + "--- |",
    ]
    for name, text in present:
        rows = load_record(name)["rows"]
        fids = " | ".join(f"{row['fid']:.1f}" for row in rows)
        lines.append(
            f"| [{text}](#{name.replace('_', '-')}) | {fids} | "
            f"{_minutes(rows[-1]['train_seconds'])} |"
        )
    lines += ["", _stabilizer_summary(present), "", STABILIZER_NOTE, ""]
    for name, text in present:
        record = load_record(name)
        lines += [
            f"### {text} {{#{name.replace('_', '-')}}}",
            "",
            f"![Samples after the run with {name[5:]}, real images, and "
            f"the FID per epoch](images/gallery/{name}.png)",
            "",
            _facts(record),
            "",
        ]
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="folder with mnist.npz etc.")
    parser.add_argument("--runs", help="folder with the runs' NAME.keras")
    parser.add_argument("--page-only", action="store_true")
    parser.add_argument("--only", action="append", help="draw these runs")
    parser.add_argument(
        "--translators-only",
        action="store_true",
        help="draw only the shipped translators (no data or runs needed)",
    )
    args = parser.parse_args(argv)
    if args.translators_only:
        for name, record_name, *_ in TRANSLATORS:
            if _exists(record_name):
                draw_translator(name)
    names = [n for n, *_ in PRESETS + STABILIZERS if _exists(n)]
    if not (args.page_only or args.translators_only):
        for name, record_name, *_ in TRANSLATORS:
            if _exists(record_name):
                draw_translator(name)
        if not (args.data_dir and args.runs):
            parser.error("drawing needs --data-dir and --runs")
        for name in args.only or names:
            draw(name, args.data_dir, args.runs)
    with utils.atomic_path(PAGE) as path:
        with open(path, "w") as file:
            file.write(page())
    print("wrote docs/gallery.md")


if __name__ == "__main__":
    main()
