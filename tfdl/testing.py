"""Reusable checks for Keras layers and models: the contract every tfdl layer must meet.

``check_layer`` runs one layer through everything a user will do with it:

1. **config** - ``layer.__class__.from_config(layer.get_config())`` gives the same config, every
   ``__init__`` argument is stored in the config, the class is registered for serialisation;
2. **shape** - the eager output shape equals ``compute_output_shape`` (and the symbolic shape of a
   functional model built with a ``None`` batch), and equals ``expected_output_shape`` if given;
3. **graph** - the layer inside ``tf.function`` gives the eager output;
4. **fit step** - one ``GradientTape`` step: every trainable weight gets a finite, non-zero
   gradient, and an optimizer step changes the weights and keeps the output finite;
5. **save/load** - a ``.keras`` file of a functional model around the layer reloads with
   ``keras.saving.load_model(path, safe_mode=True)`` and gives identical outputs;
6. **reference** - optionally, the output equals a numpy ``reference(x)``.

``check_model`` does the same for a whole (functional) model: forward, backward, no NaN, every
trainable weight gets a gradient, one ``train_on_batch`` step if compiled, ``.keras`` save/load.

Both raise ``AssertionError`` with a message naming the layer, the check and the numbers, and
return a small dict of what they computed (outputs, gradient norms) for further assertions.

Example:
    >>> import keras, tfdl.testing
    >>> report = tfdl.testing.check_layer(keras.layers.Dense(3), (2, 4))
    >>> print(report["output_shape"])
    (2, 3)
"""

from __future__ import annotations

import inspect
import json
import os
import tempfile

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["check_layer", "check_model", "random_inputs"]

_SKIP_INIT_ARGS = {"self", "kwargs", "args"}


# --------------------------------------------------------------------------------------------
# small utilities
# --------------------------------------------------------------------------------------------
def _is_shape(obj) -> bool:
    return (
        isinstance(obj, (tuple, list))
        and len(obj) > 0
        and all(isinstance(d, (int, np.integer)) or d is None for d in obj)
        and not any(isinstance(d, bool) for d in obj)
    )


def _is_array(obj) -> bool:
    import tensorflow as tf

    return isinstance(obj, (np.ndarray, tf.Tensor, tf.Variable)) or (
        hasattr(obj, "shape") and hasattr(obj, "dtype") and not isinstance(obj, (int, float))
    )


def random_inputs(shape_or_shapes, seed: int = 0, batch_size: int = 2, dtype="float32"):
    """Random normal inputs for a shape, or a list of shapes (``None`` batch -> ``batch_size``).

    Args:
        shape_or_shapes: a shape tuple such as ``(2, 8, 8, 3)`` or ``(None, 8, 8, 3)``, or a
            list/tuple of such shapes (one per input).
        seed: numpy seed.
        batch_size: size used for a ``None`` first dimension (other ``None`` become 5).
        dtype: numpy dtype of the arrays.

    Returns:
        A numpy array, or a list of arrays.

    Example:
        >>> print(random_inputs((None, 4, 3)).shape)
        (2, 4, 3)
    """
    rng = np.random.default_rng(seed)

    def one(shape):
        shape = tuple(
            (batch_size if i == 0 else 5) if d is None else int(d) for i, d in enumerate(shape)
        )
        return rng.standard_normal(shape).astype(dtype)

    if _is_shape(shape_or_shapes):
        return one(shape_or_shapes)
    return [one(s) for s in shape_or_shapes]


def _flatten(structure):
    import keras

    return keras.tree.flatten(structure)


def _to_numpy(structure):
    import keras

    return keras.tree.map_structure(
        lambda t: t if t is None else np.asarray(keras.ops.convert_to_numpy(t)), structure
    )


def _describe(a) -> str:
    a = np.asarray(a)
    if a.size == 0:
        return f"shape={a.shape} (empty)"
    if not np.issubdtype(a.dtype, np.number):
        return f"shape={a.shape} dtype={a.dtype}"
    finite = a[np.isfinite(a)] if np.issubdtype(a.dtype, np.floating) else a
    lo, hi = (f"{finite.min():.4g}", f"{finite.max():.4g}") if finite.size else ("-", "-")
    bad = int((~np.isfinite(a)).sum()) if np.issubdtype(a.dtype, np.floating) else 0
    return f"shape={a.shape} dtype={a.dtype} finite min={lo} max={hi} non-finite={bad}"


def _assert_finite(structure, what: str):
    for i, a in enumerate(_flatten(_to_numpy(structure))):
        a = np.asarray(a)
        if np.issubdtype(a.dtype, np.floating) and not np.all(np.isfinite(a)):
            raise AssertionError(
                f"{what}: output #{i} has {int(np.sum(~np.isfinite(a)))} non-finite values "
                f"(NaN/inf): {_describe(a)}"
            )


def _assert_close(actual, expected, what: str, atol: float, rtol: float):
    act, exp = _flatten(_to_numpy(actual)), _flatten(_to_numpy(expected))
    if len(act) != len(exp):
        raise AssertionError(f"{what}: {len(act)} outputs, expected {len(exp)}")
    for i, (a, e) in enumerate(zip(act, exp)):
        a, e = np.asarray(a), np.asarray(e)
        if a.shape != e.shape:
            raise AssertionError(
                f"{what}: output #{i} has shape {a.shape}, expected {e.shape}"
            )
        if not np.allclose(a, e, atol=atol, rtol=rtol, equal_nan=False):
            diff = np.abs(a.astype(np.float64) - e.astype(np.float64))
            where = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.size else ()
            raise AssertionError(
                f"{what}: output #{i} differs (atol={atol}, rtol={rtol}): "
                f"max |diff|={diff.max():.4g} at index {tuple(int(j) for j in where)} "
                f"(got {a[where]!r}, expected {e[where]!r}); "
                f"{int((diff > atol + rtol * np.abs(e)).sum())} of {diff.size} values off"
            )


def _shape_tuple(shape):
    return tuple(None if d is None else int(d) for d in shape)


def _shapes_compatible(a, b) -> bool:
    a, b = _shape_tuple(a), _shape_tuple(b)
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def _output_shapes(structure):
    import keras

    return keras.tree.map_structure(
        lambda t: _shape_tuple(t.shape), structure
    ) if not hasattr(structure, "shape") else _shape_tuple(structure.shape)


def _normalized_config(config) -> str:
    return json.dumps(config, sort_keys=True, default=repr)


def _is_float(t) -> bool:
    import keras

    return "float" in str(keras.backend.standardize_dtype(t.dtype))


def _tmp_dir(tmp_path):
    if tmp_path is not None:
        return None, str(tmp_path)
    handle = tempfile.TemporaryDirectory(prefix="tfdl_check_")
    return handle, handle.name


def _projection_loss(outputs, seed: int = 1):
    """``sum_i mean(r_i * y_i)`` over float outputs, r_i fixed random: linear, never degenerate."""
    import keras

    rng = np.random.default_rng(seed)
    total = 0.0
    used = 0
    for y in _flatten(outputs):
        if y is None or not _is_float(y):
            continue
        r = rng.standard_normal(tuple(int(d) for d in y.shape)).astype("float32")
        y32 = keras.ops.cast(y, "float32")
        total = total + keras.ops.mean(y32 * r) + 0.01 * keras.ops.mean(keras.ops.square(y32))
        used += 1
    if used == 0:
        raise AssertionError("no floating-point output to take a gradient of")
    return total


def _check_gradients(weights, grads, who: str, allow_zero=()):
    problems = []
    norms = {}
    for w, g in zip(weights, grads):
        name = getattr(w, "path", None) or w.name
        if g is None:
            problems.append(f"{name}: no gradient (None) - the weight is not used in call()")
            continue
        g = np.asarray(g if not hasattr(g, "values") else g.values)
        if not np.all(np.isfinite(g)):
            problems.append(f"{name}: non-finite gradient ({_describe(g)})")
            continue
        norms[name] = float(np.sqrt(np.sum(np.square(g.astype(np.float64)))))
        if norms[name] == 0.0 and not any(p in name for p in allow_zero):
            problems.append(f"{name}: gradient is exactly zero everywhere (shape {g.shape})")
    if problems:
        raise AssertionError(
            f"{who}: {len(problems)} of {len(weights)} trainable weights get no useful "
            "gradient:\n  " + "\n  ".join(problems)
        )
    return norms


# --------------------------------------------------------------------------------------------
# check_layer
# --------------------------------------------------------------------------------------------
def _check_config(layer, ignore_args=()):
    import keras

    cls = type(layer)
    who = cls.__name__
    config = layer.get_config()
    if not isinstance(config, dict):
        raise AssertionError(f"{who}.get_config() must return a dict, got {type(config)}")
    # every __init__ argument is stored under its own name
    params = inspect.signature(cls.__init__).parameters
    builtin = cls.__module__.startswith("keras")  # Keras' own layers skip a few (lora_rank)
    missing = [
        name
        for name, p in params.items()
        if not builtin
        and name not in _SKIP_INIT_ARGS
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and name not in config
        and name not in ignore_args
    ]
    if missing:
        raise AssertionError(
            f"{who}.get_config() omits __init__ argument(s) {missing}; store each argument in "
            f"__init__ and return it from get_config(). Config keys: {sorted(config)}"
        )
    # registered for serialisation (tfdl classes must be under package "tfdl")
    if not cls.__module__.startswith("keras"):
        registered = keras.saving.get_registered_name(cls)
        if keras.saving.get_registered_object(registered) is not cls:
            raise AssertionError(
                f"{who} is not registered for serialisation: decorate it with "
                '@keras.saving.register_keras_serializable(package="tfdl")'
            )
        if cls.__module__.startswith("tfdl") and not registered.startswith("tfdl>"):
            raise AssertionError(
                f"{who} is registered as {registered!r}; tfdl classes use package='tfdl'"
            )
    # from_config round trip
    try:
        clone = cls.from_config(config)
    except Exception as exc:
        raise AssertionError(
            f"{who}.from_config(layer.get_config()) failed: {type(exc).__name__}: {exc}"
        ) from exc
    a, b = _normalized_config(config), _normalized_config(clone.get_config())
    if a != b:
        diff = {
            k: (config.get(k), clone.get_config().get(k))
            for k in set(config) | set(clone.get_config())
            if _normalized_config(config.get(k)) != _normalized_config(clone.get_config().get(k))
        }
        raise AssertionError(
            f"{who}: config changes after from_config round trip; (before, after) = {diff}"
        )
    # full serialisation round trip (what .keras files use)
    serial = keras.saving.serialize_keras_object(layer)
    again = keras.saving.deserialize_keras_object(serial, safe_mode=True)
    if type(again) is not cls:
        raise AssertionError(f"{who}: deserialize_keras_object gave {type(again).__name__}")
    return config


def check_layer(
    layer,
    inputs=None,
    *,
    input_shape=None,
    reference=None,
    atol: float = 1e-5,
    rtol: float = 1e-5,
    expected_output_shape=None,
    call_kwargs: dict | None = None,
    unpack_inputs: bool = False,
    check_config: bool = True,
    check_shape: bool = True,
    check_graph: bool = True,
    check_fit: bool = True,
    check_save: bool = True,
    require_compute_output_shape: bool = True,
    allow_zero_gradients=(),
    ignore_config_args=(),
    tmp_path=None,
    seed: int = 0,
):
    """Run a Keras layer through config, shape, graph, fit-step, save/load and reference checks.

    The fit step minimises ``L = sum_i mean(r_i * y_i) + 0.01 mean(y_i^2)`` (fixed random
    ``r_i``) with one ``GradientTape`` step, so every trainable weight that influences an output
    must get ``dL/dw != 0``.

    Args:
        layer: an (unbuilt or built) Keras layer instance.
        inputs: a numpy array / tensor, a list of them (multi-input layers), or a shape tuple
            (or list of shape tuples) for random normal float32 inputs.
        input_shape: alternative to ``inputs``: a shape tuple (``None`` batch -> 2).
        reference: optional numpy function; ``reference(x)`` (``reference(*xs)`` with
            ``unpack_inputs``) must equal the layer output within ``atol``/``rtol``.
        atol: absolute tolerance for the reference and graph comparisons.
        rtol: relative tolerance for the reference and graph comparisons.
        expected_output_shape: shape (or structure of shapes) the output must have.
        call_kwargs: extra call arguments; arrays (e.g. ``mask``) become model inputs, other
            values (e.g. ``return_sequences``-like flags) are passed as constants.
        unpack_inputs: call ``layer(*inputs)`` instead of ``layer(inputs)`` for a list.
        check_config: run the config checks.
        check_shape: compare with ``compute_output_shape`` and the symbolic shape.
        check_graph: compare eager output with the output under ``tf.function``.
        check_fit: take a gradient step, check gradients of every trainable weight.
        check_save: ``.keras`` save and ``load_model(safe_mode=True)`` with identical outputs.
        require_compute_output_shape: fail when the layer does not override
            ``compute_output_shape``.
        allow_zero_gradients: substrings of weight paths allowed an all-zero gradient.
        ignore_config_args: ``__init__`` arguments that need not appear in ``get_config``.
        tmp_path: folder for the ``.keras`` file (a temporary one if ``None``).
        seed: seed of random inputs and of the projection in the loss.

    Returns:
        dict with ``output`` (numpy, structure as the layer returns), ``output_shape``,
        ``config`` and ``grad_norms`` (weight path -> gradient L2 norm).

    Example:
        >>> import keras
        >>> r = check_layer(keras.layers.Conv2D(4, 3), (2, 8, 8, 3))
        >>> print(r["output_shape"])
        (2, 6, 6, 4)
    """
    import tensorflow as tf

    options = dict(locals())
    for key in ("layer", "inputs", "tf"):
        options.pop(key)
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")  # each check traces fresh tf.functions: silence retracing warnings
    try:
        return _check_layer(layer, inputs, **options)
    finally:
        logger.setLevel(level)


def _check_layer(layer, inputs, *, input_shape, reference, atol, rtol, expected_output_shape,
                 call_kwargs, unpack_inputs, check_config, check_shape, check_graph, check_fit,
                 check_save, require_compute_output_shape, allow_zero_gradients,
                 ignore_config_args, tmp_path, seed):
    import keras
    import tensorflow as tf

    who = f"{type(layer).__name__}({getattr(layer, 'name', '')})"
    if inputs is None and input_shape is None:
        raise TfdlValueError("check_layer_inputs", "check_layer needs `inputs` (arrays or a shape) or `input_shape`")
    if inputs is None:
        inputs = input_shape
    if _is_shape(inputs) or (
        isinstance(inputs, (list, tuple)) and inputs and all(_is_shape(s) for s in inputs)
    ):
        inputs = random_inputs(inputs, seed=seed)
    multi = isinstance(inputs, (list, tuple))
    if multi:
        inputs = [np.asarray(keras.ops.convert_to_numpy(x)) for x in inputs]
    elif isinstance(inputs, dict):
        raise TfdlValueError("check_layer_dict", "check_layer takes an array or a list of arrays, not a dict")
    else:
        inputs = np.asarray(keras.ops.convert_to_numpy(inputs))
    call_kwargs = dict(call_kwargs or {})
    tensor_kwargs = {k: np.asarray(v) for k, v in call_kwargs.items() if _is_array(v)}
    const_kwargs = {k: v for k, v in call_kwargs.items() if k not in tensor_kwargs}

    def call(lyr, xs, tkw, **extra):
        if multi and unpack_inputs:
            return lyr(*xs, **tkw, **const_kwargs, **extra)
        return lyr(xs, **tkw, **const_kwargs, **extra)

    report = {}
    # ---- forward (eager) ---------------------------------------------------------------
    x_t = keras.tree.map_structure(tf.convert_to_tensor, inputs)
    kw_t = {k: tf.convert_to_tensor(v) for k, v in tensor_kwargs.items()}
    try:
        y = call(layer, x_t, kw_t)
    except Exception as exc:
        raise AssertionError(
            f"{who}: calling the layer on inputs "
            f"{[_describe(a) for a in _flatten(inputs)]} failed: {type(exc).__name__}: {exc}"
        ) from exc
    n_weights = len(layer.weights)
    y_np = _to_numpy(y)
    _assert_finite(y_np, f"{who} forward")
    report["output"] = y_np
    report["output_shape"] = _output_shapes(y)
    unnamed = [w.path for w in layer.weights if w.name == "variable"]
    if unnamed:
        raise AssertionError(
            f"{who}: weights without a name {unnamed}; use self.add_weight(name=...) in build()"
        )
    y2 = call(layer, x_t, kw_t)
    if len(layer.weights) != n_weights:
        raise AssertionError(
            f"{who}: the second call created weights ({n_weights} -> {len(layer.weights)}); "
            "create weights only in build()"
        )
    _assert_close(y2, y_np, f"{who} second call (determinism at inference)", atol, rtol)

    # ---- config ------------------------------------------------------------------------
    if check_config:
        report["config"] = _check_config(layer, ignore_args=ignore_config_args)

    # ---- shapes ------------------------------------------------------------------------
    if expected_output_shape is not None:
        exp = expected_output_shape
        got = report["output_shape"]
        if _normalized_config(_to_plain(got)) != _normalized_config(_to_plain(exp)):
            raise AssertionError(f"{who}: output shape {got}, expected {exp}")
    if check_shape:
        overridden = type(layer).compute_output_shape is not keras.layers.Layer.compute_output_shape
        if require_compute_output_shape and not overridden:
            raise AssertionError(
                f"{who}: does not implement compute_output_shape(input_shape)"
            )
        if overridden:
            specs = keras.tree.map_structure(
                lambda a: keras.KerasTensor(a.shape, dtype=str(a.dtype)), inputs
            )
            kspecs = {
                k: keras.KerasTensor(v.shape, dtype=str(v.dtype)) for k, v in tensor_kwargs.items()
            }
            try:
                if multi and unpack_inputs:
                    spec = layer.compute_output_spec(*specs, **kspecs, **const_kwargs)
                else:
                    spec = layer.compute_output_spec(specs, **kspecs, **const_kwargs)
            except Exception as exc:
                raise AssertionError(
                    f"{who}: compute_output_shape failed for input shapes "
                    f"{_output_shapes(x_t)}: {type(exc).__name__}: {exc}"
                ) from exc
            _compare_shapes(spec, y, f"{who} compute_output_shape vs actual output", exact=True)

    # ---- graph mode ----------------------------------------------------------------------
    if check_graph:
        graph_call = tf.function(lambda xs, tkw: call(layer, xs, tkw))
        _assert_close(graph_call(x_t, kw_t), y_np, f"{who} tf.function vs eager", atol, rtol)

    # ---- fit step ------------------------------------------------------------------------
    if check_fit and layer.trainable_weights:
        weights = list(layer.trainable_weights)

        @tf.function
        def grad_step(xs, tkw):
            with tf.GradientTape() as tape:
                out = call(layer, xs, tkw, training=True) if _accepts_training(layer) else call(
                    layer, xs, tkw
                )
                loss = _projection_loss(out, seed=seed + 1)
            return loss, tape.gradient(loss, weights)

        loss, grads = grad_step(x_t, kw_t)
        if not np.isfinite(float(loss)):
            raise AssertionError(f"{who}: training-mode loss is not finite ({float(loss)})")
        grads_np = [None if g is None else np.asarray(tf.convert_to_tensor(g)) for g in grads]
        report["grad_norms"] = _check_gradients(
            weights, grads_np, f"{who} fit step", allow_zero=allow_zero_gradients
        )
        before = [np.array(w.numpy()) for w in weights]
        optimizer = keras.optimizers.SGD(learning_rate=0.01)
        optimizer.apply_gradients(zip(grads, weights))
        unchanged = [
            w.path for w, b in zip(weights, before) if np.array_equal(np.asarray(w.numpy()), b)
        ]
        if unchanged:
            raise AssertionError(f"{who}: an SGD step did not change weights {unchanged}")
        _assert_finite(call(layer, x_t, kw_t), f"{who} forward after one SGD step")
        # put the weights back so the saved model reproduces report["output"]
        for w, b in zip(weights, before):
            w.assign(b)
    elif check_fit:
        report["grad_norms"] = {}

    # ---- save / load ---------------------------------------------------------------------
    if check_save:
        _check_layer_save(
            layer, inputs, tensor_kwargs, const_kwargs, multi, unpack_inputs, y_np, who,
            tmp_path,
        )

    # ---- reference -------------------------------------------------------------------------
    if reference is not None:
        expected = reference(*inputs) if (multi and unpack_inputs) else reference(inputs)
        if expected is None:
            raise TfdlValueError("reference_none", "`reference` returned None; it must return the expected output")
        _assert_close(y_np, expected, f"{who} vs numpy reference", atol, rtol)
    return report


def _to_plain(shape_structure):
    if _is_shape(shape_structure) or (
        isinstance(shape_structure, (tuple, list)) and len(shape_structure) == 0
    ):
        return [None if d is None else int(d) for d in shape_structure]
    if isinstance(shape_structure, dict):
        return {k: _to_plain(v) for k, v in shape_structure.items()}
    return [_to_plain(s) for s in shape_structure]


def _compare_shapes(spec, actual, what, exact):
    import keras

    spec_shapes = [_shape_tuple(s.shape) for s in _flatten(spec)]
    act_shapes = [_shape_tuple(a.shape) for a in _flatten(actual)]
    ok = len(spec_shapes) == len(act_shapes) and all(
        (s == a) if exact else _shapes_compatible(s, a) for s, a in zip(spec_shapes, act_shapes)
    )
    if not ok:
        raise AssertionError(f"{what}: declared {spec_shapes}, actual {act_shapes}")
    # dtypes of symbolic outputs must match the real ones (e.g. int indices)
    for i, (s, a) in enumerate(zip(_flatten(spec), _flatten(actual))):
        sd = keras.backend.standardize_dtype(s.dtype)
        ad = keras.backend.standardize_dtype(a.dtype)
        if sd != ad:
            raise AssertionError(f"{what}: output #{i} declared dtype {sd}, actual {ad}")


def _accepts_training(layer) -> bool:
    try:
        return "training" in inspect.signature(layer.call).parameters
    except (TypeError, ValueError):
        return False


def _check_layer_save(layer, inputs, tensor_kwargs, const_kwargs, multi, unpack, y_np, who,
                      tmp_path):
    import keras

    def make_input(a, name):
        return keras.Input(shape=a.shape[1:], dtype=str(a.dtype), name=name)

    if multi:
        k_in = [make_input(a, f"input_{i}") for i, a in enumerate(inputs)]
    else:
        k_in = make_input(inputs, "input_0")
    k_kw = {k: make_input(v, f"kw_{k}") for k, v in tensor_kwargs.items()}
    try:
        if multi and unpack:
            k_out = layer(*k_in, **k_kw, **const_kwargs)
        else:
            k_out = layer(k_in, **k_kw, **const_kwargs)
    except Exception as exc:
        raise AssertionError(
            f"{who}: calling the layer on symbolic keras.Input (batch None) failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    _compare_shapes(k_out, _to_tensors(y_np), f"{who} symbolic (batch None) vs actual", exact=False)
    model_inputs = (list(k_in) if multi else [k_in]) + list(k_kw.values())
    model = keras.Model(model_inputs, k_out)
    feed = (list(inputs) if multi else [inputs]) + list(tensor_kwargs.values())
    out = model(feed, training=False)
    _assert_close(out, y_np, f"{who} inside a functional model vs alone", 1e-6, 1e-6)

    loaded = _save_and_reload(model, tmp_path, who)
    reloaded = [lyr for lyr in loaded.layers if lyr.name == layer.name]
    if not reloaded or type(reloaded[0]) is not type(layer):
        raise AssertionError(
            f"{who}: the loaded model has no {type(layer).__name__} named {layer.name!r}"
        )
    _assert_close(loaded(feed, training=False), y_np, f"{who} after .keras save/load", 0.0, 0.0)


def _save_and_reload(model, tmp_path, who):
    """Save ``model`` as ``.keras`` and load it back with ``safe_mode=True``."""
    import keras

    handle, folder = _tmp_dir(tmp_path)
    try:
        path = os.path.join(folder, f"{model.name}_check.keras")
        model.save(path)
        try:
            loaded = keras.saving.load_model(path, safe_mode=True)
        except Exception as exc:
            raise AssertionError(
                f"{who}: keras.saving.load_model(safe_mode=True) failed: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
    finally:
        if handle is not None:
            handle.cleanup()
    return loaded


def _to_tensors(structure):
    import keras

    return keras.tree.map_structure(lambda a: a, structure)


# --------------------------------------------------------------------------------------------
# check_model
# --------------------------------------------------------------------------------------------
def check_model(
    model,
    inputs,
    targets=None,
    tmp_path=None,
    check_all_weights_get_gradients: bool = True,
    *,
    check_fit=None,
    check_save: bool = True,
    allow_zero_gradients=(),
    atol: float = 0.0,
    graph: bool = False,
    seed: int = 0,
):
    """Check a whole Keras model: forward, backward, no NaN, gradients, ``.keras`` save/load.

    Backward uses the compiled loss when the model is compiled and ``targets`` are given,
    otherwise ``L = sum_i mean(r_i * y_i) + 0.01 mean(y_i^2)`` over the float outputs.

    Args:
        model: a built ``keras.Model`` (functional, sequential or subclassed+registered).
        inputs: what ``model(inputs)`` takes: an array, a list or a dict of arrays (or a shape
            tuple / list of shapes for random inputs).
        targets: optional targets (structure of the outputs) for the compiled loss.
        tmp_path: folder for the ``.keras`` file (a temporary one if ``None``).
        check_all_weights_get_gradients: fail when a trainable weight gets a ``None``, non-finite
            or all-zero gradient (otherwise only non-finite gradients fail).
        check_fit: run one ``train_on_batch`` step (default: when compiled and targets given).
        check_save: ``.keras`` save + ``load_model(safe_mode=True)`` with identical outputs.
        allow_zero_gradients: substrings of weight paths allowed an all-zero gradient.
        atol: tolerance of the save/load comparison (0 = identical).
        graph: compute the gradient under ``tf.function`` (slower to trace, checks graph mode).
        seed: seed of the loss projection and random inputs.

    Returns:
        dict with ``outputs`` (numpy), ``loss``, ``grad_norms`` and (with ``check_save``)
        ``loaded``, the model read back from the ``.keras`` file.

    Example:
        >>> import keras
        >>> inp = keras.Input((4,)); m = keras.Model(inp, keras.layers.Dense(2)(inp))
        >>> print(check_model(m, (3, 4))["outputs"].shape)
        (3, 2)
    """
    import keras
    import tensorflow as tf

    who = f"model {model.name!r}"
    if _is_shape(inputs) or (
        isinstance(inputs, (list, tuple)) and inputs and all(_is_shape(s) for s in inputs)
    ):
        inputs = random_inputs(inputs, seed=seed)
    x_t = keras.tree.map_structure(tf.convert_to_tensor, inputs)

    y = model(x_t, training=False)
    y_np = _to_numpy(y)
    _assert_finite(y_np, f"{who} forward")
    report = {"outputs": y_np}

    compiled_loss = targets is not None and getattr(model, "compiled", False) and getattr(
        model, "loss", None
    ) is not None
    weights = list(model.trainable_weights)

    def loss_fn(xs):
        out = model(xs, training=True)
        if targets is not None:
            if compiled_loss:
                return model.compute_loss(x=xs, y=targets, y_pred=out, training=True)
            pairs = zip(_flatten(out), _flatten(targets))
            return sum(
                keras.ops.mean(keras.ops.square(keras.ops.cast(o, "float32") - t))
                for o, t in pairs
            )
        return _projection_loss(out, seed=seed + 1)

    def grad_fn(xs):
        with tf.GradientTape() as tape:
            loss = loss_fn(xs)
        return loss, tape.gradient(loss, weights)

    if graph:
        grad_fn = tf.function(grad_fn)
    if weights:
        loss, grads = grad_fn(x_t)
        report["loss"] = float(loss)
        if not np.isfinite(report["loss"]):
            raise AssertionError(f"{who}: training loss is not finite ({report['loss']})")
        grads_np = [None if g is None else np.asarray(tf.convert_to_tensor(g)) for g in grads]
        if check_all_weights_get_gradients:
            report["grad_norms"] = _check_gradients(
                weights, grads_np, f"{who} backward", allow_zero=allow_zero_gradients
            )
        else:
            bad = [
                w.path for w, g in zip(weights, grads_np)
                if g is not None and not np.all(np.isfinite(g))
            ]
            if bad:
                raise AssertionError(f"{who}: non-finite gradients for {bad}")

    if check_fit is None:
        check_fit = bool(compiled_loss)
    if check_fit:
        if not compiled_loss:
            raise AssertionError(f"{who}: check_fit needs a compiled model and targets")
        logs = model.train_on_batch(x_t, targets, return_dict=True)
        bad = {k: v for k, v in logs.items() if not np.isfinite(v)}
        if bad:
            raise AssertionError(f"{who}: train_on_batch gave non-finite metrics {bad}")
        report["train_logs"] = logs

    if check_save:
        # The training-mode passes above move BatchNorm's statistics (and train_on_batch moves
        # the weights): compare the reloaded model with the model as it is saved.
        y_np = _to_numpy(model(x_t, training=False))
        _assert_finite(y_np, f"{who} forward before save")
        loaded = _save_and_reload(model, tmp_path, who)
        _assert_close(loaded(x_t, training=False), y_np, f"{who} after .keras save/load", atol, 0.0)
        report["loaded"] = loaded
    return report
