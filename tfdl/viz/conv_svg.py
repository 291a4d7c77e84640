"""The pictures of :mod:`tfdl.viz.conv` as SVG text: no matplotlib, a few milliseconds each.

Same pictures, same arguments (sizes in pixels instead of inches): grids of numbers beside the
picture, the kernel walking over the padded input, the output with its feature maps, the
receptive field. The playground draws these (an SVG string goes straight to ``st.image``), so a
Convolution-lab rerun costs milliseconds and the lab never imports matplotlib; notebooks and
documents keep the matplotlib figures of :mod:`tfdl.viz.conv`.

Highlighted shapes carry a ``class`` (as the figures' ``gid``): ``"window"``, ``"tap"``,
``"gap"``, ``"pad"``, ``"input-border"``, ``"out-cell"``, ``"receptive-field"``; cells that
stand for one array cell also carry ``data-row``/``data-col`` (padded-grid indices). Printed values
are ``<text class="value">``, the panels ``<g class="panel">`` with a ``<title>``.

Example:
    >>> import numpy as np
    >>> svg = number_grid_svg(np.arange(4).reshape(2, 2))
    >>> svg.startswith("<svg") and svg.count('class="value"')
    4
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.viz.grid_cells import (
    CELL_COLOR,
    MIN_NUMBER_FONT,
    PADDING_MODE_COLORS,
    RF_COLORS,
    WINDOW_COLOR,
    cell_labels,
    fit_font,
    format_value,
    walk_inputs,
    zoom_region,
)

__all__ = ["number_grid_svg", "kernel_walk_svg", "conv_output_svg", "receptive_field_svg", "grid_panel"]

# matplotlib's viridis at 17 evenly spaced points (CC0), interpolated linearly
_VIRIDIS = np.array(
    [
        [0x44, 0x01, 0x54],
        [0x48, 0x18, 0x6A],
        [0x47, 0x2D, 0x7B],
        [0x42, 0x40, 0x86],
        [0x3B, 0x52, 0x8B],
        [0x33, 0x63, 0x8D],
        [0x2C, 0x72, 0x8E],
        [0x26, 0x82, 0x8E],
        [0x21, 0x91, 0x8C],
        [0x1F, 0xA0, 0x88],
        [0x28, 0xAE, 0x80],
        [0x3F, 0xBC, 0x73],
        [0x5E, 0xC9, 0x62],
        [0x84, 0xD4, 0x4B],
        [0xAD, 0xDC, 0x30],
        [0xD8, 0xE2, 0x19],
        [0xFD, 0xE7, 0x25],
    ],
    dtype=float,
)
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
_TITLE = 12.0  # title font size (px)
_TICK = 9.0  # index labels
_GAP = 18.0  # between panels
_PT = 4.0 / 3.0  # pixels per point (CSS: 96 px = 72 pt)
_MAX_CELL = 44.0  # px: small grids are not blown up
_HATCH = (
    '<pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<line x1="0" y1="0" x2="0" y2="5" stroke="#888888" stroke-width="1.2"/></pattern>'
)


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a text's width in px (sans-serif averages ≈ 0.6 em)."""
    return 0.62 * size * len(text)


def _rgb_hex(rgb: np.ndarray) -> list[str]:
    """(..., 3) values in [0, 255] → ['#rrggbb', ...] (flattened)."""
    flat = np.clip(np.rint(rgb), 0, 255).astype(int).reshape(-1, 3)
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in flat.tolist()]


def _colormap(norm: np.ndarray, cmap: str) -> np.ndarray:
    """Values in [0, 1] → (..., 3) RGB in [0, 255] for ``"gray"`` or ``"viridis"``."""
    norm = np.clip(np.nan_to_num(norm), 0.0, 1.0)
    if cmap == "gray":
        return np.repeat(norm[..., None] * 255.0, 3, axis=-1)
    if cmap != "viridis":
        raise TfdlValueError("svg_cmap", "`cmap` must be 'gray' or 'viridis'. Received: cmap={cmap!r}", cmap=cmap)
    pos = norm * (len(_VIRIDIS) - 1)
    grid = np.arange(len(_VIRIDIS))
    return np.stack([np.interp(pos, grid, _VIRIDIS[:, k]) for k in range(3)], axis=-1)


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


class Panel:
    """One panel: an SVG fragment in local coordinates, its size, and where its grid starts."""

    def __init__(
        self, body: str, width: float, height: float, grid_x: float = 0.0, grid_y: float = 0.0, cell: float = 0.0
    ):
        self.body, self.width, self.height = body, width, height
        self.grid_x, self.grid_y, self.cell = grid_x, grid_y, cell


def grid_panel(
    a: np.ndarray,
    *,
    cell: float,
    cmap: str = "gray",
    vmin: float | None = None,
    vmax: float | None = None,
    numbers: bool | None = None,
    fmt: str | None = None,
    title: str | None = None,
    origin: tuple[int, int] = (0, 0),
    ticks: bool = True,
    colors: np.ndarray | None = None,
    lines: bool = True,
    extra: str = "",
    font: float | None = None,
    raised: Sequence[tuple[int, int]] = (),
    overlay: str = "",
    name: str | None = None,
) -> Panel:
    """A 2-D array as coloured cells with its values printed and index labels (``draw_number_grid``).

    Cell ``(r, c)`` is the square ``[c·cell, (c+1)·cell) × [r·cell, (r+1)·cell)`` of the grid, whose
    top-left corner is ``(panel.grid_x, panel.grid_y)`` in the panel; ``extra`` (SVG drawn over the
    grid in grid coordinates) adds highlights. ``colors`` (H×W×3, 0–255) replaces the colour map
    (a colour picture); ``lines=False`` leaves out the grid lines (a picture). NaN cells are left
    empty. ``font`` (px) sets the size of the printed values (default: from the cell and the longest
    value); the values of the ``raised`` cells sit a little higher (a kernel weight goes under them);
    ``overlay`` is SVG drawn over the values; ``name`` becomes the panel's ``data-panel``.

    Returns:
        A :class:`Panel`.
    """
    a = np.asarray(a, dtype=float)
    if a.ndim != 2:
        raise TfdlValueError("array_2d", "`a` must be a 2-D array. Received: a.shape={shape}", shape=a.shape)
    h, w = a.shape
    finite = a[np.isfinite(a)]
    lo = (float(finite.min()) if finite.size else 0.0) if vmin is None else vmin
    hi = (float(finite.max()) if finite.size else 1.0) if vmax is None else vmax
    if hi <= lo:
        hi = lo + 1.0
    norm = (a - lo) / (hi - lo)
    fills = _rgb_hex(colors if colors is not None else _colormap(norm, cmap))
    texts = [format_value(v, fmt) for v in a.ravel()]
    longest = max((len(t) for t in texts), default=1) or 1
    if font is None:
        font = float(np.clip(min(0.42 * cell, 0.92 * cell / (0.6 * longest)), 3.0, 14.0))
    if numbers is None:  # only where they can be read
        numbers = max(h, w) <= 16 and font >= 4.0
    step = max(1, math.ceil(max(h, w) / 10))
    left = (_text_width(str(origin[0] + h - 1), _TICK) + 6.0) if ticks else 0.0
    top = (_TITLE + 8.0) if title else 0.0
    grid_w, grid_h = w * cell, h * cell
    width = max(left + grid_w, _text_width(title or "", _TITLE)) + 2.0
    height = top + grid_h + ((_TICK + 6.0) if ticks else 2.0)
    gx = left + max(0.0, (width - 2.0 - left - grid_w) / 2.0)
    tag = f' data-panel="{escape(name)}"' if name else ""
    out = [f'<g class="panel"{tag}><title>{escape(title or "")}</title>']
    if title:
        out.append(
            f'<text x="{gx + grid_w / 2:.1f}" y="{_TITLE:.1f}" font-size="{_TITLE}" '
            f'text-anchor="middle">{escape(title)}</text>'
        )
    out.append(f'<g transform="translate({gx:.1f},{top:.1f})">')
    for k, fill in enumerate(fills):
        if not np.isfinite(a.flat[k]) and colors is None:
            continue
        r, c = divmod(k, w)
        out.append(
            f'<rect x="{c * cell:.2f}" y="{r * cell:.2f}" width="{cell + 0.05:.2f}" height="{cell + 0.05:.2f}" '
            f'fill="{fill}"/>'
        )
    if lines and max(h, w) <= 48:
        path = "".join(f"M{c * cell:.2f} 0V{grid_h:.2f}" for c in range(1, w)) + "".join(
            f"M0 {r * cell:.2f}H{grid_w:.2f}" for r in range(1, h)
        )
        if path:
            out.append(f'<path d="{path}" stroke="#cccccc" stroke-width="0.5" fill="none"/>')
    out.append(extra)
    if numbers:
        up = set(raised)
        for k, text in enumerate(texts):
            if not text:
                continue
            r, c = divmod(k, w)
            color = "black" if norm.flat[k] > 0.55 else "white"
            y = (r + 0.5 - (0.17 if (r, c) in up else 0.0)) * cell
            out.append(
                f'<text class="value" x="{(c + 0.5) * cell:.2f}" y="{y:.2f}" '
                f'font-size="{font:.1f}" fill="{color}" text-anchor="middle" dominant-baseline="central">'
                f"{escape(text)}</text>"
            )
    out.append(overlay)
    out.append(
        f'<rect x="0" y="0" width="{grid_w:.2f}" height="{grid_h:.2f}" fill="none" stroke="#666666" '
        'stroke-width="0.8"/>'
    )
    if ticks:
        for c in range(0, w, step):
            out.append(
                f'<text x="{(c + 0.5) * cell:.2f}" y="{grid_h + _TICK + 2:.1f}" font-size="{_TICK}" '
                f'fill="#555555" text-anchor="middle">{origin[1] + c}</text>'
            )
        for r in range(0, h, step):
            out.append(
                f'<text x="-3" y="{(r + 0.5) * cell:.2f}" font-size="{_TICK}" fill="#555555" '
                f'text-anchor="end" dominant-baseline="central">{origin[0] + r}</text>'
            )
    out.append("</g></g>")
    return Panel("".join(out), width, height, gx, top, cell)


def _svg(
    panels: Sequence[Panel], rows: Sequence[Sequence[int]] | None = None, defs: str = "", align: str = "center"
) -> str:
    """Panels side by side (``rows``: panel indices per row, each row centred or, with
    ``align="left"``, left-aligned), on white."""
    rows = rows or [list(range(len(panels)))]
    widths = [sum(panels[i].width for i in row) + _GAP * (len(row) - 1) for row in rows]
    width = max(widths) + 8.0
    parts, y = [], 4.0
    for row, row_w in zip(rows, widths):
        x = 4.0 + ((width - 8.0 - row_w) / 2.0 if align == "center" else 0.0)
        for i in row:
            parts.append(f'<g transform="translate({x:.1f},{y:.1f})">{panels[i].body}</g>')
            x += panels[i].width + _GAP
        y += max(panels[i].height for i in row) + 6.0
    height = y
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{_FONT}">'
        f"<defs>{defs}</defs>"
        f'<rect width="100%" height="100%" fill="white"/>{"".join(parts)}</svg>'
    )


def _cell_size(size: float, n: int) -> float:
    return float(np.clip(size / max(n, 1), 4.0, 40.0))


def _picture_colors(x: np.ndarray) -> np.ndarray | None:
    """H×W×3 scaled to [0, 255] (a colour picture), or None for grey."""
    if x.ndim == 3 and x.shape[-1] == 3:
        lo, hi = float(x.min()), float(x.max())
        return (x - lo) / (hi - lo if hi > lo else 1.0) * 255.0
    return None


def _picture_panel(x: np.ndarray, cell: float, title: str | None, extra: str = "") -> Panel:
    colors = _picture_colors(x)
    plane = x[..., 0] if x.ndim == 3 else x
    return grid_panel(
        plane, cell=cell, numbers=False, title=title, ticks=False, colors=colors, lines=False, extra=extra
    )


def number_grid_svg(
    x: np.ndarray,
    *,
    channel: int | None = None,
    titles: tuple[str, str] = ("numbers", "picture"),
    channel_names: Sequence[str] = ("R", "G", "B"),
    size: float = 240.0,
) -> str:
    """An image as a computer stores it: its grid of numbers beside the picture
    (:func:`tfdl.viz.conv.number_grid_figure` as SVG).

    Args:
        x: H×W (grey) or H×W×C array.
        channel: for a multi-channel image, the channel whose numbers are printed (default: all).
        titles: titles of the numbers panels and of the picture.
        channel_names: names of the channels in panel titles.
        size: side of the larger grid axis in pixels (cells are 4–40 px).

    Returns:
        SVG text: one grid of numbers per shown channel, then the picture.

    Example:
        >>> number_grid_svg(np.zeros((2, 3, 3))).count('class="panel"')
        4
    """
    x = np.asarray(x, dtype=float)
    if x.ndim == 3 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim not in (2, 3):
        raise TfdlValueError("image_hw_or_hwc_x", "`x` must be H×W or H×W×C. Received: x.shape={shape}", shape=x.shape)
    if x.ndim == 2:
        planes = [(titles[0], x)]
    else:
        chans = range(x.shape[-1]) if channel is None else [channel]
        planes = [(f"{titles[0]}: {channel_names[c] if c < len(channel_names) else c}", x[..., c]) for c in chans]
    cell = _cell_size(size, max(x.shape[:2]))
    lo, hi = float(x.min()), float(x.max())
    panels = [grid_panel(plane, cell=cell, vmin=lo, vmax=hi, title=title) for title, plane in planes]
    panels.append(_picture_panel(x, cell, titles[1]))
    return _svg(panels)


def _rect(r: float, c: float, cell: float, h: float = 1.0, w: float = 1.0, cls: str = "", **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<rect class="{cls}" x="{c * cell:.2f}" y="{r * cell:.2f}" width="{w * cell:.2f}" '
        f'height="{h * cell:.2f}"{extra}/>'
    )


def _walk_marks(shape, pad, taps, cell, color, *, thin=False, region=None) -> str:
    """The padding tint, the input's border, the dilation gaps, the taps and the kernel's window, in
    the coordinates of the whole padded grid or of ``region`` ``(r0, r1, c0, c1)`` (a zoom)."""
    (top, bottom), (left, right) = pad
    hp, wp = shape
    r_off, c_off = (region[0], region[2]) if region is not None else (0, 0)

    def inside(r, c):
        return region is None or (region[0] <= r <= region[1] and region[2] <= c <= region[3])

    marks = []
    if top or bottom or left or right:
        if region is None:  # four bands
            bands = [
                (0, 0, top, wp),
                (hp - bottom, 0, bottom, wp),
                (top, 0, hp - top - bottom, left),
                (top, wp - right, hp - top - bottom, right),
            ]
            marks += [
                _rect(r, c, cell, h, w, "pad", fill=color, fill_opacity="0.55")
                for r, c, h, w in bands
                if h > 0 and w > 0
            ]
            marks.append(
                _rect(
                    top,
                    left,
                    cell,
                    hp - top - bottom,
                    wp - left - right,
                    "input-border",
                    fill="none",
                    stroke="#1f77b4",
                    stroke_width="2",
                )
            )
        else:  # cell by cell (at most _ZOOM_MAX² cells)
            marks += [
                _rect(r - r_off, c - c_off, cell, cls="pad", fill=color, fill_opacity="0.55")
                for r in range(region[0], region[1] + 1)
                for c in range(region[2], region[3] + 1)
                if not (top <= r < hp - bottom and left <= c < wp - right)
            ]
    rows, cols = taps[..., 0], taps[..., 1]
    r0, c0, r1, c1 = int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())
    tap_set = {(int(r), int(c)) for r, c in zip(rows.ravel(), cols.ravel())}
    marks += [
        _rect(r - r_off, c - c_off, cell, cls="gap", fill="url(#hatch)", data_row=r, data_col=c)
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) not in tap_set and inside(r, c)
    ]
    marks += [
        _rect(
            r - r_off,
            c - c_off,
            cell,
            cls="tap",
            fill="#ff800d",
            fill_opacity="0.45",
            stroke=WINDOW_COLOR,
            stroke_width="0.8" if thin else "1.5",
            data_row=r,
            data_col=c,
        )
        for r, c in sorted(tap_set)
        if inside(r, c)
    ]
    marks.append(
        _rect(
            r0 - r_off,
            c0 - c_off,
            cell,
            r1 - r0 + 1,
            c1 - c0 + 1,
            "window",
            fill="none",
            stroke=WINDOW_COLOR,
            stroke_width="1.5" if thin else "2.5",
        )
    )
    return "".join(marks)


def _weights_svg(kernel, taps, cell, font, region=None) -> str:
    """The kernel weights under the values of their taps (``×w``, bold, on a pale label)."""
    if kernel is None:
        return ""
    r_off, c_off = (region[0], region[2]) if region is not None else (0, 0)
    size = 0.8 * font
    out = []
    for a in range(taps.shape[0]):
        for b in range(taps.shape[1]):
            r, c = int(taps[a, b, 0]), int(taps[a, b, 1])
            if region is not None and not (region[0] <= r <= region[1] and region[2] <= c <= region[3]):
                continue
            text = f"×{format_value(float(kernel[a, b]), None)}"
            cx, cy = (c - c_off + 0.5) * cell, (r - r_off + 0.76) * cell
            w = min(_text_width(text, size) * 0.9 + 2.0, cell - 2.0)
            out.append(
                f'<rect x="{cx - w / 2:.2f}" y="{cy - 0.6 * size:.2f}" width="{w:.2f}" height="{1.2 * size:.2f}" '
                f'rx="2" fill="white" fill-opacity="0.8"/>'
                f'<text class="weight" x="{cx:.2f}" y="{cy:.2f}" font-size="{size:.1f}" font-weight="bold" '
                f'fill="#7a3300" text-anchor="middle" dominant-baseline="central">{escape(text)}</text>'
            )
    return "".join(out)


def kernel_walk_svg(
    x_padded,
    pad: tuple[tuple[int, int], tuple[int, int]] | None = None,
    taps: np.ndarray | None = None,
    out: np.ndarray | None = None,
    cell: tuple[int, int] | None = None,
    *,
    padding_mode: str = "zeros",
    kernel: np.ndarray | None = None,
    titles: Sequence[str] = ("input (padded)", "output", "numbers around the kernel"),
    size: float = 380.0,
    width: float = 880.0,
    x: np.ndarray | None = None,
    value: float = 0.0,
    overflow: tuple[int, int] = (0, 0),
    empty_padding: bool = False,
) -> str:
    """One step of the kernel's walk: its window on the padded input and the output cell it makes
    (:func:`tfdl.viz.conv.kernel_walk_figure` as SVG, called the same two ways, readable the same way).

    Taps (the cells the kernel reads) are filled orange with the kernel weight printed under the
    value when ``kernel`` is given; cells of the window's span that dilation skips are hatched;
    padding cells are tinted by mode (:data:`tfdl.viz.conv.PADDING_MODE_COLORS`); the output cell is
    framed red. Cells are as big as ``size`` × ``width`` pixels allow (at most 44 px) and each number
    gets the largest font its cell holds (:func:`tfdl.viz.conv.fit_font`). A grid whose cells are too
    small for :data:`tfdl.viz.conv.MIN_NUMBER_FONT` is drawn as a picture with a third panel
    (``data-panel="zoom"``) printing the numbers around the kernel, framed on the picture
    (``class="zoom-region"``); an output too small for its numbers gives the cell's value in its
    title; a short wide grid (a 1-D signal) puts the output under the input, cell under cell.

    Args:
        x_padded, pad, taps, out, cell, padding_mode, kernel, titles, x, value, overflow,
            empty_padding: as :func:`tfdl.viz.conv.kernel_walk_figure` (titles: input, output, zoom).
        size: the tallest the grids may be, in pixels.
        width: the widest the picture may be, in pixels.

    Returns:
        SVG text: panels ``data-panel="input"``, ``"output"`` and, for a big grid, ``"zoom"``.

    Example:
        >>> xp = np.arange(16.).reshape(4, 4)
        >>> taps = np.stack(np.meshgrid([0, 1], [0, 1], indexing="ij"), -1)
        >>> kernel_walk_svg(xp, ((0, 0), (0, 0)), taps, np.zeros((3, 3)), (0, 0)).count('class="tap"')
        4
    """
    x_padded, pad, taps, out, cell = walk_inputs(
        x_padded,
        pad,
        taps,
        out,
        cell,
        x=x,
        padding_mode=padding_mode,
        value=value,
        overflow=overflow,
        empty_padding=empty_padding,
    )
    kernel = None if kernel is None else np.asarray(kernel, dtype=float).reshape(taps.shape[:2])
    (top, bottom), (left, right) = pad
    hp, wp = x_padded.shape
    ho, wo = out.shape
    stacked = wp >= 3 * hp  # a short wide grid (a 1-D signal): the output goes under the input
    labels = cell_labels(x_padded)
    weights = [] if kernel is None else [f"×{format_value(v, None)}" for v in kernel.ravel()]

    def side_for(room: float) -> float:
        if stacked:
            return float(np.clip(min(room / max(wp, 1), size / max(hp + ho, 1)), 4.0, _MAX_CELL))
        return float(np.clip(min(size / max(hp, ho, 1), (room - _GAP) / max(wp + wo, 1)), 4.0, _MAX_CELL))

    side = side_for(width)
    zoom = fit_font(side / _PT, labels.ravel(), weights) < MIN_NUMBER_FONT
    region = zcell = None
    if zoom:
        region = zoom_region(taps, x_padded.shape)
        sub_labels = labels[region[0] : region[1] + 1, region[2] : region[3] + 1].ravel()
        zcell = float(np.clip(MIN_NUMBER_FONT / fit_font(1.0, sub_labels, weights) * _PT, 32.0, 56.0))
        if not stacked:  # the zoom takes its room; the two pictures get the rest
            side = side_for(width - (region[3] - region[2] + 1) * zcell - 2 * _GAP)
    inner = x_padded[top : hp - bottom, left : wp - right]
    finite = inner[np.isfinite(inner)] if inner.size else x_padded[np.isfinite(x_padded)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    color = PADDING_MODE_COLORS.get(padding_mode, "#9e9e9e")
    tap_set = {(int(r), int(c)) for r, c in taps.reshape(-1, 2)}
    raised = tap_set if kernel is not None else ()
    marks = _walk_marks(x_padded.shape, pad, taps, side, color, thin=zoom)
    panels = []
    if zoom:
        zr0, zr1, zc0, zc1 = region
        marks += _rect(
            zr0,
            zc0,
            side,
            zr1 - zr0 + 1,
            zc1 - zc0 + 1,
            "zoom-region",
            fill="none",
            stroke="#1f77b4",
            stroke_width="1.5",
            stroke_dasharray="5,3",
        )
        panels.append(
            grid_panel(
                x_padded,
                cell=side,
                vmin=lo,
                vmax=hi,
                numbers=False,
                title=titles[0],
                origin=(-top, -left),
                extra=marks,
                name="input",
            )
        )
        sub = x_padded[zr0 : zr1 + 1, zc0 : zc1 + 1]
        zfont = fit_font(zcell / _PT, labels[zr0 : zr1 + 1, zc0 : zc1 + 1].ravel(), weights) * _PT
        panels.append(
            grid_panel(
                sub,
                cell=zcell,
                vmin=lo,
                vmax=hi,
                numbers=True,
                font=zfont,
                title=titles[2] if len(titles) > 2 else "numbers around the kernel",
                origin=(zr0 - top, zc0 - left),
                extra=_walk_marks(x_padded.shape, pad, taps, zcell, color, region=region),
                raised=[(r - zr0, c - zc0) for r, c in raised],
                overlay=_weights_svg(kernel, taps, zcell, zfont, region),
                name="zoom",
            )
        )
    else:
        font = fit_font(side / _PT, labels.ravel(), weights) * _PT
        panels.append(
            grid_panel(
                x_padded,
                cell=side,
                vmin=lo,
                vmax=hi,
                numbers=True,
                font=font,
                title=titles[0],
                origin=(-top, -left),
                extra=marks,
                raised=raised,
                overlay=_weights_svg(kernel, taps, side, font),
                name="input",
            )
        )
    i, j = cell
    out_font = fit_font(side / _PT, cell_labels(out).ravel()) * _PT
    readable = out_font >= MIN_NUMBER_FONT * _PT
    title = titles[1] if readable else f"{titles[1]}: [{i}, {j}] = {format_value(float(out[i, j]), None)}"
    frame = _rect(i, j, side, cls="out-cell", fill="none", stroke=CELL_COLOR, stroke_width="3", data_row=i, data_col=j)
    panels.append(
        grid_panel(
            out, cell=side, cmap="viridis", numbers=readable, font=out_font, title=title, overlay=frame, name="output"
        )
    )
    if stacked:  # input, output, zoom: one under the other, left-aligned (the cells line up)
        return _svg(
            panels[:1] + panels[-1:] + panels[1:-1], [[k] for k in range(len(panels))], defs=_HATCH, align="left"
        )
    return _svg(panels, defs=_HATCH)  # input | zoom | output


def conv_output_svg(
    y: np.ndarray,
    *,
    channel: int = 0,
    titles: tuple[str, str] = ("output: numbers", "output: picture"),
    fmt: str | None = None,
    size: float = 220.0,
    max_maps: int = 8,
) -> str:
    """The output as numbers and as a picture, plus every feature map
    (:func:`tfdl.viz.conv.conv_output_figure` as SVG).

    Args:
        y: H×W or H×W×C output (C = number of filters).
        channel: the channel whose numbers are printed.
        titles: titles of the numbers panel and of the picture.
        fmt: format spec of the printed numbers.
        size: side of the larger grid axis in pixels.
        max_maps: at most this many feature maps in the second row (the chosen one framed red).

    Returns:
        SVG text: 2 panels for one channel, ``2 + min(C, max_maps)`` for more.

    Example:
        >>> conv_output_svg(np.zeros((3, 3, 2)), channel=1).count('class="panel"')
        4
    """
    y = np.asarray(y, dtype=float)
    if y.ndim == 2:
        y = y[..., None]
    if y.ndim != 3:
        raise TfdlValueError("image_hw_or_hwc_y", "`y` must be H×W or H×W×C. Received: y.shape={shape}", shape=y.shape)
    if not 0 <= channel < y.shape[-1]:
        raise TfdlValueError(
            "channel_range",
            "`channel` must be in [0, {n_channels}). Received: channel={channel}",
            n_channels=y.shape[-1],
            channel=channel,
        )
    cell = _cell_size(size, max(y.shape[:2]))
    suffix = f" [{channel}]" if y.shape[-1] > 1 else ""
    panels = [
        grid_panel(y[..., channel], cell=cell, cmap="viridis", fmt=fmt, title=titles[0] + suffix),
        _picture_panel(y[..., channel], cell, titles[1] + suffix),
    ]
    n_maps = min(y.shape[-1], max_maps) if y.shape[-1] > 1 else 0
    small = _cell_size(size / 2.0, max(y.shape[:2]))
    for k in range(n_maps):
        frame = ""
        if k == channel:
            frame = _rect(
                0, 0, small, y.shape[0], y.shape[1], "chosen", fill="none", stroke=CELL_COLOR, stroke_width="3"
            )
        panels.append(_picture_panel(y[..., k], small, f"[{k}]", extra=frame))
    rows = [[0, 1], list(range(2, 2 + n_maps))] if n_maps else None
    return _svg(panels, rows)


def receptive_field_svg(
    image: np.ndarray,
    regions: Sequence[tuple[int, int, int, int]],
    *,
    labels: Sequence[str] | None = None,
    title: str | None = None,
    size: float = 260.0,
) -> str:
    """The part of the input one output cell sees, layer after layer
    (:func:`tfdl.viz.conv.receptive_field_figure` as SVG).

    Each region ``(row0, col0, height, width)`` is a rectangle on the picture, dashed where it
    reaches past the image (over padding, drawn light grey).

    Args:
        image: H×W or H×W×C input picture.
        regions: one ``(row0, col0, height, width)`` per layer, in input coordinates.
        labels: legend text per region.
        title: title of the picture.
        size: side of the drawn area's larger axis in pixels.

    Returns:
        SVG text: the picture with the regions, and a legend.

    Example:
        >>> receptive_field_svg(np.zeros((8, 8)), [(2, 2, 3, 3)]).count('class="receptive-field"')
        1
    """
    image = np.asarray(image, dtype=float)
    h, w = image.shape[:2]
    pad = max([0] + [max(-r0, -c0, r0 + rh - h, c0 + rw - w) for r0, c0, rh, rw in regions])
    cell = _cell_size(size, max(h, w) + 2 * pad)
    marks = []
    for k, (r0, c0, rh, rw) in enumerate(regions):
        inside = r0 >= 0 and c0 >= 0 and r0 + rh <= h and c0 + rw <= w
        dash = {} if inside else {"stroke_dasharray": "6,3"}
        marks.append(
            _rect(
                r0,
                c0,
                cell,
                rh,
                rw,
                "receptive-field",
                fill="none",
                stroke=RF_COLORS[k % len(RF_COLORS)],
                stroke_width="2.2",
                **dash,
            )
        )
    picture = _picture_panel(image, cell, None, extra="".join(marks))
    # the picture inside a light grey frame of `pad` cells (the padding), regions drawn over both
    frame_w, frame_h = (w + 2 * pad) * cell, (h + 2 * pad) * cell
    top = (_TITLE + 8.0) if title else 0.0
    body = [f'<g class="panel"><title>{escape(title or "")}</title>']
    if title:
        body.append(
            f'<text x="{frame_w / 2:.1f}" y="{_TITLE:.1f}" font-size="{_TITLE}" text-anchor="middle">'
            f"{escape(title)}</text>"
        )
    body.append(f'<rect x="0" y="{top:.1f}" width="{frame_w:.2f}" height="{frame_h:.2f}" fill="#eeeeee"/>')
    body.append(
        f'<g transform="translate({pad * cell - picture.grid_x:.2f},{top + pad * cell - picture.grid_y:.2f})">'
        f"{picture.body}</g>"
    )
    legend_w = 0.0
    for k, label in enumerate(labels or []):
        y = top + 10.0 + 16.0 * k
        color = RF_COLORS[k % len(RF_COLORS)]
        body.append(
            f'<line x1="{frame_w + 10:.1f}" y1="{y:.1f}" x2="{frame_w + 28:.1f}" y2="{y:.1f}" '
            f'stroke="{color}" stroke-width="2.5"/>'
            f'<text x="{frame_w + 32:.1f}" y="{y:.1f}" font-size="10" dominant-baseline="central">'
            f"{escape(label)}</text>"
        )
        legend_w = max(legend_w, 36.0 + _text_width(label, 10.0))
    body.append("</g>")
    width = max(frame_w + legend_w, _text_width(title or "", _TITLE))
    return _svg([Panel("".join(body), width, top + frame_h + 4.0)])
