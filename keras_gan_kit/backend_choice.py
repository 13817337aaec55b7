"""Which Keras backend to start when the user named none.

Keras starts TensorFlow unless `KERAS_BACKEND` or `keras.json` names
another, and fails to import where TensorFlow is not installed. A user who
installed keras_gan_kit with the JAX or PyTorch extra only should still get
a working `import keras_gan_kit` and `keras-gan-kit` command, so before
Keras is imported, and only when nothing was chosen and the default is
missing, this picks the first installed of JAX, PyTorch. It reads no
Keras module (importing Keras would fix the backend).
"""

import importlib.util
import json
import os
import sys

_IMPORT_NAMES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def keras_home():
    """Keras's folder: `$KERAS_HOME`, by default `~/.keras`."""
    return os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"
    )


def configured_backend():
    """The backend Keras will start: `KERAS_BACKEND`, else `keras.json`'s,
    else `"tensorflow"`."""
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    try:
        with open(os.path.join(keras_home(), "keras.json")) as file:
            return json.load(file).get("backend", "tensorflow")
    except (OSError, ValueError, AttributeError):
        return "tensorflow"


def installed(backend):
    """Whether `backend`'s framework can be imported."""
    name = _IMPORT_NAMES.get(backend)
    return name is not None and importlib.util.find_spec(name) is not None


def choose_backend():
    """Sets `KERAS_BACKEND` to an installed backend when Keras is not yet
    imported, none was chosen, and the default (TensorFlow) is missing.
    Returns the backend Keras will start."""
    if "keras" in sys.modules or os.environ.get("KERAS_BACKEND"):
        return configured_backend()
    backend = configured_backend()
    if backend == "tensorflow" and not installed(backend):
        for candidate in ("jax", "torch"):
            if installed(candidate):
                os.environ["KERAS_BACKEND"] = candidate
                return candidate
    return backend
