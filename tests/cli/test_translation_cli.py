"""`keras-gan-kit train` of the translation presets, `translate` and
`sample` of their translators, on tiny settings."""

import json

import keras
import numpy as np
import pytest

from tests.conftest import log_rows
from tests.conftest import run_command

PIL = pytest.importorskip("PIL.Image")
pytest.importorskip("matplotlib")

_run = run_command


def _write_pictures(folder, count, size, channels, seed=0):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    for index in range(count):
        pixels = rng.integers(0, 256, (size, size, channels), dtype="uint8")
        PIL.fromarray(pixels[..., 0] if channels == 1 else pixels).save(
            folder / f"picture_{index}.png"
        )


def _train_on_folder(preset, folder, image_size, run, capsys):
    """`keras-gan-kit train PRESET` on a folder: one epoch of batch 2."""
    return _run(
        ["train", preset, "--dataset", str(folder), "--out", str(run)]
        + ["--image-size", str(image_size), "--batch-size", "2"]
        + ["--epochs", "1"],
        capsys,
    )


def test_pix2pix_preset_trains_translates_and_samples(tmp_path, capsys):
    run = tmp_path / "run"
    status, printed, errors = _run(
        [
            "train",
            "pix2pix_edges2fashion",
            "--out",
            str(run),
            "--max-images",
            "32",
            "--epochs",
            "1",
        ],
        capsys,
    )
    assert status == 0, errors
    assert "translator.keras" in printed
    assert {p.name for p in run.iterdir()} >= {
        "config.json",
        "samples",
        "losses.png",
        "log.csv",
        "translator.keras",
        "backup",
    }
    config = json.loads((run / "config.json").read_text())
    assert (config["model"], config["dataset"]) == ("Pix2Pix", "edges2fashion")
    assert config["num_images"] == 32 and config["image_shape"] == [32, 32, 1]
    assert "l1" in log_rows(run)[0]
    assert [p.name for p in (run / "samples").iterdir()] == ["epoch_0001.png"]

    # translate: one file per picture, names kept, the translator's output.
    pictures, translated = tmp_path / "edges", tmp_path / "translated"
    _write_pictures(pictures, 3, 32, 1)
    status, printed, errors = _run(
        ["translate", str(run), str(pictures), str(translated)], capsys
    )
    assert status == 0, errors
    names = sorted(p.name for p in pictures.iterdir())
    assert sorted(p.name for p in translated.iterdir()) == names
    translator = keras.saving.load_model(run / "translator.keras")
    source = np.asarray(PIL.open(pictures / names[0]), "float32") / 127.5 - 1
    expected = translator.predict(source[None, ..., None], verbose=0)[0]
    written = np.asarray(PIL.open(translated / names[0]), "float32")
    np.testing.assert_allclose(
        written / 127.5 - 1, expected[..., 0], atol=1.5 / 127.5
    )

    # What a user saved is never overwritten, and Pix2Pix has one way.
    for argv, message in (
        ([str(pictures), str(translated)], "already holds 3 of the output"),
        ([str(pictures), str(pictures)], "output folder is the input"),
        (
            [str(pictures), str(tmp_path / "ba"), "--direction", "ba"],
            "directions \\['ab'\\]",
        ),
    ):
        status, _, errors = _run(["translate", str(run), *argv], capsys)
        assert status == 1 and message.replace("\\", "") in errors.replace(
            "\\", ""
        ), errors
    status, _, errors = _run(
        ["translate", str(tmp_path), str(pictures), str(tmp_path / "x")],
        capsys,
    )
    assert status == 1 and "not the run folder of a translation" in errors

    # sample: rows of held-out edges | translation | real image.
    grid = tmp_path / "grid.png"
    status, printed, errors = _run(
        [
            "sample",
            str(run / "translator.keras"),
            "--num",
            "4",
            "--out",
            str(grid),
        ],
        capsys,
    )
    assert status == 0, errors
    assert "4 rows (source | translation | target)" in printed
    width, height = PIL.open(grid).size
    assert width > height / 4 * 2.5  # three columns of four rows


def test_cyclegan_preset_trains_on_a_folder_both_ways(tmp_path, capsys):
    folder = tmp_path / "horses2zebras"
    _write_pictures(folder / "trainA", 3, 20, 3, seed=1)
    _write_pictures(folder / "trainB", 2, 24, 3, seed=2)
    run = tmp_path / "run"
    status, printed, errors = _train_on_folder(
        "cyclegan", folder, 64, run, capsys
    )
    assert status == 0, errors
    config = json.loads((run / "config.json").read_text())
    assert config["model"] == "CycleGAN" and config["num_images"] == 3
    assert config["image_shape"] == [64, 64, 3]
    assert {"cycle", "identity"} <= set(log_rows(run)[0])
    for direction in ("ab", "ba"):
        assert (run / "samples" / direction / "epoch_0001.png").exists()
        translator = keras.saving.load_model(
            run / f"translator_{direction}.keras"
        )
        assert translator.output_shape == (None, 64, 64, 3)
    out = tmp_path / "zebras_back"
    status, printed, errors = _run(
        [
            "translate",
            str(run),
            str(folder / "trainB"),
            str(out),
            "--direction",
            "ba",
        ],
        capsys,
    )
    assert status == 0, errors
    assert "translator_ba.keras" in printed
    assert PIL.open(out / "picture_0.png").size == (64, 64)


def test_a_paired_folder_streams_into_a_pix2pix_run(tmp_path, capsys):
    # Side-by-side AB pictures (the pix2pix datasets' layout), streamed.
    folder = tmp_path / "pairs"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for index in range(5):
        pair = rng.integers(0, 256, (40, 80, 3), dtype="uint8")
        PIL.fromarray(pair).save(folder / f"{index}.jpg")
    run = tmp_path / "run"
    status, printed, errors = _train_on_folder(
        "pix2pix_edges2fashion", folder, 32, run, capsys
    )
    assert status == 0, errors
    config = json.loads((run / "config.json").read_text())
    assert config["num_images"] == 5
    assert config["image_shape"] == config["target_shape"] == [32, 32, 3]
    translator = keras.saving.load_model(run / "translator.keras")
    assert translator.output_shape == (None, 32, 32, 3)
    assert (run / "samples" / "epoch_0001.png").exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "pix2pix"], "no dataset of its own"),
        (
            ["train", "pix2pix_edges2fashion", "--dataset", "sneaker2boot"],
            "Pix2Pix trains on paired data; task 'sneaker2boot' is unpaired",
        ),
        (
            ["train", "cyclegan_sneaker2boot", "--metrics", "fid"],
            "translates images; --metrics scores generated ones",
        ),
        (
            ["train", "pix2pix_edges2fashion", "--batch-size", "20000"],
            "--batch-size 20000 is larger than the 9000",
        ),
    ],
)
def test_translation_runs_refuse_bad_settings(argv, message, tmp_path, capsys):
    status, _, errors = _run([*argv, "--out", str(tmp_path / "run")], capsys)
    assert status == 1 and message in errors, errors
    assert not (tmp_path / "run").exists()
