"""Pooling layers against the numpy references in tfdl.functional and plain numpy."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl import functional as F
from tfdl.layers.conv import PaddedConv2D
from tfdl.layers.pooling import (
    GlobalL2Pooling2D,
    L2Pooling2D,
    MaxPoolingWithArgmax2D,
    MaxUnpooling2D,
    StochasticPooling2D,
)
from tfdl.testing import check_layer, check_model


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


POOL_CASES = [
    dict(pool_size=2),
    dict(pool_size=3, strides=2, padding="same"),
    dict(pool_size=(3, 2), strides=1, padding=1),
]


@pytest.mark.parametrize("kw", POOL_CASES, ids=["2", "3s2same", "32s1p1"])
def test_l2_pooling_matches_numpy(kw):
    x = _rand(2, 7, 6, 3)
    ref = lambda a: F.l2_pool2d(a, kw["pool_size"], kw.get("strides"), kw.get("padding", 0))
    check_layer(L2Pooling2D(**kw), x, reference=ref, atol=1e-5)


def test_l2_pooling_zero_window_has_finite_gradient():
    x = tf.constant(np.zeros((1, 4, 4, 1), "float32"))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(L2Pooling2D(2)(x))
    g = tape.gradient(loss, x).numpy()
    assert np.all(np.isfinite(g)) and np.all(g == 0)
    np.testing.assert_allclose(L2Pooling2D(2)(np.array([[3.0, 4.0], [0, 0]], "float32")
                                              .reshape(1, 2, 2, 1)).numpy().ravel(), [5.0])


def test_global_l2_pooling():
    x = _rand(2, 5, 4, 3)
    check_layer(GlobalL2Pooling2D(), x, reference=lambda a: np.sqrt((a**2).sum(axis=(1, 2))))
    assert GlobalL2Pooling2D(keepdims=True)(x).shape == (2, 1, 1, 3)


# --------------------------------------------------------------------------- stochastic
@pytest.mark.parametrize("kw", POOL_CASES[:2], ids=["2", "3s2same"])
def test_stochastic_pooling_inference_is_probability_weighted_average(kw):
    x = np.abs(_rand(2, 7, 6, 3))
    ref = lambda a: F.stochastic_pool2d(
        a, kw["pool_size"], kw.get("strides"), kw.get("padding", 0), training=False
    )
    check_layer(StochasticPooling2D(seed=3, **kw), x, reference=ref, atol=1e-5)


def test_stochastic_pooling_training_samples_proportionally_and_is_seeded():
    # every window is (1, 3 / 0, 0): pick 3 with probability 3/4, zeros never
    window = np.array([[1.0, 3.0], [0.0, 0.0]], "float32")
    x = np.tile(window, (64, 8, 8))[..., None]  # (64, 16, 16, 1) -> 64*8*8 windows
    y = StochasticPooling2D(2, seed=7)(x, training=True).numpy()
    assert set(np.unique(y)) <= {1.0, 3.0}
    share = np.mean(y == 3.0)
    assert abs(share - 0.75) < 0.02, share  # 4096 draws: std 0.007
    y_again = StochasticPooling2D(2, seed=7)(x, training=True).numpy()
    np.testing.assert_array_equal(y, y_again)
    # an all-zero window gives 0 in both modes
    zeros = np.zeros((1, 2, 2, 1), "float32")
    assert StochasticPooling2D(2, seed=0)(zeros, training=True).numpy().item() == 0.0
    assert StochasticPooling2D(2)(zeros).numpy().item() == 0.0


def test_stochastic_pooling_gradient_goes_to_the_sampled_cell():
    x = tf.constant(np.abs(_rand(2, 4, 4, 2)) + 0.1)
    pool = StochasticPooling2D(2, seed=1)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = pool(x, training=True)
        loss = tf.reduce_sum(y)
    g = tape.gradient(loss, x).numpy()
    windows = g.reshape(2, 2, 2, 2, 2, 2).transpose(0, 1, 3, 5, 2, 4).reshape(2, 2, 2, 2, 4)
    assert np.all(windows.sum(axis=-1) == 1.0) and np.all((windows == 0) | (windows == 1))
    picked = x.numpy().reshape(2, 2, 2, 2, 2, 2).transpose(0, 1, 3, 5, 2, 4).reshape(2, 2, 2, 2, 4)
    np.testing.assert_allclose((picked * windows).sum(-1), y.numpy().transpose(0, 1, 2, 3))


# -------------------------------------------------------------------- argmax + unpooling
@pytest.mark.parametrize("kw", POOL_CASES[:2], ids=["2", "3s2same"])
def test_max_pooling_with_argmax_matches_numpy(kw):
    x = _rand(2, 7, 6, 3)
    ref = lambda a: F.max_pool2d(
        a, kw["pool_size"], kw.get("strides"), kw.get("padding", 0), return_indices=True
    )
    report = check_layer(MaxPoolingWithArgmax2D(**kw), x, reference=ref)
    assert report["output"][1].dtype == np.int64
    pooled = keras.layers.MaxPooling2D(kw["pool_size"], kw.get("strides"),
                                       kw.get("padding", "valid"))(x)
    np.testing.assert_array_equal(report["output"][0], pooled)


def test_max_pool_gradient_routes_to_argmax():
    x = tf.constant(_rand(2, 6, 6, 3))
    g_out = _rand(2, 3, 3, 3, seed=1)
    with tf.GradientTape() as tape:
        tape.watch(x)
        pooled, _ = MaxPoolingWithArgmax2D(2)(x)
        loss = tf.reduce_sum(pooled * g_out)
    g = tape.gradient(loss, x).numpy()
    expected, _ = F.max_pool2d_backward(x.numpy(), g_out, 2)
    np.testing.assert_allclose(g, expected, rtol=1e-6)


def test_max_unpooling_puts_maxima_back_and_checks():
    x = _rand(2, 6, 6, 3)
    pooled, argmax = (t.numpy() for t in MaxPoolingWithArgmax2D(2)(x))
    report = check_layer(MaxUnpooling2D(2), [pooled, argmax], expected_output_shape=(2, 6, 6, 3))
    y = report["output"]
    # numpy: keep each 2x2 window's maximum in place, zero the rest
    win = x.reshape(2, 3, 2, 3, 2, 3)
    is_max = win == win.max(axis=(2, 4), keepdims=True)
    np.testing.assert_array_equal(y, np.where(is_max, win, 0).reshape(x.shape))


def test_max_unpooling_gradient_routing_equals_max_pool_backward():
    """d/dx sum(w * unpool(pool(x))) = max_pool_backward(x, w at the arg-max cells)."""
    x = tf.constant(_rand(2, 7, 7, 2))
    w = _rand(2, 7, 7, 2, seed=5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        pooled, argmax = MaxPoolingWithArgmax2D(3, strides=2)(x)
        y = MaxUnpooling2D(3, strides=2)([pooled, argmax, x])  # odd size: pass the original
        loss = tf.reduce_sum(y * w)
    g = tape.gradient(loss, x).numpy()
    _, idx = F.max_pool2d(x.numpy(), 3, 2, return_indices=True)
    w_at_max = np.take_along_axis(w.reshape(2, -1), idx.reshape(2, -1), axis=1).reshape(idx.shape)
    expected, _ = F.max_pool2d_backward(x.numpy(), w_at_max, 3, 2)
    np.testing.assert_allclose(g, expected, rtol=1e-5, atol=1e-6)


def test_deconvnet_pair_in_a_functional_model(tmp_path):
    inp = keras.Input((8, 8, 2))
    h = PaddedConv2D(4, 3, padding=1, padding_mode="reflect", activation="relu", name="conv")(inp)
    pooled, switches = MaxPoolingWithArgmax2D(2, name="pool")(h)
    up = MaxUnpooling2D(2, name="unpool")([pooled, switches])
    out = PaddedConv2D(2, 3, padding=1, name="deconv")(up)
    model = keras.Model(inp, [out, pooled])
    report = check_model(model, _rand(2, 8, 8, 2), tmp_path=tmp_path)
    assert report["outputs"][0].shape == (2, 8, 8, 2)
    assert {"conv/kernel", "conv/bias"} <= set(report["grad_norms"])


def test_pooling_errors_teach():
    with pytest.raises(ValueError, match="`pool_size` must be >= 1"):
        L2Pooling2D(0)
    with pytest.raises(ValueError, match="'valid' or 'same'"):
        MaxPoolingWithArgmax2D(2, padding=1)
    with pytest.raises(ValueError, match="half the pool size"):
        L2Pooling2D(2, padding=2)
    with pytest.raises(ValueError, match=r"\[pooled, argmax\]"):
        MaxUnpooling2D(2)(np.zeros((1, 2, 2, 1), "float32"))


@pytest.mark.parametrize("layer", [L2Pooling2D, StochasticPooling2D, MaxPoolingWithArgmax2D])
@pytest.mark.parametrize("symbolic", [False, True], ids=["eager", "symbolic"])
def test_a_window_larger_than_the_input_is_refused_before_tensorflow(layer, symbolic):
    """TensorFlow's kernels return an empty map for it (L2/stochastic pooling gave (1, 0, 0, C)):
    the layers raise tfdl's teaching error, the same one as the numpy reference."""
    with pytest.raises(ValueError) as reference:
        F.max_pool2d(_rand(4, 4), 8)
    assert reference.value.code == "pool_window_larger_than_input"
    pool = layer(8, seed=0) if layer is StochasticPooling2D else layer(8)
    with pytest.raises(ValueError, match="pooling window is larger than the padded input") as info:
        pool(keras.Input((4, 4, 2)) if symbolic else _rand(1, 4, 4, 2))
    assert info.value.code == "pool_window_larger_than_input"
    # "same" pads the input to the window: one output cell, as Keras' own pooling
    same = layer(8, padding="same", seed=0) if layer is StochasticPooling2D else layer(8, padding="same")
    out = same(_rand(1, 4, 4, 2))
    assert tuple((out[0] if isinstance(out, tuple) else out).shape) == (1, 1, 1, 2)
    assert keras.layers.MaxPooling2D(8, padding="same")(_rand(1, 4, 4, 2)).shape == (1, 1, 1, 2)
