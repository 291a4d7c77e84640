"""Gate traces of a seq2seq's encoder (tfdl.models.encoder_gates): the same numbers as the trained
model's own encoder, as Keras' built-in LSTM/GRU with the same weights, and as a numpy loop."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.errors import TfdlValueError
from tfdl.models import encoder_gates, has_encoder_gates, random_lstm_gates, seq2seq, source_reversed

IDS = np.array([[4, 5, 6, 7, 3]], dtype="int32")


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _numpy_lstm(x, kernel, recurrent, bias):
    """The course's LSTM step by step (gate order i, f, g, o as in Keras's kernel)."""
    units = recurrent.shape[0]
    h, c = np.zeros(units), np.zeros(units)
    out = {k: [] for k in "ifgoc"}
    for x_t in x:
        z = x_t @ kernel + h @ recurrent + bias
        i, f, g, o = (z[k * units:(k + 1) * units] for k in range(4))
        i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
        c = f * c + i * g
        h = o * np.tanh(c)
        for name, value in zip("ifgoc", (i, f, g, o, c)):
            out[name].append(value)
    return {k: np.array(v) for k, v in out.items()}


def _model(**kwargs):
    keras.utils.set_random_seed(1)
    return seq2seq(13, 13, embedding_dim=5, units=4, **kwargs)


def _encoder_outputs(model, ids):
    """The original model's encoder output sequence, from its own graph."""
    enc = model.get_layer("encoder")
    return np.asarray(keras.Model(model.inputs[0], enc.output[0])(ids))


@pytest.mark.parametrize("reverse", [False, True])
def test_lstm_gates_match_a_numpy_lstm_and_the_models_own_encoder(reverse):
    model = _model(cell="lstm", reverse_source=reverse)
    gates = encoder_gates(model, IDS)
    assert sorted(gates) == ["c", "f", "g", "i", "o"] and gates["f"].shape == (1, 5, 4)
    x = np.asarray(model.get_layer("source_embedding")(IDS))[0]
    x = x[::-1] if reverse else x  # the encoder reads the reversed source
    kernel, recurrent, bias = model.get_layer("encoder").get_weights()
    ref = _numpy_lstm(x, kernel, recurrent, bias)
    for name in "ifgoc":
        np.testing.assert_allclose(gates[name][0], ref[name], rtol=1e-5, atol=1e-6)
    # h_t = o_t ⊙ tanh(c_t) is what the model's encoder outputs, and what Keras' LSTM computes
    h = gates["o"][0] * np.tanh(gates["c"][0])
    np.testing.assert_allclose(h, _encoder_outputs(model, IDS)[0], rtol=1e-5, atol=1e-6)
    builtin = keras.layers.LSTM(4, return_sequences=True)
    builtin.build((1, 5, 5))
    builtin.set_weights([kernel, recurrent, bias])
    np.testing.assert_allclose(h, np.asarray(builtin(x[None]))[0], rtol=1e-5, atol=1e-6)
    assert source_reversed(model) is reverse


def test_gru_gates_match_the_first_step_and_keep_the_model_as_it_is():
    model = _model(cell="gru", attention="bahdanau")
    src = np.array([[4, 5, 6]], dtype="int32")
    tgt = np.array([[1, 4, 5]], dtype="int32")
    before = np.asarray(model([src, tgt]))
    gates = encoder_gates(model, IDS)
    assert sorted(gates) == ["r", "z"] and gates["z"].shape == (1, 5, 4)
    assert ((gates["z"] > 0) & (gates["z"] < 1)).all()
    # first step (h_0 = 0): z = σ(x_1 W_z + b_x,z + b_h,z), r likewise (Keras order z, r, h)
    kernel, _, bias = model.get_layer("encoder").get_weights()
    x1 = np.asarray(model.get_layer("source_embedding")(IDS))[0, 0]
    pre = x1 @ kernel + bias[0] + bias[1]
    np.testing.assert_allclose(gates["z"][0, 0], _sigmoid(pre[:4]), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gates["r"][0, 0], _sigmoid(pre[4:8]), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(model([src, tgt])), before)  # the model is untouched
    assert model.get_layer("encoder").return_gates is False


def test_models_without_gates_are_refused_with_a_code():
    for kwargs in (dict(cell="rnn"), dict(cell="lstm", bidirectional_encoder=True)):
        model = _model(**kwargs)
        assert not has_encoder_gates(model)
        with pytest.raises(TfdlValueError, match="one-directional LSTM or GRU") as info:
            encoder_gates(model, IDS)
        assert info.value.code == "seq2seq_encoder_gates"
    assert has_encoder_gates(_model(cell="gru"))
    with pytest.raises(TfdlValueError, match="tfdl seq2seq model") as info:
        encoder_gates(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]), IDS)
    assert info.value.code == "seq2seq_model"
    with pytest.raises(TfdlValueError, match="integer ids") as info:
        encoder_gates(_model(), IDS.astype("float32"))
    assert info.value.params["dtype"] == "float32"


def test_random_lstm_gates_are_reproducible_and_checked():
    a = random_lstm_gates(IDS, vocab_size=13, units=3, seed=0)
    b = random_lstm_gates(IDS, vocab_size=13, units=3, seed=0)
    assert sorted(a) == ["c", "f", "g", "i", "o"] and a["i"].shape == (1, 5, 3)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
    assert ((a["f"] > 0) & (a["f"] < 1)).all() and (np.abs(a["g"]) < 1).all()
    with pytest.raises(TfdlValueError, match=r"ids in \[0, 5\)") as info:
        random_lstm_gates(IDS, vocab_size=5)
    assert info.value.code == "lstm_gates_ids"
