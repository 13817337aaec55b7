"""Stabilizers: hooks into the training step (`Stabilizer`), given to
`GAN.compile(stabilizers=[...])` or through its shorthands: gradient
penalties (WGAN-GP, R1, R2, with lazy regularization), weight clipping,
differentiable augmentation (DiffAugment, adaptive ADA), instance noise and
LeCam regularization.

Each stabilizer is one module of this package that registers itself with
`register_stabilizer`; the package imports every module and exports the
names in their `__all__`, so a new stabilizer is one file (and its test).
"""

from keras_gan_kit.utils.registry import import_submodules

_EXPORTED = import_submodules(__name__, __path__)
globals().update(_EXPORTED)

__all__ = sorted(_EXPORTED)
