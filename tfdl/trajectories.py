"""Race optimisers on a 2-D surface: every optimiser steps inside one compiled TensorFlow loop.

:func:`run` takes tfdl optimisers (each brings its own pure update rule, the same code its
``update_step`` uses in ``model.fit``), a :class:`tfdl.surfaces.Surface` and a start point, and
returns one tidy pandas DataFrame. All optimisers share one ``tf.function`` (XLA-compiled when
available): the loss and the gradient of every optimiser's point are computed at once, then each
rule updates its own row. Hyperparameters, the start, the noise level and the divergence bound are
inputs of the compiled function, and the step count only picks a capacity (64·2^k rows), so
changing them re-uses the compiled loop.

Example:
    >>> import tfdl
    >>> from tfdl.optimizers import SGD, Adam
    >>> df = tfdl.trajectories.run([SGD(1e-3), Adam(0.1)], "rosenbrock", steps=100)
    >>> df.shape
    (202, 7)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from tfdl.errors import TfdlValueError
from tfdl.validation import one_of_error

__all__ = ["run", "summarize", "divergence", "make_optimizer", "OPTIMIZER_NAMES"]

COLUMNS = ["optimiser", "step", "x", "y", "loss", "grad_norm", "diverged"]
OPTIMIZER_NAMES = ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam")
_MAX_STEPS = 100_000
_RUNNERS: dict = {}
_MAX_RUNNERS = 32


def make_optimizer(name: str, **hyper):
    """A tfdl optimiser from its name (case-insensitive), e.g. ``make_optimizer("adam", learning_rate=0.1)``.

    Args:
        name: one of ``OPTIMIZER_NAMES``.
        **hyper: constructor arguments (``learning_rate``, ``momentum``, ``beta_1``...).

    Returns:
        A :class:`tfdl.optimizers.FormulaOptimizer`.

    Example:
        >>> make_optimizer("rmsprop", learning_rate=0.01).name
        'RMSProp'
    """
    import tfdl.optimizers as opt

    lookup = {n.lower(): getattr(opt, n) for n in OPTIMIZER_NAMES}
    key = str(name).lower()
    if key not in lookup:
        raise one_of_error("name", name, list(OPTIMIZER_NAMES))
    return lookup[key](**hyper)


def _labelled(optimizers) -> list[tuple[str, object]]:
    from tfdl.optimizers import FormulaOptimizer

    if isinstance(optimizers, Mapping):
        items = list(optimizers.items())
    elif isinstance(optimizers, (FormulaOptimizer, str)):
        items = [(None, optimizers)]
    else:
        items = [(None, o) for o in optimizers]
    if not items:
        raise TfdlValueError(
            "optimizers_empty",
            "`optimizers` must name at least one optimiser. Received: optimizers=[]",
        )
    out, seen = [], {}
    for label, opt in items:
        if isinstance(opt, str):
            opt = make_optimizer(opt)
        if not isinstance(opt, FormulaOptimizer):
            raise TfdlValueError(
                "optimizers_formula",
                "`optimizers` must be tfdl optimisers (tfdl.optimizers.SGD, Adam, ...), whose pure update rule the "
                "runner can compile. Received: {type_name}",
                type_name=type(opt).__name__,
            )
        label = str(label if label is not None else opt.name)
        if label in seen:
            seen[label] += 1
            label = f"{label} #{seen[label]}"
        else:
            seen[label] = 1
        out.append((label, opt))
    return out


def _learning_rate(opt):
    """``(schedule or None, float step size or None)`` of a Keras optimizer."""
    import keras

    lr = opt._learning_rate
    if isinstance(lr, keras.optimizers.schedules.LearningRateSchedule):
        return lr, None
    return None, float(np.asarray(lr))


def _schedule_key(schedule):
    if schedule is None:
        return None
    import keras

    return repr(keras.saving.serialize_keras_object(schedule))


def _capacity(steps: int) -> int:
    """Rows reserved for a run: 64·2^k >= steps + 1, so nearby step counts share one compiled loop."""
    capacity = 64
    while capacity < steps + 1:
        capacity *= 2
    return capacity


def _build_runner(opts, surface, capacity, jit_compile):
    """Trace one loop that steps every optimiser; numbers (η, β, start, steps...) stay tensor inputs."""
    import tensorflow as tf

    n = len(opts)
    schedules = [_learning_rate(o)[0] for o in opts]

    def loss_and_grad(W):
        with tf.GradientTape() as tape:
            tape.watch(W)
            loss = surface.fn(W[:, 0], W[:, 1])
            total = tf.reduce_sum(loss)
        g = tape.gradient(total, W)
        return loss, g

    def check(W, loss, bound):
        finite = tf.reduce_all(tf.math.is_finite(W), axis=1) & tf.math.is_finite(loss)
        inside = tf.reduce_max(tf.abs(W), axis=1) <= bound
        return finite & inside

    def runner(steps, start, bound, sigma, seed, etas, hypers, inits):
        W = tf.tile(start[None, :], [n, 1])
        slots = [tuple(tf.fill([2], v) for v in init) for init in inits]
        alive = tf.ones([n], tf.bool)
        diverged_at = tf.fill([n], tf.constant(-1, tf.int32))
        ta_W = tf.TensorArray(tf.float32, size=capacity, element_shape=[n, 2])
        ta_loss = tf.TensorArray(tf.float32, size=capacity, element_shape=[n])
        ta_gn = tf.TensorArray(tf.float32, size=capacity, element_shape=[n])
        for k in tf.range(steps):
            loss, g = loss_and_grad(W)
            ok = check(W, loss, bound)
            newly = alive & ~ok
            diverged_at = tf.where(newly, k, diverged_at)
            alive = alive & ok
            ta_W = ta_W.write(k, W)
            ta_loss = ta_loss.write(k, loss)
            ta_gn = ta_gn.write(k, tf.norm(g, axis=1))
            noise = sigma * tf.random.stateless_normal([n, 2], seed=tf.stack([seed, k]))
            g = tf.where(alive[:, None], g + noise, tf.zeros_like(g))
            t = tf.cast(k + 1, tf.float32)
            rows, new_slots = [], []
            for i, opt in enumerate(opts):
                eta = schedules[i](k) if schedules[i] is not None else etas[i]
                eta = tf.cast(eta, tf.float32)
                w_i, s_i = opt.rule(W[i], g[i], slots[i], t, eta, hypers[i])
                keep = alive[i]
                rows.append(tf.where(keep, w_i, W[i]))
                new_slots.append(tuple(tf.where(keep, a, b) for a, b in zip(s_i, slots[i])))
            W = tf.stack(rows)
            slots = new_slots
        loss, g = loss_and_grad(W)
        ok = check(W, loss, bound)
        diverged_at = tf.where(alive & ~ok, steps, diverged_at)
        ta_W = ta_W.write(steps, W)
        ta_loss = ta_loss.write(steps, loss)
        ta_gn = ta_gn.write(steps, tf.norm(g, axis=1))
        for k in tf.range(steps + 1, capacity):  # unused rows: zeros (sliced off later)
            ta_W = ta_W.write(k, tf.zeros([n, 2]))
            ta_loss = ta_loss.write(k, tf.zeros([n]))
            ta_gn = ta_gn.write(k, tf.zeros([n]))
        return ta_W.stack(), ta_loss.stack(), ta_gn.stack(), diverged_at

    return tf.function(runner, jit_compile=jit_compile)


def run(optimizers, surface, start=None, steps: int = 200, bound: float | None = None,
        noise: float | None = None, seed: int = 0, jit_compile: bool = True) -> pd.DataFrame:
    """Run optimisers from one start point on a surface; return every step as a DataFrame.

    Each optimiser follows its own rule ``w, slots = rule(w, g, slots, t, η_t, hyper)`` with
    ``g = ∇L(w) + σ·N(0, I)``; all of them advance together inside a single compiled
    TensorFlow loop. An optimiser *diverges* at the first step where its point or loss is NaN/inf
    or ``max(|x|, |y|) > bound``; it then stops (its later rows are dropped) and the others go on.
    For :class:`~tfdl.optimizers.Nesterov` the recorded point is the one its Keras form stores and
    differentiates at, the look-ahead point ``w − αh`` (it converges to the same minimum).

    Args:
        optimizers: a list of tfdl optimisers, a ``{label: optimiser}`` dict, or names
            (``"adam"``). Labels default to each optimiser's ``name``.
        surface: a :class:`tfdl.surfaces.Surface` or a surface name.
        start: ``(x, y)``; default ``surface.start``.
        steps: number of updates, 1 to 100000.
        bound: divergence radius; default ``surface.bound`` (10× the plotting box).
        noise: σ of Gaussian gradient noise; default ``surface.noise``.
        seed: seed of the gradient noise.
        jit_compile: compile the loop with XLA (falls back to a plain graph if XLA fails).

    Returns:
        A ``pandas.DataFrame`` with columns ``optimiser, step, x, y, loss, grad_norm, diverged``
        (``diverged`` is True on the step where it happened; later steps are absent).
        ``df.attrs`` holds ``surface``, ``bound`` and ``divergence`` (label → step, reason).

    Example:
        >>> from tfdl.optimizers import Momentum
        >>> run({"momentum": Momentum(0.01)}, "ravine", steps=10).columns.tolist()[:3]
        ['optimiser', 'step', 'x']

    Reference: Ruder (2016), "An overview of gradient descent optimization algorithms".
    """
    import tensorflow as tf

    from tfdl.surfaces import Surface, get_surface

    surface = surface if isinstance(surface, Surface) else get_surface(surface)
    labelled = _labelled(optimizers)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= _MAX_STEPS:
        raise TfdlValueError(
            "int_range",
            "`{name}` must be an integer in [{low}, {high}]. Received: {name}={value!r}",
            name="steps", low=1, high=_MAX_STEPS, value=steps,
        )
    steps = int(steps)
    start = surface.start if start is None else start
    try:
        start = np.asarray(start, dtype="float32").reshape(2)
        assert np.all(np.isfinite(start))
    except (ValueError, TypeError, AssertionError):
        raise TfdlValueError(
            "start_point",
            "`start` must be two finite numbers (x, y). Received: start={start!r}",
            start=start,
        ) from None
    bound = surface.bound if bound is None else bound
    if not (isinstance(bound, (int, float)) and bound > 0):
        raise TfdlValueError(
            "number_positive",
            "`{name}` must be a number > 0. Received: {name}={value!r}",
            name="bound", value=bound,
        )
    sigma = surface.noise if noise is None else noise
    if not (isinstance(sigma, (int, float)) and sigma >= 0 and math.isfinite(sigma)):
        raise TfdlValueError(
            "finite_min",
            "`{name}` must be a finite number >= {minimum}. Received: {name}={value!r}",
            name="noise", minimum=0, value=noise,
        )

    opts = [o for _, o in labelled]
    key = (tuple(o.structure() + (_schedule_key(_learning_rate(o)[0]),) for o in opts),
           surface.key, _capacity(steps), bool(jit_compile))
    etas = [tf.constant(_learning_rate(o)[1] or 0.0, tf.float32) for o in opts]
    hypers = [{k: tf.constant(v, tf.float32) for k, v in o.hyperparameters().items()} for o in opts]
    inits = [tuple(tf.constant(o.slot_initial_values()[s], tf.float32) for s in o.slot_names)
             for o in opts]
    args = (tf.constant(steps, tf.int32), tf.constant(start), tf.constant(float(bound), tf.float32),
            tf.constant(float(sigma), tf.float32), tf.constant(int(seed), tf.int32), etas, hypers, inits)
    runner = _RUNNERS.get(key)
    if runner is None:
        runner = _build_runner(opts, surface, key[2], jit_compile)
    try:
        W, loss, gn, diverged_at = runner(*args)
    except (tf.errors.InvalidArgumentError, tf.errors.UnimplementedError):
        if not jit_compile:
            raise
        key = key[:-1] + (False,)
        runner = _RUNNERS.get(key) or _build_runner(opts, surface, key[2], False)
        W, loss, gn, diverged_at = runner(*args)
    _RUNNERS.pop(key, None)
    _RUNNERS[key] = runner
    while len(_RUNNERS) > _MAX_RUNNERS:  # keep the most recent compiled loops only
        _RUNNERS.pop(next(iter(_RUNNERS)))
    rows = steps + 1
    W, loss, gn, diverged_at = W.numpy()[:rows], loss.numpy()[:rows], gn.numpy()[:rows], diverged_at.numpy()

    frames, divergence_info = [], {}
    for i, (label, _) in enumerate(labelled):
        last = steps if diverged_at[i] < 0 else int(diverged_at[i])
        k = np.arange(last + 1)
        flag = np.zeros(last + 1, dtype=bool)
        if diverged_at[i] >= 0:
            flag[-1] = True
            finite = np.all(np.isfinite(W[last, i])) and np.isfinite(loss[last, i])
            divergence_info[label] = {
                "step": last,
                "reason": f"left the region max(|x|, |y|) <= {bound:g}" if finite else "NaN or inf",
                "code": "left_region" if finite else "not_finite",
                "bound": float(bound),
            }
        frames.append(pd.DataFrame({
            "optimiser": label, "step": k, "x": W[k, i, 0], "y": W[k, i, 1],
            "loss": loss[k, i], "grad_norm": gn[k, i], "diverged": flag,
        }))
    df = pd.concat(frames, ignore_index=True)[COLUMNS]
    df.attrs.update({"surface": surface.name, "bound": float(bound), "divergence": divergence_info})
    return df


def divergence(df: pd.DataFrame) -> dict:
    """``{label: {"step": k, "reason": text, "code": c}}`` for each optimiser that diverged in a :func:`run` frame.

    ``code`` is ``"left_region"`` (the path left ``max(|x|, |y|) <= bound``; ``bound`` is given when
    known) or ``"not_finite"`` (NaN or inf): a stable key for an application's own wording.

    Args:
        df: a DataFrame returned by :func:`run` (works without ``df.attrs`` too).

    Returns:
        A dict, empty when nothing diverged.

    Example:
        >>> divergence(run(["sgd"], "bowl", steps=5))
        {}
    """
    info = dict(df.attrs.get("divergence", {}))
    for label, rows in df[df["diverged"]].groupby("optimiser", sort=False):
        if label not in info:
            r = rows.iloc[0]
            finite = np.isfinite([r.x, r.y, r.loss]).all()
            info[label] = {"step": int(r.step), "reason": "left the region" if finite else "NaN or inf",
                           "code": "left_region" if finite else "not_finite"}
    return info


def summarize(df: pd.DataFrame, target: float | None = None, surface=None, tol: float = 1e-3) -> pd.DataFrame:
    """One row per optimiser: final point and loss, best loss, steps to reach ``target``, divergence.

    Args:
        df: a DataFrame returned by :func:`run`.
        target: loss counted as "arrived"; default ``surface.target(tol)`` (min + tol, or −1 for
            the saddle), else ``tol``.
        surface: the surface (or its name) the run used, to derive ``target``.
        tol: tolerance above the minimum.

    Returns:
        A DataFrame indexed by optimiser with columns ``final_loss, best_loss, x, y,
        steps_to_target`` (NaN if never), ``diverged_at`` (NaN if not) and ``reason``.

    Example:
        >>> summarize(run(["adam"], "bowl", steps=5), tol=1e-3).columns.tolist()[:2]
        ['final_loss', 'best_loss']
    """
    if target is None:
        if surface is not None:
            from tfdl.surfaces import Surface, get_surface

            surface = surface if isinstance(surface, Surface) else get_surface(surface)
            target = surface.target(tol)
        else:
            target = float(tol)
    div = divergence(df)
    rows = []
    for label, g in df.groupby("optimiser", sort=False):
        reached = g.loc[g["loss"] <= target, "step"]
        last = g.iloc[-1]
        rows.append({
            "optimiser": label,
            "final_loss": float(last.loss),
            "best_loss": float(np.nanmin(g["loss"].to_numpy())) if np.isfinite(g["loss"]).any() else np.nan,
            "x": float(last.x), "y": float(last.y),
            "steps_to_target": float(reached.iloc[0]) if len(reached) else np.nan,
            "diverged_at": float(div[label]["step"]) if label in div else np.nan,
            "reason": div[label]["reason"] if label in div else "",
        })
    return pd.DataFrame(rows).set_index("optimiser")
