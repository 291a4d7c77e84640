"""Momentum (Polyak, 1964) in both of the course's forms, and Nesterov's look-ahead correction."""

from __future__ import annotations

import keras

from tfdl.optimizers.base import FormulaOptimizer, _check_closed_unit_interval
from tfdl.validation import one_of_error

__all__ = ["Momentum", "Nesterov"]

_FORMS = ("classic", "ema")


def _check_form(form):
    if form not in _FORMS:
        raise one_of_error("form", form, _FORMS)


def _heavy_ball(w, g, h, eta, alpha):
    """Classic momentum (notes 002): ``h ← αh + ηg;  w ← w − h``."""
    h = alpha * h + eta * g
    return w - h, h


def _nesterov_lookahead(w, g, h, eta, alpha):
    """Nesterov's classic form on the look-ahead weights ŵ: ``h ← αh + ηg;  ŵ ← ŵ − αh − ηg``."""
    h = alpha * h + eta * g
    return w - alpha * h - eta * g, h


@keras.saving.register_keras_serializable(package="tfdl")
class Momentum(FormulaOptimizer):
    """Gradient descent with momentum (the heavy ball), in the course's two forms.

    ``form="classic"`` (notes 002; Keras ``SGD(momentum=α)`` is the same rule)::

        h ← α h + η ∇Q(w)
        w ← w − h

    ``form="ema"`` (notes 001: an exponential moving average over ~1/(1−γ) gradients)::

        ν ← γ ν + (1 − γ) ∇L(w)
        w ← w − η ν

    In LaTeX (``Momentum.formula``, what the playground shows)::

        {formula}

    The two are the same method with ``h = ην`` and a step ``η(1−γ)`` instead of ``η``: the EMA
    form's step does not grow with γ. ``momentum`` is α (classic) or γ (EMA). It takes what Keras'
    ``SGD`` takes: a number in [0, 1] (1 keeps every past gradient: it does not converge).
    ``tfdl.optimizers.SGD(momentum=α)`` is the classic form too, with Keras' signature.

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.01.
        momentum: α or γ in [0, 1]. Default 0.9.
        form: ``"classic"`` or ``"ema"``.
        **kwargs: Keras optimizer arguments.

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import tfdl
        >>> opt = tfdl.optimizers.Momentum(0.01, momentum=0.9, form="ema")
        >>> opt.slot_names
        ('nu',)

    Reference: B. T. Polyak (1964), "Some methods of speeding up the convergence of iteration
    methods".
    """

    slot_names = ("h",)
    hyper_names = ("momentum",)
    formula = (r"\begin{aligned} h &\leftarrow \alpha h + \eta \nabla Q(w) \\ w &\leftarrow w - h \\"
               r"\text{EMA: } \nu &\leftarrow \gamma\nu + (1-\gamma)\nabla L(w) \\ w &\leftarrow w - \eta\nu"
               r"\end{aligned}")
    symbols = {"learning_rate": r"\eta", "momentum": r"\alpha", "h": "h", "nu": r"\nu"}

    def __init__(self, learning_rate=0.01, momentum=0.9, form="classic", name=None, **kwargs):
        _check_closed_unit_interval("momentum", momentum)
        _check_form(form)
        super().__init__(learning_rate=learning_rate, name=name or type(self).__name__, **kwargs)
        self.momentum = float(momentum)
        self.form = form
        self.slot_names = ("h",) if form == "classic" else ("nu",)

    def structure(self):
        return (type(self).__name__, self.form)

    def rule(self, w, g, slots, t, eta, hyper):
        """One momentum step; the slot is ``h`` (classic) or ``ν`` (EMA)."""
        if self.form == "classic":
            (h,) = slots
            w, h = _heavy_ball(w, g, h, eta, hyper["momentum"])
            return w, (h,)
        (nu,) = slots
        gamma = hyper["momentum"]
        nu = gamma * nu + (1.0 - gamma) * g
        return w - eta * nu, (nu,)

    def get_config(self):
        config = super().get_config()
        config["form"] = self.form
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class Nesterov(Momentum):
    """Nesterov's accelerated gradient: momentum with the gradient taken at the look-ahead point.

    The course's rule (notes 002, classic form)::

        h ← α h + η ∇Q(w − α h)
        w ← w − h

    In LaTeX (``Nesterov.formula``, what the playground shows)::

        {formula}

    and in EMA form (notes 001): ``ν ← γν + (1−γ)∇L(w − ηγν); w ← w − ην``.

    A Keras optimizer only sees the gradient at the weights it stores, so (as Keras'
    ``SGD(nesterov=True)`` and Sutskever et al. 2013 do) the stored weights are the look-ahead
    point ``ŵ = w − αh``. Substituting gives the same trajectory written in ``ŵ``::

        h ← α h + η ∇Q(ŵ)                 (classic)
        ŵ ← ŵ − α h − η ∇Q(ŵ)

        ν ← γ ν + (1 − γ) ∇L(ŵ)           (EMA, ŵ = w − ηγν)
        ŵ ← ŵ − η γ ν − η (1 − γ) ∇L(ŵ)

    At a minimum h → 0, so ŵ and w converge to the same point.

    ``tfdl.optimizers.SGD(momentum=α, nesterov=True)`` is the classic form with Keras' signature.

    Args:
        learning_rate: η, a float > 0 or a ``LearningRateSchedule``. Default 0.01.
        momentum: α or γ in [0, 1]. Default 0.9.
        form: ``"classic"`` or ``"ema"``.
        **kwargs: Keras optimizer arguments.

    Returns:
        A ``keras.optimizers.Optimizer``.

    Example:
        >>> import tfdl
        >>> tfdl.optimizers.Nesterov(0.01).get_config()["form"]
        'classic'

    Reference: Y. Nesterov (1983), "A method for solving the convex programming problem with
    convergence rate O(1/k²)"; Sutskever, Martens, Dahl & Hinton (2013), "On the importance of
    initialization and momentum in deep learning".
    """

    formula = (r"\begin{aligned} h &\leftarrow \alpha h + \eta \nabla Q(w - \alpha h) \\ w &\leftarrow w - h"
               r"\end{aligned}")
    symbols = {"learning_rate": r"\eta", "momentum": r"\alpha", "h": "h"}

    def rule(self, w, g, slots, t, eta, hyper):
        """One Nesterov step on the look-ahead weights ``ŵ`` (the slot is ``h`` or ``ν``)."""
        if self.form == "classic":
            (h,) = slots
            w, h = _nesterov_lookahead(w, g, h, eta, hyper["momentum"])
            return w, (h,)
        (nu,) = slots
        gamma = hyper["momentum"]
        nu = gamma * nu + (1.0 - gamma) * g
        return w - eta * gamma * nu - eta * (1.0 - gamma) * g, (nu,)
