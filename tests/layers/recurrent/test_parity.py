"""Parity of tfdl's SimpleRNN/LSTM/GRU with keras.layers.SimpleRNN/LSTM/GRU given the same weights.

Outputs and gradients (with respect to the inputs, the weights and the initial state) over masks
(left and right padding, gaps, fully masked rows), ``initial_state``, ``go_backwards``,
``return_sequences``, ``return_state``, ``zero_output_for_mask``, batch sizes 1, 17 and 64,
eager and graph (``tf.function``) and forced batch slicing. Keras' ``backend.rnn`` is the
reference: a masked step keeps the previous state and outputs the previous *output* (zeros
before the first valid step) or zeros with ``zero_output_for_mask``; the last output is the
output of the last step. Also the second-order gradients of a gradient penalty (issue 11).
"""

import itertools

import numpy as np
import pytest

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

import tfdl.layers.recurrent._engine as engine
from tfdl.layers.recurrent import GRU, LSTM, SimpleRNN

PAIRS = {"rnn": (SimpleRNN, keras.layers.SimpleRNN), "lstm": (LSTM, keras.layers.LSTM),
         "gru": (GRU, keras.layers.GRU)}
UNITS, STEPS, FEATURES = 3, 5, 2
MASKS = ("none", "left", "right", "gaps", "empty_rows")


def _mask(kind, batch, rng):
    """(batch, STEPS) bool: left/right padding of every length, random gaps, or fully masked
    rows (every third row, the others a mix of left padding and gaps)."""
    if kind == "none":
        return None
    m = np.ones((batch, STEPS), bool)
    for i in range(batch):
        k = i % (STEPS + 1)  # 0 .. STEPS masked steps
        if kind == "left":
            m[i, :k] = False
        elif kind == "right":
            m[i, STEPS - k:] = False
        elif kind == "gaps":
            m[i] = rng.random(STEPS) < 0.6
        elif kind == "empty_rows":
            m[i] = False if i % 3 == 0 else (rng.random(STEPS) < 0.5) | (
                np.arange(STEPS) >= k)
    return m


def _pair(name, batch, **kw):
    ours_cls, keras_cls = PAIRS[name]
    shape = (batch, STEPS, FEATURES)
    theirs, ours = keras_cls(UNITS, **kw), ours_cls(UNITS, **kw)
    theirs.build(shape)
    ours.build(shape)
    rng = np.random.default_rng(7)
    theirs.set_weights([w + rng.normal(0, 0.3, w.shape).astype("float32")
                        for w in theirs.get_weights()])  # non-trivial biases too
    ours.set_weights(theirs.get_weights())
    return ours, theirs


def _listify(y):
    return list(y) if isinstance(y, (list, tuple)) else [y]


def _values_and_grads(layer, x, mask, s0, graph):
    """Every output of the layer, then d loss / d (x, initial state, weights)."""

    def run():
        with tf.GradientTape() as tape:
            tape.watch([x] + s0)
            ys = _listify(layer(x, mask=mask, initial_state=s0 or None))
            loss = sum(tf.reduce_sum(tf.sin(3.0 * y + k)) for k, y in enumerate(ys))
        grads = tape.gradient(loss, [x] + s0 + layer.trainable_variables,
                              unconnected_gradients=tf.UnconnectedGradients.ZERO)
        return ys + grads

    return [np.asarray(v) for v in (tf.function(run)() if graph else run())]


def _check_case(name, mask_kind, init, backwards, seq, state, zero_out, batch, mode,
                monkeypatch):
    rng = np.random.default_rng(batch * 31 + MASKS.index(mask_kind))
    x = tf.constant(rng.normal(size=(batch, STEPS, FEATURES)).astype("float32"))
    m = _mask(mask_kind, batch, rng)
    mask = None if m is None else tf.constant(m)
    n_states = 2 if name == "lstm" else 1
    s0 = [tf.constant(rng.normal(size=(batch, UNITS)).astype("float32"))
          for _ in range(n_states)] if init else []
    ours, theirs = _pair(name, batch, go_backwards=backwards, return_sequences=seq,
                         return_state=state, zero_output_for_mask=zero_out)
    calls = []
    if mode == "sliced":  # 3 uneven slices (empty ones for batch 1)
        monkeypatch.setattr(engine, "_batch_slices", lambda b: calls.append(b) or 3)
    got = _values_and_grads(ours, x, mask, s0, graph=mode != "eager")
    monkeypatch.undo()
    if mode == "sliced":
        assert calls == [batch]  # the split was taken
    want = _values_and_grads(theirs, x, mask, s0, graph=mode != "eager")
    assert len(got) == len(want)
    for k, (a, b) in enumerate(zip(got, want)):
        np.testing.assert_allclose(a, b, atol=2e-5, rtol=1e-4, err_msg=f"result {k}")


GRID = list(itertools.product(
    PAIRS, MASKS, (False, True), (False, True), (False, True), (False, True), (False, True),
    (1, 17, 64), ("eager", "graph", "sliced")))


def _sample(n, seed, must_cover=True):
    """``n`` grid points: every (layer, mask, mode) once, the other settings drawn at random
    (a fixed seed); ``must_cover=False``: a plain random sample."""
    rng = np.random.default_rng(seed)
    if not must_cover:
        return [GRID[i] for i in rng.choice(len(GRID), n, replace=False)]
    cases = []
    for name, mask_kind, mode in itertools.product(PAIRS, MASKS, ("eager", "graph", "sliced")):
        init, backwards, seq, state, zero_out = (bool(b) for b in rng.integers(0, 2, 5))
        if mask_kind != "none":
            init = init or rng.random() < 0.5  # the initial state matters with masks
        batch = (1, 17, 64)[rng.integers(0, 3)]
        cases.append((name, mask_kind, init, backwards, seq, state, zero_out, batch, mode))
    return cases[:n]


def _id(case):
    name, mask_kind, init, backwards, seq, state, zero_out, batch, mode = case
    flags = "".join(c for c, on in zip("ibsrz", (init, backwards, seq, state, zero_out)) if on)
    return f"{name}-{mask_kind}-{flags or '_'}-b{batch}-{mode}"


FAST = _sample(45, seed=0)
SLOW = [c for c in _sample(40, seed=1, must_cover=False) if c not in FAST]


@pytest.mark.parametrize("case", FAST, ids=[_id(c) for c in FAST])
def test_parity_sweep(case, monkeypatch):
    _check_case(*case, monkeypatch=monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("case", SLOW, ids=[_id(c) for c in SLOW])
def test_parity_sweep_wide(case, monkeypatch):
    _check_case(*case, monkeypatch=monkeypatch)


# --------------------------------------------------------------------------------------------
# The bugs of issue 11, one by one
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("mask_row,backwards", [
    ([False, True, True], False),   # left padding
    ([True, True, False], True),    # right padding read backwards
    ([False, False, False], False),  # fully masked row
], ids=["left", "right_backwards", "empty"])
def test_masked_leading_steps_with_initial_state_output_zeros(name, mask_row, backwards):
    """Issue 11, bug 2: before the first valid step the output is 0 (Keras), not ``h_0``;
    a fully masked row returns 0 as last output but keeps ``h_0`` as state; d/d``h_0``."""
    x = tf.constant(np.ones((1, 3, 2), "float32"))
    n = 2 if name == "lstm" else 1
    s0 = [tf.constant(np.full((1, 2), 0.5, "float32")) for _ in range(n)]
    m = tf.constant([mask_row])
    for seq in (True, False):
        ours_cls, keras_cls = PAIRS[name]
        k = keras_cls(2, return_sequences=seq, return_state=True, go_backwards=backwards)
        t = ours_cls(2, return_sequences=seq, return_state=True, go_backwards=backwards)
        k.build(x.shape)
        t.build(x.shape)
        t.set_weights(k.get_weights())
        for layer_graph in (False, True):
            got = _values_and_grads(t, x, m, s0, layer_graph)
            want = _values_and_grads(k, x, m, s0, layer_graph)
            for a, b in zip(got, want):
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
        if seq:  # the first step read is masked (outputs come in reading order)
            np.testing.assert_allclose(t(x, mask=m, initial_state=s0)[0][0, 0], 0.0)


@pytest.mark.parametrize("name", list(PAIRS))
def test_zero_output_for_mask_last_output_is_zero_when_last_step_masked(name):
    """Issue 11, bug 3: ``zero_output_for_mask=True``, ``return_sequences=False``, last step
    masked: Keras' last output is the (zero) output of the last step."""
    x = tf.constant(np.random.default_rng(0).normal(size=(3, 4, 2)).astype("float32"))
    m = tf.constant([[True, True, True, False], [True, True, True, True],
                     [False, True, False, False]])
    ours, theirs = _pair(name, 3, zero_output_for_mask=True)
    for graph in (False, True):
        got = _values_and_grads(ours, x, m, [], graph)
        want = _values_and_grads(theirs, x, m, [], graph)
        np.testing.assert_allclose(got[0][[0, 2]], 0.0)
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def _penalty_grads(layer, x, mask, s0, graph):
    """A gradient penalty (WGAN-GP style): d/d(weights, x, s0) of ``Σ (∂L/∂x)²``."""

    def run():
        with tf.GradientTape() as outer:
            outer.watch([x] + s0)
            with tf.GradientTape() as inner:
                inner.watch(x)
                ys = _listify(layer(x, mask=mask, initial_state=s0 or None))
                loss = sum(tf.reduce_sum(tf.sin(3.0 * y + k)) for k, y in enumerate(ys))
            dx = inner.gradient(loss, x)
            penalty = tf.reduce_sum(tf.square(dx)) + loss
        return [penalty] + outer.gradient(penalty, layer.trainable_variables + [x] + s0,
                                          unconnected_gradients=tf.UnconnectedGradients.ZERO)

    return [np.asarray(v) for v in (tf.function(run)() if graph else run())]


@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("graph", [False, True], ids=["eager", "graph"])
@pytest.mark.parametrize("masked", [False, True], ids=["nomask", "mask"])
def test_second_order_gradients_match_keras(name, graph, masked, monkeypatch):
    """Issue 11, bug 4: a GradientTape inside a GradientTape through the layer (in tf.function
    the LSTM's first-order backward pass is an XLA-compiled loop) matches Keras."""
    rng = np.random.default_rng(3)
    x = tf.constant(rng.normal(size=(4, 5, 2)).astype("float32"))
    mask = tf.constant(_mask("empty_rows", 4, rng)) if masked else None
    n = 2 if name == "lstm" else 1
    s0 = [tf.constant(rng.normal(size=(4, UNITS)).astype("float32")) for _ in range(n)]
    ours, theirs = _pair(name, 4, return_sequences=True, return_state=True)
    monkeypatch.setattr(engine, "_batch_slices", lambda b: 2)
    got = _penalty_grads(ours, x, mask, s0, graph)
    monkeypatch.undo()
    want = _penalty_grads(theirs, x, mask, s0, graph)
    for k, (a, b) in enumerate(zip(got, want)):
        np.testing.assert_allclose(a, b, atol=5e-5, rtol=1e-4, err_msg=f"result {k}")


def test_second_order_through_a_persistent_tape_matches_keras():
    """The inner gradient taken by a persistent tape still recording (the other way to nest)."""
    x = tf.constant(np.random.default_rng(4).normal(size=(2, 4, 2)).astype("float32"))
    ours, theirs = _pair("lstm", 2, return_sequences=True)

    @tf.function
    def run(layer):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            loss = tf.reduce_sum(tf.sin(layer(x)))
            dx = tape.gradient(loss, x)
            penalty = tf.reduce_sum(dx * dx)
        return tape.gradient(penalty, layer.trainable_variables)

    for a, b in zip(run(ours), run(theirs)):
        np.testing.assert_allclose(a, b, atol=5e-5, rtol=1e-4)


def test_lstm_fast_path_gates_and_gradients_match_generic_loop_with_initial_state(
        monkeypatch):
    """Left padding + initial state + gates + zero outputs: the hand-written BPTT equals
    autodiff of tfdl's generic loop (which Keras cannot check: it has no gates)."""
    from tfdl.layers.recurrent.layers import _RNNBase

    rng = np.random.default_rng(5)
    x = tf.constant(rng.normal(size=(6, 5, 2)).astype("float32"))
    mask = tf.constant(_mask("empty_rows", 6, rng))
    s0 = [tf.constant(rng.normal(size=(6, UNITS)).astype("float32")) for _ in range(2)]
    for zero_out in (False, True):
        layer = LSTM(UNITS, return_sequences=True, return_state=True, return_gates=True,
                     zero_output_for_mask=zero_out)
        layer.build(x.shape)

        def grads(layer=layer):
            with tf.GradientTape() as tape:
                tape.watch([x] + s0)
                y, h, c, gates = layer(x, mask=mask, initial_state=s0)
                loss = tf.reduce_sum(tf.sin(y)) + tf.reduce_sum(h * c) + sum(
                    (k + 1.0) * tf.reduce_sum(tf.cos(v)) for k, v in enumerate(gates.values()))
            return [np.asarray(v) for v in [y, h, c] + tape.gradient(
                loss, [x] + s0 + layer.trainable_variables)]

        fast = grads()
        monkeypatch.setattr(LSTM, "_loop", _RNNBase._loop)
        generic = grads()
        monkeypatch.undo()
        for a, b in zip(fast, generic):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
