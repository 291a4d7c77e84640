"""Occlusion sensitivity: slide a grey square over the image and watch the class score fall.

Zeiler & Fergus (2014) cover the input with a mask (e.g. 32×32 with stride 2 on AlexNet's
224×224 inputs) and record the probability of the correct class at every position: where it drops,
the network was looking. Here all occluded copies are built as batches and classified in a few
forward passes, not one per position.

Example:
    >>> import keras, numpy as np, tfdl
    >>> model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
    ...                           keras.layers.Dense(10, activation="softmax")])
    >>> tfdl.interpret.occlusion_sensitivity(model, np.ones((8, 8, 1)), mask_size=4, stride=2).shape
    (3, 3)
"""

from __future__ import annotations

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.interpret import _probe
from tfdl.validation import int_min_error, min_error

__all__ = ["occlusion_sensitivity", "occlusion_positions"]


def _pair(value, name):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value), int(value))
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value)
    ):
        raise TfdlValueError(
            "int_or_pair",
            "`{name}` must be an int or a pair of ints. Received: {name}={value!r}",
            name=name, value=value,
        )
    return int(value[0]), int(value[1])


def occlusion_positions(image_size, mask_size, stride):
    """Top-left corners of the mask along each axis: ``0, s, 2s, … ≤ H − m``.

    ``n = ⌊(H − m)/s⌋ + 1`` positions per axis, the "valid" convolution count, so the mask always
    lies inside the image.

    Args:
        image_size: ``(H, W)``.
        mask_size: side ``m`` (int) or ``(m_h, m_w)``; ``1 <= m <= H``.
        stride: step ``s`` (int) or ``(s_h, s_w)``; ``>= 1``.

    Returns:
        ``(rows, cols)``: two numpy int arrays of top-left coordinates.

    Example:
        >>> [len(a) for a in occlusion_positions((8, 8), 4, 2)]
        [3, 3]
    """
    (h, w), (mh, mw), (sh, sw) = (
        _pair(tuple(image_size), "image_size"), _pair(mask_size, "mask_size"), _pair(stride, "stride")
    )
    if min(sh, sw) < 1:
        raise min_error("stride", stride, 1)
    if not (1 <= mh <= h and 1 <= mw <= w):
        raise TfdlValueError("occlusion_mask_size", "`mask_size` must be between 1 and the image size "
                             "{image_size}. Received: mask_size={mask_size!r}", image_size=(h, w), mask_size=mask_size)
    return np.arange(0, h - mh + 1, sh), np.arange(0, w - mw + 1, sw)


def occlusion_sensitivity(
    model,
    x,
    class_index=None,
    mask_size=8,
    stride=2,
    fill="mean",
    *,
    per_pixel: bool = False,
    logits: bool = False,
    batch_size: int = 128,
):
    """Drop of the class score when a square of the input is hidden, at every mask position.

    ``D_ij = S_c(x) − S_c(x ⊙ (1 − M_ij) + v·M_ij)`` where ``M_ij`` is the ``m×m`` mask with its
    top-left corner at ``(i·s, j·s)`` and ``v`` the fill value. ``S_c`` is the model output (a
    probability for a softmax classifier, as in Zeiler & Fergus) or, with ``logits=True``, the
    pre-softmax score. Large ``D`` = the region matters for class ``c``.

    Args:
        model: a built single-input, single-output Keras model.
        x: one image ``(H, W, C)`` (or a batch of one).
        class_index: class ``c`` (``None``: the predicted class).
        mask_size: side ``m`` of the mask (int or ``(m_h, m_w)``).
        stride: step ``s`` between positions (int or pair).
        fill: value ``v`` under the mask: a number, or ``"mean"`` (the image's mean per channel).
        per_pixel: return an ``(H, W)`` map where each pixel holds the mean drop over the masks
            that cover it (0 where none does), convenient to overlay on the input.
        logits: explain the pre-softmax score instead of the output.
        batch_size: occluded copies per forward pass.

    Returns:
        numpy float32 array ``(n_h, n_w)`` with ``n = ⌊(H − m)/s⌋ + 1``, or ``(H, W)`` if
        ``per_pixel``.

    Example:
        >>> occlusion_sensitivity(model, np.ones((8, 8, 1)), mask_size=2, stride=2).shape
        (4, 4)

    Paper: M. D. Zeiler, R. Fergus, "Visualizing and Understanding Convolutional Networks",
    ECCV 2014 (arXiv:1311.2901).
    """
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise int_min_error("batch_size", batch_size, 1)
    pr = _probe.probe(model, logits=logits)
    xb, _ = _probe.as_batch(model, x)
    if len(xb) != 1:
        raise TfdlValueError(
            "occlusion_single_image",
            "`x` must be a single image. Received: x.shape={shape}",
            shape=np.shape(x),
        )
    if xb.ndim != 4:
        raise TfdlValueError(
            "occlusion_image_hwc",
            "`x` must be an image (H, W, C). Received: x.shape={shape}",
            shape=np.shape(x),
        )
    image = xb[0]
    h, w = image.shape[:2]
    mh, mw = _pair(mask_size, "mask_size")
    rows, cols = occlusion_positions((h, w), mask_size, stride)
    if isinstance(fill, str):
        if fill != "mean":
            raise TfdlValueError(
                "occlusion_fill",
                "`fill` must be a number or 'mean'. Received: fill={fill!r}",
                fill=fill,
            )
        value = image.mean(axis=(0, 1))
    else:
        value = np.full(image.shape[-1], float(fill), dtype="float32")

    base = np.asarray(pr(xb)[-1]).reshape(1, -1)
    c = int(_probe.class_indices(class_index, base)[0])
    corners = [(r, q) for r in rows for q in cols]
    scores = np.empty(len(corners), dtype="float64")
    for start in range(0, len(corners), batch_size):
        chunk = corners[start:start + batch_size]
        batch = np.repeat(xb, len(chunk), axis=0)
        for k, (r, q) in enumerate(chunk):
            batch[k, r:r + mh, q:q + mw, :] = value
        out = np.asarray(pr(batch)[-1]).reshape(len(chunk), -1)
        scores[start:start + len(chunk)] = out[:, c]
    drop = (base[0, c] - scores).reshape(len(rows), len(cols))
    if not per_pixel:
        return drop.astype("float32")
    total = np.zeros((h, w))
    count = np.zeros((h, w))
    for (r, q), d in zip(corners, drop.ravel()):
        total[r:r + mh, q:q + mw] += d
        count[r:r + mh, q:q + mw] += 1
    return np.where(count > 0, total / np.maximum(count, 1), 0.0).astype("float32")
