"""The geometry and texts that the matplotlib pictures (:mod:`tfdl.viz.conv`) and the SVG
pictures (:mod:`tfdl.viz.conv_svg`) of a grid of numbers share: the colours of padding, window,
output cell and receptive fields, how a number is printed in a cell and at which font size it
fits, the zoomed region around the kernel, and the inputs of one step of the kernel's walk.

Nothing here imports matplotlib or TensorFlow.

Example:
    >>> cell_labels([[1.0, 0.25], [-3.0, float("nan")]]).tolist()
    [['1', '0.25'], ['-3', '']]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = [
    "PADDING_MODE_COLORS", "WINDOW_COLOR", "CELL_COLOR", "RF_COLORS", "MIN_NUMBER_FONT",
    "format_value", "cell_labels", "fit_font", "zoom_region", "walk_inputs",
]

#: Colour of padding cells for each padding mode (the modes of ``tfdl.functional.pad``).
PADDING_MODE_COLORS = {
    "zeros": "#9e9e9e",
    "constant": "#4f8fd6",
    "replicate": "#f09a36",
    "reflect": "#3fa34d",
    "symmetric": "#9b59b6",
    "circular": "#e0507a",
}

#: The kernel's window and the cells it reads.
WINDOW_COLOR = "#ff7f0e"
#: The output cell being made.
CELL_COLOR = "#d62728"
#: The receptive field of each layer of a stack, in order.
RF_COLORS = ("#e6194b", "#ff8c00", "#1e90ff", "#3cb44b", "#f032e6", "#00ced1")


def format_value(v: float, fmt: str | None = None) -> str:
    """A number as a grid cell prints it: ``fmt`` if given, else an integer without ".0", else at
    most two decimals (none from 100 up); a non-finite value prints as nothing.

    Example:
        >>> format_value(3.0), format_value(0.125), format_value(123.4), format_value(float("inf"))
        ('3', '0.12', '123', '')
    """
    if not np.isfinite(v):
        return ""
    if fmt is not None:
        return format(v, fmt)
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:.0f}"


#: The smallest font (points) a walk figure prints a number in; a grid whose cells are too small
#: for it is drawn as a picture, and a zoomed panel prints the numbers around the kernel.
MIN_NUMBER_FONT = 7.0
_MAX_NUMBER_FONT = 12.0
_ZOOM_MAX = 9  # the zoom shows at most this many cells on a side
_EM = {"-": 0.36, ".": 0.32, ",": 0.32, "×": 0.84, "−": 0.84, " ": 0.32}


def _text_em(text: str) -> float:
    """Width of ``text`` in ems of DejaVu Sans (digits 0.64 em), close enough to size a cell's font."""
    return sum(_EM.get(ch, 0.64) for ch in text)


def fit_font(cell_pt: float, labels: Sequence[str], weights: Sequence[str] = ()) -> float:
    """The font size (points) at which every label fits in a square cell ``cell_pt`` points wide.

    Formula: ``min(0.5·cell, 0.84·cell / widest label in ems, 12)``; with kernel weights (printed
    under the value at 0.8 of its size) two lines share the cell: ``0.42·cell``.

    Args:
        cell_pt: side of a cell in points.
        labels: the texts printed in the cells.
        weights: texts printed under the values of some cells (``"×-1"``), at 0.8 of the size.

    Returns:
        The font size in points (compare it with :data:`MIN_NUMBER_FONT`).

    Example:
        >>> round(fit_font(20.0, ["255", "-12"]), 1), fit_font(100.0, ["1"])
        (8.8, 12.0)
    """
    widest = max([_text_em(t) for t in labels] + [0.8 * _text_em(t) for t in weights] + [0.0])
    by_height = cell_pt * (0.42 if len(weights) else 0.5)
    by_width = 0.84 * cell_pt / widest if widest else by_height
    return float(min(by_height, by_width, _MAX_NUMBER_FONT))


def cell_labels(a: np.ndarray, fmt: str | None = None) -> np.ndarray:
    """:func:`format_value` of every cell of ``a``: an object array of strings of ``a``'s shape."""
    return np.array([format_value(v, fmt) for v in np.asarray(a, dtype=float).ravel()],
                    dtype=object).reshape(np.shape(a))


def zoom_region(taps, shape) -> tuple[int, int, int, int]:
    """The cells ``(row_lo, row_hi, col_lo, col_hi)`` (inclusive) around the kernel's window ``taps``
    (``(kh, kw, 2)`` cell indices): one more on each side, at most 9 a side, inside ``shape``."""
    region = []
    for axis, n in enumerate(shape):
        lo, hi = int(taps[..., axis].min()) - 1, int(taps[..., axis].max()) + 1
        if hi - lo + 1 > _ZOOM_MAX:  # a wide dilated kernel: the cells around its centre
            lo = (lo + hi) // 2 - _ZOOM_MAX // 2
            hi = lo + _ZOOM_MAX - 1
        lo, hi = max(lo, 0), min(hi, n - 1)
        region += [lo, hi]
    return tuple(region)


def _walk_canvas(step, x, pad, overflow, padding_mode, value, empty_padding):
    """The padded input, the padding drawn and the taps of a walk step (a WalkStep or a Window)."""
    from tfdl.functional import pad as pad_array

    window = getattr(step, "window", step)
    x = np.asarray(x, dtype=float)
    pads = [list(p) for p in pad]
    if empty_padding:  # pooling: padding cells take no part (max: −∞), drawn empty
        xp = np.pad(x, pads, constant_values=np.nan)
    else:
        xp = pad_array(x, pads, padding_mode, value=value).astype(float)
    if any(overflow):  # PyTorch's ceil_mode windows hang past the padding: those cells are empty
        xp = np.pad(xp, ((0, overflow[0]), (0, overflow[1])), constant_values=np.nan)
        pads = [[pads[0][0], pads[0][1] + overflow[0]], [pads[1][0], pads[1][1] + overflow[1]]]
    taps = window.coords + np.array([pads[0][0], pads[1][0]])
    return xp, tuple(tuple(p) for p in pads), taps, window.index


def walk_inputs(x_padded, pad, taps, out, cell, *, x, padding_mode, value, overflow, empty_padding):
    """The two ways of calling :func:`kernel_walk_figure` (a walk step, or everything computed)
    brought to one: ``(x_padded, pad, taps, out, cell)`` as float / int arrays, checked."""
    if hasattr(x_padded, "coords") or hasattr(x_padded, "window"):
        if x is None or pad is None or out is None:
            raise TfdlValueError(
                "walk_step_inputs",
                "A walk step needs `pad`, `out` and `x` (the unpadded input). Received: pad={pad!r}, out is None: "
                "{out_missing}, x is None: {x_missing}",
                pad=pad, out_missing=out is None, x_missing=x is None,
            )
        x_padded, pad, taps, cell = _walk_canvas(x_padded, x, pad, overflow, padding_mode, value, empty_padding)
    x_padded = np.asarray(x_padded, dtype=float)
    out = np.asarray(out, dtype=float)
    taps = np.asarray(taps, dtype=int)
    if taps.ndim != 3 or taps.shape[-1] != 2:
        raise TfdlValueError(
            "taps_shape",
            "`taps` must have shape (kh, kw, 2). Received: taps.shape={shape}",
            shape=taps.shape,
        )
    return x_padded, pad, taps, out, cell


