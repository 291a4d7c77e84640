"""The Vision page's code: greedy non-maximum suppression on a noisy detector's boxes; the U-Net and triplet runs."""

from __future__ import annotations

__all__ = ["nms_code", "triplet_code", "unet_code"]


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


def unet_code(size: int, n_images: int, base_filters: int, depth: int, epochs: int, learning_rate: float) -> str:
    """Python that repeats the Vision page's segmentation run (:func:`tfdl.experiments.train_shapes_unet`).

    Formula: ``L = (1/HW) Σ_ij −log p_ij[y_ij]``; IoU of a class ``= |true ∩ predicted| / |true ∪ predicted|``
    (Ronneberger et al. 2015).

    Args:
        size, n_images, base_filters, depth, epochs, learning_rate: the page's settings (seed 0).

    Returns:
        str: lines of Python; they print the pixel accuracy, the per-class IoU and the test loss.

    Example:
        >>> unet_code(32, 256, 8, 2, 8, 0.01).splitlines()[2]
        'run = train_shapes_unet(size=32, n_images=256, base_filters=8, depth=2, epochs=8, learning_rate=0.01, seed=0)'
    """
    return "\n".join(
        [
            "from tfdl.experiments import train_shapes_unet",
            "",
            f"run = train_shapes_unet(size={int(size)}, n_images={int(n_images)}, base_filters={int(base_filters)}, "
            f"depth={int(depth)}, epochs={int(epochs)}, learning_rate={float(learning_rate)!r}, seed=0)",
            "print(run.pixel_accuracy)  # share of the test pixels labelled right",
            "print(run.iou)  # IoU of background, circle, square, triangle",
            "print(run.loss)  # mean per-pixel cross-entropy on the test images",
        ]
    )


def triplet_code(n_classes: int, epochs: int, margin: float, per_class: int = 60) -> str:
    """Python that repeats the Vision page's triplet-loss run (:func:`tfdl.experiments.train_triplet_embedding`).

    Formula: ``L = mean max(0, ‖f(a) − f(p)‖² − ‖f(a) − f(n*)‖² + α)`` with semi-hard negatives ``n*``
    (Schroff et al. 2015, FaceNet).

    Args:
        n_classes: digits ``0 … n_classes−1``; epochs; margin: ``α``; per_class: images per digit (seed 0).

    Returns:
        str: lines of Python; they print the last epoch's loss and the points' shape.

    Example:
        >>> triplet_code(5, 20, 1.0).splitlines()[2]
        'run = train_triplet_embedding(n_classes=5, epochs=20, margin=1.0, per_class=60, seed=0)'
    """
    return "\n".join(
        [
            "from tfdl.experiments import train_triplet_embedding",
            "",
            f"run = train_triplet_embedding(n_classes={int(n_classes)}, epochs={int(epochs)}, "
            f"margin={float(margin)!r}, "
            f"per_class={int(per_class)}, seed=0)",
            "print(run.history['loss'].iloc[-1])  # batch loss in the last epoch",
            "print(run.after.shape)  # one 2-D point per digit image (run.before: the untrained network's)",
        ]
    )
