"""Shared machinery of tfdl.interpret: probe models that expose inner layers and class scores.

A *probe* of a model is a functional ``keras.Model`` that reuses the model's own layers (so it
shares the weights and always sees the current ones) and returns ``[*taps, score]``: the
outputs of the named layers and the class scores. Two rewirings are available:

* ``logits=True``: if the output layer ends in a softmax (``activation="softmax"`` or a
  ``Softmax`` layer), a copy of that one layer with a linear activation gives the pre-softmax
  scores (Simonyan et al. take gradients of the unnormalised score ``S_c``, not of the
  probability). Its weights are re-synchronised before every use.
* ``guided=True``: a :class:`tfdl.layers.GuidedReLU` is inserted after every ReLU, which turns
  the input gradient into the guided-backpropagation one.

Probes are cached per model (weakly), so a page that calls saliency again and again builds each
one once.
"""

from __future__ import annotations

import weakref

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import interval_error

_PROBES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _keras():
    import keras

    return keras


def check_model(model):
    """Raise a teaching ``ValueError`` unless ``model`` is a built single-input, single-output model."""
    keras = _keras()
    if not isinstance(model, keras.Model):
        raise TfdlValueError(
            "model_not_keras",
            "`model` must be a keras.Model. Received: model={type_name}",
            type_name=type(model).__name__,
        )
    if not isinstance(model, (keras.Sequential,)) and not _is_functional(model):
        raise TfdlValueError(
            "model_subclassed",
            "`model` must be a Sequential or functional keras.Model (a subclassed model has no graph of layers to "
            "look into). Received: model={type_name}",
            type_name=type(model).__name__,
        )
    try:
        inputs, outputs = model.inputs, model.outputs
    except (AttributeError, ValueError):
        inputs, outputs = None, None
    if not inputs:
        raise TfdlValueError(
            "model_not_built",
            "`model` must be built (give it a keras.Input or call it once on data). Received: model={model_name!r} "
            "with no inputs",
            model_name=model.name,
        )
    if len(inputs) != 1 or len(outputs) != 1:
        raise TfdlValueError(
            "model_one_input_output",
            "`model` must have exactly one input and one output. Received: {n_inputs} inputs and {n_outputs} outputs",
            n_inputs=len(inputs), n_outputs=len(outputs),
        )


def _is_functional(model) -> bool:
    from tfdl import _compat

    return isinstance(model, _compat.functional_model_class())


def _activation_name(layer) -> str:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", "") if activation is not None else ""


def is_relu(layer) -> bool:
    """True if the layer ends in a plain ReLU (``activation="relu"``, ``ReLU()``, ``Activation("relu")``)."""
    keras = _keras()
    if isinstance(layer, keras.layers.ReLU):
        return (
            float(getattr(layer, "negative_slope", 0.0) or 0.0) == 0.0
            and float(getattr(layer, "threshold", 0.0) or 0.0) == 0.0
            and getattr(layer, "max_value", None) is None
        )
    return _activation_name(layer) == "relu"


def _output_layer(model):
    return model.outputs[0]._keras_history.operation


class Probe:
    """A probe model and the layer copies whose weights must follow the original model."""

    def __init__(self, model, taps, guided, logits):
        keras = _keras()
        from tfdl.layers.guided import GuidedReLU

        self.synced = []  # (copy, original) pairs
        out_layer = _output_layer(model)
        swap = logits and (
            _activation_name(out_layer) == "softmax" or isinstance(out_layer, keras.layers.Softmax)
        )
        tapped = {}
        taps = tuple(taps)

        def call(layer, *args, **kwargs):
            target = layer
            if swap and layer is out_layer:
                target = self._copy(layer)
            out = target(*args, **kwargs)
            if layer.name in taps:
                tapped[layer.name] = out
            if guided and is_relu(layer):
                out = GuidedReLU(name=f"{layer.name}_guided")(out)
            return out

        if isinstance(model, keras.Sequential):
            x = inputs = keras.Input(batch_shape=model.inputs[0].shape, dtype=model.inputs[0].dtype)
            for layer in model.layers:
                x = call(layer, x)
            output = x
        else:
            inputs = keras.Input(batch_shape=model.inputs[0].shape, dtype=model.inputs[0].dtype)
            output = model._run_through_graph([inputs], operation_fn=lambda op: op, call_fn=call)
            if isinstance(output, (list, tuple)):
                output = output[0]
        missing = [name for name in taps if name not in tapped]
        if missing:
            raise TfdlValueError(
                "layers_not_reached",
                "Layer(s) {missing} were not reached in the graph of {model_name!r}",
                missing=missing, model_name=model.name,
            )
        self.model = keras.Model(inputs, [tapped[name] for name in taps] + [output])

    def _copy(self, layer):
        keras = _keras()
        if isinstance(layer, keras.layers.Softmax):  # a bare softmax layer: its input is the logits
            return keras.layers.Identity(name=layer.name + "_logits")
        config = layer.get_config()
        config["activation"] = "linear"
        config["name"] = layer.name + "_logits"
        copy = layer.__class__.from_config(config)
        if not isinstance(copy, keras.layers.Activation) and layer.weights:
            self.synced.append((copy, layer))
        return copy

    def __call__(self, x):
        for copy, original in self.synced:
            for v_copy, v in zip(copy.weights, original.weights):
                v_copy.assign(v)
        out = self.model(x, training=False)
        return list(out) if isinstance(out, (list, tuple)) else [out]


def probe(model, taps=(), guided=False, logits=True) -> Probe:
    """The cached probe of ``model`` returning ``[*taps, scores]`` (see the module docstring)."""
    check_model(model)
    for name in taps:
        get_layer(model, name)
    key = (tuple(taps), bool(guided), bool(logits))
    per_model = _PROBES.setdefault(model, {})
    if key not in per_model:
        per_model[key] = Probe(model, key[0], guided, logits)
    return per_model[key]


def get_layer(model, name):
    """``model.get_layer(name)`` with a message that lists the layer names on failure."""
    if not isinstance(name, str):
        raise TfdlValueError(
            "layer_name_type",
            "`layer_name` must be a string. Received: layer_name={name!r}",
            name=name,
        )
    try:
        return model.get_layer(name)
    except ValueError:
        names = [layer.name for layer in model.layers]
        raise TfdlValueError(
            "layer_name_unknown",
            "`layer_name` must be one of the model's layers {names}. Received: layer_name={name!r}",
            names=names, name=name,
        ) from None


def conv_layer_names(model) -> list[str]:
    """Names of the layers whose output is a 4-D feature map ``(N, h, w, C)``, in order."""
    names = []
    for layer in model.layers:
        try:
            shape = layer.output.shape
        except (AttributeError, ValueError):
            continue
        if len(shape) == 4 and "Input" not in layer.__class__.__name__:
            names.append(layer.name)
    return names


def last_conv_layer(model) -> str:
    """The last layer with weights and a 4-D output (the usual Grad-CAM layer).

    If that layer is followed directly by weightless activation layers (``Activation``, ``ReLU``,
    ``LeakyReLU``, ...) of the same shape, the last of those is returned, so the maps are the
    rectified ones whatever way the model spells its activations.
    """
    names = conv_layer_names(model)
    with_weights = [name for name in names if model.get_layer(name).weights]
    candidates = with_weights or names
    if not candidates:
        raise TfdlValueError(
            "no_4d_layer",
            "`model` {model_name!r} has no layer with a 4-D (N, h, w, C) output; pass `layer_name` explicitly",
            model_name=model.name,
        )
    current = model.get_layer(candidates[-1])
    layers = list(model.layers)
    for nxt in layers[layers.index(current) + 1:]:
        try:
            feeds = nxt.input._keras_history.operation is current
            same = tuple(nxt.output.shape) == tuple(current.output.shape)
        except (AttributeError, ValueError):
            break
        is_activation = not nxt.weights and (
            isinstance(nxt, _keras().layers.Activation) or "ReLU" in type(nxt).__name__
            or type(nxt).__name__ in ("ELU", "Softmax", "PReLU")
        )
        if not (feeds and same and is_activation):
            break
        current = nxt
    return current.name


def as_batch(model, x, name="x"):
    """``x`` as a float32 batch matching the model input; also whether a batch axis was added."""
    x = np.asarray(x, dtype="float32")
    expected = len(model.inputs[0].shape)
    added = x.ndim == expected - 1
    if added:
        x = x[None]
    if x.ndim != expected:
        raise TfdlValueError(
            "probe_input_shape",
            "`{name}` must have shape {expected} or a batch of them. Received: {name}.shape={shape}",
            name=name, expected=tuple(model.inputs[0].shape[1:]), shape=x.shape,
        )
    want = tuple(model.inputs[0].shape[1:])
    if any(w is not None and w != s for w, s in zip(want, x.shape[1:])):
        raise TfdlValueError(
            "probe_example_shape",
            "`{name}` must have shape {want} per example. Received: {name}.shape={shape}",
            name=name, want=want, shape=x.shape[1:] if added else x.shape,
        )
    return x, added


def class_indices(class_index, scores: np.ndarray) -> np.ndarray:
    """One class per example: ``None`` → the predicted class; an int or a sequence otherwise."""
    n, k = scores.shape[0], scores.shape[-1]
    if class_index is None:
        return np.argmax(scores.reshape(n, -1), axis=-1).astype("int64")
    c = np.asarray(class_index, dtype="int64").reshape(-1)
    if c.size == 1:
        c = np.repeat(c, n)
    if c.size != n:
        raise TfdlValueError(
            "class_index_count",
            "`class_index` must be one int or one per example ({n}). Received: class_index={class_index!r}",
            n=n, class_index=class_index,
        )
    if (c < 0).any() or (c >= k).any():
        raise interval_error("class_index", class_index, f"[0, {k})")
    return c


def input_gradient(pr: Probe, x: np.ndarray, class_index=None):
    """``∂S_c/∂x`` for a batch through a probe (no taps); returns ``(grad, scores, classes)``."""
    import tensorflow as tf

    xt = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        scores = pr(xt)[-1]
        scores2 = tf.reshape(scores, (tf.shape(scores)[0], -1))
        c = class_indices(class_index, scores2.numpy())
        s = tf.gather(scores2, c, axis=1, batch_dims=1)
    grad = tape.gradient(s, xt)
    return grad.numpy(), scores2.numpy(), c


def reduce_map(grad: np.ndarray, absolute: bool, channel_reduce):
    """Turn an input gradient (N, H, W, C) into a map: ``|g|`` then max/mean/sum over channels."""
    g = np.abs(grad) if absolute else grad
    if channel_reduce is None or g.ndim < 3:
        return g
    if channel_reduce == "max":
        return g.max(axis=-1) if absolute else _signed_max(g)
    if channel_reduce == "mean":
        return g.mean(axis=-1)
    if channel_reduce == "sum":
        return g.sum(axis=-1)
    raise TfdlValueError(
        "channel_reduce_choice",
        "`channel_reduce` must be 'max', 'mean', 'sum' or None. Received: channel_reduce={channel_reduce!r}",
        channel_reduce=channel_reduce,
    )


def _signed_max(g: np.ndarray) -> np.ndarray:
    """The entry of largest magnitude over the channel axis, with its sign."""
    idx = np.abs(g).argmax(axis=-1)[..., None]
    return np.take_along_axis(g, idx, axis=-1)[..., 0]
