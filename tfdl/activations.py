"""Activation functions with their derivatives (numpy or Keras tensors).

Every function takes a numpy array (and returns numpy) **or** a tensor (and returns a tensor
computed with ``keras.ops``), so the same ``relu`` draws the curve in the playground and runs
inside a model (``keras.layers.Activation(tfdl.activations.leaky_relu)``; importing ``tfdl.layers``
registers them with Keras, so such a model saves and reloads). Derivatives are the
closed forms from the course notes; tests check them against finite differences and autodiff.

==============  ==============================  ==========================================
name            f(x)                            f'(x)
==============  ==============================  ==========================================
sigmoid         σ(x) = 1 / (1 + e^{−x})          σ(x)(1 − σ(x))
tanh            tanh x                          1 − tanh² x
relu            max(0, x)                       1[x > 0]
leaky_relu      max(αx, x), α = 0.1             1 if x > 0 else α
elu             x if x > 0 else α(e^x − 1)      1 if x > 0 else αe^x
softplus        log(1 + e^x)                    σ(x)
==============  ==============================  ==========================================

Softplus is (almost exactly) a sum of shifted sigmoids, ``Σ_{i≥1} σ(x + 1/2 − i)``, which is
how Nair & Hinton (2010) motivated ReLU: see :func:`softplus_as_sigmoid_sum`. Maxout is a layer
with weights: :class:`tfdl.layers.Maxout`. Weight initialisation lives in
:mod:`tfdl.initializers`, the XOR / universal-approximation / backprop-path demos in
:mod:`tfdl.experiments.first_principles` (both names stay importable from here).

Example:
    >>> import numpy as np
    >>> from tfdl.activations import relu, derivative
    >>> relu(np.array([-1.0, 2.0])), derivative("relu")(np.array([-1.0, 2.0]))
    (array([0., 2.]), array([0., 1.]))
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.validation import int_min_error

__all__ = [
    "ACTIVATIONS",
    "FORMULAS",
    "derivative",
    "elu",
    "elu_derivative",
    "get",
    "leaky_relu",
    "leaky_relu_derivative",
    "maxout",
    "random_maxout_pieces",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softplus",
    "softplus_as_sigmoid_sum",
    "softplus_derivative",
    "softplus_sum_gap",
    "tanh",
    "tanh_derivative",
]


def _is_numpy(x) -> bool:
    return isinstance(x, (np.ndarray, np.generic, int, float, list, tuple))


def _ops(x):
    """numpy for numpy input, keras.ops for tensors (so each function works in both worlds)."""
    if _is_numpy(x):
        return np
    import keras

    return keras.ops


def _np(x):
    return np.asarray(x, dtype="float64") if isinstance(x, (int, float, list, tuple)) else x


def sigmoid(x):
    """Logistic sigmoid ``σ(x) = 1 / (1 + e^{−x})`` (numerically stable in numpy).

    Args:
        x: numpy array or tensor.

    Returns:
        ``σ(x)``, same type and shape as ``x``.

    Example:
        >>> sigmoid(np.zeros(3)).shape
        (3,)
    """
    if _is_numpy(x):
        x = _np(x)
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    import keras

    return keras.ops.sigmoid(x)


def sigmoid_derivative(x):
    """``σ'(x) = σ(x)(1 − σ(x))`` (at most 1/4, at x = 0: the vanishing-gradient culprit).

    Example:
        >>> float(sigmoid_derivative(0.0))
        0.25
    """
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    """Hyperbolic tangent ``tanh x = (e^x − e^{−x}) / (e^x + e^{−x}) = 2σ(2x) − 1``.

    Example:
        >>> tanh(np.zeros((2, 2))).shape
        (2, 2)
    """
    return _ops(x).tanh(_np(x))


def tanh_derivative(x):
    """``tanh'(x) = 1 − tanh² x`` (at most 1, at x = 0).

    Example:
        >>> float(tanh_derivative(0.0))
        1.0
    """
    t = tanh(x)
    return 1 - t * t


def relu(x):
    """Rectified linear unit ``max(0, x)`` (Nair & Hinton, ICML 2010; Krizhevsky et al., 2012).

    Example:
        >>> relu(np.array([-2.0, 3.0]))
        array([0., 3.])
    """
    return _ops(x).maximum(_np(x), 0.0)


def relu_derivative(x):
    """``relu'(x) = 1[x > 0]`` (0 at x = 0 by convention, as TensorFlow does).

    Example:
        >>> relu_derivative(np.array([-1.0, 0.0, 1.0]))
        array([0., 0., 1.])
    """
    ops = _ops(x)
    x = _np(x)
    return ops.where(x > 0, ops.ones_like(x), ops.zeros_like(x))


def leaky_relu(x, alpha: float = 0.1):
    """Leaky ReLU ``max(αx, x)`` with the course's ``α = 0.1`` (Maas et al., 2013).

    Args:
        x: numpy array or tensor.
        alpha: slope for ``x < 0``, ``0 <= alpha < 1``.

    Example:
        >>> leaky_relu(np.array([-2.0, 3.0]))
        array([-0.2,  3. ])
    """
    if not 0.0 <= alpha < 1.0:
        raise validation.interval_error("alpha", alpha, "[0, 1)")
    ops = _ops(x)
    x = _np(x)
    return ops.where(x > 0, x, alpha * x)


def leaky_relu_derivative(x, alpha: float = 0.1):
    """``1`` for ``x > 0``, else ``α``.

    Example:
        >>> leaky_relu_derivative(np.array([-1.0, 1.0]))
        array([0.1, 1. ])
    """
    ops = _ops(x)
    x = _np(x)
    return ops.where(x > 0, ops.ones_like(x), alpha * ops.ones_like(x))


def elu(x, alpha: float = 1.0):
    """Exponential linear unit: ``x`` for ``x > 0``, else ``α(e^x − 1)`` (Clevert et al., ICLR 2016).

    Example:
        >>> elu(np.array([0.0, 1.0]))
        array([0., 1.])
    """
    if alpha <= 0:
        raise validation.gt_error("alpha", alpha, 0)
    ops = _ops(x)
    x = _np(x)
    return ops.where(x > 0, x, alpha * (ops.exp(ops.minimum(x, 0.0)) - 1.0))


def elu_derivative(x, alpha: float = 1.0):
    """``1`` for ``x > 0``, else ``αe^x``.

    Example:
        >>> elu_derivative(np.array([0.0, 1.0]))
        array([1., 1.])
    """
    ops = _ops(x)
    x = _np(x)
    return ops.where(x > 0, ops.ones_like(x), alpha * ops.exp(ops.minimum(x, 0.0)))


def softplus(x):
    """Softplus ``log(1 + e^x)``, a smooth ReLU (Dugas et al., NIPS 2000).

    Computed as ``max(x, 0) + log1p(e^{−|x|})`` so it never overflows.

    Example:
        >>> round(float(softplus(0.0)), 4)
        0.6931
    """
    if _is_numpy(x):
        x = _np(x)
        return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    import keras

    return keras.ops.softplus(x)


def softplus_derivative(x):
    """``softplus'(x) = σ(x)``.

    Example:
        >>> float(softplus_derivative(0.0))
        0.5
    """
    return sigmoid(x)


def softplus_as_sigmoid_sum(x, n_terms: int = 50):
    """ReLU's origin: a stack of shifted sigmoids ``Σ_{i=1}^{N} σ(x + 1/2 − i)`` ≈ softplus(x) ≈ relu(x).

    Each term is a binary unit with a bias shifted by one; their sum behaves like one unit that
    can count (Nair & Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines",
    ICML 2010). For ``x`` well below ``N`` the sum matches ``log(1 + e^x)`` to about 0.02.

    Args:
        x: numpy array or tensor.
        n_terms: number of sigmoids ``N`` (>= 1); the sum saturates at ``N`` for ``x ≫ N``.

    Returns:
        The sum, same shape as ``x``.

    Example:
        >>> softplus_as_sigmoid_sum(np.linspace(-5, 5, 11)).shape
        (11,)
    """
    if not isinstance(n_terms, (int, np.integer)) or n_terms < 1:
        raise validation.int_min_error("n_terms", n_terms, 1)
    total = 0.0
    x = _np(x)
    for i in range(1, int(n_terms) + 1):
        total = total + sigmoid(x + 0.5 - i)
    return total


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "elu": (elu, elu_derivative),
    "softplus": (softplus, softplus_derivative),
}


#: ``f(x)`` and ``f'(x)`` of every activation, written as the course writes them (maths, no language).
FORMULAS: dict[str, tuple[str, str]] = {
    "sigmoid": ("σ(x) = 1 / (1 + e^{−x})", "σ(x)(1 − σ(x)) ≤ 1/4"),
    "tanh": ("tanh x", "1 − tanh² x ≤ 1"),
    "relu": ("max(0, x)", "1[x > 0]"),
    "leaky_relu": ("max(0.1x, x)", "1 if x > 0 else 0.1"),
    "elu": ("x if x > 0 else e^x − 1", "1 if x > 0 else e^x"),
    "softplus": ("log(1 + e^x)", "σ(x)"),
}


def softplus_sum_gap(n_terms: int, x_min: float = -4.0, margin: float = 2.0, points: int = 200) -> float:
    """Largest ``|Σ_{i=1}^{N} σ(x + 1/2 − i) − log(1 + eˣ)|`` for ``x`` in ``[x_min, N − margin]``.

    Below ``x ≈ N`` the stack of sigmoids matches softplus; the gap is measured only there
    (the sum saturates at ``N`` beyond). With ``N − margin <= x_min`` there is no such range.

    Args:
        n_terms: number of sigmoids ``N`` (>= 1).
        x_min: left end of the range.
        margin: how far below ``N`` the range stops.
        points: number of evenly spaced ``x``.

    Returns:
        The largest gap, or ``nan`` when the range is empty.

    Example:
        >>> round(softplus_sum_gap(10), 2)
        0.12
    """
    if not isinstance(n_terms, (int, np.integer)) or n_terms < 1:
        raise int_min_error("n_terms", n_terms, 1)
    x_max = n_terms - margin
    if x_max <= x_min:
        return float("nan")
    x = np.linspace(x_min, x_max, points)
    return float(np.max(np.abs(softplus_as_sigmoid_sum(x, n_terms) - softplus(x))))


def maxout(x, weights, biases):
    """A one-input maxout unit: ``h(x) = max_j (w_j x + b_j)`` (Goodfellow et al., 2013).

    Args:
        x: ``(N,)`` inputs.
        weights: ``(k,)`` slopes ``w_j``.
        biases: ``(k,)`` intercepts ``b_j``.

    Returns:
        ``(z, h)``: the ``(N, k)`` linear pieces and their ``(N,)`` maximum, a convex
        piecewise-linear function of ``x``.

    Example:
        >>> maxout(np.array([-1.0, 2.0]), [1.0, -1.0], [0.0, 0.0])[1]
        array([1., 2.])
    """
    x, w, b = np.asarray(x, dtype="float64"), np.asarray(weights, dtype="float64"), np.asarray(biases, dtype="float64")
    if w.ndim != 1 or w.shape != b.shape or len(w) == 0:
        raise TfdlValueError(
            "weights_biases_1d",
            "`weights` and `biases` must be non-empty 1-D arrays of one length. Received: "
            "weights.shape={weights_shape}, biases.shape={biases_shape}",
            weights_shape=w.shape, biases_shape=b.shape,
        )
    z = np.outer(x, w) + b
    return z, z.max(axis=1)


def random_maxout_pieces(pieces: int, seed: int | None = None):
    """``pieces`` random lines ``(w, b)``, both drawn from ``N(0, 1)`` (seeded by ``pieces`` by default).

    Args:
        pieces: number of linear pieces ``k`` (>= 1).
        seed: random seed; ``None`` uses ``pieces`` (one fixed picture per ``k``).

    Returns:
        ``(weights, biases)``, two ``(k,)`` arrays.

    Example:
        >>> [a.shape for a in random_maxout_pieces(3)]
        [(3,), (3,)]
    """
    if not isinstance(pieces, (int, np.integer)) or pieces < 1:
        raise int_min_error("pieces", pieces, 1)
    rng = np.random.default_rng(pieces if seed is None else seed)
    return rng.normal(0, 1, pieces), rng.normal(0, 1, pieces)


def _lookup(name: str) -> tuple[Callable, Callable]:
    if name not in ACTIVATIONS:
        raise validation.one_of_error("name", name, sorted(ACTIVATIONS))
    return ACTIVATIONS[name]


def get(name: str) -> Callable:
    """The activation called ``name`` (see :data:`ACTIVATIONS`).

    Example:
        >>> get("tanh")(np.zeros(4)).shape
        (4,)
    """
    return _lookup(name)[0]


def derivative(name: str) -> Callable:
    """The derivative of the activation called ``name``.

    Example:
        >>> derivative("sigmoid")(np.zeros(2))
        array([0.25, 0.25])
    """
    return _lookup(name)[1]


# Names that moved out in 0.2 (one concern per module); still importable from here.
_MOVED = {
    **{name: "tfdl.initializers" for name in (
        "INITIALIZERS", "init_std", "init_weights", "init_statistics")},
    **{name: "tfdl.experiments.first_principles" for name in (
        "XOR_X", "XOR_Y", "linear_collapse", "xor_linear_fit", "xor_relu_network", "train_xor",
        "universal_approximation", "graph_gradient")},
}


def __getattr__(name: str):
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
