"""First principles, re-run small: why nonlinearity, XOR, universal approximation, backprop paths.

The course's opening claims as numpy functions a learner can call and change: a deep network
without nonlinearity is one linear map (:func:`linear_collapse`); no linear model solves XOR
(:func:`xor_linear_fit`) but two linear maps and a ReLU do (:func:`xor_relu_network`,
:func:`train_xor`); one hidden layer of sigmoids approximates any continuous function
(:func:`universal_approximation`, Cybenko 1989); the gradient on a computation graph is the sum
over all paths (:func:`graph_gradient`). The playground's First principles page draws them.

Example:
    >>> from tfdl.experiments.first_principles import xor_relu_network
    >>> xor_relu_network()[1].tolist()
    [0.0, 1.0, 1.0, 0.0]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from tfdl.activations import derivative, get, relu, sigmoid
from tfdl.errors import TfdlValueError
from tfdl.metrics import accuracy
from tfdl.validation import gt_error, int_min_error

__all__ = [
    "EDGE_DERIVATIVES",
    "GRAPH_LATEX",
    "SweepStep",
    "TARGETS",
    "Target",
    "XOR_X",
    "XOR_Y",
    "backprop_sweep",
    "graph_dot",
    "graph_gradient",
    "linear_collapse",
    "train_xor",
    "universal_approximation",
    "xor_linear_fit",
    "xor_relu_network",
]


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


class Target(NamedTuple):
    """A function for :func:`universal_approximation` with its label and interval."""

    fn: Callable
    label: str
    x_min: float
    x_max: float


#: the continuous (and one discontinuous) targets the playground approximates, by name
TARGETS = {
    "sin": Target(np.sin, "sin x", 0.0, 2 * np.pi),
    "abs": Target(np.abs, "|x|", -1.0, 1.0),
    "step": Target(lambda x: (np.asarray(x) > 0).astype(float), "step 1[x > 0]", -1.0, 1.0),
    "bump": Target(lambda x: np.exp(-8 * np.asarray(x) ** 2), "exp(−8x²)", -1.0, 1.0),
    "wiggle": Target(
        lambda x: np.sin(3 * np.asarray(x)) + 0.5 * np.cos(7 * np.asarray(x)), "sin 3x + ½cos 7x", -2.0, 2.0
    ),
}

#: the computation graph of :func:`graph_gradient`, in LaTeX
GRAPH_LATEX = r"a = x^2,\; b = \sin x,\; c = a\,b,\; d = a + c,\; f = d\,b"

#: each edge's local derivative as a formula (``∂a/∂x = 2x``, ...), the labels of :func:`graph_dot`
EDGE_DERIVATIVES = {
    ("x", "a"): "2x",
    ("x", "b"): "cos x",
    ("a", "c"): "b",
    ("b", "c"): "a",
    ("a", "d"): "1",
    ("c", "d"): "1",
    ("d", "f"): "b",
    ("b", "f"): "d",
}


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
        raise int_min_error("depth", depth, 1)
    if not isinstance(width, (int, np.integer)) or width < 1:
        raise int_min_error("width", width, 1)
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
    return {
        "weights": weights,
        "W": W,
        "deep": deep,
        "single": single,
        "max_difference": float(np.max(np.abs(deep - single))),
    }


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


def train_xor(activation: str = "tanh", hidden: int = 2, steps: int = 2000, learning_rate: float = 0.5, seed: int = 0):
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
        f, df = get(activation), derivative(activation)
    if not isinstance(hidden, (int, np.integer)) or hidden < 1:
        raise int_min_error("hidden", hidden, 1)
    if not isinstance(steps, (int, np.integer)) or steps < 1:
        raise int_min_error("steps", steps, 1)
    if not learning_rate > 0:
        raise gt_error("learning_rate", learning_rate, 0)
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
    return {"loss": losses, "predictions": p, "accuracy": accuracy(y > 0.5, p > 0.5), "predict": predict}


def universal_approximation(
    target, n_hidden: int = 10, steepness: float = 10.0, x_min: float = 0.0, x_max: float = 1.0, n_points: int = 400
):
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
        raise int_min_error("n_hidden", n_hidden, 1)
    if not steepness > 0:
        raise gt_error("steepness", steepness, 0)
    if not x_max > x_min:
        raise TfdlValueError(
            "x_range_order",
            "`x_max` must be > x_min. Received: x_min={x_min}, x_max={x_max}",
            x_min=x_min,
            x_max=x_max,
        )
    x = np.linspace(x_min, x_max, int(n_points))
    y = np.asarray(target(x), dtype="float64")
    spacing = (x_max - x_min) / n_hidden
    centres = x_min + spacing * (np.arange(n_hidden) + 0.5)
    H = sigmoid(steepness / spacing * (x[:, None] - centres[None, :]))
    A = np.hstack([H, np.ones((len(x), 1))])
    a, *_ = np.linalg.lstsq(A, y, rcond=None)
    y_hat = A @ a
    return {
        "x": x,
        "y": y,
        "y_hat": y_hat,
        "hidden": H * a[:-1],
        "weights": a,
        "max_error": float(np.max(np.abs(y_hat - y))),
    }


def _graph_values(x: float) -> dict[str, float]:
    """The forward pass of the graph of :func:`graph_gradient`, in topological order."""
    a = x * x
    b = math.sin(x)
    c = a * b
    d = a + c
    return {"x": x, "a": a, "b": b, "c": c, "d": d, "f": d * b}


def _graph_edges(v: dict[str, float]) -> dict[tuple[str, str], float]:
    """Each edge ``(u, w)``'s local derivative ``∂w/∂u`` at the forward values ``v``."""
    return {
        ("x", "a"): 2 * v["x"],
        ("x", "b"): math.cos(v["x"]),
        ("a", "c"): v["b"],
        ("b", "c"): v["a"],
        ("a", "d"): 1.0,
        ("c", "d"): 1.0,
        ("d", "f"): v["b"],
        ("b", "f"): v["d"],
    }


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
    v = _graph_values(x)
    edges = _graph_edges(v)
    children: dict[str, list[str]] = {}
    for u, w in edges:
        children.setdefault(u, []).append(w)

    def all_paths(node):
        if node == "f":
            return [["f"]]
        return [[node] + rest for child in children.get(node, []) for rest in all_paths(child)]

    paths = []
    for path in all_paths("x"):
        product = 1.0
        for u, w in itertools.pairwise(path):
            product *= edges[(u, w)]
        paths.append((path, product))
    h = 1e-6
    numeric = (_graph_values(x + h)["f"] - _graph_values(x - h)["f"]) / (2 * h)
    return {
        "values": v,
        "edges": edges,
        "paths": paths,
        "gradient": float(sum(p for _, p in paths)),
        "numeric": float(numeric),
    }


class SweepStep(NamedTuple):
    """One node of :func:`backprop_sweep`'s reverse sweep."""

    #: the node visited
    node: str
    #: its forward value
    value: float
    #: its adjoint ``∂f/∂node`` (complete when the node is visited: all its children came before)
    adjoint: float
    #: the node's local derivatives ``∂node/∂parent``, by parent (empty for the input ``x``)
    local: dict[str, float]
    #: every node's accumulated adjoint after this step (``None``: no contribution has arrived yet)
    adjoints: dict[str, float | None]


def backprop_sweep(x: float = 1.0) -> list[SweepStep]:
    """Reverse-mode backprop through the graph of :func:`graph_gradient`, one node at a time.

    Formula: seed ``f̄ = ∂f/∂f = 1``; visit the nodes in reverse topological order
    (f, d, c, b, a, x); at node ``w`` its adjoint ``w̄ = ∂f/∂w`` is complete, and it sends
    ``ū += w̄ · ∂w/∂u`` to each parent ``u``. At the end ``x̄ = ∂f/∂x``: the same number as the
    sum over paths, found in one backward sweep without listing the paths (a node's adjoint
    gathers all the paths through it).

    Args:
        x: the input value.

    Returns:
        A list of :class:`SweepStep`, one per node in the order visited; the last one's
        ``adjoint`` is ``∂f/∂x``. The forward values and local derivatives are those of
        :func:`graph_gradient` (the same graph); before the first step only ``f̄ = 1`` is set.

    Example:
        >>> steps = backprop_sweep(0.5)
        >>> [s.node for s in steps]
        ['f', 'd', 'c', 'b', 'a', 'x']
        >>> abs(steps[-1].adjoint - graph_gradient(0.5)["gradient"]) < 1e-12
        True

    Paper: Rumelhart, Hinton & Williams, "Learning representations by back-propagating errors",
    Nature 323, 1986; Griewank & Walther, *Evaluating Derivatives*, 2008 (reverse mode).
    """
    v = _graph_values(float(x))
    edges = _graph_edges(v)
    adjoints: dict[str, float | None] = dict.fromkeys(v)
    adjoints["f"] = 1.0
    steps = []
    for node in reversed(list(v)):
        local = {u: d for (u, w), d in edges.items() if w == node}
        adjoint = float(adjoints[node])
        for parent, slope in local.items():
            adjoints[parent] = (adjoints[parent] or 0.0) + adjoint * slope
        steps.append(SweepStep(node, v[node], adjoint, local, dict(adjoints)))
    return steps


def graph_dot(
    graph: dict | None = None, x: float = 1.0, step: SweepStep | None = None, number: Callable | None = None
) -> str:
    """The computation graph of :func:`graph_gradient` in Graphviz DOT, with values and derivatives.

    Each node reads ``name\\nvalue``; each edge ``u -> w`` reads ``∂w/∂u = value`` with the
    derivative's formula from :data:`EDGE_DERIVATIVES` (e.g. ``2x = 1.4``). Values use 3
    significant digits. Given a ``step`` of :func:`backprop_sweep`, each node also shows its
    accumulated adjoint (``f̄ = 1``; blank before any contribution arrived), the visited node is
    filled, and the edges to its parents (the local derivatives it uses) are drawn bold.

    Args:
        graph: a :func:`graph_gradient` result; computed at ``x`` when ``None``.
        x: the input value (used only when ``graph`` is ``None``).
        step: a :class:`SweepStep` to draw the reverse sweep at, or ``None``.
        number: formats each number (e.g. with a language's decimal comma); default ``f"{v:.3g}"``.

    Returns:
        DOT text (``digraph { ... }``), e.g. for ``st.graphviz_chart`` or ``dot -Tsvg``.

    Example:
        >>> print(graph_dot(x=0.5).splitlines()[2])
        x [label="x\\n0.5"];
    """
    g = graph_gradient(x) if graph is None else graph
    num = number or (lambda v: f"{v:.3g}")
    lines = ["digraph {", "rankdir=LR; node [shape=circle];"]
    for node, value in g["values"].items():
        label, style = f"{node}\\n{num(value)}", ""
        if step is not None:
            adjoint = step.adjoints[node]
            label += f"\\n{node}\u0304 = {num(adjoint)}" if adjoint is not None else "\\n "
            if node == step.node:
                style = ' style=filled fillcolor="#fdd49e" penwidth=2'
            elif adjoint is not None:
                style = ' style=filled fillcolor="#deebf7"'
        lines.append(f'{node} [label="{label}"{style}];')
    for (u, w), d in g["edges"].items():
        bold = ' penwidth=2.5 color="#d94801" fontcolor="#d94801"' if step is not None and w == step.node else ""
        lines.append(f'{u} -> {w} [label="{EDGE_DERIVATIVES[(u, w)]} = {num(d)}"{bold}];')
    lines.append("}")
    return "\n".join(lines)
