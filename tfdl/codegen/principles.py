"""The First principles and Activations pages' code: XOR by gradient descent, Cybenko's sums of sigmoids,
and the signal through depth at initialisation (all numpy: nothing to install beyond tfdl)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["approximation_code", "init_depth_code", "xor_code"]


def xor_code(activation: str, hidden: int, steps: int, learning_rate: float, seed: int) -> str:
    """Python that trains the First principles page's XOR network (:func:`tfdl.experiments.train_xor`).

    Formula: ``ŷ = σ(vᵀ f(Wᵀx + c) + b)``, full-batch gradient descent on the cross-entropy over the four
    XOR points.

    Args:
        activation: the hidden activation (``"linear"`` stays at 50%).
        hidden, steps, learning_rate, seed: :func:`~tfdl.experiments.first_principles.train_xor`'s arguments.

    Returns:
        str: lines of Python; they print the final loss, the four predictions and the accuracy.

    Example:
        >>> xor_code("tanh", 2, 2000, 0.5, 0).splitlines()[2]
        "run = train_xor('tanh', hidden=2, steps=2000, learning_rate=0.5, seed=0)"
    """
    return "\n".join(
        [
            "from tfdl.experiments.first_principles import train_xor",
            "",
            f"run = train_xor({activation!r}, hidden={int(hidden)}, steps={int(steps)}, "
            f"learning_rate={float(learning_rate)!r}, seed={int(seed)})",
            "print(run['loss'][-1])  # the final cross-entropy",
            "print(run['predictions'].round(3))  # ŷ on (0, 0), (0, 1), (1, 0), (1, 1)",
            "print(run['accuracy'])",
        ]
    )


def approximation_code(target: str, units: int, steepness: float) -> str:
    """Python that repeats the First principles page's sum of sigmoids
    (:func:`tfdl.experiments.first_principles.universal_approximation`, Cybenko 1989).

    Formula: ``f̂(x) = a₀ + Σᵢ aᵢ σ(s (x − cᵢ))``, the ``aᵢ`` fitted by least squares.

    Args:
        target: a key of :data:`tfdl.experiments.first_principles.TARGETS` (its function and interval).
        units: hidden sigmoid units; steepness: ``s`` in units of the centres' spacing.

    Returns:
        str: lines of Python; the last prints the largest error ``max |f − f̂|``.

    Example:
        >>> approximation_code("sin", 8, 4.0).splitlines()[3]
        'out = universal_approximation(target.fn, 8, 4.0, target.x_min, target.x_max)'
    """
    return "\n".join(
        [
            "from tfdl.experiments.first_principles import TARGETS, universal_approximation",
            "",
            f"target = TARGETS[{target!r}]  # {{target.label}} on [x_min, x_max]",
            f"out = universal_approximation(target.fn, {int(units)}, {float(steepness)!r}, target.x_min, target.x_max)",
            "print(out['max_error'])  # max |f − f̂|",
        ]
    )


def init_depth_code(initializers: Sequence[str], activation: str, depth: int, width: int) -> str:
    """Python that measures the Activations page's signal through depth at initialisation
    (:func:`tfdl.initializers.init_statistics_table`, 256 random inputs, seed 0).

    Formula: ``a_l = f(a_{l−1} W_l)``, ``W_l ~ N(0, s²)``: Xavier ``s² = 2/(n_in + n_out)``, He ``s² = 2/n``.

    Args:
        initializers: the ticked initialisers (``"zeros"``, ``"small"``, ``"xavier"``, ``"he"``).
        activation, depth, width: the plain MLP's activation, hidden layers and units per layer.

    Returns:
        str: lines of Python; they print the last layer's statistics of each initialiser.

    Example:
        >>> init_depth_code(("xavier", "he"), "relu", 10, 128).splitlines()[2]
        "table = init_statistics_table(('xavier', 'he'), 'relu', depth=10, width=128, n_samples=256)"
    """
    return "\n".join(
        [
            "from tfdl.initializers import init_statistics_table, last_layer_statistics",
            "",
            f"table = init_statistics_table({tuple(initializers)!r}, {activation!r}, depth={int(depth)}, "
            f"width={int(width)}, n_samples=256)",
            "print(last_layer_statistics(table).to_string(index=False))  # std, spread, saturation at the last layer",
        ]
    )
