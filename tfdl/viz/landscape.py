"""Figures of loss landscapes (:func:`tfdl.interpret.loss_landscape`): contours and surfaces side by side.

Several landscapes share one colour scale and one set of levels, so a flat bowl and a steep,
chaotic slice are told apart at a glance (Li et al. 2018 draw their Fig. 5 the same way). Levels
are geometric in the loss: it spans several orders of magnitude a short way from the minimum.

Example:
    >>> import numpy as np
    >>> from tfdl.interpret import LossLandscape
    >>> a = np.linspace(-1, 1, 5)
    >>> bowl = LossLandscape(a, a, 0.1 + a[None, :] ** 2 + a[:, None] ** 2, seed=0)
    >>> len(landscape_contours_figure({"bowl": bowl}).axes)   # the plot and its colour bar
    2
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["LANDSCAPE_TEXTS", "landscape_contours_figure", "landscape_surfaces_figure", "interpolation_figure"]

LANDSCAPE_TEXTS = {
    "alpha": "α (direction δ)",
    "beta": "β (direction η)",
    "loss": "loss",
    "log10 loss": "log₁₀ loss",
    "t": "t",
    "trained weights": "trained weights",
}
"""Words drawn on the figures; pass ``texts={...}`` to translate them (the playground does)."""


def _plt():
    import matplotlib.pyplot as plt

    return plt


def _shared_levels(landscapes, levels: int):
    values = np.concatenate([np.ravel(v.losses) for v in landscapes.values()])
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return np.linspace(0.0, 1.0, levels)
    lo, hi = float(values.min()), float(values.max())
    return np.geomspace(lo, hi, levels) if hi > lo * (1 + 1e-6) else np.linspace(lo - 0.5, lo + 0.5, levels)


def landscape_contours_figure(landscapes: Mapping, levels: int = 30, texts=None, width: float = 5.0):
    """One filled contour map per landscape (titles: the mapping's keys), shared levels and colour bar.

    The trained weights (α = β = 0) are marked with a white dot.

    Args:
        landscapes: ``{title: LossLandscape}``.
        levels: number of contour levels (geometric between the smallest and largest loss).
        texts: translations of :data:`LANDSCAPE_TEXTS` entries.
        width: inches per panel.

    Returns:
        The matplotlib Figure.
    """
    plt = _plt()
    from matplotlib.colors import LogNorm

    t = {**LANDSCAPE_TEXTS, **(texts or {})}
    lv = _shared_levels(landscapes, levels)
    norm = LogNorm(lv[0], lv[-1]) if lv[0] > 0 else None
    fig, axes = plt.subplots(
        1, len(landscapes), figsize=(width * len(landscapes) + 1.0, width * 0.9), squeeze=False, layout="constrained"
    )
    filled = None
    for ax, (title, land) in zip(axes[0], landscapes.items()):
        z = np.clip(np.nan_to_num(land.losses, nan=lv[-1], posinf=lv[-1]), lv[0], lv[-1])
        filled = ax.contourf(land.alphas, land.betas, z, levels=lv, norm=norm, cmap="viridis")
        ax.contour(land.alphas, land.betas, z, levels=lv, colors="k", linewidths=0.3, alpha=0.5)
        ax.plot(0.0, 0.0, "o", color="white", markeredgecolor="k", label=t["trained weights"])
        ax.set_title(title)
        ax.set_xlabel(t["alpha"])
        ax.set_ylabel(t["beta"])
        ax.set_aspect("equal")
    bar = fig.colorbar(filled, ax=list(axes[0]), label=t["loss"], shrink=0.9)
    if norm is not None:  # a few round-ish ticks along the log scale, written plainly
        bar.set_ticks(np.geomspace(lv[0], lv[-1], 6))
        bar.set_ticklabels([f"{v:.3g}" for v in np.geomspace(lv[0], lv[-1], 6)])
        bar.minorticks_off()
    return fig


def landscape_surfaces_figure(
    landscapes: Mapping, texts=None, width: float = 5.0, elevation: float = 35.0, azimuth: float = -60.0
):
    """One 3-D surface of ``log₁₀ L(α, β)`` per landscape, on a shared vertical scale.

    Args:
        landscapes: ``{title: LossLandscape}``.
        texts: translations of :data:`LANDSCAPE_TEXTS` entries.
        width: inches per panel.
        elevation, azimuth: the camera (degrees).

    Returns:
        The matplotlib Figure.
    """
    plt = _plt()

    t = {**LANDSCAPE_TEXTS, **(texts or {})}
    logs = {k: np.log10(np.clip(np.nan_to_num(v.losses, nan=np.inf), 1e-12, None)) for k, v in landscapes.items()}
    finite = np.concatenate([z[np.isfinite(z)] for z in logs.values()])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    fig = plt.figure(figsize=(width * len(landscapes), width * 0.9), layout="constrained")
    for i, (title, land) in enumerate(landscapes.items(), start=1):
        ax = fig.add_subplot(1, len(landscapes), i, projection="3d")
        aa, bb = np.meshgrid(land.alphas, land.betas)
        z = np.clip(np.nan_to_num(logs[title], posinf=hi), lo, hi)
        ax.plot_surface(aa, bb, z, cmap="viridis", vmin=lo, vmax=hi, linewidth=0, antialiased=True)
        ax.set_zlim(lo, hi if hi > lo else lo + 1)
        ax.view_init(elevation, azimuth)
        ax.set_title(title)
        ax.set_xlabel(t["alpha"])
        ax.set_ylabel(t["beta"])
        ax.set_zlabel(t["log10 loss"])
    return fig


def interpolation_figure(interpolations: Mapping, log: bool = True, texts=None):
    """The loss along ``(1 − t)·θ₀ + t·θ₁`` (:func:`tfdl.interpret.interpolate_loss`), one line each.

    Args:
        interpolations: ``{label: LossInterpolation}``.
        log: logarithmic loss axis.
        texts: translations of :data:`LANDSCAPE_TEXTS` entries.

    Returns:
        The matplotlib Figure.
    """
    plt = _plt()

    t = {**LANDSCAPE_TEXTS, **(texts or {})}
    fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
    for label, line in interpolations.items():
        ax.plot(line.ts, line.losses, marker=".", label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(t["t"])
    ax.set_ylabel(t["loss"])
    ax.legend()
    ax.grid(alpha=0.3)
    return fig
