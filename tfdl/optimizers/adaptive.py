"""Adaptive step sizes per weight: Adagrad, RMSProp and Adam, from the course formulas."""

from __future__ import annotations

import keras
from keras import ops

from tfdl.optimizers.base import FormulaOptimizer, _check_positive, _check_unit_interval

__all__ = ["Adagrad", "RMSProp", "Adam"]


@keras.saving.register_keras_serializable(package="tfdl")
class Adagrad(FormulaOptimizer):
    """Adagrad: each weight's step shrinks with the sum of its squared gradients.

    Rule (notes 002; ``G`` starts at ``initial_accumulator_value``, 0 in the course)::

        G ← G + g²
        w ← w − η g / √(G + ε)

    ``G`` only grows, so the step dies out over time, the problem RMSProp fixes.
    (Keras' ``Adagrad`` puts ε in the same place but starts ``G`` at 0.1.)

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.01.
        epsilon: ε > 0, keeps the division finite. Default 1e-7.
        initial_accumulator_value: starting value of ``G`` (>= 0). Default 0.
        **kwargs: Keras optimizer arguments.

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import tfdl
        >>> tfdl.optimizers.Adagrad(0.1).slot_names
        ('G',)

    Reference: Duchi, Hazan & Singer (2011), "Adaptive subgradient methods for online learning
    and stochastic optimization".
    """

    slot_names = ("G",)
    hyper_names = ("epsilon",)

    def __init__(self, learning_rate=0.01, epsilon=1e-7, initial_accumulator_value=0.0,
                 name="Adagrad", **kwargs):
        _check_positive("epsilon", epsilon)
        if not float(initial_accumulator_value) >= 0:
            raise ValueError("`initial_accumulator_value` must be >= 0. "
                             f"Received: initial_accumulator_value={initial_accumulator_value!r}")
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.epsilon = float(epsilon)
        self.initial_accumulator_value = float(initial_accumulator_value)

    def slot_initial_values(self):
        return {"G": self.initial_accumulator_value}

    def rule(self, w, g, slots, t, eta, hyper):
        """One Adagrad step; the slot is ``G``, the running sum of g²."""
        (G,) = slots
        epsilon = hyper["epsilon"]
        G = G + ops.square(g)
        return w - eta * g / ops.sqrt(G + epsilon), (G,)

    def get_config(self):
        config = super().get_config()
        config["initial_accumulator_value"] = self.initial_accumulator_value
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class RMSProp(FormulaOptimizer):
    """RMSProp: Adagrad with a moving average of g² instead of a sum, so the step stays alive.

    Rule (notes 002 write ρ as α)::

        G ← ρ G + (1 − ρ) g²
        w ← w − η g / √(G + ε)

    (Keras' ``RMSprop`` with ``momentum=0, centered=False`` is the same rule.)

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.001.
        rho: ρ in [0, 1), the decay of the average. Default 0.9.
        epsilon: ε > 0. Default 1e-7.
        **kwargs: Keras optimizer arguments.

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import tfdl
        >>> tfdl.optimizers.RMSProp(rho=0.9).get_config()["rho"]
        0.9

    Reference: T. Tieleman & G. Hinton (2012), Lecture 6.5 "rmsprop", COURSERA: Neural Networks
    for Machine Learning.
    """

    slot_names = ("G",)
    hyper_names = ("rho", "epsilon")

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7, name="RMSProp", **kwargs):
        _check_unit_interval("rho", rho)
        _check_positive("epsilon", epsilon)
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = float(rho)
        self.epsilon = float(epsilon)

    def rule(self, w, g, slots, t, eta, hyper):
        """One RMSProp step; the slot is ``G``, the moving average of g²."""
        (G,) = slots
        rho, epsilon = hyper["rho"], hyper["epsilon"]
        G = rho * G + (1.0 - rho) * ops.square(g)
        return w - eta * g / ops.sqrt(G + epsilon), (G,)


@keras.saving.register_keras_serializable(package="tfdl")
class Adam(FormulaOptimizer):
    """Adam: momentum (first moment) and RMSProp (second moment), with bias correction.

    Rule (``t`` counts updates from 1)::

        m ← β₁ m + (1 − β₁) g
        v ← β₂ v + (1 − β₂) g²
        m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
        w ← w − η m̂ / (√v̂ + ε)

    This is the paper's Algorithm 1. Keras' ``Adam`` folds the corrections into the step and
    so adds ε to √v rather than √v̂; the two agree when ε is small next to √v̂.

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.001.
        beta_1: β₁ in [0, 1). Default 0.9.
        beta_2: β₂ in [0, 1). Default 0.999.
        epsilon: ε > 0. Default 1e-7.
        **kwargs: Keras optimizer arguments.

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import tfdl
        >>> tfdl.optimizers.Adam().slot_names
        ('m', 'v')

    Reference: D. P. Kingma & J. Ba (2015), "Adam: A method for stochastic optimization".
    """

    slot_names = ("m", "v")
    hyper_names = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name="Adam",
                 **kwargs):
        _check_unit_interval("beta_1", beta_1)
        _check_unit_interval("beta_2", beta_2)
        _check_positive("epsilon", epsilon)
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = float(epsilon)

    def rule(self, w, g, slots, t, eta, hyper):
        """One Adam step; the slots are the moments ``m`` and ``v``."""
        m, v = slots
        beta_1, beta_2, epsilon = hyper["beta_1"], hyper["beta_2"], hyper["epsilon"]
        m = beta_1 * m + (1.0 - beta_1) * g
        v = beta_2 * v + (1.0 - beta_2) * ops.square(g)
        # `β ** t` keeps β in the weights' precision (ops.power would round a float to float32)
        m_hat = m / (1.0 - beta_1 ** t)
        v_hat = v / (1.0 - beta_2 ** t)
        return w - eta * m_hat / (ops.sqrt(v_hat) + epsilon), (m, v)
