"""Pictures of convolution and pooling: grids of numbers, the kernel walking over the input,
padding cells coloured by mode, dilation gaps, outputs and receptive fields.

Every builder returns a :class:`matplotlib.figure.Figure` (no pyplot state is kept), so the same
pictures serve the playground (``st.pyplot(fig)``), notebooks and the docs. Nothing here imports
TensorFlow: the numbers come from ``tfdl.functional`` and ``tfdl.shapes``.

Highlighted patches carry a matplotlib ``gid`` so tests and tools can find them:
``"window"`` (the kernel's span), ``"tap"`` (one cell the kernel reads), ``"gap"`` (a cell
skipped by dilation), ``"pad"`` (a padding cell), ``"out-cell"`` (the output cell being made),
``"receptive-field"``.

Example:
    >>> import numpy as np
    >>> from tfdl.viz.conv import number_grid_figure
    >>> fig = number_grid_figure(np.arange(9).reshape(3, 3))
    >>> len(fig.axes)
    2
"""

from __future__ import annotations

import math
from collections.abc import Sequence

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

__all__ = [
    "draw_number_grid",
    "number_grid_figure",
    "kernel_walk_figure",
    "conv_output_figure",
    "receptive_field_figure",
    "conv_size_formula",
]

def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _auto_fontsize(shape: tuple[int, int], ax) -> float:
    root = ax.figure
    while not hasattr(root, "get_size_inches"):  # a SubFigure: climb to the Figure
        root = root.figure if root.figure is not root else root._parent
    bbox_w, bbox_h = root.get_size_inches()
    n = max(shape)
    return float(np.clip(7.5 * 8 / max(n, 1) * min(bbox_w, bbox_h) / 4.0, 3.0, 11.0))


def draw_number_grid(
    ax,
    a: np.ndarray,
    *,
    cmap: str = "gray",
    vmin: float | None = None,
    vmax: float | None = None,
    numbers: bool | None = None,
    fmt: str | None = None,
    fontsize: float | None = None,
    title: str | None = None,
    origin: tuple[int, int] = (0, 0),
):
    """Draw a 2-D array as an image with its value printed in every cell and grid lines.

    Formula: cell ``(r, c)`` holds ``a[r, c]`` and is the unit square centred at ``(x, y) = (c, r)``
    in data coordinates (matplotlib's ``imshow`` convention), so patches added later line up.

    Args:
        ax: the matplotlib ``Axes`` to draw on.
        a: 2-D array of numbers.
        cmap: colour map of the picture.
        vmin: value drawn black (default: the minimum of ``a``).
        vmax: value drawn white (default: the maximum of ``a``).
        numbers: print the values (default: when the grid is at most 32 cells on a side).
        fmt: format spec of the printed values (default: integers as integers, else 2 decimals).
        fontsize: size of the printed values (default: scaled to the grid).
        title: title of the axes.
        origin: index labels of the first row and column (e.g. ``(-1, -1)`` for a padded grid).

    Returns:
        The ``AxesImage``.

    Example:
        >>> from matplotlib.figure import Figure
        >>> ax = Figure().subplots()
        >>> print(draw_number_grid(ax, np.eye(3)).get_array().shape, len(ax.texts))
        (3, 3) 9

    Paper: course note 004 ("Что такое изображение": an image is a matrix of numbers).
    """
    a = np.asarray(a, dtype=float)
    if a.ndim != 2:
        raise TfdlValueError("array_2d", "`a` must be a 2-D array. Received: a.shape={shape}", shape=a.shape)
    h, w = a.shape
    lo = float(np.nanmin(a)) if vmin is None else vmin
    hi = float(np.nanmax(a)) if vmax is None else vmax
    if hi <= lo:
        hi = lo + 1.0
    im = ax.imshow(a, cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
    size = fontsize or _auto_fontsize((h, w), ax)
    if numbers is None:  # only where they can be read
        numbers = max(h, w) <= 16 and size >= 4.0
    if numbers:
        norm = (a - lo) / (hi - lo)
        for r in range(h):
            for c in range(w):
                ax.text(
                    c, r, format_value(a[r, c], fmt),
                    ha="center", va="center", fontsize=size,
                    color="black" if norm[r, c] > 0.55 else "white",
                    in_layout=False, clip_on=True,
                )
    if max(h, w) <= 48:  # cell borders: two line collections (minor ticks cost seconds on big grids)
        ax.vlines(np.arange(0.5, w - 1), -0.5, h - 0.5, color="#cccccc", linewidth=0.5, gid="grid")
        ax.hlines(np.arange(0.5, h - 1), -0.5, w - 0.5, color="#cccccc", linewidth=0.5, gid="grid")
    step = max(1, math.ceil(max(h, w) / 10))
    ax.set_xticks(np.arange(0, w, step))
    ax.set_yticks(np.arange(0, h, step))
    ax.set_xticklabels([str(origin[1] + i) for i in range(0, w, step)], fontsize=7)
    ax.set_yticklabels([str(origin[0] + i) for i in range(0, h, step)], fontsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    return im


def _picture(ax, x: np.ndarray, title: str | None = None):
    """Show H×W or H×W×3 as a picture (colour images are rescaled to [0, 1])."""
    if x.ndim == 3 and x.shape[-1] == 3:
        lo, hi = float(x.min()), float(x.max())
        ax.imshow((x - lo) / (hi - lo if hi > lo else 1.0), interpolation="nearest")
    else:
        ax.imshow(x if x.ndim == 2 else x[..., 0], cmap="gray", interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)


def number_grid_figure(
    x: np.ndarray,
    *,
    channel: int | None = None,
    titles: tuple[str, str] = ("numbers", "picture"),
    channel_names: Sequence[str] = ("R", "G", "B"),
    size: float = 3.2,
):
    """An image as a computer stores it: its grid of numbers beside the picture.

    Formula: a grey image is ``x ∈ Z^{H×W}``, a colour one ``x ∈ Z^{H×W×C}`` (Keras layout);
    each channel's numbers get their own panel.

    Args:
        x: H×W (grey) or H×W×C array.
        channel: for a multi-channel image, the channel whose numbers are printed
            (default: all channels, one panel each).
        titles: titles of the numbers panel and of the picture panel.
        channel_names: names of the channels in panel titles.
        size: height of the figure in inches.

    Returns:
        A matplotlib ``Figure``: one grid of numbers per shown channel, then the picture.

    Example:
        >>> fig = number_grid_figure(np.random.rand(5, 4, 3))
        >>> print(len(fig.axes), fig.axes[-1].images[0].get_array().shape)
        4 (5, 4, 3)

    Paper: course notes 000/004 ("an image is an H×W integer matrix").
    """
    x = np.asarray(x)
    if x.ndim == 3 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim not in (2, 3):
        raise TfdlValueError("image_hw_or_hwc_x", "`x` must be H×W or H×W×C. Received: x.shape={shape}", shape=x.shape)
    if x.ndim == 2:
        planes = [(titles[0], x)]
    else:
        chans = range(x.shape[-1]) if channel is None else [channel]
        planes = [
            (f"{titles[0]}: {channel_names[c] if c < len(channel_names) else c}", x[..., c])
            for c in chans
        ]
    n = len(planes) + 1
    fig = _figure(size * n, size)
    axes = fig.subplots(1, n, squeeze=False)[0]
    for ax, (title, plane) in zip(axes, planes):
        draw_number_grid(ax, plane, title=title, vmin=float(x.min()), vmax=float(x.max()))
    _picture(axes[-1], x, titles[1])
    return fig


def _rect(ax, r: float, c: float, h: float = 1.0, w: float = 1.0, **kwargs):
    from matplotlib.patches import Rectangle

    patch = Rectangle((c - 0.5, r - 0.5), w, h, **kwargs)
    ax.add_patch(patch)
    return patch


def _cell_points(ax) -> float:
    """The side of one cell of ``ax`` in points, from its laid-out size and its x range."""
    bbox = ax.get_window_extent()
    span = abs(float(np.diff(ax.get_xlim())[0]))
    return bbox.width / max(span, 1e-9) * 72.0 / ax.figure.dpi


def _print_numbers(ax, a, labels, lo, hi, fontsize, rows, cols, raised=frozenset()):
    """Print ``labels[r, c]`` in the cells ``rows × cols`` (raised cells: a little up, a weight goes under)."""
    norm = (np.asarray(a, dtype=float) - lo) / (hi - lo if hi > lo else 1.0)
    for r in rows:
        for c in cols:
            if labels[r, c]:
                ax.text(c, r - (0.17 if (r, c) in raised else 0.0), labels[r, c], ha="center", va="center",
                        fontsize=fontsize, color="black" if norm[r, c] > 0.55 else "white",
                        in_layout=False, clip_on=True, gid="number")


def _walk_input_panel(ax, xp, pads, taps, lo, hi, *, color, title, picture=False, region=None):
    """The padded input with its padding, the kernel's window, its taps and the dilation gaps.

    ``picture``: thin lines (the cells are small); ``region`` ``(r0, r1, c0, c1)`` (inclusive) zooms
    the axes on those cells."""
    (top, bottom), (left, right) = pads
    hp, wp = xp.shape
    draw_number_grid(ax, xp, vmin=lo, vmax=hi, numbers=False, title=title, origin=(-top, -left))
    if top or bottom or left or right:
        from matplotlib.colors import to_rgba

        # one translucent overlay image for all padding cells (fast even for big inputs)
        overlay = np.zeros((hp, wp, 4))
        is_pad = np.ones((hp, wp), dtype=bool)
        is_pad[top:hp - bottom, left:wp - right] = False
        overlay[is_pad] = to_rgba(color, 0.55)
        ax.imshow(overlay, interpolation="nearest", gid="pad")
        _rect(ax, top, left, hp - top - bottom, wp - left - right, fill=False,
              edgecolor="#1f77b4", linewidth=1.6, linestyle="-", gid="input-border")
    rows, cols = taps[..., 0], taps[..., 1]
    r0, c0, r1, c1 = int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())
    _rect(ax, r0, c0, r1 - r0 + 1, c1 - c0 + 1, fill=False, edgecolor=WINDOW_COLOR,
          linewidth=1.5 if picture else 2.5, gid="window")
    tap_set = {(int(r), int(c)) for r, c in zip(rows.ravel(), cols.ravel())}
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            if (r, c) not in tap_set:
                _rect(ax, r, c, fill=False, hatch="////", edgecolor="#888888", linewidth=0.0, gid="gap")
    for r, c in sorted(tap_set):
        _rect(ax, r, c, facecolor=(1.0, 0.5, 0.05, 0.45), edgecolor=WINDOW_COLOR,
              linewidth=0.6 if picture else 2.0, gid="tap")
    if region is not None:
        zr0, zr1, zc0, zc1 = region
        ax.set_xlim(zc0 - 0.5, zc1 + 0.5)
        ax.set_ylim(zr1 + 0.5, zr0 - 0.5)
        ax.set_xticks(np.arange(zc0, zc1 + 1))
        ax.set_yticks(np.arange(zr0, zr1 + 1))
        ax.set_xticklabels([str(i - left) for i in range(zc0, zc1 + 1)], fontsize=7)
        ax.set_yticklabels([str(i - top) for i in range(zr0, zr1 + 1)], fontsize=7)


def _walk_numbers(ax, xp, labels, lo, hi, font, kernel, taps, region) -> None:
    """Print the values of the cells in ``region`` (all by default) and the kernel weights on its taps."""
    zr0, zr1, zc0, zc1 = region if region is not None else (0, xp.shape[0] - 1, 0, xp.shape[1] - 1)
    tap_set = {(int(r), int(c)) for r, c in taps.reshape(-1, 2)}
    _print_numbers(ax, xp, labels, lo, hi, font, range(zr0, zr1 + 1), range(zc0, zc1 + 1),
                   raised=tap_set if kernel is not None else frozenset())
    if kernel is None:
        return
    for a in range(taps.shape[0]):
        for b in range(taps.shape[1]):
            r, c = int(taps[a, b, 0]), int(taps[a, b, 1])
            if zr0 <= r <= zr1 and zc0 <= c <= zc1:
                ax.text(c, r + 0.25, f"×{format_value(float(kernel[a, b]), None)}", ha="center",
                        va="center", fontsize=0.8 * font, color="#7a3300", fontweight="bold",
                        bbox=dict(boxstyle="round,pad=0.08", facecolor="white", edgecolor="none", alpha=0.8),
                        in_layout=False, clip_on=True, gid="weight")


_MAX_CELL = 0.6  # inches: small grids are not blown up


def _walk_axes(panels, stacked, size, width, dry=False, zoom_cell=0.0):
    """A figure and one axes per panel ``(rows, cols)``: side by side at one height, or stacked (a
    short wide grid) at one cell size; sized so that cells are as big as ``size`` × ``width`` allows.
    ``dry``: only the side of the first panel's cells, in inches. ``zoom_cell``: the side (inches)
    the third panel's cells need; the first two shrink to make room for it."""
    n = len(panels)
    if stacked:
        cols = max(w for _h, w in panels[:2])
        cell = min(_MAX_CELL, (width - 0.5) / cols)
        heights = [h * cell + 0.5 for h, _w in panels]
        if len(panels) > 2:  # the zoom: a row of bigger cells
            heights[2] = panels[2][0] * min(_MAX_CELL, (width - 0.5) / panels[2][1]) + 0.5
        if dry:
            return cell
        fig = _figure(min(width, cols * cell + 0.6), sum(heights))
        grid = fig.add_gridspec(n, 1, height_ratios=heights)
        return fig, [fig.add_subplot(grid[k, 0]) for k in range(n)]
    ratios = [w / h for h, w in panels]
    height = min(size - 0.6, (width - 0.45 * n) / sum(ratios), _MAX_CELL * max(h for h, _w in panels))
    if dry:
        return height / panels[0][0]
    need = zoom_cell * panels[2][0] if n > 2 else 0.0
    if need > height:  # the zoom's numbers need taller cells: the two pictures get narrower
        height = min(need, size - 0.6)
        room = width - 0.45 * n - ratios[2] * height
        shrink = max(room / ((ratios[0] + ratios[1]) * height), 0.25)
        ratios = [ratios[0] * shrink, ratios[1] * shrink, ratios[2]]
    fig = _figure(height * sum(ratios) + 0.45 * n, height + 0.6)
    places = [0, 2, 1] if n > 2 else [0, 1]  # input | zoom | output, made in the order input, output, zoom
    grid = fig.add_gridspec(1, n, width_ratios=[ratios[places.index(k)] for k in range(n)])
    return fig, [fig.add_subplot(grid[0, place]) for place in places]


def kernel_walk_figure(
    x_padded,
    pad: tuple[tuple[int, int], tuple[int, int]] | None = None,
    taps: np.ndarray | None = None,
    out: np.ndarray | None = None,
    cell: tuple[int, int] | None = None,
    *,
    padding_mode: str = "zeros",
    kernel: np.ndarray | None = None,
    titles: Sequence[str] = ("input (padded)", "output", "numbers around the kernel"),
    size: float = 4.0,
    width: float = 6.4,
    x: np.ndarray | None = None,
    value: float = 0.0,
    overflow: tuple[int, int] = (0, 0),
    empty_padding: bool = False,
):
    """One step of the kernel's walk: its window on the padded input and the output cell it makes.

    Two ways to call it. With a step of :func:`tfdl.functional.walk` (or a
    :class:`tfdl.functional.Window` of :func:`tfdl.functional.windows`, for pooling):
    ``kernel_walk_figure(step, pads, out=y, x=x, padding_mode=..., kernel=k)``; the figure pads
    ``x`` itself (``pads`` from :func:`tfdl.explain.walk_pads`, ``empty_padding=True`` draws the
    padding empty, ``overflow`` adds empty cells past it). Or with the padded input, the padding,
    the taps and the output cell already computed (below).

    The output cell ``(i, j)`` is ``out[i, j] = Σ_{a,b} x_p[i·s + a·d, j·s + b·d] · k[a, b]``
    (cross-correlation, as deep-learning libraries compute it; ``s`` stride, ``d`` dilation,
    ``x_p`` the padded input). The cells it reads (the *taps*) are filled orange, with the kernel
    weight printed under the value when ``kernel`` is given; cells inside the window's span that
    dilation skips are hatched; padding cells are coloured by mode (:data:`PADDING_MODE_COLORS`).

    Readable at any size: the figure grows with the grid up to ``size`` × ``width`` inches and
    prints each number in the largest font its cell holds (:func:`fit_font`). A grid whose cells
    are too small for :data:`MIN_NUMBER_FONT` is drawn as a picture, and a third panel (axes label
    ``"zoom"``) prints the numbers of the cells around the kernel, framed on the picture
    (``gid="zoom-region"``); an output too small for its numbers gives the cell's value in its
    title. A short wide grid (a 1-D signal) puts the output under the input, cell under cell.

    Args:
        x_padded: the padded input, a 2-D array (one channel), e.g. from ``tfdl.functional.pad``;
            or a walk step / window (then ``taps`` and ``cell`` come from it).
        pad: padding added, ``((top, bottom), (left, right))``.
        taps: the padded-input coordinates the kernel reads, an integer array of shape
            ``(kh, kw, 2)`` holding ``(row, col)``.
        out: the output, a 2-D array (one channel).
        cell: the output cell ``(i, j)`` made by this window.
        padding_mode: how the padding was filled (colours the padding cells).
        kernel: the kh×kw kernel, printed on the taps (optional).
        titles: titles of the input, output and zoom panels (the third is optional).
        size: the tallest the figure may be, in inches.
        width: the widest the figure may be, in inches.
        x: the unpadded input (with a step).
        value: the fill value of ``padding_mode="constant"`` (with a step).
        overflow: empty cells past the padding ``(rows, cols)`` (with a step; PyTorch ``ceil_mode``).
        empty_padding: draw the padding cells empty (with a step; pooling ignores them).

    Returns:
        A matplotlib ``Figure``: axes 0 the padded input (label ``"input"``), axes 1 the output
        (``"output"``) and, for a big grid, axes 2 the zoom (``"zoom"``).

    Example:
        >>> x = np.arange(16.).reshape(4, 4)
        >>> taps = np.stack(np.meshgrid([0, 1], [0, 1], indexing="ij"), -1)
        >>> fig = kernel_walk_figure(x, ((0, 0), (0, 0)), taps, np.zeros((3, 3)), (0, 0))
        >>> print(fig.axes[0].images[0].get_array().shape, fig.axes[1].images[0].get_array().shape)
        (4, 4) (3, 3)

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    x_padded, pad, taps, out, cell = walk_inputs(x_padded, pad, taps, out, cell, x=x, padding_mode=padding_mode,
                                                  value=value, overflow=overflow, empty_padding=empty_padding)
    kernel = None if kernel is None else np.asarray(kernel, dtype=float).reshape(taps.shape[:2])
    hp, wp = x_padded.shape
    labels = cell_labels(x_padded)
    weights = [] if kernel is None else [f"×{format_value(v, None)}" for v in kernel.ravel()]
    stacked = wp >= 3 * hp  # a short wide grid (a 1-D signal): the output goes under the input
    # will the numbers fit? (0.85: the room ticks and titles take)
    cell_in = _walk_axes([(hp, wp), out.shape], stacked, size, width, dry=True)
    zoom = fit_font(cell_in * 72 * 0.85, labels.ravel(), weights) < MIN_NUMBER_FONT
    args = (x_padded, labels, weights, pad, taps, out, cell, padding_mode, kernel, titles, size, width, stacked)
    fig, font = _walk_build(*args, zoom=zoom)
    if font is None:  # the estimate was too kind: the cells as drawn are too small, zoom after all
        fig, font = _walk_build(*args, zoom=True)
    return fig


def _walk_build(x_padded, labels, weights, pad, taps, out, cell, padding_mode, kernel, titles, size, width,
                stacked, zoom):
    """The walk figure, with or without the zoom panel; ``(fig, None)`` if the numbers do not fit unzoomed."""
    hp, wp = x_padded.shape
    panels = [(hp, wp), out.shape]
    region = None
    if zoom:
        region = zoom_region(taps, x_padded.shape)
        panels.append((region[1] - region[0] + 1, region[3] - region[2] + 1))
        per_point = fit_font(1.0, labels[region[0]:region[1] + 1, region[2]:region[3] + 1].ravel(), weights)
        zoom_cell = MIN_NUMBER_FONT / per_point / 0.85 / 72.0
    fig, axes = _walk_axes(panels, stacked, size, width, zoom_cell=zoom_cell if zoom else 0.0)
    for ax, label in zip(axes, ("input", "output", "zoom")):
        ax.set_label(label)
    ax_in, ax_out = axes[0], axes[1]

    (top, bottom), (left, right) = pad
    inner = x_padded[top:hp - bottom, left:wp - right]
    finite = inner[np.isfinite(inner)] if inner.size else x_padded[np.isfinite(x_padded)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    color = PADDING_MODE_COLORS.get(padding_mode, "#9e9e9e")
    _walk_input_panel(ax_in, x_padded, pad, taps, lo, hi, color=color, title=titles[0], picture=zoom)
    if zoom:
        _walk_input_panel(axes[2], x_padded, pad, taps, lo, hi, color=color, region=region,
                          title=titles[2] if len(titles) > 2 else "numbers around the kernel")
        zr0, zr1, zc0, zc1 = region
        _rect(ax_in, zr0, zc0, zr1 - zr0 + 1, zc1 - zc0 + 1, fill=False, edgecolor="#1f77b4", linewidth=1.5,
              linestyle="--", gid="zoom-region")
    i, j = cell
    draw_number_grid(ax_out, out, cmap="viridis", numbers=False, title=titles[1])
    _rect(ax_out, i, j, fill=False, edgecolor=CELL_COLOR, linewidth=3.0, gid="out-cell")
    if stacked and out.shape[1] < wp:  # the output's cells as wide as the input's, left-aligned
        ax_out.set_xlim(-0.5, wp - 0.5)
        for side in ax_out.spines.values():
            side.set_visible(False)
        _rect(ax_out, 0, 0, out.shape[0], out.shape[1], fill=False, edgecolor="black", linewidth=0.8)

    fig.draw_without_rendering()  # lay out, then fit the numbers to the cells as drawn
    number_panel = axes[2] if zoom else ax_in
    font = fit_font(_cell_points(number_panel), labels.ravel(), weights)
    if font < MIN_NUMBER_FONT and not zoom:
        return fig, None
    _walk_numbers(number_panel, x_padded, labels, lo, hi, font, kernel, taps, region)
    out_labels = cell_labels(out)
    out_font = fit_font(_cell_points(ax_out), out_labels.ravel())
    if out_font >= MIN_NUMBER_FONT:
        finite = out[np.isfinite(out)]
        _print_numbers(ax_out, out, out_labels, float(finite.min()) if finite.size else 0.0,
                       float(finite.max()) if finite.size else 1.0, out_font, range(out.shape[0]),
                       range(out.shape[1]))
    else:  # too small to print: the value of the cell being made goes in the title
        ax_out.set_title(f"{titles[1]}: [{i}, {j}] = {format_value(float(out[i, j]), None)}", fontsize=10)
    return fig, font


def conv_output_figure(
    y: np.ndarray,
    *,
    channel: int = 0,
    titles: tuple[str, str] = ("output: numbers", "output: picture"),
    fmt: str | None = None,
    size: float = 3.2,
    max_maps: int = 8,
):
    """The output of a convolution or pooling as numbers and as a picture, plus every feature map.

    Formula: channel ``o`` of the output is the feature map ``y[:, :, o]`` of filter ``o``.
    Top row: the numbers of one channel beside its picture. With several channels (filters), a
    second row shows each feature map as a small picture, the chosen one framed in red.

    Args:
        y: H×W or H×W×C output (C = number of filters).
        channel: the channel whose numbers are printed.
        titles: titles of the numbers panel and of the pictures.
        fmt: format spec of the printed numbers.
        size: height of the top row in inches.
        max_maps: at most this many feature maps are drawn in the second row.

    Returns:
        A matplotlib ``Figure``: 2 axes for one channel, ``2 + min(C, max_maps)`` for more.

    Example:
        >>> fig = conv_output_figure(np.random.rand(4, 4, 3))
        >>> print(len(fig.axes), fig.axes[0].images[0].get_array().shape)
        5 (4, 4)

    Paper: Y. LeCun et al., "Gradient-based learning applied to document recognition", 1998
    (feature maps).
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
            n_channels=y.shape[-1], channel=channel,
        )
    n_maps = min(y.shape[-1], max_maps) if y.shape[-1] > 1 else 0
    fig = _figure(size * 2.1, size * (1.0 + (0.5 if n_maps else 0.0)))
    if n_maps:
        top, bottom = fig.subfigures(2, 1, height_ratios=[1.0, 0.5])
    else:
        top, bottom = fig, None
    ax_num, ax_pic = top.subplots(1, 2)
    suffix = f" [{channel}]" if y.shape[-1] > 1 else ""
    draw_number_grid(ax_num, y[..., channel], cmap="viridis", fmt=fmt, title=titles[0] + suffix)
    _picture(ax_pic, y[..., channel], titles[1] + suffix)
    if n_maps:
        for k, ax in enumerate(bottom.subplots(1, n_maps, squeeze=False)[0]):
            ax.imshow(y[..., k], cmap="gray", interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"[{k}]", fontsize=8)
            if k == channel:
                for side in ax.spines.values():
                    side.set_edgecolor(CELL_COLOR)
                    side.set_linewidth(2.5)
    return fig


def receptive_field_figure(
    image: np.ndarray,
    regions: Sequence[tuple[int, int, int, int]],
    *,
    labels: Sequence[str] | None = None,
    title: str | None = None,
    size: float = 4.0,
):
    """The part of the input that one output cell sees, layer after layer.

    Each region ``(row0, col0, height, width)`` is drawn as a rectangle on the input picture
    (clipped to it, the part over padding is dashed); the deepest layer's region is usually the
    largest: the receptive field ``r_l = r_{l-1} + (k_l − 1)·d_l·j_{l-1}``, ``j_l = j_{l-1}·s_l``.

    Args:
        image: H×W or H×W×C input picture.
        regions: one ``(row0, col0, height, width)`` per layer, in input coordinates (may extend
            outside the image, over padding).
        labels: legend text per region.
        title: title of the figure.
        size: height of the figure in inches.

    Returns:
        A matplotlib ``Figure`` with one axes.

    Example:
        >>> fig = receptive_field_figure(np.zeros((8, 8)), [(2, 2, 3, 3), (1, 1, 5, 5)])
        >>> print([(p.get_height(), p.get_width()) for p in fig.axes[0].patches])
        [(3, 3), (5, 5)]

    Paper: A. Araujo, W. Norris, J. Sim, "Computing Receptive Fields of Convolutional Neural
    Networks", Distill 2019.
    """
    image = np.asarray(image, dtype=float)
    fig = _figure(size * 1.25, size)
    ax = fig.subplots()
    _picture(ax, image, title)
    h, w = image.shape[:2]
    handles = []
    for k, (r0, c0, rh, rw) in enumerate(regions):
        color = RF_COLORS[k % len(RF_COLORS)]
        patch = _rect(ax, r0, c0, rh, rw, fill=False, edgecolor=color, linewidth=2.2,
                      linestyle="-" if (r0 >= 0 and c0 >= 0 and r0 + rh <= h and c0 + rw <= w)
                      else "--", gid="receptive-field",
                      label=labels[k] if labels is not None and k < len(labels) else None)
        handles.append(patch)
    pad = max([0] + [max(-r0, -c0, r0 + rh - h, c0 + rw - w) for r0, c0, rh, rw in regions])
    ax.set_xlim(-0.5 - pad, w - 0.5 + pad)
    ax.set_ylim(h - 0.5 + pad, -0.5 - pad)
    if labels is not None:
        ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def conv_size_formula(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: int | str | tuple[int, int] = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
    rule: str = "pytorch",
) -> str:
    """The output-size formula of one framework's rule, with the numbers filled in.

    PyTorch (explicit padding ``P`` each side): ``O = floor((I + 2P - D·(F-1) - 1)/S) + 1``
    (``ceil`` with ``ceil_mode``); ``"valid"`` reads as ``P = 0`` and ``"same"`` exists only for
    stride 1. TensorFlow: ``"valid"`` ``O = ceil((I - D·(F-1))/S)``, ``"same"`` ``O = ceil(I/S)``;
    it has no integer padding, so ``P`` reads as ``ZeroPadding2D(P)`` then ``"valid"``:
    ``ceil((I + 2P - D·(F-1))/S)``. Text and value come from
    :func:`tfdl.shapes.conv_output_size_formula`; impossible settings raise its ``ValueError``.

    Args:
        size: input size ``I`` along one axis.
        kernel_size: kernel (or pool window) size ``F``.
        stride: stride ``S``.
        padding: an int ``P`` (each side), a ``(before, after)`` pair, ``"valid"`` or ``"same"``.
        dilation: dilation ``D``.
        ceil_mode: round up instead of down (PyTorch pooling).
        rule: ``"pytorch"`` or ``"tensorflow"``.

    Returns:
        A string such as ``"floor((28 + 2·1 - 2·(3-1) - 1) / 2) + 1 = 13"``.

    Raises:
        ValueError: impossible settings, a rule that cannot express them (PyTorch ``"same"``
            with stride > 1, TensorFlow ``ceil_mode``), or an unknown ``rule``.

    Example:
        >>> conv_size_formula(28, 3, stride=2, padding=1, dilation=2)
        'floor((28 + 2·1 - 2·(3-1) - 1) / 2) + 1 = 13'

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    from tfdl import shapes

    if rule not in ("pytorch", "tensorflow"):
        raise TfdlValueError(
            "size_rule_choice",
            "`rule` must be 'pytorch' or 'tensorflow'. Received: rule={rule!r}",
            rule=rule,
        )
    name = padding.lower() if isinstance(padding, str) else None
    if rule == "pytorch":
        if name == "valid":
            padding = 0
        elif name == "same" and stride != 1:
            raise TfdlValueError(
                "pytorch_same_needs_stride_1",
                "PyTorch accepts padding='same' only with stride 1. Received: stride={stride}",
                stride=stride,
            )
        return shapes.conv_output_size_formula(size, kernel_size, stride, padding, dilation,
                                               ceil_mode)
    if ceil_mode:
        raise TfdlValueError("tf_pool_no_ceil_mode", "TensorFlow pooling has no `ceil_mode`. Received: ceil_mode=True")
    if name is not None:
        return shapes.conv_output_size_formula(size, kernel_size, stride, padding, dilation)
    before, after = (padding, padding) if not isinstance(padding, (tuple, list)) else padding
    value = shapes.conv_output_size(size + before + after, kernel_size, stride, "valid", dilation)
    pad = f"2·{before}" if before == after else f"{before} + {after}"
    return (f"ceil(({size} + {pad} - {dilation}·({kernel_size}-1)) / {stride}) = {value}")
