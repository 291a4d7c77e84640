"""Attention for encoder–decoder models: ``BahdanauAttention`` (additive) and ``LuongAttention``.

Both take decoder queries ``s`` and encoder outputs ``h`` (the "values") and return the context
``c_i = Σ_j α_ij h_j`` with the weights ``α_i = softmax_j(e_ij)`` (the alignment a learner plots
as a heatmap). Padding positions of the source get ``α = 0`` through ``values_mask``.

Example:
    >>> import numpy as np
    >>> from tfdl.layers import BahdanauAttention
    >>> c, alpha = BahdanauAttention(16)(np.zeros((2, 4, 8)), np.zeros((2, 7, 8)))
    >>> print(c.shape, alpha.shape)
    (2, 4, 8) (2, 4, 7)
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["BahdanauAttention", "LuongAttention", "PaddingMask", "PreviousStates"]


def _masked_softmax(e, values_mask):
    """softmax over the last axis (source positions), masked positions get weight 0."""
    if values_mask is not None:
        m = ops.cast(ops.expand_dims(values_mask, 1), "bool")  # (batch, 1, S)
        big = ops.cast(-1e9 if e.dtype != "float16" else -6e4, e.dtype)
        e = ops.where(m, e, big)
    alpha = ops.softmax(e, axis=-1)
    if values_mask is not None:
        alpha = alpha * ops.cast(ops.expand_dims(values_mask, 1), alpha.dtype)
    return alpha


class _AttentionBase(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # the query's (decoder's) mask passes to c and α

    def compute_mask(self, query, values=None, values_mask=None, keys=None, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        return [mask, mask]

    def call(self, query, values, values_mask=None, keys=None):
        single = len(query.shape) == 2
        s = ops.expand_dims(query, 1) if single else query  # (batch, T, d_s)
        if keys is None:
            keys = self.precompute_keys(values)
        e = self.score(s, keys)  # (batch, T, S)
        alpha = _masked_softmax(e, values_mask)
        c = ops.matmul(alpha, values)  # (batch, T, d_h)
        if single:
            c, alpha = c[:, 0], alpha[:, 0]
        return c, alpha

    def compute_output_shape(self, query_shape, values_shape, values_mask_shape=None,
                             keys_shape=None):
        if len(query_shape) == 2:
            return (query_shape[0], values_shape[-1]), (query_shape[0], values_shape[1])
        return ((query_shape[0], query_shape[1], values_shape[-1]),
                (query_shape[0], query_shape[1], values_shape[1]))


@keras.saving.register_keras_serializable(package="tfdl")
class BahdanauAttention(_AttentionBase):
    """Additive attention: ``e_ij = vᵀ tanh(W₁ h_j + W₂ s_{i−1})``, ``α_i = softmax_j(e_ij)``.

    The keys ``W₁ h_j`` depend only on the source, so :meth:`precompute_keys` computes them once
    per source sequence and a decoder passes them back in (``keys=``) at every step.

    Args:
        units: size of the hidden layer of the score network (rows of ``W₁``, ``W₂``, ``v``).
        use_bias: add a bias inside the ``tanh`` (``b`` in ``tanh(W₁h + W₂s + b)``).

    Call args:
        query: decoder state(s) ``s``, (batch, d_s) for one step or (batch, T, d_s).
        values: encoder outputs ``h``, (batch, S, d_h).
        values_mask: optional (batch, S) booleans, ``False`` at source padding.
        keys: optional result of :meth:`precompute_keys` for these ``values``.

    Returns:
        ``(c, α)``: context (batch, [T,] d_h) and weights (batch, [T,] S).

    Example:
        >>> att = BahdanauAttention(16)
        >>> c, alpha = att(np.zeros((2, 8)), np.zeros((2, 7, 8)))
        >>> print(c.shape, alpha.shape)
        (2, 8) (2, 7)

    Paper: Bahdanau, Cho & Bengio, "Neural Machine Translation by Jointly Learning to Align and
    Translate", ICLR 2015.
    """

    def __init__(self, units, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units < 1:
            raise validation.positive_int_error("units", units)
        self.units = units
        self.use_bias = use_bias

    def build(self, query_shape, values_shape=None, values_mask_shape=None, keys_shape=None):
        if values_shape is None:
            raise TfdlValueError("bahdanau_inputs", "`BahdanauAttention` needs both `query` and `values`.")
        self.W_1 = self.add_weight(shape=(values_shape[-1], self.units), name="W_1",
                                   initializer="glorot_uniform")
        self.W_2 = self.add_weight(shape=(query_shape[-1], self.units), name="W_2",
                                   initializer="glorot_uniform")
        self.b = (self.add_weight(shape=(self.units,), name="b", initializer="zeros")
                  if self.use_bias else None)
        self.v = self.add_weight(shape=(self.units,), name="v", initializer="glorot_uniform")

    def precompute_keys(self, values):
        """``W₁ h_j`` (+ b) for every source position: (batch, S, units). Call once per source."""
        keys = ops.matmul(values, self.W_1)
        return keys + self.b if self.use_bias else keys

    def score(self, s, keys):
        q = ops.matmul(s, self.W_2)  # (batch, T, units)
        t = ops.tanh(ops.expand_dims(keys, 1) + ops.expand_dims(q, 2))  # (batch, T, S, units)
        return ops.tensordot(t, self.v, axes=1)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, use_bias=self.use_bias)
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class LuongAttention(_AttentionBase):
    """Multiplicative attention: ``e_ij = s_iᵀ h_j`` ("dot") or ``s_iᵀ W h_j`` ("general").

    Args:
        score: ``"dot"`` (needs ``d_s == d_h``) or ``"general"``.

    Call args:
        query, values, values_mask, keys: as in :class:`BahdanauAttention`; for "general" the
        keys are ``W h_j``, computed once by :meth:`precompute_keys`.

    Returns:
        ``(c, α)``: context (batch, [T,] d_h) and weights (batch, [T,] S).

    Example:
        >>> c, alpha = LuongAttention("general")(np.zeros((2, 3, 8)), np.zeros((2, 7, 6)))
        >>> print(c.shape, alpha.shape)
        (2, 3, 6) (2, 3, 7)

    Paper: Luong, Pham & Manning, "Effective Approaches to Attention-based Neural Machine
    Translation", EMNLP 2015.
    """

    def __init__(self, score="dot", **kwargs):
        super().__init__(**kwargs)
        if score not in ("dot", "general"):
            raise TfdlValueError(
                "attention_score",
                "`score` must be 'dot' or 'general'. Received: score={score!r}",
                score=score,
            )
        self.score_name = score

    def build(self, query_shape, values_shape=None, values_mask_shape=None, keys_shape=None):
        if values_shape is None:
            raise TfdlValueError("luong_inputs", "`LuongAttention` needs both `query` and `values`.")
        if self.score_name == "dot":
            if query_shape[-1] != values_shape[-1]:
                raise TfdlValueError(
                    "luong_dot_sizes",
                    "`LuongAttention(score='dot')` needs queries and values of the same size. Received: query size "
                    "{query_size}, values size {values_size}; use score='general'.",
                    query_size=query_shape[-1], values_size=values_shape[-1],
                )
            self.W = None
        else:
            self.W = self.add_weight(shape=(values_shape[-1], query_shape[-1]), name="W",
                                     initializer="glorot_uniform")

    def precompute_keys(self, values):
        """``h_j`` ("dot") or ``W h_j`` ("general"), shape (batch, S, d_s)."""
        return values if self.W is None else ops.matmul(values, self.W)

    def score(self, s, keys):
        return ops.matmul(s, ops.transpose(keys, (0, 2, 1)))

    def get_config(self):
        config = super().get_config()
        config.update(score=self.score_name)
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class PaddingMask(keras.layers.Layer):
    """Booleans that are ``True`` at real tokens and ``False`` at padding: ``m_j = [x_j ≠ pad]``.

    Used to give attention its ``values_mask`` (the mask of the source) as an explicit tensor.

    Args:
        pad_id: the id used for padding (0).

    Returns:
        A bool tensor with the shape of the ids.

    Example:
        >>> print(PaddingMask()(np.array([[3, 4, 0]])).numpy())
        [[ True  True False]]

    Paper: none (bookkeeping for Bahdanau et al. 2015).
    """

    def __init__(self, pad_id=0, **kwargs):
        super().__init__(**kwargs)
        self.pad_id = pad_id

    def call(self, ids):
        return ops.not_equal(ids, ops.cast(self.pad_id, ids.dtype))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def compute_output_spec(self, ids):
        return keras.KerasTensor(ids.shape, dtype="bool")

    def get_config(self):
        config = super().get_config()
        config.update(pad_id=self.pad_id)
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class PreviousStates(keras.layers.Layer):
    """The queries ``s_{i−1}`` of Bahdanau attention: ``[s_0, s_1, …, s_{T−1}]``.

    Formula: given the initial decoder state ``s_0`` (batch, d) and the decoder states
    ``s_1..s_T`` (batch, T, d), return ``s_0..s_{T−1}``: step ``i`` attends with the state it
    had *before* emitting ``y_i``.

    Args:
        none besides the usual layer keyword arguments.

    Returns:
        (batch, T, d) tensor.

    Example:
        >>> print(PreviousStates()([np.zeros((2, 4)), np.ones((2, 6, 4))]).shape)
        (2, 6, 4)

    Paper: Bahdanau, Cho & Bengio, ICLR 2015.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return mask[1] if isinstance(mask, (list, tuple)) else None

    def call(self, inputs):
        s_0, s = inputs
        return ops.concatenate([ops.expand_dims(s_0, 1), s[:, :-1]], axis=1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[1])
