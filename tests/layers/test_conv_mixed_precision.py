"""Issue 10: tfdl's conv layers train under ``mixed_float16`` on a CPU with ``dilation_rate > 1``.

Before the fix, ``PaddedConv2D(..., dilation_rate=2)`` failed in the backward pass with
``InvalidArgumentError: Current CPU implementations do not yet support dilation rates larger
than 1 [Op:Conv2DBackpropInput]`` (TensorFlow's CPU float16 kernels), while
``keras.layers.Conv2D`` trains. Each layer is checked against the float32 Keras built-in (or the
numpy reference where Keras has no such layer) given the same weights, to a float16 tolerance:
forward, gradients with respect to the input and the weights, and one ``fit`` step.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl import functional as F
from tfdl.layers import PaddedConv1D, PaddedConv2D, TransposedConv1D, TransposedConv2D

TOL = {"rtol": 2e-2, "atol": 2e-2}  # float16 has ~3 significant digits; sums of ~50 terms


@pytest.fixture
def mixed_float16():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy("float32")


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, shape).astype("float32")


def _keras_reference(kind, kwargs, pad):
    """The float32 Keras built-in (behind a ZeroPadding layer for explicit int padding)."""
    layer = getattr(keras.layers, kind)(dtype="float32", **kwargs)
    if pad is None:
        return layer, layer
    zp = (keras.layers.ZeroPadding1D if kind == "Conv1D" else keras.layers.ZeroPadding2D)(
        pad, dtype="float32"
    )
    return layer, keras.Sequential([zp, layer])


# (tfdl class, tfdl kwargs, keras class, keras kwargs, explicit int pad or None, input shape)
CASES = {
    "conv2d_pad2": (PaddedConv2D, {"padding": 2}, "Conv2D", {"padding": "valid"}, 2,
                    (2, 7, 6, 3)),
    "conv2d_same": (PaddedConv2D, {"padding": "same"}, "Conv2D", {"padding": "same"}, None,
                    (2, 7, 6, 3)),
    "conv2d_groups": (PaddedConv2D, {"padding": "same", "groups": 2}, "Conv2D",
                      {"padding": "same", "groups": 2}, None, (2, 6, 6, 4)),
    "conv1d_pad2": (PaddedConv1D, {"padding": 2}, "Conv1D", {"padding": "valid"}, 2,
                    (2, 9, 3)),
    "conv1d_causal": (PaddedConv1D, {"padding": "causal"}, "Conv1D", {"padding": "causal"},
                      None, (2, 9, 3)),
    "transposed2d_same": (TransposedConv2D, {"padding": "same"}, "Conv2DTranspose",
                          {"padding": "same"}, None, (2, 5, 6, 3)),
    "transposed1d_valid": (TransposedConv1D, {"padding": "valid"}, "Conv1DTranspose",
                           {"padding": "valid"}, None, (2, 7, 3)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_dilated_conv_trains_under_mixed_float16_like_keras(mixed_float16, case):
    cls, ours_kw, kind, ref_kw, pad, shape = CASES[case]
    filters = 4
    x = _rand(*shape)
    ours = cls(filters, 3, dilation_rate=2, **ours_kw)
    assert ours.compute_dtype == "float16" and ours.variable_dtype == "float32"
    ref, ref_model = _keras_reference(kind, dict(filters=filters, kernel_size=3,
                                                 dilation_rate=2, **ref_kw), pad)
    ref_model.build(shape)
    ours.build(shape)
    ours.set_weights([w + 0.1 for w in ref.get_weights()])  # non-zero bias too
    ref.set_weights(ours.get_weights())

    # forward and backward (inputs and weights)
    xt = tf.constant(x)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xt)
        y = ours(xt)
        y_ref = ref_model(xt)
        w = tf.constant(_rand(*y_ref.shape, seed=1))
        loss = tf.reduce_sum(tf.cast(y, "float32") * w)
        loss_ref = tf.reduce_sum(y_ref * w)
    assert y.dtype == tf.float16
    np.testing.assert_allclose(y.numpy().astype("float32"), y_ref.numpy(), **TOL)
    g = tape.gradient(loss, [xt, *ours.trainable_weights])
    g_ref = tape.gradient(loss_ref, [xt, *ref.trainable_weights])
    for a, b in zip(g, g_ref):
        scale = max(1.0, float(np.abs(b.numpy()).max()))
        np.testing.assert_allclose(a.numpy() / scale, b.numpy() / scale, **TOL)

    # one fit step (the LossScaleOptimizer mixed_float16 brings) moves the weights as Keras' does
    y_target = _rand(*y_ref.shape, seed=2)
    for model in (keras.Sequential([ours]), keras.Sequential([ref_model])):
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        model.fit(x, y_target, batch_size=len(x), epochs=1, verbose=0)
    for a, b in zip(ours.get_weights(), ref.get_weights()):
        np.testing.assert_allclose(a, b, **TOL)


@pytest.mark.parametrize("cls", [PaddedConv1D, PaddedConv2D])
def test_strided_dilated_conv_trains_under_mixed_float16(mixed_float16, cls):
    """strides > 1 with dilation > 1 (Keras refuses it): against tfdl.functional in numpy."""
    rank = 1 if cls is PaddedConv1D else 2
    shape = (2, 11, 3) if rank == 1 else (2, 11, 10, 3)
    x = _rand(*shape)
    layer = cls(4, 3, strides=2, dilation_rate=2, padding=1, padding_mode="zeros")
    layer.build(shape)
    kernel, bias = layer.get_weights()
    ref = F.conv1d if rank == 1 else F.conv2d
    expected = ref(x, kernel, stride=2, padding=1, dilation=2, bias=bias)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt)
        loss = tf.reduce_sum(tf.cast(y, "float32"))
    np.testing.assert_allclose(y.numpy().astype("float32"), expected, **TOL)
    g = tape.gradient(loss, [xt, *layer.trainable_weights])
    assert all(np.isfinite(t.numpy()).all() for t in g)
    # d(sum y)/d bias = number of output positions, per filter (exact in float32 variables)
    np.testing.assert_allclose(g[-1].numpy(), np.full(4, np.prod(expected.shape[:-1])), **TOL)
    # d(sum y)/d x, against the float32 layer (TF's float32 CPU kernel dilates natively)
    ref32 = cls(4, 3, strides=2, dilation_rate=2, padding=1, dtype="float32")
    ref32.build(shape)
    ref32.set_weights(layer.get_weights())
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss32 = tf.reduce_sum(ref32(xt))
    np.testing.assert_allclose(g[0].numpy(), tape.gradient(loss32, xt).numpy(), **TOL)
    model = keras.Sequential([layer])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, np.zeros_like(expected), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
