"""Exported generators give Keras's images: ONNX on every backend, a TF
SavedModel on TensorFlow."""

import os

import keras
import numpy as np
import pytest

from keras_gan_kit import builders
from keras_gan_kit.cli import main
from keras_gan_kit.utils import export_generator
from keras_gan_kit.utils.export import check_inputs
from tests.conftest import require_extra

require_extra("onnx", module_level=True)
onnxruntime = pytest.importorskip("onnxruntime")


def _generators():
    return {
        "dcgan": builders.dcgan_generator(
            latent_dim=8, image_shape=(16, 16, 1), filters=8
        ),
        "conditional": builders.conditional_generator(
            latent_dim=8, num_classes=3, image_shape=(8, 8, 1), filters=8
        ),
    }


@pytest.mark.parametrize("name", ["dcgan", "conditional"])
def test_onnx_export_runs_in_onnxruntime_like_keras(name, tmp_path):
    generator = _generators()[name]
    path = str(tmp_path / f"{name}.onnx")
    difference = export_generator(generator, path)
    assert difference < 1e-5
    # Run it here too, on another batch size than the check used.
    session = onnxruntime.InferenceSession(path)
    inputs = check_inputs(generator, num_samples=7, seed=3)
    feeds = {s.name: a for s, a in zip(session.get_inputs(), inputs)}
    exported = session.run(None, feeds)[0]
    expected = generator.predict(
        inputs if len(inputs) > 1 else inputs[0], verbose=0
    )
    assert exported.shape == (7,) + tuple(generator.output_shape[1:])
    np.testing.assert_allclose(exported, expected, atol=1e-5)


@pytest.mark.skipif(
    keras.backend.backend() != "tensorflow",
    reason="a SavedModel is exported from the TensorFlow backend",
)
def test_savedmodel_export_serves_keras_images(tmp_path):
    generator = _generators()["conditional"]
    difference = export_generator(
        generator, str(tmp_path / "served"), format="savedmodel"
    )
    assert difference < 1e-5
    assert os.path.exists(tmp_path / "served" / "saved_model.pb")


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Unknown export format 'tflite'"):
        export_generator(
            _generators()["dcgan"], str(tmp_path / "g"), format="tflite"
        )


def test_export_command_writes_a_checked_onnx_file(tmp_path, capsys):
    generator = _generators()["dcgan"]
    generator.save(tmp_path / "generator.keras")
    assert main(["export", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert (tmp_path / "generator.onnx").exists()
    assert "checked against Keras" in printed
    (tmp_path / "empty").mkdir()
    status = main(["export", str(tmp_path / "empty")])
    errors = capsys.readouterr().err
    assert status == 1 and "holds no generator.keras" in errors
    status = main(["export", str(tmp_path / "nowhere.keras")])
    errors = capsys.readouterr().err
    assert status == 1 and "Model file not found" in errors
