"""Generated images of circles, squares and triangles with per-pixel masks and bounding boxes.

A no-download stand-in for segmentation and detection data: every image is a dark background
with up to ``max_shapes`` bright filled shapes; the mask labels each pixel with its class
(0 background, 1 circle, 2 square, 3 triangle) and each shape has a box ``(y0, x0, y1, x1)``
in pixels (inclusive-exclusive, like array slices).

Example:
    >>> from tfdl.data import make_shapes
    >>> data = make_shapes(n_images=4, size=32)
    >>> data.images.shape, data.masks.shape, data.boxes.shape
    ((4, 32, 32, 1), (4, 32, 32), (4, 3, 4))
"""

from __future__ import annotations

import dataclasses

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["SHAPE_CLASSES", "ShapesData", "draw_shape", "make_shapes"]

SHAPE_CLASSES = ("background", "circle", "square", "triangle")


@dataclasses.dataclass
class ShapesData:
    """Images with their ground truth.

    Attributes:
        images: ``(N, H, W, 1)`` float32 in [0, 1].
        masks: ``(N, H, W)`` int64 class per pixel (index into :data:`SHAPE_CLASSES`).
        boxes: ``(N, max_shapes, 4)`` float32 ``(y0, x0, y1, x1)``; rows past ``counts`` are 0.
        classes: ``(N, max_shapes)`` int64 class of each box, ``-1`` for padding.
        counts: ``(N,)`` number of shapes in each image.
    """

    images: np.ndarray
    masks: np.ndarray
    boxes: np.ndarray
    classes: np.ndarray
    counts: np.ndarray

    def __len__(self) -> int:
        return len(self.images)


def draw_shape(kind: str, size: int, cy: float, cx: float, r: float) -> np.ndarray:
    """Boolean ``(size, size)`` mask of one filled shape centred at ``(cy, cx)`` with "radius" ``r``.

    circle: ``(y−cy)² + (x−cx)² ≤ r²``; square: ``|y−cy| ≤ r`` and ``|x−cx| ≤ r``; triangle: the
    upward triangle with apex ``(cy−r, cx)`` and base corners ``(cy+r, cx±r)`` (inside all three
    half-planes of its edges). Pixel centres are at integer coordinates.

    Args:
        kind: ``"circle"``, ``"square"`` or ``"triangle"``.
        size: image side.
        cy: centre row.
        cx: centre column.
        r: half-size in pixels (> 0).

    Returns:
        ``(size, size)`` bool array.

    Example:
        >>> int(draw_shape("square", 8, 3, 3, 1).sum())
        9
    """
    if kind not in SHAPE_CLASSES[1:]:
        raise validation.one_of_error("kind", kind, SHAPE_CLASSES[1:])
    if r <= 0:
        raise validation.gt_error("r", r, 0)
    y, x = np.mgrid[0:size, 0:size].astype("float64")
    if kind == "circle":
        return (y - cy) ** 2 + (x - cx) ** 2 <= r * r
    if kind == "square":
        return (np.abs(y - cy) <= r) & (np.abs(x - cx) <= r)
    # triangle: apex (cy - r, cx), base (cy + r, cx - r) .. (cy + r, cx + r)
    below_apex_left = (x - cx) * (2 * r) >= -(y - (cy - r)) * r - 1e-9
    below_apex_right = (x - cx) * (2 * r) <= (y - (cy - r)) * r + 1e-9
    above_base = y <= cy + r
    return below_apex_left & below_apex_right & above_base


def make_shapes(
    n_images: int = 64,
    size: int = 32,
    max_shapes: int = 3,
    min_shapes: int = 1,
    kinds=("circle", "square", "triangle"),
    min_radius: float | None = None,
    max_radius: float | None = None,
    noise: float = 0.0,
    allow_overlap: bool = False,
    seed: int = 0,
) -> ShapesData:
    """Random images of filled shapes, with segmentation masks and detection boxes.

    Each image gets ``k ∈ [min_shapes, max_shapes]`` shapes of random kind, centre and radius
    (``r ∈ [min_radius, max_radius]``, default ``size/10 .. size/5``), brightness in [0.6, 1];
    without overlap, shapes are placed by rejection (boxes may not intersect). Gaussian pixel
    noise of std ``noise`` is added to the image (not to the mask).

    Args:
        n_images: number of images (>= 1).
        size: image side (>= 8).
        max_shapes: most shapes per image (>= 1).
        min_shapes: fewest shapes per image (1 <= min_shapes <= max_shapes).
        kinds: which shapes to draw (subset of ``circle``, ``square``, ``triangle``).
        min_radius: smallest half-size in pixels.
        max_radius: largest half-size in pixels.
        noise: std of the additive pixel noise (>= 0).
        allow_overlap: let shapes overlap (the later one wins in the mask).
        seed: random seed.

    Returns:
        :class:`ShapesData` with ``images``, ``masks``, ``boxes``, ``classes``, ``counts``.

    Example:
        >>> make_shapes(2, size=16, max_shapes=1).classes.shape
        (2, 1)
    """
    for arg, value, low in (("n_images", n_images, 1), ("size", size, 8), ("max_shapes", max_shapes, 1),
                            ("min_shapes", min_shapes, 1)):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise validation.int_min_error(arg, value, low)
    if min_shapes > max_shapes:
        raise TfdlValueError(
            "min_shapes_above_max",
            "`min_shapes` must be <= max_shapes={max_shapes}. Received: min_shapes={min_shapes}",
            max_shapes=max_shapes, min_shapes=min_shapes,
        )
    kinds = tuple(kinds)
    if not kinds or any(k not in SHAPE_CLASSES[1:] for k in kinds):
        raise TfdlValueError(
            "shape_kinds",
            "`kinds` must be a non-empty subset of {options}. Received: kinds={kinds}",
            options=SHAPE_CLASSES[1:], kinds=kinds,
        )
    if noise < 0:
        raise validation.min_error("noise", noise, 0)
    r_min = float(min_radius if min_radius is not None else max(2.0, size / 10))
    r_max = float(max_radius if max_radius is not None else max(r_min, size / 5))
    if not 0 < r_min <= r_max or 2 * r_max + 2 > size:
        raise TfdlValueError(
            "shape_radius",
            "`min_radius`/`max_radius` must satisfy 0 < min_radius <= max_radius and fit the image (2·max_radius + 2 "
            "<= size={size}). Received: min_radius={min_radius}, max_radius={max_radius}",
            size=size, min_radius=r_min, max_radius=r_max,
        )
    rng = np.random.default_rng(seed)
    images = np.zeros((n_images, size, size), "float32")
    masks = np.zeros((n_images, size, size), "int64")
    boxes = np.zeros((n_images, max_shapes, 4), "float32")
    classes = -np.ones((n_images, max_shapes), "int64")
    counts = np.zeros(n_images, "int64")
    for i in range(n_images):
        k = int(rng.integers(min_shapes, max_shapes + 1))
        placed = 0
        for _ in range(50 * k):
            if placed == k:
                break
            kind = kinds[int(rng.integers(len(kinds)))]
            r = float(rng.uniform(r_min, r_max))
            cy, cx = rng.uniform(r + 0.5, size - 1.5 - r, size=2)
            shape = draw_shape(kind, size, cy, cx, r)
            if not shape.any():
                continue
            rows, cols = np.nonzero(shape)
            box = np.array([rows.min(), cols.min(), rows.max() + 1, cols.max() + 1], "float32")
            if not allow_overlap and placed:
                b = boxes[i, :placed]
                inter = (np.minimum(b[:, 2], box[2]) > np.maximum(b[:, 0], box[0])) & (
                    np.minimum(b[:, 3], box[3]) > np.maximum(b[:, 1], box[1]))
                if inter.any():
                    continue
            cls = SHAPE_CLASSES.index(kind)
            images[i][shape] = rng.uniform(0.6, 1.0)
            masks[i][shape] = cls
            boxes[i, placed] = box
            classes[i, placed] = cls
            placed += 1
        counts[i] = placed
    if noise > 0:
        images = np.clip(images + rng.normal(0, noise, images.shape), 0, 1).astype("float32")
    return ShapesData(images[..., None], masks, boxes, classes, counts)
