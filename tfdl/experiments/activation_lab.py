"""The Activations page's experiments under one epoch budget: which run each name means.

Four small re-runs of the notes' claims (:mod:`tfdl.experiments.training`), chosen by name and
given one number, the epoch budget, that each spends its own way:

====================  =========================================================================
name                  run
====================  =========================================================================
relu_vs_tanh          ``relu_vs_tanh(max_epochs=budget, learning_rate=0.01)`` (AlexNet Fig. 1)
plain_vs_residual     ``plain_vs_residual(depths=(2, 16), epochs=max(1, budget // 2))``
regularization        ``regularization_effects(epochs=budget)``
initialization        ``initialization_effect(epochs=budget)``
====================  =========================================================================

Example:
    >>> from tfdl.experiments.activation_lab import EXPERIMENTS, experiment_arguments
    >>> experiment_arguments("plain_vs_residual", 5)
    ('plain_vs_residual', {'depths': (2, 16), 'epochs': 2})
"""

from __future__ import annotations

from tfdl.errors import TfdlValueError

__all__ = ["EXPERIMENTS", "experiment_arguments", "run_experiment"]

#: The experiments, in the page's order.
EXPERIMENTS = ("relu_vs_tanh", "plain_vs_residual", "regularization", "initialization")


def experiment_arguments(name: str, epochs: int) -> tuple[str, dict]:
    """The :mod:`tfdl.experiments.training` function and arguments that experiment ``name`` runs.

    Args:
        name: one of :data:`EXPERIMENTS`.
        epochs: the epoch budget (>= 1).

    Returns:
        ``(function name, keyword arguments)``.
    """
    if name not in EXPERIMENTS:
        raise TfdlValueError("experiment_name", "`name` must be one of {options}. Received: name={name!r}",
                             options=list(EXPERIMENTS), name=name)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise TfdlValueError("experiment_epochs", "`epochs` must be an integer >= 1. Received: epochs={epochs!r}",
                             epochs=epochs)
    if name == "relu_vs_tanh":
        return "relu_vs_tanh", {"max_epochs": epochs, "learning_rate": 0.01}
    if name == "plain_vs_residual":
        return "plain_vs_residual", {"depths": (2, 16), "epochs": max(1, epochs // 2)}
    if name == "regularization":
        return "regularization_effects", {"epochs": epochs}
    return "initialization_effect", {"epochs": epochs}


def run_experiment(name: str, epochs: int):
    """Run experiment ``name`` with an epoch budget of ``epochs`` (see the module's table).

    Returns:
        the experiment's ``pandas.DataFrame``.
    """
    from tfdl.experiments import training

    function, kwargs = experiment_arguments(name, epochs)
    return getattr(training, function)(**kwargs)
