"""How much of the gradient survives the trip back in time, and what to do when it explodes.

* :func:`gradient_decay` — the first step's gradient over the last one, per cell (vanishing).
* :func:`exploding_gradients` — a vanilla RNN whose recurrent matrix ``U`` is rescaled to a chosen
  spectral radius ``ρ``: with ``ρ`` well above 1 the gradient grows going back in time; clipping by
  the global norm (:func:`clip_by_global_norm`, Keras' ``global_clipnorm``) caps the step.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cell": ["rnn"] * 3, "step": [1, 2, 3], "grad_norm": [0.01, 0.1, 1.0]})
    >>> gradient_decay(df)
    {'rnn': 0.01}
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.seeding import seeded

__all__ = [
    "ExplodingGradients",
    "clip_by_global_norm",
    "exploding_gradients",
    "gradient_decay",
    "scale_to_spectral_radius",
    "spectral_radius",
]


def gradient_decay(df) -> dict[str, float]:
    """``‖∂L/∂h_1‖ / ‖∂L/∂h_T‖`` per cell: the gradient at the first step relative to the last.

    Formula: for each cell, ``grad_norm`` at the smallest ``step`` divided by ``grad_norm`` at the
    largest (the loss is at the last step ``T``); ``≪ 1`` means the gradient vanished.

    Args:
        df: the ``DataFrame`` of :func:`tfdl.experiments.gradient_norms_by_step` (columns ``cell``,
            ``step``, ``grad_norm``).

    Returns:
        ``{cell: ratio}`` in the order the cells first appear.

    Example:
        >>> import pandas as pd
        >>> gradient_decay(pd.DataFrame({"cell": ["lstm", "lstm"], "step": [2, 1], "grad_norm": [2.0, 1.0]}))
        {'lstm': 0.5}
    """
    missing = sorted({"cell", "step", "grad_norm"} - set(getattr(df, "columns", ())))
    if missing:
        raise TfdlValueError(
            "gradient_decay_columns",
            "`df` must have the columns {missing}. Received columns: {columns}",
            missing=missing,
            columns=list(getattr(df, "columns", ())),
        )
    ratios = {}
    for cell, part in df.groupby("cell", sort=False):
        part = part.sort_values("step")
        ratios[str(cell)] = float(part["grad_norm"].iloc[0] / part["grad_norm"].iloc[-1])
    return ratios


def spectral_radius(matrix) -> float:
    """``ρ(U) = max |λᵢ(U)|``, the largest modulus of the eigenvalues of a square matrix.

    Args:
        matrix: a square array.

    Returns:
        The spectral radius as a float.

    Example:
        >>> round(spectral_radius([[0.0, 2.0], [-2.0, 0.0]]), 6)
        2.0
    """
    m = _square("matrix", matrix)
    return float(np.max(np.abs(np.linalg.eigvals(m))))


def scale_to_spectral_radius(matrix, radius: float) -> np.ndarray:
    """``U · radius / ρ(U)``: the same matrix (same eigenvectors) with spectral radius ``radius``.

    Args:
        matrix: a square array with a nonzero eigenvalue.
        radius: the spectral radius wanted (> 0).

    Returns:
        The rescaled matrix (float64).

    Example:
        >>> round(spectral_radius(scale_to_spectral_radius([[1.0, 1.0], [0.0, 0.5]], 3.0)), 6)
        3.0
    """
    m = _square("matrix", matrix)
    if not radius > 0:
        raise validation.gt_error("radius", radius, 0)
    rho = spectral_radius(m)
    if rho == 0:
        raise TfdlValueError(
            "spectral_radius_zero",
            "`matrix` has spectral radius 0 (all its eigenvalues are 0): no scaling reaches {radius}. "
            "Received: matrix of shape {shape}",
            radius=radius,
            shape=m.shape,
        )
    return m * (float(radius) / rho)


def clip_by_global_norm(gradients, clip_norm: float):
    """Clip a list of gradients by their global norm (Pascanu et al. 2013), as ``tf.clip_by_global_norm``.

    Formula: ``‖g‖ = sqrt(Σ_i ‖g_i‖²)``; every ``g_i`` is multiplied by ``clip_norm / max(‖g‖, clip_norm)``:
    unchanged below the threshold, else the whole gradient shrinks to length ``clip_norm`` and keeps its
    direction (every parameter, every time step, the same factor).

    Args:
        gradients: a list of arrays.
        clip_norm: the largest global norm allowed (> 0).

    Returns:
        ``(clipped, global_norm)``: the list of clipped arrays and the global norm before clipping.

    Example:
        >>> clipped, norm = clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
        >>> norm, [round(float(g[0]), 6) for g in clipped]
        (5.0, [0.6, 0.8])
    """
    if not clip_norm > 0:
        raise validation.gt_error("clip_norm", clip_norm, 0)
    arrays = [np.asarray(g, dtype="float64") for g in gradients]
    global_norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in arrays)))
    scale = float(clip_norm) / max(global_norm, float(clip_norm))
    return [g * scale for g in arrays], global_norm


class ExplodingGradients(NamedTuple):
    """What :func:`exploding_gradients` returns."""

    #: ``DataFrame`` with ``step`` (1..T), ``grad_norm`` (mean over the batch of ``‖∂L/∂h_t‖``) and
    #: ``clipped_norm`` (the same after clipping: times :attr:`scale`)
    norms: Any
    #: ``ρ(U)`` of the recurrent matrix used (measured)
    spectral_radius: float
    #: ``{"kernel", "recurrent_kernel", "bias"}`` → ``∂L/∂θ``
    gradients: dict
    #: the same after :func:`clip_by_global_norm`
    clipped: dict
    #: ``‖∂L/∂θ‖`` over the three, before clipping
    global_norm: float
    #: the clipping factor ``clip_norm / max(global_norm, clip_norm)``
    scale: float
    #: the weights used, ``{"kernel" W, "recurrent_kernel" U, "bias" b}``
    weights: dict
    #: the random inputs ``x`` ``(batch, T, features)`` and loss directions ``r`` ``(batch, units)``
    inputs: tuple


def exploding_gradients(
    radius: float = 3.0,
    clip_norm: float = 1.0,
    steps: int = 50,
    units: int = 32,
    features: int = 32,
    batch: int = 32,
    seed: int = 0,
) -> ExplodingGradients:
    """A vanilla RNN with ``ρ(U) = radius``: ``‖∂L/∂h_t‖`` going back in time, before and after clipping.

    Formula: ``h_t = tanh(x_t W + h_{t−1} U + b)``, loss ``L = Σ_batch rᵀ h_T`` on the last step
    (``x``, ``r`` ~ N(0, 1) from ``numpy.random.default_rng(seed)``). Backpropagation through time
    multiplies by ``diag(1 − h_t²) Uᵀ`` at each step back, so ``ρ(U) > 1`` is needed for the
    gradient to explode (Pascanu et al. 2013) but not enough: tanh saturation damps it, and near
    ``ρ = 1``–2 it still vanishes; well above (≈ 3 here) it grows by orders of magnitude. Clipping
    the parameter gradients ``∂L/∂(W, U, b)`` by their global norm rescales the whole backward pass
    by one factor, drawn as ``clipped_norm``: the shape stays, the step is capped.

    Args:
        radius: the spectral radius ``U`` is scaled to (> 0); ``U`` starts orthogonal (Keras' init).
        clip_norm: the global-norm threshold (> 0).
        steps: sequence length ``T`` (>= 2).
        units, features, batch: sizes of the random problem.
        seed: seed of the weights (Keras) and of ``x`` and ``r`` (numpy).

    Returns:
        :class:`ExplodingGradients`.

    Example:
        >>> out = exploding_gradients(3.0, steps=10, units=8, features=4, batch=2)
        >>> round(out.spectral_radius, 4), len(out.norms)
        (3.0, 10)

    Paper: Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural networks",
    ICML 2013.
    """
    import pandas as pd
    import tensorflow as tf

    from tfdl.layers.recurrent import SimpleRNN

    if not isinstance(steps, (int, np.integer)) or steps < 2:
        raise validation.int_min_error("steps", steps, 2)
    if not clip_norm > 0:
        raise validation.gt_error("clip_norm", clip_norm, 0)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, steps, features)).astype("float32")
    r = rng.normal(size=(batch, units)).astype("float32")
    with seeded(seed):
        layer = SimpleRNN(units)
        layer(x[:, :2])
    cell = layer.cell
    cell.recurrent_kernel.assign(scale_to_spectral_radius(np.asarray(cell.recurrent_kernel), radius).astype("float32"))
    variables = {"kernel": cell.kernel, "recurrent_kernel": cell.recurrent_kernel, "bias": cell.bias}
    with tf.GradientTape() as tape:
        xw = cell.project_inputs(tf.constant(x))
        states, hs = [tf.zeros((batch, units))], []
        for t in range(steps):
            h_t, states, _ = cell.step(xw[:, t], states)
            tape.watch(h_t)
            hs.append(h_t)
        loss = tf.reduce_sum(r * hs[-1])
    grads = tape.gradient(loss, hs + list(variables.values()))
    norms = np.array([float(tf.reduce_mean(tf.norm(g, axis=-1))) for g in grads[:steps]])
    params = [np.asarray(g, dtype="float64") for g in grads[steps:]]
    clipped, global_norm = clip_by_global_norm(params, clip_norm)
    scale = float(clip_norm) / max(global_norm, float(clip_norm))
    weights = {name: np.asarray(v) for name, v in variables.items()}
    frame = pd.DataFrame({"step": np.arange(1, steps + 1), "grad_norm": norms, "clipped_norm": norms * scale})
    return ExplodingGradients(
        frame,
        spectral_radius(weights["recurrent_kernel"]),
        dict(zip(variables, params)),
        dict(zip(variables, clipped)),
        global_norm,
        scale,
        weights,
        (x, r),
    )


def _square(name: str, matrix) -> np.ndarray:
    m = np.asarray(matrix, dtype="float64")
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise TfdlValueError(
            "matrix_square",
            "`{name}` must be a square matrix. Received: shape {shape}",
            name=name,
            shape=tuple(m.shape),
        )
    return m
