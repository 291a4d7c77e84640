"""Pictures of activation functions, their derivatives, softplus as a sum of sigmoids, and how
initialisation moves signals through depth.

Every builder returns a :class:`matplotlib.figure.Figure`; nothing here imports TensorFlow (the
curves come from :mod:`tfdl.activations`, which is numpy for numpy input).

Example:
    >>> from tfdl.viz.activations import activation_curves_figure
    >>> len(activation_curves_figure(["relu", "tanh"]).axes)
    2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from tfdl.errors import TfdlValueError

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _new_figure(**kwargs) -> Figure:
    """A matplotlib Figure; matplotlib is imported when a picture is first drawn, so importing
    ``tfdl.viz`` (e.g. for the matplotlib-free ``tfdl.viz.conv_svg``) stays light."""
    from matplotlib.figure import Figure

    return Figure(**kwargs)


__all__ = ["activation_curves_figure", "softplus_sum_figure", "maxout_figure", "init_statistics_figure"]

_COLORS = {
    "sigmoid": "#1f77b4", "tanh": "#ff7f0e", "relu": "#2ca02c", "leaky_relu": "#d62728",
    "elu": "#9467bd", "softplus": "#8c564b",
}


def activation_curves_figure(names: Sequence[str], x_min: float = -5.0, x_max: float = 5.0,
                             derivatives: bool = True, width: float = 9.0, height: float = 3.5) -> Figure:
    """``f(x)`` (left) and ``f'(x)`` (right) of the named activations on ``[x_min, x_max]``.

    Args:
        names: names from ``tfdl.activations.ACTIVATIONS``.
        x_min: left end of the range.
        x_max: right end (> x_min).
        derivatives: draw the derivative panel.
        width: figure width in inches.
        height: figure height in inches.

    Returns:
        A ``Figure`` with one or two axes.

    Example:
        >>> len(activation_curves_figure(["elu"], derivatives=False).axes)
        1
    """
    from tfdl import activations as A

    if not names:
        raise TfdlValueError("curve_names", "`names` must contain at least one activation. Received: names={names!r}",
                             names=list(names))
    if not x_max > x_min:
        raise TfdlValueError("curve_range", "`x_max` must be > x_min. Received: x_min={x_min}, x_max={x_max}",
                             x_min=x_min, x_max=x_max)
    x = np.linspace(x_min, x_max, 401)
    fig = _new_figure(figsize=(width, height), layout="constrained")
    panels = [("f(x)", 0)] + ([("f'(x)", 1)] if derivatives else [])
    for i, (label, which) in enumerate(panels, start=1):
        ax = fig.add_subplot(1, len(panels), i)
        for name in names:
            f = A.ACTIVATIONS[name][which] if name in A.ACTIVATIONS else A.get(name)
            ax.plot(x, f(x), label=name, color=_COLORS.get(name))
        ax.axhline(0, color="k", lw=0.5)
        ax.axvline(0, color="k", lw=0.5)
        ax.set_title(label)
        ax.set_xlabel("x")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return fig


#: English texts of :func:`softplus_sum_figure` (``sum`` is a template over ``n``).
SOFTPLUS_TEXTS = {"sum": "Σ of {n} sigmoids"}
#: English texts of :func:`maxout_figure`.
MAXOUT_TEXTS = {"max": "max (maxout)"}
#: English texts of :func:`init_statistics_figure`.
INIT_TEXTS = {"std": "std of activations", "grad_std": "std of ∂L/∂W", "layer": "layer"}


def softplus_sum_figure(n_terms: int = 10, x_min: float = -4.0, x_max: float = 12.0,
                        width: float = 6.0, height: float = 3.5, texts: Mapping[str, str] | None = None) -> Figure:
    """The shifted sigmoids ``σ(x + 1/2 − i)``, their sum, softplus and ReLU on one plot.

    Args:
        n_terms: number of sigmoids ``N``.
        x_min: left end.
        x_max: right end.
        width: figure width in inches.
        height: figure height in inches.
        texts: the words drawn, keys as :data:`SOFTPLUS_TEXTS` (English by default).

    Returns:
        A ``Figure``.

    Example:
        >>> len(softplus_sum_figure(5).axes)
        1
    """
    from tfdl import activations as A

    texts = {**SOFTPLUS_TEXTS, **(texts or {})}
    x = np.linspace(x_min, x_max, 401)
    total = A.softplus_as_sigmoid_sum(x, n_terms)
    fig = _new_figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    for i in range(1, int(n_terms) + 1):
        ax.plot(x, A.sigmoid(x + 0.5 - i), color="#bbbbbb", lw=0.8, label="σ(x + 1/2 − i)" if i == 1 else None)
    ax.plot(x, total, color="#1f77b4", lw=2, label=texts["sum"].format(n=n_terms))
    ax.plot(x, A.softplus(x), "--", color="#d62728", label="softplus log(1 + eˣ)")
    ax.plot(x, A.relu(x), ":", color="k", label="ReLU max(0, x)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_xlabel("x")
    return fig


def _line_label(j: int, w: float, b: float, locale: str) -> str:
    """``z₁ = −0.80x + 0.11``: the piece's formula with real minus signs, in the locale's decimals."""
    from tfdl.viz.formatting import format_number

    sub = str(j).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    slope = format_number(abs(w), ".2f", locale=locale)
    return (f"z{sub} = {'−' if w < 0 else ''}{slope}x {'−' if b < 0 else '+'} "
            f"{format_number(abs(b), '.2f', locale=locale)}")


def maxout_figure(weights, biases, x_min: float = -3.0, x_max: float = 3.0, width: float = 6.0,
                  height: float = 3.6, texts: Mapping[str, str] | None = None, locale: str = "en") -> Figure:
    """A one-input maxout unit: its ``k`` linear pieces ``z_j = w_j x + b_j`` (thin) and their maximum (thick).

    The legend (one entry per piece, with its formula, then the maximum) sits under the plot in
    up to three columns, so it is never cut off nor hides a line, whatever ``k``.

    Args:
        weights: ``(k,)`` slopes ``w_j``.
        biases: ``(k,)`` intercepts ``b_j``.
        x_min: left end.
        x_max: right end.
        width: figure width in inches.
        height: height of the plot in inches (the legend adds its rows).
        texts: the words drawn, keys as :data:`MAXOUT_TEXTS` (English by default).
        locale: ``"en"`` or ``"ru"``: the decimal separator of the formulas.

    Returns:
        A ``Figure`` with one axes.

    Example:
        >>> fig = maxout_figure([1.0, -0.5], [0.0, 0.25])
        >>> [t.get_text() for t in fig.legends[0].get_texts()]
        ['z₁ = 1.00x + 0.00', 'z₂ = −0.50x + 0.25', 'max (maxout)']
    """
    from tfdl import activations as A

    texts = {**MAXOUT_TEXTS, **(texts or {})}
    x = np.linspace(x_min, x_max, 241)
    z, h = A.maxout(x, weights, biases)
    k = z.shape[1]
    fig = _new_figure(figsize=(width, height + 0.25 * (k // 3 + 1)), layout="constrained")
    ax = fig.add_subplot()
    colors = [f"C{j % 10}" for j in range(k)]
    for j in range(k):
        ax.plot(x, z[:, j], color=colors[j], lw=1.0, alpha=0.8,
                label=_line_label(j + 1, float(np.ravel(weights)[j]), float(np.ravel(biases)[j]), locale))
    ax.plot(x, h, color="k", lw=2.6, label=texts["max"])
    ax.axhline(0, color="k", lw=0.5)
    ax.axvline(0, color="k", lw=0.5)
    ax.grid(alpha=0.3)
    ax.set_xlabel("x")
    fig.legend(loc="outside lower center", ncol=min(k + 1, 3), fontsize=8, frameon=False)
    return fig


def init_statistics_figure(table, width: float = 9.0, height: float = 3.5,
                           texts: Mapping[str, str] | None = None) -> Figure:
    """Activation std (left) and weight-gradient std (right) per layer, one line per initialiser.

    Args:
        table: a DataFrame with ``layer``, ``std``, ``grad_std`` and ``initializer`` columns
            (``tfdl.initializers.init_statistics`` results concatenated).
        width: figure width in inches.
        height: figure height in inches.
        texts: the words drawn, keys as :data:`INIT_TEXTS` (English by default).

    Returns:
        A ``Figure`` with log-scale y axes (zeros are drawn at the bottom of the axis).

    Example:
        >>> from tfdl.initializers import init_statistics
        >>> len(init_statistics_figure(init_statistics(depth=3, width=8)).axes)
        2
    """
    missing = {"layer", "std", "grad_std", "initializer"} - set(table.columns)
    if missing:
        raise TfdlValueError(
            "activation_table_columns",
            "`table` must have columns layer, std, grad_std, initializer. Missing: {missing}",
            missing=sorted(missing),
        )
    texts = {**INIT_TEXTS, **(texts or {})}
    fig = _new_figure(figsize=(width, height), layout="constrained")
    for i, (col, label) in enumerate((("std", texts["std"]), ("grad_std", texts["grad_std"])), start=1):
        ax = fig.add_subplot(1, 2, i)
        for name, part in table.groupby("initializer", sort=False):
            values = np.maximum(part[col].to_numpy(dtype="float64"), 1e-30)
            ax.semilogy(part["layer"], values, "o-", ms=3, label=str(name))
        ax.set_xlabel(texts["layer"])
        ax.set_title(label)
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    return fig
