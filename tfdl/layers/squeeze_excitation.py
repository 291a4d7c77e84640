"""Squeeze-and-Excitation: channel attention that rescales feature maps (Hu et al., 2018).

    z = mean_{h,w} x            (squeeze, one number per channel)
    s = σ(W·ReLU(V·z + b_V) + b_W)   (excitation, a bottleneck MLP with ratio r)
    y = x ⊙ s                   (scale every channel by its gate)

Example:
    >>> import numpy as np
    >>> from tfdl.layers import SqueezeExcitation
    >>> SqueezeExcitation(ratio=4)(np.zeros((2, 8, 8, 16), "float32")).shape
    TensorShape([2, 8, 8, 16])
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["SqueezeExcitation"]


@keras.saving.register_keras_serializable(package="tfdl")
class SqueezeExcitation(keras.layers.Layer):
    """Squeeze-and-Excitation gate: ``y = x ⊙ σ(W·ReLU(V·z))`` with ``z`` the channel means.

    Formula (Hu, Shen, Sun, "Squeeze-and-Excitation Networks", CVPR 2018, Eq. 2-4):
        z_c = 1/(H·W) Σ_{i,j} x_{i,j,c}
        s = σ(W·δ(V·z + b_V) + b_W),  V: C → C/r,  W: C/r → C,  δ = ReLU
        y_{i,j,c} = s_c · x_{i,j,c}

    Parameters: ``C·C/r + C/r + C/r·C + C`` (with biases, as in the reference SE-ResNet).

    Args:
        ratio: reduction ratio ``r`` (the paper uses 16); the hidden width is
            ``max(1, round(C / r))`` unless ``units`` is given.
        units: hidden width of the bottleneck; overrides ``ratio`` when set.
        use_bias: add the biases ``b_V`` and ``b_W``.
        kernel_initializer: initializer of ``V`` and ``W``.
        **kwargs: standard ``keras.layers.Layer`` arguments (``name``, ``dtype``).

    Returns:
        A tensor of the input's shape (N, H, W, C) (or (N, L, C) / (N, D, H, W, C)).

    Example:
        >>> import numpy as np
        >>> SqueezeExcitation(ratio=16)(np.ones((1, 4, 4, 64), "float32")).shape
        TensorShape([1, 4, 4, 64])
    """

    def __init__(self, ratio=16, units=None, use_bias=True, kernel_initializer="glorot_uniform",
                 **kwargs):
        super().__init__(**kwargs)
        if ratio is None or float(ratio) <= 0:
            raise validation.gt_error("ratio", ratio, 0)
        if units is not None and int(units) < 1:
            raise TfdlValueError("se_units", "`units` must be >= 1 or None. Received: units={units}", units=units)
        self.ratio = ratio
        self.units = units
        self.use_bias = use_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def build(self, input_shape):
        if len(input_shape) < 3:
            raise TfdlValueError(
                "se_input_rank",
                "`SqueezeExcitation` expects inputs of rank >= 3 (N, ..., C). Received: input_shape={input_shape}",
                input_shape=tuple(input_shape),
            )
        C = int(input_shape[-1])
        hidden = int(self.units) if self.units is not None else max(1, int(round(C / self.ratio)))
        self.hidden_units = hidden
        self.V = self.add_weight(name="V", shape=(C, hidden), initializer=self.kernel_initializer)
        self.W = self.add_weight(name="W", shape=(hidden, C), initializer=self.kernel_initializer)
        if self.use_bias:
            self.b_V = self.add_weight(name="b_V", shape=(hidden,), initializer="zeros")
            self.b_W = self.add_weight(name="b_W", shape=(C,), initializer="zeros")

    def call(self, x):
        axes = tuple(range(1, len(x.shape) - 1))
        z = ops.mean(x, axis=axes)                       # squeeze: (N, C)
        h = ops.matmul(z, ops.cast(self.V, z.dtype))
        if self.use_bias:
            h = h + ops.cast(self.b_V, z.dtype)
        h = ops.relu(h)
        s = ops.matmul(h, ops.cast(self.W, z.dtype))
        if self.use_bias:
            s = s + ops.cast(self.b_W, z.dtype)
        s = ops.sigmoid(s)                               # excitation: (N, C)
        for _ in axes:
            s = ops.expand_dims(s, 1)
        return x * s                                     # scale

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "ratio": self.ratio,
            "units": self.units,
            "use_bias": self.use_bias,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
        })
        return config
