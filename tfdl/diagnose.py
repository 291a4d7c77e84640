"""Why did it blow up? Name the layer, the step and the likely cause from a run's gradient flow.

:func:`diagnose` reads a :class:`tfdl.gradflow.FlowLog` (or the :class:`~tfdl.gradflow.GradientFlow`
that recorded it) and returns :class:`Diagnosis` objects, most serious first; an empty list is a
healthy run. The rules, in this order (``g_l`` the gradient norm of layer ``l``, first record =
before training):

1. ``nonfinite``: the loss became NaN/inf (first step where it did); the layer whose gradient norm
   was first non-finite, else the largest. Cause: the learning rate. Fix: 10× smaller, clip gradients.
2. ``exploding``: the probe loss ended above 1.5× its first value, or a ``g_l`` grew over
   ``1000×``; the layer whose weights grew most. Cause: the learning rate. Fix: 10× smaller.
3. ``zero_init``: a hidden layer starts with every weight equal (spread 0): its units stay
   identical (symmetry) and ReLU units output 0. Fix: He initialisation.
4. ``vanishing``: in the first record ``g_first / g_last < threshold`` (orders of magnitude).
   Cause: a saturating activation (sigmoid/tanh: fix ReLU + He init) or depth without
   normalisation (fix batch norm).
5. ``vanishing_time``: an RNN's ``‖∂L/∂x_1‖ / ‖∂L/∂x_T‖ < time_threshold`` in the first record: the first
   steps cannot teach it. Fix: an LSTM (gated, forget gate near 1).
6. ``dead_relu``: at the last record over half of a hidden activation's units are 0 on every
   probe example. Fix: leaky ReLU.
7. ``saturated``: at the last record over half of a sigmoid/tanh layer's outputs sit where the
   derivative is below 0.01. Fix: batch norm.

Example:
    >>> from tfdl.gradflow import FlowLog, FlowRecord
    >>> rec = FlowRecord(0, 0.7, {"d1": 1e-6, "d2": 1.0}, {}, {}, {}, {"d1_act": 0.0}, {"d1": 1.0, "d2": 1.0})
    >>> [d.code for d in diagnose(FlowLog([rec], [0.7], ["d1", "d2"], []))]
    ['vanishing']
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

__all__ = ["Diagnosis", "diagnose", "norm_table", "MESSAGES", "FORMATS"]

MESSAGES = {
    "nonfinite": "The loss became {loss} at step {step}; {layer} had the largest gradient. The learning rate is "
    "too large: each step overshoots until the numbers overflow.",
    "exploding": "The loss grew from {first} to {last} by step {step}; the weights of {layer} grew {growth}×. "
    "The learning rate is too large.",
    "zero_init": "Every weight of {layer} starts at the same value: its units compute the same thing, get the "
    "same gradient and never become different (ReLU units output 0 and get no gradient at all). "
    "Bad initialisation.",
    "vanishing": "At step {step} the gradient of {layer} is {ratio} of the last layer's: the first layers "
    "hardly learn. {cause}",
    "vanishing_time": "In {layer} the gradient reaching the first time step is {ratio} of the last step's: "
    "the network cannot learn from the start of the sequence.",
    "dead_relu": "At step {step}, {share} of the units of {layer} output 0 on every example: dead ReLUs get "
    "no gradient.",
    "saturated": "At step {step}, {share} of the outputs of {layer} sit on the flat ends of the activation, "
    "where its derivative is below 0.01.",
}
FORMATS = {"ratio": ".1e", "first": ".3g", "last": ".3g", "growth": ".3g", "share": ".0%"}  # of `values`
CAUSES = {
    "saturating": "A saturating activation: each sigmoid/tanh layer multiplies the gradient by its "
    "derivative (at most 0.25 for sigmoid).",
    "depth": "Depth without normalisation.",
}


@dataclasses.dataclass
class Diagnosis:
    """One finding: ``code`` (see the module docstring), ``layer``, ``step``, ``cause``, the numbers
    of the message (``values``, shown with :data:`FORMATS`) and the ``fix`` as setting changes
    (``learning_rate``, ``activation``, ``initializer``, ``normalization``, ``cell``, ``clipnorm``)."""

    code: str
    layer: str | None
    step: int
    cause: str
    values: dict
    fix: dict

    @property
    def message(self) -> str:
        """The finding in English."""
        values = {k: format(v, FORMATS.get(k, "")) for k, v in self.values.items()}
        values.update(layer=self.layer, step=self.step, cause=CAUSES.get(self.cause, ""))
        return MESSAGES[self.code].format(**values).strip()


def _lower(learning_rate):
    return {"learning_rate": learning_rate / 10} if learning_rate else {}


def diagnose(
    log, *, learning_rate: float | None = None, threshold: float = 1e-2, time_threshold: float = 1e-3
) -> list[Diagnosis]:
    """Findings about a recorded run, most serious first (see the module docstring for the rules).

    Args:
        log: a :class:`tfdl.gradflow.FlowLog` or :class:`tfdl.gradflow.GradientFlow` (its ``log``).
        learning_rate: the run's learning rate (the fix proposes a tenth of it).
        threshold: the ratio of the first to the last layer's gradient below which gradients "vanish".
        time_threshold: the same for an RNN's first and last time step.

    Returns:
        A list of :class:`Diagnosis` (empty: nothing wrong found).

    Example:
        >>> from tfdl.gradflow import FlowLog
        >>> diagnose(FlowLog([], [1.0, float("nan")], [], []), learning_rate=1.0)[0].fix
        {'learning_rate': 0.1, 'clipnorm': 1.0}
    """
    log = getattr(log, "log", log)
    recs, found = log.records, []
    if not recs and not log.losses:
        return found
    first, last = (recs[0], recs[-1]) if recs else (None, None)
    bad = next((i for i, v in enumerate(log.losses) if not math.isfinite(v)), None)
    bad_rec = next(
        (r for r in recs if not math.isfinite(r.loss) or not all(math.isfinite(v) for v in r.grad_norms.values())), None
    )
    if bad is not None or bad_rec is not None:
        step = bad + 1 if bad is not None else bad_rec.step
        layer = None
        if bad_rec is not None:
            layer = next((k for k, v in bad_rec.grad_norms.items() if not math.isfinite(v)), None)
        finite = [r for r in recs if all(math.isfinite(v) for v in r.grad_norms.values())]
        if layer is None and finite and finite[-1].grad_norms:
            layer = max(finite[-1].grad_norms, key=finite[-1].grad_norms.get)
        found.append(
            Diagnosis(
                "nonfinite", layer, step, "learning_rate", {"loss": "NaN"}, {**_lower(learning_rate), "clipnorm": 1.0}
            )
        )
        return found
    if first is None:
        return found
    grew = [r for r in recs if r.loss > 1.5 * max(first.loss, 1e-12)]
    growth = {k: last.grad_norms.get(k, 0.0) / v for k, v in first.grad_norms.items() if v > 0}
    if grew or any(g > 1e3 for g in growth.values()):
        spread = {k: last.spread.get(k, 0.0) / max(v, 1e-12) for k, v in first.spread.items()}
        layer = max(spread, key=spread.get) if spread else None
        step = (
            grew[0].step
            if grew
            else next(
                r.step
                for r in recs
                if any(r.grad_norms.get(k, 0.0) > 1e3 * v for k, v in first.grad_norms.items() if v > 0)
            )
        )
        found.append(
            Diagnosis(
                "exploding",
                layer,
                step,
                "learning_rate",
                {
                    "first": first.loss,
                    "last": max(r.loss for r in recs),
                    "growth": spread.get(layer, 1.0),
                },
                {**_lower(learning_rate), "clipnorm": 1.0},
            )
        )
    hidden = [k for k in log.layers[:-1] if k not in log.recurrent]
    frozen = [k for k in hidden if first.spread.get(k, 1.0) == 0.0]
    if frozen:
        found.append(Diagnosis("zero_init", frozen[0], first.step, "initialisation", {}, {"initializer": "he"}))
    kernels = [k for k in log.layers if k not in log.recurrent and first.grad_norms.get(k, 0.0) > 0]
    if not frozen and len(kernels) >= 2:
        ratio = first.grad_norms[kernels[0]] / first.grad_norms[kernels[-1]]
        if ratio < threshold:
            cause = "saturating" if first.saturated else "depth"
            fix = {"activation": "relu", "initializer": "he"} if cause == "saturating" else {"normalization": "batch"}
            found.append(Diagnosis("vanishing", kernels[0], first.step, cause, {"ratio": ratio}, fix))
    if first.time_grads is not None and log.recurrent and first.time_grads[-1] > 0:
        ratio = float(first.time_grads[0] / first.time_grads[-1])
        if ratio < time_threshold:
            found.append(
                Diagnosis(
                    "vanishing_time",
                    log.recurrent[0],
                    first.step,
                    "recurrence",
                    {"ratio": ratio},
                    {"cell": "lstm"},
                )
            )
    dead = {k: v for k, v in last.dead.items() if v >= 0.5}
    if dead and not frozen:
        layer = max(dead, key=dead.get)
        found.append(
            Diagnosis(
                "dead_relu",
                layer,
                last.step,
                "dead_units",
                {"share": dead[layer]},
                {"activation": "leaky_relu"},
            )
        )
    sat = {k: v for k, v in last.saturated.items() if v >= 0.5}
    if sat and not any(d.code == "vanishing" for d in found):
        layer = max(sat, key=sat.get)
        found.append(
            Diagnosis("saturated", layer, last.step, "saturating", {"share": sat[layer]}, {"normalization": "batch"})
        )
    return found


def norm_table(log) -> dict[str, np.ndarray]:
    """``{layer: [g_l at each record]}``: the per-layer gradient norms over the steps (for a chart).

    Example:
        >>> from tfdl.gradflow import FlowLog
        >>> norm_table(FlowLog([], [], ["d1"], []))["d1"].shape
        (0,)
    """
    log = getattr(log, "log", log)
    return {k: np.array([r.grad_norms.get(k, np.nan) for r in log.records]) for k in log.layers}
