"""Pictures for looking inside a network: heatmaps over the input, filter and feature-map grids,
embedding scatters, nearest neighbours, activation histograms, adversarial pairs.

Every builder returns a :class:`matplotlib.figure.Figure` (no pyplot state), so the same pictures
serve the playground (``st.pyplot(fig)``), notebooks and the docs. Nothing here imports
TensorFlow: the arrays come from :mod:`tfdl.interpret`.

Example:
    >>> import numpy as np
    >>> from tfdl.viz.interpret import heatmaps_figure
    >>> fig = heatmaps_figure(np.zeros((8, 8)), {"saliency": np.ones((8, 8))})
    >>> [ax.get_label() for ax in fig.axes][-1], len(fig.axes)
    ('<colorbar>', 3)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import deprecated_argument, deprecated_names

__all__ = [
    "heatmaps_figure",
    "image_grid_figure",
    "embedding_figure",
    "neighbors_figure",
    "activation_histograms_figure",
    "adversarial_figure",
]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _as_image(x) -> np.ndarray:
    x = np.asarray(x, dtype="float32")
    if x.ndim == 3 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim not in (2, 3):
        raise TfdlValueError(
            "image_shape",
            "An image must be (H, W) or (H, W, C). Received: shape={shape}",
            shape=x.shape,
        )
    return x


def _show(ax, image, title=None, cmap="gray", **kwargs):
    image = _as_image(image)
    if image.ndim == 3:
        lo, hi = float(image.min()), float(image.max())
        image = (image - lo) / (hi - lo) if hi > lo else np.zeros_like(image)
        ax.imshow(image, interpolation="nearest")
    else:
        ax.imshow(image, cmap=cmap, interpolation="nearest", **kwargs)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)


def _resize_nearest(m: np.ndarray, shape) -> np.ndarray:
    """Nearest-neighbour resize of a 2-D map to ``shape`` (for overlays of coarse maps)."""
    rows = (np.arange(shape[0]) * m.shape[0] / shape[0]).astype(int)
    cols = (np.arange(shape[1]) * m.shape[1] / shape[1]).astype(int)
    return m[rows][:, cols]


def _colorbar(fig, axes, norm, cmap: str, label: str | None, horizontal: bool = False):
    """One colour bar for ``axes`` (a list), at their right (or below), showing ``norm`` in ``cmap``."""
    from matplotlib.cm import ScalarMappable

    where = dict(orientation="horizontal", shrink=0.4, aspect=30) if horizontal else dict(shrink=0.85, aspect=15)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=list(axes), pad=0.02, **where)
    bar.ax.tick_params(labelsize=7)
    if label:
        bar.set_label(label, fontsize=8)
    return bar


def heatmaps_figure(image, maps: Mapping[str, np.ndarray], *, alpha: float = 0.55, cmap: str = "jet",
                    image_title: str = "input", panel_size: float = 2.2,
                    colorbar_label: str | None = "|map| / its maximum"):
    """The input, then each attribution map overlaid on it, side by side, with one colour bar.

    Each map is scaled to ``[0, 1]`` by its own maximum of ``|m|`` and resized (nearest) to the
    image if coarser (e.g. an occlusion grid); the colour bar reads that scale: 0 the map's
    weakest pixels, 1 its strongest.

    Args:
        image: ``(H, W)`` or ``(H, W, C)``.
        maps: ``{title: 2-D map}`` in display order.
        alpha: opacity of the heatmap over the image.
        cmap: matplotlib colour map of the heatmaps.
        image_title: title of the first panel.
        panel_size: inches per panel.
        colorbar_label: the colour bar's label; ``None`` draws no colour bar.

    Returns:
        a Figure with ``1 + len(maps)`` image axes, then the colour bar's (label ``"<colorbar>"``).

    Example:
        >>> len(heatmaps_figure(np.zeros((4, 4)), {"a": np.ones((2, 2))}).axes)
        3
    """
    from matplotlib.colors import Normalize

    image = _as_image(image)
    n = 1 + len(maps)
    fig = _figure(panel_size * n + (0.8 if colorbar_label is not None and maps else 0.0), panel_size + 0.3)
    axes = fig.subplots(1, n, squeeze=False)[0]
    _show(axes[0], image, image_title)
    for ax, (title, m) in zip(axes[1:], maps.items()):
        m = np.asarray(m, dtype="float32")
        if m.ndim != 2:
            raise TfdlValueError(
                "map_2d",
                "Map {title!r} must be 2-D. Received: shape={shape}",
                title=title, shape=m.shape,
            )
        peak = float(np.abs(m).max())
        m = np.abs(m) / peak if peak > 0 else np.zeros_like(m)
        if m.shape != image.shape[:2]:
            m = _resize_nearest(m, image.shape[:2])
        _show(ax, image, title)
        ax.imshow(m, cmap=cmap, alpha=alpha, vmin=0, vmax=1, interpolation="nearest")
    if colorbar_label is not None and maps:
        _colorbar(fig, axes[1:], Normalize(0.0, 1.0), cmap, colorbar_label)
    return fig


def image_grid_figure(images, *, titles: Sequence[str] | None = None, ncols: int | None = None,
                      cmap: str = "gray", title: str | None = None, shared_scale: bool = False,
                      panel_size: float = 1.1, max_images: int = 64, colorbar_label: str | None = None):
    """A grid of small images: conv filters, feature maps, neighbours.

    With ``colorbar_label``, grey images get one colour bar: the values themselves with
    ``shared_scale``, else each image min–max scaled to ``[0, 1]`` on its own (what the bar reads).

    Args:
        images: ``(N, h, w)`` or ``(N, h, w, C)``; for one feature-map tensor ``(h, w, C)``
            pass ``np.moveaxis(a, -1, 0)``.
        titles: optional caption per image.
        ncols: images per row (default ``ceil(sqrt(N))``).
        cmap: colour map of grey images.
        title: figure title.
        shared_scale: one colour scale for all images (else each is scaled on its own).
        panel_size: inches per image.
        max_images: show at most this many.
        colorbar_label: label of a colour bar for the grid (grey images only); ``None``: none.

    Returns:
        a Figure with one axis per image (then the colour bar's, label ``"<colorbar>"``).

    Example:
        >>> len(image_grid_figure(np.zeros((6, 3, 3))).axes)
        6
    """
    images = np.asarray(images, dtype="float32")[:max_images]
    if images.ndim == 4 and images.shape[-1] == 1:  # (N, h, w, 1): grey
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise TfdlValueError(
            "images_stack_viz",
            "`images` must be a non-empty (N, h, w[, C]) stack. Received: shape={shape}",
            shape=images.shape,
        )
    n = len(images)
    ncols = ncols or int(math.ceil(math.sqrt(n)))
    nrows = int(math.ceil(n / ncols))
    bar = colorbar_label is not None and images.ndim == 3
    flat = nrows == 1 and ncols > 3  # one long row: the bar goes under it
    fig = _figure(panel_size * ncols + (0.9 if bar and not flat else 0.0),
                  panel_size * nrows + (0.4 if title else 0.1) + (0.6 if bar and flat else 0.0))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    lo, hi = float(images.min()), float(images.max())
    kwargs = {"vmin": lo, "vmax": hi if hi > lo else lo + 1.0} if shared_scale else {}
    if bar and not shared_scale:  # each image on its own [0, 1] scale: the one the bar shows
        low = images.min(axis=(1, 2), keepdims=True)
        span = images.max(axis=(1, 2), keepdims=True) - low
        images = np.where(span > 0, (images - low) / np.where(span > 0, span, 1.0), 0.0)
        kwargs = {"vmin": 0.0, "vmax": 1.0}
    for i, ax in enumerate(axes[:n]):
        _show(ax, images[i], titles[i] if titles is not None else None, cmap=cmap, **kwargs)
    for ax in axes[n:]:
        fig.delaxes(ax)
    if bar:
        from matplotlib.colors import Normalize

        _colorbar(fig, axes[:n], Normalize(kwargs["vmin"], kwargs["vmax"]), cmap, colorbar_label, horizontal=flat)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def embedding_figure(points, labels=None, *, highlight: int | None = None, neighbors=None,
                     title: str | None = None, size: float = 4.5, neighbours=None):
    """A 2-D scatter of embedded examples coloured by class, with one point and its neighbours marked.

    Args:
        points: ``(N, 2)`` map (from :func:`tfdl.interpret.pca` or :func:`tfdl.interpret.tsne`).
        labels: optional ``(N,)`` integer classes (colours and a legend).
        highlight: index of the chosen example (drawn as a large star).
        neighbors: indices of its nearest neighbors (circled).
        neighbours: deprecated name of ``neighbors``.
        title: axis title.
        size: figure side in inches.

    Returns:
        a Figure with one axis.

    Example:
        >>> len(embedding_figure(np.zeros((5, 2)), [0, 1, 0, 1, 1]).axes)
        1
    """
    neighbors = deprecated_argument("neighbours", "neighbors", neighbours, neighbors, None)
    points = np.asarray(points, dtype="float32")
    if points.ndim != 2 or points.shape[1] != 2:
        raise TfdlValueError("points_2d", "`points` must be (N, 2). Received: shape={shape}", shape=points.shape)
    fig = _figure(size + 0.8, size)
    ax = fig.subplots()
    if labels is None:
        ax.scatter(points[:, 0], points[:, 1], s=10, alpha=0.7)
    else:
        labels = np.asarray(labels)
        for k in np.unique(labels):
            sel = labels == k
            ax.scatter(points[sel, 0], points[sel, 1], s=10, alpha=0.7, label=str(k), color=_class_color(int(k)))
        ax.legend(fontsize=7, markerscale=1.5, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    if neighbors is not None and len(neighbors):
        nb = points[np.asarray(neighbors)]
        ax.scatter(nb[:, 0], nb[:, 1], s=90, facecolors="none", edgecolors="black", linewidths=1.2)
    if highlight is not None:
        ax.scatter(points[highlight, 0], points[highlight, 1], s=260, marker="*", color="black",
                   edgecolors="white", linewidths=1.0, zorder=5)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def _class_color(k: int):
    from matplotlib import colormaps

    return colormaps["tab10"](k % 10)


def neighbors_figure(query, neighbors, *, query_title: str = "query", titles: Sequence[str] | None = None,
                      panel_size: float = 1.3):
    """The query image followed by its nearest neighbours, in order.

    Args:
        query: ``(H, W[, C])`` image.
        neighbors: ``(k, H, W[, C])`` images.
        query_title: caption of the query.
        titles: caption per neighbour (e.g. label and distance).
        panel_size: inches per image.

    Returns:
        a Figure with ``1 + k`` axes.

    Example:
        >>> len(neighbors_figure(np.zeros((4, 4)), np.zeros((3, 4, 4))).axes)
        4
    """
    neighbors = np.asarray(neighbors, dtype="float32")
    n = 1 + len(neighbors)
    fig = _figure(panel_size * n, panel_size + 0.3)
    axes = fig.subplots(1, n, squeeze=False)[0]
    _show(axes[0], query, query_title)
    for i, (ax, image) in enumerate(zip(axes[1:], neighbors)):
        _show(ax, image, titles[i] if titles is not None else None)
    return fig


def activation_histograms_figure(stats: Mapping[str, Mapping], *, ncols: int = 4,
                                 panel_size: float = 2.2, texts: Mapping[str, str] | None = None):
    """One histogram per layer, titled with its mean, standard deviation and share of zeros.

    Args:
        stats: output of :func:`tfdl.interpret.activation_histograms`.
        ncols: panels per row.
        panel_size: inches per panel.
        texts: translation of the word drawn in the titles, ``{"zeros": ...}``.

    Returns:
        a Figure with one axis per layer.

    Example:
        >>> s = {"relu": {"counts": np.ones(3), "edges": np.arange(4.0), "mean": 1.0, "std": 0.5,
        ...               "zero_fraction": 0.2}}
        >>> len(activation_histograms_figure(s).axes)
        1
    """
    n = len(stats)
    if n == 0:
        raise TfdlValueError("stats_empty", "`stats` must hold at least one layer")
    ncols = min(ncols, n)
    nrows = int(math.ceil(n / ncols))
    fig = _figure(panel_size * ncols, panel_size * nrows)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, (name, s) in zip(axes, stats.items()):
        edges = np.asarray(s["edges"])
        ax.stairs(np.asarray(s["counts"]), edges, fill=True, alpha=0.7)
        zeros = (texts or {}).get("zeros", "zeros")
        ax.set_title(f"{name}\nμ={s['mean']:.2g}  σ={s['std']:.2g}  "
                     f"{zeros} {100 * s['zero_fraction']:.0f}%", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig


def adversarial_figure(x, x_adv, probs, probs_adv, *, labels: Sequence[str] | None = None,
                       titles: Sequence[str] = ("input", "perturbation", "adversarial"), panel_size: float = 2.2,
                       colorbar: bool = True):
    """Input, perturbation ``x_adv − x`` and adversarial input, with both class-probability bars.

    The perturbation is drawn blue (−) to red (+) on a symmetric scale ``±max |x_adv − x|``, read
    on its colour bar.

    Args:
        x: the input image.
        x_adv: the adversarial image.
        probs: class probabilities on ``x``.
        probs_adv: class probabilities on ``x_adv``.
        labels: class names for the bar chart.
        titles: captions of the three images.
        panel_size: inches per panel.
        colorbar: draw the perturbation's colour bar.

    Returns:
        a Figure with four axes (then the colour bar's, label ``"<colorbar>"``).

    Example:
        >>> len(adversarial_figure(np.zeros((4, 4)), np.ones((4, 4)), [0.9, 0.1], [0.2, 0.8]).axes)
        5
    """
    x, x_adv = _as_image(x), _as_image(x_adv)
    fig = _figure(panel_size * 4.3 + (0.5 if colorbar else 0.0), panel_size + 0.3)
    axes = fig.subplots(1, 4, width_ratios=[1, 1, 1, 1.3])
    _show(axes[0], x, titles[0])
    delta = x_adv - x
    bound = float(np.abs(delta).max()) or 1.0
    _show(axes[1], delta if delta.ndim == 2 else delta.mean(-1), titles[1], cmap="coolwarm", vmin=-bound, vmax=bound)
    if colorbar:
        from matplotlib.colors import Normalize

        _colorbar(fig, [axes[1]], Normalize(-bound, bound), "coolwarm", None)
    _show(axes[2], x_adv, titles[2])
    probs, probs_adv = np.asarray(probs).ravel(), np.asarray(probs_adv).ravel()
    k = np.arange(len(probs))
    axes[3].bar(k - 0.2, probs, width=0.4, label=titles[0])
    axes[3].bar(k + 0.2, probs_adv, width=0.4, label=titles[2])
    axes[3].set_xticks(k, labels if labels is not None else [str(i) for i in k], fontsize=7)
    axes[3].set_ylim(0, 1)
    axes[3].legend(fontsize=7)
    return fig


# Old names (before 0.2), deprecated aliases for one release.
__getattr__ = deprecated_names("tfdl.viz.interpret", {"neighbours_figure": "neighbors_figure"})
