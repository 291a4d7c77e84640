"""Pictures of training: decision boundaries, each neuron's own output map, learning curves,
confusion matrices and misclassified examples.

Every builder returns a :class:`matplotlib.figure.Figure` (no pyplot state), usable with
``st.pyplot(fig)`` in the playground or in a notebook. Nothing here imports TensorFlow: pass the
arrays (``tfdl.training.predict_grid`` and ``hidden_outputs`` compute them from a model).

Example:
    >>> import numpy as np
    >>> from tfdl.viz.training import decision_boundary_figure
    >>> xx, yy = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    >>> len(decision_boundary_figure(xx, yy, xx * 0 + 0.5).axes)
    2
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import deprecated_names

if TYPE_CHECKING:
    from matplotlib.colors import Colormap
    from matplotlib.figure import Figure

    ORANGE_BLUE_CMAP: Colormap


def _new_figure(**kwargs) -> Figure:
    """A matplotlib Figure; matplotlib is imported when a picture is first drawn, so importing
    ``tfdl.viz`` (e.g. for the matplotlib-free ``tfdl.viz.conv_svg``) stays light."""
    from matplotlib.figure import Figure

    return Figure(**kwargs)


__all__ = [
    "ORANGE_BLUE_CMAP",
    "confusion_matrix",
    "decision_boundary_figure",
    "neuron_maps_figure",
    "training_curves_figure",
    "confusion_matrix_figure",
    "misclassified_figure",
]



def _orange_blue():
    """``ORANGE_BLUE_CMAP``: orange (class 0) → white → blue (class 1), the TensorFlow Playground
    colours. A matplotlib colormap, built on first use (importing this module needs no matplotlib)."""
    cmap = globals().get("ORANGE_BLUE_CMAP")
    if cmap is None:
        from matplotlib.colors import LinearSegmentedColormap

        cmap = LinearSegmentedColormap.from_list("orange_blue", ["#f59322", "#e8eaeb", "#0877bd"])
        globals()["ORANGE_BLUE_CMAP"] = cmap
    return cmap
_POINT_COLORS = ("#f59322", "#0877bd")


_BOUNDARY_TEXTS = {"probability": "P(class 1)", "class": "class {k}", "train": "training points",
                   "test": "test points"}
_TEST_MARKER = "^"
_CURVE_TEXTS = {"train": "train", "validation": "validation", "epoch": "epoch"}
_CONFUSION_TEXTS = {"predicted": "predicted", "true": "true"}


def _scatter(ax, x, y, marker="o", edge="white", label="class {k}"):
    if x is None or len(x) == 0:
        return
    x = np.asarray(x)
    y = np.asarray(y).astype(int)
    for cls in (0, 1):
        sel = y == cls
        ax.scatter(x[sel, 0], x[sel, 1], s=14, c=_POINT_COLORS[cls], edgecolors=edge, linewidths=0.6,
                   marker=marker, label=label.format(k=cls), zorder=3)


def decision_boundary_figure(
    xx,
    yy,
    p,
    x_train=None,
    y_train=None,
    x_test=None,
    y_test=None,
    title: str | None = None,
    size: float = 4.0,
    texts: Mapping[str, str] | None = None,
) -> Figure:
    """The network's probability of class 1 over the plane, its 0.5 contour, and the data points.

    Args:
        xx: grid x coordinates ``(R, R)`` (``np.meshgrid``).
        yy: grid y coordinates ``(R, R)``.
        p: probability of class 1 at each grid point ``(R, R)``.
        x_train: optional training points ``(N, 2)`` (circles, white edges).
        y_train: their labels in {0, 1}.
        x_test: optional test points (triangles, black edges).
        y_test: their labels.
        title: axes title.
        size: figure side in inches.
        texts: the figure's words in another language: ``{"probability": "P(class 1)",
            "class": "class {k}", "train": "training points", "test": "test points"}`` (English by
            default).

    Returns:
        A ``Figure`` with the map, a colour bar and, with points, a legend under the map (the
        classes by colour, training and test points by marker).

    Example:
        >>> xx, yy = np.meshgrid(np.arange(3.0), np.arange(3.0))
        >>> decision_boundary_figure(xx, yy, np.zeros((3, 3))).axes[0].get_title()
        ''
    """
    p = np.asarray(p, dtype="float64")
    if np.shape(xx) != p.shape or np.shape(yy) != p.shape:
        raise TfdlValueError(
            "grid_shapes",
            "`xx`, `yy` and `p` must have the same shape. Received: {xx_shape}, {yy_shape}, {p_shape}",
            xx_shape=np.shape(xx), yy_shape=np.shape(yy), p_shape=p.shape,
        )
    fig = _new_figure(figsize=(size * 1.2, size), layout="constrained")
    ax = fig.add_subplot()
    mesh = ax.pcolormesh(xx, yy, np.nan_to_num(p, nan=0.5), cmap=_orange_blue(), vmin=0, vmax=1,
                         shading="auto")
    if np.isfinite(p).all() and p.min() < 0.5 < p.max():
        ax.contour(xx, yy, p, levels=[0.5], colors="k", linewidths=1.0)
    words = {**_BOUNDARY_TEXTS, **(texts or {})}
    _scatter(ax, x_train, y_train, label=words["class"])
    _scatter(ax, x_test, y_test, marker=_TEST_MARKER, edge="black", label=words["class"])
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    fig.colorbar(mesh, ax=ax, shrink=0.8, label=words["probability"])
    _boundary_legend(fig, ax, words, x_train is not None and len(x_train), x_test is not None and len(x_test))
    return fig


def _boundary_legend(fig, ax, words, has_train, has_test) -> None:
    """Under the map (it never hides a point): the two classes by colour, training vs test by marker."""
    from matplotlib.lines import Line2D

    if not (has_train or has_test):
        return
    dot = dict(linestyle="none", markersize=6)
    handles = [Line2D([], [], marker="s", color=_POINT_COLORS[k], label=words["class"].format(k=k), **dot)
               for k in (0, 1)]
    if has_train:
        handles.append(Line2D([], [], marker="o", color="#9e9e9e", markeredgecolor="white", label=words["train"],
                              **dot))
    if has_test:
        handles.append(Line2D([], [], marker=_TEST_MARKER, color="#9e9e9e", markeredgecolor="black",
                              label=words["test"], **dot))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8, frameon=False,
               handletextpad=0.3, columnspacing=1.0)


def neuron_maps_figure(outputs: Mapping[str, np.ndarray], grid_shape, max_units: int = 8,
                       cell: float = 0.9, labels: Mapping[str, str] | None = None) -> Figure:
    """Each hidden neuron's own output over the plane, one row per layer (as in the Playground).

    Args:
        outputs: ``{layer_name: array (R·R, units)}`` (``tfdl.training.hidden_outputs`` on the grid).
        grid_shape: ``(R, R)`` to reshape each column into a map.
        max_units: at most this many neurons per row.
        cell: size of one map in inches.
        labels: the row labels by layer name, e.g. ``{"hidden1_act": "hidden 1"}`` (default: the
            layer name without ``_act``).

    Returns:
        A ``Figure`` with one small map per neuron (colour scale symmetric around 0 per neuron).

    Example:
        >>> fig = neuron_maps_figure({"h1": np.random.rand(16, 3)}, (4, 4))
        >>> len(fig.axes)
        3
    """
    if not outputs:
        raise TfdlValueError("outputs_empty", "`outputs` must contain at least one layer. Received: outputs={{}}")
    rows = len(outputs)
    cols = min(max(np.shape(a)[1] for a in outputs.values()), max_units)
    fig = _new_figure(figsize=(cols * cell + 1.2, rows * cell + 0.2), layout="constrained")
    for r, (name, a) in enumerate(outputs.items()):
        a = np.asarray(a)
        for c in range(min(a.shape[1], max_units)):
            ax = fig.add_subplot(rows, cols, r * cols + c + 1)
            m = a[:, c].reshape(grid_shape)
            lim = float(np.nanmax(np.abs(m))) or 1.0
            ax.imshow(m, origin="lower", cmap=_orange_blue(), vmin=-lim, vmax=lim)
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel((labels or {}).get(name, name.replace("_act", "")), fontsize=8)
    return fig


def training_curves_figure(history, metrics: Sequence[str] = ("loss", "accuracy"),
                           width: float = 8.0, height: float = 3.0,
                           texts: Mapping[str, str] | None = None) -> Figure:
    """Train (solid) and validation (dashed) curves per epoch, one panel per metric.

    Args:
        history: a ``pandas.DataFrame`` with an ``epoch`` column (``FitResult.history``) or a
            ``dict`` of lists (``keras.callbacks.History.history``).
        metrics: which metrics to draw (skipped when absent).
        width: figure width in inches.
        height: figure height in inches.
        texts: the figure's words in another language: ``{"train": ..., "validation": ...,
            "epoch": ...}`` and a label per metric name (default: the metric's name).

    Returns:
        A ``Figure``.

    Example:
        >>> len(training_curves_figure({"loss": [1.0, 0.5], "accuracy": [0.5, 0.9]}).axes)
        2
    """
    import pandas as pd

    table = history if isinstance(history, pd.DataFrame) else pd.DataFrame(dict(history))
    if "epoch" not in table:
        table = table.assign(epoch=np.arange(1, len(table) + 1))
    shown = [m for m in metrics if m in table]
    if not shown:
        raise TfdlValueError(
            "history_metrics",
            "`metrics` must name columns of the history. Received: metrics={metrics}, columns={columns}",
            metrics=tuple(metrics), columns=list(table.columns),
        )
    words = {**_CURVE_TEXTS, **(texts or {})}
    fig = _new_figure(figsize=(width, height), layout="constrained")
    for i, m in enumerate(shown, start=1):
        ax = fig.add_subplot(1, len(shown), i)
        ax.plot(table["epoch"], table[m], "-", color="#1f77b4", label=words["train"])
        if f"val_{m}" in table:
            ax.plot(table["epoch"], table[f"val_{m}"], "--", color="#d62728", label=words["validation"])
        ax.set_xlabel(words["epoch"])
        ax.set_ylabel(words.get(m, m))
        if m == "loss" and (table[m] > 0).all() and table[m].max() / max(table[m].min(), 1e-12) > 100:
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return fig


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Deprecated alias of :func:`tfdl.metrics.confusion_matrix` (``n_classes`` → ``num_classes``).

    Example:
        >>> confusion_matrix([0, 1, 1], [0, 1, 0]).tolist()  # doctest: +SKIP
        [[1, 0], [1, 1]]
    """
    import warnings

    from tfdl.metrics import confusion_matrix as _confusion_matrix

    warnings.warn(
        "tfdl.viz.confusion_matrix is deprecated; use tfdl.metrics.confusion_matrix "
        "(with `num_classes`).", DeprecationWarning, stacklevel=2,
    )
    return _confusion_matrix(y_true, y_pred, num_classes=n_classes)


def confusion_matrix_figure(y_true, y_pred, classes: Sequence[str] | None = None,
                            normalize: bool = False, size: float = 4.5,
                            texts: Mapping[str, str] | None = None) -> Figure:
    """The confusion matrix as a heatmap with the counts (or row shares) written in each cell.

    Args:
        y_true: integer labels.
        y_pred: integer predictions.
        classes: class names (default ``0..K−1``).
        normalize: show each row as shares of the true class.
        size: figure side in inches.
        texts: the axis titles in another language, ``{"predicted": ..., "true": ...}``.

    Returns:
        A ``Figure``.

    Example:
        >>> len(confusion_matrix_figure([0, 1], [1, 1]).axes)
        2
    """
    from tfdl.metrics import confusion_matrix as _confusion_matrix

    cm = _confusion_matrix(y_true, y_pred, num_classes=len(classes) if classes is not None else None)
    values = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    k = cm.shape[0]
    names = list(classes) if classes is not None else [str(i) for i in range(k)]
    fig = _new_figure(figsize=(size * 1.15, size), layout="constrained")
    ax = fig.add_subplot()
    im = ax.imshow(values, cmap="Blues")
    top = values.max() if values.size else 1
    for i in range(k):
        for j in range(k):
            text = f"{values[i, j]:.2f}" if normalize else str(cm[i, j])
            ax.text(j, i, text, ha="center", va="center", fontsize=7,
                    color="white" if values[i, j] > 0.6 * top else "black")
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 2 else 0, fontsize=8)
    ax.set_yticks(range(k), names, fontsize=8)
    words = {**_CONFUSION_TEXTS, **(texts or {})}
    ax.set_xlabel(words["predicted"])
    ax.set_ylabel(words["true"])
    fig.colorbar(im, ax=ax, shrink=0.8)
    return fig


def misclassified_figure(images, y_true, y_pred, classes: Sequence[str] | None = None,
                         max_images: int = 16, cols: int = 8, cell: float = 1.0,
                         texts: Mapping[str, str] | None = None) -> Figure:
    """The first ``max_images`` wrongly classified images, titled ``true → predicted``.

    Args:
        images: ``(N, H, W)`` or ``(N, H, W, C)``.
        y_true: labels ``(N,)``.
        y_pred: predictions ``(N,)``.
        classes: class names.
        max_images: how many to show at most.
        cols: images per row.
        cell: size of one image in inches.
        texts: translation of the note drawn when nothing is misclassified,
            ``{"none": ...}`` (default ``"no misclassified examples"``).

    Returns:
        A ``Figure`` (with a note when nothing is misclassified).

    Example:
        >>> len(misclassified_figure(np.zeros((3, 4, 4)), [0, 1, 2], [0, 2, 1]).axes)
        2
    """
    images = np.asarray(images)
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    wrong = np.flatnonzero(y_true != y_pred)[:max_images]
    name = (lambda i: str(classes[i])) if classes is not None else str
    if len(wrong) == 0:
        fig = _new_figure(figsize=(3, 1), layout="constrained")
        ax = fig.add_subplot()
        ax.text(0.5, 0.5, (texts or {}).get("none", "no misclassified examples"), ha="center", va="center")
        ax.axis("off")
        return fig
    cols = min(cols, len(wrong))
    rows = math.ceil(len(wrong) / cols)
    fig = _new_figure(figsize=(cols * cell, rows * cell * 1.15), layout="constrained")
    for k, i in enumerate(wrong):
        ax = fig.add_subplot(rows, cols, k + 1)
        img = images[i]
        if img.ndim == 3 and img.shape[-1] == 1:
            img = img[..., 0]
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
        ax.set_title(f"{name(int(y_true[i]))}→{name(int(y_pred[i]))}", fontsize=8, color="#d62728")
        ax.axis("off")
    return fig


# Old names (before 0.2), deprecated aliases for one release.
_deprecated = deprecated_names("tfdl.viz.training", {"PLAYGROUND_CMAP": "ORANGE_BLUE_CMAP"})


def __getattr__(name: str):
    if name == "ORANGE_BLUE_CMAP":  # built on first use (see _orange_blue)
        return _orange_blue()
    return _deprecated(name)
