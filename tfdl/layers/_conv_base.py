"""Private pieces shared by the convolution-family layers (not collected by the package).

``PaddedConv1D``/``PaddedConv2D`` (``conv.py``), ``TransposedConv2D`` (``transposed.py``) and
``LocallyConnected2D`` (``locally_connected.py``) take the same core arguments (``filters``,
``kernel_size``, ``strides``, ``padding``, ``activation``, ``use_bias`` and the kernel/bias
initializers, regularizers and constraints), create ``kernel`` and ``bias`` the same way, end
with ``activation(y + bias)`` and save the same config entries: :class:`ConvLayerBase` holds
that once. The pooling layers resolve ``padding`` per axis and size their outputs with the same
rules as the convolutions: :func:`resolve_pads` and :func:`output_size`.

Also shared: ``data_format`` (``"channels_last"``/``"channels_first"``, Keras' default from
``keras.config.image_data_format()``), LoRA (``lora_rank``, ``lora_alpha``, ``enable_lora``: the
effective kernel ``W + (alpha / r)·A·B`` as in ``keras.layers.Conv2D``) and :func:`conv2d`, the
one call to ``tf.nn.conv2d`` that also trains on a CPU in float16 with ``dilation_rate > 1``.
"""

from __future__ import annotations

import numbers

import keras
import tensorflow as tf

from tfdl import _compat, shapes, validation
from tfdl.errors import TfdlValueError
from tfdl.layers.padding import normalize_spatial_padding


def _int_tuple(value, rank: int, name: str, minimum: int = 1):
    """``value`` (an int or ``rank`` ints, each ``>= minimum``) as a tuple of ``rank`` ints."""
    values = validation.per_dim(value, rank, name, f"an int or a tuple of {rank} ints")
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < minimum:
            raise validation.min_error(name, value, minimum)
    return tuple(int(v) for v in values)


positive_int = validation.positive_int  # ``filters``, ``groups``: an int >= 1


DATA_FORMATS = ("channels_last", "channels_first")


def data_format_or_default(data_format) -> str:
    """``data_format``, or ``keras.config.image_data_format()`` for ``None`` (as Keras does)."""
    if data_format is None:
        return keras.config.image_data_format()
    fmt = str(data_format).lower() if isinstance(data_format, str) else data_format
    if fmt not in DATA_FORMATS:
        raise TfdlValueError(
            "data_format",
            "`data_format` must be one of {options} (or None for keras.config.image_data_format()). Received: "
            "data_format={data_format!r}",
            options=DATA_FORMATS, data_format=data_format,
        )
    return fmt


def spatial_padding(padding, rank: int, expected: str, causal: bool = False):
    """``"valid"``/``"same"`` (lower case), or explicit ``((before, after), ...)`` per axis.

    ``expected`` completes the error message: "`padding` must be {expected}. Received: ...".
    ``causal=True`` also accepts ``"causal"`` (1-D: all the padding in front).
    """
    if isinstance(padding, str):
        if padding.lower() not in ("valid", "same") + (("causal",) if causal else ()):
            raise _padding_error(padding, expected)
        return padding.lower()
    return normalize_spatial_padding(padding, rank)


def _padding_error(padding, expected: str) -> TfdlValueError:
    """"`padding` must be {expected}. Received: ...", one code per wording of ``expected``."""
    if expected == "'valid' or 'same'":
        return TfdlValueError("padding_valid_same",
                              "`padding` must be 'valid' or 'same'. Received: padding={padding!r}", padding=padding)
    if expected == "'valid' or 'same' or an int / per-side pairs":
        return TfdlValueError(
            "padding_valid_same_int",
            "`padding` must be 'valid' or 'same' or an int / per-side pairs. Received: padding={padding!r}",
            padding=padding,
        )
    if expected == "'valid', 'same', an int or per-side pairs":
        return TfdlValueError(
            "padding_valid_same_pairs",
            "`padding` must be 'valid', 'same', an int or per-side pairs. Received: padding={padding!r}",
            padding=padding,
        )
    if expected == "an int, per-side pairs, 'valid' or 'same'":
        return TfdlValueError(
            "padding_int_pairs",
            "`padding` must be an int, per-side pairs, 'valid' or 'same'. Received: padding={padding!r}",
            padding=padding,
        )
    if expected == "an int, per-side pairs, 'valid', 'same' or 'causal'":
        return TfdlValueError(
            "padding_int_pairs_causal",
            "`padding` must be an int, per-side pairs, 'valid', 'same' or 'causal'. Received: padding={padding!r}",
            padding=padding,
        )
    return TfdlValueError("padding_expected", "`padding` must be {expected}. Received: padding={padding!r}",
                          expected=expected, padding=padding)


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

    ``padding`` is ``"valid"``, ``"same"``, ``"causal"`` (``D·(F-1)`` cells in front, none after)
    or explicit ``((before, after), ...)`` (returned as is).
    """
    if padding == "causal":
        dilation_rate = dilation_rate or (1,) * len(spatial)
        return tuple((d * (k - 1), 0) for k, d in zip(kernel_size, dilation_rate))
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


def insert_zeros(x, strides):
    """Insert ``S - 1`` zeros between neighbouring cells of a ``(batch, H, W, C)`` tensor.

    Formula: ``z[n, i·S_h, j·S_w, c] = x[n, i, j, c]``, every other cell 0; the result has
    ``(H - 1)·S_h + 1`` rows and ``(W - 1)·S_w + 1`` columns.

    Args:
        x: tensor ``(batch, H, W, C)``.
        strides: int or ``(S_h, S_w)``.

    Returns:
        The zero-inserted tensor.

    Example:
        >>> import numpy as np
        >>> print(insert_zeros(np.ones((1, 3, 3, 1), "float32"), 2).shape)
        (1, 5, 5, 1)
    """
    s_h, s_w = _int_tuple(strides, 2, "strides")
    x = tf.convert_to_tensor(x)
    if s_h == 1 and s_w == 1:
        return x
    # tf.reshape/tf.pad with dynamic sizes: keras.ops.reshape needs static ones
    shape = tf.shape(x)
    n, h, w, c = shape[0], shape[1], shape[2], shape[3]
    x6 = tf.reshape(x, tf.stack([n, h, 1, w, 1, c]))
    x6 = tf.pad(x6, [[0, 0], [0, 0], [0, s_h - 1], [0, 0], [0, s_w - 1], [0, 0]])
    z = tf.reshape(x6, tf.stack([n, h * s_h, w * s_w, c]))
    z = z[:, : (h - 1) * s_h + 1, : (w - 1) * s_w + 1, :]
    static = x.shape
    z.set_shape(
        [
            static[0],
            None if static[1] is None else (static[1] - 1) * s_h + 1,
            None if static[2] is None else (static[2] - 1) * s_w + 1,
            static[3],
        ]
    )
    return z


def cpu_only() -> bool:
    """True when TensorFlow sees no GPU (some conv gradients then need a workaround)."""
    return not tf.config.list_physical_devices("GPU")


def conv2d(x, kernel, strides, padding, dilations):
    """``tf.nn.conv2d`` (NHWC) that also trains on a CPU in float16/float64 with dilation > 1.

    TensorFlow's CPU ``Conv2DBackpropInput`` refuses ``dilation_rate > 1`` for every dtype but
    float32 and bfloat16 ("Current CPU implementations do not yet support dilation rates larger
    than 1"), which is what ``mixed_float16`` uses. There, at stride 1 the convolution goes
    through ``tf.nn.convolution`` (what Keras' backend calls: it computes a dilated convolution
    as ``space_to_batch -> conv -> batch_to_space``, the same multiply-adds); at a stride > 1 the
    kernel is dilated explicitly (``D - 1`` zeros between taps, ``k_eff = D·(F-1) + 1``).

    Args:
        x: ``(batch, H, W, C_in)``.
        kernel: ``(k_h, k_w, C_in, C_out)``.
        strides: ``[1, S_h, S_w, 1]``.
        padding: ``"SAME"``, ``"VALID"`` or explicit ``[[0, 0], [t, b], [l, r], [0, 0]]``.
        dilations: ``[1, D_h, D_w, 1]``.

    Returns:
        ``(batch, H_out, W_out, C_out)``.
    """
    # tf.nn.conv2d: keras.ops.conv has no explicit per-side padding
    if max(dilations) > 1 and x.dtype not in (tf.float32, tf.bfloat16) and cpu_only():
        if max(strides) == 1 and isinstance(padding, str):
            return tf.nn.convolution(x, kernel, 1, padding, dilations=list(dilations[1:3]))
        k_h, k_w, c_in, c_out = kernel.shape
        k4 = tf.reshape(kernel, (1, k_h, k_w, c_in * c_out))
        k4 = insert_zeros(k4, tuple(dilations[1:3]))
        kernel = tf.reshape(k4, (k4.shape[1], k4.shape[2], c_in, c_out))
        dilations = [1, 1, 1, 1]
    return tf.nn.conv2d(x, kernel, strides, padding, dilations=dilations)


class ConvLayerBase(keras.layers.Layer):
    """Arguments, weights, ``bias + activation``, LoRA and config shared by the conv layers.

    A subclass validates its arguments in its own ``__init__`` with :meth:`_init_core`,
    :meth:`_init_weight_args` (and :meth:`_init_lora`), creates ``kernel``/``bias`` with
    :meth:`_add_kernel_and_bias`, finishes ``call`` with :meth:`_bias_activation` and builds its
    config with :meth:`_conv_config`.

    LoRA (Hu et al., "LoRA: Low-rank adaptation of large language models", 2021), as in
    ``keras.layers.Conv2D``: after ``enable_lora(r)`` the stored kernel ``W`` is frozen and the
    layer uses ``W + (alpha / r)·A·B`` with ``A = lora_kernel_a`` (``kernel.shape[:-1] + (r,)``,
    He-uniform) and ``B = lora_kernel_b`` (``(r, kernel.shape[-1])``, zeros), both float32. Saving
    stores the merged kernel (a plain layer loads it); loading into a LoRA layer puts the kernel
    into ``W`` and zeroes ``A`` and ``B``.
    """

    data_format = "channels_last"  # subclasses that accept `data_format` set it per instance
    _takes_lora_args = False  # True where __init__ takes `lora_rank`, `lora_alpha`
    lora_enabled = False
    lora_rank = None
    lora_alpha = None

    def _init_core(self, filters, kernel_size, strides, rank: int):
        """Check and store ``filters``, ``kernel_size`` and ``strides``."""
        self.filters = positive_int(filters, "filters")
        self.kernel_size = _int_tuple(kernel_size, rank, "kernel_size")
        self.strides = _int_tuple(strides, rank, "strides")

    def _init_lora(self, lora_rank, lora_alpha):
        """Check and store ``lora_rank`` (``None``: no LoRA) and ``lora_alpha`` (default rank)."""
        if lora_rank is not None:
            lora_rank = positive_int(lora_rank, "lora_rank")
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False

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

    # ------------------------------------------------------------------ data format
    def _channels_last_shape(self, shape):
        """``shape`` in channels-last order (``(batch, C, *spatial)`` -> ``(batch, *spatial, C)``)."""
        shape = tuple(shape)
        if self.data_format == "channels_first":
            return (shape[0], *shape[2:], shape[1])
        return shape

    def _from_channels_last_shape(self, shape):
        """The inverse of :meth:`_channels_last_shape`."""
        shape = tuple(shape)
        if self.data_format == "channels_first":
            return (shape[0], shape[-1], *shape[1:-1])
        return shape

    def _to_channels_last(self, x):
        """``x`` as ``(batch, *spatial, C)`` (TF's CPU kernels compute channels-last only)."""
        if self.data_format == "channels_first":
            return keras.ops.transpose(x, (0, *range(2, len(x.shape)), 1))
        return x

    def _channel_axis_spec(self, c_in, ndim):
        """``InputSpec`` axes entry of the channel axis."""
        return {(1 if self.data_format == "channels_first" else ndim - 1): c_in}

    def _known_channels(self, input_shape):
        """The channel count of ``input_shape`` (by ``data_format``), which must be known."""
        c_in = self._channels_last_shape(input_shape)[-1]
        if c_in is None:
            raise TfdlValueError(
                "channel_axis_unknown",
                "The channel axis of the input to {layer} must be known. Received input_shape={input_shape}",
                layer=type(self).__name__, input_shape=tuple(input_shape),
            )
        return c_in

    # ------------------------------------------------------------------ weights
    def _add_kernel_and_bias(self, kernel_shape, bias_shape):
        """Create the kernel ``W`` (read it as ``self.kernel``) and ``self.bias`` (or ``None``)."""
        self._kernel = self.add_weight(
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
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def kernel(self):
        """The kernel the layer uses: ``W``, or ``W + (alpha / r)·A·B`` with LoRA enabled."""
        if not self.built and "_kernel" not in self.__dict__:
            raise AttributeError("You must build the layer before accessing `kernel`.")
        if not self.lora_enabled:
            return self._kernel
        delta = keras.ops.matmul(self.lora_kernel_a, self.lora_kernel_b)
        return keras.ops.cast(
            keras.ops.add(self._kernel, (self.lora_alpha / self.lora_rank) * delta),
            self.compute_dtype,
        )

    def enable_lora(
        self, rank, lora_alpha=None, a_initializer="he_uniform", b_initializer="zeros"
    ):
        """Freeze ``W`` and train a rank-``rank`` update ``(lora_alpha / rank)·A·B`` instead.

        Formula: ``W_eff = W + (alpha / r)·A·B``, ``A``: ``kernel.shape[:-1] + (r,)``,
        ``B``: ``(r, kernel.shape[-1])``; ``B = 0`` at the start, so ``W_eff = W``.

        Args:
            rank: the rank ``r`` of the update.
            lora_alpha: the scale ``alpha`` (default ``rank``).
            a_initializer: initializer of ``A`` (``lora_kernel_a``).
            b_initializer: initializer of ``B`` (``lora_kernel_b``).

        Returns:
            None.

        Example:
            >>> from tfdl.layers import PaddedConv2D
            >>> conv = PaddedConv2D(4, 3); conv.build((None, 8, 8, 3)); conv.enable_lora(2)
            >>> print(len(conv.trainable_weights), tuple(conv.lora_kernel_a.shape))
            3 (3, 3, 3, 2)

        Paper: E. Hu et al., "LoRA: Low-rank adaptation of large language models", 2021.
        """
        rank = positive_int(rank, "rank")
        if self.kernel_constraint:
            raise TfdlValueError(
                "lora_kernel_constraint",
                "LoRA is incompatible with kernel constraints (the constraint would act on the frozen kernel only). "
                "Remove the `kernel_constraint` argument. Received: kernel_constraint={kernel_constraint!r}",
                kernel_constraint=self.kernel_constraint,
            )
        if not self.built and "_kernel" not in self.__dict__:
            raise TfdlValueError(
                "lora_not_built",
                "Cannot enable LoRA on a layer that isn't yet built (its kernel shape is unknown). Call "
                "`build(input_shape)` first. Received: rank={rank}",
                rank=rank,
            )
        if self.lora_enabled:
            raise TfdlValueError(
                "lora_enabled_twice",
                "LoRA is already enabled. This can only be done once per layer. Received: rank={rank}",
                rank=rank,
            )
        with _compat.layer_state_unlocked(self):
            # float32 factors: no underflow/overflow while fine-tuning in mixed precision
            self.lora_kernel_a = self.add_weight(
                name="lora_kernel_a",
                shape=tuple(self._kernel.shape[:-1]) + (rank,),
                initializer=keras.initializers.get(a_initializer),
                dtype="float32",
                regularizer=self.kernel_regularizer,
            )
            self.lora_kernel_b = self.add_weight(
                name="lora_kernel_b",
                shape=(rank, self._kernel.shape[-1]),
                initializer=keras.initializers.get(b_initializer),
                dtype="float32",
                regularizer=self.kernel_regularizer,
            )
        self._kernel.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def save_own_variables(self, store):
        """With LoRA: save the merged kernel and the bias, as a plain layer has them."""
        if not self.lora_enabled:
            return super().save_own_variables(store)
        for i, variable in enumerate([self.kernel] + ([self.bias] if self.use_bias else [])):
            store[str(i)] = variable

    def load_own_variables(self, store):
        """With LoRA: load the kernel into the frozen ``W`` and zero ``A`` and ``B``."""
        if not self.lora_enabled:
            return super().load_own_variables(store)
        for i, variable in enumerate([self._kernel] + ([self.bias] if self.use_bias else [])):
            variable.assign(store[str(i)])
        self.lora_kernel_a.assign(keras.ops.zeros(self.lora_kernel_a.shape))
        self.lora_kernel_b.assign(keras.ops.zeros(self.lora_kernel_b.shape))

    # ------------------------------------------------------------------ output
    def _bias_activation(self, y):
        """``activation(y + bias)`` of a channels-last ``y``, returned in ``data_format``."""
        if self.use_bias:
            bias = keras.ops.cast(self.bias, y.dtype)
            # tf.nn.bias_add: one fused op (keras.ops.add broadcasts through a slower path)
            y = tf.nn.bias_add(y, bias) if len(self.bias.shape) == 1 else y + bias
        if self.data_format == "channels_first":
            y = keras.ops.transpose(y, (0, len(y.shape) - 1, *range(1, len(y.shape) - 1)))
        if self.activation is not None:
            y = self.activation(y)
        return y

    def _conv_config(self, **own):
        """Base config + ``filters, kernel_size, strides, padding`` + ``own`` + the weight args."""
        ser = keras.saving.serialize_keras_object
        config = {
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
        if self._takes_lora_args:  # Keras' keys
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
