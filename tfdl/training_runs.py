"""Runs that stop, resume and compare: continue a stopped :func:`tfdl.training.fit` where it
ended, label a run by its settings, and sweep one setting.

* :func:`resume` — train a model that already ran ``k`` epochs for the remaining ``n − k``, with its
  weights and optimiser state as they are; the history goes on numbering from ``k + 1``.
* :func:`run_label` — a short text naming the settings of a run (a legend entry).
* :func:`sweep` — one training per value of a setting, the final losses in the values' order.

Example:
    >>> run_label({"lr": 0.03, "hidden": "4, 2"})
    'lr=0.03, hidden=4, 2'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["resume", "run_label", "SweepResult", "sweep"]


def resume(model, history, x, y=None, *, epochs: int, **fit_kwargs):
    """Continue a run that stopped after ``k = len(history)`` epochs up to ``epochs`` in all.

    The model keeps its weights and its compiled optimiser (Adam's moments, SGD's momentum and the
    step count go on from where they were); nothing is re-seeded or re-drawn
    (``seed=None, reinitialize=False``), and Keras is told the run starts at epoch ``k``
    (``initial_epoch``), so a sink sees epochs ``k, k+1, …`` and the history goes on from ``k + 1``.

    **What is exact.** With a fixed batch order (``shuffle=False``) and no randomness in the model
    (no dropout), ``k`` epochs of :func:`~tfdl.training.fit` then ``resume`` to ``n`` give the same
    weights and losses as ``n`` epochs straight through (the same updates in the same order). With
    ``shuffle=True`` the resumed epochs draw new batch orders from the random state as it is, so the
    curve continues from the same model and optimiser but is not bit-for-bit the straight run.

    Args:
        model: a compiled ``keras.Model`` that has trained ``k`` epochs.
        history: the run's history so far (a DataFrame from :func:`~tfdl.training.fit`, one row per
            finished epoch), or its number of rows.
        x, y: the training data of the first part.
        epochs: the total number of epochs of the run (``> k``).
        **fit_kwargs: more arguments of :func:`~tfdl.training.fit` (``batch_size``, ``sink``,
            ``validation_data``, ``shuffle``...).

    Returns:
        :class:`~tfdl.training.FitResult` whose ``history`` is the old one followed by the new epochs
        (``epoch`` ``1..n``), ``stopped`` when stopped again before ``epochs``.

    Raises:
        TfdlValueError: the model is not compiled, or ``epochs`` is not above ``k``.

    Example:
        >>> first = fit(model, x, y, epochs=3)  # doctest: +SKIP
        >>> resume(first.model, first.history, x, y, epochs=5).history["epoch"].tolist()  # doctest: +SKIP
        [1, 2, 3, 4, 5]
    """
    import pandas as pd

    from tfdl.training import fit

    done = int(history) if isinstance(history, (int, np.integer)) else int(len(history))
    if not getattr(model, "compiled", False):
        raise TfdlValueError(
            "resume_uncompiled",
            "`model` must be a compiled model that has trained (fit) before it can resume. Received: {model!r}",
            model=model,
        )
    if not isinstance(epochs, (int, np.integer)) or epochs <= done:
        raise TfdlValueError(
            "resume_epochs",
            "`epochs` must be an integer above the {done} epochs already done. Received: epochs={epochs!r}",
            done=done,
            epochs=epochs,
        )
    for key in ("seed", "reinitialize", "initial_epoch"):
        if key in fit_kwargs:
            raise TfdlValueError("resume_argument", "`resume` sets `{key}` itself; leave it out.", key=key)
    result = fit(model, x, y, epochs=int(epochs), initial_epoch=done, seed=None, reinitialize=False, **fit_kwargs)
    new = result.history.copy()
    new["epoch"] = np.arange(done + 1, done + len(new) + 1)
    if isinstance(history, pd.DataFrame) and len(history):
        new = pd.concat([history, new], ignore_index=True)
    result.history = new
    result.stopped = bool(len(new) < epochs and not result.diverged)
    return result


def run_label(settings: Mapping[str, Any], names: Mapping[str, str] | None = None, digits: int = 3) -> str:
    """A short text naming a run by its settings: ``"name=value, …"`` in the mapping's order.

    Numbers are written with ``digits`` significant digits (``0.030000001`` → ``0.03``), booleans
    as ``on``/``off``; ``names`` renames the keys (translated, shorter) and a key it maps to ``""``
    is left out.

    Args:
        settings: ``{setting: value}``.
        names: ``{setting: shown name}`` (default: the keys themselves).
        digits: significant digits of numbers.

    Returns:
        The label.

    Example:
        >>> run_label({"train_lr": 0.0300001, "train_opt": "adam", "train_seed": 0}, {"train_lr": "lr",
        ...           "train_opt": "", "train_seed": "seed"})
        'lr=0.03, seed=0'
    """
    names = names or {}
    parts = []
    for key, value in settings.items():
        name = names.get(key, key)
        if name == "":
            continue
        if isinstance(value, bool):
            text = "on" if value else "off"
        elif isinstance(value, (int, np.integer)):
            text = str(int(value))
        elif isinstance(value, (float, np.floating)):
            text = f"{float(value):.{digits}g}"
        else:
            text = str(value)
        parts.append(f"{name}={text}")
    return ", ".join(parts)


@dataclasses.dataclass
class SweepResult:
    """What :func:`sweep` returns: ``values`` in the order given, each run's ``final_loss`` (the last
    epoch's training loss; NaN for a run that diverged or stopped with no epoch) and ``histories``."""

    values: list
    final_losses: list
    histories: list


def sweep(train: Callable[[Any], Any], values: Iterable) -> SweepResult:
    """Train once per value of one setting and collect the final losses, in the values' order.

    Args:
        train: ``value → FitResult`` (or anything with a ``history`` DataFrame having a ``loss``
            column), e.g. ``lambda lr: fit(build(), x, y, learning_rate=lr, epochs=20)``.
        values: 1 to 8 values of the setting.

    Returns:
        :class:`SweepResult`.

    Example:
        >>> r = sweep(lambda v: type("R", (), {"history": {"loss": [1.0, v]}})(), [0.5, 0.1])
        >>> r.values, r.final_losses
        ([0.5, 0.1], [0.5, 0.1])
    """
    values = list(values)
    if not 1 <= len(values) <= 8:
        raise TfdlValueError(
            "sweep_values", "`values` must hold 1 to 8 values. Received: {count} values", count=len(values)
        )
    finals, histories = [], []
    for value in values:
        history = train(value).history
        losses = [float(v) for v in list(history["loss"])]
        final = losses[-1] if losses and math.isfinite(losses[-1]) else float("nan")
        finals.append(final)
        histories.append(history)
    return SweepResult(values, finals, histories)
