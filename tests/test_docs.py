"""The documentation: every guide's code runs, and every public name is in
the API reference.

The guides' Python blocks run page by page, in order, in one namespace per
page, as a reader would paste them, on the README's test backend. To keep
the suite fast, `fit` trains one epoch on the first 256 images whatever the
page asks, and datasets that would be downloaded come from the shared data
beside the repository (the page is skipped without it). Lines `# text`
right after a `print` are expected output and must appear, in order, in
what the page prints. A block preceded by
`<!-- docs-test: skip: REASON -->` is not run.
"""

import contextlib
import importlib.util
import inspect
import io
import pathlib
import re
import sys
import textwrap

import keras
import pytest

import keras_gan_kit
import keras_gan_kit.cli
from keras_gan_kit import datasets
from tests.conftest import readme_test_backend
from tests.conftest import shared_data_file

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"
# The guides and the API pages' own examples (class names, registries).
GUIDES = sorted(DOCS.glob("*.md")) + sorted(DOCS.glob("api/*.md"))
_BLOCK = re.compile(
    r"(<!-- docs-test: skip: (?P<reason>.+?) -->\n)?"
    r"^(?P<indent> *)```python\n(?P<code>.*?)^(?P=indent)```",
    re.DOTALL | re.MULTILINE,
)
_FIT_IMAGES = 256


# The guides run on one backend, that of the README's test command: each
# feature a page shows is tested on every backend by its own tests, and
# the pages run three times took about a sixth of CI's time.
GUIDE_BACKEND = readme_test_backend()


def blocks(page):
    """`(code, skip_reason)` of each Python block of `page`."""
    return [
        (
            textwrap.dedent(match["code"]),
            match["reason"],
        )
        for match in _BLOCK.finditer(page.read_text())
    ]


def _expected_lines(code):
    expected, after_print = [], False
    for line in code.splitlines():
        stripped = line.strip()
        if stripped.startswith("# ") and after_print:
            expected.append(stripped[2:])
            continue
        after_print = stripped.startswith("print(") or (
            after_print and stripped.startswith("# ")
        )
    return expected


@pytest.fixture
def small_runs(monkeypatch, tmp_path):
    """One epoch on few images, shared data instead of downloads."""
    monkeypatch.chdir(tmp_path)
    real_load = datasets.load

    def load(name, path=None, **kwargs):
        if name in ("mnist", "fashion_mnist") and path is None:
            path = shared_data_file(f"{name}.npz")
        return real_load(name, path=path, **kwargs)

    monkeypatch.setattr(datasets, "load", load)
    real_fit = keras.Model.fit

    def fit(self, x=None, y=None, *args, **kwargs):
        if isinstance(x, datasets.ShuffledBatches):
            x.images, x._order = x.images[:_FIT_IMAGES], None
            if x.labels is not None:
                x.labels = x.labels[:_FIT_IMAGES]
            if hasattr(x, "images_b"):  # UnpairedBatches, of CycleGAN
                x.images_b = x.images_b[:_FIT_IMAGES]
        if hasattr(x, "shape"):
            x = x[:_FIT_IMAGES]
        if hasattr(y, "shape"):
            y = y[:_FIT_IMAGES]
        kwargs["epochs"] = 1
        kwargs.setdefault("verbose", 0)
        return real_fit(self, x, y, *args, **kwargs)

    monkeypatch.setattr(keras_gan_kit.GAN, "fit", fit)
    policy = keras.mixed_precision.global_policy()
    yield
    keras.mixed_precision.set_global_policy(policy)


@pytest.mark.parametrize(
    "page", GUIDES, ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_guide_code_runs(page, small_runs):
    if keras.backend.backend() != GUIDE_BACKEND:
        pytest.skip(
            f"the guides run on {GUIDE_BACKEND}, the README's test backend"
        )
    pytest.importorskip("PIL")
    pytest.importorskip("matplotlib")
    page_blocks = blocks(page)
    namespace = {}
    for index, (code, reason) in enumerate(page_blocks):
        if reason is not None:
            continue
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(code, f"{page.name}[{index}]", "exec"), namespace)
        printed = [line.strip() for line in output.getvalue().splitlines()]
        remaining = iter(printed)
        for line in _expected_lines(code):
            assert line in remaining, (
                f"{page.name} block {index} should print {line!r}; it "
                f"printed {printed}"
            )


def test_skipped_blocks_say_why():
    for page in GUIDES:
        for _, reason in blocks(page):
            assert reason is None or len(reason.split()) >= 3, page


def _public_names():
    modules = [
        keras_gan_kit,
        keras_gan_kit.builders,
        keras_gan_kit.callbacks,
        keras_gan_kit.datasets,
        keras_gan_kit.distribution,
        keras_gan_kit.layers,
        keras_gan_kit.latents,
        keras_gan_kit.losses,
        keras_gan_kit.metrics,
        keras_gan_kit.presets,
        keras_gan_kit.stabilizers,
        keras_gan_kit.schedules,
        keras_gan_kit.optimizers,
        keras_gan_kit.utils,
        keras_gan_kit.cli,
    ]
    for module in modules:
        for name in module.__all__:
            if not inspect.ismodule(getattr(module, name)):
                yield module.__name__, name


def test_every_public_name_is_in_the_api_reference():
    reference = "\n".join(
        path.read_text() for path in sorted((DOCS / "api").glob("*.md"))
    )
    # Packages that gather their modules' names (losses, stabilizers) are
    # documented at the defining module: `::: package.module.name`.
    documented = re.findall(r"^::: (\S+)$", reference, flags=re.MULTILINE)
    missing = [
        f"{module}.{name}"
        for module, name in _public_names()
        if not any(
            path == f"{module}.{name}"
            or (path.startswith(f"{module}.") and path.endswith(f".{name}"))
            for path in documented
        )
        and f"`{name}`" not in reference
    ]
    assert not missing, missing


def test_documented_arguments_belong_to_a_constructor_of_the_package():
    """The docs build checks each class's `Args:` against its constructor.
    A constructor inherited from Keras is only seen when the docs tool
    also happens to load Keras, so the strict build failed at random
    (`CSVLog`); a class that documents arguments defines its own."""
    inherited = []
    for module, name in _public_names():
        obj = getattr(sys.modules[module], name)
        if not inspect.isclass(obj) or "Args:" not in (obj.__doc__ or ""):
            continue
        owner = next(k for k in obj.__mro__ if "__init__" in vars(k))
        if not owner.__module__.startswith("keras_gan_kit"):
            inherited.append(f"{module}.{name} (from {owner.__module__})")
    assert not inherited, inherited


def test_every_page_is_in_the_navigation():
    navigation = (DOCS.parent / "mkdocs.yml").read_text()
    pages = [p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")]
    assert [p for p in pages if p not in navigation] == []


def test_every_picture_exists_and_is_used():
    text = "\n".join(p.read_text() for p in DOCS.rglob("*.md"))
    used = set(re.findall(r"\]\((images/[^)]+)\)", text))
    for picture in used:
        assert (DOCS / picture).exists(), picture
    made = {
        p.relative_to(DOCS).as_posix() for p in (DOCS / "images").rglob("*.png")
    }
    assert made <= used, sorted(made - used)


def test_the_command_line_reference_is_generated_from_the_parser():
    path = DOCS.parent / "scripts" / "mkdocs_hooks.py"
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", path)
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    page = (DOCS / "api" / "cli.md").read_text()
    assert hooks.MARKER in page
    text = hooks.on_page_markdown(page, None, None, None)
    assert hooks.MARKER not in text
    for command in ("train", "sample", "translate", "evaluate", "export"):
        assert f"usage: keras-gan-kit {command}" in text
    assert "--image-size IMAGE_SIZE" in text
    config = hooks.on_config({"site_name": "keras_gan_kit"})
    assert config["site_name"] == f"keras_gan_kit {keras_gan_kit.__version__}"


def test_the_changelog_names_the_installed_version():
    changelog = (DOCS / "changelog.md").read_text()
    assert f"\n## {keras_gan_kit.__version__} " in changelog
