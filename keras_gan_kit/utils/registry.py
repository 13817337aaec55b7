"""Registries by decorator: a loss family or a stabilizer is one file.

A package whose members register themselves (`Registry.register`) imports
each of its modules in its `__init__`; `Registry.resolve` is the one way
from a name, a config or a number to an object.
"""

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

    def resolve(
        self, identifier, argument, *, base=None, number=None, example=""
    ):
        """The one way from what a user passed to an object of this
        registry: a registered name, a config dict, an instance (returned
        as is) or, where `number` is given, a number; `None` stays `None`.

        Args:
            identifier: What the user passed.
            argument: The argument's name, for the error message.
            base: Accept only this subclass of the registry's base, and
                only the names registered for it. Defaults to the
                registry's base.
            number: `(build, meaning)` for an argument that takes a number:
                `build(number)` makes the object, `meaning` says what the
                number is. Defaults to `None` (numbers are refused).
            example: An example of a valid value, for the error message.
                Defaults to `""`.

        Returns:
            An instance of `base`, or `None`.
        """
        base = base or self.base
        names = self.names(where=lambda cls: issubclass(cls, base))
        if identifier is None or isinstance(identifier, base):
            return identifier
        if isinstance(identifier, str) and identifier in names:
            return self[identifier]()
        if isinstance(identifier, dict):
            instance = keras.saving.deserialize_keras_object(identifier)
            if isinstance(instance, base):
                return instance
        is_number = isinstance(identifier, int | float) and not isinstance(
            identifier, bool
        )
        example = f" For example {example}." if example else ""
        if number is not None:
            if is_number:
                return number[0](identifier)
            raise ValueError(
                f"{argument} must be a number ({number[1]}), one of {names}, "
                f"a {base.__name__} or None; received {identifier!r}."
                f"{example}"
            )
        noun = argument if base is not self.base else self.kind
        problem = (
            f"Unknown {noun} {identifier!r}"
            if isinstance(identifier, str)
            else f"Could not interpret {noun} {identifier!r} of type "
            f"{type(identifier).__name__}"
        )
        raise ValueError(
            f"{problem} for {argument}. Expected one of {names} or a "
            f"{base.__name__} instance; check the spelling, or subclass "
            f"{base.__name__} for one of your own.{example}"
        )
