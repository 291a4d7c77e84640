"""Word vectors on a plane: a labelled scatter of the vocabulary (after PCA), one word and its
neighbours marked.

Nothing here imports TensorFlow: the points come from :meth:`tfdl.embeddings.WordVectors.projection`.

Example:
    >>> import numpy as np
    >>> from tfdl.viz.embeddings import word_map_figure
    >>> len(word_map_figure(np.random.rand(4, 2), ["a", "b", "c", "d"], highlight="a").axes)
    1
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["word_map_figure"]


def word_map_figure(
    points,
    words: Sequence[str],
    *,
    highlight: str | None = None,
    neighbors: Sequence[str] = (),
    title: str | None = None,
    size: float = 6.5,
):
    """A scatter of words at their 2-D points, each labelled; ``highlight`` in red, ``neighbors`` in orange.

    Args:
        points: ``(N, 2)`` coordinates (e.g. PCA of the word vectors).
        words: the ``N`` labels.
        highlight: a word to mark (ignored if not among ``words``).
        neighbors: words to mark as its neighbours.
        title: axis title.
        size: figure width in inches.

    Returns:
        a Figure with one axis.
    """
    from matplotlib.figure import Figure

    points = np.asarray(points, dtype="float32")
    if points.ndim != 2 or points.shape[1] != 2 or len(points) != len(words):
        raise TfdlValueError(
            "word_map_points",
            "`points` must be (N, 2) with one row per word. Received: shape={shape}, {n} words",
            shape=points.shape,
            n=len(words),
        )
    fig = Figure(figsize=(size, size * 0.7), layout="constrained")
    ax = fig.subplots()
    marked = set(neighbors)
    colours = ["#d62728" if w == highlight else "#ff7f0e" if w in marked else "#1f77b4" for w in words]
    ax.scatter(points[:, 0], points[:, 1], s=14, c=colours, alpha=0.8, zorder=2)
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    ax.set_xlim(low[0] - 0.04 * span[0], high[0] + 0.16 * span[0])
    ax.set_ylim(low[1] - 0.06 * span[1], high[1] + 0.06 * span[1])
    unit = (points - low) / span  # where the labels go is decided in [0, 1]², then mapped back
    strong = [c != "#1f77b4" for c in colours]
    order = sorted(range(len(words)), key=lambda i: not strong[i])  # marked words are placed first
    for i, (lx, ly) in zip(
        order, _label_places(unit[order], [words[i] for i in order], size, [9 if strong[i] else 7.5 for i in order])
    ):
        at = low + np.array([lx, ly]) * span
        moved = abs(ly - unit[i, 1]) > 1e-6
        ax.annotate(
            words[i],
            points[i],
            xytext=at,
            textcoords="data",
            fontsize=9 if strong[i] else 7.5,
            va="center",
            color=colours[i] if strong[i] else "#333333",
            fontweight="bold" if strong[i] else "normal",
            arrowprops={"arrowstyle": "-", "color": "#bbbbbb", "lw": 0.6} if moved else None,
        )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def _label_places(unit, words, size: float, fontsizes) -> list[tuple[float, float]]:
    """Label positions in the unit square: right of each point, moved up or down a line at a
    time until the label overlaps no label placed before it (greedy, in the given order)."""
    width_in, height_in = size * 0.85, size * 0.7 * 0.85  # the axis, about
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for (x, y), word, fs in zip(unit, words, fontsizes):
        w = len(word) * (0.68 if fs > 8 else 0.58) * fs / 72 / width_in * 1.2  # the axis spans 1.2 units across
        h = 1.1 * fs / 72 / height_in * 1.12  # and 1.12 up
        x0 = x + 0.012
        for k in (0, *(s * j for j in range(1, 10) for s in (1, -1))):
            y0 = y + k * h
            if not -0.04 <= y0 <= 1.04:  # off the axis
                continue
            box = (x0, y0 - h / 2, x0 + w, y0 + h / 2)
            if all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in placed):
                break
        else:
            y0, box = y, (x0, y - h / 2, x0 + w, y + h / 2)  # nowhere free near: keep it beside its point
        placed.append(box)
        out.append((x0, y0))
    return out
