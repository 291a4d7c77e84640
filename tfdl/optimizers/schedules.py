"""Step-size decay for SGD: η/(1+kt), η/√(t+1) and step decay, as Keras learning-rate schedules.

The course (002) asks that the SGD step η_t decreases towards 0. Each schedule here is a
``keras.optimizers.schedules.LearningRateSchedule``, so it plugs into any Keras optimiser
(``tfdl.optimizers.SGD(InverseTimeDecay(0.1, 0.01))`` or ``keras.optimizers.Adam(...)``) and is
saved with the model. ``t`` is the number of updates already made (0 for the first update), the
value Keras passes as ``step``.
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl.errors import TfdlValueError
from tfdl.validation import int_min_error, interval_error, min_error

__all__ = ["DECAYS", "InverseSqrtDecay", "InverseTimeDecay", "StepDecay", "decay_schedule"]

#: the names :func:`decay_schedule` understands, in the order an interface lists them
DECAYS = ("none", "inverse_time", "inverse_sqrt", "step")


def _positive(name, value):
    try:
        ok = float(value) > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise TfdlValueError(
            "number_positive",
            "`{name}` must be a number > 0. Received: {name}={value!r}",
            name=name, value=value,
        )


@keras.saving.register_keras_serializable(package="tfdl")
class InverseTimeDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Inverse-time decay of the step size: ``η_t = η / (1 + k·t)``.

    Args:
        initial_learning_rate: η, the step size of the first update (> 0).
        decay_rate: k (>= 0); after 1/k updates the step has halved.

    Returns:
        A schedule; ``schedule(t)`` is the step size used by update number ``t`` (0-based).

    Example:
        >>> s = InverseTimeDecay(0.1, decay_rate=1.0)
        >>> round(float(s(1)), 6)  # 0.1 / (1 + 1)
        0.05

    Reference: Robbins & Monro (1951), "A stochastic approximation method" (Σηt = ∞, Σηt² < ∞).
    """

    def __init__(self, initial_learning_rate, decay_rate):
        _positive("initial_learning_rate", initial_learning_rate)
        if not float(decay_rate) >= 0:
            raise min_error("decay_rate", decay_rate, 0)
        self.initial_learning_rate = float(initial_learning_rate)
        self.decay_rate = float(decay_rate)

    def __call__(self, step):
        eta = self.initial_learning_rate
        k = self.decay_rate
        t = ops.cast(step, "float32")
        return eta / (1.0 + k * t)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_rate": self.decay_rate}


@keras.saving.register_keras_serializable(package="tfdl")
class InverseSqrtDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Inverse-square-root decay: ``η_t = η / √(t + 1)`` (the classic η/√t, counting t from 1).

    Args:
        initial_learning_rate: η, the step size of the first update (> 0).

    Returns:
        A schedule; ``schedule(t)`` is the step size used by update number ``t`` (0-based).

    Example:
        >>> s = InverseSqrtDecay(0.1)
        >>> round(float(s(3)), 6)  # 0.1 / √4
        0.05

    Reference: Zinkevich (2003), "Online convex programming and generalized infinitesimal
    gradient ascent".
    """

    def __init__(self, initial_learning_rate):
        _positive("initial_learning_rate", initial_learning_rate)
        self.initial_learning_rate = float(initial_learning_rate)

    def __call__(self, step):
        eta = self.initial_learning_rate
        t = ops.cast(step, "float32")
        return eta / ops.sqrt(t + 1.0)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate}


@keras.saving.register_keras_serializable(package="tfdl")
class StepDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Step decay: ``η_t = η · γ^⌊t / T⌋``, e.g. AlexNet's "divide by 10" (γ = 0.1).

    Args:
        initial_learning_rate: η (> 0).
        drop: γ in (0, 1], the factor applied every ``step_size`` updates.
        step_size: T (>= 1), the number of updates between drops.

    Returns:
        A schedule; ``schedule(t)`` is the step size used by update number ``t`` (0-based).

    Example:
        >>> s = StepDecay(0.1, drop=0.5, step_size=10)
        >>> round(float(s(25)), 6)  # 0.1 · 0.5²
        0.025

    Reference: Krizhevsky, Sutskever & Hinton (2012), "ImageNet classification with deep CNNs".
    """

    def __init__(self, initial_learning_rate, drop=0.1, step_size=1000):
        _positive("initial_learning_rate", initial_learning_rate)
        if not 0.0 < float(drop) <= 1.0:
            raise interval_error("drop", drop, "(0, 1]")
        if int(step_size) != step_size or int(step_size) < 1:
            raise int_min_error("step_size", step_size, 1)
        self.initial_learning_rate = float(initial_learning_rate)
        self.drop = float(drop)
        self.step_size = int(step_size)

    def __call__(self, step):
        eta = self.initial_learning_rate
        gamma = self.drop
        t = ops.cast(step, "float32")
        return eta * ops.power(gamma, ops.floor(t / float(self.step_size)))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "drop": self.drop,
            "step_size": self.step_size,
        }


def decay_schedule(decay: str, learning_rate: float, decay_rate: float = 0.01, drop: float = 0.5,
                   step_size: int = 100):
    """The step size ``η_t`` for a decay named ``decay``: a float (constant) or a schedule.

    ``"none"``: η; ``"inverse_time"``: η / (1 + k·t); ``"inverse_sqrt"``: η / √(t + 1);
    ``"step"``: η · γ^⌊t / T⌋ (k = ``decay_rate``, γ = ``drop``, T = ``step_size``).
    The arguments a decay does not use are ignored.

    Args:
        decay: one of :data:`DECAYS`.
        learning_rate: η (> 0), the step size of the first update.
        decay_rate: k (>= 0) of ``"inverse_time"``.
        drop: γ in (0, 1] of ``"step"``.
        step_size: T (an integer >= 1) of ``"step"``.

    Returns:
        ``learning_rate`` as a float for ``"none"``, else an :class:`InverseTimeDecay`,
        :class:`InverseSqrtDecay` or :class:`StepDecay`; pass it as ``learning_rate``.

    Example:
        >>> s = decay_schedule("step", 0.1, drop=0.5, step_size=10)
        >>> round(float(s(25)), 6)
        0.025
        >>> decay_schedule("none", 0.1)
        0.1
    """
    if decay not in DECAYS:
        raise TfdlValueError("decay_unknown", "`decay` must be one of {options}. Received: decay={value!r}",
                             options=list(DECAYS), value=decay)
    if decay == "none":
        _positive("learning_rate", learning_rate)
        return float(learning_rate)
    if decay == "inverse_time":
        return InverseTimeDecay(learning_rate, decay_rate)
    if decay == "inverse_sqrt":
        return InverseSqrtDecay(learning_rate)
    return StepDecay(learning_rate, drop=drop, step_size=step_size)
