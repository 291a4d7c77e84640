"""Where the kernel sits for each output cell: the coordinates behind the sliding-window picture.

For output cell ``i`` and kernel tap ``u`` the tap reads the input cell
``t = i·S + u·D - P_before`` (negative or ``>= I`` = a padding cell). These helpers list those
coordinates, mark which cells are padding, and, for a padding mode, which input cell a padding
cell copies — everything the playground needs to animate a convolution or a pooling window.

Example:
    >>> from tfdl.functional import windows
    >>> w = next(windows((5, 5), 3, stride=2, padding=1))
    >>> w.index, w.coords[0, 0].tolist(), bool(w.padding[0, 0])
    ((0, 0), [-1, -1], True)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np

from tfdl import shapes, validation
from tfdl.errors import TfdlValueError
from tfdl.functional.padding import padded_source_index

__all__ = ["Window", "WalkStep", "tap_coordinates", "windows", "walk"]


class Window(NamedTuple):
    """One placement of the kernel (``k`` = kernel shape, ``n`` = number of spatial axes).

    Attributes:
        index: the output cell, e.g. ``(i, j)``.
        coords: ``(*k, n)`` input coordinates of every tap (outside ``[0, I)`` = padding).
        inside: ``(*k,)`` True where the tap reads a real input cell.
        padding: ``(*k,)`` True where the tap reads a padding cell (declared padding).
        overflow: ``(*k,)`` True where the tap lies beyond the padding (PyTorch ``ceil_mode``).
        source: ``(*k, n)`` the input cell each tap copies under the padding mode (equal to
            ``coords`` inside; ``-1`` where it reads a constant).
        box: ``(first, last)`` coordinates of the window's corners, dilation gaps included.
    """

    index: tuple
    coords: np.ndarray
    inside: np.ndarray
    padding: np.ndarray
    overflow: np.ndarray
    source: np.ndarray
    box: tuple


class WalkStep(NamedTuple):
    """One step of :func:`walk`: the window, the values under the kernel, their products, the sum."""

    window: Window
    values: np.ndarray
    products: np.ndarray
    output: float


def tap_coordinates(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: Any = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> tuple[np.ndarray, int, int]:
    """Input coordinates read by every (output cell, kernel tap) pair along one axis.

    Formula: ``t[i, u] = i·S + u·D - P_before``.

    Args:
        size: input size ``I``.
        kernel_size: ``F``.
        stride: ``S``.
        padding: int, (before, after), ``"valid"``, ``"same"`` or ``"causal"``.
        dilation: ``D``.
        ceil_mode: PyTorch's ``ceil_mode`` (extra windows may reach past the padding).

    Returns:
        tuple: ``(t, before, after)`` with ``t`` an ``(O, F)`` int array.

    Example:
        >>> tap_coordinates(5, 3, stride=2)[0].tolist()
        [[0, 1, 2], [2, 3, 4]]

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    o = shapes.conv_output_size(size, kernel_size, stride, padding, dilation, ceil_mode)
    before, after = shapes.resolve_padding(size, kernel_size, stride, padding, dilation)
    t = np.arange(o)[:, None] * stride + np.arange(kernel_size)[None, :] * dilation - before
    return t, before, after


def windows(
    input_shape: Any,
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
    ceil_mode: bool = False,
) -> Iterator[Window]:
    """Yield, for every output cell in row-major order, where the kernel reads the input.

    Formula: tap ``u`` of output cell ``i`` reads ``t = i·S + u·D - P_before`` on each axis; a
    padding cell copies input cell :func:`tfdl.functional.padded_source_index` ``(t)``.

    Args:
        input_shape: ``(L,)`` or ``(H, W)`` (an int means ``(L,)``).
        kernel_size: int or one per axis.
        stride: int or one per axis.
        padding: int, per-axis ints, per-axis pairs, ``"valid"`` or ``"same"``.
        dilation: int or one per axis.
        padding_mode: the padding mode, to fill ``source``.
        ceil_mode: PyTorch's ``ceil_mode`` (pooling).

    Returns:
        Iterator[Window]: one :class:`Window` per output cell.

    Example:
        >>> [w.index for w in windows((4, 4), 2, stride=2)]
        [(0, 0), (0, 1), (1, 0), (1, 1)]

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    dims = (input_shape,) if isinstance(input_shape, (int, np.integer)) else tuple(input_shape)
    n = len(dims)
    if n not in (1, 2):
        raise TfdlValueError(
            "windows_input_shape",
            "`input_shape` must be (L,) or (H, W). Received: {input_shape!r}",
            input_shape=input_shape,
        )
    expected = f"one value or {n}"
    ks = tuple(validation.per_dim(kernel_size, n, "kernel_size", expected))
    ss = validation.per_dim(stride, n, "stride", expected)
    ds = validation.per_dim(dilation, n, "dilation", expected)
    ps = validation.padding_per_dim(padding, n, expected)
    axes = [tap_coordinates(*args, ceil_mode) for args in zip(dims, ks, ss, ps, ds)]
    for index in np.ndindex(*[t.shape[0] for t, _, _ in axes]):
        grids = np.meshgrid(*[axes[a][0][i] for a, i in enumerate(index)], indexing="ij")
        coords = np.stack(grids, axis=-1)  # (*k, n)
        inside = np.ones(ks, dtype=bool)
        in_pad = np.ones(ks, dtype=bool)
        source = np.empty_like(coords)
        for a, (size, (_, before, after)) in enumerate(zip(dims, axes)):
            c = coords[..., a]
            inside &= (c >= 0) & (c < size)
            in_pad &= (c >= -before) & (c < size + after)
            reads = [padded_source_index(v + before, size, before, padding_mode) for v in c.ravel()]
            source[..., a] = np.array([-1 if r is None else r for r in reads]).reshape(c.shape)
        constant = (source < 0).any(axis=-1)
        source[constant] = -1
        first = tuple(int(axes[a][0][i][0]) for a, i in enumerate(index))
        last = tuple(int(axes[a][0][i][-1]) for a, i in enumerate(index))
        yield Window(
            index=tuple(int(i) for i in index),
            coords=coords,
            inside=inside,
            padding=in_pad & ~inside,
            overflow=~in_pad,
            source=source,
            box=(first, last),
        )


def walk(
    x: Any,
    kernel: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
    value: float = 0.0,
) -> Iterator[WalkStep]:
    """Walk a kernel over a 1-D or 2-D single-channel input, one output cell at a time.

    Formula: ``y[i] = sum_u k[u] · x_pad[i·S + u·D]`` — each step shows the window, the values
    ``x_pad[...]`` under the kernel, the products and their sum ``y[i]``.

    Args:
        x: ``(L,)`` or ``(H, W)`` array.
        kernel: ``(F,)`` or ``(k_h, k_w)`` array.
        stride, padding, dilation, padding_mode: as :func:`tfdl.functional.conv2d`.
        value: the fill value of ``padding_mode="constant"``.

    Returns:
        Iterator[WalkStep]: one step per output cell; the sums equal ``conv2d(x, kernel, ...)``.

    Example:
        >>> steps = list(walk(np.array([[1, 2, 3], [3, 4, 5], [1, 0, 2]]), np.array([[0, 1], [1, -1]])))
        >>> [float(s.output) for s in steps]
        [1.0, 2.0, 5.0, 3.0]

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    x = np.asarray(x)
    kernel = np.asarray(kernel)
    if x.ndim not in (1, 2) or kernel.ndim != x.ndim:
        raise TfdlValueError(
            "walk_one_channel",
            "`walk` animates one channel: x (L,) or (H, W) with a kernel of the same rank. Received: x {x_shape}, "
            "kernel {kernel_shape}",
            x_shape=x.shape, kernel_shape=kernel.shape,
        )
    fill = value if padding_mode == "constant" else 0.0
    for w in windows(x.shape, kernel.shape, stride, padding, dilation, padding_mode):
        values = np.full(kernel.shape, fill, dtype=np.result_type(x.dtype, float))
        reads = (w.source >= 0).all(axis=-1)
        values[reads] = x[tuple(w.source[reads].T)]
        products = values * kernel
        yield WalkStep(w, values, products, products.sum())
