"""Pooling pictures as SVG text (no matplotlib): window weights, the max-pool gradient, unpooling.

Same conventions as :mod:`tfdl.viz.conv_svg`: panels ``<g class="panel" data-panel="…">`` with a
``<title>``, printed values ``<text class="value">``, and marked cells (the arg-max cells of max
pooling) ``<rect class="argmax" data-row=… data-col=…>``.

Example:
    >>> import numpy as np
    >>> corner = np.array([[True, False], [False, False]])
    >>> pool_backward_svg(np.eye(2), np.ones((1, 1)), corner * 1.0, corner).count('class="argmax"')
    2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.viz.conv_svg import grid_panel

__all__ = ["window_weights_svg", "pool_backward_svg", "unpool_svg"]

_MARK = "#d62728"
_GAP = 18.0  # px between panels
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _side_by_side(panels) -> str:
    """:func:`tfdl.viz.conv_svg.grid_panel` panels in one row, top-aligned, on white."""
    width = sum(p.width for p in panels) + _GAP * (len(panels) - 1) + 8.0
    height = max(p.height for p in panels) + 10.0
    parts, x = [], 4.0
    for p in panels:
        parts.append(f'<g transform="translate({x:.1f},4.0)">{p.body}</g>')
        x += p.width + _GAP
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{_FONT}">'
        f'<rect width="100%" height="100%" fill="white"/>{"".join(parts)}</svg>'
    )


def _plane(a) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if a.ndim != 2:
        raise TfdlValueError("array_2d", "`a` must be a 2-D array. Received: a.shape={shape}", shape=a.shape)
    return a


def _marks(mask: np.ndarray | None, cell: float) -> str:
    if mask is None:
        return ""
    rows, cols = np.nonzero(mask)
    return "".join(
        f'<rect class="argmax" data-row="{r}" data-col="{c}" x="{c * cell + 1:.2f}" y="{r * cell + 1:.2f}" '
        f'width="{cell - 2:.2f}" height="{cell - 2:.2f}" fill="none" stroke="{_MARK}" stroke-width="2.2"/>'
        for r, c in zip(rows.tolist(), cols.tolist())
    )


def _row(grids: Sequence[tuple[np.ndarray, str, np.ndarray | None, str, str]], size: float) -> str:
    """Grids side by side at one cell size: (array, title, marked cells, colour map, panel name)."""
    cell = float(np.clip(size / max(max(g[0].shape) for g in grids), 4.0, 40.0))
    panels = [
        grid_panel(a, cell=cell, cmap=cmap, title=title, extra=_marks(mask, cell), name=name)
        for a, title, mask, cmap, name in grids
    ]
    return _side_by_side(panels)


def window_weights_svg(weights, *, title: str = "window weights w[u, v]", size: float = 160.0) -> str:
    """The weights of a weighted pooling window, printed to three decimals.

    Args:
        weights: ``(k_h, k_w)`` array (e.g. :func:`tfdl.functional.distance_weights`).
        title: the panel's title.
        size: side of the larger axis in pixels (cells are 30–48 px, wide enough for ``0.125``).

    Returns:
        SVG text with one panel, ``data-panel="weights"``.

    Example:
        >>> window_weights_svg(np.full((2, 2), 0.25)).count('class="value"')
        4
    """
    w = _plane(weights)
    cell = float(np.clip(size / max(w.shape), 30.0, 48.0))
    return _side_by_side([grid_panel(w, cell=cell, cmap="viridis", fmt=".3f", title=title, name="weights")])


def pool_backward_svg(
    x,
    grad_out,
    grad_x,
    winners,
    *,
    titles: Sequence[str] = ("input: arg-max cells", "upstream gradient dL/dy", "gradient dL/dx"),
    size: float = 220.0,
) -> str:
    """Where max pooling's gradient goes: the input with its arg-max cells framed, the upstream
    gradient ``dL/dy`` and the input-shaped ``dL/dx`` (non-zero only at the framed cells; a cell
    that wins several overlapping windows adds up their gradients).

    Formula: ``dL/dx[m] = Σ_{windows q with argmax(q) = m} dL/dy[q]``.

    Args:
        x: ``(H, W)`` input.
        grad_out: ``(H_o, W_o)`` upstream gradient.
        grad_x: ``(H, W)`` gradient (:func:`tfdl.functional.max_pool2d_backward`).
        winners: ``(H, W)`` bool, the cells that are the maximum of some window.
        titles: the three panels' titles.
        size: side of the larger axis in pixels.

    Returns:
        SVG text: panels ``data-panel="input"``, ``"grad_out"``, ``"grad_x"``.
    """
    x, grad_out, grad_x = _plane(x), _plane(grad_out), _plane(grad_x)
    mask = np.asarray(winners, dtype=bool)
    return _row(
        [
            (x, titles[0], mask, "gray", "input"),
            (grad_out, titles[1], None, "viridis", "grad_out"),
            (grad_x, titles[2], mask, "viridis", "grad_x"),
        ],
        size,
    )


def unpool_svg(
    pooled,
    unpooled,
    winners,
    *,
    titles: Sequence[str] = ("max pooled", "unpooled: maxima put back"),
    size: float = 220.0,
) -> str:
    """Arg-max unpooling: the pooled map, and the input-sized map with each maximum back in its cell.

    Args:
        pooled: ``(H_o, W_o)`` max-pooled map.
        unpooled: ``(H, W)`` (:func:`tfdl.functional.max_unpool2d`).
        winners: ``(H, W)`` bool, the cells the maxima go back to.
        titles: the two panels' titles.
        size: side of the larger axis in pixels.

    Returns:
        SVG text: panels ``data-panel="pooled"`` and ``"unpooled"``.

    Example:
        >>> unpool_svg(np.ones((1, 1)), np.eye(2), np.eye(2, dtype=bool)).count('data-panel=')
        2
    """
    pooled, unpooled = _plane(pooled), _plane(unpooled)
    mask = np.asarray(winners, dtype=bool)
    return _row([(pooled, titles[0], None, "gray", "pooled"), (unpooled, titles[1], mask, "gray", "unpooled")], size)
