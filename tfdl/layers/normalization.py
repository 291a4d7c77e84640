"""Local response normalisation across channels, as in AlexNet (Krizhevsky et al., 2012).

    b^i_{x,y} = a^i_{x,y} / (k + α Σ_{j=max(0,i-n/2)}^{min(N-1,i+n/2)} (a^j_{x,y})²)^β

Example:
    >>> import numpy as np
    >>> from tfdl.layers import LocalResponseNormalization
    >>> LocalResponseNormalization()(np.ones((1, 5, 5, 8), "float32")).shape
    TensorShape([1, 5, 5, 8])
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation

__all__ = ["LocalResponseNormalization"]


@keras.saving.register_keras_serializable(package="tfdl")
class LocalResponseNormalization(keras.layers.Layer):
    """Local response normalisation over ``n`` neighbouring channels (AlexNet §3.3).

    Formula (Krizhevsky, Sutskever, Hinton, "ImageNet Classification with Deep Convolutional
    Neural Networks", NeurIPS 2012, §3.3):
        b^i = a^i / (k + α Σ_{j=i-n/2}^{i+n/2} (a^j)²)^β,   paper: k=2, n=5, α=1e-4, β=0.75

    The sum runs over the channels that exist (zero-padded at the ends). Note that the paper's α
    multiplies the plain sum; Caffe divides α by ``n`` — pass ``alpha=1e-4/5`` for Caffe's rule.

    Args:
        depth_radius: ``n // 2``, channels on each side (paper: 2, i.e. n = 5).
        bias: ``k``.
        alpha: ``α``.
        beta: ``β``.
        **kwargs: standard layer arguments.

    Returns:
        A tensor of the input's shape (N, H, W, C).

    Example:
        >>> import numpy as np
        >>> LocalResponseNormalization(depth_radius=2)(np.ones((2, 3, 3, 4), "float32")).shape
        TensorShape([2, 3, 3, 4])
    """

    def __init__(self, depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75, **kwargs):
        super().__init__(**kwargs)
        if int(depth_radius) < 0:
            raise validation.min_error("depth_radius", depth_radius, 0)
        self.depth_radius = int(depth_radius)
        self.bias = float(bias)
        self.alpha = float(alpha)
        self.beta = float(beta)

    def call(self, a):
        r = self.depth_radius
        sq = ops.square(a)
        pad = [[0, 0]] * (len(a.shape) - 1) + [[r, r]]
        sq = ops.pad(sq, pad)
        C = a.shape[-1]
        # window sum over channels i-r..i+r as a sum of 2r+1 shifted slices (all keras.ops)
        total = sq[..., 0:C]
        for d in range(1, 2 * r + 1):
            total = total + sq[..., d:d + C]
        return a / ops.power(self.bias + self.alpha * total, self.beta)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"depth_radius": self.depth_radius, "bias": self.bias,
                       "alpha": self.alpha, "beta": self.beta})
        return config
