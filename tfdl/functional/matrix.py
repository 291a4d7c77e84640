"""Convolution is linear, so it is a matrix: im2col and the doubly-block-Toeplitz view.

* :func:`im2col` lays every window out as a column: ``conv2d(x, k) = k.ravel() @ im2col(x)``
  (what cuDNN/Caffe do to turn a convolution into one big matrix product);
* :func:`conv_matrix` builds the matrix ``M`` with ``M @ x.ravel() == conv2d(x, k).ravel()``
  (a 3×3 input and a 2×2 kernel give a 4×9 matrix); its transpose is the transposed
  convolution: ``M.T @ y.ravel() == conv2d_transpose(y, k, ...).ravel()``.

Example:
    >>> import numpy as np
    >>> from tfdl.functional import conv_matrix
    >>> conv_matrix((3, 3), np.array([[0, 1], [1, -1]])).shape
    (4, 9)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.functional.conv import _as_batch, _widths
from tfdl.functional.padding import pad as _pad
from tfdl.functional.windows import windows
from tfdl.validation import positive_int_tuple

__all__ = ["im2col", "conv_matrix"]


def im2col(
    x: Any,
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """Unfold every window of ``x`` into a column (``torch.nn.functional.unfold``, channels last).

    Formula: ``cols[(u·k_w + v)·C + c, i·W_out + j] = x_pad[i·S_h + u·D_h, j·S_w + v·D_w, c]``;
    then ``conv2d(x, k) = k.reshape(-1, C_out).T @ cols`` (one row per filter).

    Args:
        x: ``(L,)`` (with an int ``kernel_size``), ``(H, W)`` or ``(H, W, C)``.
        kernel_size: int or ``(k_h, k_w)``.
        stride, padding, dilation, padding_mode: as :func:`tfdl.functional.conv2d`.

    Returns:
        np.ndarray: ``(k_h·k_w·C, H_out·W_out)``.

    Example:
        >>> im2col(np.arange(9).reshape(3, 3), 2)
        array([[0, 1, 3, 4],
               [1, 2, 4, 5],
               [3, 4, 6, 7],
               [4, 5, 7, 8]])

    Paper: K. Chellapilla, S. Puri, P. Simard, "High performance convolutional neural networks
    for document processing", 2006.
    """
    x = np.asarray(x)
    n_sp = 1 if x.ndim == 1 else 2
    if x.ndim not in (1, 2, 3):
        raise TfdlValueError(
            "im2col_shape",
            "`im2col` takes (L,), (H, W) or (H, W, C). Received shape {x_shape}",
            x_shape=x.shape,
        )
    xb = x.reshape(1, *x.shape[:n_sp], -1)
    ks = positive_int_tuple(kernel_size, n_sp, "kernel_size")
    ss = positive_int_tuple(stride, n_sp, "stride")
    ds = positive_int_tuple(dilation, n_sp, "dilation")
    widths = _widths(xb.shape[1:-1], ks, ss, padding, ds)
    xp = _pad(xb, widths, padding_mode, axes=tuple(range(1, n_sp + 1)))[0]
    out = [(xp.shape[a] - d * (k - 1) - 1) // s + 1 for a, (k, s, d) in enumerate(zip(ks, ss, ds))]
    rows = []
    for offset in np.ndindex(*ks):  # one block of C rows per kernel tap
        window = tuple(
            slice(u * d, u * d + s * (o - 1) + 1, s) for u, d, s, o in zip(offset, ds, ss, out)
        )
        rows.append(xp[window].reshape(-1, xp.shape[-1]).T)  # (C, H_out·W_out)
    return np.concatenate(rows, axis=0)


def conv_matrix(
    input_shape: Any,
    kernel: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
    groups: int = 1,
) -> np.ndarray:
    """The matrix of a convolution: ``M @ x.ravel() == conv2d(x, kernel, ...).ravel()``.

    Formula: row ``r`` (output cell ``(i, j)``, filter ``o``) holds ``k[u, v, c, o]`` in the
    column of the input cell that tap ``(u, v)`` reads; a padding cell either drops out (zeros)
    or adds its weight to the cell it copies (replicate, reflect, ...). For a 2-D input the rows
    are the doubly-block-Toeplitz matrix; ``M.T`` is the transposed convolution.

    Args:
        input_shape: ``(L,)``, ``(H, W)`` or ``(H, W, C)``.
        kernel: ``(F,)``, ``(k_h, k_w)``, or ``(k_h, k_w, C/groups, C_out)`` for ``(H, W, C)``.
        stride, padding, dilation, padding_mode, groups: as :func:`tfdl.functional.conv2d`
            (``"constant"`` is taken with value 0: a non-zero fill is affine, not linear).

    Returns:
        np.ndarray: ``(prod(out_shape), prod(input_shape))``.

    Example:
        >>> M = conv_matrix((3, 3), np.array([[0, 1], [1, -1]]))
        >>> (M @ np.array([1, 2, 3, 3, 4, 5, 1, 0, 2])).tolist()
        [1.0, 2.0, 5.0, 3.0]

    Paper: I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", 2016, section 9.1
    (doubly block circulant matrices); Dumoulin & Visin 2016, section 4.1.
    """
    dims = (input_shape,) if isinstance(input_shape, (int, np.integer)) else tuple(input_shape)
    kernel = np.asarray(kernel)
    n_sp = 1 if len(dims) == 1 else 2
    if len(dims) == 3 and kernel.ndim == 2:
        raise TfdlValueError(
            "im2col_kernel_layout",
            "A multi-channel input {dims} needs a kernel (k_h, k_w, C/groups, C_out). Received kernel shape "
            "{kernel_shape}",
            dims=dims, kernel_shape=kernel.shape,
        )
    # reuse conv2d's checks and layouts on a dummy input of the right shape
    xb, kb, _, _ = _as_batch(np.zeros(dims, dtype=kernel.dtype), kernel, n_sp)
    spatial, c_in = xb.shape[1:-1], xb.shape[-1]
    c_out, c_g = kb.shape[-1], kb.shape[-2]
    if c_in % groups or c_out % groups or c_g != c_in // groups:
        raise TfdlValueError(
            "im2col_kernel_groups",
            "Kernel {kernel_shape} and groups={groups} do not fit an input with {c_in} channels",
            kernel_shape=kernel.shape, groups=groups, c_in=c_in,
        )
    co_g = c_out // groups
    ws = list(windows(spatial, kb.shape[:n_sp], stride, padding, dilation, padding_mode))
    n_out = len(ws)
    M = np.zeros((n_out * c_out, int(np.prod(spatial)) * c_in), dtype=np.result_type(kernel, float))
    for r, w in enumerate(ws):
        for tap in np.ndindex(*kb.shape[:n_sp]):
            src = w.source[tap]
            if (src < 0).any():
                continue  # a zero-padding cell: contributes nothing
            cell = int(np.ravel_multi_index(tuple(src), spatial))
            for g in range(groups):
                outs = slice(r * c_out + g * co_g, r * c_out + (g + 1) * co_g)
                ins = slice(cell * c_in + g * c_g, cell * c_in + (g + 1) * c_g)
                M[outs, ins] += kb[tap][:, g * co_g:(g + 1) * co_g].T
    return M
