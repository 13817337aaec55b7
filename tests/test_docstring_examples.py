"""Every `Examples:` block in a public docstring runs and prints what it says.

Lines of the form `# text` right after a line that prints are the expected
output, the same on every backend.
"""

import contextlib
import inspect
import io
import re

import pytest

import keras_gan_kit
import keras_gan_kit.cli
import keras_gan_kit.layers
from keras_gan_kit.losses.base import LOSS_FAMILIES
from keras_gan_kit.stabilizers.base import STABILIZERS
from tests.conftest import require_extra

_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _public_objects():
    modules = [
        keras_gan_kit,
        keras_gan_kit.backend,
        keras_gan_kit.builders,
        keras_gan_kit.callbacks,
        keras_gan_kit.cli,
        keras_gan_kit.latents,
        keras_gan_kit.layers,
        keras_gan_kit.losses,
        keras_gan_kit.metrics,
        keras_gan_kit.stabilizers,
        keras_gan_kit.schedules,
        keras_gan_kit.optimizers,
        keras_gan_kit.datasets,
        keras_gan_kit.distribution,
        keras_gan_kit.utils,
    ]
    seen = {}
    for module in modules:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not (
                inspect.isclass(obj) or inspect.isfunction(obj)
            ):
                continue
            seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
            if not inspect.isclass(obj):
                continue
            # Members of the package's own bases too (GAN's parts).
            for klass in obj.__mro__:
                if not klass.__module__.startswith("keras_gan_kit"):
                    continue
                for member_name, member in vars(klass).items():
                    if (
                        callable(member)
                        and member.__doc__
                        and (not member_name.startswith("_"))
                    ):
                        key = f"{klass.__module__}.{klass.__qualname__}"
                        seen[f"{key}.{member_name}"] = member
    return seen


def _examples():
    cases = []
    for name, obj in sorted(_public_objects().items()):
        doc = inspect.getdoc(obj) or ""
        for index, block in enumerate(_BLOCK.findall(doc)):
            cases.append(pytest.param(block, id=f"{name}[{index}]"))
    return cases


def _split(block):
    code, expected = [], []
    after_print = False
    for line in block.splitlines():
        stripped = line.strip()
        if stripped.startswith("# ") and after_print:
            expected.append(stripped[2:])
            continue
        code.append(line)
        after_print = stripped.startswith("print(") or (
            after_print and stripped.startswith("# ")
        )
    return "\n".join(code), expected


def test_every_public_class_and_function_has_an_example():
    missing = [
        name
        for name, obj in _public_objects().items()
        if name.count(".")
        and not _BLOCK.search(inspect.getdoc(obj) or "")
        and (inspect.isclass(obj) or "." not in obj.__qualname__)
    ]
    assert not missing, missing


# An example that needs an optional extra says so in its first lines,
# for its readers and for this runner: "# Needs the onnx extra: ...".
_NEEDS = re.compile(r"^\s*# Needs the (\w+) extra", re.MULTILINE)


@pytest.mark.parametrize("block", _examples())
def test_docstring_example(block, tmp_path, monkeypatch):
    for extra in _NEEDS.findall(block):
        require_extra(extra)
    monkeypatch.chdir(tmp_path)
    code, expected = _split(block)
    output = io.StringIO()
    # Examples of the register decorators add names; later tests (the API
    # pages list the registries) must not see them.
    registries = [LOSS_FAMILIES, STABILIZERS]
    saved = [dict(registry) for registry in registries]
    try:
        with contextlib.redirect_stdout(output):
            exec(compile(code, "<docstring>", "exec"), {})
    finally:
        for registry, names in zip(registries, saved):
            registry.clear()
            registry.update(names)
    printed = [line.strip() for line in output.getvalue().splitlines()]
    assert printed == expected
