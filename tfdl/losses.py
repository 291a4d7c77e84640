"""Keras losses of the course: the FaceNet triplet loss with semi-hard negatives, word2vec's
negative-sampling loss, and the per-pixel softmax cross-entropy of segmentation.

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

__all__ = [
    "PixelSoftmaxCrossEntropy",
    "TripletSemiHardLoss",
    "negative_sampling_loss",
    "pixel_cross_entropy",
    "triplet_semihard_loss",
]


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


@keras.saving.register_keras_serializable(package="tfdl")
def pixel_cross_entropy(y_true, y_pred, from_logits: bool = False):
    """Per-pixel softmax cross-entropy map of a segmentation: ``ℓ_ij = −log p_ij[y_ij]``.

    ``p_ij = softmax(z_ij)`` over the classes at pixel ``(i, j)`` (``from_logits=True``), or the
    given probabilities. The segmentation loss is the mean of the map over all pixels (and images),
    ``L = (1/N) Σ_n (1/HW) Σ_ij ℓ_nij``: the sparse categorical cross-entropy of the flattened pixels.
    Computed in float32; probabilities are clipped to ``[ε, 1 − ε]`` as Keras does.

    Args:
        y_true: integer label maps ``(N, H, W)`` (or ``(N, H, W, 1)``).
        y_pred: class scores ``(N, H, W, K)``: probabilities, or logits with ``from_logits=True``.
        from_logits: whether ``y_pred`` are logits.

    Returns:
        float32 tensor ``(N, H, W)``: the loss of every pixel.

    Example:
        >>> import numpy as np
        >>> tuple(pixel_cross_entropy(np.zeros((1, 2, 2)), np.full((1, 2, 2, 3), 1 / 3)).shape)
        (1, 2, 2)

    Paper: J. Long, E. Shelhamer, T. Darrell, "Fully Convolutional Networks for Semantic
    Segmentation", CVPR 2015; O. Ronneberger, P. Fischer, T. Brox, "U-Net", MICCAI 2015.
    """
    z = ops.cast(ops.convert_to_tensor(y_pred), "float32")
    labels = ops.cast(ops.convert_to_tensor(y_true), "int32")
    if len(labels.shape) == len(z.shape):
        labels = ops.squeeze(labels, axis=-1)
    if from_logits:
        log_p = ops.log_softmax(z, axis=-1)
    else:
        eps = keras.config.epsilon()
        p = z / ops.sum(z, axis=-1, keepdims=True)
        log_p = ops.log(ops.clip(p, eps, 1.0 - eps))
    picked = ops.take_along_axis(log_p, ops.expand_dims(labels, -1), axis=-1)
    return -ops.squeeze(picked, axis=-1)


@keras.saving.register_keras_serializable(package="tfdl")
class PixelSoftmaxCrossEntropy(keras.losses.Loss):
    """Segmentation loss: the softmax cross-entropy of every pixel, averaged over the pixels.

    ``L = (1/N) Σ_n (1/HW) Σ_ij −log p_nij[y_nij]`` (:func:`pixel_cross_entropy`); equal to
    ``keras.losses.SparseCategoricalCrossentropy`` of the flattened pixels.

    Args:
        from_logits: whether the model outputs logits (else per-pixel softmax probabilities).
        name: loss name.
        **kwargs: base ``keras.losses.Loss`` arguments (``reduction``, ``dtype``).

    Returns:
        a loss for ``model.compile(loss=...)``.

    Example:
        >>> import numpy as np
        >>> round(float(PixelSoftmaxCrossEntropy()(np.zeros((1, 2, 2)), np.full((1, 2, 2, 2), 0.5))), 4)
        0.6931

    Paper: J. Long, E. Shelhamer, T. Darrell, "Fully Convolutional Networks for Semantic
    Segmentation", CVPR 2015.
    """

    def __init__(self, from_logits: bool = False, name: str = "pixel_softmax_cross_entropy", **kwargs):
        super().__init__(name=name, **kwargs)
        self.from_logits = bool(from_logits)

    def call(self, y_true, y_pred):
        per_pixel = pixel_cross_entropy(y_true, y_pred, from_logits=self.from_logits)
        return ops.mean(ops.reshape(per_pixel, (ops.shape(per_pixel)[0], -1)), axis=1)

    def get_config(self):
        config = super().get_config()
        config.update({"from_logits": self.from_logits})
        return config
