"""tfdl.functional: the walk over CURRICULUM §1's example (tfdl.data.worked_examples; every
worked example is checked in tests/data/test_worked_examples.py), random cases against tf.nn and the Keras
layers, and the algebra (conv = matrix, transposed conv = its transpose)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tfdl import shapes
from tfdl.data import worked_examples as W
from tfdl.functional import (
    PADDING_MODES,
    avg_pool2d,
    conv1d,
    conv1d_transpose,
    conv2d,
    conv2d_transpose,
    conv_matrix,
    global_avg_pool2d,
    global_max_pool2d,
    im2col,
    l2_pool2d,
    max_pool2d,
    max_pool2d_backward,
    pad,
    padded_source_index,
    stochastic_pool2d,
    walk,
    windows,
)

FEW = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
MANY = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def tf():
    import tensorflow

    return tensorflow


# --------------------------------------------------------------------------------------------
# CURRICULUM §1 worked examples, exactly
# --------------------------------------------------------------------------------------------
# The examples' data and their stated results live in tfdl.data.worked_examples; every one is
# checked in tests/data/test_worked_examples.py. The windows walk uses them here.
X5 = np.array(W.CONVOLUTIONS["5x5"].x)
K3 = np.array(W.CONVOLUTIONS["5x5"].kernel)


def test_worked_example_walk_shows_every_window():
    steps = list(walk(X5, K3))
    assert [s.window.index for s in steps][:4] == [(0, 0), (0, 1), (0, 2), (1, 0)]
    assert [float(s.output) for s in steps] == [12, 12, 17, 10, 17, 19, 9, 6, 14]
    first = steps[0]
    np.testing.assert_array_equal(first.values, X5[:3, :3])
    np.testing.assert_array_equal(first.products, X5[:3, :3] * K3)


# --------------------------------------------------------------------------------------------
# padding
# --------------------------------------------------------------------------------------------
def test_pad_2d_modes_against_independent_constructions(tf):
    rng = np.random.default_rng(1)
    x = rng.integers(-9, 9, size=(4, 5, 2))
    p = ((2, 1), (3, 2))
    tf_pads = [list(p[0]), list(p[1]), [0, 0]]
    np.testing.assert_array_equal(pad(x, p, "reflect"), tf.pad(x, tf_pads, "REFLECT").numpy())
    np.testing.assert_array_equal(pad(x, p, "symmetric"), tf.pad(x, tf_pads, "SYMMETRIC").numpy())
    np.testing.assert_array_equal(
        pad(x, p, "constant", padding_value=7), tf.pad(x, tf_pads, constant_values=7).numpy()
    )
    np.testing.assert_array_equal(pad(x, p, "zeros"), tf.pad(x, tf_pads).numpy())
    tiled = np.tile(x, (3, 3, 1))  # circular = a window into the tiled plane
    np.testing.assert_array_equal(pad(x, p, "circular"), tiled[4 - 2:8 + 1, 5 - 3:10 + 2])
    rows = np.clip(np.arange(-2, 4 + 1), 0, 3)  # replicate = clamp every index to the edge
    cols = np.clip(np.arange(-3, 5 + 2), 0, 4)
    np.testing.assert_array_equal(pad(x, p, "replicate"), x[rows][:, cols])
    assert pad(np.zeros((2, 3, 3, 1)), 1).shape == (2, 5, 5, 1)  # batch: only H and W
    assert pad(np.zeros((3, 3)), (1, 2)).shape == (5, 7)  # one int per axis, PyTorch style


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_padded_source_index_agrees_with_pad(mode):
    for n in (1, 2, 5):
        x = np.arange(n)
        width = {"reflect": n - 1, "symmetric": n, "circular": n}.get(mode, 3)
        padded = pad(x, width, mode, padding_value=-1)
        expected = [padded_source_index(i, n, width, mode) for i in range(n + 2 * width)]
        fill = 0 if mode == "zeros" else -1  # what a constant cell holds
        assert [(fill if e is None else e) for e in expected] == padded.tolist()


@pytest.mark.parametrize(
    "args, words",
    [
        ((np.arange(3), 1, "mirror"), ["mode", "mirror"]),
        ((np.arange(3), 3, "reflect"), ["reflect", "2"]),
        ((np.arange(3), 4, "circular"), ["circular", "3"]),
        ((np.arange(3), -1), ["negative"]),
        ((np.arange(3), (1, 2, 3)), ["pad"]),
    ],
)
def test_pad_errors(args, words):
    with pytest.raises(ValueError) as info:
        pad(*args)
    for word in words:
        assert word in str(info.value)


# --------------------------------------------------------------------------------------------
# conv1d / conv2d against tf.nn and Keras
# --------------------------------------------------------------------------------------------
@st.composite
def conv2d_cases(draw):
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    c_in = groups * draw(st.integers(1, 2))
    c_out = groups * draw(st.integers(1, 2))
    k = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    kind = draw(st.sampled_from(["valid", "same", "int", "pairs"]))
    if kind == "int":
        padding = draw(st.integers(0, 2))
    elif kind == "pairs":
        side = st.integers(0, 3)
        padding = ((draw(side), draw(side)), (draw(side), draw(side)))
    else:
        padding = kind
    size = (draw(st.integers(1, 10)), draw(st.integers(1, 10)))
    seed = draw(st.integers(0, 2**16))
    return size, c_in, c_out, k, s, d, padding, groups, seed


@FEW
@given(conv2d_cases())
def test_conv2d_matches_tf_nn(tf, case):
    size, c_in, c_out, k, s, d, padding, groups, seed = case
    try:
        shapes.conv_output_shape(size, k, s, padding, d)
    except ValueError:
        with pytest.raises(ValueError):
            conv2d(np.zeros((*size, c_in)), np.zeros((*k, c_in // groups, c_out)), s, padding, d, groups=groups)
        return
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, *size, c_in)).astype("float32")
    w = rng.normal(size=(*k, c_in // groups, c_out)).astype("float32")
    ours = conv2d(x, w, stride=s, padding=padding, dilation=d, groups=groups)
    if isinstance(padding, str):
        tf_padding = padding.upper()
    else:
        pairs = [(padding, padding)] * 2 if isinstance(padding, int) else padding
        tf_padding = [[0, 0], list(pairs[0]), list(pairs[1]), [0, 0]]
    ref = tf.nn.conv2d(x, w, strides=s, padding=tf_padding, dilations=d).numpy()
    np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-4)


@FEW
@given(
    mode=st.sampled_from(["reflect", "symmetric"]),
    p=st.integers(1, 2),
    k=st.integers(1, 3),
    s=st.integers(1, 2),
    seed=st.integers(0, 999),
)
def test_conv2d_padding_modes_match_tf_pad_then_conv(tf, mode, p, k, s, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1, 5, 6, 2)).astype("float32")
    w = rng.normal(size=(k, k, 2, 3)).astype("float32")
    padded = tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], mode.upper())
    ref = tf.nn.conv2d(padded, w, s, "VALID").numpy()
    np.testing.assert_allclose(conv2d(x, w, s, p, padding_mode=mode), ref, rtol=1e-4, atol=1e-4)


def test_conv2d_matches_keras_conv2d_with_bias_and_groups():
    import keras

    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 9, 8, 4)).astype("float32")
    layer = keras.layers.Conv2D(6, (3, 2), strides=(2, 1), padding="same", groups=2)
    ref = np.asarray(layer(x))
    kernel, bias = (np.asarray(v) for v in layer.weights)
    ours = conv2d(x, kernel, stride=(2, 1), padding="same", groups=2, bias=bias)
    np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-4)


@FEW
@given(
    size=st.integers(1, 12),
    k=st.integers(1, 4),
    s=st.integers(1, 3),
    d=st.integers(1, 3),
    padding=st.sampled_from(["valid", "same", "causal"]),
    seed=st.integers(0, 999),
)
def test_conv1d_matches_keras_conv1d(size, k, s, d, padding, seed):
    import keras

    if s > 1 and d > 1:
        d = 1  # Keras refuses stride and dilation together
    try:
        shapes.conv_output_size(size, k, s, padding, d)
    except ValueError:
        return
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, size, 3)).astype("float32")
    layer = keras.layers.Conv1D(2, k, s, padding, dilation_rate=d, use_bias=False)
    ref = np.asarray(layer(x))
    ours = conv1d(x, np.asarray(layer.kernel), stride=s, padding=padding, dilation=d)
    np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-4)


def test_conv_layouts_and_channel_errors():
    img = np.arange(16.0).reshape(4, 4)
    rgb = np.stack([img, 2 * img, -img], axis=-1)
    k = np.ones((2, 2))
    per_channel = conv2d(rgb, k)  # the same 2-D kernel on every channel
    for c in range(3):
        np.testing.assert_allclose(per_channel[..., c], conv2d(rgb[..., c], k))
    summed = conv2d(rgb, np.ones((2, 2, 3)))  # one filter across the channels
    np.testing.assert_allclose(summed, per_channel.sum(-1))
    with pytest.raises(ValueError, match="input channels"):
        conv2d(rgb, np.ones((2, 2, 2, 4)))
    with pytest.raises(ValueError, match="groups"):
        conv2d(rgb, np.ones((2, 2, 1, 4)), groups=3)
    with pytest.raises(ValueError, match="kernel is larger"):
        conv2d(img, np.ones((5, 5)))
    with pytest.raises(ValueError, match="stride"):
        conv2d(img, k, stride=0)


# --------------------------------------------------------------------------------------------
# transposed convolution
# --------------------------------------------------------------------------------------------
@FEW
@given(
    size=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    k=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    s=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    d=st.integers(1, 2),
    padding=st.sampled_from(["valid", "same"]),
    use_op=st.booleans(),
    seed=st.integers(0, 999),
)
def test_conv2d_transpose_matches_keras(size, k, s, d, padding, use_op, seed):
    import keras

    if max(s) > 1:
        d = 1
    op = tuple(min(1, si - 1) for si in s) if use_op else None
    if op is not None and padding == "same" and any(
        (d * (ki - 1) + 1) % 2 == 0 and o == 0 for ki, o in zip(k, op)
    ):
        op = None  # TensorFlow cannot run that case (see test_shapes)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, *size, 3)).astype("float32")
    layer = keras.layers.Conv2DTranspose(
        2, k, s, padding, output_padding=op, dilation_rate=d, use_bias=False
    )
    ref = np.asarray(layer(x))
    ours = conv2d_transpose(x, np.asarray(layer.kernel), s, padding, op, d)
    np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-4)


@MANY
@given(
    size=st.tuples(st.integers(1, 7), st.integers(1, 7)),
    k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    s=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    d=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    padding=st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 2)),
    seed=st.integers(0, 999),
)
def test_transposed_conv_is_the_transposed_matrix(size, k, s, d, padding, seed):
    """conv2d_transpose(y) == M.T @ y, choosing output_padding so the sizes come back."""
    try:
        out = shapes.conv_output_shape(size, k, s, padding, d)
    except ValueError:
        return
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(*k, 2, 3))
    y = rng.normal(size=(*out, 3))
    M = conv_matrix((*size, 2), w, s, padding, d)
    expected = (M.T @ y.ravel()).reshape(*size, 2)
    # the same padding as explicit (before, after) pairs; output_padding = the cells the
    # forward convolution left over, so the transposed output has the input's size again
    pads = [shapes.resolve_padding(n, ki, si, padding, di) for n, ki, si, di in zip(size, k, s, d)]
    op = tuple(
        n - ((o - 1) * si + di * (ki - 1) + 1 - b - a)
        for n, o, ki, si, di, (b, a) in zip(size, out, k, s, d, pads)
    )
    got = conv2d_transpose(y, w, s, pads, op, d)
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_conv1d_transpose_zero_insertion_by_hand():
    # insert a zero between 1 and 2 -> (1, 0, 2); pad 2 zeros each side; convolve with (1, 1, 1)
    np.testing.assert_array_equal(conv1d_transpose(np.array([1.0, 2.0]), np.ones(3), stride=2), [1, 1, 3, 2, 2])
    np.testing.assert_array_equal(
        conv1d_transpose(np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), stride=2), [1, 2, 5, 4, 6]
    )


# --------------------------------------------------------------------------------------------
# conv as a matrix, im2col, windows
# --------------------------------------------------------------------------------------------
@MANY
@given(
    size=st.tuples(st.integers(2, 7), st.integers(2, 7)),
    k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    s=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    d=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    p=st.integers(0, 1),
    mode=st.sampled_from(PADDING_MODES),
    groups=st.sampled_from([1, 2]),
    seed=st.integers(0, 999),
)
def test_conv_matrix_times_x_is_conv2d(size, k, s, d, p, mode, groups, seed):
    try:
        shapes.conv_output_shape(size, k, s, p, d)
    except ValueError:
        return
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(*size, 2))
    w = rng.normal(size=(*k, 2 // groups, 4))
    M = conv_matrix(x.shape, w, s, p, d, mode, groups)
    np.testing.assert_allclose(M @ x.ravel(), conv2d(x, w, s, p, d, mode, groups).ravel(), atol=1e-9)
    cols = im2col(x, k, s, p, d, mode)
    if groups == 1:
        np.testing.assert_allclose(w.reshape(-1, 4).T @ cols, conv2d(x, w, s, p, d, mode).reshape(-1, 4).T, atol=1e-9)


def test_conv_matrix_1d_is_toeplitz():
    M = conv_matrix((5,), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(M, [[1, 2, 3, 0, 0], [0, 1, 2, 3, 0], [0, 0, 1, 2, 3]])


def test_windows_mark_padding_dilation_and_sources():
    ws = list(windows((4, 4), 3, stride=1, padding=1, dilation=1, padding_mode="reflect"))
    assert len(ws) == 16
    corner = ws[0]
    assert corner.padding.sum() == 5 and corner.inside.sum() == 4
    assert corner.source[0, 0].tolist() == [1, 1]  # reflect: (-1, -1) copies (1, 1)
    dilated = next(windows((7, 7), 3, dilation=3))
    assert dilated.coords[:, :, 0][:, 0].tolist() == [0, 3, 6]  # gaps of D-1 = 2 cells
    assert dilated.box == ((0, 0), (6, 6))
    zeros = next(windows((3, 3), 2, padding="same", padding_mode="zeros"))
    assert (zeros.source >= 0).all()  # "same" pads bottom/right only, nothing at (0, 0)
    last = list(windows((3, 3), 2, padding="same"))[-1]
    assert last.padding.sum() == 3 and (last.source[last.padding] == -1).all()
    pooled = list(windows((5,), 2, stride=2, ceil_mode=True))
    assert len(pooled) == 3 and pooled[-1].overflow.tolist() == [False, True]


@MANY
@given(
    size=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    s=st.integers(1, 2),
    p=st.one_of(st.integers(0, 2), st.sampled_from(["same", "valid"])),
    mode=st.sampled_from(["zeros", "replicate", "circular", "symmetric"]),
    seed=st.integers(0, 999),
)
def test_walk_sums_equal_conv2d(size, k, s, p, mode, seed):
    try:
        shapes.conv_output_shape(size, k, s, p)
        if mode == "symmetric" or mode == "circular":
            widths = [shapes.resolve_padding(n, ki, s, p) for n, ki in zip(size, k)]
            if any(max(w) > n for w, n in zip(widths, size)):
                return
    except ValueError:
        return
    rng = np.random.default_rng(seed)
    x = rng.integers(-5, 5, size=size)
    w = rng.integers(-3, 3, size=k)
    outputs = [step.output for step in walk(x, w, s, p, padding_mode=mode)]
    np.testing.assert_array_equal(np.array(outputs).reshape(-1), conv2d(x, w, s, p, padding_mode=mode).ravel())


# --------------------------------------------------------------------------------------------
# pooling against tf.nn / Keras and PyTorch hand cases
# --------------------------------------------------------------------------------------------
@FEW
@given(
    size=st.tuples(st.integers(1, 9), st.integers(1, 9)),
    k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    s=st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))),
    padding=st.sampled_from(["valid", "same"]),
    seed=st.integers(0, 999),
)
def test_pooling_matches_tf_nn(tf, size, k, s, padding, seed):
    try:
        shapes.pool_output_shape(size, k, s, padding)
    except ValueError:
        return  # never run TF here: its CPU pooling crashes on an impossible window
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, *size, 3)).astype("float32")
    strides = k if s is None else s
    np.testing.assert_allclose(
        max_pool2d(x, k, s, padding), tf.nn.max_pool2d(x, k, strides, padding.upper()).numpy(), rtol=1e-6
    )
    np.testing.assert_allclose(
        avg_pool2d(x, k, s, padding), tf.nn.avg_pool2d(x, k, strides, padding.upper()).numpy(), rtol=1e-5, atol=1e-6
    )
    l2_ref = np.sqrt(tf.nn.avg_pool2d(x**2, k, strides, "VALID").numpy() * k[0] * k[1]) if padding == "valid" else None
    if l2_ref is not None:
        np.testing.assert_allclose(l2_pool2d(x, k, s, padding), l2_ref, rtol=1e-4, atol=1e-5)
    values, argmax = tf.nn.max_pool_with_argmax(x, k, strides, padding.upper())
    y, idx = max_pool2d(x, k, s, padding, return_indices=True)
    np.testing.assert_array_equal(idx, argmax.numpy())
    # gradient: TF's autodiff of max pooling vs our routing to the arg-max cells
    g = rng.normal(size=y.shape).astype("float32")
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = tf.nn.max_pool2d(xt, k, strides, padding.upper())
    ref_grad = tape.gradient(out, xt, output_gradients=tf.constant(g)).numpy()
    grad, _ = max_pool2d_backward(x, g, k, s, padding)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-5, atol=1e-6)


def test_pooling_explicit_padding_pytorch_semantics(tf):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(1, 6, 7, 2)).astype("float32")
    # max: padding never wins = max over an input padded with -inf
    neg = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], constant_values=-np.inf)
    np.testing.assert_allclose(max_pool2d(x, 3, 2, 1), tf.nn.max_pool2d(neg, 3, 2, "VALID").numpy())
    # avg, count_include_pad=True (PyTorch default): zeros that count in the divisor
    zero = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
    np.testing.assert_allclose(avg_pool2d(x, 3, 2, 1), tf.nn.avg_pool2d(zero, 3, 2, "VALID").numpy(), rtol=1e-5)
    # count_include_pad=False: the corner window holds 4 input cells
    corner = avg_pool2d(x, 3, 2, 1, count_include_pad=False)[0, 0, 0]
    np.testing.assert_allclose(corner, x[0, :2, :2].mean(axis=(0, 1)), rtol=1e-5)


def test_pooling_ceil_mode_pytorch_hand_case():
    x = np.arange(25.0).reshape(5, 5)
    # nn.MaxPool2d(2, 2, ceil_mode=True) / nn.AvgPool2d(2, 2, ceil_mode=True) on 5x5
    np.testing.assert_array_equal(max_pool2d(x, 2, 2, ceil_mode=True), [[6, 8, 9], [16, 18, 19], [21, 23, 24]])
    np.testing.assert_array_equal(
        avg_pool2d(x, 2, 2, ceil_mode=True), [[3, 5, 6.5], [13, 15, 16.5], [20.5, 22.5, 24]]
    )
    assert max_pool2d(np.zeros((50, 32)), (3, 2), (2, 1), ceil_mode=True).shape == (25, 31)
    y, idx = max_pool2d(x, 2, 2, ceil_mode=True, return_indices=True)
    np.testing.assert_array_equal(x.ravel()[idx], y)


def test_max_pool_backward_routes_to_argmax_and_accumulates():
    x = np.array([[1.0, 5.0, 2.0], [0.0, 3.0, 1.0], [4.0, 0.0, 2.0]])
    grad, idx = max_pool2d_backward(x, np.array([[1.0, 10.0], [100.0, 1000.0]]), 2, stride=1)
    # windows: {1,5,0,3}->5, {5,2,3,1}->5, {0,3,4,0}->4, {3,1,0,2}->3
    np.testing.assert_array_equal(idx, [[1, 1], [6, 4]])
    np.testing.assert_array_equal(grad, [[0, 11, 0], [0, 1000, 0], [100, 0, 0]])
    with pytest.raises(ValueError, match="grad_out"):
        max_pool2d_backward(x, np.ones((3, 3)), 2, stride=1)


def test_global_pools_match_keras():
    import keras

    x = np.random.default_rng(2).normal(size=(2, 5, 4, 3)).astype("float32")
    np.testing.assert_allclose(global_avg_pool2d(x), np.asarray(keras.layers.GlobalAveragePooling2D()(x)), rtol=1e-5)
    np.testing.assert_allclose(global_max_pool2d(x), np.asarray(keras.layers.GlobalMaxPooling2D()(x)))
    assert global_avg_pool2d(x[0]).shape == (3,)
    assert global_max_pool2d(x[0], keepdims=True).shape == (1, 1, 3)
    assert global_avg_pool2d(x[0, :, :, 0]).shape == ()


def test_stochastic_pooling_probabilities_seed_and_inference():
    window = np.array([[1.0, 3.0], [0.0, 0.0]])
    x = np.tile(window, (60, 60))  # 3,600 identical windows
    picks = stochastic_pool2d(x, 2, seed=0)
    assert set(np.unique(picks)) <= {1.0, 3.0}  # never a zero-probability cell
    assert abs((picks == 3.0).mean() - 0.75) < 0.03  # p(3) = 3 / (1 + 3)
    np.testing.assert_array_equal(picks, stochastic_pool2d(x, 2, seed=0))  # seeded
    assert not np.array_equal(picks, stochastic_pool2d(x, 2, seed=1))
    # inference: the probability-weighted average sum p_i a_i = (1 + 9) / 4
    np.testing.assert_allclose(stochastic_pool2d(window, 2, training=False), [[2.5]])
    np.testing.assert_array_equal(stochastic_pool2d(np.zeros((2, 2)), 2, seed=0), [[0.0]])
    with pytest.raises(ValueError, match="non-negative"):
        stochastic_pool2d(-window, 2)


def test_pooling_keeps_channels_and_validates():
    assert max_pool2d(np.zeros((8, 8, 5)), 2).shape == (4, 4, 5)
    assert avg_pool2d(np.zeros((3, 8, 8, 5)), 3, 1, "same").shape == (3, 8, 8, 5)
    with pytest.raises(ValueError, match="half"):
        max_pool2d(np.zeros((8, 8)), 2, padding=2)
    with pytest.raises(ValueError, match="pooling window is larger"):
        avg_pool2d(np.zeros((2, 2)), 3)


def test_constant_padding_value(tf):
    x = np.random.default_rng(4).normal(size=(1, 4, 5, 2)).astype("float32")
    w = np.random.default_rng(5).normal(size=(3, 3, 2, 2)).astype("float32")
    padded = tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]], constant_values=0.5)
    ref = tf.nn.conv2d(padded, w, 1, "VALID").numpy()
    ours = conv2d(x, w, padding=((1, 2), (2, 1)), padding_mode="constant", padding_value=0.5)
    np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-5)
