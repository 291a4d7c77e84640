"""Detection, step by step: the trace of non-maximum suppression, anchor boxes over an image, and
the precision–recall curve of a set of detections (numpy).

Boxes are ``[x1, y1, x2, y2]`` as in :mod:`tfdl.metrics.detection`.

Example:
    >>> from tfdl.metrics.detection_steps import anchor_boxes
    >>> anchor_boxes(2, 8, scales=[4], aspect_ratios=[1]).tolist()[0]
    [0.0, 0.0, 4.0, 4.0]
"""

from __future__ import annotations

import dataclasses

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.metrics.detection import box_iou, check_boxes, class_matches, non_max_suppression
from tfdl.metrics.ranking import average_precision_from_curve, precision_recall_curve

__all__ = ["NMSStep", "anchor_boxes", "detection_pr_curve", "nms_trace"]


@dataclasses.dataclass(frozen=True)
class NMSStep:
    """One step of greedy NMS.

    Attributes:
        kept: index of the box kept at this step (the best-scoring box still in the running).
        suppressed: indices of the boxes it removes (``IoU > iou_threshold`` with it).
        ious: their IoU with the kept box, same order as ``suppressed``.
        remaining: indices still in the running after this step, best score first.
    """

    kept: int
    suppressed: tuple[int, ...]
    ious: tuple[float, ...]
    remaining: tuple[int, ...]


def nms_trace(boxes, scores, iou_threshold: float = 0.5, score_threshold: float | None = None):
    """Greedy non-maximum suppression, one record per kept box: who is kept, whom it removes and why.

    Same rule as :func:`tfdl.metrics.non_max_suppression` (and ``tf.image.non_max_suppression``):
    visit the boxes by decreasing score; the best one left is kept, and every remaining box with
    ``IoU(box, kept) > iou_threshold`` is suppressed. Boxes scoring ``<= score_threshold`` never
    enter. The kept indices, in order, are exactly what ``non_max_suppression`` returns.

    Args:
        boxes: ``(N, 4)`` boxes ``[x1, y1, x2, y2]``.
        scores: ``(N,)`` confidences.
        iou_threshold: overlap above which a box is suppressed, in ``[0, 1]``.
        score_threshold: optional minimum score (strictly above it enters).

    Returns:
        a list of :class:`NMSStep`, one per kept box.

    Example:
        >>> steps = nms_trace([[0, 0, 2, 2], [0, 0, 2, 1.9], [3, 3, 4, 4]], [0.9, 0.8, 0.7])
        >>> [(s.kept, s.suppressed) for s in steps]
        [(0, (1,)), (2, ())]

    Paper: P. F. Felzenszwalb, R. B. Girshick, D. McAllester, D. Ramanan, "Object Detection with
    Discriminatively Trained Part-Based Models", TPAMI 2010.
    """
    keep = non_max_suppression(boxes, scores, iou_threshold, score_threshold)  # validates the arguments
    b = check_boxes(boxes, "boxes") if len(keep) else np.zeros((0, 4))
    s = np.asarray(scores, dtype="float64").reshape(-1)
    remaining = np.argsort(-s, kind="stable")
    if score_threshold is not None:
        remaining = remaining[s[remaining] > score_threshold]
    steps = []
    while remaining.size:
        i, rest = int(remaining[0]), remaining[1:]
        overlap = box_iou(b[i], b[rest])[0] if rest.size else np.zeros(0)
        gone = overlap > iou_threshold
        remaining = rest[~gone]
        steps.append(
            NMSStep(
                i,
                tuple(int(j) for j in rest[gone]),
                tuple(float(v) for v in overlap[gone]),
                tuple(int(j) for j in remaining),
            )
        )
    return steps


def _positive_list(name, values):
    arr = np.asarray(values, dtype="float64").reshape(-1)
    if arr.size == 0 or not np.all(np.isfinite(arr)) or (arr <= 0).any():
        raise TfdlValueError(
            "anchor_values",
            "`{name}` must be a non-empty list of positive numbers. Received: {name}={values!r}",
            name=name,
            values=values,
        )
    return arr


def _pair(name, value, minimum):
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2 or any(not isinstance(v, (int, np.integer)) or v < minimum for v in pair):
        raise validation.int_min_error(name, value, minimum)
    return int(pair[0]), int(pair[1])


def anchor_boxes(feature_size, image_size, scales=(32,), aspect_ratios=(0.5, 1.0, 2.0)):
    """The anchor boxes of a detector head: one set of boxes centred on every cell of a feature map.

    A feature map of ``fh × fw`` cells over an image of ``H × W`` pixels has the stride
    ``(H / fh, W / fw)``; cell ``(i, j)`` is centred at ``c = ((j + ½)·W/fw, (i + ½)·H/fh)``. For
    each scale ``s`` (pixels) and aspect ratio ``r = w / h`` the anchor has ``w = s·√r``,
    ``h = s / √r`` (area ``s²``), i.e. the box ``[cx − w/2, cy − h/2, cx + w/2, cy + h/2]``.
    Boxes are not clipped to the image.

    Args:
        feature_size: ``fh`` (or ``(fh, fw)``), cells of the feature map (>= 1).
        image_size: ``H`` (or ``(H, W)``), pixels (>= 1).
        scales: anchor sides ``s`` in pixels (> 0).
        aspect_ratios: width / height ratios ``r`` (> 0).

    Returns:
        float64 ``(fh · fw · len(scales) · len(aspect_ratios), 4)`` boxes ``[x1, y1, x2, y2]``,
        ordered by row, column, scale, ratio (``reshape(fh, fw, S, R, 4)`` gives the grid).

    Example:
        >>> anchor_boxes(2, 8, scales=[4], aspect_ratios=[1]).tolist()
        [[0.0, 0.0, 4.0, 4.0], [4.0, 0.0, 8.0, 4.0], [0.0, 4.0, 4.0, 8.0], [4.0, 4.0, 8.0, 8.0]]

    Paper: S. Ren, K. He, R. Girshick, J. Sun, "Faster R-CNN: Towards Real-Time Object Detection with
    Region Proposal Networks", NeurIPS 2015.
    """
    fh, fw = _pair("feature_size", feature_size, 1)
    ih, iw = _pair("image_size", image_size, 1)
    s = _positive_list("scales", scales)
    r = _positive_list("aspect_ratios", aspect_ratios)
    cy = (np.arange(fh) + 0.5) * ih / fh
    cx = (np.arange(fw) + 0.5) * iw / fw
    w = s[:, None] * np.sqrt(r)[None, :]  # (S, R)
    h = s[:, None] / np.sqrt(r)[None, :]
    cyy, cxx = np.meshgrid(cy, cx, indexing="ij")  # (fh, fw)
    cxx, cyy = cxx[:, :, None, None], cyy[:, :, None, None]
    out = np.stack(np.broadcast_arrays(cxx - w / 2, cyy - h / 2, cxx + w / 2, cyy + h / 2), axis=-1)
    return out.reshape(-1, 4)


def detection_pr_curve(preds, targets, class_id: int = 0, iou_threshold: float = 0.5):
    """Precision–recall curve and AP of one class's detections over a set of images (VOC matching).

    Each detection is matched by :func:`tfdl.metrics.match_detections` (true positive when
    ``IoU > iou_threshold`` with a not yet matched object); then for every score threshold ``τ``:
    ``P(τ) = TP/(TP + FP)``, ``R(τ) = TP / n_objects`` over the detections scoring ``>= τ``.

    Args:
        preds: list (one per image) of dicts ``{"boxes", "scores", "labels"}``.
        targets: list of dicts ``{"boxes", "labels"}``, same images.
        class_id: the class to score.
        iou_threshold: matching threshold.

    Returns:
        dict with ``precision``, ``recall``, ``thresholds`` (decreasing), ``ap`` (all-point
        interpolated, equal to :func:`tfdl.metrics.detection_average_precision`), ``tp`` (bool per
        detection, in the order of the concatenated ``preds``), ``scores`` and ``n_objects``.

    Example:
        >>> r = detection_pr_curve([{"boxes": [[0, 0, 2, 2]], "scores": [0.9], "labels": [0]}],
        ...                        [{"boxes": [[0, 0, 2, 2]], "labels": [0]}])
        >>> r["ap"], r["recall"].tolist()
        (1.0, [1.0])

    Paper: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    tp, sc, n_obj = class_matches(preds, targets, class_id, iou_threshold)
    if n_obj == 0 or len(tp) == 0:
        raise TfdlValueError(
            "pr_curve_empty",
            "A precision–recall curve needs at least one object and one detection of class {class_id}. "
            "Received: {n_objects} objects, {n_detections} detections",
            class_id=class_id,
            n_objects=n_obj,
            n_detections=len(tp),
        )
    precision, recall, thresholds = precision_recall_curve(tp, sc, n_positives=n_obj)
    ap = average_precision_from_curve(precision, recall)
    return {
        "precision": precision,
        "recall": recall,
        "thresholds": thresholds,
        "ap": ap,
        "tp": tp,
        "scores": sc,
        "n_objects": n_obj,
    }
