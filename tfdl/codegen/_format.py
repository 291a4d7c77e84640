"""Small formatters shared by the code generators: numbers, arrays, keyword lists and shapes as Python text."""

from __future__ import annotations

import numpy as np


def num(v: float) -> str:
    """A number as short Python: an integer when whole, else three significant digits."""
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:.3g}"


def nested(a) -> str:
    """An array as nested Python lists, whole numbers without a decimal point, others exact (``repr``)."""
    a = np.asarray(a)
    if a.ndim == 0:
        v = float(a)
        return str(int(v)) if v.is_integer() else repr(v)
    return "[" + ", ".join(nested(v) for v in a) + "]"


def kwargs(values: dict) -> str:
    """``{"a": 1}`` → ``", a=1"``: keyword arguments appended to a call."""
    return "".join(f", {k}={v!r}" for k, v in values.items())


def shape(value):
    """An input shape as plain Python: ints, ``None`` kept, nested for a model with several inputs."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return tuple(shape(d) for d in value)
    return int(value)
