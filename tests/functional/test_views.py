"""tfdl.functional.views (the Convolution lab's matrix, transposed and sharing tabs) against
independent references: the notes' 4×9 matrix, numpy loops (the scatter definition of a
transposed convolution), ``keras.layers.Conv2DTranspose``, the input gradients and the
``count_params`` of built Keras layers."""

import itertools

import numpy as np
import pytest

from tfdl import shapes
from tfdl.data import worked_examples as W
from tfdl.functional import (
    conv2d_transpose,
    conv_matrix,
    matrix_view,
    readable_crop,
    seen_mask,
    sharing_counts,
    transpose_of,
    transposed_size_rules,
    transposed_steps,
    window_weights,
)

CASES = [  # size, kernel, stride, padding, dilation
    ((3, 3), (2, 2), 1, "valid", 1),
    ((5, 4), (3, 3), 2, "same", 1),
    ((6, 5), (3, 2), 2, 1, 1),
    ((5, 6), (2, 3), 1, "same", 2),
    ((7, 7), (3, 3), 3, (1, 2), 1),
]


def test_matrix_view_is_the_notes_4x9_matrix():
    ex = W.CONVOLUTIONS["valid"]
    view = matrix_view(ex.x, ex.kernel)
    np.testing.assert_array_equal(view.matrix, W.CONV_MATRIX_3x3_2x2)
    np.testing.assert_array_equal(view.y, ex.result)
    np.testing.assert_array_equal(view.conv, ex.result)
    # the structure: 4 taps per row, and the kernel's 0 weight still counts as a connection
    assert view.pattern.sum(axis=1).tolist() == [4, 4, 4, 4]
    assert (view.pattern & (view.matrix == 0)).sum() == 4


@pytest.mark.parametrize("mode, value", [("zeros", 0.0), ("constant", 3.0), ("reflect", 0.0)])
def test_matrix_view_equals_the_convolution_for_every_case(mode, value):
    rng = np.random.default_rng(0)
    for size, k, s, p, d in CASES:
        if mode == "reflect" and (p == "same" or d > 1):
            continue  # reflect needs padding smaller than the input: the integer cases suffice
        x = rng.integers(0, 9, size=(*size, 2)).astype(float)
        w = rng.normal(size=(*k, 2, 3))
        view = matrix_view(x, w, s, p, d, padding_mode=mode, padding_value=value)
        np.testing.assert_allclose(view.y, view.conv, atol=1e-9)
        # independent: one output cell summed by hand over the window (zero padding: no reads)
        if mode == "zeros":
            pads = transpose_of(size, k, s, p, d)[0]
            i, j, o = view.conv.shape[0] - 1, 0, 2
            total = sum(
                x[a, b] @ w[u, v, :, o]
                for u, v in itertools.product(range(k[0]), range(k[1]))
                for a, b in [(i * s + u * d - pads[0][0], j * s + v * d - pads[1][0])]
                if 0 <= a < size[0] and 0 <= b < size[1]
            )
            assert view.conv[i, j, o] == pytest.approx(total)
        if value and p != "valid":
            assert np.abs(view.offset).sum() > 0  # constant padding is affine: b ≠ 0


def test_readable_crop_is_the_largest_crop_whose_matrix_fits():
    for dims, k, s, p in [
        ((28, 28), 3, 1, "valid"),
        ((28, 28, 3), 3, 1, "same"),
        ((5, 9), 2, 2, 0),
        ((16, 16), 7, 1, "valid"),
        ((16, 16), 9, 1, "valid"),
    ]:
        got = readable_crop(dims, k, s, p, max_rows=49, max_cols=49)
        fits = []
        for n in range(1, min(min(dims[:2]), 8) + 1):  # 8×8 = 64 columns: too many anyway
            try:
                M = conv_matrix((n, n, *dims[2:]), np.ones((k, k) if len(dims) == 2 else (k, k, dims[2], 1)), s, p)
            except ValueError:
                continue
            if M.shape[0] <= 49 and M.shape[1] <= 49:
                fits.append(n)
        assert got == (min(fits, default=0), max(fits, default=0)), dims
    assert readable_crop((28, 28), 3) == (3, 7) and readable_crop((16, 16), 9) == (0, 0)


def test_the_transposed_matrix_is_the_transposed_convolution():
    rng = np.random.default_rng(1)
    for size, k, s, p, d in CASES:
        w = rng.normal(size=(*k, 2, 3))
        M = conv_matrix((*size, 2), w, s, p, d)
        y = rng.normal(size=(*shapes.conv_output_shape(size, k, s, p, d), 3))
        pads, extra = transpose_of(size, k, s, p, d)
        back = conv2d_transpose(y, w, s, pads, extra, d)
        assert back.shape == (*size, 2)
        np.testing.assert_allclose(back.ravel(), M.T @ y.ravel(), atol=1e-9)


def _scatter(x, k, s, p, op):
    """The definition of a transposed convolution (PyTorch ConvTranspose2d, one channel): every input
    cell adds x·k to the output window it spreads to; then crop p each side, add op cells at the end."""
    (h, w), (kh, kw) = x.shape, k.shape
    full = np.zeros(((h - 1) * s + kh + op, (w - 1) * s + kw + op))
    for i, j in itertools.product(range(h), range(w)):
        full[i * s : i * s + kh, j * s : j * s + kw] += x[i, j] * k
    return full[p : full.shape[0] - p, p : full.shape[1] - p]


@pytest.mark.parametrize("s, p, op", [(1, 0, 0), (2, 0, 0), (2, 1, 1), (3, 1, 2), (2, 2, 0)])
def test_transposed_steps_insert_zeros_pad_and_match_the_scatter_definition(s, p, op):
    rng = np.random.default_rng(s * 10 + p)
    x, k = rng.integers(1, 9, size=(3, 4)).astype(float), rng.normal(size=(3, 3))
    steps = transposed_steps(x, k, s, p, op)
    expected = _scatter(x, k, s, p, op)
    np.testing.assert_allclose(steps.output[..., 0], expected, atol=1e-9)
    keras_rule, torch_rule = transposed_size_rules(3, 3, s, p, op)
    assert torch_rule.endswith(f"= {expected.shape[0]}") and isinstance(keras_rule, ValueError)
    # zero insertion: the input cells every s-th cell, s−1 zeros between them
    assert steps.inserted.shape[:2] == ((3 - 1) * s + 1, (4 - 1) * s + 1)
    np.testing.assert_array_equal(steps.inserted[::s, ::s, 0], x)
    assert np.count_nonzero(steps.inserted) == x.size
    # the roles: input cells hold x, inserted zeros and padding hold 0
    assert (steps.roles == 0).sum() == x.size
    assert (steps.padded[steps.roles > 0] == 0).all()
    assert (steps.roles == 1).sum() == steps.inserted.shape[0] * steps.inserted.shape[1] - x.size
    assert steps.pads[0][0] == 3 - 1 - p  # F − 1 − P in front
    np.testing.assert_array_equal(steps.flipped[..., 0, 0], k[::-1, ::-1])


def test_transposed_steps_equal_keras_conv2d_transpose():
    import keras

    rng = np.random.default_rng(2)
    for (h, w), k, s, padding, op in [
        ((3, 3), 3, 2, "valid", None),
        ((4, 3), 3, 2, "same", None),
        ((3, 4), 2, 2, "same", 1),
        ((2, 3), 3, 3, "valid", 2),
        ((3, 3), 2, 1, "valid", 0),
    ]:
        x = rng.normal(size=(h, w, 2)).astype("float32")
        layer = keras.layers.Conv2DTranspose(3, k, s, padding, output_padding=op, use_bias=False)
        ref = np.asarray(layer(x[None]))[0]
        steps = transposed_steps(x, np.asarray(layer.kernel), s, padding, op)
        assert steps.output.shape == ref.shape
        assert ref.shape[:2] == shapes.conv_transpose_output_shape((h, w), k, s, padding, op)
        assert transposed_size_rules(h, k, s, padding, op)[0].endswith(f"= {ref.shape[0]}")
        np.testing.assert_allclose(steps.output, ref, rtol=1e-4, atol=1e-4)


def test_seen_mask_is_where_the_input_gradient_is_non_zero():
    import keras
    import tensorflow as tf

    from tfdl.layers import LocallyConnected2D

    rng = np.random.default_rng(3)
    x = tf.constant(rng.normal(size=(1, 6, 5, 2)), "float32")
    layers = {
        "conv": (keras.layers.Conv2D(2, 3, strides=1, padding="same", dilation_rate=2), (3, 1, "same", 2)),
        "local": (LocallyConnected2D(2, 3, strides=2, padding=1, bias_initializer="ones"), (3, 2, 1, 1)),
        "conv_strided": (keras.layers.Conv2D(2, (2, 3), strides=2, padding="valid"), ((2, 3), 2, "valid", 1)),
    }
    for name, (layer, (k, s, p, d)) in layers.items():
        kind = name.split("_")[0]
        out_shape = shapes.conv_output_shape((6, 5), k, s, p, d)
        for cell in [(0, 0), (out_shape[0] - 1, out_shape[1] - 1), (out_shape[0] // 2, 1)]:
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = layer(x)[0, cell[0], cell[1], 1]
            grad = tape.gradient(y, x).numpy()[0]
            np.testing.assert_array_equal(seen_mask(kind, (6, 5), k, cell, s, p, d), np.abs(grad).sum(-1) > 0)
    dense = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(4)])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = dense(x)[0, 3]
    assert (np.abs(tape.gradient(y, x).numpy()[0]).sum(-1) > 0).tolist() == seen_mask(
        "dense", (6, 5), 3, (0, 0)
    ).tolist()


def test_seen_mask_follows_a_copying_padding_mode_and_the_matrix():
    w = np.ones((3, 3))
    for mode in ("zeros", "reflect", "replicate", "circular"):
        M = conv_matrix((5, 5), w, 1, 1, 1, mode)
        for r in (0, 7, 24):
            np.testing.assert_array_equal(seen_mask("conv", (5, 5), 3, divmod(r, 5), 1, 1, 1, mode).ravel(), M[r] != 0)
    with pytest.raises(ValueError, match="outside"):
        seen_mask("conv", (5, 5), 3, (3, 0))
    with pytest.raises(ValueError, match="kind"):
        seen_mask("pool", (5, 5), 3, (0, 0))


def test_sharing_counts_equal_the_built_keras_layers():
    import keras

    from tfdl.layers import LocallyConnected2D

    for (h, w, c), k, f, s, p in [
        ((6, 6, 1), 3, 1, 1, "valid"),
        ((7, 5, 3), (2, 3), 4, 2, "same"),
        ((8, 8, 2), 3, 2, 2, 1),
    ]:
        counts = {row.kind: row for row in sharing_counts((h, w, c), k, f, s, p)}
        ho, wo = shapes.conv_output_shape((h, w), k, s, p)
        inp = keras.Input((h, w, c))
        dense = keras.Model(inp, keras.layers.Dense(ho * wo * f)(keras.layers.Flatten()(inp)))
        local = LocallyConnected2D(f, k, strides=s, padding=p)
        local.build((None, h, w, c))
        assert counts["dense"].params == dense.count_params()
        assert counts["local"].params == local.count_params()
        if isinstance(p, str):
            conv = keras.layers.Conv2D(f, k, strides=s, padding=p)
            conv.build((None, h, w, c))
            assert counts["conv"].params == conv.count_params()
        # connections: the non-zero entries of each layer's matrix
        M = conv_matrix((h, w, c), np.ones((*np.broadcast_to(k, 2), c, f)), s, p)
        assert counts["conv"].connections == counts["local"].connections == np.count_nonzero(M)
        assert counts["dense"].connections == M.size
        assert counts["conv"].uses == ho * wo and counts["local"].uses == 1


def test_window_weights_are_the_input_gradient_of_one_output_cell():
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(4)
    kernel = rng.normal(size=(3, 2))
    conv = keras.layers.Conv2D(1, (3, 2), strides=2, padding="same", use_bias=False)
    conv.build((None, 7, 6, 1))
    conv.kernel.assign(kernel[:, :, None, None])
    x = tf.constant(rng.normal(size=(1, 7, 6, 1)), "float32")
    for cell in [(0, 0), (2, 1), (3, 2)]:
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = conv(x)[0, cell[0], cell[1], 0]
        grad = tape.gradient(y, x).numpy()[0, :, :, 0]
        w = window_weights((7, 6), kernel, cell, 2, "same")
        np.testing.assert_allclose(np.nan_to_num(w), grad, atol=1e-6)
        assert (~np.isnan(w)).sum() == seen_mask("conv", (7, 6), (3, 2), cell, 2, "same").sum()
