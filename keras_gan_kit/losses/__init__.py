"""GAN loss families: pure functions plus a serializable class each.

Every family says its sign convention: the discriminator's outputs are raw
logits (or critic scores) where higher means more real. Each family is one
module of this package: its class registers itself with
`register_loss_family`, and the package imports every module and exports
the names in their `__all__`, so a new family is one file (and its test).
"""

from keras_gan_kit.utils.registry import import_submodules

_EXPORTED = import_submodules(__name__, __path__)
globals().update(_EXPORTED)

__all__ = sorted(_EXPORTED)
