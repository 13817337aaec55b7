"""The `keras-gan-kit` command: run folders, resuming, sampling, scoring
and every error path, on tiny settings."""

import csv
import json
import os
import signal
import subprocess
import sys
import time

import keras
import numpy as np
import pytest

import keras_gan_kit
from keras_gan_kit import presets
from tests.conftest import log_rows
from tests.conftest import run_command
from tests.conftest import subprocess_env

pytest.importorskip("PIL")
pytest.importorskip("matplotlib")

# The MLP preset keeps these runs to seconds; the default DCGAN is used
# where the command's defaults are the point.
TINY = ["--max-images", "64", "--batch-size", "32", "--epochs", "1"]


_run = run_command


def _log_epochs(folder):
    return [int(row[0]) for row in log_rows(folder)[1:]]


def test_default_train_writes_a_complete_run_folder(tmp_path, capsys):
    out = tmp_path / "run"
    status, printed, errors = _run(["train", "--out", str(out), *TINY], capsys)
    assert status == 0, errors
    assert {p.name for p in out.iterdir()} >= {
        "config.json",
        "samples",
        "losses.png",
        "log.csv",
        "generator.keras",
        "backup",
    }
    config = json.loads((out / "config.json").read_text())
    assert config["preset"] == "cgan_fashion_mnist"
    assert config["dataset"] == "fashion_mnist_sample"
    assert config["backend"] == keras.backend.backend()
    assert config["num_images"] == 64 and config["epochs"] == 1
    # The run trains the library's tuned recipe, as from_preset builds it.
    tuned = presets.get_recipe("cgan_fashion_mnist", "tuned")
    assert config["recipe"] == "tuned"
    assert config["training"]["d_optimizer"] == tuned.d_optimizer
    assert config["training"]["ema"] == tuned.ema
    assert config["training"]["networks"] == {
        **tuned.networks,
        "image_shape": [28, 28, 1],
        "num_classes": 10,
    }
    assert (out / "samples" / "epoch_0001.png").exists()
    with open(out / "log.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 1 and float(rows[0]["fid"]) > 0
    generator = keras.saving.load_model(out / "generator.keras")
    assert generator.output_shape == (None, 28, 28, 1)
    assert "Run folder" in printed


def test_teaching_recipe_and_default_epochs(tmp_path, capsys, monkeypatch):
    from keras_gan_kit.cli import run_folder

    out = tmp_path / "run"
    argv = ["train", "dcgan_mnist", "--recipe", "teaching", "--out", str(out)]
    status, _, errors = _run([*argv, *TINY], capsys)
    assert status == 0, errors
    config = json.loads((out / "config.json").read_text())
    assert config["recipe"] == "teaching"
    assert config["training"]["batch_size"] == 256
    assert config["training"]["ema"] is None
    generator = keras.saving.load_model(out / "generator.keras")
    kernels = {
        layer.kernel_size
        for layer in generator.layers
        if isinstance(layer, keras.layers.Conv2DTranspose)
    }
    assert kernels == {(5, 5)}
    teaching = presets.get_recipe("dcgan_mnist", "teaching")
    assert run_folder.default_epochs(teaching, "fashion_mnist_sample") == (
        run_folder.OFFLINE_EPOCHS
    )
    assert run_folder.default_epochs(teaching, "mnist") == teaching.epochs


def test_resume_continues_the_epoch_count(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", "mlp_mnist", "--out", str(out), *TINY, "--metrics", "none"]
    assert _run(argv, capsys)[0] == 0
    status, _, errors = _run(argv, capsys)
    assert status == 1
    assert "holds a run of 'mlp_mnist'" in errors and "--resume" in errors
    status, printed, _ = _run(
        ["train", "--out", str(out), "--resume", "--epochs", "3"], capsys
    )
    assert status == 0 and "Resuming" in printed
    assert _log_epochs(out) == [0, 1, 2]
    assert sorted(p.name for p in (out / "samples").iterdir()) == [
        "epoch_0001.png",
        "epoch_0002.png",
        "epoch_0003.png",
    ]
    assert json.loads((out / "config.json").read_text())["epochs"] == 3
    status, printed, _ = _run(
        ["train", "--out", str(out), "--resume", "--epochs", "2"], capsys
    )
    assert status == 0 and "already holds 3 epochs" in printed
    status, _, errors = _run(
        ["train", "--out", str(out), "--resume", "--batch-size", "16"], capsys
    )
    assert status == 1 and "batch_size=32" in errors


def test_resume_after_sigkill_matches_an_uninterrupted_run(tmp_path, capsys):
    killed, straight = tmp_path / "killed", tmp_path / "straight"
    settings = ["mlp_mnist", "--max-images", "512", "--batch-size", "32"]
    settings += ["--metrics", "none"]
    process = subprocess.Popen(
        [sys.executable, "-m", "keras_gan_kit", "train", *settings]
        + ["--epochs", "200", "--out", str(killed)],
        env=subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 240
    try:
        while time.time() < deadline and process.poll() is None:
            if (killed / "log.csv").exists() and len(_log_epochs(killed)) >= 2:
                break
            time.sleep(0.2)
        assert process.poll() is None, "the run ended before it was killed"
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    done = len(_log_epochs(killed))
    assert 2 <= done < 200
    total = str(done + 2)
    argv = ["train", "--out", str(killed), "--resume", "--epochs", total]
    assert _run(argv, capsys)[0] == 0
    assert _log_epochs(killed) == list(range(done + 2))
    argv = ["train", *settings, "--epochs", total, "--out", str(straight)]
    assert _run(argv, capsys)[0] == 0
    resumed = keras.saving.load_model(killed / "generator.keras")
    uninterrupted = keras.saving.load_model(straight / "generator.keras")
    for a, b in zip(resumed.get_weights(), uninterrupted.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_conditional_run_then_sample_by_label(tmp_path, capsys):
    from PIL import Image

    out = tmp_path / "cgan"
    argv = ["train", "cgan_mnist", "--out", str(out), *TINY]
    assert _run(argv + ["--metrics", "none"], capsys)[0] == 0
    grid = tmp_path / "grid.png"
    status, printed, errors = _run(
        ["sample", str(out / "generator.keras"), "--labels", "0,3"]
        + ["--num", "4", "--out", str(grid)],
        capsys,
    )
    assert status == 0, errors
    assert "labels [0, 3]" in printed
    # 2 rows (labels) of 4 images of 28x28, 1-pixel gaps, enlarged 3x
    # (scale="auto" takes 28-pixel images to at least 64).
    assert Image.open(grid).size == (3 * (4 * 28 + 3), 3 * (2 * 28 + 1))
    # A latent walk: each label's row follows the same path, 5 steps.
    status, printed, errors = _run(
        ["sample", str(out / "generator.keras"), "--labels", "0,3"]
        + ["--num", "5", "--interpolate", "--out", str(grid)],
        capsys,
    )
    assert status == 0, errors
    assert "walk of 5 steps" in printed
    assert Image.open(grid).size == (3 * (5 * 28 + 4), 3 * (2 * 28 + 1))
    # Class interpolation: 8 latents morphing from class 1 into class 7 in
    # 3 steps, also as a looping GIF (3 frames forward, 1 back).
    gif = tmp_path / "walk.gif"
    status, printed, errors = _run(
        ["sample", str(out / "generator.keras"), "--interpolate-classes"]
        + ["1,7", "--num", "3", "--gif", str(gif), "--out", str(grid)],
        capsys,
    )
    assert status == 0, errors
    assert "from class 1 into class 7 in 3 steps" in printed
    assert Image.open(grid).size == (3 * (3 * 28 + 2), 3 * (8 * 28 + 7))
    assert Image.open(gif).n_frames == 4
    status, _, errors = _run(
        ["sample", str(out / "generator.keras"), "--interpolate-classes", "1"],
        capsys,
    )
    assert status == 1 and "takes two classes" in errors
    status, _, errors = _run(
        ["sample", str(out / "generator.keras"), "--gif", str(gif)], capsys
    )
    assert status == 1 and "--gif animates a walk" in errors
    status, _, errors = _run(
        ["sample", str(out / "generator.keras"), "--labels", "0,10"], capsys
    )
    assert status == 1 and "--labels [10] are out of range" in errors
    status, _, errors = _run(
        ["sample", str(out / "generator.keras"), "--labels", "a"], capsys
    )
    assert status == 1 and "comma-separated integers" in errors


def test_sample_and_evaluate_an_unconditional_generator(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", "mlp_mnist", "--out", str(out), *TINY]
    assert _run(argv + ["--metrics", "none"], capsys)[0] == 0
    model = str(out / "generator.keras")
    grid = tmp_path / "samples.png"
    status, printed, _ = _run(
        ["sample", model, "--num", "9", "--out", str(grid)], capsys
    )
    assert status == 0 and grid.exists() and "Wrote 9 samples" in printed
    status, _, errors = _run(["sample", model, "--labels", "1"], capsys)
    assert status == 1 and "--labels goes with a conditional" in errors
    # Truncated latents, in 8 walks of 4 steps.
    status, printed, errors = _run(
        ["sample", model, "--num", "4", "--interpolate", "--truncation", "0.5"]
        + ["--out", str(grid)],
        capsys,
    )
    assert status == 0 and "Wrote 32 samples" in printed, errors
    with pytest.raises(SystemExit) as stop:
        _run(["sample", model, "--truncation", "0"], capsys)
    assert stop.value.code == 2
    assert "--truncation: expected a number > 0" in capsys.readouterr().err
    scores_file = tmp_path / "scores.json"
    pairs = tmp_path / "pairs.png"
    status, printed, errors = _run(
        ["evaluate", model, "--num", "256", "--metrics", "fid,kid"]
        + ["--json", str(scores_file), "--memorization", str(pairs)],
        capsys,
    )
    assert status == 0, errors
    assert "fashion_mnist_sample" in printed  # read from the run folder
    scores = json.loads(scores_file.read_text())
    assert set(scores) == {
        "fid",
        "kid",
        "kid_std",
        "near_duplicate_share",
        "near_duplicate_threshold",
    }
    assert scores["fid"] > 0 and 0 <= scores["near_duplicate_share"] <= 1
    assert pairs.exists() and "closest pairs" in printed


def test_evaluate_refuses_another_image_shape_before_any_extractor(
    tmp_path, capsys, monkeypatch
):
    generator = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(28 * 28, activation="tanh"),
            keras.layers.Reshape((28, 28, 1)),
        ]
    )
    model = tmp_path / "generator.keras"
    generator.save(model)
    data = tmp_path / "colour.npz"
    np.savez(data, x=np.zeros((16, 32, 32, 3), "uint8"))

    def no_extractor(*args, **kwargs):
        raise AssertionError("a feature extractor was built")

    monkeypatch.setattr(
        keras_gan_kit.metrics.feature_extractor,
        "FeatureExtractor",
        no_extractor,
    )
    status, _, errors = _run(
        ["evaluate", str(model), "--dataset", str(data)], capsys
    )
    assert status == 1
    assert "makes images of shape (28, 28, 1)" in errors
    assert f"--dataset {str(data)!r} holds images of shape (32, 32, 3)" in (
        errors
    )


def test_unsafe_model_files_are_refused_unless_allowed(tmp_path, capsys):
    generator = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(16, activation="tanh"),
            keras.layers.Lambda(lambda x: x * 0.5),
            keras.layers.Reshape((4, 4, 1)),
        ]
    )
    path = tmp_path / "lambda.keras"
    generator.save(path)
    grid = tmp_path / "grid.png"
    status, _, errors = _run(["sample", str(path), "--out", str(grid)], capsys)
    assert status == 1
    assert "needs unsafe deserialization" in errors and "--unsafe" in errors
    assert len(errors.strip().splitlines()) == 1 and not grid.exists()
    argv = ["sample", str(path), "--unsafe", "--num", "4", "--out", str(grid)]
    assert _run(argv, capsys)[0] == 0 and grid.exists()
    broken = tmp_path / "broken.keras"
    broken.write_bytes(path.read_bytes()[:100])
    status, _, errors = _run(["sample", str(broken)], capsys)
    assert status == 1 and "broken.keras" in errors
    status, _, errors = _run(["sample", str(tmp_path / "none.keras")], capsys)
    assert status == 1 and "Model file not found" in errors


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "stylegan9"], "Unknown preset 'stylegan9'"),
        (["train", "--dataset", "nowhere.npz"], "Dataset path not found"),
        (["train", "--dataset", "imagenet"], "Dataset path not found"),
        (["train", "--resume"], "--resume needs a run folder"),
        (["train", "mlp_mnist", "--upsampling", "resize"], "no upsampling"),
        (["evaluate", "none.keras"], "Model file not found"),
        (["train", "sngan_64"], "pass --dataset path/to/folder --image-size"),
        (
            ["train", "--dataset", "fashion_mnist_sample", "--image-size", "8"],
            "which is not a folder",
        ),
    ],
)
def test_errors_are_one_line(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, errors = _run(argv, capsys)
    assert status == 1
    lines = errors.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("keras-gan-kit: error:")
    assert message in lines[0]


def test_a_folder_with_other_files_is_not_a_run(tmp_path, capsys):
    (tmp_path / "thesis.tex").write_text("precious")
    status, _, errors = _run(["train", "--out", str(tmp_path)], capsys)
    assert status == 1 and "is not empty" in errors
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def test_a_streamed_folder_trains_and_resumes(tmp_path, capsys):
    from PIL import Image

    pictures = tmp_path / "pictures"
    for label in ("a", "b"):
        (pictures / label).mkdir(parents=True)
        for index in range(8):
            pixels = np.full((40, 48, 3), 30 * index, "uint8")
            Image.fromarray(pixels).save(pictures / label / f"{index}.jpg")
    (pictures / "a" / "broken.jpg").write_bytes(b"not a picture")
    out = tmp_path / "run"
    argv = ["train", "dcgan_cifar10", "--dataset", str(pictures)]
    argv += ["--image-size", "16", "--batch-size", "8", "--epochs", "1"]
    status, printed, errors = _run(argv + ["--out", str(out)], capsys)
    assert status == 0, errors
    config = json.loads((out / "config.json").read_text())
    assert config["image_size"] == 16 and config["num_images"] == 17
    assert config["image_shape"] == [16, 16, 3]
    status, printed, _ = _run(
        ["train", "--out", str(out), "--resume", "--epochs", "2"], capsys
    )
    assert status == 0 and "Resuming" in printed
    assert _log_epochs(out) == [0, 1]
    status, _, errors = _run(
        ["train", "--out", str(out), "--resume", "--image-size", "8"], capsys
    )
    assert status == 1 and "image_size=16" in errors


def test_a_conditional_preset_needs_labels(tmp_path, capsys):
    data = tmp_path / "unlabelled.npz"
    np.savez(data, x=np.zeros((64, 28, 28), "uint8"))
    status, _, errors = _run(
        ["train", "cgan_mnist", "--dataset", str(data), "--out"]
        + [str(tmp_path / "run"), *TINY],
        capsys,
    )
    assert status == 1 and "needs labels" in errors


def test_presets_lists_every_preset_and_dataset(capsys):
    from keras_gan_kit import builders
    from keras_gan_kit import datasets

    status, printed, _ = _run(["presets"], capsys)
    assert status == 0
    for name in list(builders.list_presets()) + list(datasets.list_datasets()):
        assert name in printed


def test_console_entry_points(tmp_path):
    env = subprocess_env()
    result = subprocess.run(
        [sys.executable, "-m", "keras_gan_kit", "train", "--dataset", "x.npz"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("keras-gan-kit: error: Dataset path not found: 'x.npz'")
    )
    version = subprocess.run(
        [sys.executable, "-m", "keras_gan_kit", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert version.returncode == 0 and "keras-gan-kit 0." in version.stdout


def test_backend_option_runs_the_command_on_that_backend(tmp_path):
    from keras_gan_kit import backend_choice

    current = keras.backend.backend()
    others = [
        b
        for b in ("jax", "torch", "tensorflow")
        if b != current and backend_choice.installed(b)
    ]
    if not others:
        pytest.skip(
            "needs a second Keras backend: pip install -e "
            '".[tensorflow]" (or torch, jax)'
        )
    out = tmp_path / "run"
    result = subprocess.run(
        [sys.executable, "-m", "keras_gan_kit", "train", "mlp_mnist"]
        + ["--backend", others[0], "--out", str(out), *TINY]
        + ["--metrics", "none"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads((out / "config.json").read_text())["backend"] == others[0]
    assert os.path.exists(out / "generator.keras")


@pytest.mark.parametrize("backend", ["tensorflow", "jax", "torch"])
def test_default_run_prints_its_measured_time_on_every_backend(backend):
    from keras_gan_kit.cli import train

    recipe = presets.get_recipe(train.DEFAULT_PRESET)
    rate = recipe.measured["images_per_second"][backend]
    line = train.expected_time(recipe, backend, 50_000)
    assert f"about {50_000 / rate / 60:.0f} min on {backend}" in line
    assert train.expected_time(recipe, "numpy", 50_000) is None
