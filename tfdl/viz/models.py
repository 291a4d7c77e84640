"""Inspect a Keras model: a layer table, parameters, FLOPs, activation memory and a Graphviz graph.

Everything takes a built ``keras.Model`` (no TensorFlow import at module level) and returns
plain Python / pandas data, so the playground can cache it.

* :func:`layer_table` — one row per layer: name, type, output shape, parameters, share, MACs.
* :func:`model_summary` — totals (parameters, trainable, FLOPs and activation memory per image)
  and the layer rows as plain dicts.
* :func:`model_to_dot` — Graphviz DOT source of the network, with blocks
  (``stage2_block1_*`` …) collapsed into one node each, or drawn as clusters.

Example:
    >>> from tfdl.models import create_model
    >>> from tfdl.viz.models import model_summary
    >>> s = model_summary(create_model("lenet5"))
    >>> s["params"], s["macs"]
    (61706, 416520)
"""

from __future__ import annotations

import math
import re

from tfdl.errors import TfdlValueError
from tfdl.shapes import layer_macs, layer_shapes  # layer_macs re-exported: it lives with the other counts

__all__ = ["layer_table", "model_summary", "model_to_dot", "block_of", "layer_macs"]

# A layer belongs to a block when its name starts with one of these prefixes.
_BLOCK_RE = re.compile(
    r"^(stage\d+_block\d+|stage\d+_transition|transition\d+|inception\w+?(?=_)|fire\d+|"
    r"block\d+|down\d+|up\d+|bottom|highway\d+|aux\d+|mlpconv\d+|stem|encoder|decoder)(?:_|$)")
_STAGE_RE = re.compile(r"^(stage\d+|transition\d+|down\d+|up\d+|block\d+|inception\d)")


def block_of(name: str, level: str = "block") -> str | None:
    """The block (``"stage2_block1"``) or stage (``"stage2"``) a layer name belongs to, or None.

    Args:
        name: a layer name such as ``"stage2_block1_conv1"``.
        level: ``"block"`` or ``"stage"``.

    Returns:
        The prefix, or ``None`` for layers outside any block.

    Example:
        >>> block_of("stage2_block1_conv1"), block_of("stage2_block1_conv1", "stage")
        ('stage2_block1', 'stage2')
    """
    regex = _STAGE_RE if level == "stage" else _BLOCK_RE
    m = regex.match(name)
    return m.group(1) if m else None


def _prod(shape):
    return int(math.prod(d for d in shape if d is not None)) if shape else 0


def _count(weights):
    return int(sum(_prod(tuple(w.shape)) for w in weights))


def _rows(model):
    total = _count(model.weights) or 1
    rows = []
    for layer in model.layers:
        shapes = layer_shapes(layer)
        params = _count(layer.weights)
        rows.append({
            "name": layer.name,
            "type": type(layer).__name__,
            "output_shape": ", ".join(str(s) for s in shapes) if len(shapes) != 1 else str(shapes[0]),
            "params": params,
            "trainable_params": _count(layer.trainable_weights),
            "share_%": 100.0 * params / total,
            "macs": layer_macs(layer),
            "activations": sum(_prod(s) for s in shapes),
            "block": block_of(layer.name),
            "stage": block_of(layer.name, "stage"),
        })
    return rows


def layer_table(model):
    """A ``pandas.DataFrame`` with one row per layer of a functional model.

    Columns: name, type, output_shape, params, trainable_params, share_% (of all weights),
    macs (per image), activations (output elements per image), block, stage.

    Args:
        model: a built functional ``keras.Model``.

    Returns:
        ``pandas.DataFrame``.

    Example:
        >>> from tfdl.models import lenet5
        >>> t = layer_table(lenet5())
        >>> print(t.loc[1, "name"], int(t.loc[1, "params"]))
        c1_conv 156
    """
    import pandas as pd

    return pd.DataFrame(_rows(model))


def model_summary(model, bytes_per_value=4):
    """Totals of a model, as plain data (safe to cache, pickle or JSON-encode).

    Formula: FLOPs ≈ 2·MACs (one multiply and one add); activation memory = Σ over layers of
    the output elements × ``bytes_per_value`` (forward pass, one image, float32 by default).

    Args:
        model: a built functional ``keras.Model``.
        bytes_per_value: 4 for float32, 2 for float16/bfloat16.

    Returns:
        dict with ``name``, ``params``, ``trainable``, ``non_trainable``, ``macs``, ``flops``,
        ``activation_bytes``, ``input_shape``, ``output_shape``, ``layers`` (list of row dicts).

    Example:
        >>> from tfdl.models import squeezenet1_1
        >>> model_summary(squeezenet1_1())["params"]
        1235496
    """
    rows = _rows(model)
    trainable = _count(model.trainable_weights)
    params = _count(model.weights)
    macs = sum(r["macs"] for r in rows)

    def shape_of(t):
        ts = t if isinstance(t, (list, tuple)) else [t]
        return [tuple(x.shape) for x in ts]

    return {
        "name": model.name,
        "params": params,
        "trainable": trainable,
        "non_trainable": params - trainable,
        "macs": int(macs),
        "flops": int(2 * macs),
        "activation_bytes": int(bytes_per_value * sum(r["activations"] for r in rows)),
        "input_shape": shape_of(model.inputs),
        "output_shape": shape_of(model.outputs),
        "layers": rows,
    }


def _edges(model):
    """(source layer name, target layer name) pairs of a functional model."""
    edges = []
    names = {id(layer): layer.name for layer in model.layers}
    for layer in model.layers:
        for node in getattr(layer, "_inbound_nodes", []):
            for t in getattr(node, "input_tensors", []) or []:
                hist = getattr(t, "_keras_history", None)
                if hist is None:
                    continue
                src = hist[0] if isinstance(hist, tuple) else getattr(hist, "operation", None)
                if src is not None and id(src) in names:
                    edges.append((names[id(src)], layer.name))
    return edges


def _quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fmt(n):
    for unit, k in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= k:
            return f"{n / k:.1f}{unit}"
    return str(n)


def model_to_dot(model, collapse="block", rankdir="TB", max_nodes=400, texts=None):
    """Graphviz DOT source of a functional model, with blocks collapsible.

    Args:
        model: a built functional ``keras.Model``.
        collapse: ``"block"`` — each ``stage{s}_block{b}`` (fire module, inception block, …)
            becomes one node; ``"stage"`` — one node per stage; ``None`` — every layer, with
            blocks drawn as clusters; or a collection of block names to collapse only those.
        rankdir: ``"TB"`` (top to bottom) or ``"LR"``.
        max_nodes: if the graph would have more nodes, collapse to stages (then blocks) first.
        texts: the words drawn in the nodes, ``{"params": ..., "layers": ...}`` (English by
            default); each a string, or a function of the count giving the word (for languages
            with several plural forms: ``{"layers": lambda n: ngettext("layer", "layers", n)}``).

    Returns:
        A DOT string for ``st.graphviz_chart`` or ``graphviz.Source``.

    Example:
        >>> from tfdl.models import resnet18
        >>> dot = model_to_dot(resnet18(input_shape=(64, 64, 3)), collapse="block")
        >>> dot.startswith("digraph") and "stage2_block1" in dot
        True
    """
    if rankdir not in ("TB", "LR"):
        raise TfdlValueError(
            "rankdir_choice",
            "`rankdir` must be 'TB' or 'LR'. Received: rankdir={rankdir!r}",
            rankdir=rankdir,
        )
    rows = {r["name"]: r for r in _rows(model)}
    words = {"params": "params", "layers": "layers", **(texts or {})}

    def group(name):
        if collapse is None or collapse is False:
            return None
        if isinstance(collapse, str):
            if collapse not in ("block", "stage"):
                raise TfdlValueError(
                    "collapse_choice",
                    "`collapse` must be 'block', 'stage', None or a list of block names. Received: "
                    "collapse={collapse!r}",
                    collapse=collapse,
                )
            return block_of(name, collapse)
        b = block_of(name)
        return b if b in set(collapse) else None

    node_of = {name: (group(name) or name) for name in rows}
    if collapse is None and len(rows) > max_nodes:
        node_of = {name: (block_of(name) or name) for name in rows}
    if len(set(node_of.values())) > max_nodes:
        node_of = {name: (block_of(name, "stage") or name) for name in rows}

    nodes: dict[str, dict] = {}
    for name, r in rows.items():
        key = node_of[name]
        n = nodes.setdefault(key, {"layers": [], "params": 0, "macs": 0, "shape": r["output_shape"]})
        n["layers"].append(r)
        n["params"] += r["params"]
        n["macs"] += r["macs"]
        n["shape"] = r["output_shape"]           # the last layer of the group gives the output

    lines = [f"digraph {_quote(model.name)} {{", f"  rankdir={rankdir};",
             '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontsize=10, '
             'fontname="Helvetica"];', '  edge [color="#555555"];']

    def word(kind, count):
        return words[kind](count) if callable(words[kind]) else words[kind]

    def node_line(key, n, indent="  "):
        if len(n["layers"]) == 1 and n["layers"][0]["name"] == key:
            r = n["layers"][0]
            label = f"{key}\\n{r['type']}\\n{r['output_shape']}"
            if r["params"]:
                label += f"\\n{_fmt(r['params'])} {word('params', r['params'])}"
            return f"{indent}{_quote(key)} [label=\"{label}\"];"
        label = (f"{key}  ({len(n['layers'])} {word('layers', len(n['layers']))})\\n{n['shape']}\\n"
                 f"{_fmt(n['params'])} {word('params', n['params'])}")
        return f"{indent}{_quote(key)} [label=\"{label}\", fillcolor=\"#d7e6fa\", penwidth=1.5];"

    if collapse is None:
        clusters: dict[str, list[str]] = {}
        for key in nodes:
            b = block_of(key)
            if b:
                clusters.setdefault(b, []).append(key)
        in_cluster = {k for ks in clusters.values() for k in ks}
        for i, (b, keys) in enumerate(clusters.items()):
            lines.append(f"  subgraph cluster_{i} {{ label={_quote(b)}; style=dashed; color=\"#7a8fb5\";")
            lines.extend(node_line(k, nodes[k], "    ") for k in keys)
            lines.append("  }")
        lines.extend(node_line(k, n) for k, n in nodes.items() if k not in in_cluster)
    else:
        lines.extend(node_line(k, n) for k, n in nodes.items())

    seen = set()
    for src, dst in _edges(model):
        a, b = node_of.get(src, src), node_of.get(dst, dst)
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            lines.append(f"  {_quote(a)} -> {_quote(b)};")
    lines.append("}")
    return "\n".join(lines)
