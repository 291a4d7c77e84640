"""Metrics of vision tasks: IoU, NMS, segmentation scores, precision–recall, AP/mAP, triplet loss.

Detection: intersection over union of boxes, non-maximum suppression (drop a box whose IoU with a
kept, higher-scoring one is above 0.5), the precision–recall curve and average precision in the
PASCAL VOC styles (all-point interpolation, 11-point), mean AP over classes. Segmentation: pixel
accuracy, per-class Jaccard (IoU) and its mean. Metric learning: the FaceNet triplet loss with
semi-hard negatives, as a Keras loss. Everything but the loss is numpy.

Boxes are ``[x1, y1, x2, y2]`` with ``x1 <= x2``, ``y1 <= y2`` (TensorFlow's ``[y1, x1, y2, x2]``
gives the same IoU: the formula is symmetric in the two axes).

Example:
    >>> from tfdl.metrics import iou
    >>> iou([0, 0, 2, 2], [1, 1, 3, 3])
    0.14285714285714285
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

__all__ = [
    "box_iou",
    "iou",
    "mask_iou",
    "non_max_suppression",
    "pixel_accuracy",
    "confusion_matrix",
    "jaccard_per_class",
    "mean_iou",
    "precision_recall_curve",
    "average_precision",
    "average_precision_from_curve",
    "match_detections",
    "detection_average_precision",
    "mean_average_precision",
    "triplet_semihard_loss",
    "TripletSemiHardLoss",
]

_AP_METHODS = ("all_point", "11_point", "step")


# ---------------------------------------------------------------------------------------- IoU
def _boxes(b, name):
    b = np.asarray(b, dtype="float64")
    if b.ndim == 1:
        b = b[None]
    if b.ndim != 2 or b.shape[-1] != 4:
        raise ValueError(f"`{name}` must have shape (4,) or (N, 4). Received: {name}.shape={np.shape(b)}")
    if (b[:, 2] < b[:, 0]).any() or (b[:, 3] < b[:, 1]).any():
        raise ValueError(f"`{name}` must be [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2. Received: {name}={b.tolist()}")
    return b


def box_iou(boxes_a, boxes_b):
    """Pairwise intersection over union of two sets of boxes.

    ``IoU(A, B) = |A ∩ B| / |A ∪ B| = I / (|A| + |B| − I)``, with
    ``I = max(0, min(x2) − max(x1)) · max(0, min(y2) − max(y1))``; 0 when the union is empty.

    Args:
        boxes_a: ``(N, 4)`` boxes ``[x1, y1, x2, y2]`` (or one ``(4,)`` box).
        boxes_b: ``(M, 4)`` boxes.

    Returns:
        numpy float64 array ``(N, M)``.

    Example:
        >>> box_iou([[0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 2, 2]]).shape
        (1, 2)

    Paper: P. Jaccard, "Étude comparative de la distribution florale…", 1901; M. Everingham et
    al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    a, b = _boxes(boxes_a, "boxes_a"), _boxes(boxes_b, "boxes_b")
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    w = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
    h = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
    inter = w * h
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def iou(box_a, box_b) -> float:
    """Intersection over union of two boxes ``[x1, y1, x2, y2]`` (see :func:`box_iou`).

    Args:
        box_a: one box ``(4,)``.
        box_b: one box ``(4,)``.

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> iou([0, 0, 2, 2], [0, 0, 2, 1])
        0.5
    """
    if np.shape(box_a) != (4,) or np.shape(box_b) != (4,):
        raise ValueError(
            f"`box_a` and `box_b` must each have shape (4,); use box_iou for sets. "
            f"Received: {np.shape(box_a)} and {np.shape(box_b)}"
        )
    return float(box_iou(box_a, box_b)[0, 0])


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
        raise ValueError(f"`mask_a` and `mask_b` must have the same shape. Received: {a.shape} and {b.shape}")
    union = np.logical_or(a, b).sum()
    return 1.0 if union == 0 else float(np.logical_and(a, b).sum() / union)


# ---------------------------------------------------------------------------------------- NMS
def non_max_suppression(boxes, scores, iou_threshold: float = 0.5, score_threshold: float | None = None,
                        max_output_size: int | None = None):
    """Greedy non-maximum suppression: keep the best box, drop its heavy overlaps, repeat.

    Visit boxes by decreasing score; keep a box unless ``IoU(box, kept) > iou_threshold`` for some
    already kept box. Boxes scoring below ``score_threshold`` are dropped first. Same rule as
    ``tf.image.non_max_suppression``.

    Args:
        boxes: ``(N, 4)`` boxes.
        scores: ``(N,)`` confidences.
        iou_threshold: overlap above which a box is suppressed, in ``[0, 1]``.
        score_threshold: optional minimum score.
        max_output_size: optional maximum number of boxes kept (>= 0).

    Returns:
        int64 indices of the kept boxes, highest score first.

    Example:
        >>> non_max_suppression([[0, 0, 2, 2], [0, 0, 2, 1.9], [3, 3, 4, 4]], [0.9, 0.8, 0.7])
        array([0, 2])

    Paper: P. F. Felzenszwalb, R. B. Girshick, D. McAllester, D. Ramanan, "Object Detection with
    Discriminatively Trained Part-Based Models", TPAMI 2010.
    """
    b = _boxes(boxes, "boxes") if len(np.asarray(boxes)) else np.zeros((0, 4))
    s = np.asarray(scores, dtype="float64").reshape(-1)
    if len(s) != len(b):
        raise ValueError(f"`scores` must have one value per box ({len(b)}). Received: {len(s)} scores")
    if not 0.0 <= iou_threshold <= 1.0:
        raise ValueError(f"`iou_threshold` must be in [0, 1]. Received: iou_threshold={iou_threshold!r}")
    if max_output_size is not None and (not isinstance(max_output_size, (int, np.integer)) or max_output_size < 0):
        raise ValueError(f"`max_output_size` must be an integer >= 0. Received: max_output_size={max_output_size!r}")
    order = np.argsort(-s, kind="stable")
    if score_threshold is not None:
        order = order[s[order] > score_threshold]
    limit = len(order) if max_output_size is None else max_output_size
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    keep = []
    remaining = order
    while remaining.size and len(keep) < limit:
        i, rest = remaining[0], remaining[1:]
        keep.append(i)
        # IoU of the kept box with the boxes still in the running (O(kept · N), not O(N²))
        w = np.clip(np.minimum(b[i, 2], b[rest, 2]) - np.maximum(b[i, 0], b[rest, 0]), 0, None)
        h = np.clip(np.minimum(b[i, 3], b[rest, 3]) - np.maximum(b[i, 1], b[rest, 1]), 0, None)
        inter = w * h
        union = area[i] + area[rest] - inter
        overlap = np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)
        remaining = rest[overlap <= iou_threshold]
    return np.asarray(keep, dtype="int64")


# ------------------------------------------------------------------------------ segmentation
def _labels(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if t.shape != p.shape:
        raise ValueError(f"`y_true` and `y_pred` must have the same shape. Received: {t.shape} and {p.shape}")
    return t.astype("int64").ravel(), p.astype("int64").ravel()


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
    t, p = _labels(y_true, y_pred)
    keep = t != ignore_index if ignore_index is not None else np.ones_like(t, dtype=bool)
    if not keep.any():
        raise ValueError("`y_true` has no pixel left after removing `ignore_index`")
    return float((t[keep] == p[keep]).mean())


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
        raise ValueError("`y_true` and `y_pred` must hold labels >= 0")
    k = int(max(t.max(initial=-1), p.max(initial=-1)) + 1) if num_classes is None else int(num_classes)
    if k < 1 or (len(t) and max(t.max(), p.max()) >= k):
        raise ValueError(f"`num_classes` must exceed every label. Received: num_classes={num_classes!r}")
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k).astype("int64")


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


# ---------------------------------------------------------------------------- PR curve / AP
def _scored(y_true, scores):
    t = np.asarray(y_true).reshape(-1)
    s = np.asarray(scores, dtype="float64").reshape(-1)
    if len(t) != len(s):
        raise ValueError(f"`y_true` and `scores` must have the same length. Received: {len(t)} and {len(s)}")
    if not np.isin(t, (0, 1, True, False)).all():
        raise ValueError("`y_true` must hold binary labels 0/1 (1 = positive / true detection)")
    return t.astype(bool), s


def precision_recall_curve(y_true, scores, n_positives: int | None = None):
    """Precision and recall at every distinct score threshold, highest threshold first.

    For threshold ``τ``: ``P(τ) = TP(τ) / (TP(τ) + FP(τ))``, ``R(τ) = TP(τ) / n_pos`` where items
    scoring ``>= τ`` are predicted positive. ``n_pos`` defaults to the positives in ``y_true``; in
    detection it is the number of ground-truth objects (missed objects never get a score).

    Args:
        y_true: binary labels (1 = positive / a correct detection).
        scores: confidences, same length.
        n_positives: total number of positives (>= the positives in ``y_true``).

    Returns:
        ``(precision, recall, thresholds)``: float64 arrays, thresholds decreasing. (scikit-learn
        returns the same points in increasing-threshold order plus a final ``(P=1, R=0)``.)

    Example:
        >>> p, r, t = precision_recall_curve([1, 0, 1], [0.9, 0.8, 0.7])
        >>> p.tolist(), r.tolist()
        ([1.0, 0.5, 0.6666666666666666], [0.5, 0.5, 1.0])
    """
    t, s = _scored(y_true, scores)
    n_pos = int(t.sum()) if n_positives is None else int(n_positives)
    if n_pos < t.sum() or n_pos < 1:
        raise ValueError(
            f"`n_positives` must be >= 1 and >= the positives in `y_true` ({int(t.sum())}). "
            f"Received: n_positives={n_positives!r}"
        )
    order = np.argsort(-s, kind="stable")
    s, t = s[order], t[order]
    tp = np.cumsum(t)
    fp = np.cumsum(~t)
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # last index of each distinct score
    tp, fp = tp[last].astype("float64"), fp[last].astype("float64")
    return tp / (tp + fp), tp / n_pos, s[last]


def average_precision_from_curve(precision, recall, method: str = "all_point") -> float:
    """Area under a precision–recall curve, in the PASCAL VOC styles.

    * ``"all_point"`` (VOC 2010+): ``AP = Σ_n (R_n − R_{n−1}) · P_interp(R_n)`` with the
      interpolated precision ``P_interp(r) = max_{r' >= r} P(r')`` (the curve's upper envelope);
    * ``"11_point"`` (VOC 2007): ``AP = (1/11) Σ_{r ∈ {0, 0.1, …, 1}} P_interp(r)``;
    * ``"step"``: ``Σ_n (R_n − R_{n−1}) P_n`` without interpolation (scikit-learn's
      ``average_precision_score``).

    Args:
        precision: precisions, in order of increasing recall (as returned by
            :func:`precision_recall_curve`).
        recall: recalls, non-decreasing.
        method: ``"all_point"``, ``"11_point"`` or ``"step"``.

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> average_precision_from_curve([1.0, 0.5, 2 / 3], [0.5, 0.5, 1.0])
        0.8333333333333333

    Paper: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    p = np.asarray(precision, dtype="float64").reshape(-1)
    r = np.asarray(recall, dtype="float64").reshape(-1)
    if p.shape != r.shape:
        raise ValueError(f"`precision` and `recall` must have the same length. Received: {p.shape} and {r.shape}")
    if len(r) and (np.diff(r) < -1e-12).any():
        raise ValueError("`recall` must be non-decreasing (points ordered by decreasing threshold)")
    if method not in _AP_METHODS:
        raise ValueError(f"`method` must be one of {_AP_METHODS}. Received: method={method!r}")
    if len(r) == 0:
        return 0.0
    if method == "step":
        return float(np.sum(np.diff(np.r_[0.0, r]) * p))
    if method == "11_point":
        return float(np.mean([p[r >= level].max() if (r >= level).any() else 0.0 for level in np.linspace(0, 1, 11)]))
    mrec = np.r_[0.0, r, 1.0]
    mpre = np.r_[0.0, p, 0.0]
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]  # upper envelope
    changes = np.nonzero(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[changes + 1] - mrec[changes]) * mpre[changes + 1]))


def average_precision(y_true, scores, method: str = "all_point", n_positives: int | None = None) -> float:
    """Average precision of scored predictions: the area under their precision–recall curve.

    :func:`precision_recall_curve` then :func:`average_precision_from_curve`. ``method="step"``
    equals ``sklearn.metrics.average_precision_score``.

    Args:
        y_true: binary labels.
        scores: confidences.
        method: ``"all_point"`` (VOC), ``"11_point"`` (VOC 2007) or ``"step"``.
        n_positives: total positives (detection: number of ground-truth objects).

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> average_precision([1, 0, 1], [0.9, 0.8, 0.7])
        0.8333333333333333

    Paper: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    p, r, _ = precision_recall_curve(y_true, scores, n_positives)
    return average_precision_from_curve(p, r, method)


# ----------------------------------------------------------------------------------- detection
def _detections(items, name, need_scores):
    if not isinstance(items, (list, tuple)):
        raise ValueError(f"`{name}` must be a list with one dict per image. Received: {type(items).__name__}")
    out = []
    for i, item in enumerate(items):
        keys = ("boxes", "labels") + (("scores",) if need_scores else ())
        if not isinstance(item, dict) or any(k not in item for k in keys):
            raise ValueError(f"`{name}[{i}]` must be a dict with keys {keys}. Received: {item!r}")
        boxes = np.asarray(item["boxes"], dtype="float64").reshape(-1, 4)
        labels = np.asarray(item["labels"]).reshape(-1).astype("int64")
        scores = np.asarray(item["scores"], dtype="float64").reshape(-1) if need_scores else None
        if len(labels) != len(boxes) or (need_scores and len(scores) != len(boxes)):
            raise ValueError(f"`{name}[{i}]` must have one label (and score) per box")
        out.append((boxes, labels, scores))
    return out


def match_detections(pred_boxes, pred_scores, gt_boxes, iou_threshold: float = 0.5):
    """Mark each detection of one image and class as a true or false positive (VOC rule).

    Detections are visited by decreasing score; each is matched to the ground-truth box it
    overlaps most; it is a true positive if that IoU is ``> iou_threshold`` and the box is not
    taken yet, otherwise a false positive (a duplicate counts as false).

    Args:
        pred_boxes: ``(N, 4)`` detections.
        pred_scores: ``(N,)`` confidences.
        gt_boxes: ``(M, 4)`` ground-truth boxes.
        iou_threshold: ``t`` in ``IoU > t``.

    Returns:
        boolean array ``(N,)`` (in the order of ``pred_boxes``): True for a true positive.

    Example:
        >>> match_detections([[0, 0, 2, 2], [0, 0, 2, 2]], [0.9, 0.8], [[0, 0, 2, 2]]).tolist()
        [True, False]
    """
    pred_boxes = np.asarray(pred_boxes, dtype="float64").reshape(-1, 4)
    scores = np.asarray(pred_scores, dtype="float64").reshape(-1)
    gt = np.asarray(gt_boxes, dtype="float64").reshape(-1, 4)
    tp = np.zeros(len(pred_boxes), dtype=bool)
    if len(pred_boxes) == 0 or len(gt) == 0:
        return tp
    overlaps = box_iou(pred_boxes, gt)
    taken = np.zeros(len(gt), dtype=bool)
    for i in np.argsort(-scores, kind="stable"):
        j = int(np.argmax(overlaps[i]))
        if overlaps[i, j] > iou_threshold and not taken[j]:
            tp[i] = True
            taken[j] = True
    return tp


def detection_average_precision(preds, targets, class_id: int, iou_threshold: float = 0.5,
                                method: str = "all_point") -> float:
    """AP of one class over a set of images: match detections, then the area under the PR curve.

    Args:
        preds: list (one per image) of dicts ``{"boxes": (N, 4), "scores": (N,), "labels": (N,)}``.
        targets: list of dicts ``{"boxes": (M, 4), "labels": (M,)}``, same images in the same order.
        class_id: the class to score.
        iou_threshold: a detection is correct if ``IoU > iou_threshold`` with an unmatched object.
        method: as in :func:`average_precision_from_curve`.

    Returns:
        a float in ``[0, 1]``; ``NaN`` if the class has no ground-truth object.

    Example:
        >>> detection_average_precision([{"boxes": [[0, 0, 2, 2]], "scores": [0.9], "labels": [0]}],
        ...                             [{"boxes": [[0, 0, 2, 2]], "labels": [0]}], class_id=0)
        1.0

    Paper: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    p_items, t_items = _detections(preds, "preds", True), _detections(targets, "targets", False)
    if len(p_items) != len(t_items):
        raise ValueError(f"`preds` and `targets` must list the same images. Received: {len(p_items)} and {len(t_items)}")
    all_tp, all_scores, n_gt = [], [], 0
    for (pb, pl, ps), (tb, tl, _) in zip(p_items, t_items):
        gt = tb[tl == class_id]
        n_gt += len(gt)
        mine = pl == class_id
        all_tp.append(match_detections(pb[mine], ps[mine], gt, iou_threshold))
        all_scores.append(ps[mine])
    if n_gt == 0:
        return float("nan")
    tp, scores = np.concatenate(all_tp), np.concatenate(all_scores)
    if len(tp) == 0:
        return 0.0
    return average_precision(tp, scores, method=method, n_positives=n_gt)


def mean_average_precision(preds, targets, iou_threshold: float = 0.5, method: str = "all_point"):
    """Mean over classes of the detection AP (classes with ground truth only).

    ``mAP = (1/K) Σ_k AP_k``.

    Args:
        preds, targets, iou_threshold, method: as in :func:`detection_average_precision`.

    Returns:
        ``(mAP, {class_id: AP})``.

    Example:
        >>> mean_average_precision([{"boxes": [[0, 0, 2, 2]], "scores": [0.9], "labels": [1]}],
        ...                        [{"boxes": [[0, 0, 2, 2]], "labels": [1]}])[0]
        1.0

    Paper: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    t_items = _detections(targets, "targets", False)
    classes = sorted({int(c) for _, labels, _ in t_items for c in labels})
    per_class = {c: detection_average_precision(preds, targets, c, iou_threshold, method) for c in classes}
    m = float(np.mean(list(per_class.values()))) if per_class else float("nan")
    return m, per_class


# ------------------------------------------------------------------------------ triplet loss
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
            raise ValueError(f"`margin` must be >= 0. Received: margin={margin!r}")
        super().__init__(name=name, **kwargs)
        self.margin = float(margin)
        self.squared = bool(squared)

    def call(self, y_true, y_pred):
        return triplet_semihard_loss(y_true, y_pred, margin=self.margin, squared=self.squared)

    def get_config(self):
        config = super().get_config()
        config.update({"margin": self.margin, "squared": self.squared})
        return config
