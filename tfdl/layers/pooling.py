"""Pooling layers Keras lacks: L2-norm, stochastic, distance-weighted average, max with arg-max,
max unpooling, global L2.

All are channels-last ``(batch, rows, cols, channels)`` and built from GPU ops
(``avg_pool``, ``extract_patches``, ``max_pool_with_argmax``, ``scatter_nd``), with gradients.

``MaxPoolingWithArgmax2D`` and ``MaxUnpooling2D`` form a pair for DeconvNet / SegNet decoders::

    pooled, argmax = MaxPoolingWithArgmax2D(2)(x)
    y = MaxUnpooling2D(2)([pooled, argmax])        # or [pooled, argmax, x] for odd sizes

The arg-max is a flat index ``(row·W + col)·C + channel`` into one sample (the layout of
``tf.nn.max_pool_with_argmax(include_batch_in_index=False)`` and of
``tfdl.functional.max_pool2d(return_indices=True)``), as ``int64``.
"""

from __future__ import annotations

import math

import keras
import tensorflow as tf
from keras import ops

from tfdl.errors import TfdlValueError
from tfdl.layers._conv_base import (
    _int_tuple,
    output_size,
    resolve_pads,
    spatial_padding,
)
from tfdl.shapes import pool_output_size

__all__ = [
    "GlobalL2Pooling2D",
    "L2Pooling2D",
    "MaxPoolingWithArgmax2D",
    "MaxUnpooling2D",
    "StochasticPooling2D",
    "WeightedAveragePooling2D",
]


def _safe_sqrt(s):
    """sqrt with a finite (zero) gradient where the argument is 0."""
    positive = s > 0
    root = ops.sqrt(ops.where(positive, s, ops.ones_like(s)))
    return ops.where(positive, root, ops.zeros_like(s))


class _WindowPool(keras.layers.Layer):
    """Shared arguments: pool_size, strides (None = pool_size), padding (valid/same/int/pairs)."""

    allow_int_padding = True

    def __init__(self, pool_size=2, strides=None, padding="valid", **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _int_tuple(pool_size, 2, "pool_size")
        self.strides = self.pool_size if strides is None else _int_tuple(strides, 2, "strides")
        if not isinstance(padding, str) and not self.allow_int_padding:
            raise TfdlValueError(
                "pool_padding_string",
                "`padding` must be 'valid' or 'same' for {layer}. Received: padding={padding!r}",
                layer=type(self).__name__, padding=padding,
            )
        self.padding = spatial_padding(
            padding,
            2,
            f"'valid' or 'same'{' or an int / per-side pairs' if self.allow_int_padding else ''}",
        )
        if not isinstance(self.padding, str):
            for (b, a), k in zip(self.padding, self.pool_size):
                if max(b, a) > k // 2:
                    raise TfdlValueError(
                        "pool_layer_padding_half",
                        "`padding` must be at most half the pool size on each side (PyTorch rule: a window must not "
                        "be all padding). Received: padding={padding}, pool_size={pool_size}",
                        padding=padding, pool_size=self.pool_size,
                    )
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def _pads(self, spatial):
        return resolve_pads(self.padding, spatial, self.pool_size, self.strides)

    def _check_windows(self, shape):
        """A window larger than the (padded) input: tfdl's teaching error (``pool_window_larger_than_input``)
        before TensorFlow's kernels see it (they return an empty map, or fail deep in oneDNN)."""
        if self.padding == "same" or len(shape) != 4:
            return
        pads = self._pads(tuple(shape[1:3]))
        for n, k, s, p in zip(shape[1:3], self.pool_size, self.strides, pads):
            if n is not None:
                pool_output_size(int(n), k, s, p)

    def build(self, input_shape):
        self._check_windows(tuple(input_shape))
        super().build(input_shape)

    def compute_output_shape(self, input_shape):
        self._check_windows(tuple(input_shape))
        spatial = tuple(input_shape[1:3])
        pads = ((0, 0), (0, 0)) if self.padding == "same" else self._pads(spatial)
        outs = [
            output_size(n, p, k, s, 1, self.padding)
            for n, k, s, p in zip(spatial, self.pool_size, self.strides, pads)
        ]
        return (input_shape[0], *outs, input_shape[3])

    def _zero_pad(self, x):
        """Pad with zeros (for sums over windows); 'same' pads need the (dynamic) size."""
        self._check_windows(tuple(x.shape))
        if self.padding == "valid":
            return x
        if self.padding == "same":
            # tf.*: the widths depend on the dynamic size; keras.ops.pad takes static widths
            shape = tf.shape(x)
            pads = []
            for axis, (k, s) in enumerate(zip(self.pool_size, self.strides), start=1):
                n = shape[axis]
                total = tf.maximum((-(-n // s) - 1) * s + k - n, 0)
                pads.append(tf.stack([total // 2, total - total // 2]))
            paddings = tf.stack([tf.zeros(2, tf.int32), pads[0], pads[1], tf.zeros(2, tf.int32)])
            return tf.pad(x, paddings)
        (t, b), (l, r) = self.padding
        return ops.pad(x, [[0, 0], [t, b], [l, r], [0, 0]])

    def _window_sum(self, x):
        """sum over each window = avg_pool(VALID) of the zero-padded input x area."""
        area = self.pool_size[0] * self.pool_size[1]
        avg = ops.average_pool(self._zero_pad(x), self.pool_size, self.strides, "valid")
        return avg * ops.cast(area, avg.dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "strides": self.strides,
            "padding": self.padding,
        }


@keras.saving.register_keras_serializable(package="tfdl")
class L2Pooling2D(_WindowPool):
    """L2-norm pooling: the Euclidean norm of each window, channel by channel.

    Formula: ``y[n, i, j, c] = sqrt(sum_{u, v} x_pad[n, i·S_h + u, j·S_w + v, c]^2)`` (zero
    padding; the gradient ``x / y`` is set to 0 where a window is all zeros).

    Args:
        pool_size: int or ``(k_h, k_w)``.
        strides: int, pair or None (= ``pool_size``).
        padding: ``"valid"``, ``"same"``, an int or per-side pairs (at most half the window).
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, H_out, W_out, channels)``.

    Example:
        >>> import numpy as np
        >>> print(L2Pooling2D(2)(np.ones((1, 4, 4, 3), "float32")).shape)
        (1, 2, 2, 3)

    Paper: Y-L. Boureau, J. Ponce, Y. LeCun, "A theoretical analysis of feature pooling in
    visual recognition", ICML 2010.
    """

    def call(self, inputs):
        x = ops.convert_to_tensor(inputs)
        return _safe_sqrt(self._window_sum(ops.square(x)))


@keras.saving.register_keras_serializable(package="tfdl")
class GlobalL2Pooling2D(keras.layers.Layer):
    """Global L2-norm pooling: one Euclidean norm per channel over the whole map.

    Formula: ``y[n, c] = sqrt(sum_{i, j} x[n, i, j, c]^2)``.

    Args:
        keepdims: keep the spatial axes as size 1.
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, channels)`` (or ``(batch, 1, 1, channels)``).

    Example:
        >>> import numpy as np
        >>> print(GlobalL2Pooling2D()(np.ones((2, 4, 4, 3), "float32")).shape)
        (2, 3)

    Paper: Y-L. Boureau, J. Ponce, Y. LeCun, ICML 2010.
    """

    def __init__(self, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.keepdims = bool(keepdims)
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def call(self, inputs):
        x = ops.convert_to_tensor(inputs)
        return _safe_sqrt(ops.sum(ops.square(x), axis=(1, 2), keepdims=self.keepdims))

    def compute_output_shape(self, input_shape):
        if self.keepdims:
            return (input_shape[0], 1, 1, input_shape[3])
        return (input_shape[0], input_shape[3])

    def get_config(self):
        return {**super().get_config(), "keepdims": self.keepdims}


@keras.saving.register_keras_serializable(package="tfdl")
class StochasticPooling2D(_WindowPool):
    """Stochastic pooling: pick one cell per window with probability proportional to its value.

    Formula: ``a = max(x, 0)``, ``p_k = a_k / sum_l a_l`` over the window; training:
    ``y = a_m`` with ``m ~ Multinomial(p)`` (sampled by ``m = #{k : cdf_k <= u}``,
    ``u ~ U(0, 1)``); inference: ``y = sum_k p_k·a_k = sum a^2 / sum a`` (0 for a zero window).
    The gradient flows to the sampled cell (training) or through the weighted average.

    Args:
        pool_size: int or ``(k_h, k_w)``.
        strides: int, pair or None (= ``pool_size``).
        padding: ``"valid"``, ``"same"``, an int or per-side pairs (padding cells are zeros, so
            they are never picked).
        seed: int seed of the sampling (same seed, same picks on a fresh layer).
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, H_out, W_out, channels)``.

    Example:
        >>> import numpy as np
        >>> pool = StochasticPooling2D(2, seed=0)
        >>> print(pool(np.ones((1, 4, 4, 3), "float32"), training=True).shape)
        (1, 2, 2, 3)

    Paper: M. Zeiler, R. Fergus, "Stochastic Pooling for Regularization of Deep Convolutional
    Neural Networks", ICLR 2013.
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", seed=None, **kwargs):
        super().__init__(pool_size=pool_size, strides=strides, padding=padding, **kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        a = ops.relu(ops.convert_to_tensor(inputs))
        if not training:
            s1 = self._window_sum(a)
            s2 = self._window_sum(ops.square(a))
            positive = s1 > 0
            return ops.where(positive, s2 / ops.where(positive, s1, ops.ones_like(s1)), 0.0)
        k_h, k_w = self.pool_size
        s_h, s_w = self.strides
        x = self._zero_pad(a)
        # tf.*: keras.ops.image.extract_patches is a convolution with an identity kernel
        # (k_h·k_w·C times the work, and 0·inf = NaN); TensorFlow's op copies the windows.
        patches = tf.image.extract_patches(
            x, sizes=[1, k_h, k_w, 1], strides=[1, s_h, s_w, 1], rates=[1, 1, 1, 1],
            padding="VALID",
        )
        shape = tf.shape(patches)  # tf.*: dynamic batch and sizes, stacked into shapes below
        c = a.shape[-1]
        windows = tf.reshape(patches, tf.stack([shape[0], shape[1], shape[2], k_h * k_w, c]))
        total = ops.sum(windows, axis=3, keepdims=True)
        p = ops.divide_no_nan(windows, total)
        cdf = ops.cumsum(p, axis=3)
        u = keras.random.uniform(
            tf.stack([shape[0], shape[1], shape[2], 1, c]), seed=self.seed_generator,
            dtype=windows.dtype,
        )
        pick = ops.minimum(
            ops.sum(ops.cast(cdf <= u, "int32"), axis=3), k_h * k_w - 1
        )  # (N, H_o, W_o, C)
        chosen = ops.one_hot(pick, k_h * k_w, axis=3, dtype=windows.dtype)
        return ops.sum(windows * chosen, axis=3)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def _gaussian_window(pool_size, sigma):
    """``w[u, v] ∝ exp(-((u - c_h)² + (v - c_w)²) / (2σ²))``, ``c = (k - 1)/2``, summing to 1 (Python floats)."""
    (kh, kw), s2 = pool_size, 2.0 * sigma * sigma
    d2 = [[(u - (kh - 1) / 2) ** 2 + (v - (kw - 1) / 2) ** 2 for v in range(kw)] for u in range(kh)]
    low = min(min(row) for row in d2)
    e = [[math.exp(-(d - low) / s2) for d in row] for row in d2]
    total = sum(map(sum, e))
    return [[v / total for v in row] for row in e]


@keras.saving.register_keras_serializable(package="tfdl")
class WeightedAveragePooling2D(_WindowPool):
    """Distance-weighted average pooling: each window's weighted mean, cells near its centre count more.

    Formula: ``y[n, i, j, c] = Σ_{u, v ∈ counted} w[u, v]·x_pad[n, i·S_h + u, j·S_w + v, c] /
    Σ_{u, v ∈ counted} w[u, v]`` with fixed (not trained) weights
    ``w[u, v] ∝ exp(-((u - c_h)² + (v - c_w)²) / (2σ²))``, ``c = (k - 1)/2``, ``Σ w = 1``. Counted:
    the input cells, plus the zero padding cells if ``count_include_pad``. One depthwise
    convolution with the weights (and, where padding is left out, one more of a mask of ones).
    ``σ → ∞`` is ``AveragePooling2D``. Reference: :func:`tfdl.functional.weighted_avg_pool2d`.

    Args:
        pool_size: int or ``(k_h, k_w)``.
        strides: int, pair or None (= ``pool_size``).
        padding: ``"valid"``, ``"same"``, an int or per-side pairs (at most half the window).
        sigma: the Gaussian's width in cells, > 0.
        count_include_pad: divide padding cells in (as zeros). None: True for integer padding
            (PyTorch), False for ``"same"`` (Keras ``AveragePooling2D``).
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, H_out, W_out, channels)``.

    Example:
        >>> import numpy as np
        >>> print(WeightedAveragePooling2D(3, strides=1, sigma=0.5)(np.ones((1, 5, 5, 2), "float32")).shape)
        (1, 3, 3, 2)

    Paper: I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", 2016, §9.3 ("a weighted
    average based on the distance from the central pixel"); course note 004 ("усреднение с весами").
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", sigma=1.0, count_include_pad=None, **kwargs):
        super().__init__(pool_size, strides, padding, **kwargs)
        try:
            value = float(sigma)
        except (TypeError, ValueError):
            value = math.nan
        if isinstance(sigma, bool) or not (math.isfinite(value) and value > 0):
            raise TfdlValueError(
                "pool_sigma",
                "`sigma` (the width of the distance weights, in cells) must be a finite number > 0. "
                "Received: sigma={sigma!r}",
                sigma=sigma,
            )
        self.sigma = value
        self.count_include_pad = None if count_include_pad is None else bool(count_include_pad)
        self.window_weights = _gaussian_window(self.pool_size, self.sigma)

    def _includes_pad(self):
        if self.count_include_pad is not None:
            return self.count_include_pad
        return not isinstance(self.padding, str)

    def _weighted_sum(self, x, channels):
        kernel = ops.convert_to_tensor(self.window_weights, dtype=x.dtype)
        kernel = ops.tile(kernel[:, :, None, None], (1, 1, channels, 1))
        return ops.depthwise_conv(self._zero_pad(x), kernel, strides=self.strides, padding="valid")

    def call(self, inputs):
        x = ops.cast(ops.convert_to_tensor(inputs), self.compute_dtype)
        y = self._weighted_sum(x, x.shape[-1])
        if self.padding == "valid" or self._includes_pad():
            return y  # every counted window's weights sum to 1
        ones = ops.ones_like(x[:1, :, :, :1])
        return y / self._weighted_sum(ones, 1)

    def get_config(self):
        return {**super().get_config(), "sigma": self.sigma, "count_include_pad": self.count_include_pad}


@keras.saving.register_keras_serializable(package="tfdl")
class MaxPoolingWithArgmax2D(_WindowPool):
    """Max pooling that also returns where each maximum was (for unpooling).

    Formula: ``y[n, i, j, c] = max_{u, v} x[n, i·S_h + u, j·S_w + v, c]``,
    ``argmax[n, i, j, c] = (row*·W + col*)·C + c`` of the winning cell (flat index into one
    sample; ties: the first in row-major window order on CPU).

    Args:
        pool_size: int or ``(k_h, k_w)``.
        strides: int, pair or None (= ``pool_size``).
        padding: ``"valid"`` or ``"same"``.
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        ``(pooled, argmax)``: float ``(batch, H_out, W_out, C)`` and int64 of the same shape.

    Example:
        >>> import numpy as np
        >>> pooled, argmax = MaxPoolingWithArgmax2D(2)(np.ones((1, 4, 4, 3), "float32"))
        >>> print(pooled.shape, argmax.dtype.name)
        (1, 2, 2, 3) int64

    Paper: M. Zeiler, R. Fergus, "Visualizing and understanding convolutional networks" (the
    "switches" of DeconvNet), ECCV 2014; V. Badrinarayanan et al., "SegNet", 2017.
    """

    allow_int_padding = False

    def call(self, inputs):
        x = ops.convert_to_tensor(inputs)
        self._check_windows(tuple(x.shape))
        # tf.*: Keras has no max pooling that returns the arg-max
        pooled, argmax = tf.nn.max_pool_with_argmax(
            x,
            ksize=[1, *self.pool_size, 1],
            strides=[1, *self.strides, 1],
            padding=self.padding.upper(),
            output_dtype=tf.int64,
            include_batch_in_index=False,
        )
        return pooled, argmax

    def compute_output_shape(self, input_shape):
        shape = super().compute_output_shape(input_shape)
        return shape, shape

    def compute_output_spec(self, inputs):
        shape = self.compute_output_shape(inputs.shape)[0]
        return (
            keras.KerasTensor(shape, dtype=self.compute_dtype),
            keras.KerasTensor(shape, dtype="int64"),
        )


@keras.saving.register_keras_serializable(package="tfdl")
class MaxUnpooling2D(keras.layers.Layer):
    """Max unpooling: put each pooled value back where its maximum was, zeros elsewhere.

    Formula: ``y = 0``; for every pooled cell ``q``: ``y[argmax[q]] += pooled[q]`` (a scatter; it
    is exactly the gradient routing of max pooling, so overlapping windows that share a winner
    add up). Gradients flow to ``pooled``.

    Call it on ``[pooled, argmax]`` or ``[pooled, argmax, like]``, where ``like`` is the tensor
    that was pooled (its spatial size is used; needed when that size was odd).

    Args:
        pool_size: int or ``(k_h, k_w)`` of the pooling being undone.
        strides: int, pair or None (= ``pool_size``).
        padding: ``"valid"`` or ``"same"`` of the pooling being undone.
        output_size: optional ``(H, W)`` of the unpooled map (default: from ``like``, else
            ``H_out·S`` for ``"same"`` and ``(H_out - 1)·S + k`` for ``"valid"``).
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, H, W, channels)``.

    Example:
        >>> import numpy as np
        >>> x = np.random.rand(1, 4, 4, 3).astype("float32")
        >>> pooled, argmax = MaxPoolingWithArgmax2D(2)(x)
        >>> print(MaxUnpooling2D(2)([pooled, argmax]).shape)
        (1, 4, 4, 3)

    Paper: M. Zeiler, R. Fergus, "Visualizing and understanding convolutional networks", ECCV
    2014; V. Badrinarayanan et al., "SegNet", 2017.
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", output_size=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _int_tuple(pool_size, 2, "pool_size")
        self.strides = self.pool_size if strides is None else _int_tuple(strides, 2, "strides")
        if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
            raise TfdlValueError(
                "padding_valid_same",
                "`padding` must be 'valid' or 'same'. Received: padding={padding!r}",
                padding=padding,
            )
        self.padding = padding.lower()
        self.output_size = None if output_size is None else _int_tuple(
            output_size, 2, "output_size"
        )

    def _size(self, pooled_shape, like_shape=None):
        if like_shape is not None:
            return tuple(like_shape[1:3])
        if self.output_size is not None:
            return self.output_size
        out = []
        for n, k, s in zip(pooled_shape[1:3], self.pool_size, self.strides):
            if n is None:
                out.append(None)
            elif self.padding == "same":
                out.append(n * s)
            else:
                out.append((n - 1) * s + k)
        return tuple(out)

    def _check_inputs(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise TfdlValueError(
                "unpool_inputs",
                "MaxUnpooling2D is called on [pooled, argmax] or [pooled, argmax, like]. Received: {type_name} of "
                "length {length}",
                type_name=type(inputs).__name__, length=len(inputs) if isinstance(inputs, (list, tuple)) else 1,
            )

    def build(self, input_shape):
        self._check_inputs(input_shape)
        if tuple(input_shape[0]) != tuple(input_shape[1]):
            raise TfdlValueError(
                "unpool_shapes",
                "`pooled` and `argmax` must have the same shape. Received: {pooled_shape} and {argmax_shape}",
                pooled_shape=tuple(input_shape[0]), argmax_shape=tuple(input_shape[1]),
            )
        self.built = True

    def call(self, inputs):
        self._check_inputs(inputs)
        # tf.*: the scatter below needs the dynamic batch and sizes as int64 tensors, and
        # tf.scatter_nd takes a dynamic output shape (keras.ops.scatter a static one)
        pooled = tf.convert_to_tensor(inputs[0])
        argmax = tf.cast(tf.convert_to_tensor(inputs[1]), tf.int64)
        shape = tf.shape(pooled, out_type=tf.int64)
        n, c = shape[0], shape[3]
        if len(inputs) == 3:
            like = tf.shape(inputs[2], out_type=tf.int64)
            h, w = like[1], like[2]
            static_hw = tuple(inputs[2].shape[1:3])
        else:
            static_hw = self._size(tuple(pooled.shape))
            if None in static_hw:
                raise TfdlValueError(
                    "unpool_output_size",
                    "MaxUnpooling2D needs the output size: pass `output_size`, or call it on [pooled, argmax, like] "
                    "with the tensor that was pooled.",
                )
            h, w = tf.constant(static_hw[0], tf.int64), tf.constant(static_hw[1], tf.int64)
        per_sample = h * w * c
        flat_idx = tf.reshape(argmax, tf.stack([n, -1]))
        flat_idx = flat_idx + tf.range(n, dtype=tf.int64)[:, None] * per_sample
        updates = tf.reshape(pooled, [-1])
        y = tf.scatter_nd(tf.reshape(flat_idx, [-1, 1]), updates, tf.reshape(n * per_sample, [1]))
        y = tf.reshape(y, tf.stack([n, h, w, c]))
        y.set_shape([pooled.shape[0], *static_hw, pooled.shape[3]])
        return y

    def compute_output_shape(self, input_shape):
        like = input_shape[2] if len(input_shape) == 3 else None
        pooled = input_shape[0]
        return (pooled[0], *self._size(pooled, like), pooled[3])

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_size": self.output_size,
        }
