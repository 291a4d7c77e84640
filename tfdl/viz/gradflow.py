"""Gradient-flow pictures: per-layer gradient norms over the steps, a sequence's gradient per time
step (Vega-Lite, log scale, values on hover) and the weight/activation histograms of one record.

Example:
    >>> from tfdl.gradflow import FlowLog, FlowRecord
    >>> rec = FlowRecord(0, 0.7, {"d1": 0.1}, {}, {}, {}, {}, {})
    >>> grad_norms_spec(FlowLog([rec], [], ["d1"], []))["layer"][0]["encoding"]["y"]["scale"]["type"]
    'log'
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from tfdl.viz.vega import lines_spec

__all__ = ["GRADFLOW_TEXTS", "grad_norms_spec", "time_grads_spec", "flow_histograms_figure"]

GRADFLOW_TEXTS = {
    "step": "step",
    "norm": "‖∂L/∂w‖",
    "layer": "layer",
    "time": "time step t",
    "time_norm": "‖∂L/∂x_t‖",
    "weights": "weights of {layer}",
    "activations": "output of {layer}",
    "count": "count",
}


def grad_norms_spec(log, texts: Mapping[str, str] | None = None, height: int = 260) -> dict:
    """One line per layer: its gradient norm at every recorded step (log scale).

    Args:
        log: a :class:`tfdl.gradflow.FlowLog` or :class:`~tfdl.gradflow.GradientFlow`.
        texts: the words of :data:`GRADFLOW_TEXTS` in another language.
        height: pixels.

    Returns:
        A Vega-Lite specification.
    """
    log = getattr(log, "log", log)
    words = {**GRADFLOW_TEXTS, **(texts or {})}
    rows = [{"step": r.step, "norm": r.grad_norms.get(k, np.nan), "layer": k} for r in log.records for k in log.layers]
    spec = lines_spec(
        rows or {"step": [], "norm": [], "layer": []},
        "step",
        "norm",
        "layer",
        x_title=words["step"],
        y_title=words["norm"],
        series_title=words["layer"],
        log_y=True,
        height=height,
        name="gradflow",
    )
    color = spec["layer"][0]["encoding"].get("color")
    if color is not None:  # one entry per layer, listed beside the chart: a deep net's legend fits
        color["legend"] = {"orient": "right"}
    return spec


def time_grads_spec(time_grads, texts: Mapping[str, str] | None = None, height: int = 220, name: str = "") -> dict:
    """``‖∂L/∂x_t‖`` against the time step ``t`` (1-based, log scale); ``name`` tells apart charts
    drawn together.

    Example:
        >>> len(time_grads_spec([1e-6, 1e-3, 1.0])["data"]["values"])
        3
    """
    words = {**GRADFLOW_TEXTS, **(texts or {})}
    rows = {"t": list(range(1, len(time_grads) + 1)), "g": [float(v) for v in time_grads]}
    return lines_spec(
        rows,
        "t",
        "g",
        x_title=words["time"],
        y_title=words["time_norm"],
        log_y=True,
        height=height,
        name=f"timegrads{name}",
    )


def flow_histograms_figure(record, layers=None, texts: Mapping[str, str] | None = None, max_rows: int = 6):
    """Bar charts of one :class:`~tfdl.gradflow.FlowRecord`: each layer's weights (left) and each
    activation's output (right), as ``numpy.histogram`` counts them.

    Args:
        record: the record drawn.
        layers: labels ``{name: shown text}`` (default: the names).
        texts: the words of :data:`GRADFLOW_TEXTS`.
        max_rows: at most this many layers per column (the first and the last are kept).

    Returns:
        A matplotlib ``Figure``.

    Example:
        >>> from tfdl.gradflow import FlowRecord
        >>> h = (np.array([1, 2]), np.array([0.0, 0.5, 1.0]))
        >>> len(flow_histograms_figure(FlowRecord(0, 0.7, {}, {"d1": h}, {"a1": h}, {}, {}, {})).axes)
        2
    """
    from matplotlib.figure import Figure

    words = {**GRADFLOW_TEXTS, **(texts or {})}
    shown = dict(layers or {})

    def pick(d):
        keys = list(d)
        return keys if len(keys) <= max_rows else keys[: max_rows - 1] + keys[-1:]

    columns = [
        (pick(record.weights), record.weights, words["weights"], "#1f77b4"),
        (pick(record.activations), record.activations, words["activations"], "#ff7f0e"),
    ]
    rows = max(1, max(len(c[0]) for c in columns))
    fig = Figure(figsize=(7.0, 1.35 * rows + 0.3), layout="constrained")
    for col, (keys, table, title, color) in enumerate(columns):
        for i, key in enumerate(keys):
            ax = fig.add_subplot(rows, 2, 2 * i + col + 1)
            counts, edges = table[key]
            ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color=color)
            ax.set_title(title.format(layer=shown.get(key, key)), fontsize=8)
            ax.tick_params(labelsize=7)
            ax.set_ylabel(words["count"], fontsize=7)
    return fig
