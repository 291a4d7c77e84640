"""Stochastic gradient descent from the course formula: ``w_{t+1} = w_t − η_t ∇L(w_t)``."""

from __future__ import annotations

import keras

from tfdl.optimizers.base import FormulaOptimizer

__all__ = ["SGD"]


@keras.saving.register_keras_serializable(package="tfdl")
class SGD(FormulaOptimizer):
    """Plain (stochastic) gradient descent.

    Rule::

        w ← w − η_t · g,     g = ∇L(w)

    A decaying step η_t (which SGD needs to converge) is a schedule passed as ``learning_rate``:
    see :class:`tfdl.optimizers.InverseTimeDecay` (η/(1+kt)), :class:`InverseSqrtDecay` (η/√t)
    and :class:`StepDecay`.

    Args:
        learning_rate: η: a float > 0 or a ``LearningRateSchedule``. Default 0.01.
        **kwargs: Keras optimizer arguments (``name``, ``clipnorm``, ``weight_decay``...).

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import keras, tfdl
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> model.compile(tfdl.optimizers.SGD(0.1), "mse")
        >>> model.optimizer.get_config()["learning_rate"]
        0.1...

    Reference: Robbins & Monro (1951), "A stochastic approximation method".
    """

    def __init__(self, learning_rate=0.01, name="SGD", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)

    def rule(self, w, g, slots, t, eta, hyper):
        """``w − η g`` (no slots)."""
        return w - eta * g, ()
