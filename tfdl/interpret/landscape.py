"""Loss landscapes: the loss of a trained network on a 2-D slice of weight space, and on a line.

Li et al. (2018) draw ``L(α, β) = loss(θ + αδ + βη)`` around the trained weights ``θ`` along two
random directions ``δ``, ``η`` and make the picture comparable between networks with *filter-wise
normalisation*: every filter of a direction is rescaled to the norm of the same filter of ``θ``,

    d_ij ← d_ij · ‖θ_ij‖ / ‖d_ij‖        (filter j of layer i)

so a step α = 1 changes every filter by as much as its own size, whatever the scale invariance of
ReLU and batch normalisation would otherwise hide. Directions of biases and batch-norm parameters
(the 1-D variables) are set to zero, as in the paper's code (``--xignore biasbn``). Goodfellow et
al. (2015) draw the 1-D picture ``loss((1 − t)·θ₀ + t·θ₁)`` between two weight vectors.

The grid is evaluated in a few compiled TensorFlow calls: one traced function takes a row of grid
points and, for each, combines the weights and runs the model functionally
(``model.stateless_call``) on a batch of data, with ``training=False`` (batch-norm statistics and
dropout as in ``model.evaluate``). No weight is assigned and the model is left untouched; no numpy
runs inside the traced code, so the same call runs on a GPU.

Example:
    >>> import keras, numpy as np, tfdl
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    >>> model.compile(loss="mse")
    >>> x, y = np.ones((8, 3), "float32"), np.zeros((8, 1), "float32")
    >>> tfdl.interpret.loss_landscape(model, x, y, resolution=5).losses.shape
    (5, 5)

Papers: H. Li, Z. Xu, G. Taylor, C. Studer, T. Goldstein, "Visualizing the Loss Landscape of
Neural Nets", NeurIPS 2018 (arXiv:1712.09913); I. Goodfellow, O. Vinyals, A. Saxe, "Qualitatively
characterizing neural network optimization problems", ICLR 2015 (arXiv:1412.6544).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import check_int, gt_error, min_error, one_of_error

__all__ = [
    "MAX_RESOLUTION",
    "LossLandscape",
    "LossInterpolation",
    "filter_normalize",
    "random_directions",
    "loss_landscape",
    "interpolate_loss",
    "slice_curvature",
]

#: Largest grid side (MAX_RESOLUTION² forward passes over the data).
MAX_RESOLUTION = 101
IGNORE_OPTIONS = ("biasbn", None)
NORMALIZATIONS = ("filter", None)


@dataclass(frozen=True)
class LossLandscape:
    """A 2-D slice ``L(α, β) = loss(θ + αδ + βη)``: ``losses[i, j]`` at ``(alphas[j], betas[i])``.

    The layout of ``matplotlib``'s ``contour(alphas, betas, losses)``. ``seed`` regenerates the
    directions (:func:`random_directions`); ``None`` when they were given.
    """

    alphas: np.ndarray
    betas: np.ndarray
    losses: np.ndarray
    seed: int | None
    normalization: str | None = "filter"
    ignore: str | None = "biasbn"

    @property
    def loss_range(self) -> float:
        """``max L − min L`` over the grid."""
        return float(np.nanmax(self.losses) - np.nanmin(self.losses))

    def summary(self, tolerance: float = 1e-3) -> dict:
        """Numbers to compare two landscapes: the losses' range and how convex the slice looks.

        ``nonconvex_fraction``: the share of interior grid points where the slice curves down in some
        direction (``λ_min < −tolerance·max|λ|``, :func:`slice_curvature`); ``mean_ratio``: the mean of
        ``max(0, −λ_min)/|λ_max|`` (Li et al.'s ``|λ_min/λ_max|`` where the curvature is negative, 0
        where the slice is locally convex; capped at 1).
        """
        lam_min, lam_max = slice_curvature(self)
        scale = max(float(np.nanmax(np.abs(lam_max))), float(np.nanmax(np.abs(lam_min))), 1e-30)
        ratio = np.maximum(0.0, -lam_min) / np.maximum(np.abs(lam_max), 1e-30)
        return {
            "loss_min": float(np.nanmin(self.losses)),
            "loss_max": float(np.nanmax(self.losses)),
            "loss_range": self.loss_range,
            "nonconvex_fraction": float(np.mean(lam_min < -tolerance * scale)),
            "mean_ratio": float(np.nanmean(np.minimum(ratio, 1.0))),
        }


@dataclass(frozen=True)
class LossInterpolation:
    """``losses[k] = loss((1 − ts[k])·θ₀ + ts[k]·θ₁)``."""

    ts: np.ndarray
    losses: np.ndarray


def slice_curvature(landscape: LossLandscape):
    """Eigenvalues of the slice's 2×2 Hessian at the interior grid points, by central differences.

    ``H = [[L_αα, L_αβ], [L_αβ, L_ββ]]`` with ``L_αα ≈ (L(α+h) − 2L(α) + L(α−h))/h²`` and the mixed
    derivative from the four diagonal neighbours; exact for a quadratic. The curvature of this 2-D
    slice, not of the full Hessian that Li et al. map (a cheap stand-in: negative values still mean
    the slice is not convex there).

    Returns:
        ``(lam_min, lam_max)``: two arrays of shape ``(len(betas) − 2, len(alphas) − 2)``.
    """
    a, b, z = (
        np.asarray(landscape.alphas, float),
        np.asarray(landscape.betas, float),
        np.asarray(landscape.losses, float),
    )
    if len(a) < 3 or len(b) < 3:
        raise TfdlValueError(
            "landscape_curvature_grid",
            "Curvature needs at least 3 grid points per axis. Received: a {rows}×{cols} grid",
            rows=len(b),
            cols=len(a),
        )
    ha, hb = np.diff(a).mean(), np.diff(b).mean()
    c = z[1:-1, 1:-1]
    l_aa = (z[1:-1, 2:] - 2 * c + z[1:-1, :-2]) / ha**2
    l_bb = (z[2:, 1:-1] - 2 * c + z[:-2, 1:-1]) / hb**2
    l_ab = (z[2:, 2:] - z[2:, :-2] - z[:-2, 2:] + z[:-2, :-2]) / (4 * ha * hb)
    mean, root = (l_aa + l_bb) / 2, np.sqrt(((l_aa - l_bb) / 2) ** 2 + l_ab**2)
    return mean - root, mean + root


# ----------------------------------------------------------------------------- directions


def _check_choice(name, value, options):
    if not any(value is o or (isinstance(o, str) and value == o) for o in options):
        raise one_of_error(name, value, options)


def filter_normalize(direction, weights, ignore: str | None = "biasbn"):
    """Li et al.'s filter-wise normalisation: each filter of ``direction`` gets the norm of ``θ``'s.

    ``d_ij ← d_ij · ‖θ_ij‖ / (‖d_ij‖ + 1e-10)``, where filter ``j`` of a variable is its slice along
    the **last** axis (Keras' layout: a ``Dense`` kernel ``(in, out)`` has one filter per output
    unit, a ``Conv2D`` kernel ``(kh, kw, c_in, c_out)`` one per output channel). 1-D variables
    (biases, batch-norm ``γ``/``β``) get a zero direction with ``ignore="biasbn"``, or the weights
    themselves with ``ignore=None`` (both as in the paper's code).

    Args:
        direction: a list of arrays, one per variable.
        weights: the list of arrays ``θ`` of the same shapes.
        ignore: ``"biasbn"`` or ``None``.

    Returns:
        A list of float32 numpy arrays, the normalised direction.

    Example:
        >>> [d.tolist() for d in filter_normalize([np.array([[3.0, 0.0], [4.0, 1.0]])], [np.ones((2, 2))])]
        [[[0.8485280752182007, 0.0], [1.1313707828521729, 1.4142135381698608]]]
    """
    from keras import ops

    _check_choice("ignore", ignore, IGNORE_OPTIONS)
    direction, weights = list(direction), list(weights)
    _check_shapes("direction", direction, [np.shape(w) for w in weights])
    out = []
    for d, w in zip(direction, weights):
        d, w = ops.convert_to_tensor(d, "float32"), ops.convert_to_tensor(w, "float32")
        if len(d.shape) <= 1:
            out.append(ops.zeros_like(d) if ignore == "biasbn" else w)
            continue
        axes = tuple(range(len(d.shape) - 1))
        d_norm = ops.sqrt(ops.sum(d * d, axis=axes, keepdims=True))
        w_norm = ops.sqrt(ops.sum(w * w, axis=axes, keepdims=True))
        out.append(d * w_norm / (d_norm + 1e-10))
    return [ops.convert_to_numpy(o).astype("float32") for o in out]


def _check_shapes(name, arrays, shapes):
    got = [tuple(np.shape(a)) for a in arrays]
    if got != [tuple(s) for s in shapes]:
        raise TfdlValueError(
            "landscape_shapes",
            "`{name}` must hold one array per weight variable, with the variables' shapes {expected}. "
            "Received: shapes {received}",
            name=name,
            expected=[tuple(s) for s in shapes],
            received=got,
        )


def _check_model(model):
    import keras

    if not isinstance(model, keras.Model):
        raise TfdlValueError(
            "model_not_keras",
            "`model` must be a keras.Model. Received: model={type_name}",
            type_name=type(model).__name__,
        )
    if not model.built or not model.trainable_variables:
        raise TfdlValueError(
            "landscape_model_unbuilt",
            "`model` must be built and have trainable weights (give it a keras.Input or call it once on "
            "data). Received: model={model_name!r} with {n_weights} trainable weights",
            model_name=model.name,
            n_weights=len(model.trainable_variables) if model.built else 0,
        )


def random_directions(model, seed: int = 0, *, normalization: str | None = "filter", ignore: str | None = "biasbn"):
    """Two Gaussian directions ``δ``, ``η`` in the space of ``model``'s trainable weights.

    Drawn with ``numpy.random.default_rng(seed)`` (the same numbers on any device), first every
    variable of ``δ``, then of ``η``; then :func:`filter_normalize`\\ d (``normalization="filter"``)
    or left raw (``None``).

    Returns:
        ``(delta, eta)``: two lists of float32 arrays aligned with ``model.trainable_variables``.
    """
    _check_model(model)
    _check_choice("normalization", normalization, NORMALIZATIONS)
    _check_choice("ignore", ignore, IGNORE_OPTIONS)
    seed = check_int(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    weights = [np.asarray(v.numpy(), "float32") for v in model.trainable_variables]
    pair = [[rng.standard_normal(w.shape).astype("float32") for w in weights] for _ in range(2)]
    if normalization == "filter":
        return tuple(filter_normalize(d, weights, ignore) for d in pair)
    return pair[0], pair[1]


# ----------------------------------------------------------------------------- evaluation


def _loss_object(model, loss):
    import keras

    if loss is None:
        loss = getattr(model, "loss", None)
        if loss is None:
            raise TfdlValueError(
                "landscape_loss_required",
                "`loss` must be given when `model` is not compiled (a Keras loss name, object or function). "
                "Received: loss=None for the uncompiled model {model_name!r}",
                model_name=model.name,
            )
    if isinstance(loss, (list, tuple, dict)):
        raise TfdlValueError(
            "landscape_single_loss",
            "`loss` must be one loss (a model with one output). Received: loss={loss!r}",
            loss=loss,
        )
    if isinstance(loss, keras.losses.Loss):
        return loss
    fn = keras.losses.get(loss) if isinstance(loss, str) else loss
    if not callable(fn):
        raise TfdlValueError(
            "landscape_loss_type",
            "`loss` must be a Keras loss name, object or function. Received: loss={loss!r}",
            loss=loss,
        )
    return lambda y_true, y_pred: keras.ops.mean(fn(y_true, y_pred))  # Keras' "sum_over_batch_size"


def _data(x, y, batch_size):
    batch_size = check_int(batch_size, "batch_size", 1)
    x, y = np.asarray(x), np.asarray(y)
    if len(x) == 0 or len(x) != len(y):
        raise TfdlValueError(
            "landscape_data_length",
            "`x` and `y` must hold the same number (>= 1) of samples. Received: {n_x} and {n_y}",
            n_x=len(x),
            n_y=len(y),
        )
    x, y = (a.astype("float32") if np.issubdtype(a.dtype, np.floating) else a for a in (x, y))
    return [(x[i : i + batch_size], y[i : i + batch_size]) for i in range(0, len(x), batch_size)], len(x)


def _slice_losses(model, loss, x, y, tv_bases, nt_bases, coefs, batch_size, progress=None, chunk=None):
    """``loss`` of ``model`` with weights ``Σ_k c_k V_k`` for every row ``c`` of ``coefs`` (P×K).

    ``tv_bases``: per trainable variable, the stacked ``(K, *shape)`` tensor ``V``; ``nt_bases``: per
    non-trainable variable, such a stack or ``None`` (its current value). One traced function
    evaluates a chunk of points on one data batch; data batches are averaged weighted by size, as
    ``model.evaluate`` does.

    Measured on the 2-core CPU (21×21 grid): this loop (a ``tf.while_loop`` over points) is within
    ~1.3× of the bare forward passes for a CNN. ``tf.vectorized_map`` over the points was ~10× slower
    there (a filter that varies per point has no vectorised ``Conv2D``, so pfor falls back to a loop)
    and, for a 20-block MLP, 2× faster per row but 2× slower to trace; ``jit_compile=True`` was slower.
    """
    import tensorflow as tf

    loss_obj = _loss_object(model, loss)
    batches, n = _data(x, y, batch_size)
    coefs = np.asarray(coefs, "float32")
    tv_bases = [tf.convert_to_tensor(v, tf.float32) for v in tv_bases]
    nt_fixed = [tf.convert_to_tensor(v) for v in model.non_trainable_variables]
    nt_bases = [None if v is None else tf.convert_to_tensor(v, f.dtype) for v, f in zip(nt_bases, nt_fixed)]
    tv_dtypes = [v.dtype for v in model.trainable_variables]

    def at(c, xb, yb):
        tv = [tf.cast(tf.tensordot(tf.cast(c, base.dtype), base, 1), dt) for base, dt in zip(tv_bases, tv_dtypes)]
        ntv = [
            f if base is None else tf.tensordot(tf.cast(c, base.dtype), base, 1) for f, base in zip(nt_fixed, nt_bases)
        ]
        out, _, reg = model.stateless_call(tv, ntv, xb, training=False, return_losses=True)
        value = tf.cast(loss_obj(yb, out), tf.float32)
        return value + tf.cast(tf.add_n(reg), tf.float32) if reg else value

    x0, y0 = batches[0]
    signature = [
        tf.TensorSpec([None, coefs.shape[1]], tf.float32),
        tf.TensorSpec([None, *x0.shape[1:]], x0.dtype),
        tf.TensorSpec([None, *y0.shape[1:]], y0.dtype),
    ]

    @tf.function(input_signature=signature)
    def evaluate(points, xb, yb):
        values = tf.TensorArray(tf.float32, size=tf.shape(points)[0])
        for i in tf.range(tf.shape(points)[0]):
            values = values.write(i, at(points[i], xb, yb))
        return values.stack()

    chunk = chunk or len(coefs)
    tensors = [(tf.convert_to_tensor(xb), tf.convert_to_tensor(yb), len(xb)) for xb, yb in batches]
    out = []
    for start in range(0, len(coefs), chunk):
        points = tf.convert_to_tensor(coefs[start : start + chunk])
        total = sum(evaluate(points, xb, yb) * (nb / n) for xb, yb, nb in tensors)
        out.append(np.asarray(total, "float64"))
        if progress is not None:
            progress(min(start + chunk, len(coefs)), len(coefs))
    return np.concatenate(out)


def _check_count(name, value, minimum, maximum, why):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not minimum <= value <= maximum:
        raise TfdlValueError(
            "landscape_grid_size",
            "`{name}` must be an integer between {minimum} and {maximum} ({why}). Received: {name}={value!r}",
            name=name,
            minimum=minimum,
            maximum=maximum,
            why=why,
            value=value,
        )
    return int(value)


def _check_finite(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
        raise TfdlValueError(
            "landscape_finite", "`{name}` must be a finite number. Received: {name}={value!r}", name=name, value=value
        )
    return float(value)


def _check_span(name, value):
    value = _check_finite(name, value)
    if value <= 0:
        raise gt_error(name, value, 0)
    return float(value)


def loss_landscape(
    model,
    x,
    y,
    *,
    loss=None,
    resolution: int = 21,
    span: float = 1.0,
    seed: int = 0,
    directions=None,
    normalization: str | None = "filter",
    ignore: str | None = "biasbn",
    batch_size: int = 1024,
    progress=None,
) -> LossLandscape:
    """The loss on the plane ``θ + αδ + βη`` through the trained weights (Li et al. 2018).

    ``L(α, β) = loss(θ + αδ + βη)`` on the grid ``α, β ∈ linspace(−span, span, resolution)``, with
    ``δ``, ``η`` from :func:`random_directions` (filter-normalised, seeded) unless ``directions``
    are given. The loss is the mean over ``(x, y)`` plus the model's regularisation losses, as
    ``model.evaluate`` reports it; non-trainable weights (batch-norm statistics) stay fixed.

    Args:
        model: a built Keras model (single output).
        x, y: the data the loss is measured on (arrays).
        loss: a Keras loss name, object or function (``None``: the model's compiled loss).
        resolution: grid points per axis, 2 … :data:`MAX_RESOLUTION` (odd: the centre is on the grid).
        span: the grid's half-width in units of the normalised directions (> 0).
        seed: seed of the directions.
        directions: ``(delta, eta)``, two lists aligned with ``model.trainable_variables``.
        normalization, ignore: see :func:`random_directions`.
        batch_size: samples per forward pass.
        progress: ``progress(done, total)`` called after each row of the grid.

    Returns:
        :class:`LossLandscape`.

    Example:
        >>> loss_landscape(model, x, y, resolution=3, span=0.5).alphas.tolist()
        [-0.5, 0.0, 0.5]
    """
    _check_model(model)
    resolution = _check_count("resolution", resolution, 2, MAX_RESOLUTION, "grid points per axis")
    span = _check_span("span", span)
    weights = [np.asarray(v.numpy(), "float32") for v in model.trainable_variables]
    if directions is None:
        delta, eta = random_directions(model, seed, normalization=normalization, ignore=ignore)
    else:
        if not isinstance(directions, (tuple, list)) or len(directions) != 2:
            raise TfdlValueError(
                "landscape_directions",
                "`directions` must be a pair (delta, eta) of weight lists. Received: a {kind} with {length} items",
                kind=type(directions).__name__,
                length=len(directions) if isinstance(directions, (tuple, list)) else 1,
            )
        delta, eta = (list(d) for d in directions)
        for name, d in (("delta", delta), ("eta", eta)):
            _check_shapes(name, d, [w.shape for w in weights])
        seed = None
    grid = np.linspace(-span, span, resolution)
    aa, bb = np.meshgrid(grid, grid)  # rows: beta, columns: alpha
    coefs = np.stack([np.ones(aa.size), aa.ravel(), bb.ravel()], axis=1)
    tv_bases = [np.stack([w, d, e]) for w, d, e in zip(weights, delta, eta)]
    losses = _slice_losses(
        model,
        loss,
        x,
        y,
        tv_bases,
        [None] * len(model.non_trainable_variables),
        coefs,
        batch_size,
        progress,
        chunk=resolution,
    )
    return LossLandscape(
        grid.copy(),
        grid.copy(),
        losses.reshape(resolution, resolution),
        seed,
        normalization if directions is None else None,
        ignore if directions is None else None,
    )


def _weight_list(name, value, model):
    import keras

    arrays = value.get_weights() if isinstance(value, keras.Model) else list(value)
    _check_shapes(name, arrays, [tuple(w.shape) for w in model.weights])
    return arrays


def interpolate_loss(
    model, start, end, x, y, *, loss=None, num: int = 21, extend: float = 0.0, batch_size: int = 1024
) -> LossInterpolation:
    """The loss on the straight line between two weight vectors (Goodfellow et al. 2015).

    ``loss((1 − t)·θ₀ + t·θ₁)`` for ``t ∈ linspace(−extend, 1 + extend, num)``. Every weight of
    ``model.weights`` is interpolated, batch-norm statistics included; ``model`` supplies the
    architecture (its own weights are not used nor changed).

    Args:
        model: a built Keras model.
        start, end: ``θ₀``, ``θ₁``: models of the same architecture, or lists of arrays in the order
            of ``model.get_weights()``.
        x, y: the data.
        loss: as in :func:`loss_landscape`.
        num: points on the line, 2 … :data:`MAX_RESOLUTION`.
        extend: how far past the ends to go (>= 0), in units of ``θ₁ − θ₀``.
        batch_size: samples per forward pass.

    Returns:
        :class:`LossInterpolation`.

    Example:
        >>> interpolate_loss(model, model, model, x, y, num=3).ts.tolist()
        [0.0, 0.5, 1.0]
    """
    _check_model(model)
    num = _check_count("num", num, 2, MAX_RESOLUTION, "points on the line")
    extend = _check_finite("extend", extend)
    if extend < 0:
        raise min_error("extend", extend, 0)
    theta0, theta1 = _weight_list("start", start, model), _weight_list("end", end, model)
    index = {id(v): i for i, v in enumerate(model.weights)}

    def bases(variables, floating_only):
        out = []
        for v in variables:
            i = index.get(id(v))
            floating = np.issubdtype(np.dtype(theta0[i].dtype), np.floating) if i is not None else False
            out.append(None if i is None or (floating_only and not floating) else np.stack([theta0[i], theta1[i]]))
        return out

    ts = np.linspace(-float(extend), 1.0 + float(extend), num)
    coefs = np.stack([1.0 - ts, ts], axis=1)
    losses = _slice_losses(
        model,
        loss,
        x,
        y,
        bases(model.trainable_variables, False),
        bases(model.non_trainable_variables, True),
        coefs,
        batch_size,
    )
    return LossInterpolation(ts, losses)
