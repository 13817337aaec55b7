"""The README's install command installs what the test suite imports.

CI runs the README's commands literally in a fresh environment
(`.ci/run`), which catches a test that fails without an extra. These
checks catch the drift earlier, in any environment, even one with every
extra installed: a module that the tests or the package import at module
level must come from the base dependencies or from an extra that the
README's install command names.
"""

import ast
import importlib.metadata
import importlib.util
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
tomllib = pytest.importorskip("tomllib")  # Python 3.11 and newer


def _readme_commands():
    path = ROOT / "scripts" / "readme_commands.py"
    spec = importlib.util.spec_from_file_location("readme_commands", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name(requirement):
    """The normalized distribution name of a requirement string."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed_names(extras):
    project = _project()
    names = {_name(r) for r in project["dependencies"]}
    for extra in extras:
        names |= {_name(r) for r in project["optional-dependencies"][extra]}
    return names


def _module_level_imports(path):
    """Top-level modules imported by `path`'s module-level statements
    (not inside functions, `try` blocks or `if` blocks)."""
    tree = ast.parse(path.read_text())
    modules = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def _third_party(modules):
    own = {"keras_gan_kit", "tests", "scripts"}
    return {
        module
        for module in modules
        if module not in own and module not in sys.stdlib_module_names
    }


def test_the_readme_installs_a_backend_and_the_test_tools():
    commands = _readme_commands()
    extras = commands.install_extras()
    known = set(_project()["optional-dependencies"])
    assert set(extras) <= known, (extras, sorted(known))
    assert "test" in extras
    assert {"tensorflow", "jax", "torch"} & set(extras)
    backend = re.search(r"KERAS_BACKEND=(\w+)", commands.test_command())
    assert backend and backend[1] in extras, commands.test_command()


def test_options_of_the_readme_test_command_are_installed_by_it():
    commands = _readme_commands()
    names = _installed_names(commands.install_extras())
    if re.search(r"\s-n\s", commands.test_command()):
        assert "pytest-xdist" in names
    assert "pytest" in names


@pytest.mark.parametrize("tree", ["tests", "keras_gan_kit"])
def test_module_level_imports_come_from_the_readme_install(tree):
    """`keras_gan_kit/backend/` imports the chosen backend by design; every
    other module-level import must be installed by the README's command."""
    commands = _readme_commands()
    names = _installed_names(commands.install_extras())
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for path in sorted((ROOT / tree).rglob("*.py")):
        if "backend" in path.relative_to(ROOT).parts[1:-1]:
            continue
        for module in _third_party(_module_level_imports(path)):
            providers = {_name(d) for d in distributions.get(module, [module])}
            if not providers & names:
                missing.setdefault(module, []).append(
                    str(path.relative_to(ROOT))
                )
    assert not missing, (
        f"imported at module level but not installed by "
        f"{commands.install_command()!r}: {missing}. Import it inside the "
        "test with pytest.importorskip or tests.conftest.require_extra, or "
        "add it to the test extra."
    )


def test_the_parser_finds_one_install_and_one_test_command():
    commands = _readme_commands()
    text = (
        '```bash\npip install -e ".[torch,test]"\n```\n'
        "```bash\nKERAS_BACKEND=torch python -m pytest -q tests\n```\n"
    )
    assert commands.install_extras(text) == ["torch", "test"]
    assert commands.test_command(text).startswith("KERAS_BACKEND=torch")
    with pytest.raises(ValueError, match="exactly one install command"):
        commands.install_command("```bash\necho\n```\n")
