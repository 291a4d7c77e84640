"""Exploding gradients and clipping: ``‖∂L/∂h_t‖`` over the time steps, before and after clipping.

Nothing here imports TensorFlow: the numbers come from
:func:`tfdl.experiments.rnn_gradients.exploding_gradients` as a ``DataFrame``.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"step": [1, 2], "grad_norm": [100.0, 1.0], "clipped_norm": [1.0, 0.01]})
    >>> len(exploding_gradients_figure(df).axes[0].lines)
    2
"""

from __future__ import annotations

from collections.abc import Mapping

from tfdl.errors import TfdlValueError

__all__ = ["EXPLODING_TEXTS", "exploding_gradients_figure"]

#: the English texts of :func:`exploding_gradients_figure`; ``texts=`` overrides some of them
EXPLODING_TEXTS = {
    "time": "time step t (loss at the last step)",
    "norm": "‖∂L/∂h_t‖",
    "raw": "without clipping",
    "clipped": "after clipping by the global norm",
}


def exploding_gradients_figure(df, texts: Mapping[str, str] | None = None, title: str | None = None):
    """``‖∂L/∂h_t‖`` per time step on a log scale, without clipping and after clipping by the global norm.

    Clipping multiplies the whole gradient by one factor, so the clipped line is the raw one shifted
    down on the log scale: the direction is kept, the length capped.

    Args:
        df: the ``norms`` of :func:`tfdl.experiments.rnn_gradients.exploding_gradients` (columns
            ``step``, ``grad_norm``, ``clipped_norm``).
        texts: overrides of :data:`EXPLODING_TEXTS` (axis labels and the two legend entries).
        title: optional title.

    Returns:
        A matplotlib ``Figure`` (log y axis, two lines, legend outside the data).

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"step": [1, 2], "grad_norm": [10.0, 1.0], "clipped_norm": [1.0, 0.1]})
        >>> exploding_gradients_figure(df).axes[0].get_yscale()
        'log'
    """
    from matplotlib.figure import Figure

    missing = sorted({"step", "grad_norm", "clipped_norm"} - set(getattr(df, "columns", ())))
    if missing:
        raise TfdlValueError(
            "exploding_columns",
            "`df` must have the columns {missing}. Received columns: {columns}",
            missing=missing,
            columns=list(getattr(df, "columns", ())),
        )
    unknown = sorted(set(texts or {}) - set(EXPLODING_TEXTS))
    if unknown:
        raise TfdlValueError(
            "texts_unknown_keys",
            "`texts` has unknown keys {unknown}; known: {known}. Received: texts={texts!r}",
            unknown=unknown,
            known=sorted(EXPLODING_TEXTS),
            texts=texts,
        )
    words = {**EXPLODING_TEXTS, **(texts or {})}
    part = df.sort_values("step")
    fig = Figure(figsize=(6.0, 3.4), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(part["step"], part["grad_norm"], marker=".", color="#d62728", label=words["raw"])
    ax.plot(part["step"], part["clipped_norm"], marker=".", color="#1f77b4", label=words["clipped"])
    ax.set_yscale("log")
    ax.set_xlabel(words["time"])
    ax.set_ylabel(words["norm"])
    ax.grid(alpha=0.3, which="both")
    fig.legend(loc="outside upper center", ncols=2, fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return fig
