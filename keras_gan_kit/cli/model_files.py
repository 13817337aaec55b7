"""The model files the commands read: safe loading of `.keras` files and
the `config.json` of the run folder holding one."""

import json
import os
import zipfile

import keras


def load_model_file(path, unsafe=False):
    """Loads a `.keras` file (a GAN, a generator or a translator) with
    Keras's `safe_mode`, unless `unsafe`; errors say what to do."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ValueError(f"Model file not found: {path!r}.")
    if not path.endswith(".keras"):
        raise ValueError(
            f"{path!r} is not a .keras file; expected a model saved with "
            "model.save('name.keras') (for example a run's generator.keras)."
        )
    try:
        return keras.saving.load_model(
            path, compile=False, safe_mode=not unsafe
        )
    except (zipfile.BadZipFile, EOFError) as error:
        raise ValueError(
            f"{path!r} is corrupt or truncated ({error}); it is not a "
            "readable .keras archive."
        ) from None
    except Exception as error:  # Keras raises many kinds on bad files
        message = str(error)
        if "safe_mode" in message or "lambda" in message.lower():
            raise ValueError(
                f"{path!r} needs unsafe deserialization: it holds Python "
                "code (for example a Lambda layer) that would run on "
                "loading. Pass --unsafe only if you trust where the file "
                "came from."
            ) from None
        raise ValueError(
            f"Could not load {path!r} ({type(error).__name__}: "
            f"{message.splitlines()[0] if message else ''})."
        ) from None


def run_config_of(path):
    """The `config.json` of the run folder holding `path`, or `{}`."""
    config_path = os.path.join(
        os.path.dirname(os.path.abspath(path)), "config.json"
    )
    try:
        with open(config_path) as file:
            return json.load(file)
    except (OSError, ValueError):
        return {}
