"""Small builders the course trains on its own data: the TensorFlow-Playground MLP and a small CNN.

* :func:`build_mlp` — input features (``x1, x2, x1², x2², x1x2, sin x1, sin x2``) by the layer
  :class:`tfdl.layers.FeatureExpansion`, hidden layers, activation, initialisation, dropout,
  batch norm, L2 (the Train page's network).
* :func:`build_small_cnn` — the small CNN used on digits by the Train and Inside pages and the
  benchmarks.

They are not in the model registry: the registry lists published architectures (paper, year,
parameter count at a standard input) for the Architectures page, while these two are
configurable teaching networks whose shape the pages choose. ``tfdl.training`` re-exports both.

Example:
    >>> build_mlp((8,), features=("x1", "x2", "x1x2")).output_shape
    (None, 2)
"""

from __future__ import annotations

import keras
import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.initializers import INITIALIZERS
from tfdl.initializers import keras_initializer_identifier as _initializer
from tfdl.layers.features import FeatureExpansion
from tfdl.models._common import predictions, resolve_num_classes

__all__ = ["MLP_ACTIVATIONS", "MLP_INITIALIZERS", "build_mlp", "build_small_cnn"]

MLP_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "maxout")
MLP_INITIALIZERS = INITIALIZERS  # the one table: tfdl.initializers


def _activation_layer(name: str, layer_name: str):
    if name == "leaky_relu":
        return keras.layers.LeakyReLU(negative_slope=0.1, name=layer_name)
    return keras.layers.Activation(name, name=layer_name)


def build_mlp(
    hidden_layers=(4, 2),
    activation: str = "tanh",
    initializer: str = "xavier",
    dropout: float = 0.0,
    batch_norm: bool = False,
    l2: float = 0.0,
    features=("x1", "x2"),
    num_classes: int = 2,
    maxout_pieces: int = 2,
    seed: int | None = None,
    name: str = "playground_mlp",
    classes: int | None = None,
):
    """The TensorFlow-Playground network: features → [Dense → (BN) → activation → (dropout)]×L → softmax.

    Each hidden layer computes ``z = W a + b`` then ``a' = f(z)`` (``f = max_j z_j`` over
    ``maxout_pieces`` for ``"maxout"``); the L2 penalty adds ``l2·‖W‖²`` per kernel. Layer names
    are patterned: ``hidden{i}_dense``, ``hidden{i}_bn``, ``hidden{i}_act``, ``hidden{i}_dropout``
    (``i`` from 1), so :func:`tfdl.interpret.hidden_outputs` can show each neuron's own output.

    Args:
        hidden_layers: units per hidden layer, e.g. ``(4, 2)``; ``()`` gives logistic regression.
        activation: one of :data:`MLP_ACTIVATIONS` (leaky ReLU uses ``α = 0.1``).
        initializer: ``"zeros"``, ``"small"`` (N(0, 0.01²)), ``"xavier"`` (Glorot normal), ``"he"``
            (He normal), or any Keras initializer name.
        dropout: dropout rate after each hidden activation, in [0, 1).
        batch_norm: insert batch normalisation between each dense layer and its activation.
        l2: L2 penalty coefficient on every kernel (>= 0).
        features: input features, see :class:`tfdl.layers.FeatureExpansion`.
        num_classes: number of output classes (>= 2); ``classes`` is accepted as an alias.
        maxout_pieces: pieces per unit when ``activation="maxout"``.
        seed: seed for the initialisers (``None``: the global seed).
        name: model name.

    Returns:
        An uncompiled ``keras.Model`` taking ``(N, 2)`` points and returning ``(N, classes)``
        probabilities.

    Example:
        >>> build_mlp((8, 8), "relu", features=("x1", "x2", "x1x2")).output_shape
        (None, 2)
    """
    from tfdl.layers.maxout import Maxout

    hidden_layers = tuple(hidden_layers)
    if any(not isinstance(u, (int, np.integer)) or u < 1 for u in hidden_layers):
        raise TfdlValueError(
            "hidden_layers_positive",
            "`hidden_layers` must be positive integers. Received: hidden_layers={hidden_layers}",
            hidden_layers=hidden_layers,
        )
    if activation not in MLP_ACTIVATIONS:
        raise validation.one_of_error("activation", activation, MLP_ACTIVATIONS)
    if not 0.0 <= dropout < 1.0:
        raise validation.interval_error("dropout", dropout, "[0, 1)")
    if l2 < 0:
        raise validation.min_error("l2", l2, 0)
    classes = resolve_num_classes(num_classes, classes, default=2)
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise validation.int_min_error("num_classes", classes, 2)
    if seed is not None:
        keras.utils.set_random_seed(int(seed))
    init = _initializer(initializer)
    reg = keras.regularizers.L2(l2) if l2 > 0 else None

    inputs = keras.Input(shape=(2,), name="points")
    h = FeatureExpansion(tuple(features), name="features")(inputs)
    for i, units in enumerate(hidden_layers, start=1):
        if activation == "maxout":
            h = Maxout(int(units), pieces=maxout_pieces, kernel_initializer=init,
                       kernel_regularizer=reg, name=f"hidden{i}_act")(h)
        else:
            h = keras.layers.Dense(int(units), kernel_initializer=init, kernel_regularizer=reg,
                                   use_bias=not batch_norm, name=f"hidden{i}_dense")(h)
            if batch_norm:
                h = keras.layers.BatchNormalization(name=f"hidden{i}_bn")(h)
            h = _activation_layer(activation, f"hidden{i}_act")(h)
        if dropout > 0:
            h = keras.layers.Dropout(dropout, name=f"hidden{i}_dropout")(h)
    outputs = keras.layers.Dense(int(classes), activation="softmax", kernel_initializer=init,
                                 kernel_regularizer=reg, name="output", dtype="float32")(h)
    return keras.Model(inputs, outputs, name=name)


def build_small_cnn(
    input_shape=(8, 8, 1),
    num_classes: int = 10,
    filters=(32, 64),
    activation: str = "relu",
    dense_units: int = 128,
    dropout: float = 0.25,
    batch_norm: bool = False,
    initializer: str = "he",
    name: str = "small_cnn",
    classes: int | None = None,
):
    """A small CNN: ``[conv3×3 → (BN) → f → (max-pool 2×2)]`` per entry of ``filters``, flatten,
    dense, dropout, softmax. A block pools while its map is wider than 8 (and the last block
    pools an 8-wide map), so 8×8 → 4×4, 28×28 → 7×7, 32×32 → 8×8.

    Fits the 8×8 scikit-learn digits (≈ 98–99% test accuracy in a few seconds on a CPU) as well as
    28×28 or 32×32 inputs.

    Args:
        input_shape: ``(H, W, C)``.
        num_classes: output classes (>= 2); ``classes`` is accepted as an alias.
        filters: channels of each conv block.
        activation: any Keras activation name, or ``"leaky_relu"``.
        dense_units: width of the hidden dense layer (0: none).
        dropout: dropout before the classifier, in [0, 1).
        batch_norm: batch normalisation after each conv.
        initializer: see :func:`build_mlp`.
        name: model name.

    Returns:
        An uncompiled ``keras.Model``.

    Example:
        >>> build_small_cnn((8, 8, 1)).output_shape
        (None, 10)

    Reference: LeCun et al., "Gradient-based learning applied to document recognition", 1998.
    """
    if len(tuple(input_shape)) != 3:
        raise TfdlValueError(
            "input_shape_hwc",
            "`input_shape` must be (H, W, C). Received: input_shape={input_shape!r}",
            input_shape=input_shape,
        )
    if not 0.0 <= dropout < 1.0:
        raise validation.interval_error("dropout", dropout, "[0, 1)")
    classes = resolve_num_classes(num_classes, classes, default=10)
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise validation.int_min_error("num_classes", classes, 2)
    init = _initializer(initializer)
    inputs = keras.Input(shape=tuple(input_shape), name="image")
    h = inputs
    size = input_shape[0]
    for i, f in enumerate(filters, start=1):
        h = keras.layers.Conv2D(int(f), 3, padding="same", kernel_initializer=init,
                                use_bias=not batch_norm, name=f"conv{i}")(h)
        if batch_norm:
            h = keras.layers.BatchNormalization(name=f"conv{i}_bn")(h)
        h = _activation_layer(activation, f"conv{i}_act")(h)
        if size >= 8 and (size > 8 or i == len(filters)):
            h = keras.layers.MaxPooling2D(2, name=f"pool{i}")(h)
            size //= 2
    h = keras.layers.Flatten(name="flatten")(h)
    if dense_units:
        h = keras.layers.Dense(int(dense_units), kernel_initializer=init, name="fc")(h)
        h = _activation_layer(activation, "fc_act")(h)
    if dropout > 0:
        h = keras.layers.Dropout(dropout, name="dropout")(h)
    outputs = predictions(h, int(classes), "softmax")
    return keras.Model(inputs, outputs, name=name)
