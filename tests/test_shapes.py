"""tfdl.shapes against the worked checks of CURRICULUM §1, hand cases of the PyTorch rule, brute
force, and the real Keras layers (hypothesis sweeps of 2,000 configurations per layer type)."""


import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tfdl import shapes
from tfdl.errors import TfdlValueError
from tfdl.shapes import (
    conv_output_shape,
    conv_output_size,
    conv_params,
    conv_transpose_output_shape,
    conv_transpose_output_size,
    conv_transpose_params,
    dense_params,
    depthwise_params,
    pool_output_shape,
    pool_output_size,
    receptive_field,
    same_padding,
    separable_params,
)

SWEEP = settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
RUN = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


# --------------------------------------------------------------------------------------------
# light import
# --------------------------------------------------------------------------------------------
# --------------------------------------------------------------------------------------------
# CURRICULUM §1 shape checks
# --------------------------------------------------------------------------------------------
# The notes' size checks (I=5, F=3 -> 3; PyTorch's Conv2d and MaxPool2d examples; the 28 -> 5
# chain; dense parameter counts) are data in tfdl.data.worked_examples, checked in
# tests/data/test_worked_examples.py.
def test_curriculum_pytorch_maxpool_example_ceil_mode():
    # MaxPool2d((3, 2), stride=(2, 1), ceil_mode=True) on 20x16x50x32;
    # ceil_mode: H = ceil((50-3)/2)+1 = 25 (the 25th window starts at 48 < 50: kept); W stays 31
    assert pool_output_shape((50, 32), (3, 2), stride=(2, 1), ceil_mode=True) == (25, 31)
    assert conv_output_shape((50, 32), (3, 2), stride=(2, 1), ceil_mode=True) == (25, 31)


def test_curriculum_lenet_chain():
    sizes = [28]
    for kind in ("conv", "pool", "conv", "pool"):
        if kind == "conv":
            sizes.append(conv_output_size(sizes[-1], 3))
        else:
            sizes.append(pool_output_size(sizes[-1], 2))
    assert sizes == [28, 26, 13, 11, 5]
    rf = receptive_field(
        [{"kernel": 3}, {"kernel": 2, "type": "pool"}, {"kernel": 3}, {"kernel": 2, "type": "pool"}],
        input_size=28,
    )
    assert [layer["output_size"] for layer in rf] == [26, 13, 11, 5]


def test_curriculum_tf_rules_same_and_valid():
    # TF "same": ceil(I/S); "valid": ceil((I - D(F-1))/S)
    assert conv_output_size(3, 2, padding="same") == 3
    assert same_padding(3, 2) == (0, 1)  # zeros added bottom/right, as in the worked example
    assert conv_output_size(5, 3, stride=2, padding="valid") == 2
    assert conv_output_size(5, 3, stride=2, padding="same") == 3
    for i in range(1, 30):
        for f in range(1, 6):
            for s in range(1, 4):
                for d in range(1, 3):
                    assert conv_output_size(i, f, s, "same", d) == -(-i // s)
                    if i >= d * (f - 1) + 1:
                        assert conv_output_size(i, f, s, "valid", d) == -(-(i - d * (f - 1)) // s)


def test_curriculum_parameter_counts():
    # a k x k conv layer has k*k*C_in*C_out (+C_out) weights
    assert conv_params((3, 3), 16, 32) == 3 * 3 * 16 * 32 + 32
    assert conv_params(1, 256, 64, use_bias=False) == 256 * 64  # 1x1 bottleneck


# --------------------------------------------------------------------------------------------
# PyTorch rule: hand cases from the PyTorch docs and torchvision networks, and brute force
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, expected",
    [
        (dict(size=50, kernel_size=3, stride=2), 24),  # Conv2d(16, 33, 3, stride=2) on 50
        (dict(size=100, kernel_size=3, stride=2), 49),
        (dict(size=50, kernel_size=3, stride=2, padding=4), 28),
        (dict(size=224, kernel_size=7, stride=2, padding=3), 112),  # ResNet stem
        (dict(size=112, kernel_size=3, stride=2, padding=1), 56),  # ResNet max-pool
        (dict(size=227, kernel_size=11, stride=4), 55),  # AlexNet conv1
        (dict(size=55, kernel_size=3, stride=2), 27),  # AlexNet pool1
        (dict(size=112, kernel_size=3, stride=2, ceil_mode=True), 56),  # GoogLeNet pools
        (dict(size=56, kernel_size=3, stride=2, ceil_mode=True), 28),
        (dict(size=28, kernel_size=3, stride=2, ceil_mode=True), 14),
        (dict(size=14, kernel_size=2, stride=2, ceil_mode=True), 7),
        (dict(size=5, kernel_size=2, stride=2, ceil_mode=True), 3),
        (dict(size=5, kernel_size=2, stride=2), 2),
        (dict(size=6, kernel_size=2, stride=2, padding=1, ceil_mode=True), 4),
        # the last window would start in the right padding: dropped (PyTorch rule)
        (dict(size=5, kernel_size=2, stride=2, padding=1, ceil_mode=True), 3),
        (dict(size=10, kernel_size=3, stride=1, padding=2, dilation=2), 10),
    ],
)
def test_pytorch_rule_hand_cases(args, expected):
    assert conv_output_size(**args) == expected


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    i=st.integers(1, 40),
    f=st.integers(1, 7),
    s=st.integers(1, 5),
    p=st.integers(0, 4),
    d=st.integers(1, 4),
    ceil=st.booleans(),
)
def test_pytorch_rule_against_window_enumeration(i, f, s, p, d, ceil):
    """Count the windows one by one: starts 0, S, 2S, ... in the padded input."""
    f_eff = d * (f - 1) + 1
    padded = i + 2 * p
    fits = [start for start in range(0, padded, s) if start + f_eff <= padded]
    if not fits:
        with pytest.raises(ValueError, match="kernel"):
            conv_output_size(i, f, s, p, d, ceil)
        return
    starts = list(fits)
    if ceil:
        # ceil_mode adds a partial window if the last full one leaves cells uncovered; then
        # PyTorch drops the last window if it starts in the right padding
        if fits[-1] + f_eff < padded:
            starts.append(fits[-1] + s)
        if starts[-1] >= i + p:
            starts.pop()
    expected = len(starts)
    assert conv_output_size(i, f, s, p, d, ceil) == expected


def test_pytorch_transposed_docs_case():
    # nn.Conv2d(16, 16, 3, stride=2, padding=1): 12 -> 6; ConvTranspose2d(.., 3, stride=2,
    # padding=1) with output_size=12 needs output_padding=1
    assert conv_output_size(12, 3, stride=2, padding=1) == 6
    assert conv_transpose_output_size(6, 3, stride=2, padding=1) == 11
    assert conv_transpose_output_size(6, 3, stride=2, padding=1, output_padding=1) == 12


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    i=st.integers(1, 30),
    f=st.integers(1, 6),
    s=st.integers(1, 4),
    p=st.integers(0, 3),
    d=st.integers(1, 3),
)
def test_transposed_inverts_the_forward_size(i, f, s, p, d):
    """For every input size I, some output_padding < S maps the forward output back to I."""
    try:
        o = conv_output_size(i, f, s, p, d)
    except ValueError:
        return
    r = (i + 2 * p - d * (f - 1) - 1) % s  # the cells the forward conv left over (< S)
    assert conv_transpose_output_size(o, f, s, p, output_padding=r, dilation=d) == i


# --------------------------------------------------------------------------------------------
# errors that teach
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fn, kwargs, words",
    [
        (conv_output_size, dict(size=5, kernel_size=3, stride=0), ["stride", "stride=0"]),
        (conv_output_size, dict(size=5, kernel_size=3, dilation=0), ["dilation", "dilation=0"]),
        (conv_output_size, dict(size=5, kernel_size=0), ["kernel_size"]),
        (conv_output_size, dict(size=0, kernel_size=1), ["size"]),
        (conv_output_size, dict(size=5, kernel_size=3, padding=-1), ["padding", "negative"]),
        (conv_output_size, dict(size=5, kernel_size=3, padding="full"), ["padding", "full"]),
        (conv_output_size, dict(size=2, kernel_size=3), ["kernel", "padded", "3 > "]),
        (conv_output_size, dict(size=5, kernel_size=3, dilation=3), ["7", "dilation"]),
        (conv_output_size, dict(size=5, kernel_size=3, padding="same", ceil_mode=True), ["ceil_mode"]),
        (conv_output_size, dict(size=5, kernel_size=2.5), ["kernel_size"]),
        (pool_output_size, dict(size=10, pool_size=2, padding=2), ["half", "padding"]),
        (conv_transpose_output_size, dict(size=4, kernel_size=3, stride=2, output_padding=2),
         ["output_padding", "stride"]),
        (conv_transpose_output_size, dict(size=4, kernel_size=3, stride=2, padding="same",
                                          output_padding=2), ["output_padding", "stride"]),
        (conv_transpose_output_size, dict(size=1, kernel_size=1, padding=1), ["crops"]),
        (conv_transpose_output_size, dict(size=4, kernel_size=2, padding="same", output_padding=0),
         ["even", "output_padding"]),
        (conv_params, dict(kernel_size=3, c_in=6, c_out=8, groups=4), ["groups", "6"]),
        (conv_params, dict(kernel_size=3, c_in=8, c_out=6, groups=4), ["groups", "6"]),
        (dense_params, dict(units_in=0, units_out=3), ["units_in"]),
        (conv_output_shape, dict(input_shape=(5, 5), kernel_size=(3, 3, 3)), ["kernel_size"]),
        (receptive_field, dict(stack=[{"stride": 2}]), ["kernel"]),
    ],
)
def test_errors_name_the_value_and_why(fn, kwargs, words):
    with pytest.raises(ValueError) as info:
        fn(**kwargs)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_pytorch_allows_output_padding_below_dilation():
    # PyTorch: output_padding must be smaller than stride OR dilation
    assert conv_transpose_output_size(4, 3, stride=1, padding=0, output_padding=1, dilation=2) == 9


# --------------------------------------------------------------------------------------------
# receptive field
# --------------------------------------------------------------------------------------------
def test_receptive_field_hand_cases():
    rf = receptive_field([(3, 1), (3, 1), (3, 1)])
    assert [layer["size"] for layer in rf] == [3, 5, 7]  # three 3x3 convs see 7x7 (VGG)
    rf = receptive_field([(3, 1, 0, 1), (3, 1, 0, 2), (3, 1, 0, 4)])
    assert [layer["size"] for layer in rf] == [3, 7, 15]  # dilation doubles: exponential growth
    rf = receptive_field([(7, 2, 3), {"kernel": 3, "stride": 2, "padding": 1}], input_size=224)
    assert [(r["size"], r["jump"], r["start"], r["output_size"]) for r in rf] == [
        (7, 2, 0.0, 112),
        (11, 4, 0.0, 56),
    ]
    rf = receptive_field([(3, 1, "same")], input_size=10)
    assert rf[0]["padding"] == 1 and rf[0]["start"] == 0.0


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 2)), min_size=1, max_size=4
    )
)
def test_receptive_field_against_the_conv_matrix(layers):
    """Multiply the layers' matrices (all-positive kernels): the columns that reach output 0."""
    from tfdl.functional import conv_matrix

    size = 64
    stack = [(f, s, 0, d) for f, s, d in layers]
    M = np.eye(size)
    n = size
    for f, s, d in layers:
        try:
            n_out = conv_output_size(n, f, s, 0, d)
        except ValueError:
            return
        M = conv_matrix((n,), np.ones(f), stride=s, dilation=d) @ M
        n = n_out
    reach = np.nonzero(M[0])[0]
    last = receptive_field(stack, input_size=size)[-1]
    assert last["size"] == reach[-1] - reach[0] + 1
    assert last["start"] == (reach[0] + reach[-1]) / 2
    if n > 1:  # the jump: how far the field of output 1 is shifted
        assert np.nonzero(M[1])[0][0] - reach[0] == last["jump"]


# --------------------------------------------------------------------------------------------
# parameter counts against Keras
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind, args",
    [
        ("dense", (784, 1000)),
        ("dense", (1000, 10)),
        ("conv", ((3, 3), 8, 16, 1)),
        ("conv", ((3, 5), 8, 12, 4)),
        ("conv", ((1, 1), 6, 6, 6)),
        ("depthwise", ((3, 3), 8, 2)),
        ("separable", ((5, 3), 8, 16, 3)),
        ("transpose", ((2, 2), 8, 4, 1)),
    ],
)
def test_parameter_counts_match_keras(kind, args):
    import keras

    if kind == "dense":
        layer, shape, ours = keras.layers.Dense(args[1]), (1, args[0]), dense_params(*args)
    elif kind == "conv":
        k, c_in, c_out, g = args
        layer, ours = keras.layers.Conv2D(c_out, k, groups=g), conv_params(k, c_in, c_out, g)
        shape = (1, 8, 8, c_in)
    elif kind == "depthwise":
        k, c_in, m = args
        layer, ours = keras.layers.DepthwiseConv2D(k, depth_multiplier=m), depthwise_params(k, c_in, m)
        shape = (1, 8, 8, c_in)
    elif kind == "separable":
        k, c_in, c_out, m = args
        layer = keras.layers.SeparableConv2D(c_out, k, depth_multiplier=m)
        ours, shape = separable_params(k, c_in, c_out, m), (1, 8, 8, c_in)
    else:
        k, c_in, c_out, _ = args
        layer, ours = keras.layers.Conv2DTranspose(c_out, k), conv_transpose_params(k, c_in, c_out)
        shape = (1, 8, 8, c_in)
    layer.build(shape)
    assert layer.count_params() == ours


# --------------------------------------------------------------------------------------------
# hypothesis sweeps against the real Keras layers
# --------------------------------------------------------------------------------------------
def _keras_shape(make, input_shape):
    """The Keras layer's output shape, or None where Keras refuses (no non-empty output)."""
    try:
        layer = make()
        out = layer.compute_output_shape(input_shape)
    except ValueError:
        return None
    out = tuple(out)
    if any(o is not None and o <= 0 for o in out[1:-1]):
        return None
    return out


def _ours(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValueError:
        return None


def _stride_dilation(draw, n):
    """Keras forbids stride > 1 together with dilation > 1: draw one kind of step per config."""
    strides = tuple(draw(st.integers(1, 4)) for _ in range(n))
    if max(strides) > 1:
        return strides, (1,) * n
    return strides, tuple(draw(st.integers(1, 4)) for _ in range(n))


@st.composite
def conv_configs(draw, n, paddings=("valid", "same")):
    size = tuple(draw(st.integers(1, 24)) for _ in range(n))
    kernel = tuple(draw(st.integers(1, 7)) for _ in range(n))
    strides, dilation = _stride_dilation(draw, n)
    padding = draw(st.sampled_from(paddings))
    return size, kernel, strides, dilation, padding


@SWEEP
@given(conv_configs(1, ("valid", "same", "causal")))
def test_sweep_conv1d_matches_keras(cfg):
    import keras

    size, kernel, strides, dilation, padding = cfg
    expected = _keras_shape(
        lambda: keras.layers.Conv1D(2, kernel, strides, padding, dilation_rate=dilation),
        (1, *size, 3),
    )
    ours = _ours(conv_output_shape, size, kernel, strides, padding, dilation)
    assert ours == (None if expected is None else expected[1:-1])


@SWEEP
@given(conv_configs(2))
def test_sweep_conv2d_matches_keras(cfg):
    import keras

    size, kernel, strides, dilation, padding = cfg
    expected = _keras_shape(
        lambda: keras.layers.Conv2D(2, kernel, strides, padding, dilation_rate=dilation),
        (1, *size, 3),
    )
    ours = _ours(conv_output_shape, size, kernel, strides, padding, dilation)
    assert ours == (None if expected is None else expected[1:-1])


@st.composite
def transpose_configs(draw):
    size = tuple(draw(st.integers(1, 16)) for _ in range(2))
    kernel = tuple(draw(st.integers(1, 6)) for _ in range(2))
    strides, dilation = _stride_dilation(draw, 2)
    padding = draw(st.sampled_from(("valid", "same")))
    if draw(st.booleans()):
        output_padding = None
    else:
        output_padding = tuple(draw(st.integers(0, s - 1)) for s in strides)
    return size, kernel, strides, dilation, padding, output_padding


def _tf_refuses_transpose(size, kernel, strides, dilation, padding, output_padding):
    """TensorFlow's conv_transpose checks that a forward conv maps the output back to the input:
    with "same", an even effective kernel and output_padding 0 it never does."""
    if padding != "same" or output_padding is None:
        return False
    return any(
        (d * (k - 1) + 1) % 2 == 0 and op == 0
        for k, d, op in zip(kernel, dilation, output_padding)
    )


@SWEEP
@given(transpose_configs())
def test_sweep_conv2d_transpose_matches_keras(cfg):
    import keras

    size, kernel, strides, dilation, padding, output_padding = cfg
    expected = _keras_shape(
        lambda: keras.layers.Conv2DTranspose(
            2, kernel, strides, padding, output_padding=output_padding, dilation_rate=dilation
        ),
        (1, *size, 3),
    )
    if _tf_refuses_transpose(*cfg):
        expected = None  # Keras reports a shape but cannot compute it (checked by running below)
    ours = _ours(conv_transpose_output_shape, size, kernel, strides, padding, output_padding, dilation)
    assert ours == (None if expected is None else expected[1:-1])


@st.composite
def pool_configs(draw):
    size = tuple(draw(st.integers(1, 24)) for _ in range(2))
    pool = tuple(draw(st.integers(1, 6)) for _ in range(2))
    strides = None if draw(st.booleans()) else tuple(draw(st.integers(1, 4)) for _ in range(2))
    padding = draw(st.sampled_from(("valid", "same")))
    return size, pool, strides, padding


@SWEEP
@given(pool_configs())
def test_sweep_max_pooling2d_matches_keras(cfg):
    import keras

    size, pool, strides, padding = cfg
    expected = _keras_shape(lambda: keras.layers.MaxPooling2D(pool, strides, padding), (1, *size, 3))
    ours = _ours(pool_output_shape, size, pool, strides, padding)
    assert ours == (None if expected is None else expected[1:-1])


@SWEEP
@given(pool_configs())
def test_sweep_average_pooling2d_matches_keras(cfg):
    import keras

    size, pool, strides, padding = cfg
    expected = _keras_shape(
        lambda: keras.layers.AveragePooling2D(pool, strides, padding), (1, *size, 3)
    )
    ours = _ours(pool_output_shape, size, pool, strides, padding)
    assert ours == (None if expected is None else expected[1:-1])


# --------------------------------------------------------------------------------------------
# a subset actually runs the Keras layers on a tiny tensor
# --------------------------------------------------------------------------------------------
def _run(layer, size):
    """Run the layer on a tiny tensor; only where Keras's own shape says the output exists
    (TF's CPU pooling kernels crash the interpreter with SIGFPE on an impossible window)."""
    if _keras_shape(lambda: layer, (1, *size, 2)) is None:
        return None
    try:
        y = layer(np.zeros((1, *size, 2), dtype="float32"))
    except Exception:
        return None
    out = tuple(y.shape[1:-1])
    return None if 0 in out else out


@RUN
@given(conv_configs(2))
def test_run_conv2d_layer(cfg):
    import keras

    size, kernel, strides, dilation, padding = cfg
    got = _run(keras.layers.Conv2D(1, kernel, strides, padding, dilation_rate=dilation), size)
    assert _ours(conv_output_shape, size, kernel, strides, padding, dilation) == got


@RUN
@given(conv_configs(1, ("valid", "same", "causal")))
def test_run_conv1d_layer(cfg):
    import keras

    size, kernel, strides, dilation, padding = cfg
    got = _run(keras.layers.Conv1D(1, kernel, strides, padding, dilation_rate=dilation), size)
    assert _ours(conv_output_shape, size, kernel, strides, padding, dilation) == got


@RUN
@given(transpose_configs())
def test_run_conv2d_transpose_layer(cfg):
    import keras

    size, kernel, strides, dilation, padding, output_padding = cfg
    layer = keras.layers.Conv2DTranspose(
        1, kernel, strides, padding, output_padding=output_padding, dilation_rate=dilation
    )
    got = _run(layer, size)
    assert _ours(conv_transpose_output_shape, size, kernel, strides, padding, output_padding, dilation) == got


@pytest.mark.parametrize("size", [(3, 3), (1, 4)])
def test_run_transpose_even_kernel_same_without_output_padding_fails_in_keras(size):
    import keras

    layer = keras.layers.Conv2DTranspose(1, 2, 1, "same", output_padding=0)
    assert _run(layer, size) is None
    with pytest.raises(ValueError, match="even"):
        conv_transpose_output_shape(size, 2, 1, "same", 0)


@RUN
@given(pool_configs(), st.booleans())
def test_run_pooling_layers(cfg, use_max):
    import keras

    size, pool, strides, padding = cfg
    layer_cls = keras.layers.MaxPooling2D if use_max else keras.layers.AveragePooling2D
    got = _run(layer_cls(pool, strides, padding), size)
    assert _ours(pool_output_shape, size, pool, strides, padding) == got


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------
def test_same_padding_matches_tensorflow_explicit_padding():
    import tensorflow as tf

    rng = np.random.default_rng(0)
    for i, f, s, d in [(7, 3, 2, 1), (8, 4, 3, 1), (5, 2, 1, 3), (9, 5, 1, 2), (1, 3, 2, 1)]:
        x = rng.normal(size=(1, i, i, 1)).astype("float32")
        k = rng.normal(size=(f, f, 1, 1)).astype("float32")
        b, a = same_padding(i, f, s, d)
        same = tf.nn.conv2d(x, k, s, "SAME", dilations=d)
        explicit = tf.nn.conv2d(x, k, s, [[0, 0], [b, a], [b, a], [0, 0]], dilations=d)
        np.testing.assert_allclose(same.numpy(), explicit.numpy(), rtol=1e-5, atol=1e-5)


def test_formula_text_and_locally_connected():
    assert shapes.conv_output_size_formula(50, 3, 2, 4, 3) == "floor((50 + 2·4 - 3·(3-1) - 1) / 2) + 1 = 26"
    text = shapes.conv_output_size_formula(5, 2, 2, 1, ceil_mode=True)
    assert text.endswith("= 3") and "right padding" in text
    assert shapes.locally_connected_params((28, 28), 3, 1, 8) == 26 * 26 * (9 * 8 + 8)
    assert shapes.resolve_padding(7, 3, padding="causal", dilation=2) == (4, 0)
    assert conv_output_size(6, 3, padding=(2, 0)) == 6  # per-side pair
    assert conv_output_shape((6, 6), 3, padding=((2, 0), (0, 0))) == (6, 4)
    assert conv_output_shape((6,), 3, padding=(2, 0)) == (6,)  # 1-D: (before, after)
    assert conv_output_shape(6, 3, padding=(2, 1)) == (7,)


def test_a_pooling_window_larger_than_the_input_is_said_in_poolings_words():
    with pytest.raises(TfdlValueError) as info:
        pool_output_size(3, 6, 2)
    assert info.value.code == "pool_window_larger_than_input"
    assert str(info.value) == ("The pooling window is larger than the padded input: pool_size 6 > padded size "
                               "3+0+0 = 3. Use a smaller window or more padding.")
    assert "kernel" not in str(info.value) and "dilation" not in str(info.value)
