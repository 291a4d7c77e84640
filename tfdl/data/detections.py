"""Generated detections: ground-truth boxes and a noisy detector's scored boxes around them.

A stand-in for a trained detector's output, to see NMS, precision–recall and AP at work: every
object gets several jittered candidate boxes (as a detector's neighbouring anchors would give),
scored by how well they fit plus noise; a few false positives land anywhere with lower scores;
some objects are missed. Boxes are ``[x1, y1, x2, y2]`` in pixels, one class (label 0).

Example:
    >>> from tfdl.data.detections import make_detections
    >>> preds, targets = make_detections(n_images=2, objects=2, seed=0)
    >>> len(preds), sorted(targets[0])
    (2, ['boxes', 'labels'])
"""

from __future__ import annotations

import numpy as np

from tfdl import validation

__all__ = ["make_detections"]


def _iou_rows(a, b):
    w = np.clip(np.minimum(a[:, 2], b[:, 2]) - np.maximum(a[:, 0], b[:, 0]), 0, None)
    h = np.clip(np.minimum(a[:, 3], b[:, 3]) - np.maximum(a[:, 1], b[:, 1]), 0, None)
    inter = w * h
    area = lambda x: (x[:, 2] - x[:, 0]) * (x[:, 3] - x[:, 1])
    return inter / (area(a) + area(b) - inter)


def make_detections(
    n_images: int = 1,
    objects: int = 3,
    image_size: int = 64,
    per_object: int = 3,
    false_positives: int = 2,
    jitter: float = 0.12,
    miss_rate: float = 0.1,
    seed: int = 0,
):
    """Random objects and the scored boxes of an imperfect detector (one class).

    Each image holds ``objects`` boxes of side ``image_size/8 … image_size/3``. Each object, unless
    missed (probability ``miss_rate``), gets ``per_object`` candidates whose corners move by
    ``N(0, (jitter·side)²)``; a candidate's score is its IoU with the object plus ``N(0, 0.1²)``,
    clipped to ``[0.02, 0.99]``. ``false_positives`` random boxes per image score ``U(0.02, 0.8)``.

    Args:
        n_images: images (>= 1).
        objects: objects per image (>= 1).
        image_size: image side in pixels (>= 16).
        per_object: candidate boxes per found object (>= 1).
        false_positives: boxes on background per image (>= 0).
        jitter: corner noise relative to the object's side (>= 0).
        miss_rate: probability that an object gets no candidate, in ``[0, 1]``.
        seed: random seed.

    Returns:
        ``(preds, targets)``: lists (one per image) of dicts ``{"boxes", "scores", "labels"}`` and
        ``{"boxes", "labels"}`` as :func:`tfdl.metrics.detection_average_precision` takes them.

    Example:
        >>> preds, _ = make_detections(objects=2, per_object=2, false_positives=1, miss_rate=0)
        >>> preds[0]["boxes"].shape
        (5, 4)
    """
    for name, value, low in (
        ("n_images", n_images, 1),
        ("objects", objects, 1),
        ("image_size", image_size, 16),
        ("per_object", per_object, 1),
        ("false_positives", false_positives, 0),
    ):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise validation.int_min_error(name, value, low)
    if not np.isfinite(jitter) or jitter < 0:
        raise validation.min_error("jitter", jitter, 0)
    if not 0.0 <= miss_rate <= 1.0:
        raise validation.interval_error("miss_rate", miss_rate, "[0, 1]")
    rng = np.random.default_rng(seed)
    size = float(image_size)
    preds, targets = [], []
    for _ in range(n_images):
        side = rng.uniform(size / 8, size / 3, size=(objects, 2))
        corner = rng.uniform(0, 1, size=(objects, 2)) * (size - side)
        gt = np.concatenate([corner, corner + side], axis=1)
        found = gt[rng.uniform(size=objects) >= miss_rate]
        cand = np.repeat(found, per_object, axis=0)
        sides = np.repeat(np.concatenate([found[:, 2:] - found[:, :2]] * 2, axis=1), per_object, axis=0)
        cand = cand + rng.normal(0, 1, cand.shape) * jitter * sides
        cand = np.concatenate(
            [np.minimum(cand[:, :2], cand[:, 2:] - 1), np.maximum(cand[:, 2:], cand[:, :2] + 1)], axis=1
        )
        scores = (
            np.clip(_iou_rows(cand, np.repeat(found, per_object, axis=0)) + rng.normal(0, 0.1, len(cand)), 0.02, 0.99)
            if len(cand)
            else np.zeros(0)
        )
        fp_side = rng.uniform(size / 8, size / 3, size=(false_positives, 2))
        fp_corner = rng.uniform(0, 1, size=(false_positives, 2)) * (size - fp_side)
        fp = np.concatenate([fp_corner, fp_corner + fp_side], axis=1)
        boxes = np.clip(np.concatenate([cand, fp]), 0, size)
        all_scores = np.concatenate([scores, rng.uniform(0.02, 0.8, false_positives)])
        preds.append({"boxes": boxes, "scores": all_scores, "labels": np.zeros(len(boxes), "int64")})
        targets.append({"boxes": gt, "labels": np.zeros(objects, "int64")})
    return preds, targets
