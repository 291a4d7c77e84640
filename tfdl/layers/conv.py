"""PyTorch-style convolutions for Keras: explicit padding, any padding mode, stride with dilation,
groups.

``keras.layers.Conv2D`` knows only ``"valid"``/``"same"``/``"causal"`` zero padding and refuses
``strides > 1`` together with ``dilation_rate > 1``. ``PaddedConv1D``/``PaddedConv2D`` take

* ``padding``: an int (every side), one int per axis, ``((top, bottom), (left, right))``, or the
  strings ``"valid"``/``"same"`` (TensorFlow rule);
* ``padding_mode``: ``"zeros"``, ``"constant"`` (+ ``padding_value``), ``"replicate"``,
  ``"reflect"``, ``"symmetric"`` or ``"circular"``;
* ``strides`` and ``dilation_rate`` together (``tf.nn.conv2d`` computes it directly on CPU and
  GPU: no wasted outputs);
* ``groups`` (``groups = C_in`` is a depthwise convolution);
* what ``keras.layers.Conv1D/Conv2D`` take besides: ``data_format``, ``padding="causal"`` (1-D),
  LoRA (``lora_rank``, ``lora_alpha``, ``enable_lora``), so a Keras layer's config loads here
  (``PaddedConv2D.from_config(keras.layers.Conv2D(...).get_config())``).

Speed: zero padding is fused into the convolution call. When the explicit padding equals what
``"same"`` would add (e.g. ``padding=k//2`` for odd ``k`` at stride 1) the layer issues exactly
the op ``Conv2D(padding="same")`` issues; other zero paddings pass explicit pads to
``tf.nn.conv2d``. Other modes pad once (``tf.pad`` or slices + concat), then convolve ``VALID``.
Weights have the ``keras.layers.Conv2D`` layout (``kernel``: ``(k_h, k_w, C_in/groups, filters)``,
``bias``: ``(filters,)``), so ``set_weights`` transfers in both directions.

Output size per axis (PyTorch rule): ``floor((I + P_before + P_after - D·(F-1) - 1) / S) + 1``;
with ``"same"``: ``ceil(I / S)``.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from tfdl.errors import TfdlValueError
from tfdl.layers._conv_base import (  # noqa: F401  (same_pads: importable from here too)
    ConvLayerBase,
    _int_tuple,
    conv2d,
    cpu_only,
    data_format_or_default,
    output_size,
    positive_int,
    resolve_pads,
    same_pads,
    spatial_padding,
)
from tfdl.layers.padding import check_mode_limits, normalize_mode, pad_spatial

__all__ = ["PaddedConv1D", "PaddedConv2D"]


class _PaddedConvND(ConvLayerBase):
    rank = 2
    _takes_lora_args = True

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding=0,
        padding_mode="zeros",
        dilation_rate=1,
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        padding_value=0.0,
        data_format=None,
        lora_rank=None,
        lora_alpha=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        rank = self.rank
        self._init_core(filters, kernel_size, strides, rank)
        self.dilation_rate = _int_tuple(dilation_rate, rank, "dilation_rate")
        self.groups = positive_int(groups, "groups")
        if self.filters % self.groups:
            raise TfdlValueError(
                "filters_groups",
                "`filters` must be divisible by `groups` (each group makes filters/groups outputs). Received: "
                "filters={filters}, groups={groups}",
                filters=filters, groups=groups,
            )
        self.padding = spatial_padding(
            padding,
            rank,
            "an int, per-side pairs, 'valid', 'same' or 'causal'" if rank == 1
            else "an int, per-side pairs, 'valid' or 'same'",
            causal=rank == 1,
        )
        self.padding_mode = normalize_mode(padding_mode)
        self.padding_value = float(padding_value)
        self.data_format = data_format_or_default(data_format)
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
        self.input_spec = keras.layers.InputSpec(min_ndim=rank + 2)

    # ------------------------------------------------------------------ padding plan
    def _pads_for(self, spatial):
        """Per-side pads for the given spatial sizes (None where 'same' needs an unknown size)."""
        return resolve_pads(
            self.padding, spatial, self.kernel_size, self.strides, self.dilation_rate
        )

    def build(self, input_shape):
        rank = self.rank
        if len(input_shape) != rank + 2:
            layout = "steps" if rank == 1 else "rows, cols"
            layout = (
                f"batch, channels, {layout}" if self.data_format == "channels_first"
                else f"batch, {layout}, channels"
            )
            raise TfdlValueError(
                "conv_input_rank",
                "{layer} expects inputs of rank {expected_rank} ({layout}). Received input_shape={input_shape}",
                layer=type(self).__name__, expected_rank=rank + 2, layout=layout, input_shape=tuple(input_shape),
            )
        c_in = self._known_channels(input_shape)
        if c_in % self.groups:
            raise TfdlValueError(
                "channels_groups",
                "The input channels must be divisible by `groups`. Received: channels={channels}, groups={groups}",
                channels=c_in, groups=self.groups,
            )
        spatial = tuple(self._channels_last_shape(input_shape)[1:-1])
        pads = self._pads_for(spatial)
        self._plan(spatial, pads)
        self._add_kernel_and_bias(
            (*self.kernel_size, c_in // self.groups, self.filters), (self.filters,)
        )
        axes = self._channel_axis_spec(c_in, rank + 2)
        if self._pre_pads is not None and self.padding == "same":
            # pads computed for this size (stride > 1): other sizes would need other pads
            first = 2 if self.data_format == "channels_first" else 1
            axes.update({i + first: n for i, n in enumerate(spatial) if n is not None})
        self.input_spec = keras.layers.InputSpec(ndim=rank + 2, axes=axes)
        self.built = True

    def _plan(self, spatial, pads):
        """Decide the padding op: 'SAME'/'VALID' string, explicit pads, or a pad op first."""
        self._pre_pads = None
        zero_mode = self.padding_mode == "zeros" or (
            self.padding_mode == "constant" and self.padding_value == 0.0
        )
        if any(p is None for p in pads):
            if zero_mode:
                self._conv_padding = "SAME"
                return
            raise TfdlValueError(
                "same_padding_mode_unknown_size",
                "padding='same' with padding_mode={padding_mode!r} and strides > 1 needs known spatial sizes. "
                "Received spatial sizes {spatial}",
                padding_mode=self.padding_mode, spatial=spatial,
            )
        for axis, (n, (b, a), k, d) in enumerate(
            zip(spatial, pads, self.kernel_size, self.dilation_rate)
        ):
            k_eff = d * (k - 1) + 1
            if n is not None and n + b + a < k_eff:
                raise TfdlValueError(
                    "conv_kernel_larger",
                    "The effective kernel size {k_eff} (kernel_size={kernel_size}, dilation_rate={dilation_rate}) is "
                    "larger than the padded input {padded} (size {size} + padding {before}+{after}) on spatial axis "
                    "{axis}: the output would be empty.",
                    k_eff=k_eff, kernel_size=k, dilation_rate=d, padded=n + b + a, size=n, before=b, after=a,
                    axis=axis,
                )
        if not any(b or a for b, a in pads):
            self._conv_padding = "VALID"
        elif zero_mode:
            same = resolve_pads(
                "same", spatial, self.kernel_size, self.strides, self.dilation_rate
            )
            # at stride 1 "same" pads do not depend on the input size, so equal explicit pads
            # can use the very op keras Conv2D(padding="same") uses
            stride_one = all(s == 1 for s in self.strides)
            if self.padding == "same" or (stride_one and tuple(pads) == same):
                self._conv_padding = "SAME"
            elif max(self.dilation_rate) > 1 and cpu_only():
                # TF's CPU kernels have no gradient for explicit padding with dilation > 1
                self._pre_pads = tuple(pads)
                self._conv_padding = "VALID"
            else:
                self._conv_padding = [[0, 0]] + [list(p) for p in pads] + [[0, 0]]
        else:
            check_mode_limits(pads, spatial, self.padding_mode, name="padding")
            self._pre_pads = tuple(pads)
            self._conv_padding = "VALID"

    # ------------------------------------------------------------------ forward
    def _conv2d(self, x, kernel, strides, dilations, padding):
        """:func:`conv2d`; grouped convs are split on CPU (TF has no CPU grouped-conv gradient)."""
        if self.groups > 1 and cpu_only():
            xs = tf.split(x, self.groups, axis=-1)
            ks = tf.split(kernel, self.groups, axis=-1)
            return tf.concat(
                [conv2d(xi, ki, strides, padding, dilations) for xi, ki in zip(xs, ks)],
                axis=-1,
            )
        return conv2d(x, kernel, strides, padding, dilations)

    def call(self, inputs):
        x = self._to_channels_last(keras.ops.convert_to_tensor(inputs))
        if self._pre_pads is not None:
            x = pad_spatial(x, self._pre_pads, self.padding_mode, self.padding_value)
        kernel = keras.ops.cast(self.kernel, x.dtype)
        padding = self._conv_padding
        if self.rank == 1:
            # a 1-D convolution is a 2-D one over a single row (tf.nn.conv1d does the same)
            x = keras.ops.expand_dims(x, 1)
            kernel = keras.ops.expand_dims(kernel, 0)
            strides = [1, 1, self.strides[0], 1]
            dilations = [1, 1, self.dilation_rate[0], 1]
            if not isinstance(padding, str):
                padding = [[0, 0], [0, 0], padding[1], [0, 0]]
            y = keras.ops.squeeze(self._conv2d(x, kernel, strides, dilations, padding), axis=1)
        else:
            strides = [1, *self.strides, 1]
            dilations = [1, *self.dilation_rate, 1]
            y = self._conv2d(x, kernel, strides, dilations, padding)
        return self._bias_activation(y)

    def compute_output_shape(self, input_shape):
        shape = self._channels_last_shape(input_shape)
        spatial = tuple(shape[1:-1])
        pads = self._pads_for(spatial)
        out = [
            output_size(n, p, k, s, d, self.padding)
            for n, p, k, s, d in zip(
                spatial, pads, self.kernel_size, self.strides, self.dilation_rate
            )
        ]
        return self._from_channels_last_shape((shape[0], *out, self.filters))

    def get_config(self):
        return {
            **self._conv_config(
                padding_mode=self.padding_mode,
                dilation_rate=self.dilation_rate,
                groups=self.groups,
                data_format=self.data_format,
            ),
            "padding_value": self.padding_value,
        }


@keras.saving.register_keras_serializable(package="tfdl")
class PaddedConv2D(_PaddedConvND):
    """2-D convolution with PyTorch-style padding: explicit per-side sizes and any padding mode.

    Formula: ``y[n, i, j, o] = b[o] + sum_{u, v, c} k[u, v, c, o] ·
    x_pad[n, i·S_h + u·D_h, j·S_w + v·D_w, g(o)·C_in/G + c]`` where ``x_pad`` is ``x`` padded
    by the mode and ``g(o)`` is the group of output ``o``; output size
    ``floor((I + P_before + P_after - D·(F-1) - 1) / S) + 1`` (``ceil(I / S)`` for ``"same"``).

    Args:
        filters: number of output channels ``C_out`` (divisible by ``groups``).
        kernel_size: int or ``(k_h, k_w)``.
        strides: int or ``(S_h, S_w)``; may be > 1 together with ``dilation_rate`` > 1.
        padding: int (every side), ``(P_h, P_w)``, ``((top, bottom), (left, right))``,
            ``"valid"`` or ``"same"`` (TensorFlow split: the odd cell at the bottom/right).
        padding_mode: ``"zeros"``, ``"constant"``, ``"replicate"``, ``"reflect"``,
            ``"symmetric"`` or ``"circular"`` (aliases ``"edge"``, ``"wrap"``).
        dilation_rate: int or ``(D_h, D_w)``.
        groups: channel groups ``G``; input channels and ``filters`` must be divisible by it.
        activation: activation name or callable (``None``: linear).
        use_bias: add a bias per filter.
        kernel_initializer: initializer of ``kernel``.
        bias_initializer: initializer of ``bias``.
        kernel_regularizer: regularizer of ``kernel``.
        bias_regularizer: regularizer of ``bias``.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint of ``kernel``.
        bias_constraint: constraint of ``bias``.
        padding_value: fill value of ``padding_mode="constant"``.
        data_format: ``"channels_last"`` (``(batch, rows, cols, channels)``) or ``"channels_first"``
            (``(batch, channels, rows, cols)``); ``None``: ``keras.config.image_data_format()``.
        lora_rank: if set, LoRA of this rank is enabled at build (see ``enable_lora``).
        lora_alpha: LoRA scale ``alpha`` (the update is ``(alpha / rank)·A·B``; default rank).
        **kwargs: base ``keras.layers.Layer`` arguments (``name``, ``dtype``...).

    Returns:
        Tensor ``(batch, H_out, W_out, filters)`` (``(batch, filters, H_out, W_out)`` with
        ``"channels_first"``).

    Example:
        >>> import numpy as np
        >>> conv = PaddedConv2D(8, 3, strides=2, padding=1, padding_mode="reflect",
        ...                     dilation_rate=2)
        >>> print(conv(np.zeros((1, 32, 32, 3), "float32")).shape)
        (1, 15, 15, 8)

    Paper: Y. LeCun et al., "Gradient-based learning applied to document recognition", 1998;
    groups: A. Krizhevsky et al., "ImageNet classification with deep CNNs", 2012; dilation:
    F. Yu, V. Koltun, "Multi-scale context aggregation by dilated convolutions", ICLR 2016.
    """

    rank = 2


@keras.saving.register_keras_serializable(package="tfdl")
class PaddedConv1D(_PaddedConvND):
    """1-D convolution over ``(batch, steps, channels)`` with explicit padding and any mode.

    Formula: ``y[n, t, o] = b[o] + sum_{u, c} k[u, c, o] · x_pad[n, t·S + u·D, g(o)·C_in/G + c]``,
    output length ``floor((L + P_left + P_right - D·(F-1) - 1) / S) + 1``.

    Args:
        filters: number of output channels (divisible by ``groups``).
        kernel_size: int.
        strides: int; may be > 1 together with ``dilation_rate`` > 1.
        padding: int (both ends), ``(left, right)``, ``"valid"``, ``"same"`` or ``"causal"``
            (``D·(F-1)`` cells in front, none after: output ``t`` sees only inputs ``<= t``).
        padding_mode: ``"zeros"``, ``"constant"``, ``"replicate"``, ``"reflect"``,
            ``"symmetric"`` or ``"circular"``.
        dilation_rate: int.
        groups: channel groups.
        activation: activation name or callable.
        use_bias: add a bias per filter.
        kernel_initializer: initializer of ``kernel`` ``(k, C_in/groups, filters)``.
        bias_initializer: initializer of ``bias``.
        kernel_regularizer: regularizer of ``kernel``.
        bias_regularizer: regularizer of ``bias``.
        activity_regularizer: regularizer of the output.
        kernel_constraint: constraint of ``kernel``.
        bias_constraint: constraint of ``bias``.
        padding_value: fill value of ``padding_mode="constant"``.
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
        >>> conv = PaddedConv1D(1, 5, padding=2, padding_mode="circular", use_bias=False)
        >>> print(conv(np.zeros((1, 5, 1), "float32")).shape)
        (1, 5, 1)

    Paper: A. van den Oord et al., "WaveNet" (dilated 1-D convolutions), 2016.
    """

    rank = 1
