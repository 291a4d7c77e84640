"""Convolution as the deep-learning libraries compute it (cross-correlation), in plain numpy.

``conv2d`` slides the kernel over the (padded) input and sums the products::

    y[i, j, o] = sum_{u, v, c} k[u, v, c, o] · x_pad[i·S + u·D, j·S + v·D, c]

(``S`` stride, ``D`` dilation; with ``groups=g`` output channel ``o`` sees only the input
channels of its group). The loop runs over the ``k_h·k_w`` kernel offsets, each a strided slice
of the input times a matrix: the same sum, written the way it reads.

Layouts (channels last, like Keras): ``x`` ``(H, W)`` with kernel ``(k_h, k_w)``; ``x`` ``(H, W, C)``
or ``(N, H, W, C)`` with kernel ``(k_h, k_w, C/groups, C_out)``. The 1-D versions drop ``W``.

Example:
    >>> import numpy as np
    >>> from tfdl.functional import conv2d
    >>> conv2d(np.array([[1, 2, 3], [3, 4, 5], [1, 0, 2]]), np.array([[0, 1], [1, -1]]))
    array([[1, 2],
           [5, 3]])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tfdl import shapes, validation
from tfdl.errors import TfdlValueError
from tfdl.functional.padding import pad as _pad

__all__ = ["conv1d", "conv2d", "conv1d_transpose", "conv2d_transpose", "correlate"]


def _padding_spec(padding: Any, n: int) -> list:
    """One padding entry per spatial axis (string, int or (before, after))."""
    if isinstance(padding, str):
        padding = padding.lower()
    return validation.padding_per_dim(
        padding,
        n,
        f"an int, 'valid', 'same', one int per spatial axis or one (before, after) pair per "
        f"axis ({n})",
    )


def _widths(spatial: tuple, kernel_size: tuple, stride: tuple, padding: Any, dilation: tuple):
    """Explicit (before, after) widths per axis; also checks the output is non-empty."""
    specs = _padding_spec(padding, len(spatial))
    widths = []
    for i, k, s, p, d in zip(spatial, kernel_size, stride, specs, dilation):
        if isinstance(p, str) and p == "causal" and len(spatial) != 1:
            raise TfdlValueError("causal_1d_only", "`padding='causal'` exists for 1-D convolutions only.")
        shapes.conv_output_size(i, k, s, p, d)  # raises a teaching error if impossible
        widths.append(shapes.resolve_padding(i, k, s, p, d))
    return widths


def correlate(
    x_padded: np.ndarray,
    kernel: np.ndarray,
    stride: tuple = (1, 1),
    dilation: tuple = (1, 1),
    groups: int = 1,
) -> np.ndarray:
    """Valid cross-correlation of an already padded batch: the heart of every conv here.

    Formula: ``y[n, i, o] = sum_{u, c} k[u, c, o] · x[n, i·S + u·D, g(o)·C_g + c]`` for every
    spatial index ``i`` and kernel offset ``u`` (any number of spatial axes).

    Args:
        x_padded: ``(N, *spatial, C_in)``.
        kernel: ``(*k, C_in / groups, C_out)``.
        stride: one int per spatial axis.
        dilation: one int per spatial axis.
        groups: channel groups ``g``.

    Returns:
        np.ndarray: ``(N, *out_spatial, C_out)``.

    Example:
        >>> correlate(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 2))).shape
        (1, 2, 2, 2)

    Paper: Dumoulin & Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    n_sp = kernel.ndim - 2
    k_sizes = kernel.shape[:n_sp]
    c_in, c_out = x_padded.shape[-1], kernel.shape[-1]
    c_g, co_g = c_in // groups, c_out // groups
    out_sizes = [
        (x_padded.shape[1 + a] - d * (k - 1) - 1) // s + 1
        for a, (k, s, d) in enumerate(zip(k_sizes, stride, dilation))
    ]
    dtype = np.result_type(x_padded.dtype, kernel.dtype)
    y = np.zeros((x_padded.shape[0], *out_sizes, c_out), dtype=dtype)
    for offset in np.ndindex(*k_sizes):  # every tap of the kernel
        window = tuple(
            slice(u * d, u * d + s * (o - 1) + 1, s)
            for u, d, s, o in zip(offset, dilation, stride, out_sizes)
        )
        patch = x_padded[(slice(None), *window)]  # (N, *out, C_in): the cells under this tap
        for g in range(groups):
            y[..., g * co_g:(g + 1) * co_g] += (
                patch[..., g * c_g:(g + 1) * c_g] @ kernel[offset][:, g * co_g:(g + 1) * co_g]
            )
    return y


def _as_batch(x: np.ndarray, kernel: np.ndarray, n_sp: int):
    """Bring (x, kernel) to ((N, *S, C), (*k, C_g, C_out)) and return how to undo it."""
    if x.ndim == n_sp and kernel.ndim == n_sp:  # one channel, one filter
        return x[None, ..., None], kernel[..., None, None], lambda y: y[0, ..., 0], False
    if x.ndim == n_sp + 1 and kernel.ndim == n_sp:  # the same kernel on every channel
        return x[None], kernel, lambda y: y[0], True
    if x.ndim == n_sp + 1 and kernel.ndim == n_sp + 1:  # one filter across all channels
        return x[None], kernel[..., None], lambda y: y[0, ..., 0], False
    if x.ndim == n_sp + 1 and kernel.ndim == n_sp + 2:
        return x[None], kernel, lambda y: y[0], False
    if x.ndim == n_sp + 2 and kernel.ndim == n_sp + 2:
        return x, kernel, lambda y: y, False
    raise TfdlValueError(
        "conv_shapes",
        "Cannot convolve `x` of shape {x_shape} with `kernel` of shape {kernel_shape}: for {rank}-D convolution use "
        "x of {rank} dims with a kernel of {rank} dims, or x (..., C) / (N, ..., C) with a kernel (..., C/groups, "
        "C_out).",
        x_shape=x.shape, kernel_shape=kernel.shape, rank=n_sp,
    )


def _bias_undo(y: np.ndarray, bias: Any, undo) -> np.ndarray:
    """Add the optional ``bias`` (one per output channel), then restore the caller's layout."""
    if bias is not None:
        y = y + np.asarray(bias)
    return undo(y)


def _conv(x, kernel, n_sp, stride, padding, dilation, padding_mode, groups, bias, value=0.0):
    x = np.asarray(x)
    kernel = np.asarray(kernel)
    xb, kb, undo, per_channel = _as_batch(x, kernel, n_sp)
    if per_channel:  # a plain kernel applied channel by channel (as an image editor does)
        c = xb.shape[-1]
        kb = np.broadcast_to(kb[..., None, None], (*kb.shape, 1, c)).copy()
        groups = c
    groups = validation.positive_int(groups, "groups")
    c_in, c_out = xb.shape[-1], kb.shape[-1]
    if c_in % groups or c_out % groups:
        raise TfdlValueError(
            "groups_divide",
            "`groups` must divide the input channels ({c_in}) and the filters ({c_out}). Received: groups={groups}",
            c_in=c_in, c_out=c_out, groups=groups,
        )
    if kb.shape[-2] != c_in // groups:
        raise TfdlValueError(
            "kernel_group_channels",
            "The kernel expects {kernel_channels} input channels per group, but `x` has {c_in} channels in {groups} "
            "group(s) = {per_group} per group. Kernel shape {kernel_shape}, x shape {x_shape}",
            kernel_channels=kb.shape[-2], c_in=c_in, groups=groups, per_group=c_in // groups,
            kernel_shape=kernel.shape, x_shape=x.shape,
        )
    k_sizes = kb.shape[:n_sp]
    stride = validation.positive_int_tuple(stride, n_sp, "stride")
    dilation = validation.positive_int_tuple(dilation, n_sp, "dilation")
    widths = _widths(xb.shape[1:-1], k_sizes, stride, padding, dilation)
    xp = _pad(xb, widths, padding_mode, value=value, axes=tuple(range(1, n_sp + 1)))
    return _bias_undo(correlate(xp, kb, stride, dilation, groups), bias, undo)


def conv1d(
    x: Any,
    kernel: Any,
    stride: int = 1,
    padding: Any = 0,
    dilation: int = 1,
    padding_mode: str = "zeros",
    groups: int = 1,
    bias: Any = None,
    padding_value: float = 0.0,
) -> np.ndarray:
    """1-D convolution (cross-correlation) of a signal with a kernel.

    Formula: ``y[i] = sum_u k[u] · x_pad[i·S + u·D]``, ``len(y) = floor((L + 2P - D·(F-1) - 1)/S) + 1``.

    Args:
        x: ``(L,)``, ``(L, C)`` or ``(N, L, C)``.
        kernel: ``(F,)`` for a ``(L,)`` signal (or per channel of ``(L, C)``), ``(F, C)`` for one
            filter over all channels, or ``(F, C/groups, C_out)``.
        stride: ``S``.
        padding: int (each side), (before, after), ``"valid"``, ``"same"`` or ``"causal"``.
        dilation: ``D``.
        padding_mode: one of :data:`tfdl.functional.PADDING_MODES`.
        groups: channel groups.
        bias: optional ``(C_out,)`` added to every output.
        padding_value: the fill of ``padding_mode="constant"``.

    Returns:
        np.ndarray: ``(L_out,)``, ``(L_out, C_out)`` or ``(N, L_out, C_out)``.

    Example:
        >>> conv1d(np.array([1, 2, 3, 4, 5, 5, 4, 3, 2, 1]), np.array([-1, 0, 1]))
        array([ 2,  2,  2,  1, -1, -2, -2, -2])

    Paper: course note 004 ("сначала 1D-свёртки"); Dumoulin & Visin 2016.
    """
    return _conv(x, kernel, 1, stride, padding, dilation, padding_mode, groups, bias, padding_value)


def conv2d(
    x: Any,
    kernel: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    padding_mode: str = "zeros",
    groups: int = 1,
    bias: Any = None,
    padding_value: float = 0.0,
) -> np.ndarray:
    """2-D convolution (cross-correlation), as ``keras.layers.Conv2D`` / ``torch.nn.Conv2d``.

    Formula: ``y[i, j, o] = sum_{u, v, c} k[u, v, c, o] · x_pad[i·S_h + u·D_h, j·S_w + v·D_w, c]``
    with output size ``floor((I + 2P - D·(F-1) - 1) / S) + 1`` per axis (TF rule for strings).

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        kernel: ``(k_h, k_w)`` for a ``(H, W)`` image (a 3-D ``x`` is then filtered channel by
            channel), ``(k_h, k_w, C)`` for one filter over all channels, or
            ``(k_h, k_w, C/groups, C_out)``.
        stride: int or ``(S_h, S_w)``.
        padding: int, ``(P_h, P_w)``, ``((top, bottom), (left, right))``, ``"valid"`` or
            ``"same"`` (TF split: the odd cell at the bottom/right).
        dilation: int or ``(D_h, D_w)``.
        padding_mode: ``"zeros"``, ``"constant"``, ``"replicate"``, ``"reflect"``,
            ``"symmetric"`` or ``"circular"``.
        groups: channel groups (``groups = C`` is a depthwise convolution).
        bias: optional ``(C_out,)``.
        padding_value: the fill of ``padding_mode="constant"``.

    Returns:
        np.ndarray: ``(H_out, W_out)``, ``(H_out, W_out, C_out)`` or ``(N, H_out, W_out, C_out)``.

    Example:
        >>> conv2d(np.zeros((28, 28, 3)), np.zeros((3, 3, 3, 8)), stride=2, padding="same").shape
        (14, 14, 8)

    Paper: Y. LeCun et al., "Gradient-based learning applied to document recognition", 1998.
    """
    return _conv(x, kernel, 2, stride, padding, dilation, padding_mode, groups, bias, padding_value)


def _conv_transpose(x, kernel, n_sp, stride, padding, output_padding, dilation, bias):
    x = np.asarray(x)
    kernel = np.asarray(kernel)
    xb, kb, undo, per_channel = _as_batch(x, kernel, n_sp)
    if per_channel:
        raise TfdlValueError(
            "transposed_kernel_layout",
            "A transposed convolution of a multi-channel `x` {x_shape} needs a kernel (..., C_out, C_in); received "
            "{kernel_shape}.",
            x_shape=x.shape, kernel_shape=kernel.shape,
        )
    # Keras layout: kernel (*k, C_out, C_in), i.e. the kernel of the forward conv C_out -> C_in
    if kb.shape[-1] != xb.shape[-1]:
        raise TfdlValueError(
            "transposed_kernel_channels",
            "The transposed kernel's last axis ({kernel_channels}) must equal the input channels ({channels}); Keras "
            "Conv2DTranspose stores kernels as (k_h, k_w, C_out, C_in).",
            kernel_channels=kb.shape[-1], channels=xb.shape[-1],
        )
    k_sizes = kb.shape[:n_sp]
    stride = validation.positive_int_tuple(stride, n_sp, "stride")
    dilation = validation.positive_int_tuple(dilation, n_sp, "dilation")
    specs = _padding_spec(padding, n_sp)
    ops = output_padding if isinstance(output_padding, (tuple, list)) else [output_padding] * n_sp
    if len(ops) != n_sp:
        raise TfdlValueError(
            "output_padding_per_dim",
            "`output_padding` must be one value or {n}. Received: {output_padding!r}",
            n=n_sp, output_padding=output_padding,
        )
    # 1. insert S-1 zeros between neighbouring cells
    spatial = xb.shape[1:-1]
    dilated_shape = [(n - 1) * s + 1 for n, s in zip(spatial, stride)]
    xd = np.zeros((xb.shape[0], *dilated_shape, xb.shape[-1]), dtype=xb.dtype)
    xd[(slice(None), *(slice(None, None, s) for s in stride))] = xb
    # 2. pad F_eff - 1 - P around it (crop where negative)
    widths, crops = [], []
    for n, k, s, p, op, d in zip(spatial, k_sizes, stride, specs, ops, dilation):
        before, after = shapes.transpose_padding(n, k, s, p, op, d)
        widths.append((max(before, 0), max(after, 0)))
        crops.append((max(-before, 0), max(-after, 0)))
    xp = _pad(xd, widths, "zeros", axes=tuple(range(1, n_sp + 1)))
    xp = xp[(slice(None), *(slice(b, xp.shape[1 + a] - e) for a, (b, e) in enumerate(crops)))]
    # 3. a stride-1 convolution with the kernel flipped in space, channels swapped
    flipped = kb[tuple(slice(None, None, -1) for _ in range(n_sp))].swapaxes(-1, -2)
    return _bias_undo(correlate(xp, flipped, (1,) * n_sp, dilation), bias, undo)


def conv1d_transpose(
    x: Any,
    kernel: Any,
    stride: int = 1,
    padding: Any = 0,
    output_padding: Any = None,
    dilation: int = 1,
    bias: Any = None,
) -> np.ndarray:
    """1-D transposed convolution by zero insertion (see :func:`conv2d_transpose`).

    Formula: ``L_out = (L-1)·S - 2P + D·(F-1) + output_padding + 1``.

    Args:
        x: ``(L,)``, ``(L, C_in)`` or ``(N, L, C_in)``.
        kernel: ``(F,)`` or ``(F, C_out, C_in)`` (Keras ``Conv1DTranspose`` layout).
        stride, padding, output_padding, dilation: as :func:`conv2d_transpose`.
        bias: optional ``(C_out,)``.

    Returns:
        np.ndarray: the upsampled signal.

    Example:
        >>> conv1d_transpose(np.array([1., 2.]), np.array([1., 1., 1.]), stride=2)
        array([1., 1., 3., 2., 2.])

    Paper: Dumoulin & Visin 2016, section 4.
    """
    return _conv_transpose(x, kernel, 1, stride, padding, output_padding, dilation, bias)


def conv2d_transpose(
    x: Any,
    kernel: Any,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = None,
    dilation: Any = 1,
    bias: Any = None,
) -> np.ndarray:
    """Transposed ("up-", "de-") convolution: insert zeros between pixels, then convolve.

    Formula: insert ``S-1`` zeros between neighbouring input cells, pad ``D·(F-1) - P`` cells each
    side (plus ``output_padding`` at the end), correlate with the kernel flipped in space:
    ``O = (I-1)·S - 2P + D·(F-1) + output_padding + 1``. It equals ``M.T @ y`` where ``M`` is the
    matrix of the forward convolution (:func:`tfdl.functional.conv_matrix`).

    Args:
        x: ``(H, W)``, ``(H, W, C_in)`` or ``(N, H, W, C_in)``.
        kernel: ``(k_h, k_w)`` or ``(k_h, k_w, C_out, C_in)`` (Keras ``Conv2DTranspose``
            layout = the kernel of the forward conv ``C_out -> C_in``).
        stride: int or pair.
        padding: int / pairs (PyTorch ``ConvTranspose2d``: cells cropped each side), or
            ``"valid"`` / ``"same"`` (Keras ``Conv2DTranspose``).
        output_padding: None, int or pair; cells added at the end (see
            :func:`tfdl.shapes.conv_transpose_output_size`).
        dilation: int or pair.
        bias: optional ``(C_out,)``.

    Returns:
        np.ndarray: ``(H_out, W_out)``, ``(H_out, W_out, C_out)`` or ``(N, H_out, W_out, C_out)``.

    Example:
        >>> conv2d_transpose(np.ones((4, 4, 8)), np.ones((3, 3, 2, 8)), 2, "same").shape
        (8, 8, 2)

    Paper: M. Zeiler et al., "Deconvolutional networks", CVPR 2010; J. Long et al., "Fully
    Convolutional Networks", CVPR 2015.
    """
    return _conv_transpose(x, kernel, 2, stride, padding, output_padding, dilation, bias)
