"""Weight initialisation: one table of the course's initialisers, in numpy and in Keras.

=======  ==========================  ====================================  =====================
name     variance of ``W``           distribution                          Keras
=======  ==========================  ====================================  =====================
zeros    0                           constant 0                            ``Zeros``
small    0.01²                       normal                                ``RandomNormal(0.01)``
xavier   2 / (n_in + n_out)          normal truncated at ±2σ', rescaled    ``GlorotNormal``
he       2 / n_in                    normal truncated at ±2σ', rescaled    ``HeNormal``
=======  ==========================  ====================================  =====================

``xavier`` and ``he`` are defined as Keras defines ``glorot_normal`` and ``he_normal``
(``VarianceScaling`` with a truncated normal): draws beyond two standard deviations are
redrawn, and the standard deviation before truncation, ``σ' = σ / 0.8796``, is chosen so that
the variance of the weights is exactly the course's ``2 / (n_in + n_out)`` (Glorot & Bengio,
AISTATS 2010) or ``2 / n_in`` (``N(0, 2/n)``, He et al., ICCV 2015). The numpy draws of
:func:`init_weights` (the playground's statistics) and the Keras initialisers of
:func:`keras_initializer` (the models the playground trains) therefore come from one
distribution per name.

Example:
    >>> from tfdl.initializers import init_std
    >>> init_std("he", 200, 100)
    0.1
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import int_min_error, one_of_error

__all__ = [
    "INITIALIZERS",
    "INITIALIZER_TABLE",
    "InitializerSpec",
    "init_statistics",
    "init_statistics_table",
    "last_layer_statistics",
    "init_std",
    "init_weights",
    "keras_initializer",
    "keras_initializer_identifier",
]

#: Keras' ``VarianceScaling`` divides the target std by this (the std of a unit normal truncated
#: at ±2), so that the truncated draws have the target variance.
TRUNCATION_STD = 0.87962566103423978


@dataclasses.dataclass(frozen=True)
class InitializerSpec:
    """One row of :data:`INITIALIZER_TABLE`.

    Args:
        name: the course's name.
        std: ``std(fan_in, fan_out)``, the standard deviation of the weights.
        distribution: ``"constant"``, ``"normal"`` or ``"truncated_normal"`` (at ±2σ', σ' =
            std / 0.8796, as Keras' ``VarianceScaling``).
        keras_class: the Keras initializer class of the same distribution.
        keras_kwargs: its arguments other than ``seed``.
    """

    name: str
    std: Callable[[int, int], float]
    distribution: str
    keras_class: str
    keras_kwargs: dict = dataclasses.field(default_factory=dict)


#: The one initialiser table (numpy draws and Keras initialisers both read it).
INITIALIZER_TABLE: dict[str, InitializerSpec] = {
    "zeros": InitializerSpec("zeros", lambda n_in, n_out: 0.0, "constant", "Zeros"),
    "small": InitializerSpec("small", lambda n_in, n_out: 0.01, "normal", "RandomNormal",
                             {"mean": 0.0, "stddev": 0.01}),
    "xavier": InitializerSpec("xavier", lambda n_in, n_out: math.sqrt(2.0 / (n_in + n_out)),
                              "truncated_normal", "GlorotNormal"),
    "he": InitializerSpec("he", lambda n_in, n_out: math.sqrt(2.0 / n_in), "truncated_normal",
                          "HeNormal"),
}

#: The names of :data:`INITIALIZER_TABLE`, in teaching order.
INITIALIZERS = tuple(INITIALIZER_TABLE)


def _spec(name: str) -> InitializerSpec:
    if name not in INITIALIZER_TABLE:
        raise one_of_error("name", name, INITIALIZERS)
    return INITIALIZER_TABLE[name]


def init_std(name: str, fan_in: int, fan_out: int) -> float:
    """Standard deviation of the initialiser ``name`` for a ``fan_in × fan_out`` weight matrix.

    ``zeros``: 0 (every neuron computes and learns the same thing); ``small``: 0.01 (signals
    shrink layer after layer); ``xavier``: ``√(2 / (n_in + n_out))`` (Glorot & Bengio, AISTATS
    2010); ``he``: ``√(2 / n_in)``, i.e. ``N(0, 2/n)`` (He et al., ICCV 2015), which keeps the
    variance of ReLU activations constant through depth.

    Args:
        name: one of :data:`INITIALIZERS`.
        fan_in: inputs of the layer (>= 1).
        fan_out: outputs of the layer (>= 1).

    Returns:
        The standard deviation as a float.

    Example:
        >>> init_std("he", 200, 100)
        0.1
    """
    spec = _spec(name)
    if fan_in < 1 or fan_out < 1:
        raise TfdlValueError(
            "fan_in_out_min",
            "`fan_in` and `fan_out` must be >= 1. Received: fan_in={fan_in}, fan_out={fan_out}",
            fan_in=fan_in, fan_out=fan_out,
        )
    return spec.std(fan_in, fan_out)


def init_weights(name: str, fan_in: int, fan_out: int, seed: int = 0) -> np.ndarray:
    """A ``(fan_in, fan_out)`` weight matrix drawn as :data:`INITIALIZER_TABLE` says (numpy).

    ``xavier``/``he``: ``σ' = init_std / 0.8796``, draws of ``N(0, σ'²)`` beyond ``±2σ'`` redrawn
    (Keras' truncated normal); ``small``: ``N(0, 0.01²)``; ``zeros``: zeros.

    Args:
        name: one of :data:`INITIALIZERS`.
        fan_in: rows (>= 1).
        fan_out: columns (>= 1).
        seed: seed of the draw.

    Returns:
        ``np.ndarray`` of shape ``(fan_in, fan_out)``.

    Example:
        >>> init_weights("xavier", 3, 4).shape
        (3, 4)
    """
    std = init_std(name, fan_in, fan_out)
    spec = INITIALIZER_TABLE[name]
    rng = np.random.default_rng(seed)
    if spec.distribution == "constant":
        return np.zeros((fan_in, fan_out))
    if spec.distribution == "normal":
        return rng.normal(0.0, 1.0, (fan_in, fan_out)) * std
    z = rng.normal(0.0, 1.0, (fan_in, fan_out))
    outside = np.abs(z) > 2.0
    while outside.any():
        z[outside] = rng.normal(0.0, 1.0, int(outside.sum()))
        outside = np.abs(z) > 2.0
    return z * (std / TRUNCATION_STD)


def keras_initializer(name, seed: int | None = None):
    """The Keras initialiser of the course's name (or any Keras initialiser name).

    Args:
        name: one of :data:`INITIALIZERS`, or a name ``keras.initializers.get`` knows.
        seed: seed of the random initialisers (``None``: Keras' global seed).

    Returns:
        A ``keras.initializers.Initializer``: give each layer its own (an unseeded instance shared
        by layers draws the same numbers for each; see :func:`keras_initializer_identifier`).

    Example:
        >>> type(keras_initializer("xavier")).__name__
        'GlorotNormal'
    """
    import keras

    if isinstance(name, str) and name in INITIALIZER_TABLE:
        spec = INITIALIZER_TABLE[name]
        cls = getattr(keras.initializers, spec.keras_class)
        if spec.distribution == "constant":
            return cls(**spec.keras_kwargs)
        return cls(seed=seed, **spec.keras_kwargs)
    if isinstance(name, str):
        try:
            return keras.initializers.get(name)
        except ValueError:
            pass
    raise TfdlValueError(
        "initializer_name",
        "`initializer` must be one of {options} or a Keras initializer name. Received: initializer={name!r}",
        options=INITIALIZERS, name=name,
    )


def keras_initializer_identifier(name):
    """What to pass as ``kernel_initializer=`` to many layers: each builds its own initialiser.

    One unseeded Keras initialiser *instance* shared by several layers draws the same numbers for
    every layer of the same shape (its seed is fixed when it is made); a string or a config dict
    makes every layer build a fresh one, as ``kernel_initializer="glorot_normal"`` does.

    Args:
        name: one of :data:`INITIALIZERS`, or a name ``keras.initializers.get`` knows.

    Returns:
        A config dict (for the course's names) or the Keras name itself.

    Example:
        >>> keras_initializer_identifier("xavier")
        {'class_name': 'GlorotNormal', 'config': {'seed': None}}
    """
    if isinstance(name, str) and name in INITIALIZER_TABLE:
        spec = INITIALIZER_TABLE[name]
        config = dict(spec.keras_kwargs)
        if spec.distribution != "constant":
            config["seed"] = None
        return {"class_name": spec.keras_class, "config": config}
    keras_initializer(name)  # a ValueError naming `initializer` if Keras does not know it
    return name


def init_statistics(
    initializer: str = "he",
    activation: str = "relu",
    depth: int = 10,
    width: int = 256,
    n_samples: int = 512,
    seed: int = 0,
):
    """Forward and backward signal statistics of a deep plain MLP at initialisation (numpy).

    For ``l = 1..depth``: ``z_l = a_{l−1} W_l`` (no bias), ``a_l = f(z_l)`` with
    ``a_0 = x ~ N(0, 1)``. Backward, from ``δ_L = 1``: ``δ_{l−1} = (δ_l ⊙ f'(z_l)) W_lᵀ``;
    ``∂L/∂W_l = a_{l−1}ᵀ(δ_l ⊙ f'(z_l))``. With ``zeros`` every unit is identical
    (``unit_spread = 0``) and gradients vanish; with ``small`` the signal decays geometrically;
    ``xavier`` suits tanh, ``he`` suits ReLU.

    Args:
        initializer: one of :data:`INITIALIZERS`.
        activation: a name in :data:`tfdl.activations.ACTIVATIONS`.
        depth: number of hidden layers (>= 1).
        width: units per layer (>= 1).
        n_samples: batch of random inputs.
        seed: seed of inputs and weights.

    Returns:
        ``pandas.DataFrame`` with one row per layer: ``layer``, ``mean``, ``std`` (of ``a_l``),
        ``unit_spread`` (mean over samples of the std across units: 0 = all units equal),
        ``saturated`` (share with ``|f'(z)| < 0.05``), ``grad_std`` (std of ``∂L/∂W_l``),
        ``initializer``, ``activation``.

    Example:
        >>> init_statistics("he", "relu", depth=3, width=16).shape
        (3, 8)
    """
    import pandas as pd

    from tfdl import activations

    f, df = activations.get(activation), activations.derivative(activation)
    for arg, value in (("depth", depth), ("width", width), ("n_samples", n_samples)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise int_min_error(arg, value, 1)
    rng = np.random.default_rng(seed)
    a = rng.normal(0.0, 1.0, (n_samples, width))
    weights, zs, acts = [], [], [a]
    for layer in range(depth):
        W = init_weights(initializer, width, width, seed=seed + 1 + layer)
        z = acts[-1] @ W
        weights.append(W)
        zs.append(z)
        acts.append(f(z))
    delta = np.ones_like(acts[-1]) / n_samples
    grad_std = [0.0] * depth
    for layer in reversed(range(depth)):
        g = delta * df(zs[layer])
        grad_std[layer] = float(np.std(acts[layer].T @ g))
        delta = g @ weights[layer].T
    rows = []
    for layer in range(depth):
        a_l = acts[layer + 1]
        rows.append({
            "layer": layer + 1,
            "mean": float(np.mean(a_l)),
            "std": float(np.std(a_l)),
            "unit_spread": float(np.mean(np.std(a_l, axis=1))),
            "saturated": float(np.mean(np.abs(df(zs[layer])) < 0.05)),
            "grad_std": grad_std[layer],
            "initializer": initializer,
            "activation": activation,
        })
    return pd.DataFrame(rows)


def init_statistics_table(initializers, activation: str = "relu", depth: int = 10, width: int = 256,
                          n_samples: int = 256, seed: int = 0):
    """:func:`init_statistics` of several initialisers, one after another in one table.

    Args:
        initializers: names from :data:`INITIALIZERS` (at least one), in display order.
        activation: a name in :data:`tfdl.activations.ACTIVATIONS`.
        depth: number of hidden layers (>= 1).
        width: units per layer (>= 1).
        n_samples: batch of random inputs.
        seed: seed of inputs and weights (the same for every initialiser).

    Returns:
        ``pandas.DataFrame``: ``depth`` rows per initialiser, the columns of :func:`init_statistics`.

    Example:
        >>> init_statistics_table(["zeros", "he"], depth=2, width=8).shape
        (4, 8)
    """
    import pandas as pd

    initializers = list(initializers)
    if not initializers:
        raise TfdlValueError("init_names", "`initializers` must name at least one initialiser. "
                             "Received: initializers={initializers!r}", initializers=initializers)
    return pd.concat([init_statistics(name, activation, depth=depth, width=width, n_samples=n_samples, seed=seed)
                      for name in initializers], ignore_index=True)


def last_layer_statistics(table):
    """The last layer's row of each initialiser in a statistics table (how much signal is left).

    Args:
        table: output of :func:`init_statistics_table`.

    Returns:
        ``pandas.DataFrame`` with one row per initialiser (table order) and the columns
        ``initializer``, ``std``, ``unit_spread``, ``saturated``, ``grad_std``.

    Example:
        >>> last_layer_statistics(init_statistics_table(["he"], depth=3, width=8))["initializer"].tolist()
        ['he']
    """
    columns = ["initializer", "std", "unit_spread", "saturated", "grad_std"]
    missing = sorted(set(columns + ["layer"]) - set(table.columns))
    if missing:
        raise TfdlValueError(
            "init_table_columns",
            "`table` must have the columns of init_statistics. Missing: {missing}",
            missing=missing,
        )
    return table.groupby("initializer", sort=False).tail(1)[columns].reset_index(drop=True)
