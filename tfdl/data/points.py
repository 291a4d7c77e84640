"""Your own 2-D points: read a CSV or a table of ``x1, x2, label`` rows, checked, then split.

Every row is a point ``(x1, x2)`` of class ``label`` (an integer ``0..4``); coordinates are finite
numbers in the Playground's square ``[−6, 6]²``; at least two classes must have points. Anything
else raises :class:`tfdl.errors.TfdlValueError` naming the row, the column and the value.

Example:
    >>> x, y = read_points_csv("x1,x2,label\\n1,2,0\\n-1,0.5,1\\n")
    >>> x.tolist(), y.tolist()
    ([[1.0, 2.0], [-1.0, 0.5]], [0, 1])
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = [
    "POINT_COLUMNS",
    "MAX_POINTS",
    "MAX_POINT_CLASSES",
    "MAX_POINTS_CSV_BYTES",
    "POINT_EXTENT",
    "points_from_rows",
    "read_points_csv",
    "points_csv",
    "split_points",
]

POINT_COLUMNS = ("x1", "x2", "label")
MAX_POINTS = 1000
MAX_POINT_CLASSES = 5
MAX_POINTS_CSV_BYTES = 100_000
POINT_EXTENT = 6.0


def _check_columns(names) -> None:
    """A ``ValueError`` naming the columns of :data:`POINT_COLUMNS` missing from ``names``."""
    missing = [c for c in POINT_COLUMNS if c not in names]
    if missing:
        raise TfdlValueError(
            "points_columns",
            "The points need the columns {expected}; missing: {missing}.",
            expected=", ".join(POINT_COLUMNS),
            missing=", ".join(missing),
        )


def _blank(value) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def _number(value, row: int, column: str) -> float:
    if isinstance(value, bool):
        value = None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise TfdlValueError(
            "points_number",
            "Row {row}, column {column}: {value!r} is not a number.",
            row=row,
            column=column,
            value=value,
        ) from None
    if not math.isfinite(number):
        raise TfdlValueError(
            "points_finite",
            "Row {row}, column {column}: {value!r} is not a finite number.",
            row=row,
            column=column,
            value=value,
        )
    return number


def points_from_rows(rows: Iterable[Mapping], max_points: int = MAX_POINTS):
    """Points from rows with the keys ``x1``, ``x2``, ``label`` (numbers or text); blank rows are skipped.

    Rows are numbered from 1 in the messages. A row blank in every column (as a table editor's
    last row) is left out; a row blank in only some columns is an error.

    Args:
        rows: mappings (``DataFrame.to_dict("records")``, ``csv.DictReader``...).
        max_points: at most this many points.

    Returns:
        ``x`` float32 ``(N, 2)`` and ``y`` int64 ``(N,)``.

    Raises:
        TfdlValueError: a missing column, too many points, a value that is not a finite number, a
            coordinate outside ``[−6, 6]``, a label that is not an integer in ``0..4``, fewer than two
            classes with points.

    Example:
        >>> points_from_rows([{"x1": 0, "x2": 1, "label": 2}, {"x1": 3, "x2": -2, "label": 0}])[1].tolist()
        [2, 0]
    """
    xs, ys = [], []
    for i, row in enumerate(rows, start=1):
        _check_columns(row)
        if all(_blank(row[c]) for c in POINT_COLUMNS):
            continue
        if len(xs) >= max_points:
            raise TfdlValueError(
                "points_too_many", "At most {limit} points. Received more (row {row}).", limit=max_points, row=i
            )
        point = [_number(row[c], i, c) for c in POINT_COLUMNS[:2]]
        for column, value in zip(POINT_COLUMNS, point):
            if abs(value) > POINT_EXTENT:
                raise TfdlValueError(
                    "points_range",
                    "Row {row}, column {column}: {value} is outside [-{extent}, {extent}].",
                    row=i,
                    column=column,
                    value=value,
                    extent=POINT_EXTENT,
                )
        label = _number(row["label"], i, "label")
        if label != int(label) or not 0 <= label < MAX_POINT_CLASSES:
            raise TfdlValueError(
                "points_label",
                "Row {row}: the label must be an integer from 0 to {last}. Received: {value!r}",
                row=i,
                last=MAX_POINT_CLASSES - 1,
                value=row["label"],
            )
        xs.append(point)
        ys.append(int(label))
    classes = sorted(set(ys))
    if len(classes) < 2:
        raise TfdlValueError(
            "points_classes",
            "At least two classes need points. Received {n} points of {k} class(es).",
            n=len(ys),
            k=len(classes),
        )
    return np.asarray(xs, dtype="float32").reshape(-1, 2), np.asarray(ys, dtype="int64")


def read_points_csv(data, max_points: int = MAX_POINTS):
    """Points from CSV text or bytes whose header names the columns ``x1, x2, label`` (any order).

    Args:
        data: ``str`` or UTF-8 ``bytes`` (at most :data:`MAX_POINTS_CSV_BYTES`).
        max_points: at most this many points.

    Returns:
        ``x`` float32 ``(N, 2)`` and ``y`` int64 ``(N,)``, as :func:`points_from_rows`.

    Raises:
        TfdlValueError: a file too large or not text, a header without the columns, and every
            error of :func:`points_from_rows`.

    Example:
        >>> read_points_csv(b"label,x1,x2\\n0,0,0\\n1,1,1\\n")[0].shape
        (2, 2)
    """
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_POINTS_CSV_BYTES:
            raise TfdlValueError(
                "points_file_size",
                "The CSV file may be at most {limit} bytes. Received: {size}",
                limit=MAX_POINTS_CSV_BYTES,
                size=len(data),
            )
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TfdlValueError("points_not_text", "The CSV file must be UTF-8 text.") from None
    if not isinstance(data, str):
        raise TfdlValueError("points_not_text", "The CSV file must be UTF-8 text.")
    reader = csv.DictReader(io.StringIO(data.strip()))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    _check_columns(header)
    reader.fieldnames = header
    return points_from_rows(reader, max_points)


def points_csv(x, y) -> str:
    """The points as CSV text with the header ``x1,x2,label`` (what :func:`read_points_csv` reads back
    to the same float32 numbers).

    Example:
        >>> points_csv([[1.5, -2]], [1])
        'x1,x2,label\\n1.5,-2,1\\n'
    """

    def num(v) -> str:  # the shortest text that reads back as the same float32
        return np.format_float_positional(np.float32(v), trim="-")

    lines = ["x1,x2,label"] + [f"{num(a)},{num(b)},{int(k)}" for (a, b), k in zip(np.asarray(x), y)]
    return "\n".join(lines) + "\n"


def split_points(x, y, train_ratio: float = 0.5, seed: int = 0):
    """Shuffle the points with ``seed`` and split them: ``round(N·train_ratio)`` (kept in ``1..N−1``) for training.

    Example:
        >>> (xtr, ytr), (xte, yte) = split_points([[0, 0], [1, 1], [2, 2], [3, 3]], [0, 1, 0, 1], 0.5)
        >>> len(xtr), len(xte)
        (2, 2)
    """
    x, y = np.asarray(x, dtype="float32").reshape(-1, 2), np.asarray(y)
    if len(x) < 2:
        raise TfdlValueError(
            "points_classes",
            "At least two classes need points. Received {n} points of {k} class(es).",
            n=len(x),
            k=len(set(y.tolist())),
        )
    n_train = min(max(int(round(len(x) * float(train_ratio))), 1), len(x) - 1)
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
