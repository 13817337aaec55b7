"""The install and test commands of README.md, as a newcomer copies them.

CI runs what this prints, so the README's own path is what CI tests:

    python scripts/readme_commands.py install   # pip install -e ".[jax,test]"
    python scripts/readme_commands.py test      # KERAS_BACKEND=jax python ...
    python scripts/readme_commands.py extras    # jax test

`tests/test_readme_commands.py` checks that these commands and the extras
of pyproject.toml agree.
"""

import pathlib
import re
import sys

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
_BASH = re.compile(r"^```bash\n(.*?)^```", re.DOTALL | re.MULTILINE)


def bash_lines(text=None):
    """Every line of the README's bash blocks, in order."""
    text = README.read_text() if text is None else text
    return [
        line.strip()
        for block in _BASH.findall(text)
        for line in block.splitlines()
        if line.strip()
    ]


def _only(lines, what):
    if len(lines) != 1:
        raise ValueError(
            f"README.md should have exactly one {what} command in its bash "
            f"blocks; found {len(lines)}: {lines}."
        )
    return lines[0]


def install_command(text=None):
    """The README's one `pip install -e ".[...]"` line."""
    lines = [line for line in bash_lines(text) if "pip install -e" in line]
    return _only(lines, "install")


def test_command(text=None):
    """The README's one line that runs pytest."""
    lines = [line for line in bash_lines(text) if "pytest" in line]
    return _only(lines, "test")


def install_extras(text=None):
    """The extras the install command names, in order."""
    match = re.search(r"\.\[([\w,\- ]+)\]", install_command(text))
    if match is None:
        raise ValueError(
            f"README.md's install command {install_command(text)!r} names "
            'no extras; expected pip install -e ".[BACKEND,test]".'
        )
    return [extra.strip() for extra in match[1].split(",")]


def main(argv):
    commands = {
        "install": install_command,
        "test": test_command,
        "extras": lambda: " ".join(install_extras()),
    }
    if len(argv) != 1 or argv[0] not in commands:
        usage = f"usage: readme_commands.py {'|'.join(commands)}"
        print(usage, file=sys.stderr)
        return 2
    print(commands[argv[0]]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
