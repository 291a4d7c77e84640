"""Segmentation scores of label maps: pixel accuracy, per-class Jaccard (IoU), mean IoU (numpy).

Example:
    >>> from tfdl.metrics.segmentation import mean_iou
    >>> round(mean_iou([0, 0, 1, 1], [0, 1, 1, 1]), 4)
    0.5833
"""

from __future__ import annotations

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.metrics.classification import accuracy, confusion_matrix

__all__ = ["jaccard_per_class", "mask_iou", "mean_iou", "pixel_accuracy"]


def mask_iou(mask_a, mask_b) -> float:
    """Intersection over union (Jaccard index) of two binary masks.

    ``J(A, B) = |A ∩ B| / |A ∪ B|``, with ``J = 1`` when both masks are empty (they agree).

    Args:
        mask_a: boolean (or 0/1) array.
        mask_b: boolean array of the same shape.

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> mask_iou([[1, 1], [0, 0]], [[1, 0], [0, 0]])
        0.5
    """
    a, b = np.asarray(mask_a).astype(bool), np.asarray(mask_b).astype(bool)
    if a.shape != b.shape:
        raise TfdlValueError(
            "mask_shapes",
            "`mask_a` and `mask_b` must have the same shape. Received: {shape_a} and {shape_b}",
            shape_a=a.shape, shape_b=b.shape,
        )
    union = np.logical_or(a, b).sum()
    return 1.0 if union == 0 else float(np.logical_and(a, b).sum() / union)


# ---------------------------------------------------------------------------------------- NMS


def pixel_accuracy(y_true, y_pred, ignore_index: int | None = None) -> float:
    """Share of pixels whose predicted class equals the true one.

    ``PA = Σ_i [ŷ_i = y_i] / N`` over the pixels not labelled ``ignore_index``.

    Args:
        y_true: integer label map(s), any shape.
        y_pred: predicted labels, same shape (take ``argmax`` of the scores first).
        ignore_index: label to leave out (e.g. 255 for "void").

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> pixel_accuracy([[0, 1], [1, 1]], [[0, 1], [0, 1]])
        0.75

    Paper: J. Long, E. Shelhamer, T. Darrell, "Fully Convolutional Networks for Semantic
    Segmentation", CVPR 2015.
    """
    return accuracy(y_true, y_pred, ignore_index)


def jaccard_per_class(y_true, y_pred, num_classes: int | None = None, ignore_index: int | None = None):
    """Per-class Jaccard index (IoU) of two label maps.

    ``J_k = TP_k / (TP_k + FP_k + FN_k) = |{y = k} ∩ {ŷ = k}| / |{y = k} ∪ {ŷ = k}|``; ``NaN`` for
    a class absent from both maps (so it does not count in the mean).

    Args:
        y_true: integer label map(s).
        y_pred: predicted labels, same shape.
        num_classes: ``K`` (default: ``max label + 1``).
        ignore_index: label to leave out.

    Returns:
        float64 array ``(K,)``.

    Example:
        >>> jaccard_per_class([0, 0, 1, 1], [0, 1, 1, 1]).tolist()
        [0.5, 0.6666666666666666]

    Paper: P. Jaccard, 1901; M. Everingham et al., "The PASCAL VOC Challenge", IJCV 2010.
    """
    c = confusion_matrix(y_true, y_pred, num_classes, ignore_index).astype("float64")
    tp = np.diag(c)
    union = c.sum(0) + c.sum(1) - tp
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, tp / union, np.nan)


def mean_iou(y_true, y_pred, num_classes: int | None = None, ignore_index: int | None = None) -> float:
    """Mean over classes of the Jaccard index (classes absent from both maps skipped).

    ``mIoU = (1/K') Σ_k J_k``.

    Args:
        y_true, y_pred, num_classes, ignore_index: as in :func:`jaccard_per_class`.

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> round(mean_iou([0, 0, 1, 1], [0, 1, 1, 1]), 4)
        0.5833
    """
    return float(np.nanmean(jaccard_per_class(y_true, y_pred, num_classes, ignore_index)))
