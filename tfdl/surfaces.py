"""Two-dimensional loss surfaces for watching optimisers: value in TensorFlow ops, gradient by autodiff.

Each surface is a :class:`Surface`: a function ``f(x, y)`` written with TensorFlow operations (so
it runs inside :func:`tfdl.trajectories.run`'s compiled loop, on CPU or GPU), its known minima,
a plotting box, a default start and an optional Gaussian gradient noise that mimics mini-batch
SGD. Build one by name with :func:`get_surface` or with its own function.

Example:
    >>> import tfdl
    >>> s = tfdl.surfaces.get_surface("rosenbrock")
    >>> s.gradient([1.0, 1.0]).shape
    (2,)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import min_error, one_of_error

__all__ = [
    "Surface",
    "quadratic_bowl",
    "ravine",
    "rosenbrock",
    "beale",
    "himmelblau",
    "saddle",
    "rastrigin",
    "get_surface",
    "list_surfaces",
    "SURFACES",
]


@dataclass(frozen=True)
class Surface:
    """A 2-D loss surface ``L(x, y)``.

    Args:
        name: registry name (``"rosenbrock"``...).
        fn: ``fn(x, y) -> loss``, written with TensorFlow ops, elementwise over tensors.
        bounds: plotting box ``((x_min, x_max), (y_min, y_max))``.
        minima: known global minima as ``(x, y)`` tuples (empty for the saddle).
        min_value: the loss at the minima, or ``None`` when unbounded below.
        start: a default starting point.
        params: the parameters the surface was built with (part of its identity).
        noise: standard deviation σ of Gaussian noise added to each gradient component (0 = exact).
        critical_points: other points with zero gradient worth marking (saddles, maxima).
        title: a human-readable formula.

    Returns:
        An immutable surface; ``surface(x, y)`` evaluates the loss with TensorFlow.

    Example:
        >>> s = quadratic_bowl()
        >>> float(s.value([1.0, 2.0]))
        5.0
    """

    name: str
    fn: Callable
    bounds: tuple
    minima: tuple = ()
    min_value: float | None = 0.0
    start: tuple = (0.0, 0.0)
    params: tuple = ()
    noise: float = 0.0
    critical_points: tuple = ()
    title: str = ""

    def __call__(self, x, y):
        return self.fn(x, y)

    @property
    def key(self) -> tuple:
        """What identifies the function (not the noise): used to cache compiled runners."""
        return (self.name, self.params)

    @property
    def bound(self) -> float:
        """Default divergence radius: leaving ``max(|x|, |y|) <= bound`` counts as diverged."""
        (x0, x1), (y0, y1) = self.bounds
        return 10.0 * max(abs(x0), abs(x1), abs(y0), abs(y1))

    def with_noise(self, sigma: float) -> Surface:
        """The same surface with gradient noise of standard deviation ``sigma`` (>= 0)."""
        if not (isinstance(sigma, (int, float)) and sigma >= 0 and math.isfinite(sigma)):
            raise TfdlValueError(
                "finite_min",
                "`{name}` must be a finite number >= {minimum}. Received: {name}={value!r}",
                name="sigma", minimum=0, value=sigma,
            )
        return replace(self, noise=float(sigma))

    def value(self, xy):
        """Loss at points ``xy`` of shape ``(..., 2)``, as numpy."""
        import tensorflow as tf

        xy = tf.convert_to_tensor(np.asarray(xy, dtype="float32"))
        return self.fn(xy[..., 0], xy[..., 1]).numpy()

    def gradient(self, xy, noisy: bool = False, seed: int | None = None):
        """Gradient ``∇L`` at ``xy`` (shape ``(..., 2)``) by automatic differentiation, as numpy.

        With ``noisy=True`` and ``noise > 0``, adds N(0, σ²) to each component (mini-batch SGD).
        """
        import tensorflow as tf

        xy = tf.convert_to_tensor(np.asarray(xy, dtype="float32"))
        with tf.GradientTape() as tape:
            tape.watch(xy)
            loss = tf.reduce_sum(self.fn(xy[..., 0], xy[..., 1]))
        g = tape.gradient(loss, xy).numpy()
        if noisy and self.noise > 0:
            g = g + np.random.default_rng(seed).normal(0.0, self.noise, g.shape).astype("float32")
        return g

    def grid(self, n: int = 150, bounds=None):
        """``(X, Y, Z)`` numpy arrays of the loss on an ``n × n`` grid over ``bounds``."""
        if int(n) < 2:
            raise min_error("n", n, 2)
        (x0, x1), (y0, y1) = bounds or self.bounds
        X, Y = np.meshgrid(np.linspace(x0, x1, int(n)), np.linspace(y0, y1, int(n)))
        Z = self.value(np.stack([X, Y], axis=-1))
        return X, Y, Z

    def target(self, tol: float = 1e-3) -> float:
        """The loss to reach to count as "arrived": ``min_value + tol``; ``-1`` (escaped) if unbounded."""
        return -1.0 if self.min_value is None else self.min_value + float(tol)



def _times(c: float, sign: str = "") -> str:
    """A coefficient written before a term: nothing for 1 (``1(x² + y²)`` reads as a typo), else ``c`` and ``sign``."""
    return "" if c == 1 else f"{c:g}{sign}"

def _tf():
    import tensorflow as tf

    return tf


def _positive(name, value):
    if not (isinstance(value, (int, float)) and value > 0 and math.isfinite(value)):
        raise TfdlValueError(
            "finite_positive",
            "`{name}` must be a finite number > 0. Received: {name}={value!r}",
            name=name, value=value,
        )


def quadratic_bowl(scale: float = 1.0) -> Surface:
    """The round bowl ``L = c (x² + y²)``: every method's easy case.

    Args:
        scale: c > 0. Gradient descent converges for η < 1/c and diverges above.

    Returns:
        A :class:`Surface` with minimum 0 at (0, 0).

    Example:
        >>> quadratic_bowl().gradient([1.0, 0.0])
        array([2., 0.], dtype=float32)

    Reference: Boyd & Vandenberghe (2004), "Convex Optimization", §9.3.
    """
    _positive("scale", scale)
    c = float(scale)
    return Surface("bowl", lambda x, y: c * (x * x + y * y), ((-3.0, 3.0), (-3.0, 3.0)),
                   ((0.0, 0.0),), 0.0, (-2.5, 2.0), (("scale", c),), title=f"{_times(c)}(x² + y²)")


def ravine(condition_number: float = 20.0) -> Surface:
    """An elongated ravine ``L = (x² + κ y²) / 2`` whose Hessian has condition number κ.

    Gradient descent must keep η < 2/κ to be stable across the ravine, so it crawls along it
    (rate 1 − η per step) while zig-zagging across: the case momentum was invented for.

    Args:
        condition_number: κ >= 1, the ratio of the largest to the smallest curvature.

    Returns:
        A :class:`Surface` with minimum 0 at (0, 0).

    Example:
        >>> ravine(10.0).gradient([1.0, 1.0])
        array([ 1., 10.], dtype=float32)

    Reference: Goh (2017), "Why momentum really works", Distill.
    """
    if not (isinstance(condition_number, (int, float)) and condition_number >= 1
            and math.isfinite(condition_number)):
        raise TfdlValueError(
            "finite_min",
            "`{name}` must be a finite number >= {minimum}. Received: {name}={value!r}",
            name="condition_number", minimum=1, value=condition_number,
        )
    kappa = float(condition_number)
    return Surface("ravine", lambda x, y: 0.5 * (x * x + kappa * y * y), ((-10.0, 10.0), (-4.0, 4.0)),
                   ((0.0, 0.0),), 0.0, (-9.0, 3.0), (("condition_number", kappa),),
                   title=f"(x² + {_times(kappa, '·')}y²)/2")


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """Rosenbrock's banana valley ``L = (a − x)² + b (y − x²)²``, minimum at ``(a, a²)``.

    Args:
        a: position of the minimum along x.
        b: b > 0, steepness of the valley walls.

    Returns:
        A :class:`Surface` with minimum 0 at (a, a²).

    Example:
        >>> rosenbrock().gradient([1.0, 1.0])
        array([0., 0.], dtype=float32)

    Reference: H. H. Rosenbrock (1960), "An automatic method for finding the greatest or least
    value of a function".
    """
    _positive("b", b)
    a, b = float(a), float(b)
    return Surface("rosenbrock", lambda x, y: (a - x) ** 2 + b * (y - x * x) ** 2,
                   ((-2.0, 2.0), (-1.0, 3.0)), ((a, a * a),), 0.0, (-1.5, 2.5),
                   (("a", a), ("b", b)), title=f"({a:g} − x)² + {_times(b)}(y − x²)²")


def beale() -> Surface:
    """Beale's function, flat plateaus and sharp ridges; minimum 0 at (3, 0.5).

    ``L = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²``

    Returns:
        A :class:`Surface`.

    Example:
        >>> beale().gradient([3.0, 0.5])
        array([0., 0.], dtype=float32)

    Reference: E. M. L. Beale (1958), "On an iterative method for finding a local minimum of a
    function of more than one variable".
    """
    def fn(x, y):
        return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2
                + (2.625 - x + x * y * y * y) ** 2)

    return Surface("beale", fn, ((-4.5, 4.5), (-4.5, 4.5)), ((3.0, 0.5),), 0.0, (1.0, 1.5),
                   title="(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²")


_HIMMELBLAU_MINIMA = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126))


def himmelblau() -> Surface:
    """Himmelblau's function ``L = (x² + y − 11)² + (x + y² − 7)²``: four equal minima (value 0).

    Which minimum an optimiser reaches depends on where it starts and how it moves.

    Returns:
        A :class:`Surface` with four minima.

    Example:
        >>> len(himmelblau().minima)
        4

    Reference: D. M. Himmelblau (1972), "Applied Nonlinear Programming".
    """
    return Surface("himmelblau", lambda x, y: (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2,
                   ((-5.0, 5.0), (-5.0, 5.0)), _HIMMELBLAU_MINIMA, 0.0, (0.0, 0.0),
                   critical_points=((-0.270845, -0.923039),), title="(x² + y − 11)² + (x + y² − 7)²")


def saddle() -> Surface:
    """The saddle ``L = x² − y²``: zero gradient at (0, 0) but no minimum (unbounded below).

    Started near the ridge (tiny y), plain gradient descent lingers because ∂L/∂y = −2y is tiny;
    methods that rescale by the gradient's size (RMSProp, Adam) escape quickly.

    Returns:
        A :class:`Surface`; ``minima`` is empty, ``min_value`` is None, and the saddle point is
        in ``critical_points``. Its ``target()`` is loss −1 ("escaped").

    Example:
        >>> float(abs(saddle().gradient([0.0, 0.0])).max())
        0.0

    Reference: Dauphin et al. (2014), "Identifying and attacking the saddle point problem in
    high-dimensional non-convex optimization".
    """
    return Surface("saddle", lambda x, y: x * x - y * y, ((-2.0, 2.0), (-2.0, 2.0)), (), None,
                   (1.5, 1e-3), critical_points=((0.0, 0.0),), title="x² − y²")


def rastrigin(A: float = 10.0) -> Surface:
    """Rastrigin's egg box ``L = 2A + Σᵢ (xᵢ² − A cos 2πxᵢ)``: a grid of local minima, global 0 at 0.

    Args:
        A: A > 0, the depth of the ripples.

    Returns:
        A :class:`Surface` with minimum 0 at (0, 0).

    Example:
        >>> float(rastrigin().value([0.0, 0.0]))
        0.0

    Reference: L. A. Rastrigin (1974), "Systems of extremal control".
    """
    _positive("A", A)
    A = float(A)
    two_pi = 2.0 * math.pi

    def fn(x, y):
        tf = _tf()
        return 2.0 * A + x * x - A * tf.cos(two_pi * x) + y * y - A * tf.cos(two_pi * y)

    return Surface("rastrigin", fn, ((-5.12, 5.12), (-5.12, 5.12)), ((0.0, 0.0),), 0.0, (3.2, 4.1),
                   (("A", A),), title=f"2·{A:g} + Σ(xᵢ² − {A:g}·cos 2πxᵢ)")


SURFACES = {
    "bowl": quadratic_bowl,
    "ravine": ravine,
    "rosenbrock": rosenbrock,
    "beale": beale,
    "himmelblau": himmelblau,
    "saddle": saddle,
    "rastrigin": rastrigin,
}


def list_surfaces() -> list[str]:
    """Names accepted by :func:`get_surface`.

    Returns:
        A list of strings.

    Example:
        >>> "ravine" in list_surfaces()
        True
    """
    return list(SURFACES)


def get_surface(name: str, noise: float = 0.0, **params) -> Surface:
    """Build a surface by name, e.g. ``get_surface("ravine", condition_number=50)``.

    Args:
        name: one of :func:`list_surfaces`.
        noise: σ of Gaussian gradient noise (0 = exact gradients).
        **params: the surface function's own parameters.

    Returns:
        A :class:`Surface`.

    Example:
        >>> get_surface("ravine", condition_number=50).params
        (('condition_number', 50.0),)

    Reference: Surjanovic & Bingham, "Virtual Library of Simulation Experiments: Test Functions".
    """
    if isinstance(name, Surface):
        return name.with_noise(noise) if noise else name
    if name not in SURFACES:
        raise one_of_error("name", name, list_surfaces())
    try:
        surface = SURFACES[name](**params)
    except TypeError as exc:
        raise TfdlValueError(
            "surface_parameter",
            "Unknown parameter for surface {name!r}: {error}. Received: {params!r}",
            name=name, error=exc, params=params,
        ) from None
    return surface.with_noise(noise) if noise else surface
