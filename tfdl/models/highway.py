"""Highway networks (Srivastava, Greff, Schmidhuber, 2015): gated skips in a deep MLP.

Example:
    >>> from tfdl.models import highway_mlp
    >>> highway_mlp().output_shape
    (None, 10)
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.errors import TfdlValueError
from tfdl.models._common import check_classes, predictions, refuse_se, resolve_num_classes
from tfdl.models.blocks import apply_highway_layer
from tfdl.models.registry import register_model

__all__ = ["highway_mlp"]


@register_model()
def highway_mlp(input_shape=(28, 28, 1), include_top=True, num_classes=10,
                classifier_activation="softmax", pooling=None, *, units=50, depth=10,
                gate_bias=-2.0, activation="relu", se_ratio=None, name="highway_mlp", classes=None):
    """Highway MLP: flatten → Dense(units) → ``depth`` highway layers → Dense(classes).

    Formula (Eq. 3): ``y = H(x)·T(x) + x·(1 − T(x))``, ``T = σ(W_T x + b_T)``, ``b_T = −2`` at
    start (the paper's MNIST nets: 50 units, 10-100 layers).

    Args:
        input_shape: any shape; it is flattened (an image or a vector).
        include_top: add the classifier.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the classifier (computed in float32).
        pooling: unused (kept for the common signature; must be None).
        units: width of every highway layer.
        depth: number of highway layers.
        gate_bias: initial gate bias ``b_T``.
        activation: activation of ``H``.
        se_ratio: must be ``None``: a Squeeze-and-Excitation gate squeezes each channel of a
            feature map over its positions; a highway MLP's layers are flat vectors with no
            positions (its gate ``T(x)`` already re-weights every unit). A ``ValueError`` says so.
        name: model name.

    Returns:
        A ``keras.Model`` with layers ``highway{i}_transform``, ``highway{i}_gate``.

    Example:
        >>> highway_mlp(depth=3).output_shape
        (None, 10)

    Paper: Srivastava, Greff, Schmidhuber, "Training Very Deep Networks", NeurIPS 2015.
    """
    if pooling is not None:
        raise TfdlValueError(
            "mlp_pooling",
            "`pooling` must be None for an MLP. Received: pooling={pooling!r}",
            pooling=pooling,
        )
    refuse_se("highway", se_ratio, "Squeeze-and-Excitation averages each channel of a feature map over its "
              "positions, and a highway MLP has flat vectors with no positions (its gate T(x) already re-weights "
              "every unit)")
    if int(depth) < 1 or int(units) < 1:
        raise TfdlValueError(
            "highway_depth_units",
            "`depth` and `units` must be >= 1. Received: depth={depth}, units={units}",
            depth=depth, units=units,
        )
    classes = resolve_num_classes(num_classes, classes, 10)
    check_classes(include_top, classes)
    inputs = keras.Input(tuple(input_shape), name="input")
    x = layers.Flatten(name="flatten")(inputs) if len(input_shape) > 1 else inputs
    x = layers.Dense(units, activation=activation, name="input_proj")(x)
    for i in range(1, int(depth) + 1):
        x = apply_highway_layer(x, activation=activation, gate_bias=gate_bias, name=f"highway{i}")
    if include_top:
        x = predictions(x, classes, classifier_activation)
    return keras.Model(inputs, x, name=name)
