"""Adaptive step sizes per weight: Adagrad, RMSProp and Adam, from the course formulas."""

from __future__ import annotations

import keras
from keras import ops

from tfdl.optimizers.base import (
    FormulaOptimizer,
    _check_bool,
    _check_closed_unit_interval,
    _check_positive,
    _check_unit_interval,
)
from tfdl.validation import min_error

__all__ = ["Adagrad", "Adam", "RMSProp"]


@keras.saving.register_keras_serializable(package="tfdl")
class Adagrad(FormulaOptimizer):
    """Adagrad: each weight's step shrinks with the sum of its squared gradients.

    Rule (notes 002; ``G`` starts at ``initial_accumulator_value``, 0 in the course)::

        G ← G + g²
        w ← w − η g / √(G + ε)

    In LaTeX (``Adagrad.formula``, what the playground shows)::

        {formula}

    ``G`` only grows, so the step dies out over time, the problem RMSProp fixes.

    Defaults differ from Keras' ``Adagrad`` (``learning_rate=0.001``,
    ``initial_accumulator_value=0.1``; ε is in the same place): tfdl keeps the paper's and the
    course's ``G₀ = 0``, so the first step is η·g/|g| ≈ η per weight whatever the gradient's
    scale (with G₀ = 0.1 a small gradient moves its weight much less than η), and η = 0.01, the
    usual step for that start (PyTorch's ``Adagrad`` uses the same two defaults). Pass
    ``learning_rate=0.001, initial_accumulator_value=0.1`` to get Keras' numbers.

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.01 (Keras: 0.001).
        epsilon: ε > 0, keeps the division finite. Default 1e-7.
        initial_accumulator_value: starting value of ``G`` (>= 0). Default 0 (Keras: 0.1).
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
    formula = (r"\begin{aligned} G &\leftarrow G + g^2 \\ w &\leftarrow w - \frac{\eta}{\sqrt{G + \varepsilon}}\, g"
               r"\end{aligned}")
    symbols = {"learning_rate": r"\eta", "epsilon": r"\varepsilon", "G": "G"}

    def __init__(self, learning_rate=0.01, epsilon=1e-7, initial_accumulator_value=0.0,
                 name="Adagrad", **kwargs):
        _check_positive("epsilon", epsilon)
        if not float(initial_accumulator_value) >= 0:
            raise min_error("initial_accumulator_value", initial_accumulator_value, 0)
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.epsilon = float(epsilon)
        self.initial_accumulator_value = float(initial_accumulator_value)

    def slot_initial_values(self):
        return {"G": self.initial_accumulator_value}

    def rule(self, w, g, slots, t, eta, hyper, g2=None):
        """One Adagrad step; the slot is ``G``, the running sum of g²."""
        (G,) = slots
        epsilon = hyper["epsilon"]
        g2 = ops.square(g) if g2 is None else g2
        G = G + g2
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

    In LaTeX (``RMSProp.formula``, what the playground shows)::

        {formula}

    Keras' two options, off by default (then the rule above is Keras' ``RMSprop``)::

        centered=True: subtract the mean gradient squared (G − ḡ² is the variance of g)
            ḡ ← ρ ḡ + (1 − ρ) g
            Δ = η g / √(G − ḡ² + ε)          (otherwise Δ = η g / √(G + ε))
        momentum=μ > 0: the heavy ball on the step Δ
            h ← μ h + Δ
            w ← w − h                        (otherwise w ← w − Δ)

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.001.
        rho: ρ in [0, 1), the decay of the average. Default 0.9.
        momentum: μ, a float in [0, 1]. Default 0 (no momentum slot).
        epsilon: ε > 0. Default 1e-7.
        centered: divide by the moving variance ``G − ḡ²`` instead of ``G``. Default False.
        **kwargs: Keras optimizer arguments.

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import tfdl
        >>> tfdl.optimizers.RMSProp(momentum=0.5, centered=True).slot_names
        ('G', 'h', 'g_bar')

    Reference: T. Tieleman & G. Hinton (2012), Lecture 6.5 "rmsprop", COURSERA: Neural Networks
    for Machine Learning; A. Graves (2013), "Generating sequences with recurrent neural
    networks" (the centered form).
    """

    slot_names = ("G",)
    hyper_names = ("rho", "momentum", "epsilon")
    formula = (r"\begin{aligned} G &\leftarrow \rho G + (1-\rho) g^2 \\"
               r"w &\leftarrow w - \frac{\eta}{\sqrt{G + \varepsilon}}\, g \end{aligned}")
    symbols = {"learning_rate": r"\eta", "rho": r"\rho", "epsilon": r"\varepsilon", "G": "G"}

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 name="RMSProp", **kwargs):
        _check_unit_interval("rho", rho)
        _check_closed_unit_interval("momentum", momentum)
        _check_positive("epsilon", epsilon)
        _check_bool("centered", centered)
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = float(rho)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.centered = centered
        self.slot_names = ("G",) + (("h",) if self.momentum > 0 else ()) + (
            ("g_bar",) if centered else ())

    def structure(self):
        return (type(self).__name__, self.momentum > 0, self.centered)

    def rule(self, w, g, slots, t, eta, hyper, g2=None):
        """One RMSProp step; the slots are ``G`` (moving average of g²), then ``h`` (with
        momentum) and ``ḡ`` (centered)."""
        slots = dict(zip(self.slot_names, slots))
        rho, mu, epsilon = hyper["rho"], hyper["momentum"], hyper["epsilon"]
        g2 = ops.square(g) if g2 is None else g2
        G = rho * slots["G"] + (1.0 - rho) * g2
        new = {"G": G}
        if self.centered:
            g_bar = rho * slots["g_bar"] + (1.0 - rho) * g
            new["g_bar"] = g_bar
            delta = eta * g / ops.sqrt(G - ops.square(g_bar) + epsilon)
        else:
            delta = eta * g / ops.sqrt(G + epsilon)
        if self.momentum > 0:
            h = mu * slots["h"] + delta
            new["h"] = h
            w = w - h
        else:
            w = w - delta
        return w, tuple(new[name] for name in self.slot_names)

    def get_config(self):
        config = super().get_config()
        config["centered"] = self.centered
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class Adam(FormulaOptimizer):
    """Adam: momentum (first moment) and RMSProp (second moment), with bias correction.

    Rule (``t`` counts updates from 1)::

        m ← β₁ m + (1 − β₁) g
        v ← β₂ v + (1 − β₂) g²
        m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
        w ← w − η m̂ / (√v̂ + ε)

    In LaTeX (``Adam.formula``, what the playground shows)::

        {formula}

    ``amsgrad=True`` (Reddi et al.) divides by the largest second moment seen so far, so a
    weight's step can never grow back: ``v_max ← max(v_max, v)`` and ``v̂_max = v_max / (1 − β₂ᵗ)``
    replaces ``v̂`` in the last line (as in Keras and PyTorch, the maximum is taken before the
    bias correction).

    This is the paper's Algorithm 1. Keras' ``Adam`` folds the corrections into the step and
    so adds ε to √v rather than √v̂; the two agree when ε is small next to √v̂.

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.001.
        beta_1: β₁ in [0, 1). Default 0.9.
        beta_2: β₂ in [0, 1). Default 0.999.
        epsilon: ε > 0. Default 1e-7.
        amsgrad: keep ``v_max`` and divide by ``√v̂_max``. Default False.
        **kwargs: Keras optimizer arguments.

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import tfdl
        >>> tfdl.optimizers.Adam(amsgrad=True).slot_names
        ('m', 'v', 'v_max')

    Reference: D. P. Kingma & J. Ba (2015), "Adam: A method for stochastic optimization";
    S. J. Reddi, S. Kale & S. Kumar (2018), "On the convergence of Adam and beyond" (AMSGrad).
    """

    slot_names = ("m", "v")
    hyper_names = ("beta_1", "beta_2", "epsilon")
    formula = (r"\begin{aligned} m &\leftarrow \beta_1 m + (1-\beta_1) g \\"
               r"v &\leftarrow \beta_2 v + (1-\beta_2) g^2 \\"
               r"w &\leftarrow w - \eta \frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)} + \varepsilon} \end{aligned}")
    symbols = {"learning_rate": r"\eta", "beta_1": r"\beta_1", "beta_2": r"\beta_2", "epsilon": r"\varepsilon",
               "m": "m", "v": "v"}

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="Adam", **kwargs):
        _check_unit_interval("beta_1", beta_1)
        _check_unit_interval("beta_2", beta_2)
        _check_positive("epsilon", epsilon)
        _check_bool("amsgrad", amsgrad)
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = float(epsilon)
        self.amsgrad = amsgrad
        self.slot_names = ("m", "v", "v_max") if amsgrad else ("m", "v")

    def structure(self):
        return (type(self).__name__, self.amsgrad)

    def rule(self, w, g, slots, t, eta, hyper, g2=None):
        """One Adam step; the slots are the moments ``m`` and ``v`` (and ``v_max``)."""
        m, v = slots[:2]
        beta_1, beta_2, epsilon = hyper["beta_1"], hyper["beta_2"], hyper["epsilon"]
        g2 = ops.square(g) if g2 is None else g2
        m = beta_1 * m + (1.0 - beta_1) * g
        v = beta_2 * v + (1.0 - beta_2) * g2
        # `β ** t` keeps β in the weights' precision (ops.power would round a float to float32)
        m_hat = m / (1.0 - beta_1 ** t)
        if self.amsgrad:
            v_max = ops.maximum(slots[2], v)
            v_hat_max = v_max / (1.0 - beta_2 ** t)
            return w - eta * m_hat / (ops.sqrt(v_hat_max) + epsilon), (m, v, v_max)
        v_hat = v / (1.0 - beta_2 ** t)
        return w - eta * m_hat / (ops.sqrt(v_hat) + epsilon), (m, v)

    def get_config(self):
        config = super().get_config()
        config["amsgrad"] = self.amsgrad
        return config
