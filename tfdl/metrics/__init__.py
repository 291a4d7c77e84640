"""tfdl.metrics: numpy scores of vision tasks (no TensorFlow, no Keras).

``classification`` (confusion matrix, accuracy, top-k), ``ranking`` (precision–recall curve,
AP), ``detection`` (box IoU, NMS, detection AP, mAP), ``segmentation`` (pixel accuracy,
per-class IoU, mean IoU). Every public name of those modules is re-exported here. The Keras
losses live in :mod:`tfdl.losses`; ``from tfdl.metrics import TripletSemiHardLoss`` still works
(it imports Keras only when asked for).

Example:
    >>> from tfdl.metrics import iou
    >>> iou([0, 0, 2, 2], [1, 1, 3, 3])
    0.14285714285714285
"""

from tfdl.metrics.classification import accuracy, confusion_matrix, top_k_accuracy
from tfdl.metrics.detection import (
    box_iou,
    check_boxes,
    class_matches,
    detection_average_precision,
    iou,
    match_detections,
    mean_average_precision,
    non_max_suppression,
)
from tfdl.metrics.detection_steps import NMSStep, anchor_boxes, detection_pr_curve, nms_trace
from tfdl.metrics.embedding import semihard_triplet
from tfdl.metrics.ranking import (
    average_precision,
    average_precision_from_curve,
    precision_recall_curve,
)
from tfdl.metrics.segmentation import jaccard_per_class, mask_iou, mean_iou, pixel_accuracy

__all__ = [
    "check_boxes",
    "accuracy",
    "confusion_matrix",
    "top_k_accuracy",
    "box_iou", "class_matches",
    "detection_average_precision",
    "iou",
    "match_detections",
    "mean_average_precision",
    "non_max_suppression",
    "average_precision",
    "average_precision_from_curve",
    "precision_recall_curve",
    "jaccard_per_class",
    "mask_iou",
    "mean_iou",
    "pixel_accuracy",
    "NMSStep",
    "anchor_boxes",
    "detection_pr_curve",
    "nms_trace",
    "semihard_triplet",
]

_LOSSES = ("triplet_semihard_loss", "TripletSemiHardLoss")


def __getattr__(name: str):
    # The Keras losses moved to tfdl.losses; importing them here would import Keras.
    if name in _LOSSES:
        from tfdl import losses

        return getattr(losses, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
