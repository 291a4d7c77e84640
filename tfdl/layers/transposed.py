"""Transposed ("up-", "de-") convolution written the way it is taught: insert zeros, then convolve.

``TransposedConv2D`` computes exactly what ``keras.layers.Conv2DTranspose`` computes with the same
kernel (including ``padding="valid"/"same"`` and ``output_padding``), but in three visible steps:

1. insert ``S - 1`` zeros between neighbouring input cells (``(I - 1)·S + 1`` cells per axis);
2. pad ``D·(F-1) - P_before`` cells in front and enough at the end to reach the output size
   (negative amounts crop);
3. correlate with the kernel flipped in space, channels swapped, dilation ``D``, stride 1.

It also accepts PyTorch's integer ``padding`` (cells removed each side of the full result), so
``O = (I - 1)·S - P_before - P_after + D·(F-1) + output_padding + 1``. Zero insertion does about
``S_h·S_w`` times the multiply-adds of the native op: use it to learn and to check, use
``Conv2DTranspose`` for speed. (A dilated convolution is ``PaddedConv2D(dilation_rate=...)``.)
``TransposedConv1D`` is the same over one axis (``keras.layers.Conv1DTranspose``). Both take
Keras' ``data_format`` and LoRA arguments, so a Keras layer's config loads into them.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from tfdl.errors import TfdlValueError
from tfdl.layers._conv_base import (  # insert_zeros: public here, where it is taught
    ConvLayerBase,
    _int_tuple,
    conv2d,
    data_format_or_default,
    insert_zeros,
    spatial_padding,
)

__all__ = ["TransposedConv1D", "TransposedConv2D", "insert_zeros"]


def _axis_plan(size, k, s, d, padding, output_padding):
    """Output size and the (front, back) pad of the zero-inserted axis (negative = crop)."""
    k_eff = d * (k - 1) + 1
    n = 16 if size is None else size  # the pads do not depend on the input size
    if isinstance(padding, str):  # Keras / TensorFlow rule (keras deconv_output_length)
        if output_padding is None:
            out = n * s + max(k_eff - s, 0) if padding == "valid" else n * s
        else:
            pad = 0 if padding == "valid" else k_eff // 2
            out = (n - 1) * s + k_eff - 2 * pad + output_padding
        if padding == "valid":
            before = 0
        else:  # the forward "same" conv on `out` cells pads this much in front
            total = max((-(-out // s) - 1) * s + k_eff - out, 0)
            before = total // 2
    else:  # PyTorch rule: explicit cells removed from each side
        before, after = padding
        out = (n - 1) * s - before - after + k_eff + (output_padding or 0)
    front = k_eff - 1 - before
    back = out - 1 + before - (n - 1) * s
    return (None if size is None else out), front, back


class _TransposedConvND(ConvLayerBase):
    rank = 2
    _takes_lora_args = True

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        output_padding=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        data_format=None,
        lora_rank=None,
        lora_alpha=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        rank = self.rank
        self._init_core(filters, kernel_size, strides, rank)
        self.dilation_rate = _int_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = spatial_padding(
            padding, rank, "'valid', 'same', an int or per-side pairs"
        )
        self.data_format = data_format_or_default(data_format)
        if output_padding is None:
            self.output_padding = None
        else:
            self.output_padding = _int_tuple(output_padding, rank, "output_padding", minimum=0)
            for op, s, d in zip(self.output_padding, self.strides, self.dilation_rate):
                if op >= max(s, d):
                    raise TfdlValueError(
                        "transposed_output_padding",
                        "`output_padding` must be strictly less than `strides` or `dilation_rate` (it only picks "
                        "among output sizes that give the same input size). Received: "
                        "output_padding={output_padding}, strides={strides}, dilation_rate={dilation_rate}",
                        output_padding=output_padding, strides=strides, dilation_rate=dilation_rate,
                    )
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
        self._init_lora(lora_rank, lora_alpha)
        self.input_spec = keras.layers.InputSpec(ndim=rank + 2)

    def _plans(self, spatial):
        pads = (
            [self.padding] * self.rank if isinstance(self.padding, str) else list(self.padding)
        )
        ops = self.output_padding or (None,) * self.rank
        return [
            _axis_plan(n, k, s, d, p, op)
            for n, k, s, d, p, op in zip(
                spatial, self.kernel_size, self.strides, self.dilation_rate, pads, ops
            )
        ]

    def build(self, input_shape):
        c_in = self._known_channels(input_shape)
        spatial = self._channels_last_shape(input_shape)[1:-1]
        for axis, (out, _, _) in enumerate(self._plans(spatial)):
            if out is not None and out < 1:
                raise TfdlValueError(
                    "transposed_empty_output",
                    "{layer} would give an empty output on spatial axis {axis} (size {out}): padding={padding} crops "
                    "more than the result has.",
                    layer=type(self).__name__, axis=axis, out=out, padding=self.padding,
                )
        self._add_kernel_and_bias((*self.kernel_size, self.filters, c_in), (self.filters,))
        self.input_spec = keras.layers.InputSpec(
            ndim=self.rank + 2, axes=self._channel_axis_spec(c_in, self.rank + 2)
        )
        self.built = True

    def call(self, inputs):
        x = self._to_channels_last(keras.ops.convert_to_tensor(inputs))
        kernel = keras.ops.cast(self.kernel, x.dtype)
        plans = [(None, front, back) for _, front, back in self._plans((None,) * self.rank)]
        strides, dilations = self.strides, self.dilation_rate
        if self.rank == 1:  # one row of a 2-D transposed convolution
            x = keras.ops.expand_dims(x, 1)
            kernel = keras.ops.expand_dims(kernel, 0)
            plans = [(None, 0, 0), *plans]
            strides, dilations = (1, *strides), (1, *dilations)
        z = insert_zeros(x, strides)
        (_, front_h, back_h), (_, front_w, back_w) = plans
        # negative pads crop
        crop_h0, crop_h1 = max(-front_h, 0), max(-back_h, 0)
        crop_w0, crop_w1 = max(-front_w, 0), max(-back_w, 0)
        if crop_h0 or crop_h1 or crop_w0 or crop_w1:
            shape = tf.shape(z)
            z = z[:, crop_h0 : shape[1] - crop_h1, crop_w0 : shape[2] - crop_w1, :]
        z = tf.pad(
            z,
            [[0, 0], [max(front_h, 0), max(back_h, 0)], [max(front_w, 0), max(back_w, 0)], [0, 0]],
        )
        # flip in space and swap (filters, C_in) -> (C_in, filters): a plain conv kernel
        kernel = keras.ops.transpose(keras.ops.flip(kernel, axis=(0, 1)), (0, 1, 3, 2))
        y = conv2d(z, kernel, [1, 1, 1, 1], "VALID", [1, *dilations, 1])
        if self.rank == 1:
            y = keras.ops.squeeze(y, axis=1)
        return self._bias_activation(y)

    def compute_output_shape(self, input_shape):
        shape = self._channels_last_shape(input_shape)
        outs = [plan[0] for plan in self._plans(shape[1:-1])]
        return self._from_channels_last_shape((shape[0], *outs, self.filters))

    def get_config(self):
        return self._conv_config(
            output_padding=self.output_padding,
            dilation_rate=self.dilation_rate,
            data_format=self.data_format,
        )


@keras.saving.register_keras_serializable(package="tfdl")
class TransposedConv2D(_TransposedConvND):
    """Transposed convolution by zero insertion; equals ``keras.layers.Conv2DTranspose``.

    Formula: ``y = conv2d(pad(insert_zeros(x, S), D·(F-1) - P), flip(k)^T, dilation=D)``, i.e.
    ``y[o] = sum_i x[i] k[o - i·S]``: each input cell stamps a copy of the kernel, scaled by the
    cell, at stride ``S``; output size per axis ``(I - 1)·S - 2P + D·(F-1) + output_padding + 1``
    (Keras rule for ``"valid"``/``"same"``). It is the adjoint (transpose) of ``PaddedConv2D``:
    ``<conv(u), v> = <u, conv_transpose(v)>``.

    Args:
        filters: output channels.
        kernel_size: int or ``(k_h, k_w)``.
        strides: int or ``(S_h, S_w)`` (the up-sampling factor).
        padding: ``"valid"``/``"same"`` (Keras ``Conv2DTranspose``), or an int / per-side pairs
            (PyTorch ``ConvTranspose2d``: cells cropped from each side of the full result).
        output_padding: None, int or pair: extra cells at the end (must be < stride or dilation).
        dilation_rate: int or ``(D_h, D_w)``.
        activation: activation name or callable.
        use_bias: add a bias per filter.
        kernel_initializer: initializer of ``kernel`` ``(k_h, k_w, filters, C_in)`` (the Keras
            ``Conv2DTranspose`` layout, so ``set_weights`` transfers).
        bias_initializer: initializer of ``bias``.
        kernel_regularizer: regularizer of ``kernel``.
        bias_regularizer: regularizer of ``bias``.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint of ``kernel``.
        bias_constraint: constraint of ``bias``.
        data_format: ``"channels_last"`` (``(batch, rows, cols, channels)``) or
            ``"channels_first"``; ``None``: ``keras.config.image_data_format()``.
        lora_rank: if set, LoRA of this rank is enabled at build (see ``enable_lora``).
        lora_alpha: LoRA scale ``alpha`` (the update is ``(alpha / rank)·A·B``; default rank).
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, H_out, W_out, filters)``.

    Example:
        >>> import numpy as np
        >>> up = TransposedConv2D(8, 3, strides=2, padding="same")
        >>> print(up(np.zeros((1, 7, 7, 4), "float32")).shape)
        (1, 14, 14, 8)

    Paper: M. Zeiler et al., "Deconvolutional networks", CVPR 2010; V. Dumoulin, F. Visin,
    "A guide to convolution arithmetic for deep learning", 2016.
    """

    rank = 2


@keras.saving.register_keras_serializable(package="tfdl")
class TransposedConv1D(_TransposedConvND):
    """1-D transposed convolution by zero insertion; equals ``keras.layers.Conv1DTranspose``.

    Formula: ``y = conv1d(pad(insert_zeros(x, S), D·(F-1) - P), flip(k)^T, dilation=D)``, i.e.
    ``y[t, o] = b[o] + sum_{i, c} x[i, c]·k[t - i·S, o, c]``: each input step stamps the kernel,
    scaled by the step, at stride ``S``; output length
    ``(L - 1)·S - 2P + D·(F-1) + output_padding + 1`` (Keras rule for ``"valid"``/``"same"``).

    Args:
        filters: output channels.
        kernel_size: int.
        strides: int (the up-sampling factor).
        padding: ``"valid"``/``"same"`` (Keras ``Conv1DTranspose``), or an int /
            ``(left, right)`` (PyTorch ``ConvTranspose1d``: steps cropped from each end).
        output_padding: None or int: extra steps at the end (< stride or dilation).
        dilation_rate: int.
        activation: activation name or callable.
        use_bias: add a bias per filter.
        kernel_initializer: initializer of ``kernel`` ``(k, filters, C_in)`` (the Keras
            ``Conv1DTranspose`` layout, so ``set_weights`` transfers).
        bias_initializer: initializer of ``bias``.
        kernel_regularizer: regularizer of ``kernel``.
        bias_regularizer: regularizer of ``bias``.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint of ``kernel``.
        bias_constraint: constraint of ``bias``.
        data_format: ``"channels_last"`` (``(batch, steps, channels)``) or ``"channels_first"``
            (``(batch, channels, steps)``); ``None``: ``keras.config.image_data_format()``.
        lora_rank: if set, LoRA of this rank is enabled at build (see ``enable_lora``).
        lora_alpha: LoRA scale ``alpha`` (the update is ``(alpha / rank)·A·B``; default rank).
        **kwargs: base ``keras.layers.Layer`` arguments.

    Returns:
        Tensor ``(batch, L_out, filters)`` (``(batch, filters, L_out)`` with
        ``"channels_first"``).

    Example:
        >>> import numpy as np
        >>> up = TransposedConv1D(8, 3, strides=2, padding="same")
        >>> print(up(np.zeros((1, 7, 4), "float32")).shape)
        (1, 14, 8)

    Paper: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """

    rank = 1
