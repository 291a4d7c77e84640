"""Every registered tfdl layer trains under ``mixed_float16`` on a CPU: forward, backward, fit.

Cases come from ``tests/layer_examples.py``. Under the policy a layer computes in float16 and
keeps float32 variables; each case checks that float outputs are finite, that every trainable
weight gets a finite float32 gradient, and that one ``model.fit`` step (Keras wraps the
optimiser in a ``LossScaleOptimizer``, here with a small initial scale so that the one step is
not skipped as an overflow) runs and changes the weights. A float32 ``Dense(1)`` head
reads every float output, as Keras advises for mixed precision. Optimisers and schedules take
the fit step on a small dense model.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.layer_examples import (
    build_functional,
    case_id,
    cases,
    embedding_model,
    schedule_or_optimizer,
    tiny_model,
)


def _params():
    out = []
    for case in cases():
        marks = []
        if case[1] is not None and case[1].mixed_xfail:
            marks.append(pytest.mark.xfail(strict=False, reason=case[1].mixed_xfail))
        out.append(pytest.param(case, id=case_id(case), marks=marks))
    return out


@pytest.fixture
def mixed_float16():
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(previous)


def _float_outputs(outputs):
    return [o for o in keras.tree.flatten(outputs) if "float" in str(o.dtype)]


@pytest.mark.parametrize("case", _params())
def test_trains_under_mixed_float16(case, mixed_float16):
    name, example = case
    assert example is not None, f"{name} has no entry in tests/layer_examples.py EXAMPLES"
    if example.kind == "loss":  # float16 embeddings in, a finite float32 loss out; one fit step
        model, x, labels = embedding_model()
        loss = example.make()
        value = loss(labels, model(x))
        assert model(x).dtype == "float16" and value.dtype == "float32"
        assert np.isfinite(keras.ops.convert_to_numpy(value))
        model.compile(optimizer=keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.01),
                                                                    initial_scale=2.0**7), loss=loss)
        before = [w.copy() for w in model.get_weights()]
        history = model.fit(x, labels, epochs=1, batch_size=12, verbose=0)
        assert np.isfinite(history.history["loss"]).all()
        assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
        return
    if example.kind != "layer":
        model, x, y = tiny_model()
        optimizer = keras.optimizers.LossScaleOptimizer(schedule_or_optimizer(example),
                                                        initial_scale=2.0**7)
        model.compile(optimizer=optimizer, loss="mse")
        before = [w.copy() for w in model.get_weights()]
        history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
        assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
        assert np.isfinite(history.history["loss"]).all()
        assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
        return

    inner, feed, layer = build_functional(example)
    assert layer.compute_dtype == "float16" and layer.variable_dtype == "float32"
    out = inner(feed, training=False)
    floats = _float_outputs(out)
    for o in floats:
        assert o.dtype == "float16", f"{name}: output dtype {o.dtype}"
        assert np.isfinite(keras.ops.convert_to_numpy(o)).all()
    if not example.trains:
        return

    with tf.GradientTape() as tape:
        loss = sum(tf.reduce_mean(tf.cast(o, "float32") ** 2)
                   for o in _float_outputs(inner(feed, training=True)))
    grads = tape.gradient(loss, inner.trainable_weights)
    for w, g in zip(inner.trainable_weights, grads):
        assert g is not None and g.dtype == "float32", f"{name}: gradient of {w.path}"
        # a table lookup (tfdl.embeddings) gives tf.IndexedSlices, as keras.layers.Embedding does
        assert np.isfinite(tf.convert_to_tensor(g).numpy()).all(), f"{name}: non-finite gradient of {w.path}"

    heads = [keras.layers.Flatten()(o) for o in _float_outputs(inner.outputs)]
    h = heads[0] if len(heads) == 1 else keras.layers.Concatenate()(heads)
    model = keras.Model(inner.inputs, keras.layers.Dense(1, dtype="float32")(h))
    # initial loss scale 2^7 instead of 2^15: Keras skips a step whose scaled float16 gradients
    # overflow, and this test takes one step
    model.compile(optimizer=keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(0.01),
                                                                initial_scale=2.0**7), loss="mse")
    before = [w.copy() for w in layer.get_weights()]
    target = np.ones((len(feed[0]), 1), "float32")
    history = model.fit(feed, target, epochs=1, batch_size=len(feed[0]), verbose=0)
    assert np.isfinite(history.history["loss"]).all(), name
    if layer.trainable_weights:
        assert any(not np.array_equal(a, b) for a, b in zip(before, layer.get_weights())), name
