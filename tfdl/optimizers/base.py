"""The common frame of tfdl's optimisers: a Keras optimizer whose update is one pure formula.

Each optimiser in this package writes its update as a *pure rule*::

    w_new, slots_new = rule(w, g, slots, t, eta, hyper)

(no variable assignment, no hidden state), and :class:`FormulaOptimizer` turns that rule into a
``keras.optimizers.Optimizer``: it creates one optimizer variable per slot and per model weight in
``build`` and assigns the rule's results in ``update_step``. The same rule drives
:func:`tfdl.trajectories.run`, so the formula lives in exactly one place.

Sparse gradients (``tf.IndexedSlices``, what an ``Embedding`` produces: one slice per looked-up
row, rows repeated when a token repeats) reach the rule as a dense ``g`` with the repeated rows
summed, ``g = Σᵢ gᵢ``, which is what Keras' optimizers compute too. Rules that square the gradient
take ``g2``: Keras squares each slice before the repeated rows are summed, ``g2 = Σᵢ gᵢ²`` (not
``(Σᵢ gᵢ)²``), and tfdl follows it so that both train an Embedding model to the same numbers.
"""

from __future__ import annotations

import inspect

import keras
import tensorflow as tf
from keras import ops

from tfdl.errors import TfdlValueError
from tfdl.validation import interval_error

__all__ = ["FormulaOptimizer"]


def _check_positive(name: str, value) -> None:
    if isinstance(value, keras.optimizers.schedules.LearningRateSchedule) or callable(value):
        return
    try:
        ok = float(value) > 0.0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise TfdlValueError(
            "number_positive",
            "`{name}` must be a number > 0. Received: {name}={value!r}",
            name=name, value=value,
        )


def _check_closed_unit_interval(name: str, value) -> None:
    """Keras' rule for ``momentum`` (``SGD``): a number in [0, 1]."""
    try:
        ok = not isinstance(value, bool) and 0.0 <= float(value) <= 1.0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise TfdlValueError(
            "unit_float",
            "`{name}` must be a float between [0, 1]. Received: {name}={value!r}",
            name=name, value=value,
        )


def _check_bool(name: str, value) -> None:
    if not isinstance(value, bool):
        # the house rule: bad arguments raise ValueError (Keras does the same)
        raise TfdlValueError(
            "bool_required",
            "`{name}` must be True or False. Received: {name}={value!r}",
            name=name, value=value,
        )


def _dense(gradient, variable):
    """``(g, g2)`` of a gradient: ``g2`` is None for a dense one; for ``tf.IndexedSlices`` (a type
    of the TensorFlow backend, Keras has none) ``g = Σᵢ gᵢ`` and ``g2 = Σᵢ gᵢ²`` per row."""
    if not isinstance(gradient, tf.IndexedSlices):
        return ops.cast(gradient, variable.dtype), None
    g_i = ops.cast(gradient.values, variable.dtype)
    rows = variable.shape[0]
    g = ops.segment_sum(g_i, gradient.indices, num_segments=rows)
    g2 = ops.segment_sum(ops.square(g_i), gradient.indices, num_segments=rows)
    return g, g2


def _check_unit_interval(name: str, value, closed_left: bool = True) -> None:
    try:
        v = float(value)
        ok = (0.0 <= v < 1.0) if closed_left else (0.0 < v < 1.0)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        interval = "[0, 1)" if closed_left else "(0, 1)"
        raise interval_error(name, value, interval)


class FormulaOptimizer(keras.optimizers.Optimizer):
    """A Keras optimizer defined by one pure update rule ``rule(w, g, slots, t, eta, hyper)``.

    Subclasses set ``slot_names`` (the per-weight state, e.g. ``("m", "v")`` for Adam),
    ``hyper_names`` (numeric hyperparameters stored as attributes, e.g. ``("beta_1",)``) and
    implement :meth:`rule`. ``t`` is the 1-based step number and ``eta`` the current step size
    (a schedule, if given as ``learning_rate``, is already evaluated). A rule that squares the
    gradient takes ``g2=None`` (``g²``, given for sparse gradients: see the module docstring).

    Args:
        learning_rate: float or ``keras.optimizers.schedules.LearningRateSchedule``.
        **kwargs: the usual Keras optimizer arguments (``clipnorm``, ``weight_decay``, ``name``...).

    Returns:
        A ``keras.optimizers.Optimizer`` usable in ``model.compile``.

    Example:
        >>> import tfdl
        >>> opt = tfdl.optimizers.Adam(1e-3)
        >>> opt.slot_names
        ('m', 'v')
    """

    slot_names: tuple = ()
    hyper_names: tuple = ()
    #: the update rule in LaTeX, one assignment per line (the playground shows it); a docstring
    #: line ``{formula}`` is replaced by it, so the docstring and the page read the same source
    formula: str = ""
    #: constructor argument → its symbol in :attr:`formula` (``{"learning_rate": r"\eta"}``)
    symbols: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "formula" in cls.__dict__ and cls.__doc__ and "{formula}" in cls.__doc__:
            cls.__doc__ = cls.__doc__.replace("{formula}", cls.formula)

    def __init__(self, learning_rate=0.01, **kwargs):
        _check_positive("learning_rate", learning_rate)
        super().__init__(learning_rate=learning_rate, **kwargs)

    # --- the formula -------------------------------------------------------------------------
    def rule(self, w, g, slots, t, eta, hyper):  # pragma: no cover - abstract
        """Return ``(w_new, slots_new)`` from the weight, its gradient and the slots."""
        raise NotImplementedError

    def _rule_takes_g2(self) -> bool:
        return "g2" in inspect.signature(self.rule).parameters

    def slot_initial_values(self) -> dict:
        """Initial value of each slot (0 unless an optimiser says otherwise)."""
        return {name: 0.0 for name in self.slot_names}

    def hyperparameters(self) -> dict:
        """The numeric hyperparameters the rule reads, as plain floats."""
        return {name: float(getattr(self, name)) for name in self.hyper_names}

    def structure(self) -> tuple:
        """What changes the *shape* of the computation (not its numbers): used as a cache key."""
        return (type(self).__name__,)

    # --- Keras plumbing ----------------------------------------------------------------------
    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        initial = self.slot_initial_values()
        self._slot_variables = [
            self.add_optimizer_variables(
                var_list, name, initializer=keras.initializers.Constant(initial[name])
            )
            for name in self.slot_names
        ]

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        dtype = variable.dtype
        eta = ops.cast(learning_rate, dtype)
        g, g2 = _dense(gradient, variable)
        extra = {"g2": g2} if g2 is not None and self._rule_takes_g2() else {}
        t = ops.cast(self.iterations + 1, dtype)
        slot_vars = [slots[index] for slots in self._slot_variables]
        slots = tuple(ops.convert_to_tensor(s) for s in slot_vars)
        w = ops.convert_to_tensor(variable)
        w_new, slots_new = self.rule(w, g, slots, t, eta, self.hyperparameters(), **extra)
        for var, value in zip(slot_vars, slots_new):
            self.assign(var, value)
        self.assign(variable, w_new)

    def get_config(self):
        config = super().get_config()
        config.update({name: getattr(self, name) for name in self.hyper_names})
        return config
