"""Private pieces shared by the convolution-family layers (not collected by the package).

``PaddedConv1D``/``PaddedConv2D`` (``conv.py``), ``TransposedConv2D`` (``transposed.py``) and
``LocallyConnected2D`` (``locally_connected.py``) take the same core arguments (``filters``,
``kernel_size``, ``strides``, ``padding``, ``activation``, ``use_bias`` and the kernel/bias
initializers, regularizers and constraints), create ``kernel`` and ``bias`` the same way, end
with ``activation(y + bias)`` and save the same config entries: :class:`ConvLayerBase` holds
that once. The pooling layers resolve ``padding`` per axis and size their outputs with the same
rules as the convolutions: :func:`resolve_pads` and :func:`output_size`.
"""

from __future__ import annotations

import numbers

import keras
import tensorflow as tf

from tfdl import shapes, validation
from tfdl.layers.padding import normalize_spatial_padding


def _int_tuple(value, rank: int, name: str, minimum: int = 1):
    """``value`` (an int or ``rank`` ints, each ``>= minimum``) as a tuple of ``rank`` ints."""
    values = validation.per_dim(value, rank, name, f"an int or a tuple of {rank} ints")
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < minimum:
            raise ValueError(f"`{name}` must be >= {minimum}. Received: {name}={value!r}")
    return tuple(int(v) for v in values)


positive_int = validation.positive_int  # ``filters``, ``groups``: an int >= 1


def spatial_padding(padding, rank: int, expected: str):
    """``"valid"``/``"same"`` (lower case), or explicit ``((before, after), ...)`` per axis.

    ``expected`` completes the error message: "`padding` must be {expected}. Received: ...".
    """
    if isinstance(padding, str):
        if padding.lower() not in ("valid", "same"):
            raise ValueError(f"`padding` must be {expected}. Received: padding={padding!r}")
        return padding.lower()
    return normalize_spatial_padding(padding, rank)


def same_pads(size, kernel_size: int, stride: int, dilation: int):
    """TensorFlow ``"same"`` padding ``(before, after)`` of one axis (odd cell after).

    Formula: ``total = max((ceil(I/S) - 1)·S + D·(F-1) + 1 - I, 0)``,
    ``before = total // 2``, ``after = total - before``. At stride 1 it does not depend on ``I``.

    Args:
        size: input size ``I`` (``None`` is allowed at stride 1).
        kernel_size: ``F``.
        stride: ``S``.
        dilation: ``D``.

    Returns:
        ``(before, after)``, or ``None`` when ``size`` is ``None`` at a stride > 1.

    Example:
        >>> print(same_pads(64, 3, 1, 1))
        (1, 1)
    """
    if stride == 1:
        size = 1  # the pads do not depend on the input size
    elif size is None:
        return None
    return shapes.same_padding(size, kernel_size, stride, dilation)


def resolve_pads(padding, spatial, kernel_size, strides, dilation_rate=None):
    """Per-side pads of every spatial axis (``None`` where ``"same"`` needs an unknown size).

    ``padding`` is ``"valid"``, ``"same"`` or explicit ``((before, after), ...)`` (returned as is).
    """
    if padding == "valid":
        return tuple((0, 0) for _ in spatial)
    if padding == "same":
        dilation_rate = dilation_rate or (1,) * len(spatial)
        return tuple(
            same_pads(n, k, s, d)
            for n, k, s, d in zip(spatial, kernel_size, strides, dilation_rate)
        )
    return padding


def output_size(n, pads, kernel_size: int, stride: int, dilation: int, padding):
    """Output size of one axis: ``None`` if ``n`` is, ``ceil(n/S)`` for ``"same"``, else
    ``floor((n + P_before + P_after - D·(F-1) - 1) / S) + 1``."""
    if n is None:
        return None
    if padding == "same":
        return -(-n // stride)
    b, a = pads
    return (n + b + a - dilation * (kernel_size - 1) - 1) // stride + 1


class ConvLayerBase(keras.layers.Layer):
    """Arguments, weights, ``bias + activation`` and config shared by the convolution layers.

    A subclass validates its arguments in its own ``__init__`` with :meth:`_init_core` and
    :meth:`_init_weight_args`, creates ``kernel``/``bias`` with :meth:`_add_kernel_and_bias`,
    finishes ``call`` with :meth:`_bias_activation` and builds its config with
    :meth:`_conv_config`.
    """

    def _init_core(self, filters, kernel_size, strides, rank: int):
        """Check and store ``filters``, ``kernel_size`` and ``strides``."""
        self.filters = positive_int(filters, "filters")
        self.kernel_size = _int_tuple(kernel_size, rank, "kernel_size")
        self.strides = _int_tuple(strides, rank, "strides")

    def _init_weight_args(
        self,
        activation,
        use_bias,
        kernel_initializer,
        bias_initializer,
        kernel_regularizer,
        bias_regularizer,
        kernel_constraint,
        bias_constraint,
    ):
        """Store the activation and the kernel/bias initializers, regularizers, constraints."""
        self.activation = keras.activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)

    def _known_channels(self, input_shape):
        """The channel count of ``input_shape`` (last axis), which must be known."""
        c_in = input_shape[-1]
        if c_in is None:
            raise ValueError(
                f"The channel axis of the input to {type(self).__name__} must be known. "
                f"Received input_shape={tuple(input_shape)}"
            )
        return c_in

    def _add_kernel_and_bias(self, kernel_shape, bias_shape):
        """Create ``self.kernel`` and ``self.bias`` (``None`` without ``use_bias``)."""
        self.kernel = self.add_weight(
            name="kernel",
            shape=kernel_shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=bias_shape,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None

    def _bias_activation(self, y):
        """``activation(y + bias)``; a per-filter bias goes through ``tf.nn.bias_add``."""
        if self.use_bias:
            bias = tf.cast(self.bias, y.dtype)
            y = tf.nn.bias_add(y, bias) if len(self.bias.shape) == 1 else y + bias
        if self.activation is not None:
            y = self.activation(y)
        return y

    def _conv_config(self, **own):
        """Base config + ``filters, kernel_size, strides, padding`` + ``own`` + the weight args."""
        ser = keras.saving.serialize_keras_object
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            **own,
            "activation": keras.activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": ser(self.kernel_initializer),
            "bias_initializer": ser(self.bias_initializer),
            "kernel_regularizer": ser(self.kernel_regularizer),
            "bias_regularizer": ser(self.bias_regularizer),
            "activity_regularizer": ser(self.activity_regularizer),
            "kernel_constraint": ser(self.kernel_constraint),
            "bias_constraint": ser(self.bias_constraint),
        }
