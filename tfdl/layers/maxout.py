"""Maxout: a learned piecewise-linear activation, the max over ``k`` linear pieces.

``h_i(x) = max_{j=1..k} z_ij``, ``z_ij = x·W_{:,i,j} + b_ij`` (Goodfellow et al., "Maxout
Networks", ICML 2013). With ``k = 2`` and one piece fixed at zero it is ReLU; with enough pieces
it approximates any convex function.

Example:
    >>> import keras, tfdl
    >>> tfdl.layers.Maxout(units=4, pieces=3)(keras.ops.ones((2, 5))).shape
    TensorShape([2, 4])
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["Maxout"]


@keras.saving.register_keras_serializable(package="tfdl")
class Maxout(keras.layers.Layer):
    """Dense maxout units: ``h_i = max_j (x W_{:, i, j} + b_{i, j})`` over ``pieces`` linear maps.

    The kernel is stored as ``(d, units·pieces)``; the output of the dense map is reshaped to
    ``(..., units, pieces)`` and reduced by ``max`` over the last axis. The gradient flows only
    through the winning piece, as through a max-pool.

    Args:
        units: number of maxout units ``m`` (>= 1).
        pieces: number of linear pieces ``k`` per unit (>= 1; the paper uses 2–5).
        use_bias: add the bias ``b`` (shape ``(units·pieces,)``).
        kernel_initializer: initialiser of ``W``.
        bias_initializer: initialiser of ``b``.
        kernel_regularizer: optional regulariser of ``W``.
        **kwargs: base ``keras.layers.Layer`` arguments (``name``, ``dtype``...).

    Returns:
        A layer mapping ``(..., d)`` to ``(..., units)``.

    Example:
        >>> Maxout(8, pieces=2)(keras.ops.zeros((3, 10))).shape
        TensorShape([3, 8])

    Paper: I. Goodfellow, D. Warde-Farley, M. Mirza, A. Courville, Y. Bengio, "Maxout Networks",
    ICML 2013.
    """

    def __init__(
        self,
        units: int,
        pieces: int = 2,
        use_bias: bool = True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units < 1:
            raise validation.int_min_error("units", units, 1)
        if not isinstance(pieces, int) or isinstance(pieces, bool) or pieces < 1:
            raise validation.int_min_error("pieces", pieces, 1)
        self.units = units
        self.pieces = pieces
        self.use_bias = use_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)

    def build(self, input_shape):
        d = input_shape[-1]
        if d is None:
            raise TfdlValueError(
                "last_axis_unknown",
                "The last axis of the input must be known. Received: input_shape={input_shape}",
                input_shape=input_shape,
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=(d, self.units * self.pieces),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
        )
        self.bias = (
            self.add_weight(name="bias", shape=(self.units * self.pieces,), initializer=self.bias_initializer)
            if self.use_bias
            else None
        )

    def call(self, x):
        z = ops.matmul(x, self.kernel)
        if self.use_bias:
            z = z + self.bias
        shape = ops.shape(z)
        z = ops.reshape(z, tuple(shape[:-1]) + (self.units, self.pieces))
        return ops.max(z, axis=-1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units,
            "pieces": self.pieces,
            "use_bias": self.use_bias,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "bias_initializer": keras.initializers.serialize(self.bias_initializer),
            "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer)
            if self.kernel_regularizer is not None else None,
        })
        return config


def _register_activation_functions() -> None:
    """Register ``tfdl.activations``' functions with Keras so models using them save and reload.

    ``keras.layers.Activation(tfdl.activations.leaky_relu)`` then serialises as
    ``"tfdl>leaky_relu"``; importing ``tfdl.layers`` (as loading any tfdl model does) registers it.
    """
    from tfdl import activations as A

    for name, (f, _) in A.ACTIVATIONS.items():
        keras.saving.register_keras_serializable(package="tfdl", name=name)(f)


_register_activation_functions()
