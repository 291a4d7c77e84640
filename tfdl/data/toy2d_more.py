"""More TensorFlow-Playground datasets: several classes (blobs, a many-armed spiral) and regression.

* ``blobs`` — ``K`` Gaussian blobs on a circle of radius 3 (labels ``0..K−1``).
* ``arms`` — a spiral with ``K`` interleaved arms (``K = 2`` is :func:`tfdl.data.make_spiral`'s task).
* ``plane`` — regression: the target is ``(x₁ + x₂)/10``, a tilted plane in ``[−1.2, 1.2]``.
* ``multigauss`` — regression: six signed bumps, the target at a point is the bump of largest
  magnitude ``±max(0, 1 − d/2)`` (``d`` the distance to the bump's centre), as the Playground's
  "multi-Gaussian".

Points live in ``[−6, 6]²`` like :mod:`tfdl.data.toy2d`; :func:`tfdl.data.make_toy2d` takes these names.

Example:
    >>> x, y = make_blobs(30, classes=3)
    >>> sorted(set(y.tolist()))
    [0, 1, 2]

Reference: D. Smilkov, S. Carter, "TensorFlow Playground" (playground.tensorflow.org, 2016).
"""

from __future__ import annotations

import numpy as np

from tfdl import validation

__all__ = [
    "TOY2D_ALL",
    "TOY2D_MULTICLASS",
    "TOY2D_REGRESSION",
    "MAX_TOY2D_CLASSES",
    "make_blobs",
    "make_arms",
    "make_plane",
    "make_multigauss",
    "toy2d_task",
]

TOY2D_MULTICLASS = ("blobs", "arms")
TOY2D_REGRESSION = ("plane", "multigauss")
MAX_TOY2D_CLASSES = 5
TOY2D_ALL = ("circle", "xor", "gaussians", "spiral", "moons", *TOY2D_MULTICLASS, *TOY2D_REGRESSION)
_RADIUS = 5.0
_GAUSSIANS = (
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
)


def _check_classes(classes) -> int:
    if not isinstance(classes, (int, np.integer)) or isinstance(classes, bool) or not 2 <= classes <= MAX_TOY2D_CLASSES:
        raise validation.interval_error("classes", classes, f"[2, {MAX_TOY2D_CLASSES}]")
    return int(classes)


def _labels_of(counts, rng, parts):
    x = np.concatenate(parts).astype("float32")
    y = np.concatenate([np.full(n, k) for k, n in enumerate(counts)]).astype("int64")
    order = rng.permutation(len(x))
    return x[order], y[order]


def _counts(n_samples: int, classes: int) -> list[int]:
    return [n_samples // classes + (k < n_samples % classes) for k in range(classes)]


def make_blobs(n_samples: int = 400, noise: float = 0.0, seed: int = 0, classes: int = 3):
    """``classes`` Gaussian blobs centred at ``3·(sin 2πk/K, cos 2πk/K)``, ``σ = 0.5 + 3·noise``.

    Args:
        n_samples: number of points (split as evenly as possible between the classes).
        noise: in [0, 1]; the blobs overlap more as it grows.
        seed: seed of the random generator.
        classes: ``K`` in 2..5.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` int64 ``(n_samples,)`` in ``0..K−1``.

    Example:
        >>> make_blobs(12, classes=4)[0].shape
        (12, 2)
    """
    from tfdl.data.toy2d import _check

    _check(n_samples, noise)
    k = _check_classes(classes)
    rng = np.random.default_rng(seed)
    sigma = 0.5 + 3.0 * float(noise)
    counts = _counts(n_samples, k)
    parts = [
        rng.normal((3 * np.sin(2 * np.pi * c / k), 3 * np.cos(2 * np.pi * c / k)), sigma, (n, 2))
        for c, n in enumerate(counts)
    ]
    return _labels_of(counts, rng, parts)


def make_arms(n_samples: int = 400, noise: float = 0.0, seed: int = 0, classes: int = 3):
    """A spiral with ``K`` arms ``r = R·t, θ = 1.75·2π·t + 2πk/K`` (``R = 5``, ``t ∈ [0, 1)``), arm ``k`` = label ``k``.

    Args:
        n_samples: number of points (split between the arms).
        noise: jitter ``U(−1, 1)·noise·R/5`` per coordinate, ``noise`` in [0, 1].
        seed: seed of the random generator.
        classes: ``K`` in 2..5.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` int64 ``(n_samples,)``.

    Example:
        >>> make_arms(9)[1].max()
        np.int64(2)
    """
    from tfdl.data.toy2d import _check

    _check(n_samples, noise)
    k = _check_classes(classes)
    rng = np.random.default_rng(seed)
    counts = _counts(n_samples, k)
    parts = []
    for c, n in enumerate(counts):
        t = np.arange(n) / max(n, 1)
        theta = 1.75 * t * 2 * np.pi + 2 * np.pi * c / k
        pts = np.stack([_RADIUS * t * np.sin(theta), _RADIUS * t * np.cos(theta)], axis=1)
        parts.append(pts + rng.uniform(-1, 1, pts.shape) * float(noise) * _RADIUS / 5.0)
    return _labels_of(counts, rng, parts)


def _uniform_points(n_samples, noise, seed):
    from tfdl.data.toy2d import _check

    _check(n_samples, noise)
    rng = np.random.default_rng(seed)
    p = rng.uniform(-6.0, 6.0, (n_samples, 2))
    return p, p + rng.uniform(-6.0, 6.0, p.shape) * float(noise)


def make_plane(n_samples: int = 400, noise: float = 0.0, seed: int = 0):
    """Regression on a tilted plane: ``y = (x₁ + x₂)/10`` at the jittered point, ``x`` uniform in ``[−6, 6]²``.

    Args:
        n_samples: number of points.
        noise: the target is read at ``x + U(−6, 6)·noise`` (the point shown stays ``x``).
        seed: seed of the random generator.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` float32 ``(n_samples,)``.

    Example:
        >>> x, y = make_plane(5)
        >>> bool(abs(y - x.sum(1) / 10).max() < 1e-6)
        True
    """
    p, q = _uniform_points(n_samples, noise, seed)
    return p.astype("float32"), ((q[:, 0] + q[:, 1]) / 10.0).astype("float32")


def make_multigauss(n_samples: int = 400, noise: float = 0.0, seed: int = 0):
    """Regression on six signed bumps: ``y = s_j·max(0, 1 − d_j/2)`` for the bump ``j`` of largest magnitude.

    Args:
        n_samples: number of points.
        noise: the target is read at ``x + U(−6, 6)·noise``.
        seed: seed of the random generator.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` float32 ``(n_samples,)`` in ``[−1, 1]``.

    Example:
        >>> float(make_multigauss(50)[1].max()) <= 1.0
        True
    """
    p, q = _uniform_points(n_samples, noise, seed)
    bumps = np.stack([s * np.clip(1 - np.hypot(q[:, 0] - cx, q[:, 1] - cy) / 2, 0, 1) for cx, cy, s in _GAUSSIANS])
    pick = np.abs(bumps).argmax(axis=0)
    return p.astype("float32"), bumps[pick, np.arange(len(p))].astype("float32")


def toy2d_task(name: str) -> str:
    """``"regression"`` for :data:`TOY2D_REGRESSION`, else ``"classification"``.

    Example:
        >>> toy2d_task("plane"), toy2d_task("spiral")
        ('regression', 'classification')
    """
    return "regression" if name in TOY2D_REGRESSION else "classification"
