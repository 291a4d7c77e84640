"""Classification scores from labels: the confusion matrix, accuracy and top-k accuracy (numpy).

The one confusion matrix and the one accuracy of the library: segmentation's pixel accuracy and
Jaccard index, the Train page's test accuracy and the experiments all call these.

Example:
    >>> from tfdl.metrics.classification import accuracy, confusion_matrix
    >>> confusion_matrix([0, 1, 1], [0, 0, 1]).tolist(), accuracy([0, 1, 1], [0, 0, 1])
    ([[1, 0], [1, 1]], 0.6666666666666666)
"""

from __future__ import annotations

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["accuracy", "confusion_matrix", "top_k_accuracy"]


def _labels(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if t.shape != p.shape:
        raise TfdlValueError(
            "same_shape_pred",
            "`y_true` and `y_pred` must have the same shape. Received: {true_shape} and {pred_shape}",
            true_shape=t.shape, pred_shape=p.shape,
        )
    return t.astype("int64").ravel(), p.astype("int64").ravel()


def confusion_matrix(y_true, y_pred, num_classes: int | None = None, ignore_index: int | None = None):
    """Counts ``C[i, j]`` of items of true class ``i`` predicted as ``j``.

    Args:
        y_true: integer labels, any shape.
        y_pred: predicted labels, same shape.
        num_classes: ``K`` (default: ``max label + 1``).
        ignore_index: label to leave out.

    Returns:
        int64 array ``(K, K)``.

    Example:
        >>> confusion_matrix([0, 1, 1], [0, 0, 1]).tolist()
        [[1, 0], [1, 1]]
    """
    t, p = _labels(y_true, y_pred)
    if ignore_index is not None:
        keep = t != ignore_index
        t, p = t[keep], p[keep]
    if (t < 0).any() or (p < 0).any():
        raise TfdlValueError("labels_negative", "`y_true` and `y_pred` must hold labels >= 0")
    k = int(max(t.max(initial=-1), p.max(initial=-1)) + 1) if num_classes is None else int(num_classes)
    if k < 1 or (len(t) and max(t.max(), p.max()) >= k):
        raise TfdlValueError(
            "num_classes_labels",
            "`num_classes` must exceed every label. Received: num_classes={num_classes!r}",
            num_classes=num_classes,
        )
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k).astype("int64")


def accuracy(y_true, y_pred, ignore_index: int | None = None) -> float:
    """Share of items whose predicted class equals the true one.

    ``acc = Σ_i [ŷ_i = y_i] / N`` over the items not labelled ``ignore_index``. ``y_pred`` may be
    labels (the shape of ``y_true``) or scores with one more, last axis (``ŷ = argmax``).

    Args:
        y_true: integer labels, any shape.
        y_pred: predicted labels of the same shape, or scores ``y_true.shape + (K,)``.
        ignore_index: label to leave out (e.g. 255 for "void" pixels).

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> accuracy([0, 1, 1], [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
        0.6666666666666666
    """
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if p.ndim == t.ndim + 1:
        p = p.argmax(axis=-1)
    t, p = _labels(t, p)
    keep = t != ignore_index if ignore_index is not None else np.ones_like(t, dtype=bool)
    if not keep.any():
        raise TfdlValueError("ignore_index_empty", "`y_true` has no item left after removing `ignore_index`")
    return float((t[keep] == p[keep]).mean())


def top_k_accuracy(y_true, scores, k: int = 5) -> float:
    """Share of items whose true class is among the ``k`` highest scores.

    ``acc@k = Σ_i [y_i ∈ top_k(s_i)] / N``; ``k = 1`` is :func:`accuracy` of the arg-max.

    Args:
        y_true: integer labels ``(N,)``.
        scores: ``(N, K)`` class scores.
        k: how many top classes count (``1 <= k <= K``).

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> top_k_accuracy([2, 0], [[0.1, 0.5, 0.4], [0.2, 0.3, 0.5]], k=2)
        0.5
    """
    t = np.asarray(y_true).astype("int64").reshape(-1)
    s = np.asarray(scores, dtype="float64")
    if s.ndim != 2 or len(s) != len(t):
        raise TfdlValueError(
            "scores_shape",
            "`scores` must have shape (N, K) with one row per label. Received: scores.shape={scores_shape}, "
            "y_true.shape={y_true_shape}",
            scores_shape=s.shape, y_true_shape=np.shape(y_true),
        )
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= s.shape[1]:
        raise TfdlValueError(
            "top_k_range",
            "`k` must be an integer in [1, {n_classes}]. Received: k={k!r}",
            n_classes=s.shape[1], k=k,
        )
    top = np.argsort(-s, axis=1, kind="stable")[:, :k]
    return float((top == t[:, None]).any(axis=1).mean())
