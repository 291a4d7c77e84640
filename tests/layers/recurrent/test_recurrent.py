"""tfdl recurrent layers vs keras.layers.SimpleRNN/LSTM/GRU (same weights) and numpy formulas."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.layers.recurrent import (
    GRU,
    LSTM,
    GRUCell,
    LSTMCell,
    ReverseSequence,
    SimpleRNN,
    SimpleRNNCell,
)
from tfdl.testing import check_layer

PAIRS = [(SimpleRNN, keras.layers.SimpleRNN), (LSTM, keras.layers.LSTM), (GRU, keras.layers.GRU)]


def _x(b=3, t=6, f=4, seed=0):
    return np.random.default_rng(seed).normal(size=(b, t, f)).astype("float32")


def _mask():
    m = np.ones((3, 6), bool)
    m[1, 4:] = False
    m[2, 2:] = False
    return m


def _listify(y):
    return [np.asarray(a) for a in (y if isinstance(y, (list, tuple)) else [y])]


def _pair(ours_cls, keras_cls, x, **kw):
    theirs = keras_cls(5, **kw)
    theirs(x)
    theirs.set_weights([w + np.random.default_rng(1).normal(0, 0.1, w.shape).astype("float32")
                        for w in theirs.get_weights()])  # non-trivial biases too
    ours = ours_cls(5, **kw)
    ours(x)
    ours.set_weights(theirs.get_weights())
    return ours, theirs


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=["rnn", "lstm", "gru"])
@pytest.mark.parametrize("kw", [
    {"return_sequences": True},
    {"return_state": True},
    {"go_backwards": True, "return_sequences": True, "return_state": True},
], ids=["seq", "state_last", "backwards_all"])
@pytest.mark.parametrize("masked", [False, True], ids=["nomask", "mask"])
def test_matches_keras_with_transferred_weights(ours_cls, keras_cls, kw, masked):
    x = _x()
    mask = _mask() if masked else None
    ours, theirs = _pair(ours_cls, keras_cls, x, **kw)
    assert [w.shape for w in ours.get_weights()] == [w.shape for w in theirs.get_weights()]
    for a, b in zip(_listify(ours(x, mask=mask)), _listify(theirs(x, mask=mask))):
        np.testing.assert_allclose(a, b, atol=1e-5)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=["rnn", "lstm", "gru"])
def test_initial_state_and_gru_reset_before(ours_cls, keras_cls):
    x = _x()
    kw = {"reset_after": False} if ours_cls is GRU else {}
    ours, theirs = _pair(ours_cls, keras_cls, x, return_state=True, **kw)
    n = 2 if ours_cls is LSTM else 1
    s0 = [np.random.default_rng(k).normal(size=(3, 5)).astype("float32") for k in range(n)]
    for a, b in zip(_listify(ours(x, initial_state=s0)), _listify(theirs(x, initial_state=s0))):
        np.testing.assert_allclose(a, b, atol=1e-5)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=["rnn", "lstm", "gru"])
def test_inside_bidirectional_and_functional_model_with_embedding_mask(ours_cls, keras_cls):
    ids = np.array([[3, 4, 5, 0, 0], [6, 7, 8, 9, 1]])
    emb = keras.layers.Embedding(10, 4, mask_zero=True)
    emb(ids)

    def build(cls):
        inp = keras.Input((None,), dtype="int32")
        e = keras.layers.Embedding(10, 4, mask_zero=True)
        out = keras.layers.Bidirectional(cls(5, return_sequences=True))(e(inp))
        return keras.Model(inp, out)

    theirs, ours = build(keras_cls), build(ours_cls)
    ours.set_weights(theirs.get_weights())
    np.testing.assert_allclose(ours(ids), theirs(ids), atol=1e-5)
    bi = [la for la in ours.layers if isinstance(la, keras.layers.Bidirectional)][0]
    assert isinstance(bi.backward_layer, ours_cls) and bi.backward_layer.go_backwards


def test_bidirectional_return_state_with_mask_matches_keras():
    x = _x()
    mask = _mask()
    theirs = keras.layers.Bidirectional(keras.layers.LSTM(5, return_sequences=True,
                                                          return_state=True))
    ours = keras.layers.Bidirectional(LSTM(5, return_sequences=True, return_state=True))
    theirs(x)
    ours(x)
    ours.set_weights(theirs.get_weights())
    a, b = _listify(ours(x, mask=mask)), _listify(theirs(x, mask=mask))
    assert len(a) == len(b) == 5  # output, h_fw, c_fw, h_bw, c_bw
    for u, v in zip(a, b):
        np.testing.assert_allclose(u, v, atol=1e-5)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_lstm_gates_match_numpy_formulas_and_forget_bias_starts_at_one():
    x = _x()
    layer = LSTM(5, return_sequences=True, return_state=True, return_gates=True)
    y, h_T, c_T, gates = layer(x)
    W, U, b = [np.asarray(w, dtype="float64") for w in layer.get_weights()]
    np.testing.assert_array_equal(b[5:10], 1.0)  # unit_forget_bias
    np.testing.assert_array_equal(np.r_[b[:5], b[10:]], 0.0)
    h = np.zeros((3, 5))
    c = np.zeros((3, 5))
    for t in range(x.shape[1]):
        z = x[:, t] @ W + h @ U + b
        i, f, g, o = _sigmoid(z[:, :5]), _sigmoid(z[:, 5:10]), np.tanh(z[:, 10:15]), _sigmoid(
            z[:, 15:])
        c = f * c + i * g
        h = o * np.tanh(c)
        for name, ref in dict(i=i, f=f, g=g, o=o, c=c).items():
            np.testing.assert_allclose(gates[name][:, t], ref, atol=1e-5, err_msg=name)
        np.testing.assert_allclose(y[:, t], h, atol=1e-5)
    np.testing.assert_allclose(c_T, c, atol=1e-5)


def test_gru_gates_match_numpy_formulas():
    x = _x()
    layer = GRU(5, return_sequences=True, return_gates=True)
    layer(x)
    layer.set_weights([w + 0.1 for w in layer.get_weights()])
    y, gates = layer(x)
    W, U, b = [np.asarray(w, dtype="float64") for w in layer.get_weights()]
    h = np.zeros((3, 5))
    for t in range(x.shape[1]):
        xw = x[:, t] @ W + b[0]
        hu = h @ U + b[1]
        z = _sigmoid(xw[:, :5] + hu[:, :5])
        r = _sigmoid(xw[:, 5:10] + hu[:, 5:10])
        hh = np.tanh(xw[:, 10:] + r * hu[:, 10:])
        h = z * h + (1 - z) * hh
        np.testing.assert_allclose(gates["z"][:, t], z, atol=1e-5)
        np.testing.assert_allclose(gates["r"][:, t], r, atol=1e-5)
        np.testing.assert_allclose(y[:, t], h, atol=1e-5)


def test_gated_output_equals_plain_output():
    x = _x()
    plain = LSTM(5, return_sequences=True)
    plain(x)
    gated = LSTM(5, return_sequences=True, return_gates=True)
    gated(x)
    gated.set_weights(plain.get_weights())
    np.testing.assert_allclose(gated(x)[0], plain(x), atol=1e-6)


@pytest.mark.parametrize("cell_cls,keras_cls", [
    (SimpleRNNCell, keras.layers.SimpleRNN), (LSTMCell, keras.layers.LSTM),
    (GRUCell, keras.layers.GRU)], ids=["rnn", "lstm", "gru"])
def test_cells_work_in_keras_rnn_wrapper(cell_cls, keras_cls):
    x = _x()
    theirs = keras_cls(5, return_sequences=True)
    theirs(x)
    wrapped = keras.layers.RNN(cell_cls(5), return_sequences=True)
    wrapped(x)
    wrapped.set_weights(theirs.get_weights())
    np.testing.assert_allclose(wrapped(x), theirs(x), atol=1e-5)


def test_cudnn_branch_is_called_with_keras_arguments(monkeypatch):
    """On CPU the fused kernel is unavailable; replace it by Keras's own generic loop to check
    that the delegation passes the right weights and flags and unpacks the result."""
    from keras.src import backend

    import tfdl.layers.recurrent._engine as rec

    calls = []

    def fake_kernel(kind, **kw):
        calls.append((kind, kw))
        units = kw["recurrent_kernel"].shape[0]
        if kind == "lstm":
            cell = keras.layers.LSTMCell(units)
            states = [kw["initial_state_h"], kw["initial_state_c"]]
        else:
            cell = keras.layers.GRUCell(units, reset_after=kw["reset_after"])
            states = [kw["initial_state"]]
        cell.build(kw["inputs"].shape)
        cell.set_weights([kw["kernel"], kw["recurrent_kernel"], kw["bias"]])
        last, outputs, new_states = backend.rnn(
            lambda x_t, s: cell(x_t, s), kw["inputs"], states,
            go_backwards=kw["go_backwards"], return_all_outputs=kw["return_sequences"])
        return last, outputs, new_states

    monkeypatch.setattr(rec, "_fused_kernel", fake_kernel)
    x = _x()
    for ours_cls, keras_cls in PAIRS[1:]:
        kw = dict(return_sequences=True, return_state=True, go_backwards=True)
        ours, theirs = _pair(ours_cls, keras_cls, x, **kw)
        calls.clear()
        for a, b in zip(_listify(ours(x)), _listify(theirs(x))):
            np.testing.assert_allclose(a, b, atol=1e-5)
        assert len(calls) == 1 and calls[0][1]["go_backwards"] is True
        calls.clear()
        ours.return_gates = True  # gates need the step loop: no fused call
        ours(x)
        assert not calls
        ours.return_gates = False
        ours(x, mask=_mask())  # masks go through the loop too
        assert not calls


def test_use_cudnn_true_without_gpu_explains():
    with pytest.raises(ValueError, match="use_cudnn"):
        LSTM(4, use_cudnn=True)(_x())
    with pytest.raises(ValueError, match="use_cudnn"):
        LSTM(4, use_cudnn="yes")


@pytest.mark.parametrize("layer", [
    SimpleRNN(4, return_sequences=True),
    LSTM(4, return_state=True, go_backwards=True),
    GRU(4, return_sequences=True, reset_after=False),
], ids=["rnn", "lstm_state", "gru_reset_before"])
def test_check_layer_round_trip(layer, tmp_path):
    check_layer(layer, (2, 5, 3), tmp_path=tmp_path)


def test_check_layer_lstm_with_gates(tmp_path):
    out = check_layer(LSTM(4, return_sequences=True, return_gates=True), (2, 5, 3),
                      tmp_path=tmp_path)
    assert set(out["output"][1]) == {"i", "f", "g", "o", "c"}


def test_reverse_sequence_layer(tmp_path):
    x = _x()
    check_layer(ReverseSequence(), x, reference=lambda a: a[:, ::-1], tmp_path=tmp_path)


def test_bad_units_and_input_rank():
    with pytest.raises(ValueError, match="units"):
        LSTM(0)
    with pytest.raises(ValueError, match="initial_state"):
        LSTM(3)(_x(), initial_state=[np.zeros((3, 3), "float32")])


@pytest.mark.parametrize("kw", [
    {"return_sequences": True},
    {"return_state": True, "go_backwards": True},
], ids=["seq", "state_backwards"])
@pytest.mark.parametrize("masked", [False, True], ids=["nomask", "mask"])
@pytest.mark.parametrize("graph", [False, True], ids=["eager", "graph"])
def test_lstm_hand_written_backward_matches_keras_gradients(kw, masked, graph):
    """Eager, and inside tf.function under a tape (where the training loops are XLA-compiled)."""
    import tensorflow as tf

    x = tf.constant(_x())
    mask = tf.constant(_mask()) if masked else None
    ours, theirs = _pair(LSTM, keras.layers.LSTM, _x(), **kw)
    s0 = [tf.constant(np.random.default_rng(k).normal(size=(3, 5)).astype("float32"))
          for k in range(2)]

    def grads(layer):
        with tf.GradientTape() as tape:
            tape.watch([x] + s0)
            ys = _listify_tensors(layer(x, mask=mask, initial_state=s0))
            loss = sum(tf.reduce_sum(tf.sin(3.0 * y)) for y in ys)
        return tape.gradient(loss, [x] + s0 + layer.trainable_variables)

    run = (lambda layer: tf.function(lambda: grads(layer))()) if graph else grads
    for a, b in zip(run(ours), run(theirs)):
        np.testing.assert_allclose(a, b, atol=1e-5)


def _listify_tensors(y):
    return list(y) if isinstance(y, (list, tuple)) else [y]


def test_lstm_gradients_through_gates_and_zero_output_match_the_generic_loop(monkeypatch):
    """The hand-written BPTT (also with gates, masks, zero outputs) vs autodiff of the loop."""
    import tensorflow as tf

    x = tf.constant(_x())
    mask = tf.constant(_mask())
    layer = LSTM(5, return_sequences=True, return_state=True, return_gates=True,
                 zero_output_for_mask=True, go_backwards=True)
    layer(x)

    def grads():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y, h, c, gates = layer(x, mask=mask)
            loss = tf.reduce_sum(tf.sin(y)) + tf.reduce_sum(h * c) + sum(
                (k + 1.0) * tf.reduce_sum(tf.cos(v)) for k, v in enumerate(gates.values()))
        return [np.asarray(g) for g in tape.gradient(loss, [x] + layer.trainable_variables)]

    fast = grads()
    from tfdl.layers.recurrent.layers import LSTM as _LSTM
    from tfdl.layers.recurrent.layers import _RNNBase
    monkeypatch.setattr(_LSTM, "_loop", _RNNBase._loop)
    generic = grads()
    for a, b in zip(fast, generic):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("cell_cls", [SimpleRNNCell, LSTMCell, GRUCell],
                         ids=["rnn", "lstm", "gru"])
def test_check_layer_cells_inside_keras_rnn(cell_cls, tmp_path):
    # (keras.layers.RNN's own config nests the built cell, so only the round trip is compared)
    check_layer(keras.layers.RNN(cell_cls(3), return_sequences=True), (2, 4, 3),
                tmp_path=tmp_path, check_config=False)
    cell = cell_cls(3, name="c")
    assert cell_cls.from_config(cell.get_config()).get_config() == cell.get_config()


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=["rnn", "lstm", "gru"])
def test_batch_slices_side_by_side_match_keras_values_and_gradients(ours_cls, keras_cls,
                                                                    monkeypatch):
    """Inside a graph on a CPU the batch runs as independent slices (here forced: 2 uneven
    slices of 5 samples); outputs, states and every gradient still match the Keras layer."""
    import tensorflow as tf

    import tfdl.layers.recurrent._engine as rec

    calls = []
    monkeypatch.setattr(rec, "_batch_slices", lambda batch: calls.append(batch) or 2)
    x = tf.constant(_x(b=5))
    m = np.ones((5, 6), bool)
    m[1, 4:] = False
    m[4, 1:] = False
    mask = tf.constant(m)
    kw = {"return_sequences": True, "return_state": True, "go_backwards": True}
    ours, theirs = _pair(ours_cls, keras_cls, _x(b=5), **kw)

    @tf.function
    def run(layer):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ys = _listify_tensors(layer(x, mask=mask))
            loss = sum(tf.reduce_sum(tf.sin(3.0 * y)) for y in ys)
        return ys + tape.gradient(loss, [x] + layer.trainable_variables)

    calls.clear()
    got = run(ours)
    assert calls == [5]  # the split was taken (once, at tracing)
    for a, b in zip(got, run(theirs)):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_batch_slices_split_the_gates_too(monkeypatch):
    import tensorflow as tf

    import tfdl.layers.recurrent._engine as rec

    x = tf.constant(_x(b=7))
    layer = LSTM(5, return_sequences=True, return_gates=True)
    layer(x)
    whole = tf.function(lambda: layer(x))()
    monkeypatch.setattr(rec, "_batch_slices", lambda batch: 3)  # slices of 3, 2, 2
    sliced = tf.function(lambda: layer(x))()
    np.testing.assert_allclose(sliced[0], whole[0], atol=1e-6)
    for name in "ifgoc":
        assert sliced[1][name].shape == (7, 6, 5)
        np.testing.assert_allclose(sliced[1][name], whole[1][name], atol=1e-6)


def test_batch_slices_rule(monkeypatch):
    """One slice per core, each of at least 16 samples (an unknown batch counts as 32);
    eager calls keep one loop."""
    import tensorflow as tf

    import tfdl.layers.recurrent._engine as rec

    assert rec._batch_slices(64) == 1  # eager
    monkeypatch.setattr(rec.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    monkeypatch.setattr(rec.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(tf.config.threading, "get_inter_op_parallelism_threads", lambda: 0)
    seen = {}

    @tf.function
    def trace():
        for batch in (None, 8, 31, 32, 40, 64, 1000):
            seen[batch] = rec._batch_slices(batch)
        return 0

    trace()
    assert seen == {None: 2, 8: 1, 31: 1, 32: 2, 40: 2, 64: 4, 1000: 8}


def test_batch_slices_with_unknown_batch_and_empty_slices(monkeypatch):
    """``model.fit`` traces with an unknown batch size; its last batch may be smaller than the
    number of slices. A graph traced for any batch size gives the unsliced values and
    gradients for a batch of 5 and a batch of 1 (two empty slices)."""
    import tensorflow as tf

    import tfdl.layers.recurrent._engine as rec

    layer = LSTM(5, return_sequences=True, return_state=True, return_gates=True)
    layer(tf.constant(_x(b=2)))

    def grads(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y, h, c, gates = layer(x)
            loss = tf.reduce_sum(tf.sin(y)) + tf.reduce_sum(h * c) + tf.reduce_sum(gates["f"])
        return [y, h, c] + tape.gradient(loss, [x] + layer.trainable_variables)

    any_batch = tf.function(grads, input_signature=[tf.TensorSpec((None, 6, 4), tf.float32)])
    for b in (5, 1):
        x = tf.constant(_x(b=b))
        whole = tf.function(grads)(x)
        monkeypatch.setattr(rec, "_batch_slices", lambda batch: 3)
        sliced = any_batch(x)
        monkeypatch.undo()
        for a, w in zip(sliced, whole):  # (weight gradients sum the slices in another order)
            np.testing.assert_allclose(a, w, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS[1:], ids=["lstm", "gru"])
def test_fit_with_batch_slices_trains_like_keras(ours_cls, keras_cls, monkeypatch):
    """``model.fit`` (unknown batch size at tracing, a short last batch) of an
    Embedding(mask_zero) → Bidirectional recurrent → Dense model, slices forced: after two
    epochs of SGD the weights equal those of the same model built on the Keras layer."""
    import tfdl.layers.recurrent._engine as rec

    monkeypatch.setattr(rec, "_batch_slices", lambda batch: 2)
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 10, (13, 6))
    ids[3, 4:] = 0
    ids[7, 2:] = 0
    y = rng.normal(size=(13, 1)).astype("float32")

    def build(cls):
        keras.utils.set_random_seed(0)
        inp = keras.Input((None,), dtype="int32")
        h = keras.layers.Embedding(10, 4, mask_zero=True)(inp)
        h = keras.layers.Bidirectional(cls(5))(h)
        model = keras.Model(inp, keras.layers.Dense(1)(h))
        model.compile(keras.optimizers.SGD(0.1), "mse")
        return model

    theirs, ours = build(keras_cls), build(ours_cls)
    ours.set_weights(theirs.get_weights())
    start = theirs.get_weights()
    for model in (theirs, ours):
        model.fit(ids, y, batch_size=5, epochs=2, shuffle=False, verbose=0)
    for a, b, w0 in zip(ours.get_weights(), theirs.get_weights(), start):
        np.testing.assert_allclose(a, b, atol=1e-5)
        assert not np.allclose(b, w0)  # every weight was trained
