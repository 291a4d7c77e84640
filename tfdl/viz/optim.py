"""Figures for optimiser races: contour maps with paths and minima, loss curves, slider helpers.

Works on the DataFrame returned by :func:`tfdl.trajectories.run` and on a
:class:`tfdl.surfaces.Surface`. Imports no TensorFlow at module level (a surface computes its
grid with TensorFlow only when asked, and a precomputed ``grid`` can be passed instead).

Example:
    >>> import tfdl
    >>> from tfdl.viz.optim import trajectories_figure
    >>> s = tfdl.surfaces.get_surface("ravine")
    >>> df = tfdl.trajectories.run(["sgd", "momentum"], s, steps=50)
    >>> [float(v) for v in trajectories_figure(df, s).axes[0].get_xlim()]
    [-10.0, 10.0]
"""

from __future__ import annotations

import numpy as np

from tfdl.validation import deprecated_names

__all__ = [
    "RaceFrames",
    "optimizer_colors",
    "contours_figure",
    "trajectories_figure",
    "trajectory_loss_figure",
    "trajectory_until",
    "positions_at",
    "step_range",
    "TEXTS",
]

TEXTS = {"minimum": "minimum", "critical point": "critical point", "start": "start",
         "step": "step", "loss": "loss", "loss − min": "loss − min"}
"""Words drawn on the figures; pass ``texts={...}`` to translate them (the playground does)."""

_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
            "#17becf", "#7f7f7f", "#bcbd22"]


def _plt():
    import matplotlib.pyplot as plt

    return plt


def optimizer_colors(labels) -> dict:
    """A stable colour per optimiser label (same colour in every figure).

    Args:
        labels: optimiser labels, in order.

    Returns:
        ``{label: hex colour}``.

    Example:
        >>> optimizer_colors(["SGD", "Adam"])["SGD"]
        '#1f77b4'
    """
    return {label: _PALETTE[i % len(_PALETTE)] for i, label in enumerate(dict.fromkeys(labels))}


def step_range(df) -> tuple[int, int]:
    """``(0, last step)`` of a run: the range of a step slider.

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame.

    Returns:
        A pair of ints.

    Example:
        >>> import pandas as pd
        >>> step_range(pd.DataFrame({"step": [0, 1, 2]}))
        (0, 2)
    """
    return 0, int(df["step"].max()) if len(df) else 0


def trajectory_until(df, step: int | None = None):
    """The rows of every optimiser up to and including ``step`` (all rows if None): a slider frame.

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame.
        step: last step to keep.

    Returns:
        A DataFrame (a filtered view of ``df``).

    Example:
        >>> import pandas as pd
        >>> len(trajectory_until(pd.DataFrame({"step": [0, 1, 2]}), 1))
        2
    """
    return df if step is None else df[df["step"] <= int(step)]


def positions_at(df, step: int):
    """Where each optimiser is at ``step`` (its last row if it stopped earlier by diverging).

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame.
        step: the slider's step.

    Returns:
        A DataFrame indexed by optimiser with ``step, x, y, loss, grad_norm, diverged``.

    Example:
        >>> import pandas as pd
        >>> d = pd.DataFrame({"optimiser": ["a", "a"], "step": [0, 1], "x": [0., 1.], "y": [0., 1.]})
        >>> positions_at(d, 5)["x"].tolist()
        [1.0]
    """
    part = trajectory_until(df, step)
    return part.groupby("optimiser", sort=False).tail(1).set_index("optimiser")


def _log_levels(Z, min_value, n):
    shift = (min_value if min_value is not None else float(np.nanmin(Z)))
    Zs = Z - shift
    positive = Zs[Zs > 0]
    lo = max(float(np.nanmin(positive)) if positive.size else 1e-6, 1e-6)
    hi = float(np.nanmax(Zs))
    if not hi > lo:
        return Zs, n
    return Zs, np.geomspace(lo, hi, n)


def contours_figure(surface, ax=None, grid=None, levels: int = 30, log: bool = True, texts=None):
    """Filled contour map of a surface, with its minima (★) and other critical points (✕).

    Levels are geometric in ``L − L_min`` by default, so valleys show their shape.

    Args:
        surface: a :class:`tfdl.surfaces.Surface`.
        ax: matplotlib Axes to draw on (a new figure if None).
        grid: ``(X, Y, Z)`` from ``surface.grid()``, to skip recomputing it.
        levels: number of contour levels.
        log: geometric (True) or linear levels.
        texts: translations of :data:`TEXTS` entries.

    Returns:
        The matplotlib Figure.

    Example:
        >>> import tfdl
        >>> fig = contours_figure(tfdl.surfaces.get_surface("himmelblau"))
        >>> len(fig.axes) >= 1
        True
    """
    plt = _plt()
    from matplotlib.colors import LogNorm

    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 5.6), layout="constrained")
    else:
        fig = ax.figure
    t = {**TEXTS, **(texts or {})}
    X, Y, Z = grid if grid is not None else surface.grid()
    if log:
        Zs, lv = _log_levels(Z, surface.min_value, levels)
        if np.ndim(lv):
            ax.contourf(X, Y, np.clip(Zs, lv[0], None), levels=lv, norm=LogNorm(), cmap="viridis", alpha=0.85)
            ax.contour(X, Y, np.clip(Zs, lv[0], None), levels=lv, colors="k", linewidths=0.3, alpha=0.4)
        else:
            log = False
    if not log:
        ax.contourf(X, Y, Z, levels=levels, cmap="viridis", alpha=0.85)
        ax.contour(X, Y, Z, levels=levels, colors="k", linewidths=0.3, alpha=0.4)
    for i, (mx, my) in enumerate(surface.minima):
        ax.plot(mx, my, marker="*", color="white", markeredgecolor="k", markersize=15, linestyle="none",
                label=t["minimum"] if i == 0 else None, zorder=5)
    for i, (cx, cy) in enumerate(surface.critical_points):
        ax.plot(cx, cy, marker="X", color="white", markeredgecolor="k", markersize=10, linestyle="none",
                label=t["critical point"] if i == 0 else None, zorder=5)
    (x0, x1), (y0, y1) = surface.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(surface.title or surface.name)
    return fig


def trajectories_figure(df, surface, step: int | None = None, ax=None, grid=None, colors=None,
                      texts=None):
    """Contours of ``surface`` with each optimiser's path up to ``step``, its start and its position.

    A diverged optimiser's last point is marked ✕.

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame.
        surface: the surface it ran on.
        step: draw paths up to this step (all if None): drive it with a slider.
        ax: matplotlib Axes (new figure if None).
        grid: precomputed ``surface.grid()``.
        colors: ``{label: colour}`` (default :func:`optimizer_colors`).
        texts: translations of :data:`TEXTS` entries.

    Returns:
        The matplotlib Figure.

    Example:
        >>> import tfdl
        >>> s = tfdl.surfaces.get_surface("bowl")
        >>> fig = trajectories_figure(tfdl.trajectories.run(["adam"], s, steps=5), s, step=3)
        >>> fig.axes[0].get_title()
        '(x² + y²)'
    """
    fig = contours_figure(surface, ax=ax, grid=grid, texts=texts)
    t = {**TEXTS, **(texts or {})}
    ax = fig.axes[0] if ax is None else ax
    colors = colors or optimizer_colors(df["optimiser"].unique())
    part = trajectory_until(df, step)
    first = True
    for label, rows in part.groupby("optimiser", sort=False):
        c = colors.get(label, "k")
        ax.plot(rows["x"], rows["y"], "-", color=c, linewidth=1.6, label=label, zorder=3)
        ax.plot(rows["x"].iloc[-1], rows["y"].iloc[-1], "o", color=c, markeredgecolor="k", zorder=4)
        if bool(rows["diverged"].iloc[-1]):
            ax.plot(rows["x"].iloc[-1], rows["y"].iloc[-1], "x", color="red", markersize=14, mew=3, zorder=6)
        if first:
            ax.plot(rows["x"].iloc[0], rows["y"].iloc[0], "s", color="white", markeredgecolor="k",
                    label=t["start"], zorder=4)
            first = False
    _legend_outside(fig, ax, own_figure=fig.axes[0] is ax and len(fig.axes) == 1)
    return fig


def _legend_outside(fig, ax, own_figure: bool) -> None:
    """The legend outside the axes, so it never hides a path or a curve: under the axes of a figure
    made here (constrained layout makes room), else at the right of the given ``ax``."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    if own_figure:
        fig.legend(handles, labels, loc="outside lower center", ncol=min(len(handles), 4), fontsize=8,
                   markerscale=0.7, frameon=False)
    else:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)


def trajectory_loss_figure(df, surface=None, ax=None, log: bool = True, colors=None, step: int | None = None,
                     texts=None):
    """Loss by step for each optimiser; log scale of ``L − L_min`` when the minimum is known.

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame.
        surface: the surface (for ``min_value``); without it, the raw loss is drawn.
        ax: matplotlib Axes (new figure if None).
        log: log-scale y axis (symmetric log when the surface is unbounded below).
        colors: ``{label: colour}``.
        step: draw a vertical marker at this step (a slider's position).
        texts: translations of :data:`TEXTS` entries.

    Returns:
        The matplotlib Figure.

    Example:
        >>> import tfdl
        >>> fig = trajectory_loss_figure(tfdl.trajectories.run(["sgd"], "bowl", steps=5), "bowl")
        >>> fig.axes[0].get_yscale()
        'log'
    """
    plt = _plt()
    if isinstance(surface, str):
        from tfdl.surfaces import get_surface

        surface = get_surface(surface)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
    else:
        fig = ax.figure
    colors = colors or optimizer_colors(df["optimiser"].unique())
    t = {**TEXTS, **(texts or {})}
    min_value = getattr(surface, "min_value", None)
    shift = min_value if min_value is not None else 0.0
    for label, rows in df.groupby("optimiser", sort=False):
        y = rows["loss"].to_numpy(dtype=float) - shift
        if log and min_value is not None:
            y = np.maximum(y, 1e-12)
        ax.plot(rows["step"], y, color=colors.get(label, "k"), label=label)
        if bool(rows["diverged"].iloc[-1]):
            ax.plot(rows["step"].iloc[-1], y[-1] if np.isfinite(y[-1]) else np.nan, "x", color="red",
                    markersize=10, mew=2)
    if log:
        ax.set_yscale("log" if min_value is not None else "symlog")
    if step is not None:
        ax.axvline(int(step), color="grey", linestyle=":")
    ax.set_xlabel(t["step"])
    ax.set_ylabel(t["loss − min"] if min_value is not None and min_value != 0 else t["loss"])
    ax.grid(True, which="both", alpha=0.3)
    _legend_outside(fig, ax, own_figure=fig.axes[0] is ax and len(fig.axes) == 1)
    return fig


class RaceFrames:
    """:func:`trajectories_figure` and :func:`trajectory_loss_figure` of one race, for a step slider.

    Both figures are drawn once. A frame redraws only what moves with the step (the paths, the
    current positions, the step marker, and the markers that lie over them) on the saved
    background (a legend inside the axes is put back on top; the figures' own legends sit under the
    axes, as :func:`trajectories_figure` draws them), and encodes a JPEG (quality 92, no chroma
    subsampling: 3 ms where a PNG of the contours takes 35): tens of milliseconds instead of the
    half second a new figure costs. Thread-safe (one instance can serve every session of an app).

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame.
        surface: the surface it ran on.
        grid: precomputed ``surface.grid()``.
        texts: translations of :data:`TEXTS` entries.
        dpi: resolution of the frames (6.4 × 5.6 and 6.4 × 4.4 inches, as the figures).

    Example:
        >>> import tfdl
        >>> s = tfdl.surfaces.get_surface("bowl")
        >>> frames = RaceFrames(tfdl.trajectories.run(["adam"], s, steps=5), s)
        >>> frames.trajectories_image(3)[:3] == frames.loss_image(3)[:3] == b"\\xff\\xd8\\xff"  # JPEG
        True
    """

    def __init__(self, df, surface, grid=None, texts=None, dpi: int = 160):
        import threading

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self._lock = threading.Lock()
        self._paths = {}
        for label, rows in df.groupby("optimiser", sort=False):
            self._paths[label] = (rows["step"].to_numpy(), rows["x"].to_numpy(dtype=float),
                                  rows["y"].to_numpy(dtype=float), rows["diverged"].to_numpy(dtype=bool))
        colors = optimizer_colors(list(self._paths))
        t = {**TEXTS, **(texts or {})}
        # the contour map as trajectories_figure draws it
        fig = Figure(figsize=(6.4, 5.6), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        contours_figure(surface, ax=ax, grid=grid, texts=texts)
        over = [line for line in ax.lines if line.get_zorder() > 3]  # minima, critical points
        self._marks = {}
        for k, (label, (_steps, x, y, _diverged)) in enumerate(self._paths.items()):
            c = colors[label]
            path = ax.plot(x, y, "-", color=c, linewidth=1.6, label=label, zorder=3)[0]
            here = ax.plot([], [], "o", color=c, markeredgecolor="k", zorder=4)[0]
            cross = ax.plot([], [], "x", color="red", markersize=14, mew=3, zorder=6)[0]
            self._marks[label] = (path, here, cross)
            if k == 0 and len(x):
                over += ax.plot(x[0], y[0], "s", color="white", markeredgecolor="k", label=t["start"], zorder=4)
        _legend_outside(fig, ax, own_figure=True)  # as trajectories_figure: under the axes
        self._traj = self._freeze(fig, [*(m for ms in self._marks.values() for m in ms), *over], ax.get_legend())
        self._loss_inputs = (df, surface, colors, texts, dpi)  # drawn on the first loss_image()
        self._loss = None

    def _loss_frozen(self):
        """The loss curves, drawn once: only the step marker moves."""
        if self._loss is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            df, surface, colors, texts, dpi = self._loss_inputs
            fig = Figure(figsize=(6.4, 4.4), dpi=dpi, layout="constrained")
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            trajectory_loss_figure(df, surface, ax=ax, colors=colors, texts=texts)
            self._step_line = ax.axvline(0, color="grey", linestyle=":")
            self._loss = self._freeze(fig, [self._step_line], ax.get_legend())
        return self._loss

    @staticmethod
    def _freeze(fig, moving, legend):
        """Draw all but ``moving``; keep the background and the legend's pixels (put back on top)."""
        for artist in moving:
            artist.set_animated(True)
        fig.canvas.draw()
        background = fig.canvas.copy_from_bbox(fig.bbox)
        top = fig.canvas.copy_from_bbox(legend.get_window_extent().padded(2)) if legend is not None else None
        return fig, background, sorted(moving, key=lambda a: a.get_zorder()), top

    @staticmethod
    def _image(frozen) -> bytes:
        import io

        from PIL import Image

        fig, background, moving, top = frozen
        canvas = fig.canvas
        canvas.restore_region(background)
        for artist in moving:
            fig.draw_artist(artist)
        if top is not None:
            canvas.restore_region(top)
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="jpeg", quality=92, subsampling=0)
        return buf.getvalue()

    def trajectories_image(self, step: int | None = None) -> bytes:
        """The contour map with every path up to ``step`` (all if None), as JPEG bytes."""
        with self._lock:
            for label, (steps, x, y, diverged) in self._paths.items():
                n = len(steps) if step is None else int(np.searchsorted(steps, int(step), side="right"))
                path, here, cross = self._marks[label]
                path.set_data(x[:n], y[:n])
                here.set_data(x[n - 1:n], y[n - 1:n])
                gone = n > 0 and bool(diverged[n - 1])
                cross.set_data(x[n - 1:n] if gone else [], y[n - 1:n] if gone else [])
            return self._image(self._traj)

    def loss_image(self, step: int | None = None) -> bytes:
        """The loss curves with the marker at ``step`` (none if None), as JPEG bytes."""
        with self._lock:
            frozen = self._loss_frozen()
            self._step_line.set_visible(step is not None)
            self._step_line.set_xdata([0 if step is None else int(step)] * 2)
            return self._image(frozen)

# Old names (before 0.2), deprecated aliases for one release.
__getattr__ = deprecated_names("tfdl.viz.optim", {
    "plot_contours": "contours_figure",
    "plot_trajectories": "trajectories_figure",
    "plot_loss_curves": "trajectory_loss_figure",
})
