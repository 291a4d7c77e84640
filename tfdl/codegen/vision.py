"""The Vision page's code: greedy non-maximum suppression on a noisy detector's boxes."""

from __future__ import annotations

__all__ = ["nms_code"]


def nms_code(objects: int, iou_threshold: float, seed: int) -> str:
    """Python that repeats the Vision page's NMS trace: :func:`tfdl.data.make_detections` (4 boxes per
    object, 2 false positives, a 64-pixel image) and :func:`tfdl.metrics.nms_trace`.

    Formula: keep the best-scoring box, drop every box whose IoU with it exceeds the threshold, repeat.

    Args:
        objects: objects in the image; iou_threshold: NMS's threshold; seed: the detections' seed.

    Returns:
        str: lines of Python; they print each step's kept box and the boxes it suppressed.

    Example:
        >>> nms_code(3, 0.5, 0).splitlines()[7]
        'steps = nms_trace(boxes, scores, 0.5)'
    """
    return "\n".join(
        [
            "from tfdl.data import make_detections",
            "from tfdl.metrics import nms_trace",
            "",
            f"preds, targets = make_detections(objects={int(objects)}, per_object=4, false_positives=2, image_size=64,",
            f"                                 miss_rate=0.0, seed={int(seed)})",
            "boxes, scores = preds[0]['boxes'], preds[0]['scores']",
            "",
            f"steps = nms_trace(boxes, scores, {float(iou_threshold)!r})",
            "for step in steps:  # the kept box (its index) and the boxes it suppressed",
            "    print(step.kept, step.suppressed)",
        ]
    )
