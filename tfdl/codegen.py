""""The same in code": the Python a learner can paste to repeat what an interactive page shows.

One generator for every page that shows a convolution or a pooling: the numpy reference call
(:mod:`tfdl.functional`), the size check (:mod:`tfdl.shapes`) with the shapes it prints, and for
a convolution the Keras layer (:class:`tfdl.layers.PaddedConv2D`).

Example:
    >>> print(same_in_code("max", (4, 4, 1), (2, 2), stride=2, output_shape=(2, 2, 1)).splitlines()[3])
    y = F.max_pool2d(x, 2, stride=2, padding='valid', ceil_mode=False)
"""

from __future__ import annotations

from collections.abc import Sequence

from tfdl.errors import TfdlValueError

__all__ = ["POOL_FUNCTIONS", "same_in_code"]

#: pooling kind → tfdl.functional function name
POOL_FUNCTIONS = {"max": "max_pool2d", "avg": "avg_pool2d", "l2": "l2_pool2d", "stochastic": "stochastic_pool2d",
                  "weighted": "weighted_avg_pool2d"}


def _num(v: float) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:.3g}"


def same_in_code(
    op: str,
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    *,
    stride: int = 1,
    padding: int | str | tuple[int, int] = "valid",
    dilation: int = 1,
    padding_mode: str = "zeros",
    padding_value: float = 0.0,
    groups: int = 1,
    ceil_mode: bool = False,
    seed: int = 0,
    sigma: float = 1.0,
    output_shape: Sequence[int] | None = None,
) -> str:
    """Python code that repeats a convolution (``op="conv"``) or a pooling (``"max"``, ``"avg"``,
    ``"weighted"``, ``"l2"``, ``"stochastic"``) with tfdl, printing the output shape.

    Formula: none (text). For a convolution the kernel is ``kh×kw×(C_in/groups)×C_out``.

    Args:
        op: ``"conv"`` or a pooling kind of :data:`POOL_FUNCTIONS`.
        input_shape: ``(H, W, C)``.
        kernel_shape: ``(kh, kw, C_in/groups, C_out)`` for a convolution, ``(F, F)`` for a pooling.
        stride, padding, dilation, padding_mode, padding_value, groups: the convolution's settings.
        ceil_mode, seed, sigma: the pooling's settings (``seed`` only for stochastic pooling,
            ``sigma`` only for distance-weighted pooling).
        output_shape: the output ``(H_o, W_o, C_o)`` written in the comments (optional).

    Returns:
        str: lines of Python.

    Raises:
        TfdlValueError: an unknown ``op``.

    Example:
        >>> code = same_in_code("conv", (3, 3, 1), (2, 2, 1, 1), output_shape=(2, 2, 1))
        >>> code.splitlines()[3]
        "y = F.conv2d(x, kernel, stride=1, padding='valid', dilation=1, padding_mode='zeros', groups=1)"
    """
    h, w, c = input_shape
    shape_note = f"  # {tuple(output_shape)}" if output_shape is not None else ""
    size_note = f"  # {tuple(output_shape)[:2]}" if output_shape is not None else ""
    if op == "conv":
        kh, kw, cpg, n = kernel_shape
        extra = f", padding_value={_num(padding_value)}" if padding_mode == "constant" else ""
        return (
            "from tfdl import functional as F, layers, shapes\n\n"
            f"# x: {h}×{w}×{c} array, kernel: {kh}×{kw}×{cpg}×{n} array\n"
            f"y = F.conv2d(x, kernel, stride={stride}, padding={padding!r}, dilation={dilation}, "
            f"padding_mode={padding_mode!r}, groups={groups}{extra})\n"
            f"print(y.shape){shape_note}\n"
            f"print(shapes.conv_output_shape(({h}, {w}), ({kh}, {kw}), stride={stride}, "
            f"padding={padding!r}, dilation={dilation})){size_note}\n\n"
            f"conv = layers.PaddedConv2D({n}, ({kh}, {kw}), strides={stride}, padding={padding!r}, "
            f"padding_mode={padding_mode!r}, dilation_rate={dilation}, groups={groups}{extra})"
        )
    if op not in POOL_FUNCTIONS:
        raise TfdlValueError("codegen_op", "`op` must be 'conv' or one of {known}. Received: op={op!r}",
                             known=sorted(POOL_FUNCTIONS), op=op)
    f = kernel_shape[0]
    seed_arg = f", seed={int(seed)}" if op == "stochastic" else ""
    seed_arg += f", sigma={float(sigma):g}" if op == "weighted" else ""
    return (
        "from tfdl import functional as F, shapes\n\n"
        f"# x: {h}×{w}×{c} array\n"
        f"y = F.{POOL_FUNCTIONS[op]}(x, {f}, stride={stride}, padding={padding!r}, ceil_mode={ceil_mode}{seed_arg})\n"
        f"print(y.shape){shape_note}\n"
        f"print(shapes.pool_output_shape(({h}, {w}), {f}, stride={stride}, padding={padding!r}, "
        f"ceil_mode={ceil_mode})){size_note}"
    )
