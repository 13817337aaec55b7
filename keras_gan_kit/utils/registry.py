"""Registries by decorator: a loss family or a stabilizer is one file.

A package whose members register themselves (`Registry.register`) imports
every one of its modules with `import_submodules`, which also gathers
their `__all__`: `get()`, the package's names and its `__all__` follow
from the files present, with no hand-kept list.
"""

import importlib
import pkgutil

import keras


class Registry(dict):
    """Named classes of one kind, found by `resolve()`: a dict from name to
    class that its members fill with the `register` decorator.

    Args:
        kind: What the classes are, for messages (`"loss family"`).
        base: The base class every registered class and accepted instance
            derives from.

    Examples:

    ```python
    from keras_gan_kit.utils.registry import Registry

    class Shape:
        pass

    shapes = Registry("shape", Shape)

    @shapes.register("square")
    class Square(Shape):
        pass

    print(shapes.names(), type(shapes.resolve("square", "shape")).__name__)
    # ['square'] Square
    ```
    """

    def __init__(self, kind, base):
        super().__init__()
        self.kind = kind
        self.base = base

    def register(self, name):
        """A class decorator that registers the class under `name` and
        makes it serializable (`keras.saving`, package `keras_gan_kit`)."""

        def decorate(cls):
            known = self.get(name)
            if known is not None and (
                known.__module__,
                known.__qualname__,
            ) != (cls.__module__, cls.__qualname__):
                raise ValueError(
                    f"Two {self.kind} classes are registered as {name!r}: "
                    f"{known.__name__} and {cls.__name__}. Give the "
                    "new one another name."
                )
            cls = keras.saving.register_keras_serializable(
                package="keras_gan_kit"
            )(cls)
            self[name] = cls
            return cls

        return decorate

    def names(self, where=None):
        """The registered names, sorted; `where(cls)` filters them."""
        return sorted(
            name for name, cls in self.items() if where is None or where(cls)
        )

    def resolve(self, identifier, argument):
        """An instance from a registered name, a config dict or an
        instance (returned as is); `None` stays `None`.

        Args:
            identifier: What the user passed.
            argument: The argument's name, for the error message.

        Returns:
            An instance of `base`, or `None`.
        """
        if identifier is None or isinstance(identifier, self.base):
            return identifier
        if isinstance(identifier, str) and identifier in self:
            return self[identifier]()
        if isinstance(identifier, dict):
            instance = keras.saving.deserialize_keras_object(identifier)
            if isinstance(instance, self.base):
                return instance
        raise ValueError(
            f"Unknown {self.kind} {identifier!r} (of type "
            f"{type(identifier).__name__}) for {argument}. Expected one of "
            f"{self.names()} or a {self.base.__name__} instance; "
            f"subclass {self.base.__name__} for one of your own."
        )


def import_submodules(package_name, package_path):
    """Imports every module of a package; returns the names they export.

    Args:
        package_name: The package's `__name__`.
        package_path: The package's `__path__`.

    Returns:
        A dict from each name in a module's `__all__` to its object.
    """
    exported = {}
    for info in sorted(
        pkgutil.iter_modules(package_path), key=lambda info: info.name
    ):
        module = importlib.import_module(f"{package_name}.{info.name}")
        for name in getattr(module, "__all__", ()):
            exported[name] = getattr(module, name)
    return exported
