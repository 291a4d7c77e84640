"""Padding, PaddedConv1D/2D, TransposedConv2D, LocallyConnected2D against independent references:
numpy ``np.pad``, ``tfdl.functional`` (numpy), Keras built-ins given the same weights, and the
CURRICULUM worked example."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl import functional as F
from tfdl.layers.conv import PaddedConv1D, PaddedConv2D
from tfdl.layers.padding import Padding1D, Padding2D
from tfdl.testing import check_layer

NP_MODE = {
    "replicate": "edge",
    "reflect": "reflect",
    "symmetric": "symmetric",
    "circular": "wrap",
    "zeros": "constant",
}
MODES = ["zeros", "constant", "replicate", "reflect", "symmetric", "circular"]


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _np_pad(x, pads, mode, value=0.0):
    widths = [(0, 0), *pads, (0, 0)]
    if mode == "constant":
        return np.pad(x, widths, mode="constant", constant_values=value)
    return np.pad(x, widths, mode=NP_MODE[mode])


# ------------------------------------------------------------------------------------ padding
@pytest.mark.parametrize("mode", MODES)
def test_padding2d_matches_numpy_pad(mode):
    x = _rand(2, 5, 4, 3)
    pads = ((2, 1), (0, 3))
    layer = Padding2D(pads, mode, padding_value=2.5)
    check_layer(
        layer,
        x,
        reference=lambda a: _np_pad(a, pads, mode, 2.5),
        expected_output_shape=(2, 8, 7, 3),
        check_fit=False,  # no weights
    )


@pytest.mark.parametrize("mode", ["replicate", "circular"])
def test_padding2d_one_cell_fast_path(mode):
    x = _rand(2, 4, 3, 2)
    y = Padding2D(((1, 0), (1, 1)), mode)(x).numpy()
    np.testing.assert_array_equal(y, _np_pad(x, ((1, 0), (1, 1)), mode))


@pytest.mark.parametrize("mode", MODES)
def test_padding1d_layer_contract(mode):
    x = _rand(2, 6, 3)
    check_layer(
        Padding1D((3, 1), mode, padding_value=-1.5),
        x,
        reference=lambda a: _np_pad(a, [(3, 1)], mode, -1.5),
        expected_output_shape=(2, 10, 3),
        check_fit=False,  # no weights
    )


@pytest.mark.parametrize("mode", ["replicate", "reflect", "symmetric", "circular"])
def test_padding1d_matches_numpy_pad_and_passes_gradient(mode):
    x = tf.constant(_rand(2, 6, 2))
    y = Padding1D((3, 1), mode)(x)
    np.testing.assert_array_equal(y.numpy(), _np_pad(x.numpy(), [(3, 1)], mode))
    # the gradient of padding = sum of the copies: compare with the numpy adjoint
    w = _rand(*y.shape, seed=1)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(Padding1D((3, 1), mode)(x) * w)
    g = tape.gradient(loss, x).numpy()
    eps_grad = np.zeros_like(g)
    base = _np_pad(x.numpy(), [(3, 1)], mode)
    for idx in np.ndindex(*x.numpy().shape):  # d/dx_i sum(w * pad(x)) by a unit perturbation (linear)
        e = np.zeros_like(x.numpy())
        e[idx] = 1.0
        eps_grad[idx] = np.sum(w * (_np_pad(x.numpy() + e, [(3, 1)], mode) - base))
    np.testing.assert_allclose(g, eps_grad, rtol=1e-5, atol=1e-5)


def test_padding_errors_teach():
    with pytest.raises(ValueError, match="padding_mode.*Received: padding_mode='mirror'"):
        Padding2D(1, "mirror")
    with pytest.raises(ValueError, match="negative"):
        Padding2D(-1)
    with pytest.raises(ValueError, match="reflect"):
        Padding2D(5, "reflect")(np.zeros((1, 5, 5, 1), "float32"))


# ----------------------------------------------------------------- CURRICULUM worked example
@pytest.mark.parametrize(
    "mode, expected",
    [
        ("zeros", [-1, 0, 0, 6, 7]),
        ("replicate", [-2, -1, 0, 1, 2]),
        ("symmetric", [-3, -1, 0, 1, 3]),
        ("circular", [-5, -5, 0, 5, 5]),
        ("reflect", [-4, -2, 0, 2, 4]),
    ],
)
def test_padded_conv1d_curriculum_padding_modes(mode, expected):
    conv = PaddedConv1D(1, 5, padding=2, padding_mode=mode, use_bias=False)
    conv.build((None, 5, 1))
    conv.set_weights([np.array([-1, 0, 2, 0, -1], "float32").reshape(5, 1, 1)])
    y = conv(np.arange(1, 6, dtype="float32").reshape(1, 5, 1))
    np.testing.assert_array_equal(y.numpy()[0, :, 0], expected)
    # the same in 2-D (a 1-row image, kernel 1x5, padding only on the columns)
    conv2 = PaddedConv2D(1, (1, 5), padding=((0, 0), (2, 2)), padding_mode=mode, use_bias=False)
    conv2.build((None, 1, 5, 1))
    conv2.set_weights([np.array([-1, 0, 2, 0, -1], "float32").reshape(1, 5, 1, 1)])
    y2 = conv2(np.arange(1, 6, dtype="float32").reshape(1, 1, 5, 1))
    np.testing.assert_array_equal(y2.numpy()[0, 0, :, 0], expected)


# -------------------------------------------------------------------------- PaddedConv2D
@pytest.mark.parametrize(
    "kwargs, keras_kwargs",
    [
        (dict(padding=1), dict(padding="same")),
        (dict(padding=0, strides=2), dict(padding="valid", strides=2)),
        (dict(padding="same", strides=2), dict(padding="same", strides=2)),
        (dict(padding=2, dilation_rate=2), dict(padding="same", dilation_rate=2)),
        (dict(padding=1, groups=2, activation="relu"), dict(padding="same", groups=2,
                                                            activation="relu")),
    ],
)
def test_padded_conv2d_equals_keras_conv2d(kwargs, keras_kwargs):
    x = _rand(2, 9, 8, 4)
    ours = PaddedConv2D(6, 3, **kwargs)
    ref = keras.layers.Conv2D(6, 3, **keras_kwargs)
    ref.build(x.shape)
    ours.build(x.shape)
    ours.set_weights(ref.get_weights())  # same layout: kernel (kh, kw, C_in/groups, F), bias
    np.testing.assert_allclose(ours(x), ref(x), rtol=1e-5, atol=1e-5)
    ref.set_weights(ours.get_weights())  # and back


CASES = [
    dict(padding=1),  # fused "SAME"
    dict(padding=((1, 2), (0, 3))),  # explicit asymmetric, fused into tf.nn.conv2d
    dict(padding=1, strides=2, dilation_rate=2),  # stride and dilation together
    dict(padding=((1, 2), (0, 3)), strides=(2, 1), dilation_rate=(2, 3), groups=3),
    dict(padding="same", strides=2, padding_mode="reflect"),
    dict(padding=(2, 1), padding_mode="circular", dilation_rate=(2, 1), strides=(1, 2)),
    dict(padding=((0, 1), (2, 0)), padding_mode="replicate", groups=2),
    dict(padding=2, padding_mode="symmetric", strides=3),
    dict(padding="valid", strides=3, use_bias=False),
]


@pytest.mark.parametrize("kwargs", CASES, ids=[str(i) for i in range(len(CASES))])
def test_padded_conv2d_matches_numpy_and_checks(kwargs):
    x = _rand(2, 11, 10, 6)
    conv = PaddedConv2D(6, 3, **kwargs)

    def reference(a):
        return F.conv2d(
            a,
            conv.kernel.numpy(),
            stride=conv.strides,
            padding=kwargs.get("padding", 0),
            dilation=conv.dilation_rate,
            padding_mode=conv.padding_mode,
            groups=conv.groups,
            bias=None if conv.bias is None else conv.bias.numpy(),
        )

    check_layer(conv, x, reference=reference, atol=1e-4, rtol=1e-4)


def test_padded_conv2d_constant_mode_vs_explicit_pad():
    x = _rand(1, 6, 7, 2)
    conv = PaddedConv2D(3, (3, 2), padding=((1, 0), (2, 1)), padding_mode="constant",
                        padding_value=1.5)
    y = conv(x)
    xp = _np_pad(x, ((1, 0), (2, 1)), "constant", 1.5)
    ref = tf.nn.conv2d(xp, conv.kernel, 1, "VALID") + conv.bias
    np.testing.assert_allclose(y, ref, rtol=1e-5, atol=1e-5)


def test_padded_conv2d_dynamic_spatial_size():
    inp = keras.Input((None, None, 3))
    out = PaddedConv2D(4, 3, padding=1, padding_mode="reflect")(inp)
    model = keras.Model(inp, out)
    assert model(np.zeros((1, 7, 5, 3), "float32")).shape == (1, 7, 5, 4)
    assert model(np.zeros((2, 4, 9, 3), "float32")).shape == (2, 4, 9, 4)


def test_padded_conv2d_strided_explicit_pads_stay_explicit_on_other_sizes():
    """(0, 1) equals TF 'same' at stride 2 for even sizes only: an odd size must still get (0, 1)."""
    conv = PaddedConv2D(2, 3, strides=2, padding=((0, 1), (0, 1)))
    conv(np.zeros((1, 8, 8, 1), "float32"))
    x = _rand(1, 9, 9, 1)
    ref = F.conv2d(x, conv.kernel.numpy(), stride=2, padding=((0, 1), (0, 1)),
                   bias=conv.bias.numpy())
    np.testing.assert_allclose(conv(x), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kwargs", [dict(padding=2), dict(padding=1, strides=2, dilation_rate=2,
                                                          padding_mode="circular", groups=2)])
def test_padded_conv1d_matches_numpy_and_checks(kwargs):
    x = _rand(2, 13, 4)
    conv = PaddedConv1D(4, 3, **kwargs)

    def reference(a):
        return F.conv1d(
            a,
            conv.kernel.numpy(),
            stride=conv.strides[0],
            padding=kwargs["padding"],
            dilation=conv.dilation_rate[0],
            padding_mode=conv.padding_mode,
            groups=conv.groups,
            bias=conv.bias.numpy(),
        )

    check_layer(conv, x, reference=reference, atol=1e-4, rtol=1e-4)


def test_padded_conv_errors_teach():
    with pytest.raises(ValueError, match="`strides` must be >= 1. Received: strides=0"):
        PaddedConv2D(4, 3, strides=0)
    with pytest.raises(ValueError, match="divisible by `groups`"):
        PaddedConv2D(5, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        PaddedConv2D(4, 3, padding_mode="mirror")
    with pytest.raises(ValueError, match="effective kernel size 5"):
        PaddedConv2D(4, 3, dilation_rate=2)(np.zeros((1, 4, 4, 1), "float32"))
    with pytest.raises(ValueError, match="divisible by `groups`"):
        PaddedConv2D(4, 3, groups=2)(np.zeros((1, 8, 8, 3), "float32"))


# ----------------------------------------------------------------------- TransposedConv2D
from tfdl.layers.locally_connected import LocallyConnected2D
from tfdl.layers.transposed import TransposedConv2D, insert_zeros

TRANSPOSE_CASES = [
    (3, 1, "valid", None),
    (3, 2, "valid", None),
    (3, 2, "same", None),
    (3, 2, "same", 1),
    (3, 2, "valid", 1),
    (4, 2, "same", None),
    (3, 3, "valid", 2),
    (3, 3, "same", 1),
    (1, 3, "valid", None),  # kernel smaller than stride: Keras pads zeros at the end
    (5, 2, "same", 0),
]


@pytest.mark.parametrize("k, s, padding, output_padding", TRANSPOSE_CASES)
def test_transposed_conv2d_equals_keras_conv2d_transpose(k, s, padding, output_padding):
    x = _rand(2, 5, 4, 3)
    ref = keras.layers.Conv2DTranspose(4, k, strides=s, padding=padding,
                                       output_padding=output_padding)
    ours = TransposedConv2D(4, k, strides=s, padding=padding, output_padding=output_padding)
    ref.build(x.shape)
    ours.build(x.shape)
    ours.set_weights(ref.get_weights())  # same kernel layout (k_h, k_w, filters, C_in)
    np.testing.assert_allclose(ours(x), ref(x), rtol=1e-5, atol=1e-5)
    assert ours.compute_output_shape(x.shape) == tuple(ref(x).shape)


def test_transposed_conv2d_dilation_equals_keras():
    x = _rand(1, 6, 5, 2)
    ref = keras.layers.Conv2DTranspose(3, 3, padding="same", dilation_rate=2)
    ours = TransposedConv2D(3, 3, padding="same", dilation_rate=2)
    ref.build(x.shape)
    ours.build(x.shape)
    ours.set_weights(ref.get_weights())
    np.testing.assert_allclose(ours(x), ref(x), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "kwargs",
    [dict(strides=2, padding=1, output_padding=1), dict(strides=(2, 3), padding="same"),
     dict(strides=2, padding=((1, 0), (2, 1)), dilation_rate=2, output_padding=(1, 0))],
)
def test_transposed_conv2d_matches_numpy_and_checks(kwargs):
    x = _rand(2, 4, 5, 3)
    layer = TransposedConv2D(2, 3, **kwargs)

    def reference(a):
        return F.conv2d_transpose(
            a, layer.kernel.numpy(), stride=layer.strides, padding=kwargs["padding"],
            output_padding=kwargs.get("output_padding"), dilation=layer.dilation_rate,
            bias=layer.bias.numpy(),
        )

    check_layer(layer, x, reference=reference, atol=1e-4, rtol=1e-4)


def test_transposed_conv_is_adjoint_of_padded_conv():
    """<conv(u), v> == <conv_transpose(v), u> with the same kernel: the 'transpose' in the name."""
    u = _rand(1, 9, 8, 3)
    conv = PaddedConv2D(4, 3, strides=2, padding=1, use_bias=False)
    v = _rand(*conv(u).shape, seed=2)
    up = TransposedConv2D(3, 3, strides=2, padding=1, output_padding=(0, 1), use_bias=False)
    up.build(v.shape)
    up.set_weights(conv.get_weights())  # forward kernel (kh, kw, 3, 4) = transpose (kh, kw, 3, 4)
    assert up(v).shape == u.shape
    np.testing.assert_allclose(np.sum(conv(u) * v), np.sum(up(v) * u), rtol=1e-4)


def test_insert_zeros():
    x = np.arange(1, 5, dtype="float32").reshape(1, 2, 2, 1)
    z = insert_zeros(x, (2, 3)).numpy()[0, :, :, 0]
    np.testing.assert_array_equal(z, [[1, 0, 0, 2], [0, 0, 0, 0], [3, 0, 0, 4]])


def test_transposed_conv_errors_teach():
    with pytest.raises(ValueError, match="output_padding"):
        TransposedConv2D(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="padding"):
        TransposedConv2D(2, 3, padding="full")


# ---------------------------------------------------------------------- LocallyConnected2D
def _lc_numpy(x, kernel, bias, kernel_size, strides, pads):
    """The textbook loop: every output position (i, j) has its own k_h*k_w*C x F matrix."""
    (t, b), (l, r) = pads
    xp = np.pad(x, [(0, 0), (t, b), (l, r), (0, 0)])
    k_h, k_w = kernel_size
    s_h, s_w = strides
    h_out, w_out = bias.shape[:2]
    y = np.zeros((x.shape[0], h_out, w_out, kernel.shape[-1]))
    for i in range(h_out):
        for j in range(w_out):
            window = xp[:, i * s_h : i * s_h + k_h, j * s_w : j * s_w + k_w, :]
            y[:, i, j] = window.reshape(x.shape[0], -1) @ kernel[i * w_out + j] + bias[i, j]
    return y


@pytest.mark.parametrize(
    "kwargs, pads",
    [
        (dict(kernel_size=3), ((0, 0), (0, 0))),
        (dict(kernel_size=(2, 3), strides=(2, 1), padding=1), ((1, 1), (1, 1))),
        (dict(kernel_size=3, strides=2, padding="same"), ((1, 1), (0, 1))),
    ],
)
def test_locally_connected2d_matches_numpy_loop(kwargs, pads):
    x = _rand(2, 7, 6, 3)
    layer = LocallyConnected2D(4, bias_initializer="random_normal", **kwargs)

    def reference(a):
        return _lc_numpy(a, layer.kernel.numpy(), layer.bias.numpy(), layer.kernel_size,
                         layer.strides, pads)

    check_layer(layer, x, reference=reference, atol=1e-4, rtol=1e-4)


def test_locally_connected_with_shared_weights_is_a_convolution():
    x = _rand(2, 6, 6, 2)
    conv = PaddedConv2D(3, 3, padding=0)
    y_conv = conv(x)
    lc = LocallyConnected2D(3, 3)
    lc.build(x.shape)
    k = conv.kernel.numpy().reshape(1, 9 * 2, 3)
    lc.set_weights([np.repeat(k, 16, axis=0), np.broadcast_to(conv.bias.numpy(), (4, 4, 3))])
    np.testing.assert_allclose(lc(x), y_conv, rtol=1e-5, atol=1e-5)
    # and it has H_out*W_out times the conv's kernel weights
    assert lc.kernel.shape[0] * lc.kernel.shape[1] * lc.kernel.shape[2] == 16 * conv.kernel.numpy().size


def test_locally_connected_needs_known_size():
    with pytest.raises(ValueError, match="must be known"):
        LocallyConnected2D(2, 3)(keras.Input((None, None, 3)))


def test_padded_conv2d_random_sweep_matches_numpy():
    """40 random settings (kernel, stride, dilation, per-side padding, mode, groups) vs numpy."""
    rng = np.random.default_rng(42)
    modes = ["zeros", "replicate", "reflect", "symmetric", "circular"]
    checked = 0
    while checked < 40:
        groups = int(rng.choice([1, 2]))
        k = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        s = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        d = (int(rng.integers(1, 3)), int(rng.integers(1, 3)))
        pads = tuple((int(rng.integers(0, 3)), int(rng.integers(0, 3))) for _ in range(2))
        mode = str(rng.choice(modes))
        h, w = int(rng.integers(4, 9)), int(rng.integers(4, 9))
        if any(h_ + b + a < d_ * (k_ - 1) + 1 for h_, (b, a), k_, d_ in zip((h, w), pads, k, d)):
            continue
        x = _rand(1, h, w, 2 * groups, seed=checked)
        conv = PaddedConv2D(2 * groups, k, strides=s, padding=pads, padding_mode=mode,
                            dilation_rate=d, groups=groups)
        y = conv(x).numpy()
        ref = F.conv2d(x, conv.kernel.numpy(), stride=s, padding=pads, dilation=d,
                       padding_mode=mode, groups=groups, bias=conv.bias.numpy())
        np.testing.assert_allclose(
            y, ref, rtol=1e-4, atol=1e-4,
            err_msg=f"k={k} s={s} d={d} pads={pads} mode={mode} groups={groups} size={(h, w)}",
        )
        checked += 1


def test_layer_padding_rule_is_the_functional_one_with_its_own_argument_name():
    """``normalize_spatial_padding`` (layers) is ``tfdl.functional.pad_widths`` with
    ``padding`` in the messages; mode limits are one rule too, skipping unknown sizes."""
    from tfdl.functional import check_mode_limits, pad_widths
    from tfdl.layers import normalize_spatial_padding

    for spec, rank in [(1, 2), ((1, 2), 2), (((0, 1), (2, 3)), 2), ((1, 2), 1), (3, 1), ((4,), 1)]:
        assert normalize_spatial_padding(spec, rank) == tuple(pad_widths(spec, rank))
    for bad, rank in [(-1, 2), ((1, 2, 3), 2), (((1, 2, 3), 0), 2), (1.5, 1), ((1, "a"), 2)]:
        with pytest.raises(ValueError, match=r"`pad`.*Received: pad="):
            pad_widths(bad, rank)
        with pytest.raises(ValueError, match=r"`padding`.*Received: padding="):
            normalize_spatial_padding(bad, rank)
    with pytest.raises(ValueError, match="per-side pairs"):
        normalize_spatial_padding("same", 2)
    check_mode_limits([(2, 2), (9, 9)], [3, None], "reflect")  # unknown size: not checked
    with pytest.raises(ValueError, match=r"axis 0 .* at most 2 cells.*Received: padding="):
        check_mode_limits([(3, 0)], [3], "reflect", name="padding")
    with pytest.raises(ValueError, match=r"circular padding of a size-3 input"):
        check_mode_limits([(0, 4)], [3], "circular")
    with pytest.raises(ValueError, match="`padding` 4 .* reflect padding of a size-4 input"):
        PaddedConv2D(2, 3, padding=4, padding_mode="reflect")(np.zeros((1, 4, 4, 1), "float32"))
