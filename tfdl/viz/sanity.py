"""Figures of the model-randomisation sanity check (:func:`tfdl.interpret.sanity_check`).

Texts are arguments with English defaults, so a page passes translated ones.

Example:
    >>> import numpy as np
    >>> fig = sanity_correlation_figure({"saliency": np.array([1.0, 0.5, 0.1])}, ["trained", "fc", "conv1"])
    >>> len(fig.axes)
    1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["sanity_grid_figure", "sanity_correlation_figure"]


def sanity_grid_figure(
    maps: Mapping[str, np.ndarray],
    step_titles: Sequence[str],
    *,
    panel_size: float = 1.3,
    cmap: str = "jet",
    colorbar_label: str = "|map| / its maximum",
):
    """Rows = methods, columns = randomisation steps; each panel ``|map|`` scaled by its own maximum.

    Args:
        maps: ``{row title: (steps, H, W)}`` (``SanityCheck.maps`` with translated titles).
        step_titles: one column title per step.
        panel_size: inches per panel.
        cmap: matplotlib colour map.
        colorbar_label: label of the shared colour bar.

    Returns:
        a Figure with ``rows × steps`` image axes and a colour bar.
    """
    from matplotlib.colors import Normalize

    from tfdl.viz.interpret import _colorbar, _figure

    rows, cols = len(maps), len(step_titles)
    fig = _figure(panel_size * cols + 1.6, panel_size * rows + 0.4)
    axes = fig.subplots(rows, cols, squeeze=False)
    for r, (name, stack) in enumerate(maps.items()):
        for c in range(cols):
            ax = axes[r, c]
            m = np.abs(np.asarray(stack[c], dtype="float32"))
            peak = float(m.max())
            ax.imshow(m / peak if peak > 0 else m, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(step_titles[c], fontsize=8)
            if c == 0:
                ax.set_ylabel(name, fontsize=8)
    _colorbar(fig, axes.ravel(), Normalize(0.0, 1.0), cmap, colorbar_label)
    return fig


def sanity_correlation_figure(
    correlations: Mapping[str, np.ndarray],
    step_titles: Sequence[str],
    *,
    xlabel: str = "layers randomised (cascading from the top)",
    ylabel: str = "Spearman ρ with the trained model's |map|",
):
    """One line per method: the rank correlation with the original map at each randomisation step.

    Args:
        correlations: ``{method title: (steps,)}``; ``nan`` (a constant map) leaves a gap.
        step_titles: tick labels, one per step.
        xlabel, ylabel: axis labels.

    Returns:
        a Figure with one axes.
    """
    from tfdl.viz.interpret import _figure

    fig = _figure(6.0, 3.2)
    ax = fig.subplots()
    steps = np.arange(len(step_titles))
    for name, rho in correlations.items():
        ax.plot(steps, np.asarray(rho, dtype="float64"), marker="o", label=name)
    ax.axhline(0.0, color="grey", lw=0.8, ls=":")
    ax.set_xticks(steps, list(step_titles), fontsize=8, rotation=20)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside the axes: hides no data
    ax.grid(alpha=0.3)
    return fig
