"""Padding an array before a convolution: the six modes of the course, in numpy.

On ``x = (1, 2, 3, 4, 5)`` with two cells each side::

    zeros      0 0 | 1 2 3 4 5 | 0 0
    constant   v v | 1 2 3 4 5 | v v
    replicate  1 1 | 1 2 3 4 5 | 5 5     (edge value repeated; numpy "edge")
    reflect    3 2 | 1 2 3 4 5 | 4 3     (mirror, edge not repeated; PyTorch / numpy "reflect")
    symmetric  2 1 | 1 2 3 4 5 | 5 4     (mirror, edge repeated; numpy / TF "symmetric")
    circular   4 5 | 1 2 3 4 5 | 1 2     (wrap around; numpy "wrap")

Only spatial axes are padded: ``(L,)``, ``(H, W)``, ``(H, W, C)`` and ``(N, H, W, C)`` arrays.

Example:
    >>> import numpy as np
    >>> from tfdl.functional import pad
    >>> pad(np.array([1, 2, 3, 4, 5]), 2, "reflect")
    array([3, 2, 1, 2, 3, 4, 5, 4, 3])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.validation import PADDING_MODES, canonical_padding_mode, deprecated_argument

__all__ = ["PADDING_MODES", "pad", "pad_widths", "check_mode_limits", "padded_source_index"]

_NUMPY_MODE = {
    "zeros": "constant",
    "constant": "constant",
    "replicate": "edge",
    "reflect": "reflect",
    "symmetric": "symmetric",
    "circular": "wrap",
}


def _mode(mode: str) -> str:
    """Canonical mode name, or a ValueError listing the six modes."""
    if not isinstance(mode, str):
        raise TfdlValueError(
            "padding_mode_string",
            "`mode` must be a string, one of {options}. Received: mode={mode!r}",
            options=PADDING_MODES, mode=mode,
        )
    name = canonical_padding_mode(mode)
    if name is None:
        raise validation.one_of_error("mode", mode, PADDING_MODES)
    return name


def _spatial_axes(ndim: int, axes: Sequence[int] | None) -> tuple[int, ...]:
    if axes is not None:
        return tuple(a % ndim for a in axes)
    if ndim == 1:
        return (0,)
    if ndim in (2, 3):
        return (0, 1)
    if ndim == 4:
        return (1, 2)
    raise TfdlValueError(
        "pad_layout",
        "`x` must be (L,), (H, W), (H, W, C) or (N, H, W, C), or pass `axes`. Received an array with {ndim} "
        "dimensions",
        ndim=ndim,
    )


def _check_width(w: Any, name: str = "pad") -> int:
    if isinstance(w, bool) or not isinstance(w, (int, np.integer)):
        raise TfdlValueError(
            "pad_width_int",
            "`{name}` widths must be non-negative integers. Received: {name}={w!r}",
            name=name, w=w,
        )
    if w < 0:
        raise TfdlValueError(
            "pad_width_negative",
            "`{name}` widths cannot be negative: padding adds cells. Received: {name}={w}",
            name=name, w=w,
        )
    return int(w)


def pad_widths(pad: Any, n: int, name: str = "pad") -> list[tuple[int, int]]:
    """Normalise a padding spec to one (before, after) pair per spatial axis.

    Formula: ``p`` -> ``[(p, p)] * n``; ``(p_1, ..., p_n)`` -> ``[(p_k, p_k)]`` (PyTorch Conv2d
    style, one per axis); ``((b_1, a_1), ...)`` -> itself; for ``n == 1`` a pair ``(b, a)`` is
    (before, after).

    Args:
        pad: int, one int per axis, or one (before, after) pair per axis.
        n: number of spatial axes.
        name: the argument's name in error messages (``tfdl.layers`` says ``padding``).

    Returns:
        list[tuple[int, int]]: ``n`` pairs of non-negative ints.

    Example:
        >>> pad_widths((1, 2), 2)
        [(1, 1), (2, 2)]
        >>> pad_widths((1, 2), 1)
        [(1, 2)]

    Paper: course note 004 ("Отступ (Padding)"); numpy.pad documentation.
    """
    if isinstance(pad, (int, np.integer)) and not isinstance(pad, bool):
        p = _check_width(pad, name)
        return [(p, p)] * n
    if isinstance(pad, np.ndarray):
        pad = pad.tolist()
    if not isinstance(pad, (tuple, list)):
        raise TfdlValueError(
            "pad_widths_type",
            "`{name}` must be an int or a tuple of widths. Received: {name}={pad!r}",
            name=name, pad=pad,
        )
    if n == 1 and len(pad) == 2 and all(not isinstance(p, (tuple, list)) for p in pad):
        return [(_check_width(pad[0], name), _check_width(pad[1], name))]
    if len(pad) != n:
        raise TfdlValueError(
            "pad_widths_per_axis",
            "`{name}` must give one width or one (before, after) pair per spatial axis ({n}). Received: "
            "{name}={pad!r}",
            name=name, n=n, pad=pad,
        )
    out = []
    for p in pad:
        if isinstance(p, (tuple, list)):
            if len(p) != 2:
                raise TfdlValueError(
                    "pad_axis_entry",
                    "Each per-axis entry of `{name}` is a width or a (before, after) pair. Received: {name}={pad!r}",
                    name=name, pad=pad,
                )
            out.append((_check_width(p[0], name), _check_width(p[1], name)))
        else:
            w = _check_width(p, name)
            out.append((w, w))
    return out


def check_mode_limits(widths: Sequence[tuple[int, int]], sizes: Sequence[int | None],
                      mode: str, name: str = "pad") -> None:
    """Raise ``ValueError`` where a mirror/wrap mode needs more cells than an axis has.

    Formula: per axis of ``n`` cells, ``reflect`` adds at most ``n - 1`` cells per side (it
    mirrors without the edge cell), ``symmetric`` and ``circular`` at most ``n``, ``replicate``
    needs ``n >= 1``. Axes of unknown size (``None``) are skipped.

    Args:
        widths: one ``(before, after)`` pair per spatial axis (see :func:`pad_widths`).
        sizes: the axes' sizes.
        mode: a canonical mode name (see :data:`PADDING_MODES`).
        name: the argument's name in error messages.

    Example:
        >>> check_mode_limits([(2, 2)], [3], "reflect")
        >>> check_mode_limits([(3, 0)], [3], "reflect")
        Traceback (most recent call last):
        ...
        ValueError: `pad` 3 on spatial axis 0 is too large for reflect padding of a size-3 input: reflect mirrors without the edge cell, so it adds at most 2 cells per side. Received: pad=[(3, 0)]
    """  # noqa: E501 (a doctest's expected exception message is one line)
    for axis, ((before, after), size) in enumerate(zip(widths, sizes)):
        w = max(before, after)
        if size is None:
            continue
        if mode == "reflect" and w > size - 1:
            raise TfdlValueError(
                "pad_reflect_too_wide",
                "`{name}` {w} on spatial axis {axis} is too large for reflect padding of a size-{size} input: "
                "reflect mirrors without the edge cell, so it adds at most {most} cells per side. Received: "
                "{name}={widths}",
                name=name, w=w, axis=axis, size=size, most=size - 1, widths=widths,
            )
        if mode in ("symmetric", "circular") and w > size:
            raise TfdlValueError(
                "pad_too_wide",
                "`{name}` {w} on spatial axis {axis} is too large for {mode} padding of a size-{size} input: it adds "
                "at most {size} cells per side. Received: {name}={widths}",
                name=name, w=w, axis=axis, mode=mode, size=size, widths=widths,
            )
        if mode == "replicate" and size == 0 and w > 0:
            raise TfdlValueError(
                "pad_replicate_empty",
                "replicate padding needs at least one cell to repeat; spatial axis {axis} is empty. Received: "
                "{name}={widths}",
                axis=axis, name=name, widths=widths,
            )


def pad(
    x: Any,
    pad: Any,
    mode: str = "zeros",
    padding_value: float = 0,
    axes: Sequence[int] | None = None,
    *,
    value: float | None = None,
) -> np.ndarray:
    """Pad the spatial axes of ``x`` with one of the six padding modes.

    Formula (one axis, ``p`` cells before, index ``i`` of the padded array, input size ``n``;
    ``t = i - p``): zeros ``0``, constant ``padding_value``, replicate ``x[clip(t, 0, n-1)]``,
    reflect ``x[|t|]`` mirrored at ``0`` and ``n-1``, symmetric ``x[-t-1]`` mirrored at ``-1/2`` and
    ``n-1/2``, circular ``x[t mod n]``.

    Args:
        x: array ``(L,)``, ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        pad: int (every side), one int per spatial axis, or ``(before, after)`` pairs.
        mode: ``"zeros"``, ``"constant"``, ``"replicate"``, ``"reflect"``, ``"symmetric"``,
            ``"circular"`` (aliases ``"edge"``, ``"wrap"``).
        padding_value: fill value for ``"constant"``.
        axes: the axes to pad (default: the spatial axes of the layouts above).
        value: deprecated name of ``padding_value``.

    Returns:
        np.ndarray: the padded array (same dtype).

    Raises:
        ValueError: unknown mode, negative widths, or a width the mode cannot produce
            (reflect: at most ``n-1``; symmetric and circular: at most ``n``, as in PyTorch/TF).

    Example:
        >>> pad(np.arange(1, 6), 2, "circular")
        array([4, 5, 1, 2, 3, 4, 5, 1, 2])
        >>> pad(np.ones((3, 3, 2)), ((1, 0), (0, 2))).shape
        (4, 5, 2)

    Paper: course note 004 ("Отступ (Padding)"); numpy.pad.
    """
    padding_value = deprecated_argument("value", "padding_value", value, padding_value, 0)
    x = np.asarray(x)
    name = _mode(mode)
    spatial = _spatial_axes(x.ndim, axes)
    widths = pad_widths(pad, len(spatial))
    check_mode_limits(widths, [x.shape[a] for a in spatial], name)
    full = [(0, 0)] * x.ndim
    for a, w in zip(spatial, widths):
        full[a] = w
    if name == "constant":
        return np.pad(x, full, mode="constant", constant_values=padding_value)
    return np.pad(x, full, mode=_NUMPY_MODE[name])


def padded_source_index(i: int, size: int, before: int, mode: str = "zeros") -> int | None:
    """Which input cell a cell of the padded array copies (``None`` for a constant fill).

    Formula: ``t = i - before``; inside (``0 <= t < n``) -> ``t``; otherwise replicate
    ``clip(t, 0, n-1)``, reflect ``t`` mirrored about 0 and ``n-1``, symmetric about ``-1/2`` and
    ``n-1/2``, circular ``t mod n``, zeros/constant ``None``.

    Args:
        i: index in the padded array (may also lie beyond it, for ceil-mode windows).
        size: input length ``n``.
        before: cells padded before the input.
        mode: a padding mode.

    Returns:
        int | None: the input index, or None when the cell is a constant.

    Example:
        >>> [padded_source_index(i, 5, 2, "reflect") for i in range(9)]
        [2, 1, 0, 1, 2, 3, 4, 3, 2]

    Paper: course note 004 ("Отступ (Padding)"); numpy.pad documentation.
    """
    name = _mode(mode)
    t = i - before
    if 0 <= t < size:
        return t
    if name in ("zeros", "constant"):
        return None
    if name == "replicate":
        return min(max(t, 0), size - 1)
    if name == "circular":
        return t % size
    if name == "reflect":
        if size == 1:
            return 0
        period = 2 * (size - 1)
        t = t % period
        return t if t < size else period - t
    # symmetric
    period = 2 * size
    t = t % period
    return t if t < size else period - 1 - t
