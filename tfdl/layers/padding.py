"""Padding layers with the six modes of the course: zeros, constant, replicate, reflect,
symmetric, circular.

On ``x = (1, 2, 3, 4, 5)`` with two cells each side::

    zeros      0 0 | 1 2 3 4 5 | 0 0
    constant   v v | 1 2 3 4 5 | v v
    replicate  1 1 | 1 2 3 4 5 | 5 5     (edge repeated; numpy "edge")
    reflect    3 2 | 1 2 3 4 5 | 4 3     (mirror without the edge; PyTorch/numpy "reflect")
    symmetric  2 1 | 1 2 3 4 5 | 5 4     (mirror with the edge; numpy/TF "symmetric")
    circular   4 5 | 1 2 3 4 5 | 1 2     (wrap around; numpy "wrap")

Keras has only ``ZeroPadding1D/2D``. Everything here runs on GPU unchanged: zeros/constant,
reflect and symmetric are one ``keras.ops.pad`` (``constant``/``reflect``/``symmetric``);
replicate and circular are slices concatenated along each padded axis (their gradients are
slices too).
Inputs are channels-last: ``(batch, steps, channels)`` and ``(batch, rows, cols, channels)``.
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.functional.padding import (
    PADDING_MODES,
    check_mode_limits,
    pad_widths,
)
from tfdl.validation import canonical_padding_mode, deprecated_argument

__all__ = ["PADDING_MODES", "Padding1D", "Padding2D", "pad_spatial", "normalize_spatial_padding"]

# PADDING_MODES: the canonical names of the padding modes, the very tuple of
# tfdl.functional.padding (aliases: zero -> zeros, edge -> replicate, wrap/periodic -> circular).


def normalize_mode(mode) -> str:
    """Canonical padding mode name, or a ``ValueError`` that lists the six modes."""
    name = canonical_padding_mode(mode)
    if name is None:
        raise validation.one_of_error("padding_mode", mode, PADDING_MODES)
    return name


def normalize_spatial_padding(padding, rank: int, name: str = "padding"):
    """Per-side padding ``((before, after), ...)`` for ``rank`` spatial axes.

    Accepts an int (every side), one int per axis (``(p_h, p_w)``, both sides), or one
    ``(before, after)`` pair per axis. For ``rank=1`` a pair ``(left, right)`` is per side, as in
    ``keras.layers.ZeroPadding1D``. The same rule as :func:`tfdl.functional.pad_widths` (which
    it calls), with ``padding`` in the messages and strings refused.

    Args:
        padding: int, tuple of ints or tuple of pairs.
        rank: number of spatial axes (1 or 2).
        name: argument name used in error messages.

    Returns:
        tuple of ``rank`` ``(before, after)`` pairs of ints.

    Example:
        >>> normalize_spatial_padding((1, 2), 2)
        ((1, 1), (2, 2))
    """
    if isinstance(padding, str):
        raise TfdlValueError(
            "padding_no_string",
            "`{name}` must be an int or per-side pairs here. Received: {name}={padding!r}",
            name=name, padding=padding,
        )
    return tuple(pad_widths(padding, rank, name=name))


def _slice(x, axis, start, stop):
    index = [slice(None)] * axis + [slice(start, stop)]
    return x[tuple(index)]


def pad_spatial(x, pads, mode: str = "zeros", padding_value: float = 0.0, *, value=None):
    """Pad the spatial axes of a channels-last tensor.

    Formula (1-D, ``n`` cells, padded index ``i`` in ``[-before, n + after)``):
    zeros ``0``, constant ``padding_value``; replicate ``x[clip(i, 0, n-1)]``; reflect ``x[|i|]``
    mirrored at ``n-1``; symmetric ``x[i if i >= 0 else -i-1]`` mirrored at ``n``; circular
    ``x[i mod n]``.

    Args:
        x: tensor ``(batch, *spatial, channels)``.
        pads: one ``(before, after)`` pair per spatial axis.
        mode: one of :data:`PADDING_MODES`.
        padding_value: fill value of ``"constant"`` mode.
        value: deprecated name of ``padding_value``.

    Returns:
        The padded tensor.

    Example:
        >>> import numpy as np
        >>> y = pad_spatial(np.ones((1, 5, 5, 3), "float32"), ((1, 1), (2, 2)), "reflect")
        >>> print(tuple(y.shape))
        (1, 7, 9, 3)
    """
    padding_value = deprecated_argument("value", "padding_value", value, padding_value, 0.0)
    mode = normalize_mode(mode)
    x = ops.convert_to_tensor(x)
    if not any(b or a for b, a in pads):
        return x
    full = [[0, 0]] + [[int(b), int(a)] for b, a in pads] + [[0, 0]]
    if mode in ("zeros", "constant"):
        fill = 0.0 if mode == "zeros" else padding_value
        return ops.pad(x, full, mode="constant", constant_values=ops.cast(fill, x.dtype))
    if mode == "reflect":
        return ops.pad(x, full, mode="reflect")
    if mode == "symmetric" or (mode == "replicate" and max(max(p) for p in pads) <= 1):
        # one cell of replicate padding is one cell of symmetric padding: a single fused op
        return ops.pad(x, full, mode="symmetric")
    for axis, (b, a) in enumerate(pads, start=1):
        if not (b or a):
            continue
        pieces = []
        if mode == "replicate":
            if b:
                pieces.append(ops.repeat(_slice(x, axis, 0, 1), b, axis=axis))
            pieces.append(x)
            if a:
                pieces.append(ops.repeat(_slice(x, axis, -1, None), a, axis=axis))
        else:  # circular
            if b:
                pieces.append(_slice(x, axis, -b, None))
            pieces.append(x)
            if a:
                pieces.append(_slice(x, axis, 0, a))
        x = ops.concatenate(pieces, axis=axis)
    return x


class _PaddingND(keras.layers.Layer):
    rank = 2

    def __init__(self, padding=1, mode="zeros", padding_value=0.0, **kwargs):
        # `value`: the old name of `padding_value` (configs saved before 0.2 still load)
        padding_value = deprecated_argument(
            "value", "padding_value", kwargs.pop("value", None), padding_value, 0.0)
        super().__init__(**kwargs)
        self.padding = normalize_spatial_padding(padding, self.rank)
        self.mode = normalize_mode(mode)
        self.padding_value = float(padding_value)
        self.input_spec = keras.layers.InputSpec(ndim=self.rank + 2)

    def build(self, input_shape):
        check_mode_limits(self.padding, input_shape[1:-1], self.mode, name="padding")
        self.built = True

    def call(self, inputs):
        return pad_spatial(inputs, self.padding, self.mode, self.padding_value)

    def compute_output_shape(self, input_shape):
        spatial = [
            None if n is None else n + b + a
            for n, (b, a) in zip(input_shape[1:-1], self.padding)
        ]
        return (input_shape[0], *spatial, input_shape[-1])

    def get_config(self):
        return {
            **super().get_config(),
            "padding": self.padding,
            "mode": self.mode,
            "padding_value": self.padding_value,
        }


@keras.saving.register_keras_serializable(package="tfdl")
class Padding1D(_PaddingND):
    """Pad a sequence ``(batch, steps, channels)`` on the time axis, with any padding mode.

    Formula: ``y = concat(P_left(x), x, P_right(x))`` along the steps, where the padded cells
    come from the mode (zeros, constant ``padding_value``, replicate, reflect, symmetric, circular).

    Args:
        padding: int (both ends) or ``(left, right)``.
        mode: ``"zeros"``, ``"constant"``, ``"replicate"``, ``"reflect"``, ``"symmetric"`` or
            ``"circular"`` (aliases ``"edge"``, ``"wrap"``).
        padding_value: fill value of ``"constant"`` mode.
        value: deprecated name of ``padding_value`` (one release).
        **kwargs: base ``keras.layers.Layer`` arguments (``name``, ``dtype``...).

    Returns:
        Tensor ``(batch, steps + left + right, channels)``.

    Example:
        >>> import numpy as np
        >>> x = np.arange(1, 6, dtype="float32").reshape(1, 5, 1)
        >>> print(Padding1D(2, "reflect")(x)[0, :, 0].numpy())
        [3. 2. 1. 2. 3. 4. 5. 4. 3.]

    Paper: the padding modes of ``torch.nn.functional.pad`` and ``numpy.pad``; course notes 004.
    """

    rank = 1


@keras.saving.register_keras_serializable(package="tfdl")
class Padding2D(_PaddingND):
    """Pad an image batch ``(batch, rows, cols, channels)`` with any padding mode.

    Formula: for each spatial axis, ``y = concat(P_before(x), x, P_after(x))`` where the padded
    cells come from the mode (zeros, constant ``padding_value``, replicate, reflect, symmetric,
    circular).

    Args:
        padding: int (every side), ``(p_rows, p_cols)`` (both sides of each axis) or
            ``((top, bottom), (left, right))``.
        mode: ``"zeros"``, ``"constant"``, ``"replicate"``, ``"reflect"``, ``"symmetric"`` or
            ``"circular"`` (aliases ``"edge"``, ``"wrap"``).
        padding_value: fill value of ``"constant"`` mode.
        value: deprecated name of ``padding_value`` (one release).
        **kwargs: base ``keras.layers.Layer`` arguments (``name``, ``dtype``...).

    Returns:
        Tensor ``(batch, rows + top + bottom, cols + left + right, channels)``.

    Example:
        >>> import numpy as np
        >>> print(Padding2D(((1, 0), (2, 2)), "circular")(np.zeros((1, 5, 5, 3))).shape)
        (1, 6, 9, 3)

    Paper: the padding modes of ``torch.nn.functional.pad`` and ``numpy.pad``; course notes 004.
    """

    rank = 2
