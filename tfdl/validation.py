"""Argument checks shared by tfdl's modules (pure Python: no numpy, no TensorFlow).

The checks behind "Errors teach": each returns the value in a normal form or raises
``ValueError`` naming the argument, the value received and why, e.g.
``ValueError("`stride` must be >= 1. Received: stride=0")``. :mod:`tfdl.shapes`,
:mod:`tfdl.functional` and :mod:`tfdl.layers` import them from here, as Keras' layers import
``keras.src.utils.argument_validation``.

Example:
    >>> from tfdl.validation import per_dim, positive_int
    >>> per_dim(3, 2, "kernel_size"), positive_int(8, "filters")
    ([3, 3], 8)
"""

from __future__ import annotations

import numbers
import operator
from typing import Any

__all__ = [
    "PADDING_NAMES",
    "check_int",
    "padding_name",
    "padding_pair",
    "padding_per_dim",
    "per_dim",
    "positive_int",
]

#: The string paddings understood by tfdl (TensorFlow / Keras names).
PADDING_NAMES = ("valid", "same", "causal")


def check_int(value: Any, name: str, minimum: int | None = None, why: str = "") -> int:
    """``value`` as an int (an integral float is accepted), optionally ``>= minimum``.

    Args:
        value: the argument to check.
        name: its name, for the message.
        minimum: the smallest allowed value (``None``: no bound).
        why: the reason for the bound, shown in brackets.

    Returns:
        ``int(value)``.

    Raises:
        ValueError: a bool, a non-integer, or a value below ``minimum``.

    Example:
        >>> check_int(2.0, "padding", 0)
        2
    """
    if isinstance(value, bool):
        raise ValueError(f"`{name}` must be an integer, not a bool. Received: {name}={value!r}")
    try:
        v = operator.index(value)
    except TypeError:
        if isinstance(value, float) and value.is_integer():
            v = int(value)
        else:
            raise ValueError(
                f"`{name}` must be an integer. Received: {name}={value!r}"
            ) from None
    if minimum is not None and v < minimum:
        reason = f" ({why})" if why else ""
        raise ValueError(f"`{name}` must be >= {minimum}{reason}. Received: {name}={value!r}")
    return v


def positive_int(value: Any, name: str) -> int:
    """``value`` as an int >= 1 (no bool, no float): ``filters``, ``groups``, ``units``.

    Args:
        value: the argument to check.
        name: its name, for the message.

    Returns:
        ``int(value)``.

    Raises:
        ValueError: "`name` must be an integer >= 1. Received: name=value".

    Example:
        >>> positive_int(4, "groups")
        4
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"`{name}` must be an integer >= 1. Received: {name}={value!r}")
    return int(value)


def padding_name(padding: Any) -> str | None:
    """The lower-case padding name if ``padding`` is a string (one of :data:`PADDING_NAMES`).

    Args:
        padding: a string, or an explicit padding (int, pair, ...).

    Returns:
        ``"valid"``, ``"same"`` or ``"causal"``; ``None`` when ``padding`` is not a string.

    Raises:
        ValueError: an unknown padding name.

    Example:
        >>> padding_name("SAME"), padding_name(2)
        ('same', None)
    """
    if isinstance(padding, str):
        name = padding.lower()
        if name not in PADDING_NAMES:
            raise ValueError(
                "`padding` must be an integer, a (before, after) pair, 'valid' or 'same'"
                f" (or 'causal' for 1-D). Received: padding={padding!r}"
            )
        return name
    return None


def padding_pair(padding: Any) -> tuple[int, int]:
    """An explicit padding of one dimension (int, or ``(before, after)``) as a checked pair.

    Args:
        padding: ``P`` (the same on both sides) or ``(before, after)``, each >= 0.

    Returns:
        ``(before, after)``.

    Raises:
        ValueError: a pair of the wrong length, a non-integer, or a negative padding.

    Example:
        >>> padding_pair(1), padding_pair((0, 2))
        ((1, 1), (0, 2))
    """
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                "An explicit padding for one dimension is an int or a (before, after) pair. "
                f"Received: padding={padding!r}"
            )
        before = check_int(padding[0], "padding", 0, "padding cannot be negative")
        after = check_int(padding[1], "padding", 0, "padding cannot be negative")
        return before, after
    p = check_int(padding, "padding", 0, "padding cannot be negative")
    return p, p


def per_dim(value: Any, n: int, name: str, expected: str | None = None) -> list:
    """Broadcast an int (or string) to ``n`` dimensions, or check a per-dimension sequence.

    Args:
        value: one value, or a tuple/list of ``n`` values.
        n: the number of (spatial) dimensions.
        name: the argument's name, for the message.
        expected: words the error ("`{name}` must be {expected}. Received: ..."); by default
            "one value or {n} values (one per spatial dimension)".

    Returns:
        A list of ``n`` values (not checked further).

    Raises:
        ValueError: a sequence whose length is not ``n``.

    Example:
        >>> per_dim(2, 3, "stride"), per_dim((1, 2), 2, "stride")
        ([2, 2, 2], [1, 2])
    """
    if isinstance(value, (tuple, list)):
        if len(value) != n:
            if expected is None:
                expected = f"one value or {n} values (one per spatial dimension)"
            raise ValueError(f"`{name}` must be {expected}. Received: {name}={value!r}")
        return list(value)
    return [value] * n


def padding_per_dim(padding: Any, n: int, expected: str | None = None) -> list:
    """Padding for each dimension: string, int, ints per dim, or (before, after) pairs per dim.

    Args:
        padding: a string or an int (every dimension), one entry per dimension, or, for
            ``n = 1``, one ``(before, after)`` pair.
        n: the number of dimensions.
        expected: words the error of a wrong length, as in :func:`per_dim`.

    Returns:
        A list of ``n`` entries (strings, ints or pairs; not checked further).

    Raises:
        ValueError: a sequence whose length is not ``n``.

    Example:
        >>> padding_per_dim(1, 2), padding_per_dim((0, 2), 1)
        ([1, 1], [(0, 2)])
    """
    if isinstance(padding, str) or not isinstance(padding, (tuple, list)):
        return [padding] * n
    if n == 1 and len(padding) == 2 and not isinstance(padding[0], (tuple, list)):
        return [tuple(padding)]  # one axis: (before, after)
    return per_dim(padding, n, "padding", expected)
