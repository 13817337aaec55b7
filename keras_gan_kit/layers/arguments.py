"""Checks of the layers' constructor arguments."""


def positive_int(name, value):
    """`value` when it is an int >= 1; else a ValueError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"{name} must be a positive integer; received {value!r}."
        )
    return value
