"""Parameter-free shortcuts: ResNet's option A and the scaled residual add of Inception-ResNet.

Example:
    >>> import numpy as np
    >>> from tfdl.layers import ZeroPadShortcut
    >>> ZeroPadShortcut(filters=32, strides=2)(np.ones((1, 8, 8, 16), "float32")).shape
    TensorShape([1, 4, 4, 32])
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["ZeroPadShortcut", "ScaledResidual"]


@keras.saving.register_keras_serializable(package="tfdl")
class ZeroPadShortcut(keras.layers.Layer):
    """Identity shortcut that subsamples space and zero-pads the new channels (ResNet option A).

    Formula (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, §3.3 (A)
    and §4.2): ``y[n, i, j, c] = x[n, s·i, s·j, c]`` for ``c < C_in`` and ``0`` for
    ``C_in <= c < filters``; the padding is split evenly on both sides of the channel axis as in
    the reference CIFAR implementations. No parameters.

    Args:
        filters: output channels (``>=`` the input channels).
        strides: spatial subsampling ``s`` (1 or 2 in ResNets).
        **kwargs: standard layer arguments.

    Returns:
        A tensor (N, ceil(H/s), ceil(W/s), filters).

    Example:
        >>> import numpy as np
        >>> ZeroPadShortcut(64, strides=2)(np.ones((2, 16, 16, 32), "float32")).shape
        TensorShape([2, 8, 8, 64])
    """

    def __init__(self, filters, strides=1, **kwargs):
        super().__init__(**kwargs)
        if int(filters) < 1:
            raise validation.min_error("filters", filters, 1)
        if int(strides) < 1:
            raise validation.min_error("strides", strides, 1)
        self.filters = int(filters)
        self.strides = int(strides)

    def build(self, input_shape):
        c_in = int(input_shape[-1])
        if c_in > self.filters:
            raise TfdlValueError(
                "zero_pad_shortcut_filters",
                "`filters` must be >= the input channels for a zero-padding shortcut. Received: filters={filters} "
                "with {c_in} input channels",
                filters=self.filters, c_in=c_in,
            )

    def call(self, x):
        s = self.strides
        y = x[:, ::s, ::s, :] if s > 1 else x
        extra = self.filters - x.shape[-1]
        if extra:
            y = ops.pad(y, [[0, 0], [0, 0], [0, 0], [extra // 2, extra - extra // 2]])
        return y

    def compute_output_shape(self, input_shape):
        n, h, w, _ = input_shape
        s = self.strides
        h = None if h is None else -(-h // s)
        w = None if w is None else -(-w // s)
        return (n, h, w, self.filters)

    def get_config(self):
        config = super().get_config()
        config.update({"filters": self.filters, "strides": self.strides})
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class ScaledResidual(keras.layers.Layer):
    """Residual add with the branch scaled by a constant: ``y = x + scale · r``.

    Formula (Szegedy et al., "Inception-v4, Inception-ResNet and the Impact of Residual
    Connections on Learning", AAAI 2017, §3.3): scaling residuals by 0.1-0.3 before the add
    stabilises training of very wide residual Inception networks.

    Args:
        scale: the constant in front of the residual branch.
        **kwargs: standard layer arguments.

    Returns:
        ``x + scale · r``, called on ``[x, r]``.

    Example:
        >>> import numpy as np
        >>> x = np.ones((1, 4, 4, 8), "float32")
        >>> ScaledResidual(0.2)([x, x]).shape
        TensorShape([1, 4, 4, 8])
    """

    def __init__(self, scale=0.2, **kwargs):
        super().__init__(**kwargs)
        self.scale = float(scale)

    def call(self, inputs):
        x, r = inputs
        return x + self.scale * r

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])

    def get_config(self):
        config = super().get_config()
        config.update({"scale": self.scale})
        return config
