"""Pictures of sequence models: attention alignments, LSTM/GRU gate traces, the gradient norm
over time steps, and accuracy by source length.

Every builder returns a :class:`matplotlib.figure.Figure` (no pyplot state). Nothing here
imports TensorFlow: the numbers come from :mod:`tfdl.decoding` and
:mod:`tfdl.experiments.sequences` as numpy arrays and DataFrames.

Example:
    >>> import numpy as np
    >>> from tfdl.viz.sequences import alignment_figure
    >>> fig = alignment_figure(np.eye(3), list("abc"), list("xyz"))
    >>> len(fig.axes)
    2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = [
    "alignment_figure",
    "gate_traces_figure",
    "gradient_norms_figure",
    "accuracy_by_length_figure",
    "loss_curve_figure",
]

GATE_TITLES = {
    "i": "input gate i",
    "f": "forget gate f",
    "g": "candidate g",
    "o": "output gate o",
    "c": "cell state c",
    "z": "update gate z",
    "r": "reset gate r",
}

#: the English texts of each figure; every builder takes ``texts=`` overriding some of them
#: (another language, other wording), e.g. ``alignment_figure(..., texts={"source": "вход"})``
ALIGNMENT_TEXTS = {"source": "source", "output": "output"}
GATE_TEXTS = {**GATE_TITLES, "unit": "unit {unit}", "time": "time step t"}
GRADIENT_TEXTS = {"time": "time step t (loss at the last step)", "norm": "‖∂L/∂h_t‖"}
ACCURACY_TEXTS = {"length": "source length", "accuracy": "accuracy", "token_accuracy": "token accuracy"}
LOSS_TEXTS = {"epoch": "epoch", "loss": "loss"}


def _texts(defaults: Mapping[str, str], texts: Mapping[str, str] | None) -> dict:
    """``defaults`` overridden by ``texts``; an unknown key is an error (a typo would go unseen)."""
    unknown = sorted(set(texts or {}) - set(defaults))
    if unknown:
        raise TfdlValueError(
            "texts_unknown_keys",
            "`texts` has unknown keys {unknown}; known: {known}. Received: texts={texts!r}",
            unknown=unknown, known=sorted(defaults), texts=texts,
        )
    return {**defaults, **(texts or {})}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def alignment_figure(alignment, source_tokens: Sequence[str], output_tokens: Sequence[str],
                     title: str | None = None, annotate: bool | None = None,
                     texts: Mapping[str, str] | None = None):
    """Heatmap of attention weights ``α_ij``: rows are output tokens, columns source tokens.

    Formula: ``α_ij = softmax_j(e_ij)``, the weight of source position ``j`` when emitting
    output ``i`` (each row sums to 1).

    Args:
        alignment: (n_out, n_src) weights; extra columns (padding) are cut to the source.
        source_tokens: labels of the columns.
        output_tokens: labels of the rows.
        title: optional title.
        annotate: print the numbers in the cells (default: when the grid is small).
        texts: axis labels overriding :data:`ALIGNMENT_TEXTS` (``source``, ``output``).

    Returns:
        A matplotlib ``Figure``.

    Example:
        >>> fig = alignment_figure(np.full((2, 3), 1 / 3), ["1", "2", "3"], ["2", "1"])
        >>> print(fig.axes[0].get_xlabel())
        source

    Paper: Bahdanau, Cho & Bengio, ICLR 2015, Fig. 3.
    """
    texts = _texts(ALIGNMENT_TEXTS, texts)
    a = np.asarray(alignment, dtype=float)
    if a.ndim != 2:
        raise TfdlValueError(
            "alignment_2d",
            "`alignment` must be 2-D (outputs, sources). Received: shape={shape}",
            shape=a.shape,
        )
    n_out, n_src = len(output_tokens), len(source_tokens)
    a = a[:n_out, :n_src]
    fig = _figure(max(3.0, 0.45 * n_src + 1.5), max(2.5, 0.4 * n_out + 1.2))
    ax = fig.add_subplot()
    im = ax.imshow(a, cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(range(n_src), [str(t) if t != " " else "␣" for t in source_tokens])
    ax.set_yticks(range(n_out), [str(t) if t != " " else "␣" for t in output_tokens])
    ax.set_xlabel(texts["source"])
    ax.set_ylabel(texts["output"])
    if annotate is None:
        annotate = n_src * n_out <= 150
    if annotate:
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                ax.text(j, i, f"{a[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="black" if a[i, j] > 0.6 else "white")
    if title:
        ax.set_title(title)
    fig.colorbar(im, ax=ax, label="α")
    return fig


def gate_traces_figure(gates: Mapping[str, np.ndarray], units: Sequence[int] = (0, 1, 2, 3),
                       tokens: Sequence[str] | None = None, title: str | None = None,
                       texts: Mapping[str, str] | None = None):
    """One panel per gate: the value of a few units of the gate at every time step.

    Formula (LSTM): ``i, f, o = σ(·)``, ``g = tanh(·)``, ``c_t = f ⊙ c_{t−1} + i ⊙ g``;
    (GRU): ``z, r = σ(·)``. Gates live in (0, 1): near 1 lets information through.

    Args:
        gates: name -> (T, units) array (one sequence of ``LSTM(..., return_gates=True)``).
        units: which hidden units to draw.
        tokens: optional labels of the time steps (the input characters).
        title: optional title.
        texts: overrides of :data:`GATE_TEXTS`: a panel's label per gate name, ``unit`` (the
            legend, a template with ``{unit}``) and ``time`` (the x label).

    Returns:
        A matplotlib ``Figure``.

    Example:
        >>> fig = gate_traces_figure({"f": np.random.rand(6, 4), "i": np.random.rand(6, 4)})
        >>> len(fig.axes)
        2

    Paper: Hochreiter & Schmidhuber 1997; Karpathy, Johnson & Fei-Fei, "Visualizing and
    Understanding Recurrent Networks", 2015.
    """
    if not gates:
        raise TfdlValueError("gates_empty", "`gates` must not be empty. Received: gates={{}}")
    texts = _texts(GATE_TEXTS, texts)
    names = list(gates)
    fig = _figure(7.0, 1.6 * len(names) + 0.6)
    axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
    for ax, name in zip(axes, names):
        g = np.asarray(gates[name], dtype=float)
        if g.ndim == 3:
            g = g[0]
        t = np.arange(1, g.shape[0] + 1)
        for u in units:
            if u < g.shape[1]:
                ax.plot(t, g[:, u], marker=".", label=texts["unit"].format(unit=u))
        ax.set_ylabel(texts.get(name, name), fontsize=8)
        if name not in ("c", "g"):
            ax.set_ylim(-0.05, 1.05)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, ncol=len(units), loc="upper right")
    if tokens is not None:
        axes[-1].set_xticks(np.arange(1, len(tokens) + 1), [str(s) for s in tokens])
    axes[-1].set_xlabel(texts["time"])
    if title:
        fig.suptitle(title)
    return fig


def gradient_norms_figure(df, log: bool = True, title: str | None = None,
                          texts: Mapping[str, str] | None = None):
    """``‖∂L/∂h_t‖`` against the time step, one line per cell (vanishing gradients).

    Args:
        df: the ``DataFrame`` of :func:`tfdl.experiments.gradient_norms_by_step`
            (``cell``, ``step``, ``grad_norm``).
        log: logarithmic y axis (exponential decay becomes a straight line).
        title: optional title.
        texts: axis labels overriding :data:`GRADIENT_TEXTS` (``time``, ``norm``).

    Returns:
        A matplotlib ``Figure``.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"cell": ["rnn"] * 3, "step": [1, 2, 3], "grad_norm": [.01, .1, 1]})
        >>> print(gradient_norms_figure(df).axes[0].get_yscale())
        log

    Paper: Bengio, Simard & Frasconi, IEEE TNN 1994; Pascanu et al., ICML 2013.
    """
    texts = _texts(GRADIENT_TEXTS, texts)
    fig = _figure(6.0, 3.2)
    ax = fig.add_subplot()
    for cell, part in df.groupby("cell", sort=False):
        part = part.sort_values("step")
        ax.plot(part["step"], part["grad_norm"], marker=".", label=str(cell).upper())
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(texts["time"])
    ax.set_ylabel(texts["norm"])
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    if title:
        ax.set_title(title)
    return fig


def accuracy_by_length_figure(df, hue: str = "attention", metric: str = "accuracy",
                              title: str | None = None, texts: Mapping[str, str] | None = None,
                              series_labels: Mapping | None = None):
    """Accuracy against source length, one line per setting (attention or reversal).

    Args:
        df: a ``DataFrame`` of :func:`tfdl.experiments.accuracy_by_length` (``hue="attention"``)
            or :func:`tfdl.experiments.reverse_source_experiment` (``hue="reverse_source"``).
        hue: the column that tells the lines apart.
        metric: ``"accuracy"`` (whole sequence right) or ``"token_accuracy"``.
        title: optional title.
        texts: axis labels overriding :data:`ACCURACY_TEXTS` (``length``, and the y label per
            metric).
        series_labels: the legend's label per value of ``hue`` (default: the value, or
            ``hue=value`` for booleans).

    Returns:
        A matplotlib ``Figure``.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"attention": ["none", "none"], "length": [2, 3],
        ...                    "accuracy": [1.0, 0.5]})
        >>> print(len(accuracy_by_length_figure(df).axes[0].lines))
        1

    Paper: Bahdanau, Cho & Bengio, ICLR 2015, Fig. 2.
    """
    for col in (hue, "length", metric):
        if col not in df.columns:
            raise TfdlValueError(
                "dataframe_column",
                "`df` must have a column {col!r}. Received columns: {columns}",
                col=col, columns=list(df.columns),
            )
    texts = _texts(ACCURACY_TEXTS, texts)
    fig = _figure(6.0, 3.2)
    ax = fig.add_subplot()
    for key, part in df.groupby(hue, sort=False):
        part = part.sort_values("length")
        label = f"{hue}={key}" if isinstance(key, (bool, np.bool_)) else str(key)
        if series_labels is not None and key in series_labels:
            label = series_labels[key]
        ax.plot(part["length"], part[metric], marker="o", label=label)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(texts["length"])
    ax.set_ylabel(texts.get(metric, metric.replace("_", " ")))
    ax.grid(alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return fig


def loss_curve_figure(losses: Sequence[float], title: str | None = None,
                      texts: Mapping[str, str] | None = None):
    """Training loss per epoch.

    Args:
        losses: one value per epoch.
        title: optional title.
        texts: axis labels overriding :data:`LOSS_TEXTS` (``epoch``, ``loss``).

    Returns:
        A matplotlib ``Figure``.

    Example:
        >>> print(len(loss_curve_figure([2.0, 1.0, 0.5]).axes))
        1

    Paper: none.
    """
    texts = _texts(LOSS_TEXTS, texts)
    fig = _figure(5.0, 2.6)
    ax = fig.add_subplot()
    ax.plot(np.arange(1, len(losses) + 1), losses, marker=".")
    ax.set_xlabel(texts["epoch"])
    ax.set_ylabel(texts["loss"])
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    return fig
