"""Charts to hover over and compare, as Vega-Lite specifications (plain ``dict``s with their data).

A learner comparing loss curves wants the numbers: hovering over a chart from these builders shows
every series' value at that step, and dragging or scrolling zooms and pans (double-click resets).
The specifications need no server and no Python chart library: the playground shows them with
``st.vega_lite_chart(spec)``, a notebook with ``altair.Chart.from_dict(spec)`` or any Vega-Lite
renderer. Non-finite values (a diverged run) are left out as gaps. The matplotlib figures of
:mod:`tfdl.viz` stay for pictures; these are for curves.

Example:
    >>> spec = lines_spec({"step": [0, 1, 2], "loss": [1.0, 0.5, 0.25]}, "step", "loss")
    >>> [row["loss"] for row in spec["data"]["values"]]
    [1.0, 0.5, 0.25]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["lines_spec", "curves_spec", "epoch_loss_spec", "trajectory_loss_spec", "trajectories_spec"]

_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier: nothing is fetched
_CURVE_WORDS = {"train": "train", "validation": "validation", "epoch": "epoch"}


def _escape(field: str) -> str:
    """A data column's name as a Vega-Lite field (dots and brackets would mean nested access)."""
    return "".join("\\" + ch if ch in ".[]\\" else ch for ch in str(field))


def _value(v):
    v = float(v)
    return v if math.isfinite(v) else None


def _columns(rows) -> dict[str, list]:
    """``rows`` (a DataFrame, a dict of columns, or a list of row dicts) as a dict of columns."""
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):
        return {c: list(rows[c]) for c in rows.columns}
    if isinstance(rows, Mapping):
        return {k: list(v) for k, v in rows.items()}
    rows = list(rows)
    keys = list(rows[0]) if rows else []
    return {k: [r.get(k) for r in rows] for k in keys}


def lines_spec(
    rows,
    x: str,
    y: str,
    series: str | None = None,
    *,
    x_title: str | None = None,
    y_title: str | None = None,
    series_title: str | None = None,
    log_y: bool = False,
    colors: Mapping[str, str] | None = None,
    dashed: Sequence[str] = (),
    rule_x: float | None = None,
    height: int = 260,
    name: str = "",
    title: str | None = None,
) -> dict:
    """Lines of ``y`` against ``x``, one per value of ``series``, with every series' value on hover.

    Args:
        rows: the data: a DataFrame, a dict of columns or a list of row dicts.
        x: the column on the horizontal axis (numbers).
        y: the column on the vertical axis (numbers; non-finite values become gaps).
        series: the column naming each line (None: one line).
        x_title: axis title (default: ``x``); likewise ``y_title`` and ``series_title``.
        log_y: a logarithmic vertical axis (values ≤ 0 are left out).
        colors: ``{series value: colour}`` (default: Vega's palette).
        dashed: series drawn dashed (a validation curve beside its training curve).
        rule_x: a dotted vertical line at this ``x`` (a slider's position).
        height: the chart's height in pixels; its width fills the container.
        name: a suffix for the chart's selection names, unique among charts drawn together.
        title: a title above the chart.

    Returns:
        A Vega-Lite specification with its data inline.

    Example:
        >>> spec = lines_spec({"step": [0, 1], "loss": [2.0, 1.0], "run": ["a", "a"]}, "step", "loss", "run")
        >>> spec["layer"][0]["encoding"]["color"]["field"]
        'run'
    """
    columns = _columns(rows)
    for arg, field in (("x", x), ("y", y), ("series", series)):
        if field is not None and field not in columns:
            raise TfdlValueError(
                "chart_column",
                "`{arg}` must name a column of `rows`. Received: {arg}={field!r}, columns={columns}",
                arg=arg, field=field, columns=list(columns),
            )
    n = len(columns[x])
    labels = [str(s) for s in columns[series]] if series is not None else ["" for _ in range(n)]
    values = []
    for i in range(n):
        value = _value(columns[y][i])
        if log_y and value is not None and value <= 0:
            value = None
        values.append({x: _value(columns[x][i]), y: value, **({series: labels[i]} if series else {})})
    order = list(dict.fromkeys(labels))
    fx, fy = _escape(x), _escape(y)
    x_enc = {"field": fx, "type": "quantitative", "title": x_title or x, "scale": {"nice": False}}
    y_enc = {"field": fy, "type": "quantitative", "title": y_title or y,
             "scale": {"type": "log"} if log_y else {"zero": False}}
    lines: dict = {"encoding": {"y": y_enc}, "layer": [
        {"mark": {"type": "line", "clip": True},
         "params": [{"name": f"zoom{name}", "select": "interval", "bind": "scales"}]},
        {"mark": {"type": "point", "filled": True, "size": 50, "clip": True},
         "transform": [{"filter": {"param": f"hover{name}", "empty": False}}]},
    ]}
    if series:
        color = {"field": _escape(series), "type": "nominal", "title": series_title or series,
                 "sort": order, "legend": {"orient": "bottom"}}
        if colors:
            color["scale"] = {"domain": order, "range": [colors.get(s, "#444444") for s in order]}
        lines["encoding"]["color"] = color
        if dashed:
            lines["encoding"]["strokeDash"] = {
                "field": _escape(series), "type": "nominal", "sort": order, "legend": None,
                "scale": {"domain": order, "range": [[6, 4] if s in dashed else [1, 0] for s in order]}}
        tooltip = [{"field": _escape(s), "type": "quantitative", "title": s, "format": ".4~g"} for s in order]
        pivot = [{"pivot": _escape(series), "value": fy, "groupby": [fx]}]
    else:
        tooltip = [{"field": fy, "type": "quantitative", "title": y_title or y, "format": ".4~g"}]
        pivot = []
    hover = {
        "transform": pivot,
        "mark": "rule",
        "encoding": {
            "opacity": {"condition": {"value": 0.35, "param": f"hover{name}", "empty": False}, "value": 0},
            "tooltip": [{"field": fx, "type": "quantitative", "title": x_title or x, "format": "~g"}, *tooltip],
        },
        "params": [{"name": f"hover{name}", "select": {
            "type": "point", "fields": [fx], "nearest": True, "on": "pointerover", "clear": "pointerout"}}],
    }
    layers = [lines, hover]
    if rule_x is not None:
        layers.append({"data": {"values": [{x: float(rule_x)}]},
                       "mark": {"type": "rule", "strokeDash": [2, 3], "color": "grey"}})
    spec = {"$schema": _SCHEMA, "data": {"values": values}, "height": int(height),
            "encoding": {"x": x_enc}, "layer": layers}
    if title:
        spec["title"] = title
    return spec


def curves_spec(history, metric: str = "loss", texts: Mapping[str, str] | None = None, height: int = 240) -> dict:
    """One metric's learning curves per epoch: training solid, validation (``val_<metric>``) dashed.

    The interactive twin of a panel of :func:`tfdl.viz.training.training_curves_figure`; draw one
    per metric side by side.

    Args:
        history: a DataFrame with an ``epoch`` column (``FitResult.history``) or a dict of lists
            (``keras.callbacks.History.history``).
        metric: the metric drawn (a column of ``history``).
        texts: the chart's words in another language: ``{"train", "validation", "epoch"}`` and a
            label for the metric.
        height: the chart's height in pixels.

    Returns:
        A Vega-Lite specification.

    Example:
        >>> spec = curves_spec({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]})
        >>> sorted({row["curve"] for row in spec["data"]["values"]})
        ['train', 'validation']
    """
    columns = _columns(history)
    if metric not in columns:
        raise TfdlValueError(
            "history_metrics",
            "`metrics` must name columns of the history. Received: metrics={metrics}, columns={columns}",
            metrics=(metric,), columns=list(columns),
        )
    epochs = columns.get("epoch", list(range(1, len(columns[metric]) + 1)))
    words = {**_CURVE_WORDS, **(texts or {})}
    rows = [{"epoch": e, "value": v, "curve": words["train"]} for e, v in zip(epochs, columns[metric])]
    if f"val_{metric}" in columns:
        rows += [{"epoch": e, "value": v, "curve": words["validation"]}
                 for e, v in zip(epochs, columns[f"val_{metric}"])]
    return lines_spec(rows, "epoch", "value", "curve", x_title=words["epoch"], y_title=words.get(metric, metric),
                      series_title=" ", colors={words["train"]: "#1f77b4", words["validation"]: "#d62728"},
                      dashed=[words["validation"]], height=height, name=metric)


def epoch_loss_spec(losses: Sequence[float], texts: Mapping[str, str] | None = None, title: str | None = None,
                    height: int = 240) -> dict:
    """A training loss per epoch (epochs counted from 1), its value on hover.

    The interactive twin of :func:`tfdl.viz.sequences.loss_curve_figure`.

    Args:
        losses: the loss after each epoch.
        texts: translations of ``"epoch"`` and ``"loss"``.
        title: a title above the chart.
        height: the chart's height in pixels.

    Returns:
        A Vega-Lite specification.

    Example:
        >>> [row["epoch"] for row in epoch_loss_spec([0.9, 0.4])["data"]["values"]]
        [1.0, 2.0]
    """
    words = {"epoch": "epoch", "loss": "loss", **(texts or {})}
    rows = {"epoch": list(range(1, len(losses) + 1)), "loss": list(losses)}
    return lines_spec(rows, "epoch", "loss", x_title=words["epoch"], y_title=words["loss"], title=title,
                      height=height)


def trajectory_loss_spec(df, surface=None, *, colors: Mapping[str, str] | None = None, step: int | None = None,
                         texts: Mapping[str, str] | None = None, height: int = 280) -> dict:
    """Loss by step for each optimiser of a race: ``L − L_min`` on a log axis when the surface's
    minimum is known, else the raw loss; every optimiser's value on hover.

    The interactive twin of :func:`tfdl.viz.optim.trajectory_loss_figure`.

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame (``optimiser``, ``step``, ``loss``).
        surface: the surface or its name (for ``min_value``).
        colors: ``{optimiser: colour}`` (default: :func:`tfdl.viz.optim.optimizer_colors`).
        step: a dotted line at this step (the page's step slider).
        texts: translations of ``"step"``, ``"loss"``, ``"loss − min"`` and ``"optimiser"``.
        height: the chart's height in pixels.

    Returns:
        A Vega-Lite specification.

    Example:
        >>> import tfdl
        >>> spec = trajectory_loss_spec(tfdl.trajectories.run(["sgd"], "bowl", steps=3), "bowl")
        >>> spec["layer"][0]["encoding"]["y"]["scale"]
        {'type': 'log'}
    """
    from tfdl.viz.optim import optimizer_colors

    if isinstance(surface, str):
        from tfdl.surfaces import get_surface

        surface = get_surface(surface)
    words = {"step": "step", "loss": "loss", "loss − min": "loss − min", "optimiser": "optimiser", **(texts or {})}
    min_value = getattr(surface, "min_value", None)
    y = np.asarray(df["loss"], dtype=float) - (min_value or 0.0)
    log = min_value is not None
    if log:
        y = np.maximum(y, 1e-12)
    rows = {"step": list(df["step"]), "loss": list(y), "optimiser": [str(o) for o in df["optimiser"]]}
    labels = list(dict.fromkeys(rows["optimiser"]))
    title = words["loss − min"] if log and min_value != 0 else words["loss"]
    return lines_spec(rows, "step", "loss", "optimiser", x_title=words["step"], y_title=title,
                      series_title=words["optimiser"], log_y=log, colors=colors or optimizer_colors(labels),
                      rule_x=step, height=height)


def trajectories_spec(df, surface, *, step: int | None = None, colors: Mapping[str, str] | None = None,
                      texts: Mapping[str, str] | None = None, grid: int = 40, height: int = 420) -> dict:
    """The optimisers' paths over the surface's loss map: hover a point for its optimiser, step,
    position and loss; drag to pan, scroll to zoom.

    The interactive twin of :func:`tfdl.viz.optim.trajectories_figure`. The loss map is a
    ``grid × grid`` heatmap of ``log10(L − L_min + 1e-12)`` when the minimum is known, of ``L`` otherwise.

    Args:
        df: a :func:`tfdl.trajectories.run` DataFrame (``optimiser``, ``step``, ``x``, ``y``, ``loss``).
        surface: the surface or its name.
        step: draw each path up to this step (all if None).
        colors: ``{optimiser: colour}`` (default: :func:`tfdl.viz.optim.optimizer_colors`).
        texts: translations of ``"step"``, ``"loss"`` and ``"optimiser"``.
        grid: cells of the loss map on a side.
        height: the chart's height in pixels.

    Returns:
        A Vega-Lite specification.

    Example:
        >>> import tfdl
        >>> spec = trajectories_spec(tfdl.trajectories.run(["sgd"], "bowl", steps=3), "bowl", grid=4)
        >>> len(spec["layer"][0]["data"]["values"]), len(spec["layer"][1]["data"]["values"])
        (16, 4)
    """
    from tfdl.viz.optim import optimizer_colors

    if isinstance(surface, str):
        from tfdl.surfaces import get_surface

        surface = get_surface(surface)
    words = {"step": "step", "loss": "loss", "optimiser": "optimiser", **(texts or {})}
    X, Y, Z = surface.grid(n=int(grid))
    min_value = getattr(surface, "min_value", None)
    shade = np.log10(np.maximum(Z - min_value, 0.0) + 1e-12) if min_value is not None else Z
    (x0, x1), (y0, y1) = surface.bounds
    dx, dy = (x1 - x0) / (grid - 1), (y1 - y0) / (grid - 1)
    cells = [{"x": float(x) - dx / 2, "x2": float(x) + dx / 2, "y": float(y) - dy / 2, "y2": float(y) + dy / 2,
              "shade": _value(v)} for x, y, v in zip(X.ravel(), Y.ravel(), shade.ravel())]
    shown = df if step is None else df[df["step"] <= int(step)]
    labels = list(dict.fromkeys(str(o) for o in df["optimiser"]))
    colors = colors or optimizer_colors(labels)
    paths = [{"optimiser": str(o), "step": int(k), "x": _value(x), "y": _value(y), "loss": _value(v)}
             for o, k, x, y, v in zip(shown["optimiser"], shown["step"], shown["x"], shown["y"], shown["loss"])]
    x_scale = {"domain": [x0, x1], "nice": False}
    y_scale = {"domain": [y0, y1], "nice": False}
    heat = {"data": {"values": cells}, "mark": {"type": "rect", "opacity": 0.85},
            "encoding": {"x": {"field": "x", "type": "quantitative", "scale": x_scale, "title": "x"},
                         "x2": {"field": "x2"},
                         "y": {"field": "y", "type": "quantitative", "scale": y_scale, "title": "y"},
                         "y2": {"field": "y2"},
                         "color": {"field": "shade", "type": "quantitative", "legend": None,
                                   "scale": {"scheme": "viridis"}}}}
    path_enc = {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"},
                "order": {"field": "step", "type": "quantitative"},
                "color": {"field": "optimiser", "type": "nominal", "title": words["optimiser"],
                          "scale": {"domain": labels, "range": [colors.get(s, "#444444") for s in labels]},
                          "legend": {"orient": "bottom"}}}
    lines = {"data": {"values": paths}, "layer": [
        {"mark": {"type": "line", "strokeWidth": 1.6, "clip": True}, "encoding": path_enc,
         "params": [{"name": "zoom", "select": "interval", "bind": "scales"}]},
        {"mark": {"type": "point", "filled": True, "size": 18, "clip": True}, "encoding": {
            **path_enc, "tooltip": [
                {"field": "optimiser", "type": "nominal", "title": words["optimiser"]},
                {"field": "step", "type": "quantitative", "title": words["step"]},
                {"field": "x", "type": "quantitative", "format": ".4~g"},
                {"field": "y", "type": "quantitative", "format": ".4~g"},
                {"field": "loss", "type": "quantitative", "title": words["loss"], "format": ".4~g"}]}},
    ]}
    return {"$schema": _SCHEMA, "height": int(height), "layer": [heat, lines],
            "resolve": {"scale": {"color": "independent"}}}
