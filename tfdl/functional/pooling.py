"""Pooling in numpy: max, average, distance-weighted average, L2, stochastic, global, the
max-pool gradient and arg-max unpooling.

Every pooling looks at the same windows as a convolution (``pool_size``, ``stride`` defaulting
to ``pool_size``, ``padding``, ``dilation``, PyTorch's ``ceil_mode``) and reduces each channel on
its own, so pooling keeps the channel count. Padding cells never win a max; in the average
they count as zeros for explicit integer padding (PyTorch ``count_include_pad=True``) and are
left out for ``"same"`` (TensorFlow); cells past the padding (``ceil_mode``) are always left out.

Layouts: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.

Example:
    >>> import numpy as np
    >>> from tfdl.functional import max_pool2d
    >>> max_pool2d(np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]), 2)
    array([[6, 8],
           [3, 4]])
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tfdl import shapes, validation
from tfdl.errors import TfdlValueError
from tfdl.functional.windows import tap_coordinates

__all__ = [
    "max_pool2d",
    "avg_pool2d",
    "l2_pool2d",
    "stochastic_pool2d",
    "global_avg_pool2d",
    "global_max_pool2d",
    "max_pool2d_backward",
    "distance_weights",
    "weighted_avg_pool2d",
    "max_unpool2d",
]


def _batch(x: Any):
    x = np.asarray(x)
    if x.ndim == 2:
        return x[None, ..., None], lambda y: y[0, ..., 0]
    if x.ndim == 3:
        return x[None], lambda y: y[0]
    if x.ndim == 4:
        return x, lambda y: y
    raise TfdlValueError(
        "pool_layout",
        "`x` must be (H, W), (H, W, C) or (N, H, W, C). Received shape {x_shape}",
        x_shape=x.shape,
    )


def _spatial_axes(x: np.ndarray) -> tuple[int, int]:
    _batch(x)  # checks the layout
    return (1, 2) if x.ndim == 4 else (0, 1)


def _gather(xb, pool_size, stride, padding, dilation, ceil_mode):
    """Window values ``(N, H_o, W_o, k_h, k_w, C)`` plus cell kinds and flat input indices.

    ``kind`` is 0 for an input cell, 1 for a padding cell, 2 for a cell past the padding.
    """
    ks = validation.per_dim(pool_size, 2, "pool_size", "one int or two")
    ss = ks if stride is None else validation.per_dim(stride, 2, "stride", "one int or two")
    ds = validation.per_dim(dilation, 2, "dilation", "one int or two")
    ps = validation.padding_per_dim(padding, 2, "one int or two")
    _, h, w, _ = xb.shape
    for size, k, s, p, d in zip((h, w), ks, ss, ps, ds):
        shapes.pool_output_size(size, k, s, p, d, ceil_mode)  # teaching errors
    (th, bh, ah), (tw, bw, aw) = (
        tap_coordinates(size, k, s, p, d, ceil_mode)
        for size, k, s, p, d in zip((h, w), ks, ss, ps, ds)
    )
    rows = th[:, None, :, None]  # (H_o, 1, k_h, 1)
    cols = tw[None, :, None, :]  # (1, W_o, 1, k_w)
    inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    in_pad = (rows >= -bh) & (rows < h + ah) & (cols >= -bw) & (cols < w + aw)
    kind = np.where(inside, 0, np.where(in_pad, 1, 2))
    r, c = np.clip(rows, 0, h - 1), np.clip(cols, 0, w - 1)
    values = xb[:, r, c, :]  # (N, H_o, W_o, k_h, k_w, C)
    flat = np.broadcast_to(r * w + c, kind.shape)
    return values, kind, flat, ps


def _uses_strings(ps) -> bool:
    return any(isinstance(p, str) for p in ps)


def max_pool2d(
    x: Any,
    pool_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    dilation: Any = 1,
    return_indices: bool = False,
):
    """Max pooling: the largest value of each window, channel by channel.

    Formula: ``y[i, j, c] = max_{u, v} x_pad[i·S_h + u·D_h, j·S_w + v·D_w, c]`` (padding = -inf).

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        pool_size: int or ``(k_h, k_w)``.
        stride: int, pair, or None (= ``pool_size``).
        padding: int, pair, per-axis (before, after) pairs, ``"valid"`` or ``"same"``.
        ceil_mode: PyTorch's ``ceil_mode``.
        dilation: int or pair (PyTorch ``MaxPool2d``).
        return_indices: also return the arg-max of each window as a flat index
            ``(h·W + w)·C + c`` into one sample (``tf.nn.max_pool_with_argmax`` format).

    Returns:
        np.ndarray, or ``(y, argmax)`` when ``return_indices``.

    Example:
        >>> max_pool2d(np.zeros((50, 32)), (3, 2), stride=(2, 1)).shape
        (24, 31)

    Paper: M. Ranzato et al., "Unsupervised learning of invariant feature hierarchies", 2007.
    """
    xb, undo = _batch(x)
    values, kind, flat, _ = _gather(xb, pool_size, stride, padding, dilation, ceil_mode)
    n, ho, wo, kh, kw, c = values.shape
    lowest = -np.inf if np.issubdtype(xb.dtype, np.floating) else np.iinfo(xb.dtype).min
    masked = np.where((kind == 0)[None, ..., None], values, lowest)
    masked = masked.reshape(n, ho, wo, kh * kw, c)
    best = masked.argmax(axis=3)  # first maximum in row-major window order
    y = np.take_along_axis(masked, best[:, :, :, None, :], axis=3)[:, :, :, 0, :].astype(xb.dtype)
    if not return_indices:
        return undo(y)
    cells = flat.reshape(ho, wo, kh * kw)
    hw = np.take_along_axis(np.broadcast_to(cells[None, ..., None], masked.shape), best[:, :, :, None, :], 3)
    argmax = hw[:, :, :, 0, :] * c + np.arange(c)
    return undo(y), undo(argmax)


def avg_pool2d(
    x: Any,
    pool_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool | None = None,
) -> np.ndarray:
    """Average pooling: the mean of each window, channel by channel.

    Formula: ``y[i, j, c] = (1 / |window|) · sum_{u, v} x_pad[i·S_h + u, j·S_w + v, c]`` where
    ``|window|`` counts input cells, plus padding cells if ``count_include_pad``.

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        pool_size: int or pair.
        stride: int, pair, or None (= ``pool_size``).
        padding: int, pair, pairs, ``"valid"`` or ``"same"``.
        ceil_mode: PyTorch's ``ceil_mode``.
        count_include_pad: count padding cells in the divisor. None: True for integer padding
            (PyTorch default), False for ``"same"`` (Keras ``AveragePooling2D``).

    Returns:
        np.ndarray: float array.

    Example:
        >>> x = np.array([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2],
        ...               [2, 0, 0, 0, 1]])
        >>> np.round(avg_pool2d(x, 3, stride=1), 1).tolist()
        [[1.7, 1.7, 1.7], [1.0, 1.2, 1.8], [1.1, 0.8, 1.3]]

    Paper: Y. LeCun et al., 1998 (subsampling layers of LeNet-5).
    """
    xb, undo = _batch(x)
    values, kind, _, ps = _gather(xb, pool_size, stride, padding, 1, ceil_mode)
    if count_include_pad is None:
        count_include_pad = not _uses_strings(ps)
    counted = (kind == 0) | ((kind == 1) if count_include_pad else False)
    total = np.where((kind == 0)[None, ..., None], values, 0).sum(axis=(3, 4), dtype=float)
    return undo(total / counted.sum(axis=(2, 3))[None, ..., None])


def l2_pool2d(
    x: Any, pool_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False
) -> np.ndarray:
    """L2-norm pooling: the Euclidean norm of each window.

    Formula: ``y[i, j, c] = sqrt(sum_{u, v} x[i·S_h + u, j·S_w + v, c]^2)`` (padding = 0).

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        pool_size, stride, padding, ceil_mode: as :func:`max_pool2d`.

    Returns:
        np.ndarray: float array.

    Example:
        >>> l2_pool2d(np.array([[3., 4.], [0., 0.]]), 2)
        array([[5.]])

    Paper: Y-L. Boureau, J. Ponce, Y. LeCun, "A theoretical analysis of feature pooling in
    visual recognition", ICML 2010.
    """
    xb, undo = _batch(x)
    values, kind, _, _ = _gather(xb, pool_size, stride, padding, 1, ceil_mode)
    squares = np.where((kind == 0)[None, ..., None], values.astype(float) ** 2, 0.0)
    return undo(np.sqrt(squares.sum(axis=(3, 4))))


def stochastic_pool2d(
    x: Any,
    pool_size: Any,
    stride: Any = None,
    padding: Any = 0,
    seed: int | None = None,
    training: bool = True,
    ceil_mode: bool = False,
) -> np.ndarray:
    """Stochastic pooling: pick one cell per window with probability proportional to its value.

    Formula: ``p_k = a_k / sum_l a_l`` over the window; training: ``y = a_m`` with
    ``m ~ Multinomial(p)``; inference: ``y = sum_k p_k·a_k`` (a window of zeros gives 0).

    Args:
        x: non-negative activations (after ReLU), ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        pool_size, stride, padding, ceil_mode: as :func:`max_pool2d`.
        seed: seed of ``np.random.default_rng``; the same seed gives the same picks.
        training: sample (True) or take the probability-weighted average (False).

    Returns:
        np.ndarray: float array.

    Example:
        >>> stochastic_pool2d(np.array([[0., 0.], [0., 7.]]), 2, seed=0)
        array([[7.]])

    Paper: M. Zeiler, R. Fergus, "Stochastic Pooling for Regularization of Deep Convolutional
    Neural Networks", ICLR 2013.
    """
    xb, undo = _batch(x)
    if np.any(xb < 0):
        raise TfdlValueError(
            "stochastic_pool_negative",
            "Stochastic pooling turns activations into probabilities p = a / sum(a), so `x` must be non-negative "
            "(apply ReLU first). Received a minimum of {minimum}",
            minimum=xb.min(),
        )
    values, kind, _, _ = _gather(xb, pool_size, stride, padding, 1, ceil_mode)
    n, ho, wo, kh, kw, c = values.shape
    a = np.where((kind == 0)[None, ..., None], values.astype(float), 0.0).reshape(n, ho, wo, kh * kw, c)
    total = a.sum(axis=3, keepdims=True)
    p = np.divide(a, total, out=np.zeros_like(a), where=total > 0)
    if not training:
        return undo((p * a).sum(axis=3))
    rng = np.random.default_rng(seed)
    u = rng.random((n, ho, wo, 1, c))
    cdf = np.cumsum(p, axis=3)
    pick = np.minimum((cdf <= u).sum(axis=3, keepdims=True), kh * kw - 1)
    return undo(np.take_along_axis(a, pick, axis=3)[:, :, :, 0, :])


def global_avg_pool2d(x: Any, keepdims: bool = False) -> np.ndarray:
    """Global average pooling: one mean per channel over the whole map (NiN, GoogLeNet).

    Formula: ``y[c] = (1 / (H·W)) · sum_{i, j} x[i, j, c]``.

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        keepdims: keep the spatial axes as size 1.

    Returns:
        np.ndarray: ``()``, ``(C,)`` or ``(N, C)`` (or with ``1×1`` spatial axes).

    Example:
        >>> global_avg_pool2d(np.ones((7, 7, 512))).shape
        (512,)

    Paper: M. Lin, Q. Chen, S. Yan, "Network In Network", ICLR 2014.
    """
    x = np.asarray(x)
    return x.mean(axis=_spatial_axes(x), keepdims=keepdims)


def global_max_pool2d(x: Any, keepdims: bool = False) -> np.ndarray:
    """Global max pooling: one maximum per channel over the whole map (max-over-time in 2-D).

    Formula: ``y[c] = max_{i, j} x[i, j, c]``.

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        keepdims: keep the spatial axes as size 1.

    Returns:
        np.ndarray: ``()``, ``(C,)`` or ``(N, C)`` (or with ``1×1`` spatial axes).

    Example:
        >>> global_max_pool2d(np.arange(12.).reshape(2, 3, 2)).tolist()
        [10.0, 11.0]

    Paper: Y. Kim, "Convolutional Neural Networks for Sentence Classification", EMNLP 2014.
    """
    x = np.asarray(x)
    return x.max(axis=_spatial_axes(x), keepdims=keepdims)


def max_pool2d_backward(
    x: Any,
    grad_out: Any,
    pool_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    dilation: Any = 1,
):
    """Gradient of max pooling: each output's gradient flows only to its window's arg-max cell.

    Formula: ``dL/dx[m] = sum_{windows w with argmax(w) = m} dL/dy[w]``; all other cells get 0
    (overlapping windows that share a winner add up).

    Args:
        x: the forward input, ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        grad_out: ``dL/dy``, the shape of ``max_pool2d(x, ...)``.
        pool_size, stride, padding, ceil_mode, dilation: as :func:`max_pool2d`.

    Returns:
        tuple: ``(grad_x, argmax)`` — ``grad_x`` shaped like ``x``; ``argmax`` as returned by
        ``max_pool2d(..., return_indices=True)``.

    Example:
        >>> g, idx = max_pool2d_backward(np.array([[1., 2.], [4., 3.]]), np.array([[1.]]), 2)
        >>> g.tolist(), idx.tolist()
        ([[0.0, 0.0], [1.0, 0.0]], [[2]])

    Paper: course note 004: "при дифференцировании возвращают градиент в позициях максимумов".
    """
    y, argmax = max_pool2d(x, pool_size, stride, padding, ceil_mode, dilation, return_indices=True)
    grad_out = np.asarray(grad_out, dtype=float)
    if grad_out.shape != y.shape:
        raise TfdlValueError(
            "grad_out_shape",
            "`grad_out` must have the pooled shape {pooled_shape}. Received: {shape}",
            pooled_shape=y.shape, shape=grad_out.shape,
        )
    xb, undo = _batch(x)
    ab, _ = _batch(argmax)
    gb, _ = _batch(grad_out)
    n = xb.shape[0]
    grad = np.zeros((n, xb[0].size))
    for b in range(n):
        np.add.at(grad[b], ab[b].ravel(), gb[b].ravel())
    return undo(grad.reshape(xb.shape)), argmax


def distance_weights(pool_size: Any, sigma: float = 1.0) -> np.ndarray:
    """The window weights of distance-weighted average pooling: a Gaussian of the distance to the
    window's centre, normalised to sum 1.

    Formula: ``w[u, v] ∝ exp(-((u - c_h)² + (v - c_w)²) / (2σ²))`` with centre
    ``c = (k - 1) / 2`` (between two cells for an even ``k``), ``Σ_{u, v} w[u, v] = 1``.
    ``σ → ∞`` gives plain average pooling; ``σ → 0`` keeps only the centre cell(s);
    ``σ = 1/√(2·ln 2) ≈ 0.849`` turns a 3×3 window into the blur ``[[1,2,1],[2,4,2],[1,2,1]]/16``.

    Args:
        pool_size: int or ``(k_h, k_w)``.
        sigma: the Gaussian's width in cells, > 0.

    Returns:
        np.ndarray: ``(k_h, k_w)`` float weights that sum to 1.

    Example:
        >>> import math
        >>> (distance_weights(3, 1 / math.sqrt(2 * math.log(2))) * 16).round(6).tolist()
        [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]

    Paper: I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", 2016, §9.3 ("a weighted average
    based on the distance from the central pixel"); course note 004 ("усреднение с весами").
    """
    kh, kw = validation.per_dim(pool_size, 2, "pool_size", "one int or two")
    for k in (kh, kw):
        validation.positive_int(k, "pool_size")
    try:
        s = float(sigma)
    except (TypeError, ValueError):
        s = math.nan
    if not (math.isfinite(s) and s > 0):
        raise TfdlValueError(
            "pool_sigma",
            "`sigma` (the width of the distance weights, in cells) must be a finite number > 0. "
            "Received: sigma={sigma!r}",
            sigma=sigma,
        )
    u = np.arange(kh) - (kh - 1) / 2.0
    v = np.arange(kw) - (kw - 1) / 2.0
    d2 = u[:, None] ** 2 + v[None, :] ** 2
    w = np.exp(-(d2 - d2.min()) / (2.0 * s * s))  # shifted: the centre never underflows
    return w / w.sum()


def weighted_avg_pool2d(
    x: Any,
    pool_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    sigma: float = 1.0,
    count_include_pad: bool | None = None,
) -> np.ndarray:
    """Distance-weighted average pooling: each window's weighted mean, cells near its centre count more.

    Formula: ``y[i, j, c] = Σ_{u, v ∈ counted} w[u, v]·x_pad[i·S_h + u, j·S_w + v, c] /
    Σ_{u, v ∈ counted} w[u, v]`` with ``w = distance_weights(pool_size, sigma)``. Counted: the
    input cells, plus the padding cells (as zeros) if ``count_include_pad``; cells past the padding
    (``ceil_mode``) never. A whole window inside the input divides by ``Σ w = 1``.

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
        pool_size: int or pair.
        stride: int, pair, or None (= ``pool_size``).
        padding: int, pair, pairs, ``"valid"`` or ``"same"``.
        ceil_mode: PyTorch's ``ceil_mode``.
        sigma: the width of the Gaussian weights in cells (:func:`distance_weights`).
        count_include_pad: as :func:`avg_pool2d` (None: True for integer padding, False for ``"same"``).

    Returns:
        np.ndarray: float array.

    Example:
        >>> import math
        >>> x = np.array([[3, 3, 2], [0, 0, 1], [3, 1, 2]])
        >>> weighted_avg_pool2d(x, 3, sigma=1 / math.sqrt(2 * math.log(2))).round(6).tolist()
        [[1.25]]

    Paper: I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", 2016, §9.3.
    """
    xb, undo = _batch(x)
    values, kind, _, ps = _gather(xb, pool_size, stride, padding, 1, ceil_mode)
    w = distance_weights(values.shape[3:5], sigma)
    if count_include_pad is None:
        count_include_pad = not _uses_strings(ps)
    counted = (kind == 0) | ((kind == 1) if count_include_pad else False)  # (H_o, W_o, k_h, k_w)
    total = (np.where((kind == 0)[None, ..., None], values, 0) * w[:, :, None]).sum(axis=(3, 4), dtype=float)
    weight = (counted * w).sum(axis=(2, 3))
    return undo(total / weight[None, ..., None])


def max_unpool2d(pooled: Any, argmax: Any, output_shape: Any) -> np.ndarray:
    """Arg-max unpooling: put each pooled value back where its maximum was, zeros elsewhere.

    Formula: ``y = 0``; for every pooled cell ``q``: ``y[argmax[q]] += pooled[q]`` (as
    :class:`tfdl.layers.MaxUnpooling2D`: overlapping windows that share a winner add up; it is the
    gradient routing of :func:`max_pool2d_backward` with ``grad_out = pooled``).

    Args:
        pooled: ``max_pool2d`` output, ``(H_o, W_o)``, ``(H_o, W_o, C)`` or ``(N, H_o, W_o, C)``.
        argmax: the flat indices ``(h·W + w)·C + c`` of ``max_pool2d(..., return_indices=True)``.
        output_shape: the shape of the input that was pooled (same layout as ``pooled``).

    Returns:
        np.ndarray: float array of ``output_shape``.

    Example:
        >>> y, idx = max_pool2d(np.array([[1., 2.], [4., 3.]]), 2, return_indices=True)
        >>> max_unpool2d(y, idx, (2, 2)).tolist()
        [[0.0, 0.0], [4.0, 0.0]]

    Paper: M. Zeiler, R. Fergus, "Visualizing and understanding convolutional networks", ECCV 2014.
    """
    pooled, argmax = np.asarray(pooled, dtype=float), np.asarray(argmax)
    shape = tuple(int(n) for n in output_shape)
    if argmax.shape != pooled.shape or len(shape) != pooled.ndim:
        raise TfdlValueError(
            "unpool_shapes_numpy",
            "`pooled` and `argmax` must have one shape, and `output_shape` their layout. Received: "
            "{pooled_shape}, {argmax_shape} and {output_shape}",
            pooled_shape=pooled.shape, argmax_shape=argmax.shape, output_shape=shape,
        )
    pb, _ = _batch(pooled)
    ab, _ = _batch(argmax)
    out, undo = _batch(np.zeros(shape))
    per_sample = out[0].size
    if ab.size and (ab.min() < 0 or ab.max() >= per_sample):
        raise TfdlValueError(
            "unpool_index_range",
            "`argmax` holds flat indices into one sample of {output_shape}, so 0 <= index < {size}. "
            "Received: {low}..{high}",
            output_shape=shape, size=per_sample, low=int(ab.min()), high=int(ab.max()),
        )
    flat = out.reshape(out.shape[0], -1)
    for b in range(flat.shape[0]):
        np.add.at(flat[b], ab[b].ravel(), pb[b].ravel())
    return undo(flat.reshape(out.shape))
