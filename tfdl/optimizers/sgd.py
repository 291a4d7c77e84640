"""Stochastic gradient descent from the course formula: ``w_{t+1} = w_t − η_t ∇L(w_t)``."""

from __future__ import annotations

import keras

from tfdl.optimizers.base import (
    FormulaOptimizer,
    _check_bool,
    _check_closed_unit_interval,
)
from tfdl.optimizers.momentum import _heavy_ball, _nesterov_lookahead

__all__ = ["SGD"]


@keras.saving.register_keras_serializable(package="tfdl")
class SGD(FormulaOptimizer):
    """Plain (stochastic) gradient descent; with ``momentum`` it is Keras' ``SGD`` as well.

    Rule::

        w ← w − η_t · g,     g = ∇L(w)

    In LaTeX (``SGD.formula``, what the playground shows)::

        {formula}

    A decaying step η_t (which SGD needs to converge) is a schedule passed as ``learning_rate``:
    see :class:`tfdl.optimizers.InverseTimeDecay` (η/(1+kt)), :class:`InverseSqrtDecay` (η/√t)
    and :class:`StepDecay`.

    ``momentum`` and ``nesterov`` are Keras' ``SGD`` arguments, so that code written for Keras runs
    unchanged. ``momentum=α > 0`` is the heavy ball of :class:`Momentum`, classic form
    (``h ← αh + ηg;  w ← w − h``), and ``nesterov=True`` adds the look-ahead of
    :class:`Nesterov` (the same code runs both): the course names them, and those classes also
    have the EMA form. ``nesterov`` without momentum changes nothing, as in Keras.

    Args:
        learning_rate: η: a float > 0 or a ``LearningRateSchedule``. Default 0.01.
        momentum: α, a float in [0, 1]. Default 0 (plain SGD, no slot).
        nesterov: take the gradient at the look-ahead point (with ``momentum`` > 0). Default False.
        **kwargs: Keras optimizer arguments (``name``, ``clipnorm``, ``weight_decay``...).

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import keras, tfdl
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> model.compile(tfdl.optimizers.SGD(0.1), "mse")
        >>> model.optimizer.get_config()["learning_rate"]
        0.1...

    Reference: Robbins & Monro (1951), "A stochastic approximation method"; with momentum,
    Polyak (1964) and Sutskever, Martens, Dahl & Hinton (2013).
    """

    hyper_names = ("momentum",)
    formula = r"w \leftarrow w - \eta_t \nabla L(w)"
    symbols = {"learning_rate": r"\eta"}

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        _check_closed_unit_interval("momentum", momentum)
        _check_bool("nesterov", nesterov)
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.momentum = float(momentum)
        self.nesterov = nesterov
        self.slot_names = ("h",) if self.momentum != 0 else ()

    def structure(self):
        return (type(self).__name__, self.momentum != 0, self.nesterov)

    def rule(self, w, g, slots, t, eta, hyper):
        """``w − η g``; with momentum, one step of :class:`Momentum` or :class:`Nesterov`."""
        if self.momentum == 0:
            return w - eta * g, ()
        step = _nesterov_lookahead if self.nesterov else _heavy_ball
        (h,) = slots
        w, h = step(w, g, h, eta, hyper["momentum"])
        return w, (h,)

    def get_config(self):
        config = super().get_config()
        config["nesterov"] = self.nesterov
        return config
