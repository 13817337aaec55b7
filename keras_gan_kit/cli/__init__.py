"""The `keras-gan-kit` command line (also `python -m keras_gan_kit`)."""

from keras_gan_kit.cli.main import build_parser
from keras_gan_kit.cli.main import main

__all__ = ["build_parser", "main"]
