"""Two-dimensional toy datasets in the spirit of TensorFlow Playground (no network, numpy only).

Five binary tasks on the plane: ``circle`` (a disc inside a ring), ``xor`` (the four quadrants),
``gaussians`` (two blobs), ``spiral`` (two interleaved spirals) and ``moons`` (two half-moons).
Points live in the Playground's square ``[-6, 6]²`` (radius ≈ 5), labels are 0/1, ``noise``
in ``[0, 1]`` scales the jitter (a fraction of the radius, as in the Playground).

Example:
    >>> from tfdl.data import make_toy2d
    >>> (x_train, y_train), (x_test, y_test) = make_toy2d("spiral", n_samples=200, noise=0.1)
    >>> x_train.shape, y_train.shape
    ((100, 2), (100,))

Reference: D. Smilkov, S. Carter, "TensorFlow Playground" (playground.tensorflow.org, 2016).
"""

from __future__ import annotations

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = [
    "TOY2D_DATASETS",
    "TOY2D_RADIUS",
    "make_circle",
    "make_xor",
    "make_gaussians",
    "make_spiral",
    "make_moons",
    "make_toy2d",
]

TOY2D_RADIUS = 5.0
TOY2D_DATASETS = ("circle", "xor", "gaussians", "spiral", "moons")  # the binary ones (more: toy2d_more)


def _check(n_samples, noise, name: str = "") -> None:
    if not isinstance(n_samples, (int, np.integer)) or isinstance(n_samples, bool) or n_samples < 2:
        raise validation.int_min_error("n_samples", n_samples, 2)
    if not isinstance(noise, (int, float, np.floating, np.integer)) or not 0.0 <= float(noise) <= 1.0:
        raise TfdlValueError(
            "toy2d_noise",
            "`noise` must be a number in [0, 1] (a fraction of the radius {radius}). Received: noise={noise!r}",
            radius=TOY2D_RADIUS, noise=noise,
        )


def _halves(n_samples: int) -> tuple[int, int]:
    n0 = n_samples // 2
    return n0, n_samples - n0


def _finish(x0, x1, rng) -> tuple[np.ndarray, np.ndarray]:
    x = np.concatenate([x0, x1]).astype("float32")
    y = np.concatenate([np.zeros(len(x0)), np.ones(len(x1))]).astype("int64")
    order = rng.permutation(len(x))
    return x[order], y[order]


def make_circle(n_samples: int = 400, noise: float = 0.0, seed: int = 0):
    """A disc (label 1, ``r < R/2``) inside a ring (label 0, ``0.7R < r < R``), ``R = 5``.

    Not linearly separable in ``(x₁, x₂)``; separable in ``(x₁², x₂²)`` because the boundary
    is ``x₁² + x₂² = const``.

    Args:
        n_samples: number of points (half of each class).
        noise: jitter as a fraction of ``R``, in [0, 1]; labels keep the clean geometry.
        seed: seed of the random generator.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` int64 ``(n_samples,)`` in {0, 1}.

    Example:
        >>> x, y = make_circle(10)
        >>> x.shape
        (10, 2)
    """
    _check(n_samples, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n_samples)
    R = TOY2D_RADIUS

    def ring(n, r_min, r_max):
        r = rng.uniform(r_min, r_max, n)
        a = rng.uniform(0, 2 * np.pi, n)
        return np.stack([r * np.sin(a), r * np.cos(a)], axis=1)

    x0 = ring(n0, 0.7 * R, R)
    x1 = ring(n1, 0.0, 0.5 * R)
    x0 = x0 + rng.uniform(-R, R, x0.shape) * noise
    x1 = x1 + rng.uniform(-R, R, x1.shape) * noise
    return _finish(x0, x1, rng)


def make_xor(n_samples: int = 400, noise: float = 0.0, seed: int = 0):
    """The XOR task: label 1 where ``x₁·x₂ ≥ 0`` (first and third quadrants), else 0.

    Points are uniform in ``[-R, R]²`` pushed away from the axes by a small padding, then jittered;
    the label is that of the clean point. Separable with the product feature ``x₁x₂``.

    Args:
        n_samples: number of points.
        noise: jitter as a fraction of ``R``, in [0, 1].
        seed: seed of the random generator.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` int64 ``(n_samples,)``.

    Example:
        >>> x, y = make_xor(8)
        >>> x.shape
        (8, 2)
    """
    _check(n_samples, noise)
    rng = np.random.default_rng(seed)
    R, pad = TOY2D_RADIUS, 0.3
    p = rng.uniform(-R, R, (n_samples, 2))
    p = p + np.sign(p) * pad
    y = (p[:, 0] * p[:, 1] >= 0).astype("int64")
    p = p + rng.uniform(-R, R, p.shape) * noise
    return p.astype("float32"), y


def make_gaussians(n_samples: int = 400, noise: float = 0.0, seed: int = 0):
    """Two Gaussian blobs: label 1 around ``(2, 2)``, label 0 around ``(−2, −2)``.

    The standard deviation grows with the noise: ``σ = 0.5 + 3·noise`` (overlapping at 1).

    Args:
        n_samples: number of points (half of each class).
        noise: in [0, 1].
        seed: seed of the random generator.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` int64 ``(n_samples,)``.

    Example:
        >>> x, y = make_gaussians(6)
        >>> x.shape
        (6, 2)
    """
    _check(n_samples, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n_samples)
    sigma = 0.5 + 3.0 * float(noise)
    x0 = rng.normal((-2.0, -2.0), sigma, (n0, 2))
    x1 = rng.normal((2.0, 2.0), sigma, (n1, 2))
    return _finish(x0, x1, rng)


def make_spiral(n_samples: int = 400, noise: float = 0.0, seed: int = 0):
    """Two interleaved spirals ``r = R·t, θ = 1.75·2π·t + δ`` with ``δ = 0`` (label 1) and ``π`` (0).

    The hardest Playground task: a network needs several layers or the ``sin`` features.

    Args:
        n_samples: number of points (half on each arm).
        noise: jitter as a fraction of ``R``, in [0, 1].
        seed: seed of the random generator.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` int64 ``(n_samples,)``.

    Example:
        >>> x, y = make_spiral(20)
        >>> x.shape
        (20, 2)
    """
    _check(n_samples, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n_samples)
    R = TOY2D_RADIUS

    def arm(n, delta):
        t = np.arange(n) / max(n, 1)
        r = t * R
        theta = 1.75 * t * 2 * np.pi + delta
        pts = np.stack([r * np.sin(theta), r * np.cos(theta)], axis=1)
        return pts + rng.uniform(-1, 1, pts.shape) * noise * R / 5.0

    return _finish(arm(n0, np.pi), arm(n1, 0.0), rng)


def make_moons(n_samples: int = 400, noise: float = 0.0, seed: int = 0):
    """Two interleaving half-moons (as ``sklearn.datasets.make_moons``) scaled to the Playground.

    Upper moon ``(cos t, sin t)`` is label 0, lower moon ``(1 − cos t, 0.5 − sin t)`` label 1,
    ``t ∈ [0, π]``; then centred and scaled by ``R/2``; jitter is Gaussian, ``σ = noise·R/5``.

    Args:
        n_samples: number of points (half on each moon).
        noise: in [0, 1].
        seed: seed of the random generator.

    Returns:
        ``x`` float32 ``(n_samples, 2)`` and ``y`` int64 ``(n_samples,)``.

    Example:
        >>> x, y = make_moons(10)
        >>> x.shape
        (10, 2)
    """
    _check(n_samples, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n_samples)
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n1)
    x0 = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    x1 = np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    scale = TOY2D_RADIUS / 2.0
    x0 = (x0 - (0.5, 0.25)) * scale
    x1 = (x1 - (0.5, 0.25)) * scale
    x0 = x0 + rng.normal(0, noise * TOY2D_RADIUS / 5.0, x0.shape)
    x1 = x1 + rng.normal(0, noise * TOY2D_RADIUS / 5.0, x1.shape)
    return _finish(x0, x1, rng)


_MAKERS = {
    "circle": make_circle,
    "xor": make_xor,
    "gaussians": make_gaussians,
    "spiral": make_spiral,
    "moons": make_moons,
}


def make_toy2d(
    name: str,
    n_samples: int = 400,
    noise: float = 0.0,
    train_ratio: float = 0.5,
    seed: int = 0,
    classes: int = 3,
):
    """A TensorFlow-Playground dataset split into train and test, like the Playground's slider.

    Args:
        name: one of ``"circle"``, ``"xor"``, ``"gaussians"``, ``"spiral"``, ``"moons"``; several classes
            ``"blobs"``, ``"arms"``; regression ``"plane"``, ``"multigauss"`` (:mod:`tfdl.data.toy2d_more`).
        n_samples: total number of points.
        noise: jitter in [0, 1] (fraction of the radius 5).
        train_ratio: share of points used for training, in (0, 1).
        seed: seed of the generator and of the split.
        classes: number of classes of ``"blobs"`` and ``"arms"`` (2..5; ignored by the others).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: float32 ``(N, 2)`` and int64 ``(N,)`` (float32 targets
        for regression).

    Example:
        >>> (xtr, ytr), (xte, yte) = make_toy2d("xor", n_samples=100, train_ratio=0.8)
        >>> xtr.shape, xte.shape
        ((80, 2), (20, 2))
    """
    from tfdl.data import toy2d_more as more

    makers = {**_MAKERS, "plane": more.make_plane, "multigauss": more.make_multigauss,
              "blobs": lambda n, e, s: more.make_blobs(n, e, s, classes),
              "arms": lambda n, e, s: more.make_arms(n, e, s, classes)}
    if name not in makers:
        raise validation.one_of_error("name", name, tuple(makers))
    if not isinstance(train_ratio, (int, float, np.floating)) or not 0.0 < float(train_ratio) < 1.0:
        raise validation.interval_error("train_ratio", train_ratio, "(0, 1)")
    x, y = makers[name](n_samples, noise, seed)
    n_train = int(round(len(x) * float(train_ratio)))
    if n_train < 1 or n_train >= len(x):
        raise TfdlValueError(
            "train_ratio_empty",
            "`train_ratio` leaves an empty train or test set for n_samples={n_samples}. Received: "
            "train_ratio={train_ratio!r}",
            n_samples=n_samples, train_ratio=train_ratio,
        )
    order = np.random.default_rng(seed + 1).permutation(len(x))
    x, y = x[order], y[order]
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
