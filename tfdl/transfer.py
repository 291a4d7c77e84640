"""Transfer learning: reuse a trained network's features for a new task, then fine-tune its top.

The recipe of Keras' transfer-learning guide, in two functions:

1. :func:`transfer` cuts a trained ``base`` below its classifier, freezes its layers (all, or the
   bottom ``n``), and puts a new softmax head for ``num_classes`` on top.
2. :func:`unfreeze_top` makes the top ``n`` layers of the base trainable again for a second,
   gentler phase, and recompiles with a lower learning rate (a large step would wreck the
   pretrained features the new head was fitted to).

Batch normalisation stays in inference mode throughout, as the guide advises: its layers keep the
source task's mean and variance (a few new images would give poor batch statistics). Keras runs a
frozen ``BatchNormalization`` layer in inference mode, so tfdl never unfreezes one. (The guide's
other half, calling the base with ``training=False``, is done too, but Keras 3.15 hands the outer
model's ``training`` flag down to the nested base, so it cannot be relied on alone.)

"Layers" here are the *tunable* layers (:func:`tunable_layers`): those with trainable weights
(convolutions, dense), counted from the input; batch norm, pooling, activation and dropout
layers are not counted.

Example:
    >>> from tfdl.models import build_small_cnn
    >>> base = build_small_cnn((8, 8, 1), 5, filters=(8,), dense_units=16)
    >>> model = transfer(base, 3)
    >>> trainable_params(model), model.output_shape
    (51, (None, 3))
"""

from __future__ import annotations

import keras
import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["BASE_NAME", "transfer", "unfreeze_top", "trainable_params", "tunable_layers"]

#: Name of the nested feature extractor inside a model made by :func:`transfer`.
BASE_NAME = "base"
_POOLINGS = ("avg", "max", "flatten")


def tunable_layers(model) -> list:
    """The layers of ``model`` that fine-tuning may change, input first (nested models are entered):
    every layer with weights except ``BatchNormalization`` (kept frozen, in inference mode).

    Example:
        >>> from tfdl.models import build_small_cnn
        >>> cnn = build_small_cnn((8, 8, 1), 3, filters=(4,), dense_units=8, batch_norm=True)
        >>> [l.name for l in tunable_layers(cnn)]
        ['conv1', 'fc', 'predictions']
    """
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            out.extend(tunable_layers(layer))
        elif layer.weights and not isinstance(layer, keras.layers.BatchNormalization):
            out.append(layer)
    return out


def trainable_params(model) -> int:
    """Number of trainable scalars of ``model`` (``Σ size(w)`` over ``model.trainable_weights``).

    Example:
        >>> trainable_params(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]))
        8
    """
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def _default_cut(base):
    """The layer under the classifier: the input of the last layer named ``predictions*`` (tfdl and
    keras.applications name their classifier so), else the layer before the last one."""
    heads = [layer for layer in base.layers if layer.name.startswith("predictions")]
    if heads:
        inbound = heads[0]._inbound_nodes[0].input_tensors[0]
        return inbound._keras_history.operation.name
    return base.layers[-2].name


def _cut_layer(base, cut):
    names = [layer.name for layer in base.layers]
    if cut is None:
        return base.get_layer(_default_cut(base))
    if isinstance(cut, str):
        if cut not in names:
            raise TfdlValueError(
                "transfer_cut_name",
                "`cut` must name a layer of the base model {model_name!r}. Received: cut={cut!r}; its layers: {names}",
                model_name=base.name,
                cut=cut,
                names=", ".join(names),
            )
        return base.get_layer(cut)
    index = None
    if not isinstance(cut, bool) and isinstance(cut, (int, np.integer)) and -len(names) <= cut < len(names):
        index = int(cut) % len(names)
    if not index:  # not an index, or the input layer (no features to keep)
        raise TfdlValueError(
            "transfer_cut_index",
            "`cut` must be a layer name or an index in [1, {high}] (or a negative one) of the base's {n} layers; "
            "the features are that layer's output. Received: cut={cut!r}",
            high=len(names) - 1,
            n=len(names),
            cut=cut,
        )
    return base.layers[index]


def _check_freeze(freeze, n_layers: int):
    """``freeze`` as a number of bottom layers to freeze (``"all"``: every layer; ``"none"``: 0)."""
    if freeze == "all":
        return n_layers
    if freeze == "none":
        return 0
    if isinstance(freeze, bool) or not isinstance(freeze, (int, np.integer)) or not 0 <= freeze <= n_layers:
        raise TfdlValueError(
            "transfer_freeze",
            "`freeze` must be 'all', 'none' or the number of bottom layers with weights to freeze, an integer "
            "in [0, {n_layers}] (the base keeps {n_layers} such layers, batch norm not counted). Received: "
            "freeze={freeze!r}",
            n_layers=n_layers,
            freeze=freeze,
        )
    return int(freeze)


def _check_head(head):
    if callable(head):
        return head
    units = tuple(head) if isinstance(head, (tuple, list)) else None
    if units is None or any(isinstance(u, bool) or not isinstance(u, (int, np.integer)) or u < 1 for u in units):
        raise TfdlValueError(
            "transfer_head",
            "`head` must be a tuple of hidden widths (e.g. (64,) or () for a softmax on the features) or a "
            "function mapping the feature tensor to a tensor. Received: head={head!r}",
            head=head,
        )
    return units


def transfer(
    base,
    num_classes: int,
    freeze="all",
    head=(),
    *,
    cut=None,
    pooling: str = "avg",
    dropout: float = 0.0,
    copy: bool = True,
    name: str | None = None,
):
    """A new classifier on the features of a trained ``base``: cut its head, freeze, add a softmax.

    Formula: ``p(y | x) = softmax(W · g(φ(x)) + b)`` where ``φ`` is the base up to ``cut`` (its bottom
    ``freeze`` tunable layers fixed, batch norm always fixed), ``g`` the optional hidden layers
    of ``head``, and ``W, b`` new weights for ``num_classes`` classes. A feature map ``(H, W, C)`` is
    pooled to a vector first (``pooling``). Only ``g``, ``W``, ``b`` and the unfrozen top of ``φ`` learn.

    Args:
        base: a trained functional (or sequential) ``keras.Model``.
        num_classes: classes of the new task (>= 2).
        freeze: ``"all"`` (feature extraction), ``"none"``, or how many bottom tunable layers of the
            kept base to freeze (the rest fine-tune from the start).
        head: hidden widths of the new head, e.g. ``(64,)`` (ReLU), ``()`` for a softmax directly on
            the features; or a function ``tensor -> tensor`` that adds your own layers.
        cut: where the features are taken: a layer name or index of ``base`` (its output);
            ``None``: the input of the base's ``predictions`` layer, else of its last layer.
        pooling: ``"avg"``, ``"max"`` or ``"flatten"`` for a feature map of rank > 2.
        dropout: dropout rate before the new classifier, in [0, 1).
        copy: work on a copy of ``base`` (same weights), so that training the new model never
            changes ``base``; ``False`` shares the layers, as the Keras guide does.
        name: model name (default ``"{base.name}_transfer"``).

    Returns:
        An uncompiled ``keras.Model``: the feature extractor is its layer :data:`BASE_NAME`
        (``"base"``); the new layers are ``head_dense{i}``, ``head_dropout`` and ``predictions``.
        :func:`tfdl.training.fit` keeps its weights (it does not re-draw them from the seed).

    Raises:
        TfdlValueError: an argument out of its range, naming it and why.

    Example:
        >>> from tfdl.models import build_small_cnn
        >>> model = transfer(build_small_cnn((8, 8, 1), 5, filters=(8,), dense_units=16), 5, head=(4,))
        >>> [l.name for l in model.layers]
        ['image', 'base', 'head_dense1', 'predictions']

    Reference: Yosinski et al., "How transferable are features in deep neural networks?",
    NeurIPS 2014; F. Chollet, "Transfer learning & fine-tuning" (keras.io guide).
    """
    from tfdl import validation
    from tfdl.models._common import predictions

    if not isinstance(base, keras.Model) or not getattr(base, "inputs", None):
        raise TfdlValueError(
            "transfer_base",
            "`base` must be a built functional or sequential keras.Model (one with inputs). Received: base={base!r}",
            base=base,
        )
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < 2:
        raise validation.int_min_error("num_classes", num_classes, 2)
    if pooling not in _POOLINGS:
        raise validation.one_of_error("pooling", pooling, _POOLINGS)
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0.0 <= dropout < 1.0:
        raise validation.interval_error("dropout", dropout, "[0, 1)")
    head = _check_head(head)
    layer = _cut_layer(base, cut)  # checked on the original: the names are the same in the copy
    if copy:
        source = keras.models.clone_model(base)
        source.set_weights(base.get_weights())
    else:
        source = base
    features = keras.Model(source.inputs, source.get_layer(layer.name).output, name=BASE_NAME)
    layers = tunable_layers(features)
    n_frozen = _check_freeze(freeze, len(layers))
    features.trainable = True
    for each in features._flatten_layers(include_self=False, recursive=True):
        if isinstance(each, keras.layers.BatchNormalization):
            each.trainable = False  # inference mode: the source task's statistics
    for i, tunable in enumerate(layers):
        tunable.trainable = i >= n_frozen

    inputs = keras.Input(tuple(base.inputs[0].shape[1:]), name=base.inputs[0].name or "input")
    x = features(inputs, training=False)  # the guide's advice (BN is also kept frozen: see the module)
    if len(x.shape) > 2:
        pool = {
            "avg": keras.layers.GlobalAveragePooling2D,
            "max": keras.layers.GlobalMaxPooling2D,
            "flatten": keras.layers.Flatten,
        }[pooling]
        if pooling != "flatten" and len(x.shape) == 3:
            pool = {"avg": keras.layers.GlobalAveragePooling1D, "max": keras.layers.GlobalMaxPooling1D}[pooling]
        x = pool(name="head_pool")(x)
    if callable(head):
        x = head(x)
    else:
        for i, units in enumerate(head, start=1):
            x = keras.layers.Dense(int(units), activation="relu", name=f"head_dense{i}")(x)
    if dropout > 0:
        x = keras.layers.Dropout(float(dropout), name="head_dropout")(x)
    outputs = predictions(x, int(num_classes), "softmax")
    model = keras.Model(inputs, outputs, name=name or f"{base.name}_transfer")
    model._tfdl_keep_weights = True  # tfdl.training.fit: pretrained, never re-drawn from the seed
    return model


def unfreeze_top(model, n_layers, *, learning_rate: float | None = None, factor: float = 0.1):
    """Make the top ``n_layers`` tunable layers of a transferred model's base trainable (phase two).

    Batch-normalisation layers stay frozen, in inference mode (Keras guide; see the module). A
    compiled model is recompiled (a change of ``trainable`` takes effect only then) with a fresh
    optimiser of the same kind and a lower step: ``learning_rate``, or ``factor`` × the current one.

    Args:
        model: a model made by :func:`transfer`.
        n_layers: how many tunable layers of the base (:func:`tunable_layers`), counted from its
            top, to unfreeze (``"all"``: every one).
        learning_rate: the new step (> 0); default ``factor`` × the compiled optimiser's.
        factor: the step multiplier when ``learning_rate`` is not given, in (0, 1].

    Returns:
        ``model`` (changed in place).

    Example:
        >>> from tfdl.models import build_small_cnn
        >>> m = transfer(build_small_cnn((8, 8, 1), 5, filters=(8,), dense_units=16), 3)
        >>> trainable_params(unfreeze_top(m, 1))  # head 16·3 + 3, and fc 128·16 + 16
        2115
    """
    from tfdl import validation

    try:
        features = model.get_layer(BASE_NAME)
    except ValueError:
        features = None
    if not isinstance(features, keras.Model):
        raise TfdlValueError(
            "transfer_no_base",
            "`model` must be made by tfdl.transfer.transfer (it has no nested model named {base!r}). Received: "
            "model={model_name!r}",
            base=BASE_NAME,
            model_name=getattr(model, "name", model),
        )
    layers = tunable_layers(features)
    if n_layers == "all":
        n_layers = len(layers)
    if isinstance(n_layers, bool) or not isinstance(n_layers, (int, np.integer)) or not 0 <= n_layers <= len(layers):
        raise TfdlValueError(
            "transfer_unfreeze",
            "`n_layers` must be 'all' or an integer in [0, {n_layers_max}] (the base has {n_layers_max} layers with "
            "weights, batch norm not counted). Received: n_layers={n_layers!r}",
            n_layers_max=len(layers),
            n_layers=n_layers,
        )
    if learning_rate is not None and (
        isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or not learning_rate > 0
    ):
        raise validation.gt_error("learning_rate", learning_rate, 0)
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 < factor <= 1:
        raise validation.interval_error("factor", factor, "(0, 1]")
    for layer in layers[len(layers) - int(n_layers) :]:
        layer.trainable = True
    if getattr(model, "compiled", False) and model.optimizer is not None:
        old = model.optimizer
        step = (
            learning_rate
            if learning_rate is not None
            else factor * float(keras.ops.convert_to_numpy(old.learning_rate))
        )
        optimizer = keras.optimizers.serialize(old)
        optimizer["config"]["learning_rate"] = float(step)
        config = model.get_compile_config()
        config["optimizer"] = optimizer  # a fresh optimiser: new slots for the new trainable weights
        model.compile_from_config(config)
    return model
