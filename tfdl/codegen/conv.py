"""The Convolution lab's code: a convolution, a pooling or a transposed convolution with its input.

Each snippet makes the page's input (written out, or with :mod:`tfdl.data`), calls the numpy
reference (:mod:`tfdl.functional`), checks the size (:mod:`tfdl.shapes`) and, for a convolution,
repeats it with the Keras layer (:class:`tfdl.layers.PaddedConv2D`, ``keras.layers.Conv2DTranspose``).

Example:
    >>> print(same_in_code("max", (4, 4, 1), (2, 2), stride=2, output_shape=(2, 2, 1)).splitlines()[6])
    y = F.max_pool2d(x, 2, stride=2, padding='valid', ceil_mode=False)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tfdl.codegen._format import nested as _nested
from tfdl.codegen._format import num as _num
from tfdl.errors import TfdlValueError

__all__ = ["POOL_FUNCTIONS", "array_code", "conv_input_code", "same_in_code", "transposed_code"]

#: pooling kind → tfdl.functional function name
POOL_FUNCTIONS = {
    "max": "max_pool2d",
    "avg": "avg_pool2d",
    "l2": "l2_pool2d",
    "stochastic": "stochastic_pool2d",
    "weighted": "weighted_avg_pool2d",
}


def array_code(name: str, a) -> str:
    """One line of Python that defines ``name`` as the array ``a``, its numbers written out.

    Args:
        name: the variable's name.
        a: an array (any shape); numbers are written as integers when whole, else exactly (``repr``).

    Returns:
        str: ``name = np.array([...], dtype=float)``.

    Example:
        >>> array_code("x", np.eye(2))
        'x = np.array([[1, 0], [0, 1]], dtype=float)'
    """
    return f"{name} = np.array({_nested(a)}, dtype=float)"


def _input_lines(input_shape, x, input_code) -> str:
    h, w, c = input_shape
    if input_code is not None:
        return input_code.rstrip("\n") + "\n\n"
    if x is not None:
        x = np.asarray(x, dtype=float)
        if c == 1:  # one channel: the grid as it looks, then the channel axis
            return f"# x: the {h}×{w}×1 input\n" + array_code("x", x[..., 0]) + "[..., None]\n"
        return f"# x: the {h}×{w}×{c} input (rows, then the channels of each cell)\n" + array_code("x", x) + "\n"
    return f"x = np.random.default_rng(0).random(({h}, {w}, {c}))  # put your {h}×{w}×{c} input here\n"


def _kernel_lines(kernel_shape, kernel) -> str:
    kh, kw, cpg, n = kernel_shape
    if kernel is None:
        return f"kernel = np.random.default_rng(1).normal(size=({kh}, {kw}, {cpg}, {n}))\n"
    k = np.asarray(kernel, dtype=float)
    if np.all(k == k[:, :, :1, :]):  # the same plane for every input channel: write each filter once
        planes = _nested(np.moveaxis(k[:, :, 0, :], -1, 0))
        made = "np.moveaxis(planes, 0, -1)[:, :, None, :]"
        made = f"np.repeat({made}, {cpg}, axis=2)" if cpg > 1 else made
        return (
            f"planes = np.array({planes}, dtype=float)  # {n} filter(s), {kh}×{kw}\n"
            f"kernel = {made}  # {kh}×{kw}×{cpg}×{n}\n"
        )
    return f"# kernel: {kh}×{kw}×{cpg}×{n}\n" + array_code("kernel", k) + "\n"


def conv_input_code(source: str, *, channels: int = 1, index: int = 0, size: int = 8, seed: int = 0) -> str:
    """Lines that make the Convolution lab's input ``x`` with tfdl (the same numbers as the page).

    Args:
        source: ``"digit"`` (:func:`tfdl.data.digits.digit_image`, 0–16; three channels: digit, half,
            inverse), ``"image"`` (:func:`tfdl.data.shapes_images.make_shapes`, 0–255; three channels:
            circles, squares, triangles) or ``"random"`` (integers 0–9).
        channels: 1 or 3.
        index: the digit's index (``"digit"``).
        size: the side in cells.
        seed: the seed (``"image"``, ``"random"``).

    Returns:
        str: lines of Python defining ``x`` (``H×W×C``, float).

    Raises:
        TfdlValueError: an unknown ``source``.

    Example:
        >>> conv_input_code("random", size=3, seed=1).splitlines()[-1]
        'x = np.random.default_rng(1).integers(0, 10, size=(3, 3, 1)).astype(float)'
    """
    if source == "digit":
        lines = [
            "from tfdl.data.digits import digit_image",
            "",
            f"img, label = digit_image({int(index)}, {int(size)})",
            "x = img.astype(float)[..., None]",
        ]
        if channels == 3:
            lines.append("x = np.concatenate([x, np.floor(x / 2), x.max() - x], axis=-1)  # digit, half, inverse")
        return "\n".join(lines)
    if source == "image":
        lines = [
            "from tfdl.data.shapes_images import make_shapes",
            "",
            f"data = make_shapes(1, size={int(size)}, max_shapes=3, seed={int(seed)})",
            "grey = np.rint(data.images[0, ..., 0] * 255.0)",
        ]
        lines.append(
            "x = grey[..., None]"
            if channels == 1
            else "x = np.stack([grey * (data.masks[0] == k) for k in (1, 2, 3)], axis=-1)  # circles, squares, ..."
        )
        return "\n".join(lines)
    if source == "random":
        shape = (int(size), int(size), int(channels))
        return f"x = np.random.default_rng({int(seed)}).integers(0, 10, size={shape}).astype(float)"
    raise TfdlValueError(
        "codegen_source",
        "`source` must be one of {known}. Received: source={source!r}",
        known=["digit", "image", "random"],
        source=source,
    )


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
    x=None,
    kernel=None,
    input_code: str | None = None,
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
        x: the input array, written out as numbers (:func:`array_code`) unless ``input_code`` is given.
        kernel: the convolution's kernel array, written out (a kernel repeated over its input channels
            compactly, as its 2-D planes).
        input_code: lines that define ``x`` (e.g. :func:`conv_input_code`), instead of its numbers.

    Returns:
        str: lines of Python.

    Raises:
        TfdlValueError: an unknown ``op``.

    Example:
        >>> code = same_in_code("conv", (3, 3, 1), (2, 2, 1, 1), output_shape=(2, 2, 1))
        >>> code.splitlines()[7]
        "y = F.conv2d(x, kernel, stride=1, padding='valid', dilation=1, padding_mode='zeros', groups=1)"
    """
    h, w, c = input_shape
    x_lines = _input_lines(input_shape, x, input_code)
    shape_note = f"  # {tuple(output_shape)}" if output_shape is not None else ""
    size_note = f"  # {tuple(output_shape)[:2]}" if output_shape is not None else ""
    if op == "conv":
        kh, kw, cpg, n = kernel_shape
        extra = f", padding_value={_num(padding_value)}" if padding_mode == "constant" else ""
        k_lines = _kernel_lines(kernel_shape, kernel)
        layer = (
            f"conv = layers.PaddedConv2D({n}, ({kh}, {kw}), strides={stride}, padding={padding!r}, "
            f"padding_mode={padding_mode!r}, dilation_rate={dilation}, groups={groups}{extra})"
        )
        keras_part = ""
        if kernel is not None:  # the Keras layer with the same kernel (no bias) gives the same numbers
            keras_part = (
                f"conv.build((None, {h}, {w}, {c}))\n"
                f"conv.set_weights([kernel, np.zeros({n})])\n"
                "y_keras = np.asarray(conv(x[None].astype('float32')))[0]\n"
                "print(np.abs(y_keras - y).max())  # float32 round-off only\n"
            )
        return (
            "import numpy as np\n\nfrom tfdl import functional as F, layers, shapes\n\n"
            f"{x_lines}{k_lines}\n"
            f"y = F.conv2d(x, kernel, stride={stride}, padding={padding!r}, dilation={dilation}, "
            f"padding_mode={padding_mode!r}, groups={groups}{extra})\n"
            f"print(y.shape){shape_note}\n"
            f"print(shapes.conv_output_shape(({h}, {w}), ({kh}, {kw}), stride={stride}, "
            f"padding={padding!r}, dilation={dilation})){size_note}\n\n"
            f"{layer}\n{keras_part}"
        ).rstrip("\n")
    if op not in POOL_FUNCTIONS:
        raise TfdlValueError(
            "codegen_op",
            "`op` must be 'conv' or one of {known}. Received: op={op!r}",
            known=sorted(POOL_FUNCTIONS),
            op=op,
        )
    f = kernel_shape[0]
    seed_arg = f", seed={int(seed)}" if op == "stochastic" else ""
    seed_arg += f", sigma={float(sigma):g}" if op == "weighted" else ""
    return (
        "import numpy as np\n\nfrom tfdl import functional as F, shapes\n\n"
        f"{x_lines}\n"
        f"y = F.{POOL_FUNCTIONS[op]}(x, {f}, stride={stride}, padding={padding!r}, ceil_mode={ceil_mode}{seed_arg})\n"
        f"print(y.shape){shape_note}\n"
        f"print(shapes.pool_output_shape(({h}, {w}), {f}, stride={stride}, padding={padding!r}, "
        f"ceil_mode={ceil_mode})){size_note}"
    )


def transposed_code(
    x, kernel, *, stride: int = 1, padding: int | str = "valid", output_padding: int | None = None
) -> str:
    """Python that repeats the Convolution lab's transposed convolution on its (2-D) input.

    Formula: ``O = (I-1)·S - 2P + (F-1) + output_padding + 1`` (integer padding, PyTorch's rule);
    ``"valid"``/``"same"`` follow Keras' ``Conv2DTranspose``.

    Args:
        x: the ``(H, W)`` input, written out as numbers.
        kernel: the ``(kh, kw)`` kernel, written out.
        stride, padding, output_padding: as :func:`tfdl.functional.conv2d_transpose`.

    Returns:
        str: lines of Python; they print the output's shape and, for ``"valid"``/``"same"``, the largest
        difference from ``keras.layers.Conv2DTranspose`` with the same kernel.

    Example:
        >>> transposed_code(np.ones((2, 2)), np.ones((3, 3)), stride=2).splitlines()[6]
        "y = F.conv2d_transpose(x, kernel, stride=2, padding='valid', output_padding=None)"
    """
    x, kernel = np.asarray(x, dtype=float), np.asarray(kernel, dtype=float)
    h, w = x.shape
    kh, kw = kernel.shape
    op = None if output_padding is None else int(output_padding)
    lines = [
        "import numpy as np\n\nfrom tfdl import functional as F",
        array_code("x", x) + f"  # {h}×{w}",
        array_code("kernel", kernel) + f"  # {kh}×{kw}",
        "",
        f"y = F.conv2d_transpose(x, kernel, stride={int(stride)}, padding={padding!r}, output_padding={op})",
        "print(y.shape)",
        "print(np.round(y, 3))",
    ]
    if isinstance(padding, str):
        lines += [
            "",
            "import keras",
            "",
            f"layer = keras.layers.Conv2DTranspose(1, ({kh}, {kw}), strides={int(stride)}, padding={padding!r}, "
            f"output_padding={op}, use_bias=False)",
            f"layer.build((None, {h}, {w}, 1))",
            "layer.kernel.assign(kernel[:, :, None, None])",
            "y_keras = np.asarray(layer(x[None, :, :, None].astype('float32')))[0, :, :, 0]",
            "print(np.abs(y_keras - y).max())  # float32 round-off only",
        ]
    else:
        lines += [
            "",
            "# PyTorch takes the integer padding (cells cropped each side):",
            f"# torch.nn.functional.conv_transpose2d(torch.tensor(x)[None, None], torch.tensor(kernel)[None, None], "
            f"stride={int(stride)}, padding={int(padding)}, output_padding={op or 0})[0, 0]",
        ]
    return "\n".join(lines)
