"""A 2-D model's answer over the plane for any task: every class's probability, or a regression's value.

* :func:`predict_grid_classes` — ``p_k(x)`` for every class on a grid (the Train page colours each
  cell by ``argmax_k p_k``, light where the model is unsure).
* :func:`regression_mse` — the test loss of a regression model, ``mean((ŷ − y)²)``.

Example:
    >>> from tfdl.models.mlp import build_mlp
    >>> xx, yy, probs = predict_grid_classes(build_mlp((2,), num_classes=3), resolution=4)
    >>> probs.shape
    (4, 4, 3)
"""

from __future__ import annotations

import numpy as np
from keras import ops

from tfdl.errors import TfdlValueError
from tfdl.validation import min_error

__all__ = ["predict_grid_classes", "regression_mse"]


def predict_grid_classes(model, extent: float = 6.0, resolution: int = 40):
    """Every output of ``model`` on a ``resolution × resolution`` grid over ``[−extent, extent]²``.

    Args:
        model: a model mapping ``(N, 2)`` points to ``(N, K)`` outputs (class probabilities, or
            ``K = 1`` for a regression).
        extent: half-width of the square.
        resolution: grid points per side (>= 2).

    Returns:
        ``(xx, yy, out)``: meshgrid coordinates ``(R, R)`` and the outputs ``(R, R, K)``; row ``i``,
        column ``j`` is the point ``(xx[i, j], yy[i, j])`` (the model called in inference mode).

    Example:
        >>> from tfdl.models.mlp import build_mlp
        >>> predict_grid_classes(build_mlp((), num_classes=4), resolution=2)[2].shape
        (2, 2, 4)
    """
    if resolution < 2:
        raise min_error("resolution", resolution, 2)
    axis = np.linspace(-extent, extent, int(resolution), dtype="float32")
    xx, yy = np.meshgrid(axis, axis)
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
    out = np.asarray(ops.convert_to_numpy(model(grid, training=False)), dtype="float64")  # also inside fit's callbacks
    return xx, yy, out.reshape(*xx.shape, out.shape[-1])


def regression_mse(model, x, y, batch_size: int = 256) -> float:
    """``mean((ŷ − y)²)`` of a one-output model on ``(x, y)`` (NaN when a prediction is not finite).

    Args:
        model: a model with one output unit.
        x: inputs ``(N, 2)``.
        y: targets ``(N,)``.
        batch_size: batch size of ``model.predict``.

    Returns:
        The mean squared error, a float.

    Example:
        >>> from tfdl.models.mlp import build_mlp
        >>> regression_mse(build_mlp((), regression=True, initializer="zeros"), np.ones((2, 2)), [1.0, 3.0])
        5.0
    """
    y = np.asarray(y, dtype="float64").ravel()
    if len(y) != len(x):
        raise TfdlValueError(
            "evaluate_lengths", "`x` and `y` must have the same length. Received: {nx} and {ny}", nx=len(x), ny=len(y)
        )
    pred = np.asarray(model.predict(np.asarray(x, dtype="float32"), batch_size=batch_size, verbose=0), "float64")
    return float(np.mean((pred.reshape(len(y)) - y) ** 2)) if len(y) else float("nan")
