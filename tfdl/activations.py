"""Activation functions with their derivatives, and how initialisation shapes signals through depth.

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
with weights: :class:`tfdl.layers.Maxout`.

Example:
    >>> import numpy as np
    >>> from tfdl.activations import relu, derivative
    >>> relu(np.array([-1.0, 2.0])), derivative("relu")(np.array([-1.0, 2.0]))
    (array([0., 2.]), array([0., 1.]))
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "INITIALIZERS",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "elu",
    "elu_derivative",
    "softplus",
    "softplus_derivative",
    "softplus_as_sigmoid_sum",
    "get",
    "derivative",
    "init_std",
    "init_weights",
    "init_statistics",
    "XOR_X",
    "XOR_Y",
    "linear_collapse",
    "xor_linear_fit",
    "xor_relu_network",
    "train_xor",
    "universal_approximation",
    "graph_gradient",
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
        raise ValueError(f"`alpha` must be in [0, 1). Received: alpha={alpha!r}")
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
        raise ValueError(f"`alpha` must be > 0. Received: alpha={alpha!r}")
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
        raise ValueError(f"`n_terms` must be an integer >= 1. Received: n_terms={n_terms!r}")
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


def _lookup(name: str) -> tuple[Callable, Callable]:
    if name not in ACTIVATIONS:
        raise ValueError(f"`name` must be one of {sorted(ACTIVATIONS)}. Received: name={name!r}")
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


# ----------------------------------------------------------------------------- initialisation

INITIALIZERS = ("zeros", "small", "xavier", "he")


def init_std(name: str, fan_in: int, fan_out: int) -> float:
    """Standard deviation of a normal initialiser for a ``fan_in × fan_out`` weight matrix.

    ``zeros``: 0 (every neuron computes and learns the same thing); ``small``: 0.01 (signals
    shrink layer after layer); ``xavier``: ``√(2 / (n_in + n_out))`` (Glorot & Bengio, AISTATS
    2010); ``he``: ``√(2 / n_in)``, i.e. ``N(0, 2/n)`` (He et al., ICCV 2015), which keeps the
    variance of ReLU activations constant through depth.

    Args:
        name: one of :data:`INITIALIZERS`.
        fan_in: inputs of the layer (>= 1).
        fan_out: outputs of the layer (>= 1).

    Returns:
        The standard deviation as a float.

    Example:
        >>> init_std("he", 200, 100)
        0.1
    """
    if name not in INITIALIZERS:
        raise ValueError(f"`name` must be one of {INITIALIZERS}. Received: name={name!r}")
    if fan_in < 1 or fan_out < 1:
        raise ValueError(f"`fan_in` and `fan_out` must be >= 1. Received: fan_in={fan_in}, fan_out={fan_out}")
    return {
        "zeros": 0.0,
        "small": 0.01,
        "xavier": math.sqrt(2.0 / (fan_in + fan_out)),
        "he": math.sqrt(2.0 / fan_in),
    }[name]


def init_weights(name: str, fan_in: int, fan_out: int, seed: int = 0) -> np.ndarray:
    """A ``(fan_in, fan_out)`` weight matrix drawn from ``N(0, init_std(name, ...)²)``.

    Example:
        >>> init_weights("xavier", 3, 4).shape
        (3, 4)
    """
    std = init_std(name, fan_in, fan_out)
    return np.random.default_rng(seed).normal(0.0, 1.0, (fan_in, fan_out)) * std


def init_statistics(
    initializer: str = "he",
    activation: str = "relu",
    depth: int = 10,
    width: int = 256,
    n_samples: int = 512,
    seed: int = 0,
):
    """Forward and backward signal statistics of a deep plain MLP at initialisation (numpy).

    For ``l = 1..depth``: ``z_l = a_{l−1} W_l`` (no bias), ``a_l = f(z_l)`` with ``a_0 = x ~ N(0, 1)``.
    Backward, from ``δ_L = 1``: ``δ_{l−1} = (δ_l ⊙ f'(z_l)) W_lᵀ``; ``∂L/∂W_l = a_{l−1}ᵀ(δ_l ⊙ f'(z_l))``.
    With ``zeros`` every unit is identical (``unit_spread = 0``) and gradients vanish; with
    ``small`` the signal decays geometrically; ``xavier`` suits tanh, ``he`` suits ReLU.

    Args:
        initializer: one of :data:`INITIALIZERS`.
        activation: a name in :data:`ACTIVATIONS`.
        depth: number of hidden layers (>= 1).
        width: units per layer (>= 1).
        n_samples: batch of random inputs.
        seed: seed of inputs and weights.

    Returns:
        ``pandas.DataFrame`` with one row per layer: ``layer``, ``mean``, ``std`` (of ``a_l``),
        ``unit_spread`` (mean over samples of the std across units: 0 = all units equal),
        ``saturated`` (share with ``|f'(z)| < 0.05``), ``grad_std`` (std of ``∂L/∂W_l``),
        ``initializer``, ``activation``.

    Example:
        >>> init_statistics("he", "relu", depth=3, width=16).shape
        (3, 8)
    """
    import pandas as pd

    f, df = _lookup(activation)
    for arg, value in (("depth", depth), ("width", width), ("n_samples", n_samples)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"`{arg}` must be an integer >= 1. Received: {arg}={value!r}")
    rng = np.random.default_rng(seed)
    a = rng.normal(0.0, 1.0, (n_samples, width))
    weights, zs, acts = [], [], [a]
    for layer in range(depth):
        W = init_weights(initializer, width, width, seed=seed + 1 + layer)
        z = acts[-1] @ W
        weights.append(W)
        zs.append(z)
        acts.append(f(z))
    delta = np.ones_like(acts[-1]) / n_samples
    grad_std = [0.0] * depth
    for layer in reversed(range(depth)):
        g = delta * df(zs[layer])
        grad_std[layer] = float(np.std(acts[layer].T @ g))
        delta = g @ weights[layer].T
    rows = []
    for layer in range(depth):
        a_l = acts[layer + 1]
        rows.append({
            "layer": layer + 1,
            "mean": float(np.mean(a_l)),
            "std": float(np.std(a_l)),
            "unit_spread": float(np.mean(np.std(a_l, axis=1))),
            "saturated": float(np.mean(np.abs(df(zs[layer])) < 0.05)),
            "grad_std": grad_std[layer],
            "initializer": initializer,
            "activation": activation,
        })
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- why nonlinearity

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


def linear_collapse(depth: int = 5, width: int = 4, seed: int = 0):
    """A deep network without nonlinearity is one linear map: ``W_L ⋯ W_2 W_1 x = W x``.

    Args:
        depth: number of linear layers (>= 1).
        width: size of every layer (>= 1).
        seed: seed of the random weights and inputs.

    Returns:
        ``dict`` with ``weights`` (list of ``(width, width)``), ``W`` (their product, applied last
        layer first), ``deep`` and ``single`` (outputs of both on 8 random inputs, ``(8, width)``)
        and ``max_difference`` between them (round-off only).

    Example:
        >>> linear_collapse(3, 2)["W"].shape
        (2, 2)
    """
    if not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"`depth` must be an integer >= 1. Received: depth={depth!r}")
    if not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"`width` must be an integer >= 1. Received: width={width!r}")
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0, 1 / np.sqrt(width), (width, width)) for _ in range(depth)]
    x = rng.normal(size=(8, width))
    deep = x
    for W_l in weights:
        deep = deep @ W_l.T
    W = np.eye(width)
    for W_l in weights:
        W = W_l @ W
    single = x @ W.T
    return {"weights": weights, "W": W, "deep": deep, "single": single,
            "max_difference": float(np.max(np.abs(deep - single)))}


def xor_linear_fit():
    """The best linear model ``ŷ = w·x + b`` for XOR by least squares: it predicts 1/2 everywhere.

    Returns:
        ``(w, b, predictions)`` with ``w = (0, 0)``, ``b = 0.5``, ``predictions = (.5, .5, .5, .5)``.

    Example:
        >>> w, b, p = xor_linear_fit()
        >>> p.round(6).tolist()
        [0.5, 0.5, 0.5, 0.5]
    """
    A = np.hstack([XOR_X, np.ones((4, 1))])
    coef, *_ = np.linalg.lstsq(A, XOR_Y, rcond=None)
    return coef[:2], float(coef[2]), A @ coef


def xor_relu_network(x=None):
    """Two linear maps and a ReLU solve XOR exactly: ``y = wᵀ max(0, Wᵀx + c)``.

    ``W = [[1, 1], [1, 1]]``, ``c = (0, −1)``, ``w = (1, −2)`` (Goodfellow, Bengio & Courville,
    *Deep Learning*, §6.1): the hidden layer maps (0,1) and (1,0) to the same point, after which
    the classes are linearly separable.

    Args:
        x: points ``(N, 2)``; default the four XOR inputs.

    Returns:
        ``(h, y)``: hidden activations ``(N, 2)`` and outputs ``(N,)`` (``0, 1, 1, 0`` on XOR).

    Example:
        >>> xor_relu_network()[1].tolist()
        [0.0, 1.0, 1.0, 0.0]
    """
    x = XOR_X if x is None else np.asarray(x, dtype="float64")
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    c = np.array([0.0, -1.0])
    w = np.array([1.0, -2.0])
    h = relu(x @ W + c)
    return h, h @ w


def train_xor(activation: str = "tanh", hidden: int = 2, steps: int = 2000, learning_rate: float = 0.5,
              seed: int = 0):
    """Train ``ŷ = σ(vᵀ f(Wᵀx + c) + b)`` on the four XOR points by full-batch gradient descent (numpy).

    Backprop by hand with the cross-entropy loss ``L = −mean(y log ŷ + (1−y) log(1−ŷ))``:
    ``δ_out = ŷ − y``, ``∂L/∂v = hᵀδ_out / 4``, ``δ_h = δ_out vᵀ ⊙ f'(z)``, ``∂L/∂W = xᵀδ_h / 4``.
    With ``activation="linear"`` the model is linear and stays at 50% accuracy.

    Args:
        activation: ``"linear"`` or a name in :data:`ACTIVATIONS`.
        hidden: hidden units (>= 1).
        steps: gradient steps (>= 1).
        learning_rate: step size (> 0).
        seed: seed of the initial weights (N(0, 1)).

    Returns:
        ``dict`` with ``loss`` (``(steps,)``), ``predictions`` (``(4,)``), ``accuracy`` and a
        ``predict(points)`` function for drawing the decision boundary.

    Example:
        >>> train_xor("tanh", steps=10)["loss"].shape
        (10,)
    """
    if activation == "linear":
        f, df = (lambda z: z), (lambda z: np.ones_like(z))
    else:
        f, df = _lookup(activation)
    if not isinstance(hidden, (int, np.integer)) or hidden < 1:
        raise ValueError(f"`hidden` must be an integer >= 1. Received: hidden={hidden!r}")
    if not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"`steps` must be an integer >= 1. Received: steps={steps!r}")
    if not learning_rate > 0:
        raise ValueError(f"`learning_rate` must be > 0. Received: learning_rate={learning_rate!r}")
    rng = np.random.default_rng(seed)
    W, c = rng.normal(0, 1, (2, hidden)), np.zeros(hidden)
    v, b = rng.normal(0, 1, hidden), 0.0
    x, y = XOR_X, XOR_Y
    losses = np.zeros(int(steps))
    for t in range(int(steps)):
        z = x @ W + c
        h = f(z)
        y_hat = sigmoid(h @ v + b)
        eps = 1e-12
        losses[t] = -np.mean(y * np.log(y_hat + eps) + (1 - y) * np.log(1 - y_hat + eps))
        d_out = (y_hat - y) / len(x)
        grad_v, grad_b = h.T @ d_out, d_out.sum()
        d_h = np.outer(d_out, v) * df(z)
        grad_W, grad_c = x.T @ d_h, d_h.sum(axis=0)
        W -= learning_rate * grad_W
        c -= learning_rate * grad_c
        v -= learning_rate * grad_v
        b -= learning_rate * grad_b

    def predict(points):
        return sigmoid(f(np.asarray(points, dtype="float64") @ W + c) @ v + b)

    p = predict(x)
    return {"loss": losses, "predictions": p, "accuracy": float(np.mean((p > 0.5) == (y > 0.5))),
            "predict": predict}


def universal_approximation(target, n_hidden: int = 10, steepness: float = 10.0, x_min: float = 0.0,
                            x_max: float = 1.0, n_points: int = 400):
    """One hidden layer of sigmoids approximating a continuous function (Cybenko, 1989).

    ``f̂(x) = Σᵢ aᵢ σ(s·(x − cᵢ)) + a₀`` with centres ``cᵢ`` evenly spaced over the interval and
    steepness ``s`` scaled by the spacing; the output weights ``a`` are fitted by least squares.
    More units (and steeper ones) build a finer staircase: the error shrinks as ``n_hidden`` grows.

    Args:
        target: a numpy function of ``x`` (e.g. ``np.sin``).
        n_hidden: hidden sigmoid units (>= 1).
        steepness: slope of each sigmoid in units of the centre spacing (> 0).
        x_min: left end of the interval.
        x_max: right end (> x_min).
        n_points: evaluation points.

    Returns:
        ``dict`` with ``x``, ``y`` (target), ``y_hat``, ``hidden`` (``(n_points, n_hidden)``
        scaled by their output weights), ``weights`` and ``max_error``.

    Example:
        >>> round(universal_approximation(np.sin, 20, x_max=3.0)["max_error"], 2) < 0.05
        True

    Paper: G. Cybenko, "Approximation by superpositions of a sigmoidal function", Math. Control
    Signals Systems 2, 1989.
    """
    if not isinstance(n_hidden, (int, np.integer)) or n_hidden < 1:
        raise ValueError(f"`n_hidden` must be an integer >= 1. Received: n_hidden={n_hidden!r}")
    if not steepness > 0:
        raise ValueError(f"`steepness` must be > 0. Received: steepness={steepness!r}")
    if not x_max > x_min:
        raise ValueError(f"`x_max` must be > x_min. Received: x_min={x_min}, x_max={x_max}")
    x = np.linspace(x_min, x_max, int(n_points))
    y = np.asarray(target(x), dtype="float64")
    spacing = (x_max - x_min) / n_hidden
    centres = x_min + spacing * (np.arange(n_hidden) + 0.5)
    H = sigmoid(steepness / spacing * (x[:, None] - centres[None, :]))
    A = np.hstack([H, np.ones((len(x), 1))])
    a, *_ = np.linalg.lstsq(A, y, rcond=None)
    y_hat = A @ a
    return {"x": x, "y": y, "y_hat": y_hat, "hidden": H * a[:-1], "weights": a,
            "max_error": float(np.max(np.abs(y_hat - y)))}


def graph_gradient(x: float = 1.0):
    """Backprop on a small computation graph: ``∂f/∂x`` as the sum over all paths from x to f.

    Graph: ``a = x²``, ``b = sin x``, ``c = a·b``, ``d = a + c``, ``f = d·b``. Each edge carries its
    local derivative (``∂a/∂x = 2x``, ``∂c/∂a = b``, ...); a path contributes the product of its
    edges; ``∂f/∂x`` is the sum over the paths x→a→d→f, x→a→c→d→f, x→b→c→d→f and x→b→f.

    Args:
        x: the input value.

    Returns:
        ``dict`` with ``values`` (node → value), ``edges`` (``(from, to)`` → local derivative),
        ``paths`` (list of ``(path, product)``), ``gradient`` (the sum) and ``numeric`` (central
        finite difference, for checking).

    Example:
        >>> g = graph_gradient(0.5)
        >>> abs(g["gradient"] - g["numeric"]) < 1e-6
        True
    """
    x = float(x)

    def forward(x):
        a = x * x
        b = math.sin(x)
        c = a * b
        d = a + c
        return {"x": x, "a": a, "b": b, "c": c, "d": d, "f": d * b}

    v = forward(x)
    edges = {
        ("x", "a"): 2 * x,
        ("x", "b"): math.cos(x),
        ("a", "c"): v["b"],
        ("b", "c"): v["a"],
        ("a", "d"): 1.0,
        ("c", "d"): 1.0,
        ("d", "f"): v["b"],
        ("b", "f"): v["d"],
    }
    children: dict[str, list[str]] = {}
    for (u, w) in edges:
        children.setdefault(u, []).append(w)

    def all_paths(node):
        if node == "f":
            return [["f"]]
        return [[node] + rest for child in children.get(node, []) for rest in all_paths(child)]

    paths = []
    for path in all_paths("x"):
        product = 1.0
        for u, w in zip(path, path[1:]):
            product *= edges[(u, w)]
        paths.append((path, product))
    h = 1e-6
    numeric = (forward(x + h)["f"] - forward(x - h)["f"]) / (2 * h)
    return {"values": v, "edges": edges, "paths": paths, "gradient": float(sum(p for _, p in paths)),
            "numeric": float(numeric)}
