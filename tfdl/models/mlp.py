"""Small builders the course trains on its own data: the TensorFlow-Playground MLP and a small CNN.

* :func:`build_mlp` — input features (``x1, x2, x1², x2², x1x2, sin x1, sin x2``) by the layer
  :class:`tfdl.layers.FeatureExpansion`, hidden layers, activation, initialisation, dropout
  (inverted or classic, :class:`tfdl.layers.Dropout`), batch or layer normalisation, L2 (the
  Train page's network).
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
from tfdl.layers.dropout import DROPOUT_FORMS, Dropout
from tfdl.layers.features import FeatureExpansion
from tfdl.models._common import predictions, resolve_num_classes
from tfdl.seeding import seeded

__all__ = ["MLP_ACTIVATIONS", "MLP_INITIALIZERS", "build_mlp", "build_small_cnn"]

MLP_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "maxout")
MLP_INITIALIZERS = INITIALIZERS  # the one table: tfdl.initializers
LAYER_NORM_EPSILON = 1e-3  # ε of σ² + ε, as keras.layers.LayerNormalization's default


def _check_normalization(batch_norm, layer_norm, dropout_form) -> None:
    if dropout_form not in DROPOUT_FORMS:
        raise validation.one_of_error("dropout_form", dropout_form, DROPOUT_FORMS)
    if batch_norm and layer_norm:
        raise TfdlValueError(
            "batch_and_layer_norm",
            "Choose one normalisation: `batch_norm` and `layer_norm` cannot both be True. "
            "Received: batch_norm={batch_norm!r}, layer_norm={layer_norm!r}",
            batch_norm=batch_norm, layer_norm=layer_norm,
        )


def _layer_norm(name: str, axis=-1):
    return keras.layers.LayerNormalization(axis=axis, epsilon=LAYER_NORM_EPSILON, name=name)


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
    dropout_form: str = "inverted",
    layer_norm: bool = False,
    regression: bool = False,
):
    """The TensorFlow-Playground network: features → [Dense → (BN | LN) → activation → (dropout)]×L → softmax.

    Each hidden layer computes ``z = W a + b`` then ``a' = f(z)`` (``f = max_j z_j`` over
    ``maxout_pieces`` for ``"maxout"``); the L2 penalty adds ``l2·‖W‖²`` per kernel. Layer names
    are patterned: ``hidden{i}_dense``, ``hidden{i}_bn`` or ``hidden{i}_ln``, ``hidden{i}_act``,
    ``hidden{i}_dropout`` (``i`` from 1), so :func:`tfdl.interpret.hidden_outputs` can show each
    neuron's own output.

    Batch normalisation normalises each unit over the mini-batch; layer normalisation (Ba, Kiros,
    Hinton 2016) normalises each example over the layer's units, the same in training and at
    test: ``LN(z) = γ ⊙ (z − μ) / √(σ² + ε) + β`` with ``μ, σ²`` the mean and variance of ``z``'s
    units (``ε = 1e-3``). Either sits between the dense layer (then without bias: ``β`` replaces
    it) and the activation; neither is used with maxout, whose pieces are one layer.

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
        dropout_form: ``"inverted"`` (scale by ``1/(1 − rate)`` in training) or ``"classic"``
            (scale by ``1 − rate`` at test), see :class:`tfdl.layers.Dropout`.
        layer_norm: insert layer normalisation where ``batch_norm`` would go (not both).
        regression: one linear output unit ``ŷ = w·a + b`` instead of the softmax (train it with
            the mean squared error; ``num_classes`` is then not used).

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
    _check_normalization(batch_norm, layer_norm, dropout_form)
    if l2 < 0:
        raise validation.min_error("l2", l2, 0)
    classes = resolve_num_classes(num_classes, classes, default=2)
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise validation.int_min_error("num_classes", classes, 2)
    with seeded(seed):  # seed None: no seeding, no lock (tfdl.seeding)
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
                                       use_bias=not (batch_norm or layer_norm), name=f"hidden{i}_dense")(h)
                if batch_norm:
                    h = keras.layers.BatchNormalization(name=f"hidden{i}_bn")(h)
                elif layer_norm:
                    h = _layer_norm(f"hidden{i}_ln")(h)
                h = _activation_layer(activation, f"hidden{i}_act")(h)
            if dropout > 0:
                h = Dropout(dropout, form=dropout_form, name=f"hidden{i}_dropout")(h)
        units, head = (1, None) if regression else (int(classes), "softmax")
        outputs = keras.layers.Dense(units, activation=head, kernel_initializer=init,
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
    layer_norm: bool = False,
    dropout_form: str = "inverted",
):
    """A small CNN: ``[conv3×3 → (BN | LN) → f → (max-pool 2×2)]`` per entry of ``filters``, flatten,
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
        batch_norm: batch normalisation after each conv (layers ``conv{i}_bn``).
        initializer: see :func:`build_mlp`.
        name: model name.
        layer_norm: layer normalisation after each conv instead (layers ``conv{i}_ln``): each
            example's map normalised over all its positions and channels (``axis=(1, 2, 3)``,
            one ``γ, β`` per position and channel), as Ba et al. normalise a layer's units.
        dropout_form: see :func:`build_mlp`.

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
    _check_normalization(batch_norm, layer_norm, dropout_form)
    classes = resolve_num_classes(num_classes, classes, default=10)
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise validation.int_min_error("num_classes", classes, 2)
    init = _initializer(initializer)
    inputs = keras.Input(shape=tuple(input_shape), name="image")
    h = inputs
    size = input_shape[0]
    for i, f in enumerate(filters, start=1):
        h = keras.layers.Conv2D(int(f), 3, padding="same", kernel_initializer=init,
                                use_bias=not (batch_norm or layer_norm), name=f"conv{i}")(h)
        if batch_norm:
            h = keras.layers.BatchNormalization(name=f"conv{i}_bn")(h)
        elif layer_norm:
            h = _layer_norm(f"conv{i}_ln", axis=(1, 2, 3))(h)
        h = _activation_layer(activation, f"conv{i}_act")(h)
        if size >= 8 and (size > 8 or i == len(filters)):
            h = keras.layers.MaxPooling2D(2, name=f"pool{i}")(h)
            size //= 2
    h = keras.layers.Flatten(name="flatten")(h)
    if dense_units:
        h = keras.layers.Dense(int(dense_units), kernel_initializer=init, name="fc")(h)
        h = _activation_layer(activation, "fc_act")(h)
    if dropout > 0:
        h = Dropout(dropout, form=dropout_form, name="dropout")(h)
    outputs = predictions(h, int(classes), "softmax")
    return keras.Model(inputs, outputs, name=name)
