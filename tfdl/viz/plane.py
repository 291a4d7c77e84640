"""The Train page's maps for more than two classes and for regression (TensorFlow-Playground style).

* :func:`class_map_figure` — each cell coloured by its most probable class ``argmax_k p_k``,
  paler where the model is unsure (``p_max`` near ``1/K``), with the points on top.
* :func:`regression_map_figure` — the predicted value over the plane as a heatmap with a colour
  bar; the points are coloured by their target on the same scale.

Both take their words as ``texts`` (English by default). No TensorFlow here: pass the arrays
(:func:`tfdl.interpret.predict_grid_classes` computes them from a model).

Example:
    >>> import numpy as np
    >>> xx, yy = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 3))
    >>> len(class_map_figure(xx, yy, np.full((3, 3, 3), 1 / 3)).axes)
    2
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["CLASS_COLORS", "PLANE_TEXTS", "class_map_figure", "regression_map_figure"]

#: One colour per class: the Playground's orange and blue, then green, purple, red.
CLASS_COLORS = ("#f59322", "#0877bd", "#2ca02c", "#9467bd", "#d62728")
PLANE_TEXTS = {"class": "class {k}", "train": "training points", "test": "test points", "value": "predicted value"}


def _axes(xx, yy, size, title):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size * 1.2, size), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(np.min(xx), np.max(xx))
    ax.set_ylim(np.min(yy), np.max(yy))
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return fig, ax


def _check(xx, yy, grid_shape):
    if np.shape(xx) != tuple(grid_shape) or np.shape(yy) != tuple(grid_shape):
        raise TfdlValueError(
            "grid_shapes",
            "`xx`, `yy` and `p` must have the same shape. Received: {xx_shape}, {yy_shape}, {p_shape}",
            xx_shape=np.shape(xx),
            yy_shape=np.shape(yy),
            p_shape=tuple(grid_shape),
        )


def class_map_figure(
    xx,
    yy,
    probs,
    x_train=None,
    y_train=None,
    x_test=None,
    y_test=None,
    title: str | None = None,
    size: float = 4.0,
    texts: Mapping[str, str] | None = None,
):
    """The most probable class in every cell (its colour, paler where unsure) and the data points.

    A cell's colour is ``white + c·(colour_k − white)`` with ``k = argmax p`` and the certainty
    ``c = (p_max − 1/K)/(1 − 1/K)``; a colour bar names the classes.

    Args:
        xx, yy: grid coordinates ``(R, R)``.
        probs: class probabilities ``(R, R, K)``, ``2 ≤ K ≤ 5``.
        x_train, y_train: optional training points ``(N, 2)`` and labels (circles, white edges).
        x_test, y_test: optional test points (triangles, black edges).
        title: axes title.
        size: figure height in inches.
        texts: ``{"class": "class {k}", "train": ..., "test": ...}`` in the reader's language.

    Returns:
        A matplotlib ``Figure`` (the map and its colour bar).

    Example:
        >>> xx, yy = np.meshgrid(np.arange(2.0), np.arange(2.0))
        >>> class_map_figure(xx, yy, np.eye(3)[[[0, 1], [2, 0]]]).axes[0].get_title()
        ''
    """
    from matplotlib.colors import ListedColormap, to_rgb

    probs = np.asarray(probs, dtype="float64")
    _check(xx, yy, probs.shape[:2])
    k = probs.shape[-1]
    if not 2 <= k <= len(CLASS_COLORS):
        raise TfdlValueError(
            "class_map_classes", "`probs` must have 2 to {most} classes. Received: {k}", most=len(CLASS_COLORS), k=k
        )
    words = {**PLANE_TEXTS, **(texts or {})}
    safe = np.nan_to_num(probs, nan=1.0 / k)
    best = safe.argmax(axis=-1)
    certainty = np.clip((safe.max(axis=-1) - 1.0 / k) / (1.0 - 1.0 / k), 0, 1)[..., None]
    colours = np.array([to_rgb(c) for c in CLASS_COLORS[:k]])
    rgb = 1.0 + certainty * 0.75 * (colours[best] - 1.0)
    fig, ax = _axes(xx, yy, size, title)
    hx = (np.max(xx) - np.min(xx)) / max(probs.shape[1] - 1, 1) / 2  # each pixel centred on its grid point
    hy = (np.max(yy) - np.min(yy)) / max(probs.shape[0] - 1, 1) / 2
    extent = (np.min(xx) - hx, np.max(xx) + hx, np.min(yy) - hy, np.max(yy) + hy)
    ax.imshow(rgb, origin="lower", extent=extent, interpolation="nearest")
    for pts, labels, marker, edge in ((x_train, y_train, "o", "white"), (x_test, y_test, "^", "black")):
        if pts is not None and len(pts):
            pts, labels = np.asarray(pts), np.asarray(labels).astype(int)
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=16,
                c=[CLASS_COLORS[i % len(CLASS_COLORS)] for i in labels],
                edgecolors=edge,
                linewidths=0.6,
                marker=marker,
                zorder=3,
            )
    cmap = ListedColormap(CLASS_COLORS[:k])
    mesh = ax.scatter([], [], c=[], cmap=cmap, vmin=-0.5, vmax=k - 0.5)
    bar = fig.colorbar(mesh, ax=ax, shrink=0.8, ticks=range(k))
    bar.ax.set_yticklabels([words["class"].format(k=i) for i in range(k)])
    _marker_legend(fig, words, x_train, x_test)
    return fig


def _marker_legend(fig, words, x_train, x_test) -> None:
    from matplotlib.lines import Line2D

    dot = dict(linestyle="none", markersize=6, color="#9e9e9e")
    handles = []
    if x_train is not None and len(x_train):
        handles.append(Line2D([], [], marker="o", markeredgecolor="white", label=words["train"], **dot))
    if x_test is not None and len(x_test):
        handles.append(Line2D([], [], marker="^", markeredgecolor="black", label=words["test"], **dot))
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8, frameon=False)


def regression_map_figure(
    xx,
    yy,
    values,
    x_train=None,
    y_train=None,
    x_test=None,
    y_test=None,
    title: str | None = None,
    size: float = 4.0,
    texts: Mapping[str, str] | None = None,
):
    """The model's predicted value over the plane (orange < 0 < blue) with a colour bar, and the points
    coloured by their targets on the same scale.

    Args:
        xx, yy: grid coordinates ``(R, R)``.
        values: predictions ``(R, R)``.
        x_train, y_train: optional training points and their targets.
        x_test, y_test: optional test points and their targets.
        title: axes title.
        size: figure height in inches.
        texts: ``{"value": "predicted value", "train": ..., "test": ...}``.

    Returns:
        A matplotlib ``Figure``; the colour scale is symmetric, ``±max|value|`` over the map and
        the targets.

    Example:
        >>> xx, yy = np.meshgrid(np.arange(2.0), np.arange(2.0))
        >>> len(regression_map_figure(xx, yy, xx - yy).axes)
        2
    """
    from tfdl.viz.training import _orange_blue

    values = np.asarray(values, dtype="float64")
    _check(xx, yy, values.shape)
    words = {**PLANE_TEXTS, **(texts or {})}
    seen = [values[np.isfinite(values)]] + [np.asarray(t, "float64") for t in (y_train, y_test) if t is not None]
    top = max([float(np.abs(v).max()) for v in seen if v.size] + [1e-6])
    fig, ax = _axes(xx, yy, size, title)
    mesh = ax.pcolormesh(xx, yy, np.nan_to_num(values), cmap=_orange_blue(), vmin=-top, vmax=top, shading="auto")
    for pts, target, marker, edge in ((x_train, y_train, "o", "white"), (x_test, y_test, "^", "black")):
        if pts is not None and len(pts):
            pts = np.asarray(pts)
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=16,
                c=np.asarray(target, "float64"),
                cmap=_orange_blue(),
                vmin=-top,
                vmax=top,
                edgecolors=edge,
                linewidths=0.6,
                marker=marker,
                zorder=3,
            )
    fig.colorbar(mesh, ax=ax, shrink=0.8, label=words["value"])
    _marker_legend(fig, words, x_train, x_test)
    return fig
