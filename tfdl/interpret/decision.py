"""What a small classifier of 2-D points computes: its decision map and each hidden unit's map.

* :func:`predict_grid` — the probability of class 1 on a grid over the plane (the background
  colours of the Train page).
* :func:`hidden_outputs` — every activation layer's output, so each neuron can draw its own map.

Example:
    >>> from tfdl.models.mlp import build_mlp
    >>> xx, yy, p = predict_grid(build_mlp((2,)), resolution=5)
    >>> p.shape
    (5, 5)
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from tfdl.validation import min_error

__all__ = ["hidden_outputs", "predict_grid"]


def hidden_outputs(model, x, suffix: str = "_act") -> dict[str, np.ndarray]:
    """Every layer whose name ends with ``suffix`` mapped to its output on ``x`` (numpy).

    For :func:`build_mlp` models this gives each hidden neuron's own output — the small maps the
    Train page draws inside each neuron.

    Args:
        model: a functional ``keras.Model``.
        x: inputs.
        suffix: which layers to read (``"_act"`` for activations).

    Returns:
        ``{layer_name: array (N, units)}`` in network order.

    Example:
        >>> from tfdl.models.mlp import build_mlp
        >>> m = build_mlp((3,))
        >>> hidden_outputs(m, np.zeros((5, 2), "float32"))["hidden1_act"].shape
        (5, 3)
    """
    layers = [layer for layer in model.layers if layer.name.endswith(suffix)]
    if not layers:
        return {}
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    probe = keras.Model(inputs, [layer.output for layer in layers])
    outs = probe(np.asarray(x, dtype="float32"), training=False)
    if not isinstance(outs, (list, tuple)):
        outs = [outs]
    return {layer.name: np.asarray(ops.convert_to_numpy(o)) for layer, o in zip(layers, outs)}


def predict_grid(model, extent: float = 6.0, resolution: int = 60, x=None):
    """Probability of class 1 on a ``resolution × resolution`` grid over ``[−extent, extent]²``.

    Args:
        model: a model mapping ``(N, 2)`` points to class probabilities.
        extent: half-width of the square.
        resolution: grid points per side (>= 2).
        x: optional data; when given, ``extent`` grows to cover it.

    Returns:
        ``(xx, yy, p)``: meshgrid coordinates and probabilities, each ``(resolution, resolution)``.

    Example:
        >>> from tfdl.models.mlp import build_mlp
        >>> xx, yy, p = predict_grid(build_mlp((2,)), resolution=5)
        >>> p.shape
        (5, 5)
    """
    if resolution < 2:
        raise min_error("resolution", resolution, 2)
    if x is not None and len(x):
        extent = max(extent, float(np.abs(np.asarray(x)).max()) + 0.5)
    axis = np.linspace(-extent, extent, int(resolution), dtype="float32")
    xx, yy = np.meshgrid(axis, axis)
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
    p = np.asarray(ops.convert_to_numpy(model(grid, training=False)))
    p1 = p[:, 1] if p.shape[-1] > 1 else p[:, 0]
    return xx, yy, p1.reshape(xx.shape)
