"""Bahdanau and Luong attention vs numpy transcriptions of the formulas."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.layers.attention import (
    BahdanauAttention,
    LuongAttention,
    PaddingMask,
    PreviousStates,
)
from tfdl.testing import check_layer

rng = np.random.default_rng(0)
S_Q = rng.normal(size=(2, 3, 6)).astype("float32")  # decoder states s (batch, T, d_s)
H = rng.normal(size=(2, 5, 4)).astype("float32")  # encoder outputs h (batch, S, d_h)
MASK = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], bool)


def _softmax(e, mask):
    e = np.where(mask[:, None, :], e, -np.inf)
    a = np.exp(e - e.max(-1, keepdims=True))
    return a / a.sum(-1, keepdims=True)


def bahdanau_ref(layer, s, h, mask):
    W1, W2, b, v = [np.asarray(w, dtype="float64") for w in
                    (layer.W_1, layer.W_2, layer.b, layer.v)]
    # e_ij = v^T tanh(W1 h_j + W2 s_i + b), written as loops over i and j
    e = np.zeros((s.shape[0], s.shape[1], h.shape[1]))
    for n in range(s.shape[0]):
        for i in range(s.shape[1]):
            for j in range(h.shape[1]):
                e[n, i, j] = v @ np.tanh(h[n, j] @ W1 + s[n, i] @ W2 + b)
    alpha = _softmax(e, mask)
    return alpha @ h, alpha


def test_bahdanau_matches_numpy_with_mask():
    layer = BahdanauAttention(7)
    c, alpha = layer(S_Q, H, values_mask=MASK)
    c_ref, a_ref = bahdanau_ref(layer, S_Q, H, MASK)
    np.testing.assert_allclose(alpha, a_ref, atol=1e-5)
    np.testing.assert_allclose(c, c_ref, atol=1e-5)
    np.testing.assert_array_equal(np.asarray(alpha)[1, :, 3:], 0.0)  # padding gets no weight
    np.testing.assert_allclose(np.asarray(alpha).sum(-1), 1.0, atol=1e-6)


def test_bahdanau_single_step_with_precomputed_keys():
    layer = BahdanauAttention(7)
    layer(S_Q, H)
    keys = layer.precompute_keys(H)  # once per source sequence
    assert tuple(keys.shape) == (2, 5, 7)
    for i in range(S_Q.shape[1]):
        c_i, a_i = layer(S_Q[:, i], H, values_mask=MASK, keys=keys)
        c, a = layer(S_Q, H, values_mask=MASK)
        np.testing.assert_allclose(a_i, np.asarray(a)[:, i], atol=1e-6)
        np.testing.assert_allclose(c_i, np.asarray(c)[:, i], atol=1e-6)


@pytest.mark.parametrize("score", ["dot", "general"])
def test_luong_matches_numpy(score):
    s = S_Q if score == "general" else S_Q[..., :4]
    layer = LuongAttention(score)
    c, alpha = layer(s, H, values_mask=MASK)
    Wh = H if score == "dot" else H @ np.asarray(layer.W)
    e = np.einsum("nid,njd->nij", s, Wh)
    a_ref = _softmax(e, MASK)
    np.testing.assert_allclose(alpha, a_ref, atol=1e-5)
    np.testing.assert_allclose(c, a_ref @ H, atol=1e-5)


def test_luong_dot_needs_equal_sizes_and_bad_arguments():
    with pytest.raises(ValueError, match="score='general'"):
        LuongAttention("dot")(S_Q, H)
    with pytest.raises(ValueError, match="score"):
        LuongAttention("cosine")
    with pytest.raises(ValueError, match="units"):
        BahdanauAttention(0)


def test_check_layer_bahdanau(tmp_path):
    layer = BahdanauAttention(5)
    out = check_layer(layer, [S_Q, H], unpack_inputs=True, tmp_path=tmp_path)
    c_ref, a_ref = bahdanau_ref(layer, S_Q, H, np.ones((2, 5), bool))
    np.testing.assert_allclose(out["output"][1], a_ref, atol=1e-5)


def test_check_layer_luong(tmp_path):
    check_layer(LuongAttention("general"), [S_Q, H], unpack_inputs=True, tmp_path=tmp_path)


def test_padding_mask_and_previous_states(tmp_path):
    ids = np.array([[3, 4, 0], [0, 5, 6]])
    check_layer(PaddingMask(), ids, reference=lambda a: a != 0, tmp_path=tmp_path,
                check_fit=False)
    s0 = rng.normal(size=(2, 6)).astype("float32")
    check_layer(PreviousStates(), [s0, S_Q],
                reference=lambda xs: np.concatenate([xs[0][:, None], xs[1][:, :-1]], 1),
                tmp_path=tmp_path)
