"""SVG pictures of a convolution seen three more ways (no matplotlib, milliseconds each):

* :func:`matrix_product_svg` — ``M · x = y`` with the matrix's structure (blank where an output
  does not read an input) and one row, its inputs and its output framed;
* :func:`zero_insertion_svg` — a transposed convolution's input with ``S-1`` zeros inserted and the
  padding around it, beside the flipped kernel;
* :func:`connectivity_svg` — which inputs one output cell sees, one panel per layer.

Highlighted shapes carry a ``class``: ``"row"``, ``"read"``, ``"out-cell"`` (the product),
``"inserted"``, ``"pad"`` (zero insertion), ``"seen"`` (connectivity).

Example:
    >>> import numpy as np
    >>> M = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 2.0]])
    >>> svg = matrix_product_svg(M, np.ones(3), M @ np.ones(3), pattern=M != 0, row=1)
    >>> svg.count('class="read"')
    2
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.viz.conv_svg import _GAP, _TITLE, Panel, _fmt, _rect, _svg, grid_panel

__all__ = ["matrix_product_svg", "zero_insertion_svg", "connectivity_svg"]

_ROW_COLOR, _READ_COLOR = "#d62728", "#ff7f0e"
_ROLE_COLORS = ("", "#6baed6", "#bdbdbd")  # input cell (its own colour), inserted zero, padding


def _sign(text: str, height: float, top: float) -> Panel:
    """A big operator (``·``, ``=``, ``→``) centred on the grids' height."""
    size = 22.0
    width = size + 4.0
    y = top + height / 2.0
    body = (
        f'<g class="panel"><title>{escape(text)}</title><text x="{width / 2:.1f}" y="{y:.1f}" font-size="{size}" '
        f'text-anchor="middle" dominant-baseline="central">{escape(text)}</text></g>'
    )
    return Panel(body, width, top + height)


def _column(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return v.reshape(-1, 1)


def matrix_product_svg(
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
    *,
    pattern: np.ndarray | None = None,
    row: int | None = None,
    titles: Sequence[str] = ("M", "x", "y"),
    size: float = 620.0,
    width: float = 900.0,
) -> str:
    """The product ``a · b = c`` (a matrix times a column) with every number printed.

    Entries outside ``pattern`` (no connection) are left blank, so the band of a convolution's
    doubly-block-Toeplitz matrix shows; a connection whose weight is 0 still prints ``0``. With
    ``row``, that row of ``a`` is framed red, the entries of ``b`` it reads orange, ``c[row]`` red.

    Args:
        a: ``(R, N)`` matrix.
        b: ``N`` values (any shape; flattened into a column).
        c: ``R`` values (flattened into a column).
        pattern: ``(R, N)`` booleans, True where ``a`` connects (default: ``a != 0``).
        row: the row to frame, or None.
        titles: titles of ``a``, ``b`` and ``c``.
        size: the tallest the grids may be, in pixels.
        width: the widest the picture may be, in pixels.

    Returns:
        SVG text: panels ``data-panel="matrix"``, ``"vector"``, ``"result"`` with ``·`` and ``=``.

    Example:
        >>> matrix_product_svg(np.eye(2), np.ones(2), np.ones(2)).count('class="panel"')
        5
    """
    a = np.asarray(a, dtype=float)
    b, c = _column(b), _column(c)
    if a.ndim != 2 or a.shape[1] != b.shape[0] or a.shape[0] != c.shape[0]:
        raise TfdlValueError(
            "product_shapes",
            "`a` (R, N), `b` N values and `c` R values do not fit: a {a_shape}, b {b_size}, c {c_size}",
            a_shape=a.shape,
            b_size=b.shape[0],
            c_size=c.shape[0],
        )
    pattern = a != 0 if pattern is None else np.asarray(pattern, dtype=bool)
    r_count, n_count = a.shape
    cell = float(np.clip(min(size / max(r_count, n_count), (width - 120.0) / (n_count + 2)), 9.0, 34.0))
    shown = np.where(pattern, a, np.nan)
    lo, hi = (float(a[pattern].min()), float(a[pattern].max())) if pattern.any() else (0.0, 1.0)
    marks_a = marks_b = marks_c = ""
    if row is not None:
        row = int(row)
        marks_a = _rect(row, 0, cell, 1, n_count, "row", fill="none", stroke=_ROW_COLOR, stroke_width="2.5")
        marks_b = "".join(
            _rect(k, 0, cell, cls="read", fill="none", stroke=_READ_COLOR, stroke_width="2.5")
            for k in np.flatnonzero(pattern[row])
        )
        marks_c = _rect(row, 0, cell, cls="out-cell", fill="none", stroke=_ROW_COLOR, stroke_width="3")
    panels = [
        grid_panel(
            shown,
            cell=cell,
            cmap="viridis",
            vmin=lo,
            vmax=hi,
            numbers=True,
            title=titles[0],
            overlay=marks_a,
            name="matrix",
        ),
        grid_panel(b, cell=cell, cmap="gray", numbers=True, title=titles[1], overlay=marks_b, name="vector"),
        grid_panel(c, cell=cell, cmap="viridis", numbers=True, title=titles[2], overlay=marks_c, name="result"),
    ]
    top = _TITLE + 8.0
    eq_height = min(r_count, n_count) * cell
    signs = [_sign("·", eq_height, top), _sign("=", eq_height, top)]
    return _svg([panels[0], signs[0], panels[1], signs[1], panels[2]])


def zero_insertion_svg(
    x: np.ndarray,
    padded: np.ndarray,
    roles: np.ndarray,
    kernel: np.ndarray,
    *,
    titles: Sequence[str] = ("input", "zeros inserted, then padded", "kernel, flipped"),
    legend: Sequence[str] = ("input cell", "inserted zero", "padding"),
    size: float = 360.0,
) -> str:
    """A transposed convolution's first steps: the input, the grid with ``S-1`` zeros inserted
    between its cells and padding around it (tinted by role), and the flipped kernel.

    Args:
        x: ``(H, W)`` input.
        padded: the grid the flipped kernel walks over
            (:attr:`tfdl.functional.TransposedSteps.padded`, one channel).
        roles: same shape: 0 input cell, 1 inserted zero, 2 padding.
        kernel: the flipped ``(k_h, k_w)`` kernel.
        titles: titles of the three panels.
        legend: names of the three roles.
        size: the tallest the padded grid may be, in pixels.

    Returns:
        SVG text: panels ``data-panel="input"``, ``"inserted"``, ``"kernel"`` and a legend.

    Example:
        >>> roles, grid = np.array([[0, 1, 0]]), np.array([[1.0, 0, 1]])
        >>> zero_insertion_svg(np.ones((1, 2)), grid, roles, np.ones((1, 1))).count('class="inserted"')
        1
    """
    x, padded, kernel = (np.asarray(v, dtype=float) for v in (x, padded, kernel))
    roles = np.asarray(roles)
    if padded.shape != roles.shape or x.ndim != 2 or kernel.ndim != 2:
        raise TfdlValueError(
            "zero_insertion_shapes",
            "`padded` and `roles` must have the same shape, `x` and `kernel` be 2-D. Received: x {x_shape}, padded "
            "{padded_shape}, roles {roles_shape}, kernel {kernel_shape}",
            x_shape=x.shape,
            padded_shape=padded.shape,
            roles_shape=roles.shape,
            kernel_shape=kernel.shape,
        )
    cell = float(np.clip(size / max(padded.shape), 9.0, 34.0))
    lo, hi = (float(x.min()), float(x.max())) if x.size else (0.0, 1.0)
    marks = "".join(
        _rect(
            r,
            c,
            cell,
            cls=("inserted" if roles[r, c] == 1 else "pad"),
            fill=_ROLE_COLORS[roles[r, c]],
            fill_opacity="0.75",
        )
        for r, c in zip(*np.nonzero(roles))
    )
    panels = [
        grid_panel(x, cell=cell, vmin=lo, vmax=hi, title=titles[0], name="input"),
        _sign("→", min(x.shape[0], padded.shape[0]) * cell, _TITLE + 8.0),
        grid_panel(padded, cell=cell, vmin=lo, vmax=hi, title=titles[1], extra=marks, name="inserted"),
        grid_panel(kernel, cell=cell, cmap="viridis", title=titles[2], name="kernel"),
    ]
    swatches, x0 = [], 0.0
    for k, label in enumerate(legend):
        fill = _ROLE_COLORS[k] or "#444444"
        swatches.append(
            f'<rect x="{x0:.1f}" y="2" width="12" height="12" fill="{fill}" stroke="#666666" stroke-width="0.5"/>'
            f'<text x="{x0 + 16:.1f}" y="8" font-size="11" dominant-baseline="central">{escape(label)}</text>'
        )
        x0 += 16.0 + 0.62 * 11.0 * len(label) + _GAP
    panels.append(Panel(f'<g class="panel legend"><title>legend</title>{"".join(swatches)}</g>', x0, 16.0))
    return _svg(panels, rows=[[0, 1, 2, 3], [4]])


def _weight_label(value: float, r: int, c: int, side: float, font: float) -> str:
    """``×w`` in bold on a pale label in the lower part of cell ``(r, c)`` (as the kernel walk's weights)."""
    text = "×" + _fmt(value)
    cx, cy = (c + 0.5) * side, (r + 0.76) * side
    w = min(0.62 * font * len(text) * 0.9 + 2.0, side - 2.0)
    return (
        f'<rect x="{cx - w / 2:.2f}" y="{cy - 0.6 * font:.2f}" width="{w:.2f}" height="{1.2 * font:.2f}" rx="2" '
        f'fill="white" fill-opacity="0.85"/><text class="weight" x="{cx:.2f}" y="{cy:.2f}" font-size="{font:.1f}" '
        f'font-weight="bold" fill="#7a3300" text-anchor="middle" dominant-baseline="central">{escape(text)}</text>'
    )


def connectivity_svg(
    x: np.ndarray,
    masks: Sequence[np.ndarray],
    out_shape: tuple[int, int],
    cell: tuple[int, int],
    *,
    titles: Sequence[str] = ("dense", "locally connected", "convolution"),
    output_title: str = "output cell",
    size: float = 200.0,
    weights: Sequence[np.ndarray | None] | None = None,
) -> str:
    """Which input cells one output cell sees: one panel per layer, the seen cells tinted and
    framed, then the output grid with the chosen cell framed.

    With ``weights``, a panel's ``(H, W)`` array prints ``×w`` (class ``"weight"``) under the value
    of each cell that is not NaN: the weight the layer gives that input for this output cell (a
    convolution's are the same kernel at every cell, a locally connected layer's differ).

    Args:
        x: ``(H, W)`` input (its numbers are printed while they fit).
        masks: one ``(H, W)`` boolean mask per layer (:func:`tfdl.functional.seen_mask`).
        out_shape: ``(H_out, W_out)``.
        cell: the output cell ``(i, j)``.
        titles: one title per mask.
        output_title: title of the output grid.
        size: the side of each input panel in pixels.
        weights: per mask, an ``(H, W)`` array of weights (NaN: none) or None; printed while the
            cells are at least 20 px.

    Returns:
        SVG text: ``len(masks)`` panels ``data-panel="seen-<k>"`` and ``data-panel="output"``.

    Example:
        >>> m = np.zeros((3, 3), bool); m[:2, :2] = True
        >>> connectivity_svg(np.ones((3, 3)), [m], (2, 2), (0, 0)).count('class="seen"')
        4
    """
    x = np.asarray(x, dtype=float)
    side = float(np.clip(size / max(x.shape), 5.0, 34.0))
    lo, hi = (float(x.min()), float(x.max())) if x.size else (0.0, 1.0)
    panels = []
    weights = list(weights or [None] * len(masks))
    shrink = side >= 20.0 and any(w is not None for w in weights)
    for k, (mask, title) in enumerate(zip(masks, titles)):
        mask = np.asarray(mask, dtype=bool)
        w = None if k >= len(weights) or weights[k] is None or side < 20.0 else np.asarray(weights[k], dtype=float)
        cells = [] if w is None else list(zip(*np.nonzero(np.isfinite(w))))
        at = side if cells or not shrink else 0.6 * side  # panels without weights leave the room to those with
        marks = "".join(
            _rect(r, c, at, cls="seen", fill=_READ_COLOR, fill_opacity="0.55", stroke=_READ_COLOR, stroke_width="1")
            for r, c in zip(*np.nonzero(mask))
        )
        font = 0.32 * at
        panels.append(
            grid_panel(
                x,
                cell=at,
                vmin=lo,
                vmax=hi,
                title=title,
                extra=marks,
                name=f"seen-{k}",
                numbers=max(x.shape) <= 12,
                font=font if cells else None,
                raised=[(int(r), int(c)) for r, c in cells],
                overlay="".join(_weight_label(w[r, c], r, c, at, font) for r, c in cells),
            )
        )
    out_side = float(np.clip(size / max(out_shape), 5.0, 34.0)) * (0.6 if shrink else 1.0)
    frame = _rect(
        cell[0],
        cell[1],
        out_side,
        cls="out-cell",
        fill=_ROW_COLOR,
        fill_opacity="0.5",
        stroke=_ROW_COLOR,
        stroke_width="2.5",
    )
    panels.append(
        grid_panel(
            np.zeros(out_shape),
            cell=out_side,
            cmap="gray",
            vmin=-4.0,
            vmax=1.0,
            numbers=False,
            title=output_title,
            extra=frame,
            name="output",
        )
    )
    return _svg(panels)
