"""Receptive fields of a built Keras model: the layer stack up to a layer and the input box of one output cell.

:func:`layer_stack` walks a functional model back from a named layer to its input and lists the
convolutions, poolings and padding layers on the way (Keras ``Conv2D``/``DepthwiseConv2D``/
``SeparableConv2D``, tfdl's ``PaddedConv2D``, ``MaxPooling2D``/``AveragePooling2D``,
``ZeroPadding2D``), with each one's kernel, stride, dilation and the padding it adds at its input size;
element-wise layers (activations, batch norm in inference, dropout, ``Add``, channel ``Concatenate``)
pass through. :func:`receptive_box` feeds that stack, one axis at a time, to
:func:`tfdl.shapes.receptive_field` (size ``r``, jump ``j``, start) and returns the input box of an
output cell ``(i, k)``: rows ``start_h + i·j_h ± (r_h-1)/2`` and the same for columns, unclipped and
clipped to the image. On a graph with branches (a residual block) the box is the union over the
branches, found by walking the cell's rows and columns back through every branch; the stack reported
is the branch with the widest field.

Example:
    >>> import keras
    >>> x = keras.Input((32, 32, 1))
    >>> y = keras.layers.Conv2D(4, 5, name="c1")(x)
    >>> y = keras.layers.MaxPooling2D(2, name="p1")(y)
    >>> rf = receptive_box(keras.Model(x, y), "p1", 0, 13)
    >>> rf["box"], rf["size"], rf["jump"]
    ((0, 26, 5, 31), (6, 6), (2, 2))

Paper: A. Araujo, W. Norris, J. Sim, "Computing Receptive Fields of Convolutional Neural Networks",
Distill 2019.
"""

from __future__ import annotations

from typing import Any

from tfdl.errors import TfdlValueError
from tfdl.shapes import receptive_field, resolve_padding
from tfdl.validation import check_int

__all__ = ["layer_stack", "receptive_box", "traceable_layers"]

_PASS = {
    "InputLayer",
    "Activation",
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "ELU",
    "Softmax",
    "BatchNormalization",
    "Dropout",
    "SpatialDropout2D",
    "GaussianNoise",
    "GaussianDropout",
    "Rescaling",
    "Identity",
    "Add",
    "Subtract",
    "Multiply",
    "Average",
    "Maximum",
    "Minimum",
    "Concatenate",
}
_CONV = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "PaddedConv2D"}
_POOL = {"MaxPooling2D", "AveragePooling2D"}


def _untraceable(layer: Any) -> TfdlValueError:
    return TfdlValueError(
        "rf_untraceable",
        "`layer` {layer!r}: the receptive field cannot be followed through the {kind} layer {name!r} (it is not a "
        "convolution, pooling, padding or element-wise layer on a 2-D feature map).",
        layer=getattr(layer, "_rf_target", layer.name),
        kind=type(layer).__name__,
        name=layer.name,
    )


def _inputs(layer: Any) -> list:
    nodes = layer._inbound_nodes
    return list(nodes[0].input_tensors) if nodes else []


def _spatial(layer: Any, hw: tuple) -> tuple | None:
    """``None`` for an element-wise layer, else ``(spec_h, spec_w)`` for :func:`receptive_field`."""
    kind = type(layer).__name__
    if kind in _PASS:
        if kind == "Concatenate" and layer.axis not in (-1, 3):
            raise _untraceable(layer)
        return None
    if getattr(layer, "data_format", "channels_last") != "channels_last" or len(hw) != 2:
        raise _untraceable(layer)
    if kind == "ZeroPadding2D":
        pads = tuple(tuple(int(p) for p in pair) for pair in layer.padding)
        return tuple(
            {"name": layer.name, "kernel_size": 1, "stride": 1, "padding": pads[a], "dilation": 1} for a in range(2)
        )
    if kind in _CONV:
        kernel, strides, dilation = layer.kernel_size, layer.strides, layer.dilation_rate
        padding = layer.padding
        if kind == "PaddedConv2D" and layer.padding_mode not in ("zeros", "constant"):
            raise TfdlValueError(
                "rf_padding_mode",
                "Layer {name!r} pads with mode {mode!r}: its border cells read pixels inside the image, so the "
                "box of zero padding does not apply. Use padding_mode='zeros'.",
                name=layer.name,
                mode=layer.padding_mode,
            )
    elif kind in _POOL:
        kernel, strides, dilation, padding = layer.pool_size, layer.strides, (1, 1), layer.padding
    else:
        raise _untraceable(layer)
    specs = []
    for a in range(2):
        pad = padding if isinstance(padding, str) else tuple(padding[a])
        pair = resolve_padding(int(hw[a]), int(kernel[a]), int(strides[a]), pad, int(dilation[a]))
        specs.append(
            {
                "name": layer.name,
                "kernel_size": int(kernel[a]),
                "stride": int(strides[a]),
                "padding": pair,
                "dilation": int(dilation[a]),
            }
        )
    return tuple(specs)


def _ancestors(model: Any, layer_name: str) -> tuple[Any, list]:
    """The target layer and its ancestors in topological order (``model.operations`` order)."""
    try:
        target = model.get_layer(layer_name)
    except ValueError:
        raise TfdlValueError(
            "rf_no_layer", "`layer` {layer!r} is not a layer of model {model!r}.", layer=layer_name, model=model.name
        ) from None
    seen, todo = {id(target)}, [target]
    while todo:
        for tensor in _inputs(todo.pop()):
            op = tensor._keras_history.operation
            if id(op) not in seen:
                seen.add(id(op))
                todo.append(op)
    return target, [op for op in model.operations if id(op) in seen]


def _hw(tensor: Any) -> tuple:
    return tuple(int(d) for d in tensor.shape[1:-1])


def layer_stack(model: Any, layer_name: str) -> list[dict]:
    """The convolutions, poolings and padding layers from the input of ``model`` to ``layer_name``.

    Element-wise layers pass through; at a merge (``Add``, ``Concatenate``) the branch whose field is
    widest is kept. Padding is resolved at each layer's input size (``"same"`` -> TensorFlow's split).

    Args:
        model: a built functional Keras model (channels last).
        layer_name: the layer whose output cells are traced.

    Returns:
        list[dict]: per layer ``name``, ``type``, ``input_size`` ``(H, W)``, and per axis pairs
        ``kernel_size``, ``stride``, ``dilation``, ``padding`` ``((top, bottom), (left, right))``.

    Raises:
        ValueError: an unknown layer name, or a layer on the way the field cannot follow (a global
            pool, a dense layer, a non-zero padding mode...), named with its type.

    Example:
        >>> import keras
        >>> x = keras.Input((8, 8, 1))
        >>> m = keras.Model(x, keras.layers.Conv2D(1, 3, strides=2, padding="same", name="c")(x))
        >>> layer_stack(m, "c")[0]["padding"]
        ((0, 1), (0, 1))
    """
    return _walk(model, layer_name)[0]


def _walk(model: Any, layer_name: str) -> tuple[list, Any, list]:
    target, ops = _ancestors(model, layer_name)
    target._rf_target = layer_name
    best: dict[int, tuple[int, list]] = {}  # tensor id -> (field width, stack)
    try:
        for op in ops:
            inputs = _inputs(op)
            width, stack = max((best.get(id(t), (0, [])) for t in inputs), key=lambda b: b[0], default=(0, []))
            if inputs and len(inputs[0].shape) != 4:
                raise _untraceable(op)
            if inputs:
                spec = _spatial(op, _hw(inputs[0]))
                if spec is not None:
                    stack = stack + [
                        {
                            "name": op.name,
                            "type": type(op).__name__,
                            "input_size": _hw(inputs[0]),
                            **{
                                key: tuple(s[key] for s in spec)
                                for key in ("kernel_size", "stride", "dilation", "padding")
                            },
                        }
                    ]
                    width = sum(rf[-1]["size"] for rf in _fields(stack))
            best[id(op.output)] = (width, stack)
    finally:
        del target._rf_target
    return best[id(target.output)][1], target, ops


def _fields(stack: list) -> tuple[list, list]:
    """:func:`receptive_field` of the rows and of the columns of a stack."""
    if not stack:
        return ([{"size": 1, "jump": 1, "start": 0.0}],) * 2
    return tuple(
        receptive_field(
            [
                {
                    "name": s["name"],
                    "kernel_size": s["kernel_size"][a],
                    "stride": s["stride"][a],
                    "padding": s["padding"][a],
                    "dilation": s["dilation"][a],
                }
                for s in stack
            ],
            input_size=stack[0]["input_size"][a],
        )
        for a in range(2)
    )


def receptive_box(model: Any, layer_name: str, row: int, col: int) -> dict:
    """The input box that output cell ``(row, col)`` of layer ``layer_name`` sees.

    Formula (per axis, from :func:`tfdl.shapes.receptive_field` of :func:`layer_stack`): the cell's
    field is centred at ``start + i·j`` and spans ``r`` input pixels, so it covers
    ``[start + i·j - (r-1)/2, start + i·j + (r-1)/2]``; clipped to ``[0, H-1]`` it is the part of the
    image the cell sees (the rest falls on zero padding). With branches the box is the union of the
    branches' boxes; with dilation or padding the clipped box is the exact extent of the input pixels
    reached (taps on padding are dropped layer by layer).

    Args:
        model: a built functional Keras model (channels last, one image input).
        layer_name: the layer whose output cell is traced.
        row: the cell's row in that layer's output.
        col: the cell's column.

    Returns:
        dict: ``box`` and ``unclipped`` ``(top, left, bottom, right)`` (inclusive pixel indices),
        ``size``, ``jump``, ``start`` ``(rows, cols)`` of the widest branch, ``output_size``,
        ``input_size`` and ``layers`` (per stack layer: ``name``, ``type``, ``size``, ``jump``,
        ``start`` as ``(rows, cols)`` pairs).

    Example:
        >>> import keras
        >>> x = keras.Input((16, 16, 1))
        >>> m = keras.Model(x, keras.layers.Conv2D(1, 3, padding="same", name="c")(x))
        >>> receptive_box(m, "c", 0, 5)["box"], receptive_box(m, "c", 0, 5)["unclipped"]
        ((0, 4, 1, 6), (-1, 4, 1, 6))

    Paper: A. Araujo, W. Norris, J. Sim, "Computing Receptive Fields of Convolutional Neural Networks",
    Distill 2019.
    """
    stack, target, ops = _walk(model, layer_name)
    out_hw = _hw(target.output)
    cell = []
    for value, name, size in ((row, "row", out_hw[0]), (col, "col", out_hw[1])):
        v = check_int(value, name, 0)
        if v >= size:
            raise TfdlValueError(
                "rf_cell_range",
                "`{name}` must be below the layer's output size {size}. Received: {name}={value!r}",
                name=name,
                size=size,
                value=value,
            )
        cell.append(v)
    # walk the cell's rows and columns back through every branch: exact sets (clipped) and intervals
    reach = {id(target.output): ([{cell[0]}, {cell[1]}], [[cell[0], cell[0]], [cell[1], cell[1]]])}
    image = None
    for op in reversed(ops):
        if id(op.output) not in reach:
            continue
        sets, spans = reach[id(op.output)]
        inputs = _inputs(op)
        if not inputs:
            image = (sets, spans)
            continue
        hw = _hw(inputs[0])
        spec = _spatial(op, hw)
        if spec is not None:
            new_sets, new_spans = [], []
            for a, s in enumerate(spec):
                f, st, d, before = s["kernel_size"], s["stride"], s["dilation"], s["padding"][0]
                new_sets.append({p for o in sets[a] for t in range(f) if 0 <= (p := o * st - before + t * d) < hw[a]})
                new_spans.append([spans[a][0] * st - before, spans[a][1] * st - before + d * (f - 1)])
            sets, spans = new_sets, new_spans
        for tensor in inputs:
            old = reach.get(id(tensor))
            if old is None:
                reach[id(tensor)] = ([set(x) for x in sets], [list(x) for x in spans])
            else:
                for a in range(2):
                    old[0][a] |= sets[a]
                    old[1][a] = [min(old[1][a][0], spans[a][0]), max(old[1][a][1], spans[a][1])]
    sets, spans = image
    fields = _fields(stack)
    box = tuple(min(sets[a]) if sets[a] else None for a in range(2)) + tuple(
        max(sets[a]) if sets[a] else None for a in range(2)
    )
    return {
        "box": box,
        "unclipped": (spans[0][0], spans[1][0], spans[0][1], spans[1][1]),
        "size": tuple(f[-1]["size"] for f in fields),
        "jump": tuple(f[-1]["jump"] for f in fields),
        "start": tuple(f[-1]["start"] for f in fields),
        "output_size": out_hw,
        "input_size": _hw(ops[0].output),
        "layers": [
            {
                "name": s["name"],
                "type": s["type"],
                **{k: (fields[0][i][k], fields[1][i][k]) for k in ("size", "jump", "start")},
            }
            for i, s in enumerate(stack)
        ],
    }


def traceable_layers(model: Any) -> list[str]:
    """Names of the convolution, pooling and padding layers of ``model`` whose field can be traced.

    Example:
        >>> import keras
        >>> x = keras.Input((8, 8, 1))
        >>> y = keras.layers.GlobalAveragePooling2D()(keras.layers.Conv2D(1, 3, name="c")(x))
        >>> traceable_layers(keras.Model(x, y))
        ['c']
    """
    out = []
    for op in model.operations:
        if type(op).__name__ in _CONV | _POOL | {"ZeroPadding2D"}:
            try:
                _walk(model, op.name)
            except ValueError:
                continue
            out.append(op.name)
    return out
