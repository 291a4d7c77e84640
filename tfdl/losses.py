"""Keras losses of the course: the FaceNet triplet loss with semi-hard negatives, and word2vec's
negative-sampling loss.

Example:
    >>> import keras
    >>> from tfdl.losses import TripletSemiHardLoss
    >>> float(TripletSemiHardLoss(margin=0.5)([0, 0, 1], keras.ops.eye(3)))
    0.5
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from tfdl import validation

__all__ = ["TripletSemiHardLoss", "negative_sampling_loss", "triplet_semihard_loss"]


def _pairwise_distances(e, squared):
    sq = ops.sum(ops.square(e), axis=1)
    d2 = ops.maximum(sq[:, None] + sq[None, :] - 2.0 * ops.matmul(e, ops.transpose(e)), 0.0)
    if squared:
        return d2
    positive = d2 > 0.0
    return ops.where(positive, ops.sqrt(ops.where(positive, d2, ops.ones_like(d2))), ops.zeros_like(d2))


@keras.saving.register_keras_serializable(package="tfdl")
def triplet_semihard_loss(y_true, y_pred, margin: float = 1.0, squared: bool = True):
    """FaceNet triplet loss over all anchor–positive pairs of a batch, with semi-hard negatives.

    ``L = mean_{(a,p): y_a = y_p, a ≠ p} max(0, D_ap − D_an* + α)``, ``D = ‖f(x_i) − f(x_j)‖²``
    (or ``‖·‖`` with ``squared=False``). The negative ``n*`` is the closest one *farther* than
    the positive (semi-hard: ``D_ap < D_an``); if there is none, the farthest negative. Anchors
    without any negative in the batch are skipped. Normalise the embeddings (``‖f‖ = 1``) as
    FaceNet does.

    Args:
        y_true: integer labels ``(N,)`` (or ``(N, 1)``).
        y_pred: embeddings ``(N, d)``.
        margin: ``α`` (>= 0).
        squared: squared Euclidean distances (FaceNet) or plain ones.

    Returns:
        scalar tensor.

    Example:
        >>> float(triplet_semihard_loss([0, 0, 1], keras.ops.eye(3)))
        1.0

    Paper: F. Schroff, D. Kalenichenko, J. Philbin, "FaceNet: A Unified Embedding for Face
    Recognition and Clustering", CVPR 2015 (arXiv:1503.03832).
    """
    e = ops.convert_to_tensor(y_pred)
    e = ops.reshape(e, (ops.shape(e)[0], -1))
    labels = ops.reshape(ops.convert_to_tensor(y_true), (-1,))
    d = _pairwise_distances(e, squared)
    same = ops.equal(labels[:, None], labels[None, :])
    negative = ops.logical_not(same)
    n = ops.shape(d)[0]
    positive = ops.logical_and(same, ops.logical_not(ops.cast(ops.eye(n), "bool")))
    big = ops.max(d) + 1.0
    # cand[a, p, n]: n is a negative of a with D_an > D_ap
    d_an = d[:, None, :]
    d_ap = d[:, :, None]
    cand = ops.logical_and(negative[:, None, :], d_an > d_ap)
    outside = ops.min(ops.where(cand, d_an, big + ops.zeros_like(d_an)), axis=2)
    inside = ops.max(ops.where(negative, d, ops.zeros_like(d) - big), axis=1)[:, None]
    has_outside = ops.any(cand, axis=2)
    d_neg = ops.where(has_outside, outside, inside + ops.zeros_like(outside))
    valid = ops.logical_and(positive, ops.any(negative, axis=1)[:, None])
    losses = ops.maximum(d - d_neg + margin, 0.0)
    valid_f = ops.cast(valid, losses.dtype)
    count = ops.sum(valid_f)
    return ops.sum(losses * valid_f) / ops.maximum(count, 1.0)


@keras.saving.register_keras_serializable(package="tfdl")
class TripletSemiHardLoss(keras.losses.Loss):
    """Keras loss wrapper of :func:`triplet_semihard_loss` (FaceNet, semi-hard negatives).

    ``L = mean_{(a,p)} max(0, D_ap − D_an* + α)`` over the anchor–positive pairs of each batch;
    ``y_true`` are the identity labels, ``y_pred`` the embeddings.

    Args:
        margin: ``α`` (>= 0).
        squared: squared Euclidean distances (FaceNet) or plain ones.
        name: loss name.
        **kwargs: base ``keras.losses.Loss`` arguments (``reduction``, ``dtype``).

    Returns:
        a loss for ``model.compile(loss=...)``.

    Example:
        >>> float(TripletSemiHardLoss(margin=0.5)([0, 0, 1], keras.ops.eye(3)))
        0.5

    Paper: F. Schroff, D. Kalenichenko, J. Philbin, "FaceNet: A Unified Embedding for Face
    Recognition and Clustering", CVPR 2015 (arXiv:1503.03832).
    """

    def __init__(self, margin: float = 1.0, squared: bool = True, name: str = "triplet_semihard_loss", **kwargs):
        if not np.isfinite(margin) or margin < 0:
            raise validation.min_error("margin", margin, 0)
        super().__init__(name=name, **kwargs)
        self.margin = float(margin)
        self.squared = bool(squared)

    def call(self, y_true, y_pred):
        return triplet_semihard_loss(y_true, y_pred, margin=self.margin, squared=self.squared)

    def get_config(self):
        config = super().get_config()
        config.update({"margin": self.margin, "squared": self.squared})
        return config


@keras.saving.register_keras_serializable(package="tfdl")
def negative_sampling_loss(y_true, y_pred):
    """``L = −Σ_j [y_j log σ(s_j) + (1 − y_j) log σ(−s_j)] = Σ_j softplus(s_j) − y_j s_j`` per example.

    With the labels ``y = (1, 0, …, 0)`` (observed word, then ``k`` negatives) this is the course's
    ``−log σ(u_o·v_c) − Σ_i log σ(−u_{n_i}·v_c)``. Computed in float32 (softplus is stable).

    Args:
        y_true: ``(batch, 1 + k)`` labels, 1 for the observed word, 0 for the noise words.
        y_pred: ``(batch, 1 + k)`` scores from :class:`tfdl.layers.NegativeSamplingScores`.

    Returns:
        ``(batch,)`` losses (Keras averages them over the batch).
    """
    s = ops.cast(y_pred, "float32")
    y = ops.cast(y_true, "float32")
    return ops.sum(ops.softplus(s) - y * s, axis=-1)
