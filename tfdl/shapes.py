"""Output sizes, receptive fields, parameter and multiply-accumulate counts, in pure Python (no numpy, no
TensorFlow).

Two conventions live side by side, because "output sizes differ between implementations":

* **explicit integer padding** (PyTorch ``nn.Conv2d`` / ``nn.MaxPool2d``): ``P`` zeros on *each*
  side, then ``O = floor((I + 2P - D·(F-1) - 1) / S) + 1``; pooling may use ``ceil_mode``;
* **``"valid"`` / ``"same"``** (TensorFlow / Keras): ``O = ceil((I - D·(F-1)) / S)`` and
  ``O = ceil(I / S)``; ``"same"`` pads ``max((O-1)·S + D·(F-1) + 1 - I, 0)`` cells, the odd one
  at the end (bottom / right).

Every impossible setting raises ``ValueError`` naming the argument, the value and the reason.

Example:
    >>> from tfdl.shapes import conv_output_size, conv_output_shape
    >>> conv_output_size(28, 3)
    26
    >>> conv_output_shape((50, 100), (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))
    (26, 100)

Reference: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tfdl.errors import TfdlValueError

# The shared argument checks (public in tfdl.validation); the short private names read well in
# the formulas below and stay importable from here for code that used them.
from tfdl.validation import PADDING_NAMES
from tfdl.validation import check_int as _int
from tfdl.validation import padding_name as _padding_name
from tfdl.validation import padding_pair as _pair
from tfdl.validation import padding_per_dim as _padding_per_dim
from tfdl.validation import per_dim as _per_dim
from tfdl.validation import positive_int as _positive_int  # noqa: F401 (old private name)

__all__ = [
    "PADDING_NAMES",
    "conv_output_size",
    "conv_transpose_output_size",
    "pool_output_size",
    "conv_output_shape",
    "conv_transpose_output_shape",
    "pool_output_shape",
    "same_padding",
    "resolve_padding",
    "transpose_padding",
    "effective_kernel_size",
    "conv_output_size_formula",
    "receptive_field",
    "dense_params",
    "conv_params",
    "depthwise_params",
    "separable_params",
    "conv_transpose_params",
    "locally_connected_params",
    "layer_macs",
    "layer_shapes",
    "model_macs",
]

def effective_kernel_size(kernel_size: int, dilation: int = 1) -> int:
    """Span of a dilated kernel: the input cells between its first and last tap, inclusive.

    Formula: ``F_eff = D·(F - 1) + 1``.

    Args:
        kernel_size: number of taps ``F`` (>= 1).
        dilation: gap factor ``D`` (>= 1); ``D - 1`` cells are skipped between taps.

    Returns:
        int: the effective kernel size.

    Example:
        >>> effective_kernel_size(3, dilation=2)
        5

    Paper: F. Yu, V. Koltun, "Multi-Scale Context Aggregation by Dilated Convolutions", 2016.
    """
    f = _int(kernel_size, "kernel_size", 1)
    d = _int(dilation, "dilation", 1)
    return d * (f - 1) + 1


def same_padding(size: int, kernel_size: int, stride: int = 1, dilation: int = 1) -> tuple[int, int]:
    """TensorFlow's ``"same"`` padding for one dimension, split as (before, after).

    Formula: ``O = ceil(I / S)``, ``total = max((O - 1)·S + D·(F-1) + 1 - I, 0)``,
    ``before = floor(total / 2)``, ``after = total - before`` (the odd cell goes to the end).

    Args:
        size: input size ``I`` (>= 1).
        kernel_size: kernel size ``F``.
        stride: stride ``S``.
        dilation: dilation ``D``.

    Returns:
        tuple[int, int]: cells added before and after the input.

    Example:
        >>> same_padding(5, 3, stride=2)
        (1, 1)
        >>> same_padding(3, 2)
        (0, 1)

    Paper: TensorFlow documentation, "tf.nn.convolution" padding algorithm.
    """
    i = _int(size, "size", 1, "an input needs at least one cell")
    s = _int(stride, "stride", 1)
    f_eff = effective_kernel_size(kernel_size, dilation)
    o = -(-i // s)
    total = max((o - 1) * s + f_eff - i, 0)
    before = total // 2
    return before, total - before


def resolve_padding(
    size: int, kernel_size: int, stride: int = 1, padding: Any = 0, dilation: int = 1
) -> tuple[int, int]:
    """Any padding spec for one dimension as explicit (before, after) cell counts.

    ``int p`` -> ``(p, p)``; ``(b, a)`` -> itself; ``"valid"`` -> ``(0, 0)``; ``"same"`` ->
    :func:`same_padding`; ``"causal"`` -> ``(D·(F-1), 0)`` (Keras Conv1D).

    Args:
        size: input size ``I``.
        kernel_size: kernel size ``F``.
        stride: stride ``S``.
        padding: int, (before, after), ``"valid"``, ``"same"`` or ``"causal"``.
        dilation: dilation ``D``.

    Returns:
        tuple[int, int]: cells added before and after.

    Example:
        >>> resolve_padding(7, 3, padding="causal", dilation=2)
        (4, 0)

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    name = _padding_name(padding)
    if name == "valid":
        return 0, 0
    if name == "same":
        return same_padding(size, kernel_size, stride, dilation)
    if name == "causal":
        return effective_kernel_size(kernel_size, dilation) - 1, 0
    return _pair(padding)


# --------------------------------------------------------------------------------------------
# one dimension
# --------------------------------------------------------------------------------------------
def conv_output_size(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: Any = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Output size of a convolution (or pooling window) along one dimension.

    Formula (explicit padding, PyTorch rule, ``P`` cells each side)::

        O = floor((I + 2P - D·(F-1) - 1) / S) + 1          (ceil instead of floor if ceil_mode)

    with ``ceil_mode``'s extra rule that the last window must start inside the input or its left
    padding (``(O-1)·S < I + P``, else ``O -= 1``). TensorFlow rule for strings:
    ``"valid"``: ``O = ceil((I - D·(F-1)) / S)``; ``"same"`` / ``"causal"``: ``O = ceil(I / S)``.

    Args:
        size: input size ``I`` (>= 1).
        kernel_size: kernel size ``F`` (>= 1).
        stride: stride ``S`` (>= 1).
        padding: int ``P`` (each side), a (before, after) pair, ``"valid"``, ``"same"`` or
            ``"causal"``.
        dilation: dilation ``D`` (>= 1).
        ceil_mode: round up instead of down (PyTorch pooling); not allowed with ``"same"``.

    Returns:
        int: the output size ``O`` (>= 1).

    Raises:
        ValueError: a size, kernel, stride or dilation below 1, a negative padding, an unknown
            padding name, or a dilated kernel longer than the padded input.

    Example:
        >>> conv_output_size(50, 3, stride=2, padding=4, dilation=3)
        26
        >>> conv_output_size(5, 3, stride=2, padding="same")
        3

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    i = _int(size, "size", 1, "an input needs at least one cell")
    f = _int(kernel_size, "kernel_size", 1, "a kernel needs at least one tap")
    s = _int(stride, "stride", 1, "the window must move forward")
    d = _int(dilation, "dilation", 1, "1 means no gaps between taps")
    f_eff = d * (f - 1) + 1
    name = _padding_name(padding)
    if name in ("same", "causal"):
        if ceil_mode:
            raise TfdlValueError(
                "ceil_mode_string_padding",
                "`ceil_mode=True` has no meaning with padding={padding!r}: '{name}' already pads so that O = ceil(I "
                "/ S). Use an integer padding with ceil_mode.",
                padding=padding, name=name,
            )
        return -(-i // s)
    before, after = (0, 0) if name == "valid" else _pair(padding)
    padded = i + before + after
    if f_eff > padded:
        detail = f"D·(F-1)+1 = {d}·({f}-1)+1 = {f_eff}" if d > 1 else f"{f_eff}"
        raise TfdlValueError(
            "kernel_larger_than_input",
            "The kernel is larger than the padded input: effective kernel_size {kernel_detail} > padded size "
            "{size}+{before}+{after} = {padded}. Received: size={size}, kernel_size={kernel_size}, "
            "dilation={dilation}, padding={padding!r}. Use a smaller kernel or dilation, more padding, or "
            "padding='same'.",
            kernel_detail=detail, size=i, before=before, after=after, padded=padded, kernel_size=f, dilation=d,
            padding=padding,
        )
    span = padded - f_eff
    if ceil_mode:
        o = -(-span // s) + 1
        if (o - 1) * s >= i + before:  # the last window would start in the right padding
            o -= 1
        return o
    return span // s + 1


def pool_output_size(
    size: int,
    pool_size: int,
    stride: int | None = None,
    padding: Any = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Output size of a pooling layer along one dimension (``stride`` defaults to ``pool_size``).

    Formula: as :func:`conv_output_size` with ``F = pool_size`` and ``S = stride or F``;
    PyTorch additionally requires an explicit padding of at most half the (effective) window,
    ``P <= floor(D·(F-1)+1) / 2``, so that no window lies entirely in the padding.

    Args:
        size: input size ``I``.
        pool_size: window size ``F``.
        stride: step ``S``; ``None`` means ``pool_size`` (Keras and PyTorch default).
        padding: int (each side), (before, after), ``"valid"`` or ``"same"``.
        dilation: dilation ``D`` (PyTorch ``MaxPool2d``).
        ceil_mode: PyTorch's ``ceil_mode``.

    Returns:
        int: the output size.

    Example:
        >>> pool_output_size(50, 3, stride=2), pool_output_size(50, 3, stride=2, ceil_mode=True)
        (24, 25)

    Paper: Y. LeCun et al., "Gradient-based learning applied to document recognition", 1998.
    """
    f = _int(pool_size, "pool_size", 1, "a window needs at least one cell")
    s = f if stride is None else stride
    name = _padding_name(padding)
    if name == "causal":
        raise TfdlValueError("causal_pooling", "`padding='causal'` exists for Conv1D only, not for pooling.")
    if name is None:
        before, after = _pair(padding)
        half = effective_kernel_size(f, dilation) // 2
        if max(before, after) > half:
            raise TfdlValueError(
                "pool_padding_half",
                "`padding` must be at most half the pooling window ({half}), or a window could see padding only. "
                "Received: padding={padding!r}, pool_size={pool_size}, dilation={dilation}",
                half=half, padding=padding, pool_size=f, dilation=dilation,
            )
    try:
        return conv_output_size(size, f, s, padding, dilation, ceil_mode)
    except TfdlValueError as error:
        if error.code != "kernel_larger_than_input" or dilation != 1:
            raise
        p = error.params  # the same numbers, in pooling's words (a window, not a kernel)
        raise TfdlValueError(
            "pool_window_larger_than_input",
            "The pooling window is larger than the padded input: pool_size {pool_size} > padded size "
            "{size}+{before}+{after} = {padded}. Use a smaller window or more padding.",
            pool_size=f, size=p["size"], before=p["before"], after=p["after"], padded=p["padded"],
        ) from None


def conv_transpose_output_size(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: Any = 0,
    output_padding: int | None = None,
    dilation: int = 1,
) -> int:
    """Output size of a transposed ("up-", "de-") convolution along one dimension.

    Formula (explicit padding, PyTorch ``ConvTranspose2d``)::

        O = (I - 1)·S - 2P + D·(F-1) + output_padding + 1

    Keras ``Conv2DTranspose`` for strings (``F_eff = D·(F-1)+1``): ``"valid"``:
    ``O = (I-1)·S + F_eff + output_padding``, or ``(I-1)·S + max(F_eff, S)`` when
    ``output_padding`` is None; ``"same"``: ``O = (I-1)·S + F_eff mod 2 + output_padding``, or
    ``I·S`` when ``output_padding`` is None.

    Args:
        size: input size ``I`` (>= 1).
        kernel_size: kernel size ``F``.
        stride: stride ``S`` of the forward convolution it inverts (zeros inserted: ``S - 1``).
        padding: int ``P`` (each side, cropped from the full output), a (before, after) pair,
            ``"valid"`` or ``"same"``.
        output_padding: extra cells at the end, to pick one of the ``S`` input sizes that a
            strided forward convolution maps to the same output size. ``None``: 0 for integer
            padding, Keras's default for strings. Must be smaller than the stride (PyTorch also
            accepts smaller than the dilation; Keras only the stride).
        dilation: dilation ``D``.

    Returns:
        int: the output size (>= 1).

    Raises:
        ValueError: invalid sizes, a too large ``output_padding``, a padding that crops
            everything, or (``"same"``, even ``F_eff``, ``output_padding=0``) a size that
            TensorFlow's transposed convolution refuses because no forward ``"same"``
            convolution maps it back to ``I``.

    Example:
        >>> conv_transpose_output_size(4, 3, stride=2, padding="same")
        8
        >>> conv_transpose_output_size(13, 3, stride=2, padding=1, output_padding=1)
        26

    Paper: M. Zeiler et al., "Deconvolutional networks", CVPR 2010; Dumoulin & Visin 2016.
    """
    i = _int(size, "size", 1, "an input needs at least one cell")
    f = _int(kernel_size, "kernel_size", 1, "a kernel needs at least one tap")
    s = _int(stride, "stride", 1, "zeros inserted between cells = stride - 1")
    d = _int(dilation, "dilation", 1, "1 means no gaps between taps")
    f_eff = d * (f - 1) + 1
    name = _padding_name(padding)
    if name == "causal":
        raise TfdlValueError("causal_transposed", "`padding='causal'` is not defined for a transposed convolution.")
    op = None if output_padding is None else _int(
        output_padding, "output_padding", 0, "it adds cells, it cannot remove them"
    )
    if name is not None:
        if op is not None and op >= s:
            raise TfdlValueError(
                "output_padding_keras",
                "`output_padding` must be smaller than `stride` (Keras Conv2DTranspose): only {stride} input sizes "
                "map to the same strided output. Received: output_padding={output_padding}, stride={stride}",
                stride=s, output_padding=op,
            )
        if name == "valid":
            return (i - 1) * s + (max(f_eff, s) if op is None else f_eff + op)
        if op is None:
            return i * s
        o = (i - 1) * s + f_eff % 2 + op
        if f_eff % 2 == 0 and op == 0:
            raise TfdlValueError(
                "same_transposed_even_kernel",
                "With padding='same', an even effective kernel ({kernel}) and output_padding=0 the output would have "
                "{out} cells, but a 'same' convolution of {out} cells gives ceil({out}/{stride}) = {back} != {size}: "
                "TensorFlow refuses it. Use output_padding >= 1 (with stride > 1), None, or an odd kernel.",
                kernel=f_eff, out=o, stride=s, back=-(-o // s), size=i,
            )
        return o
    before, after = _pair(padding)
    op = 0 if op is None else op
    if op >= s and op >= d:
        raise TfdlValueError(
            "output_padding_pytorch",
            "`output_padding` must be smaller than `stride` or `dilation` (PyTorch rule). Received: "
            "output_padding={output_padding}, stride={stride}, dilation={dilation}",
            output_padding=op, stride=s, dilation=d,
        )
    o = (i - 1) * s + f_eff + op - before - after
    if o < 1:
        raise TfdlValueError(
            "padding_crops_output",
            "The padding crops the whole output: (I-1)·S + D·(F-1) + 1 + output_padding = {full} cells, minus "
            "padding {before}+{after}. Received: size={size}, kernel_size={kernel_size}, stride={stride}, "
            "padding={padding!r}, dilation={dilation}",
            full=(i - 1) * s + f_eff + op, before=before, after=after, size=i, kernel_size=f, stride=s,
            padding=padding, dilation=d,
        )
    return o


def conv_output_size_formula(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: Any = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> str:
    """The output-size formula with the numbers filled in, as a learner would write it.

    Formula: the one :func:`conv_output_size` uses for this ``padding``.

    Args:
        size, kernel_size, stride, padding, dilation, ceil_mode: as :func:`conv_output_size`.

    Returns:
        str: e.g. ``"floor((50 + 2·4 - 3·(3-1) - 1) / 2) + 1 = 26"``.

    Example:
        >>> conv_output_size_formula(5, 3, padding="same", stride=2)
        'ceil(5 / 2) = 3'

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    o = conv_output_size(size, kernel_size, stride, padding, dilation, ceil_mode)
    name = _padding_name(padding)
    if name in ("same", "causal"):
        return f"ceil({size} / {stride}) = {o}"
    if name == "valid":
        return f"ceil(({size} - {dilation}·({kernel_size}-1)) / {stride}) = {o}"
    before, after = _pair(padding)
    rnd = "ceil" if ceil_mode else "floor"
    pad = f"2·{before}" if before == after else f"{before} + {after}"
    text = f"{rnd}(({size} + {pad} - {dilation}·({kernel_size}-1) - 1) / {stride}) + 1"
    if ceil_mode:
        plain = -(-(size + before + after - dilation * (kernel_size - 1) - 1) // stride) + 1
        if plain != o:
            text += f" = {plain}, minus 1 (the last window would start in the right padding)"
    return f"{text} = {o}"


# --------------------------------------------------------------------------------------------
# several dimensions
# --------------------------------------------------------------------------------------------
def _shape(input_shape: Any) -> list[int]:
    if isinstance(input_shape, (int,)) and not isinstance(input_shape, bool):
        return [input_shape]
    if not isinstance(input_shape, (tuple, list)) or not input_shape:
        raise TfdlValueError(
            "input_shape_spatial",
            "`input_shape` must be a tuple of spatial sizes, e.g. (H, W). Received: {input_shape!r}",
            input_shape=input_shape,
        )
    return list(input_shape)


def _per_axis(input_shape: Any, **values: Any) -> list[tuple]:
    """One ``(I, value_1, value_2, ...)`` tuple per spatial axis of ``input_shape``.

    Each keyword value (checked in the order given) is broadcast to every axis, ``padding``
    by :func:`_padding_per_dim`; ``None`` stays ``None`` on every axis.
    """
    dims = _shape(input_shape)
    n = len(dims)
    columns = [
        _padding_per_dim(value, n) if name == "padding" else _per_dim(value, n, name)
        for name, value in values.items()
    ]
    return list(zip(dims, *columns))


def conv_output_shape(
    input_shape: Sequence[int],
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
) -> tuple[int, ...]:
    """:func:`conv_output_size` applied to each spatial dimension (H, W, ...).

    Formula: ``O_k = conv_output_size(I_k, F_k, S_k, P_k, D_k)`` for every axis ``k``.

    Args:
        input_shape: spatial sizes, e.g. ``(H, W)`` (no batch, no channels).
        kernel_size: int or one per dimension.
        stride: int or one per dimension.
        padding: a string, an int, one int per dimension (PyTorch ``padding=(4, 2)``) or one
            (before, after) pair per dimension.
        dilation: int or one per dimension.
        ceil_mode: PyTorch's ``ceil_mode``.

    Returns:
        tuple[int, ...]: the output spatial shape.

    Example:
        >>> conv_output_shape((50, 100), (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))
        (26, 100)

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    axes = _per_axis(
        input_shape, kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation
    )
    return tuple(conv_output_size(*axis, ceil_mode) for axis in axes)


def pool_output_shape(
    input_shape: Sequence[int],
    pool_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
) -> tuple[int, ...]:
    """:func:`pool_output_size` applied to each spatial dimension.

    Formula: ``O_k = pool_output_size(I_k, F_k, S_k, P_k, D_k)``; ``S`` defaults to ``F``.

    Args:
        input_shape: spatial sizes ``(H, W)``.
        pool_size: int or one per dimension.
        stride: int, one per dimension, or None (= ``pool_size``).
        padding: as :func:`conv_output_shape`.
        dilation: int or one per dimension.
        ceil_mode: PyTorch's ``ceil_mode``.

    Returns:
        tuple[int, ...]: the output spatial shape.

    Example:
        >>> pool_output_shape((50, 32), (3, 2), stride=(2, 1))
        (24, 31)

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    axes = _per_axis(
        input_shape, pool_size=pool_size, stride=stride, padding=padding, dilation=dilation
    )
    return tuple(pool_output_size(*axis, ceil_mode) for axis in axes)


def conv_transpose_output_shape(
    input_shape: Sequence[int],
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = None,
    dilation: Any = 1,
) -> tuple[int, ...]:
    """:func:`conv_transpose_output_size` applied to each spatial dimension.

    Formula: ``O_k = (I_k-1)·S_k - 2P_k + D_k·(F_k-1) + output_padding_k + 1`` (integer padding).

    Args:
        input_shape: spatial sizes ``(H, W)``.
        kernel_size, stride, dilation: int or one per dimension.
        padding: as :func:`conv_output_shape`.
        output_padding: None, an int, or one per dimension.

    Returns:
        tuple[int, ...]: the output spatial shape.

    Example:
        >>> conv_transpose_output_shape((7, 7), 3, stride=2, padding="same")
        (14, 14)

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    axes = _per_axis(
        input_shape,
        kernel_size=kernel_size,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
    )
    return tuple(conv_transpose_output_size(*axis) for axis in axes)


def transpose_padding(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: Any = 0,
    output_padding: int | None = None,
    dilation: int = 1,
) -> tuple[int, int]:
    """Padding (before, after) of the zero-inserted input that turns a transposed convolution
    into a plain stride-1 convolution with the flipped kernel (negative = crop).

    Formula: insert ``S-1`` zeros between the ``I`` cells (``(I-1)·S + 1`` cells), pad
    ``F_eff-1-P_before`` before and ``F_eff-1-P_after+output_padding`` after, convolve with the
    kernel flipped in space; integer padding follows PyTorch, strings follow Keras.

    Args:
        size, kernel_size, stride, padding, output_padding, dilation: as
            :func:`conv_transpose_output_size`.

    Returns:
        tuple[int, int]: cells to add before and after the zero-inserted input.

    Example:
        >>> transpose_padding(4, 3, stride=2, padding="same")
        (2, 1)

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    o = conv_transpose_output_size(size, kernel_size, stride, padding, output_padding, dilation)
    f_eff = effective_kernel_size(kernel_size, dilation)
    name = _padding_name(padding)
    s = int(stride)
    if name is None:
        before = f_eff - 1 - _pair(padding)[0]
    elif name == "valid":
        before = f_eff - 1
    else:  # Keras's "same" (see keras backend_utils: left pad capped at F_eff - 1)
        if output_padding is None:
            pad_len = s + f_eff - 2
        else:
            pad_len = f_eff + f_eff % 2 - 2 + int(output_padding)
        before = min(pad_len // 2 + pad_len % 2, f_eff - 1)
    dilated = (size - 1) * s + 1
    after = o + f_eff - 1 - dilated - before
    return before, after


# --------------------------------------------------------------------------------------------
# receptive field
# --------------------------------------------------------------------------------------------
_KEYS = {
    "kernel_size": ("kernel_size", "kernel", "k", "pool_size", "F", "f"),
    "stride": ("stride", "strides", "s", "S"),
    "padding": ("padding", "p", "P"),
    "dilation": ("dilation", "dilation_rate", "d", "D"),
}


def _layer_spec(layer: Any, index: int) -> dict:
    """Normalise one stack entry (dict, or tuple ``(kernel, stride[, padding[, dilation]])``)."""
    if isinstance(layer, dict):
        spec = {}
        for key, names in _KEYS.items():
            for name in names:
                if name in layer:
                    spec[key] = layer[name]
                    break
        if "kernel_size" not in spec:
            raise TfdlValueError(
                "stack_layer_kernel",
                "Layer {index} of the stack has no kernel size (key 'kernel_size' or 'kernel'). Received: {layer!r}",
                index=index, layer=layer,
            )
        kind = layer.get("type", layer.get("kind", "layer"))
        if "stride" not in spec and str(kind).lower().startswith("pool"):
            spec["stride"] = spec["kernel_size"]
        spec.setdefault("stride", 1)
        spec.setdefault("padding", 0)
        spec.setdefault("dilation", 1)
        spec["ceil_mode"] = bool(layer.get("ceil_mode", False))
        spec["name"] = layer.get("name", f"{kind}{index + 1}")
        return spec
    if isinstance(layer, (tuple, list)) and 1 <= len(layer) <= 4:
        values = list(layer) + [1, 0, 1][len(layer) - 1:]
        return {
            "kernel_size": values[0],
            "stride": values[1],
            "padding": values[2],
            "dilation": values[3],
            "ceil_mode": False,
            "name": f"layer{index + 1}",
        }
    raise TfdlValueError(
        "stack_layer_format",
        "Each layer of the stack is a dict {{'kernel_size', 'stride', 'padding', 'dilation'}} or a tuple "
        "(kernel_size, stride, padding, dilation). Received at index {index}: {layer!r}",
        index=index, layer=layer,
    )


def receptive_field(stack: Iterable[Any], input_size: int | None = None) -> list[dict]:
    """Receptive field size, jump and start after each layer of a 1-D stack of convs and pools.

    Formula (per layer with kernel ``F``, stride ``S``, padding-before ``P``, dilation ``D``)::

        r_out = r_in + D·(F-1)·j_in        (receptive field, in input pixels)
        j_out = j_in·S                     (distance between neighbouring outputs, in pixels)
        start_out = start_in + (D·(F-1)/2 - P)·j_in   (centre of the first output's field)

    starting from ``r = 1, j = 1, start = 0`` (the input pixel 0 is centred at 0).

    Args:
        stack: layers, each a dict with ``kernel_size`` (or ``kernel``/``pool_size``),
            ``stride`` (default 1; ``pool_size`` for a dict with ``"type": "pool"``),
            ``padding`` (int, pair, ``"valid"``/``"same"``; default 0), ``dilation`` (default 1)
            ``ceil_mode`` (a pooling's output rounded up; default False) and an optional ``name``;
            or a tuple ``(kernel_size, stride, padding, dilation)``.
        input_size: the input length. Needed for exact ``"same"`` padding and to report each
            layer's output size; without it ``"same"`` assumes the size divides by the stride.

    Returns:
        list[dict]: one dict per layer with ``name``, ``kernel_size``, ``stride``, ``padding``
        (before), ``dilation``, ``size`` (receptive field), ``jump``, ``start`` and
        ``output_size`` (None without ``input_size``).

    Example:
        >>> rf = receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)], input_size=28)
        >>> [(l["size"], l["jump"], l["output_size"]) for l in rf]
        [(3, 1, 26), (4, 2, 13), (8, 2, 11), (10, 4, 5)]

    Paper: A. Araujo, W. Norris, J. Sim, "Computing Receptive Fields of Convolutional Neural
    Networks", Distill 2019.
    """
    r, j, start = 1, 1, 0.0
    size = None if input_size is None else _int(input_size, "input_size", 1)
    out = []
    for index, layer in enumerate(stack):
        spec = _layer_spec(layer, index)
        f = _int(spec["kernel_size"], "kernel_size", 1)
        s = _int(spec["stride"], "stride", 1)
        d = _int(spec["dilation"], "dilation", 1)
        f_eff = d * (f - 1) + 1
        padding = spec["padding"]
        name = _padding_name(padding)
        if size is not None:
            before = resolve_padding(size, f, s, padding, d)[0]
            size = (pool_output_size(size, f, s, padding, d, ceil_mode=True) if spec["ceil_mode"]
                    else conv_output_size(size, f, s, padding, d))
        elif name == "same":
            before = max(f_eff - s, 0) // 2
        elif name == "causal":
            before = f_eff - 1
        elif name == "valid":
            before = 0
        else:
            before = _pair(padding)[0]
        start = start + ((f_eff - 1) / 2 - before) * j
        r = r + (f_eff - 1) * j
        j = j * s
        out.append(
            {
                "name": spec["name"],
                "kernel_size": f,
                "stride": s,
                "padding": before,
                "dilation": d,
                "size": r,
                "jump": j,
                "start": start,
                "output_size": size,
            }
        )
    return out


# --------------------------------------------------------------------------------------------
# parameter counts
# --------------------------------------------------------------------------------------------
def _prod(kernel_size: Any, name: str = "kernel_size") -> int:
    ks = kernel_size if isinstance(kernel_size, (tuple, list)) else [kernel_size]
    n = 1
    for k in ks:
        n *= _int(k, name, 1, "a kernel needs at least one tap")
    return n


def dense_params(units_in: int, units_out: int, use_bias: bool = True) -> int:
    """Number of weights of a dense layer ``z = Wx + b``.

    Formula: ``n_in·n_out + n_out`` (the bias adds one per output).

    Args:
        units_in: input features ``n_in``.
        units_out: output units ``n_out``.
        use_bias: count the bias ``b``.

    Returns:
        int: the parameter count.

    Example:
        >>> dense_params(784, 1000), dense_params(1000, 10)
        (785000, 10010)

    Paper: F. Rosenblatt, "The perceptron", 1958.
    """
    n_in = _int(units_in, "units_in", 1)
    n_out = _int(units_out, "units_out", 1)
    return n_in * n_out + (n_out if use_bias else 0)


def _groups(c_in: int, c_out: int, groups: Any) -> tuple[int, int, int]:
    c_in = _int(c_in, "c_in", 1)
    c_out = _int(c_out, "c_out", 1)
    g = _int(groups, "groups", 1)
    if c_in % g:
        raise TfdlValueError(
            "groups_input_channels",
            "`groups` must divide the input channels: {c_in} channels cannot be split into {groups} equal groups. "
            "Received: c_in={c_in}, groups={groups}",
            c_in=c_in, groups=g,
        )
    if c_out % g:
        raise TfdlValueError(
            "groups_output_channels",
            "`groups` must divide the output channels: {c_out} filters cannot be split into {groups} equal groups. "
            "Received: c_out={c_out}, groups={groups}",
            c_out=c_out, groups=g,
        )
    return c_in, c_out, g


def conv_params(
    kernel_size: Any, c_in: int, c_out: int, groups: int = 1, use_bias: bool = True
) -> int:
    """Number of weights of a (grouped) convolution layer.

    Formula: ``k_h·k_w·(C_in / g)·C_out + C_out`` (each filter sees ``C_in/g`` channels).

    Args:
        kernel_size: int (1-D) or tuple, e.g. ``(3, 3)``.
        c_in: input channels.
        c_out: filters (output channels).
        groups: ``g``, must divide both ``c_in`` and ``c_out``.
        use_bias: count one bias per filter.

    Returns:
        int: the parameter count.

    Example:
        >>> conv_params((3, 3), 64, 128), conv_params((3, 3), 64, 128, groups=32)
        (73856, 2432)

    Paper: A. Krizhevsky et al., "ImageNet Classification with Deep CNNs", 2012 (groups).
    """
    c_in, c_out, g = _groups(c_in, c_out, groups)
    return _prod(kernel_size) * (c_in // g) * c_out + (c_out if use_bias else 0)


def conv_transpose_params(
    kernel_size: Any, c_in: int, c_out: int, groups: int = 1, use_bias: bool = True
) -> int:
    """Number of weights of a transposed convolution (same count as the conv it transposes).

    Formula: ``k_h·k_w·C_in·(C_out / g) + C_out``.

    Args:
        kernel_size: int or tuple.
        c_in: input channels.
        c_out: filters.
        groups: ``g``, dividing ``c_in`` and ``c_out``.
        use_bias: count one bias per filter.

    Returns:
        int: the parameter count.

    Example:
        >>> conv_transpose_params((2, 2), 128, 64)
        32832

    Paper: O. Ronneberger et al., "U-Net", 2015 (up-convolutions).
    """
    c_in, c_out, g = _groups(c_in, c_out, groups)
    return _prod(kernel_size) * c_in * (c_out // g) + (c_out if use_bias else 0)


def depthwise_params(
    kernel_size: Any, c_in: int, depth_multiplier: int = 1, use_bias: bool = True
) -> int:
    """Number of weights of a depthwise convolution (one kernel per input channel).

    Formula: ``k_h·k_w·C_in·m + C_in·m`` (``m`` = depth multiplier).

    Args:
        kernel_size: int or tuple.
        c_in: input channels.
        depth_multiplier: ``m`` outputs per input channel.
        use_bias: count the biases.

    Returns:
        int: the parameter count.

    Example:
        >>> depthwise_params((3, 3), 32)
        320

    Paper: A. Howard et al., "MobileNets", 2017.
    """
    c_in = _int(c_in, "c_in", 1)
    m = _int(depth_multiplier, "depth_multiplier", 1)
    return _prod(kernel_size) * c_in * m + (c_in * m if use_bias else 0)


def separable_params(
    kernel_size: Any, c_in: int, c_out: int, depth_multiplier: int = 1, use_bias: bool = True
) -> int:
    """Number of weights of a depthwise-separable convolution (Keras ``SeparableConv2D``).

    Formula: ``k_h·k_w·C_in·m`` (depthwise, no bias) ``+ C_in·m·C_out + C_out`` (pointwise).

    Args:
        kernel_size: int or tuple.
        c_in: input channels.
        c_out: filters of the pointwise 1×1 convolution.
        depth_multiplier: ``m``.
        use_bias: count the pointwise bias.

    Returns:
        int: the parameter count.

    Example:
        >>> separable_params((3, 3), 32, 64), conv_params((3, 3), 32, 64)
        (2400, 18496)

    Paper: F. Chollet, "Xception", CVPR 2017.
    """
    c_in = _int(c_in, "c_in", 1)
    c_out = _int(c_out, "c_out", 1)
    m = _int(depth_multiplier, "depth_multiplier", 1)
    return _prod(kernel_size) * c_in * m + c_in * m * c_out + (c_out if use_bias else 0)


def locally_connected_params(
    input_shape: Sequence[int],
    kernel_size: Any,
    c_in: int,
    c_out: int,
    stride: Any = 1,
    padding: Any = "valid",
    use_bias: bool = True,
) -> int:
    """Number of weights of a locally connected (unshared) layer: a separate kernel per output.

    Formula: ``H_out·W_out·(k_h·k_w·C_in·C_out + C_out)`` — a convolution's count times the
    number of output positions (no parameter sharing).

    Args:
        input_shape: spatial input shape ``(H, W)``.
        kernel_size: int or tuple.
        c_in: input channels.
        c_out: filters.
        stride: int or tuple.
        padding: as :func:`conv_output_shape`.
        use_bias: one bias per output position and filter.

    Returns:
        int: the parameter count.

    Example:
        >>> locally_connected_params((28, 28), 3, 1, 8)
        54080

    Paper: Y. Taigman et al., "DeepFace", CVPR 2014.
    """
    c_in = _int(c_in, "c_in", 1)
    c_out = _int(c_out, "c_out", 1)
    dims = _shape(input_shape)
    out = conv_output_shape(dims, kernel_size, stride, padding)
    positions = 1
    for o in out:
        positions *= o
    ks = _per_dim(kernel_size, len(dims), "kernel_size")
    return positions * (_prod(ks) * c_in * c_out + (c_out if use_bias else 0))


# ----------------------------------------------------------------------------- MACs of built layers
# Duck-typed on a built Keras layer's attributes (type name, kernel_size, input/output shapes): no
# Keras import here. tfdl.viz.models' layer table and tfdl.training_cost's estimate both count with it.


def layer_shapes(layer: Any, attr: str = "output") -> list[tuple]:
    """Shape(s) of a built layer's ``output`` (or ``input``) as a list of tuples, batch dim dropped;
    ``[]`` for a layer that has none yet. Used by the layer table and the training-cost estimate.

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3)])
        >>> layer_shapes(m.layers[0]), layer_shapes(m.layers[0], "input")
        ([(6, 6, 4)], [(8, 8, 1)])
    """
    try:
        t = getattr(layer, attr)
    except (AttributeError, ValueError):
        return []
    ts = t if isinstance(t, (list, tuple)) else [t]
    return [tuple(v.shape[1:]) for v in ts if hasattr(v, "shape")]


def _cells(shape: Any) -> int:
    if not shape:
        return 0
    n = 1
    for d in shape:
        if d is not None:
            n *= int(d)
    return n


def layer_macs(layer: Any) -> int:
    """Multiply-accumulates of one layer for one image (convs, dense, SE, LRN-free estimate).

    Formula: Conv2D (and tfdl's PaddedConv, LocallyConnected2D)
    ``H_out·W_out·C_out·k_h·k_w·C_in/groups``; Conv2DTranspose (and TransposedConv2D)
    ``H_in·W_in·C_in·k_h·k_w·C_out``; Dense ``(∏ leading dims)·D_in·D_out``;
    SqueezeExcitation ``2·C·C/r``; recurrent layers (LSTM, GRU, SimpleRNN, Bidirectional)
    ``T·(F·G·u + u·G·u)``: every kernel and recurrent-kernel weight once per time step (``G``
    gates: 4, 3, 1); nested models: the sum over their layers; other layers 0 (their cost is
    memory-bound and small).

    Args:
        layer: a built Keras layer of a functional model.

    Returns:
        MACs as an int (FLOPs ≈ 2 × MACs).

    Example:
        >>> import keras
        >>> x = keras.Input((8, 8, 3)); conv = keras.layers.Conv2D(4, 3)
        >>> _ = conv(x); layer_macs(conv)        # 6·6 outputs · 4 filters · 3·3·3 weights
        3888
    """
    kind = type(layer).__name__
    if hasattr(layer, "layers") and kind in ("Functional", "Model", "Sequential"):
        return sum(layer_macs(sub) for sub in layer.layers)
    outs, ins = layer_shapes(layer), layer_shapes(layer, "input")
    if not outs or not ins:
        return 0
    if kind in ("Conv2D", "Conv1D", "Conv3D", "PaddedConv2D", "PaddedConv1D", "LocallyConnected2D"):
        k = _cells(layer.kernel_size)
        return _cells(outs[0]) * k * ins[0][-1] // max(1, getattr(layer, "groups", 1))
    if kind in ("Conv2DTranspose", "Conv1DTranspose", "TransposedConv2D", "TransposedConv1D"):
        return _cells(ins[0]) * _cells(layer.kernel_size) * layer.filters
    if kind in ("DepthwiseConv2D",):
        return _cells(outs[0]) * _cells(layer.kernel_size)
    if kind == "Dense":
        return _cells(ins[0][:-1] or (1,)) * ins[0][-1] * layer.units
    if kind == "SqueezeExcitation":
        C = ins[0][-1]
        return 2 * C * getattr(layer, "hidden_units", max(1, round(C / layer.ratio)))
    if kind in ("LSTM", "GRU", "SimpleRNN", "Bidirectional") and len(ins[0]) == 2:
        steps = ins[0][0] or 1
        return steps * sum(_cells(tuple(w.shape)) for w in layer.weights if "bias" not in w.name)
    return 0


def model_macs(model: Any) -> int:
    """Multiply-accumulates of a built functional or sequential model for one input: the sum of
    :func:`layer_macs` over its layers (FLOPs ≈ 2 × MACs).

    Args:
        model: a built ``keras.Model``.

    Returns:
        MACs as an int.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(),
        ...                           keras.layers.Dense(10)])
        >>> model_macs(model)                    # 6·6·4·9 + 144·10
        2736
    """
    return int(sum(layer_macs(layer) for layer in getattr(model, "layers", ())))
