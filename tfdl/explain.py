"""The texts and geometry that explain one convolution or pooling, step by step.

What an interactive page (or a notebook) shows next to the numbers: the padding a walk draws
(:func:`walk_pads`), the sum of products of one output cell (:func:`sum_of_products`), the
output-size rule of TensorFlow and of PyTorch side by side (:func:`size_rule_table`), and the
receptive field of a stack of layers as regions of the input (:func:`stack_receptive_fields`).
Pure Python and numpy; cells a rule cannot compute hold the :class:`~tfdl.errors.TfdlValueError`
that says why, so an application can translate it.

Example:
    >>> import numpy as np
    >>> from tfdl.functional import walk
    >>> step = next(walk(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [0, 1]])))
    >>> sum_of_products(step)
    'out[0, 0] = 1·1 + 2·0 + 3·0 + 4·1 = **5**'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from tfdl import shapes
from tfdl.errors import TfdlValueError

__all__ = ["RuleRow", "fmt_number", "pool_text", "size_rule_table", "stack_receptive_fields", "sum_of_products",
           "walk_pads"]


def fmt_number(v: float, spec: str | None = None) -> str:
    """A number as a learner writes it: ``3``, ``-0.25``, ``1.7`` (3 significant digits).

    Example:
        >>> fmt_number(3.0), fmt_number(-0.25), fmt_number(1.6666, ".4g")
        ('3', '-0.25', '1.667')
    """
    v = float(v)
    if spec:
        return format(v, spec)
    return str(int(v)) if v.is_integer() else f"{v:.3g}"


def _pair(padding: Any) -> tuple:
    return padding if isinstance(padding, tuple) else (padding, padding)


def walk_pads(input_shape: Sequence[int], kernel_size: Sequence[int], stride: int = 1, padding: Any = 0,
              dilation: int = 1, ceil_mode: bool = False) -> tuple[tuple, tuple]:
    """The padding a picture of the walk draws: ``((top, bottom), (left, right))`` and the cells
    PyTorch's ``ceil_mode`` windows hang past it ``(rows, cols)``.

    Formula: ``same`` splits ``max((O−1)·S + D·(F−1) + 1 − I, 0)``, the odd cell at the end; the
    overflow is ``last tap − (I − 1) − P_after`` when positive.

    Args:
        input_shape: ``(H, W)``.
        kernel_size: ``(kh, kw)``.
        stride, padding, dilation, ceil_mode: as :func:`tfdl.functional.windows`
            (``padding`` an int, a ``(rows, cols)`` pair, ``"valid"`` or ``"same"``).

    Returns:
        tuple: ``(pads, overflow)``.

    Example:
        >>> walk_pads((3, 3), (2, 2), padding="same")
        (((0, 1), (0, 1)), (0, 0))
        >>> walk_pads((5, 5), (2, 2), stride=2, ceil_mode=True)
        (((0, 0), (0, 0)), (1, 1))
    """
    pads = tuple(shapes.resolve_padding(size, k, stride, p, dilation)
                 for size, k, p in zip(input_shape, kernel_size, _pair(padding)))
    overflow = [0, 0]
    if ceil_mode:
        for a, (size, k, p) in enumerate(zip(input_shape, kernel_size, _pair(padding))):
            out = shapes.conv_output_size(size, k, stride, p, dilation, True)
            last = (out - 1) * stride + (k - 1) * dilation - pads[a][0]
            overflow[a] = max(0, last - (size - 1) - pads[a][1])
    return pads, tuple(overflow)


def _term(v: float, w: float) -> str:
    return f"{fmt_number(v)}·{fmt_number(w) if w >= 0 else '(' + fmt_number(w) + ')'}"


def sum_of_products(step, kernel: np.ndarray | None = None, emphasis: str = "**") -> str:
    """One output cell of a convolution as the sum a learner writes by hand.

    Formula: ``out[i, j] = Σ x_p[i·S + a·D, j·S + b·D] · k[a, b]``.

    Args:
        step: a :class:`tfdl.functional.WalkStep` (from :func:`tfdl.functional.walk`).
        kernel: the kernel (default: read from ``step.products / step.values`` is impossible
            for zeros, so give it when a value under the kernel may be 0; ``None`` works when
            every value is non-zero).
        emphasis: markdown around the result (``""`` for plain text).

    Returns:
        str: e.g. ``"out[1, 2] = 5·0 + 0·1 + 2·1 + 0·(-1) = **2**"``.

    Example:
        >>> import numpy as np
        >>> from tfdl.functional import walk
        >>> steps = list(walk(np.array([[1, 2, 3], [3, 4, 5], [1, 0, 2]]), np.array([[0, 1], [1, -1]])))
        >>> sum_of_products(steps[3], np.array([[0, 1], [1, -1]]), emphasis="")
        'out[1, 1] = 4·0 + 5·1 + 0·1 + 2·(-1) = 3'
    """
    values = np.asarray(step.values, dtype=float)
    weights = np.asarray(kernel, dtype=float) if kernel is not None else np.asarray(step.products) / values
    index = ", ".join(str(i) for i in step.window.index)
    terms = " + ".join(_term(v, w) for v, w in zip(values.ravel(), weights.ravel()))
    return f"out[{index}] = {terms} = {emphasis}{fmt_number(step.output)}{emphasis}"


def pool_text(kind: str, window, x: np.ndarray, output: float, include_pad: bool = False,
              emphasis: str = "**", weights: np.ndarray | None = None) -> str:
    """One output cell of a pooling as its formula over the cells of the window.

    Formula: ``out[i, j] = kind(x[cells of the window])``; with ``include_pad`` (PyTorch's
    ``count_include_pad=True`` average) the padding cells count as zeros.

    Args:
        kind: ``"max"``, ``"avg"``, ``"l2"`` or ``"stochastic"``.
        window: a :class:`tfdl.functional.Window`.
        x: the 2-D input.
        output: the cell's value.
        include_pad: add the padding cells as zeros.
        emphasis: markdown around the result.
        weights: the window's weights (``kind="weighted"``): the text is then
            ``(w·x + …) / Σ w`` over the counted cells.

    Returns:
        str: e.g. ``"out[0, 0] = max(1, 1, 5, 6) = **6**"``.

    Example:
        >>> import numpy as np
        >>> from tfdl.functional import windows
        >>> w = next(windows((4, 4), 2, stride=2))
        >>> pool_text("max", w, np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]), 6.0, emphasis="")
        'out[0, 0] = max(1, 1, 5, 6) = 6'
    """
    values = list(np.asarray(x)[tuple(window.coords[window.inside].T)])
    index = ", ".join(str(i) for i in window.index)
    if weights is not None:
        w, xa, terms = np.asarray(weights, dtype=float), np.asarray(x), []
        for tap, inside in np.ndenumerate(window.inside):  # in the window's reading order
            if inside or (include_pad and window.padding[tap]):
                value = fmt_number(xa[tuple(window.coords[tap])]) if inside else "0"
                terms.append(f"{fmt_number(w[tap], '.3g')}·{value}")
        counted = window.inside | window.padding if include_pad else window.inside
        return (f"out[{index}] = ({' + '.join(terms)}) / {fmt_number(w[counted].sum(), '.4g')} = "
                f"{emphasis}{fmt_number(output, '.4g')}{emphasis}")
    if include_pad:
        values += [0.0] * int(window.padding.sum())
    cells = ", ".join(fmt_number(v) for v in values)
    index = ", ".join(str(i) for i in window.index)
    return f"out[{index}] = {kind}({cells}) = {emphasis}{fmt_number(output, '.4g')}{emphasis}"


class RuleRow(NamedTuple):
    """One axis of :func:`size_rule_table`: a formula string, or the error saying why not."""

    axis: str
    tensorflow: str | ValueError
    pytorch: str | ValueError


def size_rule_table(input_shape: Sequence[int], kernel_size: Sequence[int], stride: int = 1, padding: Any = 0,
                    dilation: int = 1, ceil_mode: bool = False) -> list[RuleRow]:
    """The output size of each axis under TensorFlow's and PyTorch's rules, with the numbers filled in.

    Formula: PyTorch ``floor((I + 2P − D·(F−1) − 1)/S) + 1``; TensorFlow ``ceil((I − D·(F−1))/S)``
    (``valid``) or ``ceil(I/S)`` (``same``), see :func:`tfdl.viz.conv.conv_size_formula`.

    Args:
        input_shape: ``(H, W)``.
        kernel_size: ``(kh, kw)``.
        stride, padding, dilation, ceil_mode: the layer's settings.

    Returns:
        list[RuleRow]: rows ``"height"`` and ``"width"``; a cell a rule cannot compute holds a
        :class:`~tfdl.errors.TfdlValueError` (``pytorch_same_stride``, ``tf_pool_ceil_mode``) or
        the ``ValueError`` of :mod:`tfdl.shapes`.

    Example:
        >>> row = size_rule_table((5, 5), (3, 3), stride=2, padding="same")[0]
        >>> row.tensorflow, str(row.pytorch)
        ('ceil(5 / 2) = 3', "padding='same' needs stride 1 in PyTorch")
    """
    from tfdl.viz.conv import conv_size_formula

    rows = []
    for axis, size, k, p in zip(("height", "width"), input_shape, kernel_size, _pair(padding)):
        cells = {}
        for rule in ("tensorflow", "pytorch"):
            if rule == "tensorflow" and ceil_mode:
                cells[rule] = TfdlValueError("tf_pool_ceil_mode", "no ceil_mode in Keras pooling")
            elif rule == "pytorch" and p == "same" and stride != 1:
                cells[rule] = TfdlValueError("pytorch_same_stride", "padding='same' needs stride 1 in PyTorch")
            else:
                try:
                    cells[rule] = conv_size_formula(size, k, stride, p, dilation, ceil_mode, rule=rule)
                except ValueError as exc:
                    cells[rule] = exc
        rows.append(RuleRow(axis, cells["tensorflow"], cells["pytorch"]))
    return rows


def _stack(kind: str, kernel: int, stride: int, padding: Any, dilation: int, blocks: int, pool_after: bool,
           ceil_mode: bool = False) -> list:
    layers = []
    for i in range(blocks):
        layers.append({"kernel_size": kernel, "stride": stride, "padding": padding, "dilation": dilation,
                       "type": kind, "name": f"{kind}{i + 1}", "ceil_mode": ceil_mode})
        if pool_after:
            layers.append({"kernel_size": 2, "stride": 2, "type": "pool", "name": f"pool{i + 1}"})
    return layers


def stack_receptive_fields(input_shape: Sequence[int], kind: str, kernel_size: Sequence[int], stride: int = 1,
                           padding: Any = 0, dilation: int = 1, blocks: int = 1,
                           pool_after: bool = False, ceil_mode: bool = False) -> tuple[int, list[dict]]:
    """The receptive field of the centre output cell after each layer of a stack of copies of one
    layer (each optionally followed by 2×2 max pooling, stride 2), as regions of the input.

    Formula: ``r_l = r_(l−1) + D·(F−1)·j_(l−1)``, ``j_l = j_(l−1)·S`` (:func:`tfdl.shapes.receptive_field`);
    the centre cell ``c = (O−1)//2`` sees input cells from ``start + c·j − (r−1)/2``.

    Args:
        input_shape: ``(H, W)``.
        kind: ``"conv"`` or ``"pool"`` (names the layers).
        kernel_size: ``(kh, kw)``.
        stride, padding, dilation: the layer's settings (``padding`` may be a ``(rows, cols)`` pair).
        blocks: how many copies the user asked for.
        pool_after: follow each copy with 2×2 max pooling, stride 2.
        ceil_mode: the layer's output sizes round up (PyTorch pooling's ``ceil_mode``).

    Returns:
        tuple: ``(fits, layers)``: how many blocks fit the input (at most ``blocks``), and per layer
        a dict with ``name``, ``size``, ``jump``, ``start``, ``output`` (each an ``(h, w)`` pair)
        and ``region`` ``(row0, col0, height, width)`` in input coordinates.

    Raises:
        ValueError: not even one block fits (the error of :func:`tfdl.shapes.receptive_field`).

    Example:
        >>> fits, layers = stack_receptive_fields((28, 28), "conv", (3, 3), blocks=2, pool_after=True)
        >>> fits, [(l["name"], l["size"][0], l["output"][0]) for l in layers]
        (2, [('conv1', 3, 26), ('pool1', 4, 13), ('conv2', 8, 11), ('pool2', 10, 5)])
    """
    pads = _pair(padding)

    def fields(n):
        return [shapes.receptive_field(_stack(kind, k, stride, p, dilation, n, pool_after, ceil_mode), input_size=size)
                for size, k, p in zip(input_shape, kernel_size, pads)]

    fits = max(int(blocks), 1)
    while True:
        try:
            per_axis = fields(fits)
            break
        except ValueError:
            if fits == 1:
                raise
            fits -= 1
    layers = []
    for lh, lw in zip(*per_axis):
        lo = [int(round(info["start"] + ((info["output_size"] - 1) // 2) * info["jump"] - (info["size"] - 1) / 2))
              for info in (lh, lw)]
        layers.append({
            "name": lh["name"],
            "size": (lh["size"], lw["size"]),
            "jump": (lh["jump"], lw["jump"]),
            "start": (lh["start"], lw["start"]),
            "output": (lh["output_size"], lw["output_size"]),
            "region": (lo[0], lo[1], lh["size"], lw["size"]),
        })
    return fits, layers
