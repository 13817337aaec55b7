"""keras_gan_kit's modules import each other without a circle, also
through imports inside functions (a lazy import hides a circle, it does
not remove it)."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "keras_gan_kit"


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(name):
    path = ROOT / name.replace(".", "/")
    return path.is_dir() or path.with_suffix(".py").exists()


def _imports(path):
    """The package's modules that `path` imports, inside functions too,
    each as the most specific module named (`from a import b` names `a.b`
    where `b` is a module)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {
                alias.name
                for alias in node.names
                if alias.name.startswith("keras_gan_kit")
            }
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            if not module.startswith("keras_gan_kit"):
                continue
            for alias in node.names:
                full = f"{module}.{alias.name}"
                names.add(full if _exists(full) else module)
    return names


def _graph():
    return {
        _module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")
    }


def _cycle(graph):
    """A list of modules that import each other in a circle, or None."""
    state = {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                found = visit(target, stack)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def test_the_graph_is_read():
    graph = _graph()
    assert "keras_gan_kit.backend" in graph["keras_gan_kit.models.gan"]
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]


def test_no_import_circle():
    assert _cycle(_graph()) is None
