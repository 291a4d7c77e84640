"""The two layers of word2vec and fastText (the rest of it: :mod:`tfdl.embeddings`).

word2vec keeps two vectors per word (the course's ``v_w`` and ``v'_w``): the **centre** (input)
vector ``v`` used when the word is in the middle, and the **context** (output) vector ``u`` used
when it is a neighbour. The model scores a pair by ``u_o · h``, where ``h`` is

- skip-gram: ``h = v_c``, the centre word's vector;
- CBOW: ``h = mean of v_w`` over the window's words (the middle word is predicted from them);
- fastText: ``h = Σ_g z_g`` over the character n-grams ``g`` of the centre word.

:class:`BagEmbedding` computes ``h`` (a sum or mean of table rows, 0 = padding), and
:class:`NegativeSamplingScores` the scores ``s = (u_o·h, u_{n_1}·h, …, u_{n_k}·h)`` of the observed
word ``o`` and ``k`` noise words. :func:`tfdl.losses.negative_sampling_loss` turns them into

    L = −log σ(u_o·h) − Σ_{i=1..k} log σ(−u_{n_i}·h),

the course's objective (Mikolov et al., 2013) with the sign flipped to a loss: k + 1 binary
logistic regressions (observed pair: 1, noise pairs: 0) instead of a softmax over the vocabulary.

Example:
    >>> import numpy as np
    >>> from tfdl.layers import BagEmbedding, NegativeSamplingScores
    >>> h = BagEmbedding(10, 4)(np.array([[3]]))
    >>> NegativeSamplingScores(10, 4)([h, np.array([[5, 1, 2]])]).shape
    TensorShape([1, 3])
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl.errors import TfdlValueError
from tfdl.validation import one_of_error, positive_int

__all__ = ["BagEmbedding", "NegativeSamplingScores"]

COMBINERS = ("sum", "mean")


def _default_centre_initializer(embedding_dim: int):
    # word2vec.c: centre vectors uniform in ±0.5/d, context vectors zero
    return keras.initializers.RandomUniform(-0.5 / embedding_dim, 0.5 / embedding_dim)


@keras.saving.register_keras_serializable(package="tfdl")
class BagEmbedding(keras.layers.Layer):
    """The sum (or mean) of the table rows of a bag of ids: ``h = Σ_{i: ids_i ≠ 0} V[ids_i]``.

    One id per example is an ordinary embedding (skip-gram's centre vector ``v_c``); a window of
    ids with ``combiner="mean"`` is CBOW's ``h``; a word's character n-gram ids with
    ``combiner="sum"`` is fastText's word vector. Id 0 is padding and adds nothing (the mean
    divides by the number of non-padding ids, at least 1).

    Args:
        input_dim: rows of the table (vocabulary size, or n-gram buckets + 1).
        output_dim: the vector size ``d``.
        combiner: ``"sum"`` or ``"mean"``.
        embeddings_initializer: initializer of the table (default: uniform in ±0.5/d, as word2vec).

    Input: int ids ``(batch, L)`` (or ``(batch,)`` for one id each). Output: ``(batch, d)``.

    Example:
        >>> import numpy as np
        >>> BagEmbedding(6, 2, combiner="mean")(np.array([[1, 2, 0]])).shape
        TensorShape([1, 2])
    """

    def __init__(self, input_dim, output_dim, combiner="sum", embeddings_initializer=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = positive_int(input_dim, "input_dim")
        self.output_dim = positive_int(output_dim, "output_dim")
        if combiner not in COMBINERS:
            raise one_of_error("combiner", combiner, COMBINERS)
        self.combiner = combiner
        self.embeddings_initializer = keras.initializers.get(
            embeddings_initializer or _default_centre_initializer(self.output_dim)
        )

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), name="embeddings", initializer=self.embeddings_initializer
        )

    def call(self, ids):
        ids = ops.cast(ids, "int32")
        if len(ids.shape) == 1:
            ids = ops.expand_dims(ids, -1)
        vectors = ops.take(self.embeddings, ids, axis=0)  # (batch, L, d)
        present = ops.cast(ops.not_equal(ids, 0), vectors.dtype)
        total = ops.sum(vectors * ops.expand_dims(present, -1), axis=-2)
        if self.combiner == "mean":
            total = total / ops.maximum(ops.sum(present, axis=-1, keepdims=True), ops.cast(1, vectors.dtype))
        return total

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "combiner": self.combiner,
            "embeddings_initializer": keras.initializers.serialize(self.embeddings_initializer),
        }


@keras.saving.register_keras_serializable(package="tfdl")
class NegativeSamplingScores(keras.layers.Layer):
    """Scores of the observed word and the noise words against ``h``: ``s_j = u_{t_j} · h``.

    Holds the context (output) vectors ``u`` of every word (the course's ``v'_w``).

    Args:
        vocab_size: rows of the context table.
        embedding_dim: ``d`` (must equal the size of ``h``).
        embeddings_initializer: initializer of ``u`` (default ``"zeros"``, as word2vec).

    Input: ``[h, targets]``: ``h`` ``(batch, d)`` and int ``targets`` ``(batch, 1 + k)`` (the observed
    word first, then the ``k`` negatives). Output: ``(batch, 1 + k)`` scores (logits).

    Example:
        >>> import numpy as np
        >>> NegativeSamplingScores(5, 2)([np.ones((1, 2)), np.array([[1, 2]])]).shape
        TensorShape([1, 2])
    """

    def __init__(self, vocab_size, embedding_dim, embeddings_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.vocab_size = positive_int(vocab_size, "vocab_size")
        self.embedding_dim = positive_int(embedding_dim, "embedding_dim")
        self.embeddings_initializer = keras.initializers.get(embeddings_initializer)

    def build(self, input_shape):
        h_shape = input_shape[0]
        if h_shape[-1] is not None and h_shape[-1] != self.embedding_dim:
            raise TfdlValueError(
                "scores_dim",
                "`h` must have embedding_dim={embedding_dim} features. Received: shape={shape}",
                embedding_dim=self.embedding_dim,
                shape=tuple(h_shape),
            )
        self.embeddings = self.add_weight(
            shape=(self.vocab_size, self.embedding_dim), name="embeddings", initializer=self.embeddings_initializer
        )

    def call(self, inputs):
        h, targets = inputs
        u = ops.take(self.embeddings, ops.cast(targets, "int32"), axis=0)  # (batch, 1 + k, d)
        return ops.sum(u * ops.expand_dims(ops.cast(h, u.dtype), 1), axis=-1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[1])

    def get_config(self):
        return {
            **super().get_config(),
            "vocab_size": self.vocab_size,
            "embedding_dim": self.embedding_dim,
            "embeddings_initializer": keras.initializers.serialize(self.embeddings_initializer),
        }
