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
    ax.scatter(points[:, 0], points[:, 1], s=14, c=colours, alpha=0.8)
    for (x, y), word, colour in zip(points, words, colours):
        strong = colour != "#1f77b4"
        ax.annotate(
            word,
            (x, y),
            xytext=(3, 2),
            textcoords="offset points",
            fontsize=9 if strong else 7.5,
            color=colour if strong else "#333333",
            fontweight="bold" if strong else "normal",
        )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    return fig
