"""Reading what a learner types: grids of numbers, kernels and padding strings.

A grid is rows of numbers (spaces, commas or semicolons between them); a blank line starts the
next channel. A padding is ``"valid"``, ``"same"``, one integer (each side) or ``"rows,cols"``.
Bad text raises :class:`tfdl.errors.TfdlValueError` naming the value, so an application can say
the same sentence in another language.

Example:
    >>> parse_grid("1 2\\n3 4").shape
    (2, 2, 1)
    >>> parse_padding("1, 2")
    (1, 2)
"""

from __future__ import annotations

import re

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["MAX_GRID", "MAX_GRID_VALUE", "parse_grid", "parse_padding", "format_grid"]

#: cells per side of a typed grid (a kernel walk draws every cell)
MAX_GRID = 64
#: the largest magnitude of a typed value (beyond it sums of products print as 300-digit numbers)
MAX_GRID_VALUE = 1e6


def _parse_row(line: str, row: int, what: str) -> list[float]:
    cells = [c for c in re.split(r"[,\s;]+", line.strip()) if c]
    try:
        values = [float(c) for c in cells]
    except ValueError:
        values = None
    if not values or not all(np.isfinite(values)):
        raise TfdlValueError("grid_row", "{what}: row {row} is not a list of numbers. Received: {line!r}",
                             what=what, row=row, line=line.strip())
    big = [v for v in values if abs(v) > MAX_GRID_VALUE]
    if big:
        raise TfdlValueError("grid_value_too_large", "{what}: row {row} holds {value:g}; values must lie within "
                             "±{max_value:g}.", what=what, row=row, value=big[0], max_value=MAX_GRID_VALUE)
    return values


def parse_grid(text: str, what: str = "grid", max_size: int = MAX_GRID) -> np.ndarray:
    """Rows of numbers as an H×W×C float array (a blank line starts the next channel).

    Formula: row ``r`` of block ``c`` holds ``x[r, :, c]``.

    Args:
        text: the typed text.
        what: what the grid is (``"input grid"``, ``"kernel"``), named in errors.
        max_size: the most rows or columns accepted.

    Returns:
        np.ndarray: shape ``(H, W, C)``.

    Raises:
        TfdlValueError: empty text, a row that is not numbers (or holds one beyond ±``MAX_GRID_VALUE``),
            rows of different lengths,
            channels of different shapes, or more than ``max_size`` rows or columns.

    Example:
        >>> parse_grid("1 2 3\\n4 5 6\\n\\n0 0 0\\n1 1 1")[..., 1].tolist()
        [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    """
    blocks = [b for b in re.split(r"\n\s*\n", str(text).strip()) if b.strip()]
    if not blocks:
        raise TfdlValueError("grid_empty", "The {what} is empty: type rows of numbers.", what=what)
    planes = []
    for block in blocks:
        rows = [_parse_row(line, r + 1, what) for r, line in enumerate(block.strip().splitlines())]
        lengths = [len(r) for r in rows]
        if len(set(lengths)) != 1:
            raise TfdlValueError(
                "grid_ragged", "{what}: every row needs the same number of values. Received row lengths {lengths}",
                what=what, lengths=lengths)
        planes.append(np.array(rows, dtype=float))
    shapes = [p.shape for p in planes]
    if len(set(shapes)) != 1:
        raise TfdlValueError(
            "grid_channels", "{what}: all channels (blocks separated by a blank line) need the same shape. "
            "Received {shapes}", what=what, shapes=shapes)
    if max(shapes[0]) > max_size:
        raise TfdlValueError("grid_too_large", "{what}: at most {max_size} rows and columns. Received {shape}",
                             what=what, max_size=max_size, shape=shapes[0])
    return np.stack(planes, axis=-1)


def format_grid(values) -> str:
    """Numbers as grid text that :func:`parse_grid` reads back (rows on lines; 1-D is one row).

    Args:
        values: a number sequence or a sequence of rows.

    Returns:
        str: e.g. ``"1 2\\n3 4"``.

    Example:
        >>> format_grid(((0, 1), (1, -1)))
        '0 1\\n1 -1'
    """
    array = np.asarray(values)
    rows = array if array.ndim == 2 else array.reshape(1, -1)
    return "\n".join(" ".join(_number(v) for v in row) for row in rows)


def _number(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else repr(v)


def parse_padding(text, max_value: int | None = None) -> int | str | tuple[int, int]:
    """A typed padding: ``"valid"``, ``"same"``, one integer (each side) or ``"rows,cols"``.

    Formula: none (``"1,2"`` means 1 cell above and below, 2 left and right).

    Args:
        text: the typed value (a string or an int).
        max_value: the largest padding allowed per side (a server's cap), or ``None``.

    Returns:
        ``"valid"``/``"same"``, an int, or a ``(rows, cols)`` pair.

    Raises:
        TfdlValueError: anything else, or a negative number.

    Example:
        >>> parse_padding(" Same "), parse_padding("2"), parse_padding("1x0")
        ('same', 2, (1, 0))
    """
    value = str(text).strip().lower()
    if value in ("valid", "same"):
        return value
    parts = [p for p in re.split(r"[,\s;x×]+", value) if p]
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (1, 2):
        raise TfdlValueError(
            "padding_text", "`padding` must be 'valid', 'same', an integer or 'rows,cols'. Received: padding={value!r}",
            value=value)
    if any(n < 0 for n in numbers):
        raise TfdlValueError("padding_negative", "`padding` must be >= 0. Received: padding={value!r}", value=value)
    if max_value is not None and any(n > max_value for n in numbers):
        raise TfdlValueError("padding_too_large", "`padding` must be at most {max_value} per side here. "
                             "Received: padding={value!r}", value=value, max_value=max_value)
    return numbers[0] if len(numbers) == 1 else (numbers[0], numbers[1])
