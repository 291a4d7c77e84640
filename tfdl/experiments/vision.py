"""Small vision tasks trained live: a U-Net segmenting generated shapes, and a 2-D embedding of
digits learnt with the triplet loss (semi-hard negatives).

Both return plain numpy results beside the model, for the playground's Vision tasks page; their
``*_cost`` companions estimate the CPU time first (:func:`tfdl.training_cost.estimate_fit_cost`).

Example:
    >>> from tfdl.experiments.vision import train_shapes_unet
    >>> r = train_shapes_unet(size=16, n_images=16, depth=1, base_filters=4, epochs=1)
    >>> r.predicted.shape
    (8, 16, 16)
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from tfdl import validation
from tfdl.seeding import seeded

__all__ = [
    "SegmentationRun",
    "TripletRun",
    "shapes_unet",
    "train_shapes_unet",
    "train_shapes_unet_cost",
    "train_triplet_embedding",
    "train_triplet_embedding_cost",
    "triplet_embedding_model",
]

N_CLASSES = 4  # background, circle, square, triangle (tfdl.data.SHAPE_CLASSES)


@dataclasses.dataclass
class SegmentationRun:
    """What :func:`train_shapes_unet` returns (numpy arrays are over the held-out images).

    Attributes:
        model: the trained U-Net.
        history: ``pandas.DataFrame`` per epoch (``loss``, ``val_loss``).
        images: ``(n, H, W, 1)`` test images.
        masks: ``(n, H, W)`` true class maps.
        predicted: ``(n, H, W)`` arg-max of the predicted probabilities.
        loss_map: ``(n, H, W)`` per-pixel cross-entropy ``−log p[y]``.
        pixel_accuracy: share of test pixels classified right.
        iou: ``(4,)`` per-class Jaccard index on the test images (``NaN`` for an absent class).
        loss: mean per-pixel cross-entropy on the test images.
        seconds: training time.
    """

    model: Any
    history: Any
    images: np.ndarray
    masks: np.ndarray
    predicted: np.ndarray
    loss_map: np.ndarray
    pixel_accuracy: float
    iou: np.ndarray
    loss: float
    seconds: float


def _check(name, value, low):
    if not isinstance(value, (int, np.integer)) or value < low:
        raise validation.int_min_error(name, value, low)
    return int(value)


def shapes_unet(size: int = 32, depth: int = 2, base_filters: int = 8):
    """A small same-padded U-Net for ``size``×``size`` grey shape images, 4 classes, softmax per pixel.

    Args:
        size: image side (a multiple of ``2^depth``).
        depth: number of poolings.
        base_filters: channels of the first level (doubling at each level down).

    Returns:
        an uncompiled ``keras.Model``.

    Example:
        >>> shapes_unet(16, depth=1, base_filters=4).output_shape
        (None, 16, 16, 4)
    """
    from tfdl.models import unet

    return unet(
        input_shape=(size, size, 1), num_classes=N_CLASSES, padding="same", depth=depth, base_filters=base_filters
    )


def _n_test(n_images: int) -> int:
    return n_images // 2 if n_images < 32 else max(8, n_images // 8)


def _shapes(size, n_images, seed):
    from tfdl.data import make_shapes

    return make_shapes(n_images=n_images, size=size, max_shapes=3, noise=0.05, seed=seed)


def train_shapes_unet_cost(
    size: int = 32, n_images: int = 256, depth: int = 2, base_filters: int = 8, epochs: int = 5, batch_size: int = 16
):
    """Estimated steps and CPU seconds of :func:`train_shapes_unet` (:class:`tfdl.training_cost.FitCost`).

    Example:
        >>> train_shapes_unet_cost(16, 64, 1, 4, 1, 16).steps
        4
    """
    from tfdl.training_cost import estimate_fit_cost

    n_train = n_images - _n_test(n_images)
    return estimate_fit_cost(
        lambda: shapes_unet(size, depth, base_filters),
        n_train,
        epochs,
        batch_size,
        validation_samples=n_images - n_train,
    )


def train_shapes_unet(
    size: int = 32,
    n_images: int = 256,
    depth: int = 2,
    base_filters: int = 8,
    epochs: int = 5,
    batch_size: int = 16,
    learning_rate: float = 3e-3,
    seed: int = 0,
    sink=None,
) -> SegmentationRun:
    """Train a small U-Net on generated shapes (:func:`tfdl.data.make_shapes`) with the per-pixel loss.

    The loss is ``L = mean over pixels of −log p[y]`` (:class:`tfdl.losses.PixelSoftmaxCrossEntropy`);
    the scores are pixel accuracy and per-class IoU (:mod:`tfdl.metrics.segmentation`) on held-out
    images (half of them below 32 images, else ``max(8, n/8)``).

    Args:
        size: image side (>= 8, a multiple of ``2^depth``).
        n_images: generated images, train and test together (>= 4).
        depth: U-Net poolings (>= 1).
        base_filters: channels of the first level (>= 1).
        epochs: passes over the training images (>= 1).
        batch_size: images per step (>= 1).
        learning_rate: Adam's step.
        seed: fixes the data and the weights.
        sink: progress sink (``on_epoch_end(epoch, logs)``, ``should_stop()``), see :func:`tfdl.training.fit`.

    Returns:
        :class:`SegmentationRun`.
    """
    import keras

    from tfdl.losses import PixelSoftmaxCrossEntropy, pixel_cross_entropy
    from tfdl.metrics import jaccard_per_class, pixel_accuracy
    from tfdl.training import fit

    size, n_images = _check("size", size, 8), _check("n_images", n_images, 4)
    depth, base_filters = _check("depth", depth, 1), _check("base_filters", base_filters, 1)
    data = _shapes(size, n_images, seed)
    n_test = _n_test(n_images)
    x, y, xt, yt = data.images[n_test:], data.masks[n_test:], data.images[:n_test], data.masks[:n_test]
    model = shapes_unet(size, depth, base_filters)
    result = fit(
        model,
        x,
        y,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        validation_data=(xt, yt),
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=PixelSoftmaxCrossEntropy(),
        metrics=(),
        sink=sink,
        jit_compile=False,
    )
    probs = np.asarray(result.model.predict(xt, verbose=0, batch_size=64))
    predicted = probs.argmax(-1)
    loss_map = np.asarray(pixel_cross_entropy(yt, probs))
    return SegmentationRun(
        result.model,
        result.history,
        xt,
        yt,
        predicted,
        loss_map,
        pixel_accuracy(yt, predicted),
        jaccard_per_class(yt, predicted, N_CLASSES),
        float(loss_map.mean()),
        result.seconds,
    )


@dataclasses.dataclass
class TripletRun:
    """What :func:`train_triplet_embedding` returns.

    Attributes:
        model: the trained network (image → 2-D point).
        history: ``pandas.DataFrame`` per epoch (``loss``).
        labels: ``(N,)`` digit of each point.
        before: ``(N, 2)`` embedding by the untrained network (same initial weights).
        after: ``(N, 2)`` embedding after training.
        seconds: training time.
    """

    model: Any
    history: Any
    labels: np.ndarray
    before: np.ndarray
    after: np.ndarray
    seconds: float


def triplet_embedding_model(hidden: int = 32):
    """An MLP from 8×8 digits to a point of the plane: ``Flatten → Dense(hidden, ReLU) → Dense(2)``.

    Example:
        >>> triplet_embedding_model(16).output_shape
        (None, 2)
    """
    import keras

    return keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(2),
        ],
        name="triplet_embedding",
    )


def _digits(n_classes, per_class):
    from tfdl.data import load_digits

    (x, y), _ = load_digits(size=8)
    keep = np.concatenate([np.flatnonzero(y == c)[:per_class] for c in range(n_classes)])
    return x[keep], y[keep]


def train_triplet_embedding_cost(
    n_classes: int = 5, per_class: int = 60, hidden: int = 32, epochs: int = 20, batch_size: int = 64
):
    """Estimated steps and CPU seconds of :func:`train_triplet_embedding`.

    Example:
        >>> train_triplet_embedding_cost(2, 32, 8, 1, 64).steps
        1
    """
    from tfdl.training_cost import estimate_fit_cost

    return estimate_fit_cost(lambda: triplet_embedding_model(hidden), n_classes * per_class, epochs, batch_size)


def train_triplet_embedding(
    n_classes: int = 5,
    per_class: int = 60,
    hidden: int = 32,
    epochs: int = 20,
    batch_size: int = 64,
    margin: float = 1.0,
    learning_rate: float = 1e-2,
    seed: int = 0,
    sink=None,
) -> TripletRun:
    """Learn a 2-D embedding of the 8×8 digits ``0 … n_classes−1`` with FaceNet's triplet loss.

    ``L = mean over anchor–positive pairs of max(0, D_ap − D_an* + α)`` with the semi-hard negative
    ``n*`` of each pair in the batch (:class:`tfdl.losses.TripletSemiHardLoss`, squared distances).

    Args:
        n_classes: digits used, ``2 … 10``.
        per_class: images per digit (>= 2).
        hidden: units of the hidden layer (>= 1).
        epochs: passes (>= 1).
        batch_size: points per batch (>= 2; the triplets are formed inside each batch).
        margin: ``α`` (>= 0).
        learning_rate: Adam's step.
        seed: fixes the weights and the shuffling.
        sink: progress sink, as in :func:`tfdl.training.fit`.

    Returns:
        :class:`TripletRun`.
    """
    import keras

    from tfdl.losses import TripletSemiHardLoss
    from tfdl.training import fit

    if not isinstance(n_classes, (int, np.integer)) or not 2 <= n_classes <= 10:
        raise validation.interval_error("n_classes", n_classes, "[2, 10]")
    per_class, hidden = _check("per_class", per_class, 2), _check("hidden", hidden, 1)
    _check("batch_size", batch_size, 2)
    loss = TripletSemiHardLoss(margin=margin)
    x, y = _digits(int(n_classes), per_class)
    with seeded(seed):
        model = triplet_embedding_model(hidden)
    before = np.asarray(model.predict(x, verbose=0, batch_size=256))
    result = fit(
        model,
        x,
        y,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        reinitialize=False,
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=loss,
        metrics=(),
        sink=sink,
        jit_compile=False,
        max_loss_ratio=None,
    )
    after = np.asarray(result.model.predict(x, verbose=0, batch_size=256))
    return TripletRun(result.model, result.history, y, before, after, result.seconds)
