"""Three views of one convolution, as the Convolution lab draws them.

* :func:`matrix_view` — convolution is linear: ``y = M·x (+ b)``, ``M`` the doubly-block-Toeplitz
  matrix (:func:`tfdl.functional.conv_matrix`), and ``Mᵀ`` is the transposed convolution
  (:func:`transpose_of` gives the ``conv2d_transpose`` settings that compute ``Mᵀ·y``);
  :func:`readable_crop` says how much of an input fits a matrix one can still read.
* :func:`transposed_steps` — a transposed convolution is zero insertion, padding, then an
  ordinary stride-1 correlation with the kernel flipped in space.
* :func:`seen_mask` and :func:`sharing_counts` — dense vs locally connected vs convolution:
  which inputs one output cell sees, and how many weights each layer has.

Everything is numpy (the lab imports no TensorFlow); the tests check it against Keras.

Example:
    >>> import numpy as np
    >>> view = matrix_view(np.array([[1, 2, 3], [3, 4, 5], [1, 0, 2]]), np.array([[0, 1], [1, -1]]))
    >>> view.matrix.shape, view.y.tolist()
    ((4, 9), [[1.0, 2.0], [5.0, 3.0]])
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from tfdl import shapes
from tfdl.errors import TfdlValueError
from tfdl.functional.conv import conv2d, correlate
from tfdl.functional.matrix import conv_matrix
from tfdl.functional.windows import windows
from tfdl.validation import padding_per_dim, positive_int_tuple

__all__ = [
    "MatrixView",
    "matrix_view",
    "readable_crop",
    "transpose_of",
    "TransposedSteps",
    "transposed_steps",
    "seen_mask",
    "LayerCount",
    "sharing_counts",
    "LAYER_KINDS",
    "transposed_size_rules",
    "window_weights",
]

#: The three layers compared by :func:`sharing_counts` and :func:`seen_mask`.
LAYER_KINDS = ("dense", "local", "conv")


class MatrixView(NamedTuple):
    """A convolution written as ``y = M·x + b``.

    Attributes:
        matrix: ``M``, ``(H_out·W_out·C_out, H·W·C)``; row ``(i·W_out + j)·C_out + o``, column
            ``(a·W + b)·C + c``.
        pattern: ``M``'s structure: True where an output reads an input (a kernel weight of 0
            included), whatever the weights.
        x: the flattened input ``x.ravel()``.
        offset: ``b``: what constant padding with a non-zero value adds (zeros otherwise).
        y: ``(M·x + b)`` reshaped to the output shape.
        conv: :func:`tfdl.functional.conv2d` of the same input: equal to ``y``.
    """

    matrix: np.ndarray
    pattern: np.ndarray
    x: np.ndarray
    offset: np.ndarray
    y: np.ndarray
    conv: np.ndarray


def matrix_view(
    x: Any,
    kernel: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
    groups: int = 1,
    padding_value: float = 0.0,
) -> MatrixView:
    """Convolution as a matrix product: ``conv2d(x, k) = reshape(M·x.ravel() + b)``.

    Formula: row ``r`` of ``M`` (one output cell) holds kernel weight ``k[u, v]`` in the column of
    the input cell tap ``(u, v)`` reads; a 3×3 input and a 2×2 kernel give a 4×9 matrix. Constant
    padding with a value ``v ≠ 0`` is affine, not linear: ``b = conv2d(0, k)`` holds its share.

    Args:
        x: ``(H, W)`` or ``(H, W, C)``.
        kernel: ``(k_h, k_w)`` or ``(k_h, k_w, C/groups, C_out)``.
        stride, padding, dilation, padding_mode, groups, padding_value: as
            :func:`tfdl.functional.conv2d`.

    Returns:
        MatrixView: ``M``, its pattern, ``x`` flattened, ``b``, ``y`` and the convolution itself.

    Example:
        >>> matrix_view(np.ones((3, 3)), np.ones((2, 2)), padding="same").matrix.shape
        (9, 9)

    Paper: I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", 2016, §9.1; V. Dumoulin,
    F. Visin, "A guide to convolution arithmetic for deep learning", 2016, §4.1.
    """
    x = np.asarray(x, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    args = (stride, padding, dilation, padding_mode)
    matrix = conv_matrix(x.shape, kernel, *args, groups=groups)
    pattern = conv_matrix(x.shape, np.ones_like(kernel), *args, groups=groups) != 0
    conv = conv2d(x, kernel, *args, groups=groups, padding_value=padding_value)
    offset = np.zeros(conv.size)
    if padding_mode == "constant" and padding_value:
        offset = conv2d(np.zeros_like(x), kernel, *args, groups=groups, padding_value=padding_value).ravel()
    y = (matrix @ x.ravel() + offset).reshape(conv.shape)
    return MatrixView(matrix, pattern, x.ravel(), offset, y, conv)


def readable_crop(
    input_shape: Any,
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    filters: int = 1,
    max_rows: int = 49,
    max_cols: int = 49,
) -> tuple[int, int]:
    """The sides ``n`` of the square crops ``n×n`` of the input whose convolution matrix still fits
    ``max_rows × max_cols``: the smallest (the kernel must fit the crop) and the largest, ``(0, 0)``
    when none does (e.g. a kernel larger than any such crop).

    Formula: columns ``n·n·C``, rows ``H_out(n)·W_out(n)·filters``; the crop is at most the input.

    Args:
        input_shape: ``(H, W)`` or ``(H, W, C)``.
        kernel_size, stride, padding, dilation: of the convolution.
        filters: output channels.
        max_rows, max_cols: the most rows and columns of a matrix still drawn with its numbers.

    Returns:
        tuple[int, int]: ``(smallest, largest)`` side.

    Example:
        >>> readable_crop((28, 28), 3), readable_crop((28, 28, 3), 3), readable_crop((28, 28), 9)
        ((3, 7), (3, 4), (0, 0))
    """
    dims = tuple(int(v) for v in input_shape)
    channels = dims[2] if len(dims) == 3 else 1
    sides = []
    for n in range(1, min(dims[0], dims[1]) + 1):
        if n * n * channels > max_cols:
            break
        try:
            out = shapes.conv_output_shape((n, n), kernel_size, stride, padding, dilation)
        except ValueError:  # the kernel does not fit this small a crop yet
            continue
        if out[0] * out[1] * filters <= max_rows:
            sides.append(n)
    return (min(sides), max(sides)) if sides else (0, 0)


def transpose_of(
    input_shape: Any, kernel_size: Any, stride: Any = 1, padding: Any = 0, dilation: Any = 1
) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """The ``conv2d_transpose`` settings that compute ``Mᵀ·y`` for the forward convolution ``M``.

    Formula: the same padding as explicit ``(before, after)`` cells, and ``output_padding`` = the
    input cells the strided forward convolution never reached,
    ``I - ((O-1)·S + D·(F-1) + 1 - P_before - P_after)``, so the result has the input's shape.

    Args:
        input_shape: ``(H, W)`` (more axes are ignored).
        kernel_size, stride, padding, dilation: of the forward convolution.

    Returns:
        tuple: ``(pads, output_padding)``, one entry per axis.

    Example:
        >>> transpose_of((5, 5), 3, stride=2, padding="same")
        (((1, 1), (1, 1)), (0, 0))
    """
    dims = tuple(int(v) for v in input_shape)[:2]
    ks = positive_int_tuple(kernel_size, 2, "kernel_size")
    ss = positive_int_tuple(stride, 2, "stride")
    ds = positive_int_tuple(dilation, 2, "dilation")
    out = shapes.conv_output_shape(dims, ks, ss, padding, ds)
    pads = tuple(
        shapes.resolve_padding(n, k, s, p, d) for n, k, s, p, d in zip(dims, ks, ss, padding_per_dim(padding, 2), ds)
    )
    extra = tuple(
        n - ((o - 1) * s + d * (k - 1) + 1 - b - e) for n, o, k, s, d, (b, e) in zip(dims, out, ks, ss, ds, pads)
    )
    return pads, extra


class TransposedSteps(NamedTuple):
    """The steps of a transposed convolution (spatial axes ``(rows, cols)``).

    Attributes:
        inserted: the input with ``S-1`` zeros inserted between neighbouring cells,
            ``((H-1)·S_h + 1, (W-1)·S_w + 1, C)``.
        padded: ``inserted`` padded (or cropped) as :attr:`pads` says: the grid the flipped kernel
            walks over with stride 1.
        roles: for each cell of ``padded``: 0 an input cell, 1 an inserted zero, 2 padding.
        pads: ``((top, bottom), (left, right))`` cells added (negative: cropped).
        flipped: the kernel flipped in space (channels swapped), ``(k_h, k_w, C_in, C_out)``.
        output: the transposed convolution, ``(H_out, W_out, C_out)``.
    """

    inserted: np.ndarray
    padded: np.ndarray
    roles: np.ndarray
    pads: tuple
    flipped: np.ndarray
    output: np.ndarray


def transposed_steps(
    x: Any, kernel: Any, stride: Any = 1, padding: Any = 0, output_padding: Any = None, dilation: Any = 1
) -> TransposedSteps:
    """A transposed convolution step by step: insert zeros, pad, correlate with the flipped kernel.

    Formula: ``S-1`` zeros between neighbouring cells (``(I-1)·S + 1`` cells), then
    ``D·(F-1) - P_before`` cells before and enough after to reach
    ``O = (I-1)·S - 2P + D·(F-1) + output_padding + 1`` (PyTorch, integer padding) or the Keras
    size (``"valid"``/``"same"``); then a stride-1 correlation with ``k[::-1, ::-1]``.
    The output equals :func:`tfdl.functional.conv2d_transpose` and ``keras.layers.Conv2DTranspose``.

    Args:
        x: ``(H, W)`` or ``(H, W, C_in)``.
        kernel: ``(k_h, k_w)`` or ``(k_h, k_w, C_out, C_in)`` (Keras ``Conv2DTranspose`` layout).
        stride, padding, output_padding, dilation: as :func:`tfdl.functional.conv2d_transpose`.

    Returns:
        TransposedSteps: every intermediate grid, the cell roles and the output.

    Example:
        >>> steps = transposed_steps(np.ones((2, 2)), np.ones((3, 3)), stride=2)
        >>> steps.inserted.shape[:2], steps.padded.shape[:2], steps.output.shape
        ((3, 3), (7, 7), (5, 5, 1))

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016, §4.
    """
    x = np.asarray(x, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if x.ndim == 2:
        x = x[..., None]
    if kernel.ndim == 2:
        kernel = kernel[..., None, None]
    if x.ndim != 3 or kernel.ndim != 4 or kernel.shape[-1] != x.shape[-1]:
        raise TfdlValueError(
            "transposed_steps_shapes",
            "`transposed_steps` takes x (H, W) or (H, W, C_in) and a kernel (k_h, k_w) or (k_h, k_w, C_out, C_in). "
            "Received x {x_shape}, kernel {kernel_shape}",
            x_shape=x.shape,
            kernel_shape=kernel.shape,
        )
    ss = positive_int_tuple(stride, 2, "stride")
    ds = positive_int_tuple(dilation, 2, "dilation")
    ops = output_padding if isinstance(output_padding, (tuple, list)) else (output_padding,) * 2
    (h, w, c), ks = x.shape, kernel.shape[:2]
    inserted = np.zeros(((h - 1) * ss[0] + 1, (w - 1) * ss[1] + 1, c))
    inserted[:: ss[0], :: ss[1]] = x
    roles = np.ones(inserted.shape[:2], dtype=int)
    roles[:: ss[0], :: ss[1]] = 0
    pads = tuple(
        shapes.transpose_padding(n, k, s, p, op, d)
        for n, k, s, p, op, d in zip((h, w), ks, ss, padding_per_dim(padding, 2), ops, ds)
    )
    grow = [(max(b, 0), max(e, 0)) for b, e in pads]
    padded = np.pad(inserted, [*grow, (0, 0)])
    roles = np.pad(roles, grow, constant_values=2)
    cut = tuple(slice(max(-b, 0), n - max(-e, 0)) for (b, e), n in zip(pads, padded.shape[:2]))
    padded, roles = padded[cut], roles[cut]
    flipped = kernel[::-1, ::-1].swapaxes(-1, -2)
    output = correlate(padded[None], flipped, (1, 1), ds)[0]
    return TransposedSteps(inserted, padded, roles, pads, flipped, output)


def transposed_size_rules(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: Any = 0,
    output_padding: int | None = None,
    dilation: int = 1,
) -> tuple[str | ValueError, str | ValueError]:
    """A transposed convolution's output size along one axis under Keras' and PyTorch's rules,
    with the numbers filled in.

    Formula: Keras ``Conv2DTranspose`` (``F_e = D·(F-1) + 1``): ``"valid"`` ``(I-1)·S + max(F_e, S)``
    or, with ``output_padding``, ``(I-1)·S + F_e + output_padding``; ``"same"`` ``I·S`` or
    ``(I-1)·S + F_e mod 2 + output_padding``. PyTorch ``ConvTranspose2d``:
    ``(I-1)·S - 2P + D·(F-1) + output_padding + 1`` (``"valid"`` is ``P = 0``).

    Args:
        size, kernel_size, stride, padding, output_padding, dilation: as
            :func:`tfdl.shapes.conv_transpose_output_size`.

    Returns:
        tuple: ``(keras, pytorch)``: each a formula string, or the ``ValueError`` saying why that
        rule cannot take these settings (Keras has no integer padding, PyTorch no ``"same"``).

    Example:
        >>> transposed_size_rules(3, 3, 2, "valid")
        ('(3 - 1)·2 + max(3, 2) = 7', '(3 - 1)·2 - 2·0 + 1·(3 - 1) + 0 + 1 = 7')
    """
    i, f, s, d = int(size), int(kernel_size), int(stride), int(dilation)
    f_e, op = d * (f - 1) + 1, output_padding

    def keras_rule() -> str:
        if not isinstance(padding, str):
            raise TfdlValueError(
                "keras_transposed_integer_padding", "Keras Conv2DTranspose takes only padding='valid' or 'same'"
            )
        out = shapes.conv_transpose_output_size(i, f, s, padding, op, d)
        if padding == "valid":
            return f"({i} - 1)·{s} + " + (f"max({f_e}, {s})" if op is None else f"{f_e} + {op}") + f" = {out}"
        return f"{i}·{s} = {out}" if op is None else f"({i} - 1)·{s} + {f_e} mod 2 + {op} = {out}"

    def torch_rule() -> str:
        if padding == "same":
            raise TfdlValueError("pytorch_transposed_same", "PyTorch ConvTranspose2d has no padding='same'")
        p = 0 if padding == "valid" else int(padding)
        out = shapes.conv_transpose_output_size(i, f, s, p, op or 0, d)
        return f"({i} - 1)·{s} - 2·{p} + {d}·({f} - 1) + {op or 0} + 1 = {out}"

    cells = []
    for rule in (keras_rule, torch_rule):
        try:
            cells.append(rule())
        except ValueError as exc:
            cells.append(exc)
    return cells[0], cells[1]


def seen_mask(
    kind: str,
    input_shape: Any,
    kernel_size: Any,
    cell: tuple[int, int],
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """The input cells one output cell depends on (sparse interactions), for a dense, a locally
    connected or a convolution layer.

    Formula: dense: every input; locally connected and convolution: the taps of the window,
    input cells ``(i·S + u·D - P_top, j·S + v·D - P_left)``, plus, for a padding mode that copies
    (replicate, reflect, ...), the cells its padding copies. Zero padding reads nothing.

    Args:
        kind: ``"dense"``, ``"local"`` or ``"conv"``.
        input_shape: ``(H, W)`` (a channel axis is ignored: every channel of a window is seen).
        kernel_size, stride, padding, dilation, padding_mode: the window's settings.
        cell: the output cell ``(i, j)``.

    Returns:
        np.ndarray: ``(H, W)`` booleans; the same for ``"local"`` and ``"conv"`` (they differ in
        weight sharing, not in what they see).

    Example:
        >>> int(seen_mask("conv", (5, 5), 3, (0, 0)).sum()), int(seen_mask("dense", (5, 5), 3, (0, 0)).sum())
        (9, 25)

    Paper: I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", 2016, §9.2 (sparse interactions).
    """
    if kind not in LAYER_KINDS:
        raise TfdlValueError(
            "layer_kind", "`kind` must be one of {kinds}. Received: kind={kind!r}", kinds=LAYER_KINDS, kind=kind
        )
    dims = tuple(int(v) for v in input_shape)[:2]
    out = shapes.conv_output_shape(dims, kernel_size, stride, padding, dilation)
    i, j = (int(v) for v in cell)
    if not (0 <= i < out[0] and 0 <= j < out[1]):
        raise TfdlValueError(
            "output_cell_range",
            "The output has {rows}×{cols} cells; cell {cell} is outside it.",
            rows=out[0],
            cols=out[1],
            cell=(i, j),
        )
    mask = np.zeros(dims, dtype=bool)
    if kind == "dense":
        mask[:] = True
        return mask
    window = next(
        w
        for k, w in enumerate(windows(dims, kernel_size, stride, padding, dilation, padding_mode))
        if k == i * out[1] + j
    )
    src = window.source.reshape(-1, 2)
    src = src[(src >= 0).all(axis=1)]
    mask[src[:, 0], src[:, 1]] = True
    return mask


def window_weights(
    input_shape: Any,
    kernel: Any,
    cell: tuple[int, int],
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """The weight each input cell gets in one output cell of a one-channel convolution: the
    derivative ``∂y[i, j] / ∂x[a, b]``, NaN for the cells the output does not read.

    Formula: ``w[a, b] = Σ k[u, v]`` over the taps ``(u, v)`` that read ``(a, b)`` (one tap, or
    several when a copying padding mode repeats an edge cell).

    Args:
        input_shape: ``(H, W)``.
        kernel: ``(k_h, k_w)`` weights.
        cell: the output cell ``(i, j)``.
        stride, padding, dilation, padding_mode: as :func:`tfdl.functional.conv2d`.

    Returns:
        np.ndarray: ``(H, W)`` floats, NaN outside the window.

    Example:
        >>> w = window_weights((3, 3), np.array([[0, 1], [1, -1]]), (1, 1))
        >>> w[1:, 1:].tolist(), int(np.isnan(w).sum())
        ([[0.0, 1.0], [1.0, -1.0]], 5)
    """
    kernel = np.asarray(kernel, dtype=float)
    mask = seen_mask("conv", input_shape, kernel.shape, cell, stride, padding, dilation, padding_mode)
    dims = mask.shape
    out = shapes.conv_output_shape(dims, kernel.shape, stride, padding, dilation)
    r = int(cell[0]) * out[1] + int(cell[1])
    row = conv_matrix(dims, kernel, stride, padding, dilation, padding_mode)[r].reshape(dims)
    return np.where(mask, row, np.nan)


class LayerCount(NamedTuple):
    """What one layer of :func:`sharing_counts` costs and sees.

    Attributes:
        kind: ``"dense"``, ``"local"`` or ``"conv"``.
        params: trainable weights (biases included).
        sees: inputs one output cell reads (at most; padding reads nothing).
        uses: how many output cells use each weight (``H_out·W_out`` for a convolution: sharing).
        connections: input–output pairs with a weight (the non-zero entries of the layer's matrix).
    """

    kind: str
    params: int
    sees: int
    uses: int
    connections: int


def sharing_counts(
    input_shape: Any,
    kernel_size: Any,
    filters: int = 1,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
    use_bias: bool = True,
) -> list[LayerCount]:
    """Dense vs locally connected vs convolution, all mapping the same ``H×W×C`` input to the
    same ``H_out×W_out×filters`` output.

    Formula: dense ``(H·W·C)·(H_out·W_out·F) + H_out·W_out·F``; locally connected
    ``H_out·W_out·(k_h·k_w·C/g·F + F)`` (a kernel per position); convolution
    ``k_h·k_w·C/g·F + F`` (one kernel shared by every position).

    Args:
        input_shape: ``(H, W)`` or ``(H, W, C)``.
        kernel_size, stride, padding, dilation, groups: of the convolution (and of the locally
            connected layer, which has the same windows).
        filters: output channels ``F``.
        use_bias: count the biases.

    Returns:
        list[LayerCount]: dense, locally connected, convolution.

    Example:
        >>> [c.params for c in sharing_counts((5, 5), 3)]
        [234, 90, 10]

    Paper: Y. LeCun et al., "Gradient-based learning applied to document recognition", 1998;
    Y. Taigman et al., "DeepFace", CVPR 2014 (locally connected layers).
    """
    dims = tuple(int(v) for v in input_shape)
    (h, w), c = dims[:2], (dims[2] if len(dims) == 3 else 1)
    out = shapes.conv_output_shape((h, w), kernel_size, stride, padding, dilation)
    positions = out[0] * out[1]
    ks = positive_int_tuple(kernel_size, 2, "kernel_size")
    conv = shapes.conv_params(ks, c, filters, groups=groups, use_bias=use_bias)
    if dilation in (1, (1, 1)) and groups == 1:
        local = shapes.locally_connected_params((h, w), ks, c, filters, stride, padding, use_bias=use_bias)
    else:  # the same count: a convolution's weights once per position
        local = positions * conv
    dense = shapes.dense_params(h * w * c, positions * filters, use_bias=use_bias)
    taps = ks[0] * ks[1] * (c // groups)
    pattern = sum(int(mask.sum()) for mask in _windows_inside((h, w), ks, stride, padding, dilation))
    edges = pattern * (c // groups) * filters
    return [
        LayerCount("dense", dense, h * w * c, 1, h * w * c * positions * filters),
        LayerCount("local", local, taps, 1, edges),
        LayerCount("conv", conv, taps, positions, edges),
    ]


def _windows_inside(dims, ks, stride, padding, dilation):
    """Per output cell, the taps that read a real input cell (zero padding reads nothing)."""
    return (w.inside for w in windows(dims, ks, stride, padding, dilation))
