"""The packages whose members register themselves list their public names
literally; every name a module of theirs exports is among them."""

import importlib
import pkgutil

import pytest

import keras_gan_kit


@pytest.mark.parametrize("package", ["losses", "stabilizers"])
def test_every_module_is_imported_and_exported(package):
    package = getattr(keras_gan_kit, package)
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name in getattr(module, "__all__", ()):
            assert name in package.__all__, (info.name, name)
            assert getattr(package, name) is getattr(module, name)
    assert len(set(package.__all__)) == len(package.__all__)
