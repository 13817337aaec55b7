"""MkDocs hooks: the version in the site's title and the command-line
reference generated from the parser, so neither can go stale.

`mkdocs.yml` names this file under `hooks:`; MkDocs calls `on_config`
once and `on_page_markdown` for every page.
"""

import contextlib
import io
import os

from keras_gan_kit.version import __version__

MARKER = "<!-- cli-reference -->"
COMMANDS = ("train", "sample", "translate", "evaluate", "export", "presets")


def _help(argv):
    """What `keras-gan-kit ARGV --help` prints, at 80 columns."""
    from keras_gan_kit.cli import build_parser

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            build_parser().parse_args([*argv, "--help"])
    except SystemExit:
        pass
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    return output.getvalue().rstrip()


def cli_reference():
    """Markdown of `keras-gan-kit --help` and every command's help."""
    sections = []
    for argv in [[]] + [[name] for name in COMMANDS]:
        title = " ".join(["keras-gan-kit", *argv])
        sections += [f"### `{title}`", "", "```text", _help(argv), "```", ""]
    return "\n".join(sections)


def on_config(config, **kwargs):
    config["site_name"] = f"keras_gan_kit {__version__}"
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, cli_reference())
    return markdown
