"""Argument checks shared by tfdl's modules (pure Python: no numpy, no TensorFlow).

The checks behind "Errors teach": each returns the value in a normal form or raises
:class:`~tfdl.errors.TfdlValueError` (a ``ValueError`` with a stable ``code`` and its ``params``)
naming the argument, the value received and why, e.g. "`stride` must be >= 1. Received: stride=0".
The ``*_error`` functions build the errors that many modules share (``raise min_error(...)``). :mod:`tfdl.shapes`,
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
import warnings
from typing import Any

from tfdl.errors import TfdlValueError

__all__ = [
    "PADDING_MODES",
    "PADDING_MODE_ALIASES",
    "PADDING_NAMES",
    "canonical_padding_mode",
    "check_int",
    "deprecated_argument",
    "deprecated_names",
    "gt_error",
    "int_min_error",
    "interval_error",
    "min_error",
    "one_of_error",
    "padding_name",
    "padding_pair",
    "padding_per_dim",
    "per_dim",
    "positive_int",
    "positive_int_error",
    "positive_int_tuple",
    "warn_deprecated",
]

#: The string paddings understood by tfdl (TensorFlow / Keras names).
PADDING_NAMES = ("valid", "same", "causal")

#: Canonical names of the padding modes (what fills the padded cells).
PADDING_MODES = ("zeros", "constant", "replicate", "reflect", "symmetric", "circular")

#: Other names accepted for a padding mode (numpy's and PyTorch's words).
PADDING_MODE_ALIASES = {
    "zero": "zeros",
    "edge": "replicate",
    "wrap": "circular",
    "periodic": "circular",
}


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
        raise TfdlValueError("int_not_bool", "`{name}` must be an integer, not a bool. Received: {name}={value!r}",
                             name=name, value=value)
    try:
        v = operator.index(value)
    except TypeError:
        if isinstance(value, float) and value.is_integer():
            v = int(value)
        else:
            raise TfdlValueError("int_required", "`{name}` must be an integer. Received: {name}={value!r}",
                                 name=name, value=value) from None
    if minimum is not None and v < minimum:
        if why:
            raise TfdlValueError("int_min_why", "`{name}` must be >= {minimum} ({why}). Received: {name}={value!r}",
                                 name=name, minimum=minimum, why=why, value=value)
        raise TfdlValueError("int_min", "`{name}` must be >= {minimum}. Received: {name}={value!r}",
                             name=name, minimum=minimum, value=value)
    return v


def min_error(name: str, value: Any, minimum: Any) -> TfdlValueError:
    """The error "`name` must be >= minimum. Received: name=value" (code ``value_min``), to raise.

    Example:
        >>> str(min_error("noise", -1, 0))
        '`noise` must be >= 0. Received: noise=-1'
    """
    return TfdlValueError("value_min", "`{name}` must be >= {minimum}. Received: {name}={value!r}",
                          name=name, minimum=minimum, value=value)


def gt_error(name: str, value: Any, bound: Any) -> TfdlValueError:
    """The error "`name` must be > bound. Received: name=value" (code ``value_gt``), to raise.

    Example:
        >>> str(gt_error("ratio", 0, 0))
        '`ratio` must be > 0. Received: ratio=0'
    """
    return TfdlValueError("value_gt", "`{name}` must be > {bound}. Received: {name}={value!r}",
                          name=name, bound=bound, value=value)


def int_min_error(name: str, value: Any, minimum: int) -> TfdlValueError:
    """The error "`name` must be an integer >= minimum. Received: ..." (code ``int_at_least``), to raise.

    Example:
        >>> str(int_min_error("units", 0, 1))
        '`units` must be an integer >= 1. Received: units=0'
    """
    return TfdlValueError("int_at_least", "`{name}` must be an integer >= {minimum}. Received: {name}={value!r}",
                          name=name, minimum=minimum, value=value)


def positive_int_error(name: str, value: Any) -> TfdlValueError:
    """The error "`name` must be a positive integer. Received: ..." (code ``positive_int``), to raise.

    Example:
        >>> str(positive_int_error("units", -2))
        '`units` must be a positive integer. Received: units=-2'
    """
    return TfdlValueError("positive_int", "`{name}` must be a positive integer. Received: {name}={value!r}",
                          name=name, value=value)


def interval_error(name: str, value: Any, interval: str) -> TfdlValueError:
    """The error "`name` must be in interval. Received: ..." (code ``interval``), to raise.

    Args:
        name: the argument's name.
        value: the value received.
        interval: the allowed interval in the usual notation, e.g. ``"[0, 1)"``.

    Example:
        >>> str(interval_error("dropout", 1.0, "[0, 1)"))
        '`dropout` must be in [0, 1). Received: dropout=1.0'
    """
    return TfdlValueError("interval", "`{name}` must be in {interval}. Received: {name}={value!r}",
                          name=name, interval=interval, value=value)


def one_of_error(name: str, value: Any, options: Any) -> TfdlValueError:
    """The error "`name` must be one of options. Received: name=value" (code ``one_of``), to raise.

    Example:
        >>> str(one_of_error("mode", "x", ("batch", "row")))
        "`mode` must be one of ('batch', 'row'). Received: mode='x'"
    """
    return TfdlValueError("one_of", "`{name}` must be one of {options}. Received: {name}={value!r}",
                          name=name, options=options, value=value)


def canonical_padding_mode(mode: Any) -> str | None:
    """The canonical name of a padding mode or alias (any case); ``None`` if it is none of them.

    Args:
        mode: a name from :data:`PADDING_MODES` or :data:`PADDING_MODE_ALIASES`, any case.

    Returns:
        The canonical name, or ``None`` (the caller words the error with its argument's name).

    Example:
        >>> canonical_padding_mode("Edge"), canonical_padding_mode("mirror")
        ('replicate', None)
    """
    if not isinstance(mode, str):
        return None
    name = PADDING_MODE_ALIASES.get(mode.lower(), mode.lower())
    return name if name in PADDING_MODES else None


def positive_int_tuple(value: Any, n: int, name: str) -> tuple[int, ...]:
    """One int >= 1 per dimension (an int is broadcast): ``kernel_size``, ``stride``, ``dilation``.

    Args:
        value: an int, or ``n`` ints.
        n: the number of dimensions.
        name: the argument's name, for the message.

    Returns:
        A tuple of ``n`` ints.

    Raises:
        ValueError: a wrong length, or an entry that is not an integer >= 1.

    Example:
        >>> positive_int_tuple(3, 2, "kernel_size")
        (3, 3)
    """
    values = per_dim(value, n, name, f"one int or {n} ints")
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1:
            raise int_min_error(name, value, 1)
    return tuple(int(v) for v in values)


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
        raise int_min_error(name, value, 1)
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
            raise TfdlValueError(
                "padding_name",
                "`padding` must be an integer, a (before, after) pair, 'valid' or 'same'"
                " (or 'causal' for 1-D). Received: padding={padding!r}",
                padding=padding,
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
            raise TfdlValueError(
                "padding_pair",
                "An explicit padding for one dimension is an int or a (before, after) pair. "
                "Received: padding={padding!r}",
                padding=padding,
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
            raise _per_dim_error(value, n, name, expected)
        return list(value)
    return [value] * n


def _per_dim_error(value: Any, n: int, name: str, expected: str | None) -> TfdlValueError:
    """The error of a per-dimension value of the wrong length, one code per wording of ``expected``."""
    if expected is None:
        return TfdlValueError(
            "per_dim",
            "`{name}` must be one value or {n} values (one per spatial dimension). Received: {name}={value!r}",
            name=name, n=n, value=value,
        )
    if expected == f"one int or {n} ints":
        return TfdlValueError("per_dim_ints", "`{name}` must be one int or {n} ints. Received: {name}={value!r}",
                              name=name, n=n, value=value)
    if expected == f"an int or a tuple of {n} ints":
        return TfdlValueError("per_dim_tuple",
                              "`{name}` must be an int or a tuple of {n} ints. Received: {name}={value!r}",
                              name=name, n=n, value=value)
    if expected == f"one value or {n}":
        return TfdlValueError("per_dim_values", "`{name}` must be one value or {n}. Received: {name}={value!r}",
                              name=name, n=n, value=value)
    if expected == "one int or two":
        return TfdlValueError("per_dim_two", "`{name}` must be one int or two. Received: {name}={value!r}",
                              name=name, value=value)
    return TfdlValueError("per_dim_expected", "`{name}` must be {expected}. Received: {name}={value!r}",
                          name=name, expected=expected, value=value)


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


def warn_deprecated(old: str, new: str, stacklevel: int = 3) -> None:
    """Warn (``DeprecationWarning``) that ``old`` is an old name of ``new``.

    Args:
        old: the deprecated name, as the user wrote it.
        new: the name to use instead.
        stacklevel: passed to ``warnings.warn`` (3: the caller of the function that warns).

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as w:
        ...     warnings.simplefilter("always")
        ...     warn_deprecated("pad_value", "padding_value")
        >>> str(w[0].message)
        '`pad_value` is deprecated and will be removed in the next release; use `padding_value`.'
    """
    warnings.warn(
        f"`{old}` is deprecated and will be removed in the next release; use `{new}`.",
        DeprecationWarning, stacklevel=stacklevel,
    )


def deprecated_argument(old_name: str, new_name: str, old_value: Any, new_value: Any,
                        default: Any) -> Any:
    """The value of an argument renamed from ``old_name`` to ``new_name`` (one release of grace).

    ``old_value`` is ``None`` when the caller did not use the old name; then ``new_value`` is
    returned. Otherwise a ``DeprecationWarning`` is issued and ``old_value`` returned, unless
    the new name was given too (a ``ValueError``).

    Args:
        old_name: the deprecated keyword.
        new_name: its new name.
        old_value: what the caller passed under the old name (``None``: nothing).
        new_value: what the caller passed under the new name.
        default: the new argument's default (to tell whether it was given).

    Returns:
        The value to use.

    Example:
        >>> deprecated_argument("value", "padding_value", None, 2.0, 0.0)
        2.0
    """
    if old_value is None:
        return new_value
    warn_deprecated(old_name, new_name, stacklevel=4)
    if new_value != default:
        raise TfdlValueError(
            "deprecated_both_given",
            "Pass `{new_name}` only (`{old_name}` is its deprecated name). "
            "Received: {new_name}={new_value!r}, {old_name}={old_value!r}",
            new_name=new_name, old_name=old_name, new_value=new_value, old_value=old_value,
        )
    return old_value


def deprecated_names(module: str, renames: dict[str, str]):
    """A module ``__getattr__`` serving old public names as deprecated aliases of new ones.

    Args:
        module: the module (or package) whose attribute the new names are, e.g.
            ``"tfdl.viz.optim"``; the alias is looked up there when first used.
        renames: ``{old name: new name}``.

    Returns:
        A function to assign to the module's ``__getattr__``: it warns
        (``DeprecationWarning``) and returns the new object for an old name, and raises
        ``AttributeError`` for any other name.

    Example:
        >>> getattr_ = deprecated_names("tfdl.validation", {"old_check": "check_int"})
        >>> getattr_("old_check").__name__  # doctest: +SKIP
        'check_int'
    """

    def __getattr__(name: str):
        if name in renames:
            import importlib

            warn_deprecated(f"{module}.{name}", renames[name])
            return getattr(importlib.import_module(module), renames[name])
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
