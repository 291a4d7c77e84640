"""Locally connected (unshared) 2-D convolution: every output position has its own kernel.

Keras 3 dropped ``LocallyConnected2D``; this one is vectorised: the input windows are cut out in
one ``tf.image.extract_patches`` call (a GPU op with a gradient), then one batched matrix product
(``einsum``) applies each position's own kernel. No Python loop over positions.

Between a dense layer and a convolution (course notes 004): like a convolution, each output sees
only a ``k_h x k_w`` window (sparse interactions); like a dense layer, nothing is shared, so there
are ``H_out·W_out`` times more weights and no equivariance to shifts.
"""

from __future__ import annotations

import keras
import tensorflow as tf
from keras import ops

from tfdl.errors import TfdlValueError
from tfdl.layers._conv_base import (
    ConvLayerBase,
    output_size,
    resolve_pads,
    spatial_padding,
)

__all__ = ["LocallyConnected2D"]


@keras.saving.register_keras_serializable(package="tfdl")
class LocallyConnected2D(ConvLayerBase):
    """2-D locally connected layer: a convolution whose weights are not shared across positions.

    Formula: ``y[n, i, j, o] = b[i, j, o] + sum_{u, v, c} W[i, j][u, v, c, o] ·
    x_pad[n, i·S_h + u, j·S_w + v, c]``; output size as a convolution (``"valid"``: ``floor((I -
    F) / S) + 1``).

    Args:
        filters: output channels.
        kernel_size: int or ``(k_h, k_w)``.
        strides: int or ``(S_h, S_w)``.
        padding: ``"valid"``, ``"same"`` (TensorFlow rule), an int or per-side pairs (zeros).
        activation: activation name or callable.
        use_bias: add a bias per output position and filter.
        kernel_initializer: initializer of ``kernel`` ``(H_out·W_out, k_h·k_w·C_in, filters)``
            (the Keras 2 ``LocallyConnected2D`` layout, patch features ordered ``(u, v, c)``).
        bias_initializer: initializer of ``bias`` ``(H_out, W_out, filters)``.
        kernel_regularizer: regularizer of ``kernel``.
        bias_regularizer: regularizer of ``bias``.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint of ``kernel``.
        bias_constraint: constraint of ``bias``.
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, H_out, W_out, filters)``. The spatial input size must be known.

    Example:
        >>> import numpy as np
        >>> print(LocallyConnected2D(4, 3)(np.zeros((2, 8, 8, 3), "float32")).shape)
        (2, 6, 6, 4)

    Paper: Y. Taigman et al., "DeepFace: closing the gap to human-level performance in face
    verification", CVPR 2014 (locally connected layers); Goodfellow et al., "Deep Learning",
    §9.5 (unshared convolution).
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self._init_core(filters, kernel_size, strides, 2)
        self.padding = spatial_padding(padding, 2, "'valid', 'same', an int or per-side pairs")
        self._init_weight_args(
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            kernel_constraint,
            bias_constraint,
        )
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def _pads(self, spatial):
        return resolve_pads(self.padding, spatial, self.kernel_size, self.strides)

    def _output_spatial(self, spatial):
        pads = self._pads(spatial)
        return tuple(
            output_size(n, p, k, s, 1, self.padding)
            for n, p, k, s in zip(spatial, pads, self.kernel_size, self.strides)
        )

    def build(self, input_shape):
        h, w, c_in = input_shape[1], input_shape[2], input_shape[3]
        if h is None or w is None or c_in is None:
            raise TfdlValueError(
                "locally_connected_shape",
                "LocallyConnected2D has one kernel per output position, so the input rows, columns and channels must "
                "be known. Received input_shape={input_shape}",
                input_shape=tuple(input_shape),
            )
        h_out, w_out = self._output_spatial((h, w))
        if h_out < 1 or w_out < 1:
            raise TfdlValueError(
                "locally_connected_kernel",
                "kernel_size={kernel_size} is larger than the padded input {padded}: the output would be empty.",
                kernel_size=self.kernel_size, padded=(h, w),
            )
        self._h_out, self._w_out = h_out, w_out
        k_h, k_w = self.kernel_size
        self._add_kernel_and_bias(
            (h_out * w_out, k_h * k_w * c_in, self.filters), (h_out, w_out, self.filters)
        )
        self.input_spec = keras.layers.InputSpec(ndim=4, axes={1: h, 2: w, 3: c_in})
        self.built = True

    def call(self, inputs):
        x = ops.convert_to_tensor(inputs)
        (t, b), (l, r) = self._pads(x.shape[1:3])
        if t or b or l or r:
            x = ops.pad(x, [[0, 0], [t, b], [l, r], [0, 0]])
        k_h, k_w = self.kernel_size
        s_h, s_w = self.strides
        # tf.*: keras.ops.image.extract_patches is a convolution with an identity kernel
        # (k_h·k_w·C times the work, and 0·inf = NaN); TensorFlow's op copies the windows.
        patches = tf.image.extract_patches(  # (N, H_out, W_out, k_h·k_w·C), order (u, v, c)
            x, sizes=[1, k_h, k_w, 1], strides=[1, s_h, s_w, 1], rates=[1, 1, 1, 1],
            padding="VALID",
        )
        p = self._h_out * self._w_out
        patches = ops.reshape(patches, (-1, p, patches.shape[-1]))
        kernel = ops.cast(self.kernel, x.dtype)
        y = ops.einsum("npk,pkf->npf", patches, kernel)
        y = ops.reshape(y, (-1, self._h_out, self._w_out, self.filters))
        return self._bias_activation(y)

    def compute_output_shape(self, input_shape):
        h_out, w_out = self._output_spatial(tuple(input_shape[1:3]))
        return (input_shape[0], h_out, w_out, self.filters)

    def get_config(self):
        return self._conv_config()
