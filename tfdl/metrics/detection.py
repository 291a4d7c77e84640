"""Boxes and detection: IoU of boxes, non-maximum suppression, detection AP and mAP (numpy).

Boxes are ``[x1, y1, x2, y2]`` with ``x1 <= x2``, ``y1 <= y2`` (TensorFlow's ``[y1, x1, y2, x2]``
gives the same IoU: the formula is symmetric in the two axes). NMS drops a box whose IoU with a
kept, higher-scoring one is above 0.5; AP is the area under the precision–recall curve of the
detections matched by the VOC rule (:mod:`tfdl.metrics.ranking`).

Example:
    >>> from tfdl.metrics.detection import iou
    >>> iou([0, 0, 2, 2], [1, 1, 3, 3])
    0.14285714285714285
"""

from __future__ import annotations

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.metrics.ranking import average_precision

__all__ = [
    "box_iou",
    "check_boxes",
    "class_matches",
    "detection_average_precision",
    "iou",
    "match_detections",
    "mean_average_precision",
    "non_max_suppression",
]


def check_boxes(b, name: str) -> np.ndarray:
    """Boxes ``[x1, y1, x2, y2]`` as a float ``(N, 4)`` array (one box ``(4,)`` becomes ``(1, 4)``),
    else a ``ValueError`` naming the argument ``name``: wrong shape, or a corner past the other.

    Example:
        >>> check_boxes([0, 0, 2, 1], "box").tolist()
        [[0.0, 0.0, 2.0, 1.0]]
    """
    b = np.asarray(b, dtype="float64")
    if b.ndim == 1:
        b = b[None]
    if b.ndim != 2 or b.shape[-1] != 4:
        raise TfdlValueError(
            "box_shape",
            "`{name}` must have shape (4,) or (N, 4). Received: {name}.shape={shape}",
            name=name, shape=np.shape(b),
        )
    if (b[:, 2] < b[:, 0]).any() or (b[:, 3] < b[:, 1]).any():
        raise TfdlValueError(
            "box_corners",
            "`{name}` must be [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2. Received: {name}={box}",
            name=name, box=b.tolist(),
        )
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
    a, b = check_boxes(boxes_a, "boxes_a"), check_boxes(boxes_b, "boxes_b")
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
        raise TfdlValueError(
            "box_pair_shape",
            "`box_a` and `box_b` must each have shape (4,); use box_iou for sets. Received: {shape_a} and {shape_b}",
            shape_a=np.shape(box_a), shape_b=np.shape(box_b),
        )
    return float(box_iou(box_a, box_b)[0, 0])


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
    b = check_boxes(boxes, "boxes") if len(np.asarray(boxes)) else np.zeros((0, 4))
    s = np.asarray(scores, dtype="float64").reshape(-1)
    if len(s) != len(b):
        raise TfdlValueError(
            "scores_per_box",
            "`scores` must have one value per box ({n_boxes}). Received: {n_scores} scores",
            n_boxes=len(b), n_scores=len(s),
        )
    if not 0.0 <= iou_threshold <= 1.0:
        raise validation.interval_error("iou_threshold", iou_threshold, "[0, 1]")
    if max_output_size is not None and (not isinstance(max_output_size, (int, np.integer)) or max_output_size < 0):
        raise validation.int_min_error("max_output_size", max_output_size, 0)
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


def _detections(items, name, need_scores):
    if not isinstance(items, (list, tuple)):
        raise TfdlValueError(
            "detections_list",
            "`{name}` must be a list with one dict per image. Received: {type_name}",
            name=name, type_name=type(items).__name__,
        )
    out = []
    for i, item in enumerate(items):
        keys = ("boxes", "labels") + (("scores",) if need_scores else ())
        if not isinstance(item, dict) or any(k not in item for k in keys):
            raise TfdlValueError(
                "detection_keys",
                "`{name}[{i}]` must be a dict with keys {keys}. Received: {item!r}",
                name=name, i=i, keys=keys, item=item,
            )
        boxes = np.asarray(item["boxes"], dtype="float64").reshape(-1, 4)
        labels = np.asarray(item["labels"]).reshape(-1).astype("int64")
        scores = np.asarray(item["scores"], dtype="float64").reshape(-1) if need_scores else None
        if len(labels) != len(boxes) or (need_scores and len(scores) != len(boxes)):
            raise TfdlValueError(
                "detection_labels_per_box",
                "`{name}[{i}]` must have one label (and score) per box",
                name=name, i=i,
            )
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
    tp, scores, n_gt = class_matches(preds, targets, class_id, iou_threshold)
    if n_gt == 0:
        return float("nan")
    if len(tp) == 0:
        return 0.0
    return average_precision(tp, scores, method=method, n_positives=n_gt)


def class_matches(preds, targets, class_id: int, iou_threshold: float = 0.5):
    """One class's detections over a set of images, each marked correct or not (VOC matching).

    Each image's detections of ``class_id`` go through :func:`match_detections` against that
    image's objects of the class; the results are concatenated in the order of ``preds``.

    Args:
        preds: list (one per image) of dicts ``{"boxes": (N, 4), "scores": (N,), "labels": (N,)}``.
        targets: list of dicts ``{"boxes": (M, 4), "labels": (M,)}``, same images in the same order.
        class_id: the class.
        iou_threshold: a detection is correct if ``IoU > iou_threshold`` with an unmatched object.

    Returns:
        ``(tp, scores, n_objects)``: a bool per detection, its score, and the number of objects.

    Example:
        >>> class_matches([{"boxes": [[0, 0, 2, 2]], "scores": [0.9], "labels": [0]}],
        ...               [{"boxes": [[0, 0, 2, 2]], "labels": [0]}], class_id=0)
        (array([ True]), array([0.9]), 1)
    """
    p_items, t_items = _detections(preds, "preds", True), _detections(targets, "targets", False)
    if len(p_items) != len(t_items):
        raise TfdlValueError(
            "detections_images",
            "`preds` and `targets` must list the same images. Received: {n_preds} and {n_targets}",
            n_preds=len(p_items), n_targets=len(t_items),
        )
    all_tp, all_scores, n_gt = [], [], 0
    for (pb, pl, ps), (tb, tl, _) in zip(p_items, t_items):
        gt = tb[tl == class_id]
        n_gt += len(gt)
        mine = pl == class_id
        all_tp.append(match_detections(pb[mine], ps[mine], gt, iou_threshold))
        all_scores.append(ps[mine])
    return np.concatenate(all_tp).astype(bool), np.concatenate(all_scores), n_gt


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
