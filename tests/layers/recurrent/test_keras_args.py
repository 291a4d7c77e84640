"""tfdl's LSTM/GRU/SimpleRNN honour Keras' arguments: each compared with the Keras layer given
the same weights and seed (dropout masks, stateful, regularizers, constraints, configs saved by
Keras, ``jit_compile=True``)."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
import tensorflow as tf

import tfdl.layers.recurrent._engine as engine
from tfdl import _compat
from tfdl.layers.recurrent import (
    GRU,
    LSTM,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
)
from tfdl.testing import check_layer

PAIRS = [(SimpleRNN, keras.layers.SimpleRNN), (LSTM, keras.layers.LSTM), (GRU, keras.layers.GRU)]
IDS = ["rnn", "lstm", "gru"]
DROPOUTS = [
    {"dropout": 0.3},
    {"recurrent_dropout": 0.4},
    {"dropout": 0.3, "recurrent_dropout": 0.4},
    {"dropout": 0.3, "implementation": 1},  # one input mask per gate (Keras' implementation 1)
]


def _x(b=5, t=7, f=3, seed=0):
    return np.random.default_rng(seed).normal(size=(b, t, f)).astype("float32")


def _reference(keras_cls, units, **kw):
    """Keras' layer; for ``implementation=1`` with input dropout only, ``keras.layers.RNN``
    around Keras' cell (keras.layers.LSTM/GRU fail there: their cuDNN attempt broadcasts the
    list of per-gate masks)."""
    if kw.get("implementation") == 1 and kw.get("dropout") and not kw.get("recurrent_dropout"):
        cell_kw = {k: v for k, v in kw.items() if k not in ("return_sequences", "return_state")}
        cell = getattr(keras.layers, keras_cls.__name__ + "Cell")(units, **cell_kw)
        return keras.layers.RNN(cell, return_sequences=kw.get("return_sequences", False))
    return keras_cls(units, **kw)


def _pair(ours_cls, keras_cls, x, units=4, **kw):
    theirs = _reference(keras_cls, units, **kw)
    theirs.build(x.shape)
    theirs.set_weights([w + np.random.default_rng(1).normal(0, 0.1, w.shape).astype("float32")
                        for w in theirs.get_weights()])
    ours = ours_cls(units, **kw)
    ours.build(x.shape)
    ours.set_weights(theirs.get_weights())
    return ours, theirs


def _supported(ours_cls, kw):
    return not (ours_cls is SimpleRNN and "implementation" in kw)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
@pytest.mark.parametrize("kw", DROPOUTS, ids=["in", "rec", "both", "impl1"])
def test_seeded_dropout_draws_keras_masks(ours_cls, keras_cls, kw):
    """Same seed, same weights: training calls equal Keras' (masks redrawn at each call, also
    across an inference call in between, which draws and discards masks as Keras does)."""
    if not _supported(ours_cls, kw):
        pytest.skip("Keras' SimpleRNN has no `implementation`")
    x = _x()
    ours, theirs = _pair(ours_cls, keras_cls, x, seed=7, return_sequences=True, **kw)
    outs = []
    for training in (True, False, True):
        y_o, y_t = ours(x, training=training), theirs(x, training=training)
        np.testing.assert_allclose(y_o, y_t, atol=2e-6)
        outs.append(np.asarray(y_o))
    assert not np.allclose(outs[0], outs[1])  # dropout did act in training
    assert not np.allclose(outs[0], outs[2])  # a new mask for the second sequence
    # inside a graph too, gradients included
    def grads(layer):
        @tf.function
        def run():
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(layer(x, training=True) ** 2)
            return tape.gradient(loss, layer.trainable_variables)
        return run()

    for a, b in zip(grads(ours), grads(theirs)):
        np.testing.assert_allclose(a, b, atol=2e-5, rtol=1e-5)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
@pytest.mark.parametrize("kw", DROPOUTS[1:3], ids=["rec", "both"])
def test_dropout_masks_follow_the_batch_slices(ours_cls, keras_cls, kw, monkeypatch):
    """Batch slices side by side (forced) cut the masks with the batch: same values as Keras."""
    monkeypatch.setattr(engine, "_batch_slices", lambda batch: 3)
    x = _x(b=8)
    mask = np.ones((8, 7), bool)
    mask[2, 4:] = mask[6, 1:] = False
    ours, theirs = _pair(ours_cls, keras_cls, x, seed=3, return_sequences=True,
                         return_state=True, **kw)
    run = tf.function(lambda layer: layer(x, mask=mask, training=True))
    for a, b in zip(run(ours), run(theirs)):
        np.testing.assert_allclose(a, b, atol=2e-6)


def test_lstm_dropout_keeps_the_fast_path(monkeypatch):
    """The LSTM's hand-written BPTT runs with dropout too: one input mask multiplies ``x``
    before the projection; per-gate masks (``recurrent_dropout``, ``implementation=1``) enter
    its projection and its step (the values and gradients are checked against Keras above)."""
    calls = []
    real = engine._lstm_sequence
    monkeypatch.setattr(engine, "_lstm_sequence",
                        lambda *a, **k: calls.append(k) or real(*a, **k))
    x = _x()
    LSTM(4, dropout=0.5)(x, training=True)
    assert calls[-1]["dp_mask"] is None and calls[-1]["rec_mask"] is None
    LSTM(4, dropout=0.5, recurrent_dropout=0.5)(x, training=True)
    assert calls[-1]["dp_mask"].shape == (4, 5, 3) and calls[-1]["rec_mask"].shape == (4, 5, 4)
    assert len(calls) == 2


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
def test_cells_with_dropout_inside_keras_rnn_match_keras_cells(ours_cls, keras_cls):
    """tfdl's cells in ``keras.layers.RNN`` draw the masks Keras' cells draw (DropoutRNNCell)."""
    x = _x()
    kw = {"dropout": 0.25, "recurrent_dropout": 0.35, "seed": 11}
    ours = keras.layers.RNN({SimpleRNN: SimpleRNNCell, LSTM: LSTMCell, GRU: GRUCell}[ours_cls](
        4, **kw), return_sequences=True)
    theirs = keras.layers.RNN(getattr(keras.layers, keras_cls.__name__ + "Cell")(4, **kw),
                              return_sequences=True)
    ours.build(x.shape)
    theirs.build(x.shape)
    ours.set_weights(theirs.get_weights())
    for _ in range(2):
        np.testing.assert_allclose(ours(x, training=True), theirs(x, training=True), atol=2e-6)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
def test_stateful_carries_states_and_resets_like_keras(ours_cls, keras_cls):
    x = _x(b=3)
    ours, theirs = _pair(ours_cls, keras_cls, x, stateful=True)
    assert len(ours.weights) == len(theirs.weights)  # the states are not weights
    for _ in range(2):
        np.testing.assert_allclose(ours(x), theirs(x), atol=1e-5)
    for a, b in zip(ours.states, theirs.states):
        np.testing.assert_allclose(a, b, atol=1e-5)
    ours.reset_state()
    theirs.reset_state()
    np.testing.assert_allclose(ours(x), theirs(x), atol=1e-5)
    ours.reset_states()
    assert all(not np.any(np.asarray(s)) for s in ours.states)
    with pytest.raises(ValueError, match="batch size"):
        ours(_x(b=4))
    with pytest.raises(ValueError, match="stateful"):
        ours_cls(3, stateful=True).build((None, 7, 3))


def test_stateful_inside_bidirectional_and_fit():
    x = _x(b=4)
    y = np.ones((4, 8), "float32")
    models = []
    for cls in (LSTM, keras.layers.LSTM):
        inp = keras.Input((7, 3), batch_size=4)
        models.append(keras.Model(inp, keras.layers.Bidirectional(cls(4, stateful=True))(inp)))
    ours, theirs = models
    ours.set_weights(theirs.get_weights())
    for m in models:
        m.compile(keras.optimizers.SGD(0.1), "mse")
        m.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0),
                               atol=1e-5)
    ours.layers[1].reset_state()
    assert not np.any(np.asarray(ours.layers[1].states[0]))


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
def test_regularizers_add_keras_losses(ours_cls, keras_cls):
    x = _x()
    kw = {"kernel_regularizer": keras.regularizers.L2(0.1),
              "recurrent_regularizer": keras.regularizers.L1(0.2),
              "bias_regularizer": keras.regularizers.L2(0.3),
              "activity_regularizer": keras.regularizers.L1(0.05), "return_sequences": True}
    ours, theirs = _pair(ours_cls, keras_cls, x, **kw)
    y = np.asarray(ours(x))
    theirs(x)
    weight_losses = sorted(np.asarray(v) for v in theirs.cell.losses)
    np.testing.assert_allclose(sorted(np.asarray(v) for v in ours.cell.losses), weight_losses,
                               rtol=1e-5)
    # the activity penalty, as Keras' Layer.__call__ computes it: 0.05 Σ|y| / batch
    activity = 0.05 * np.abs(y).sum() / len(y)
    assert len(ours.losses) == 4
    np.testing.assert_allclose(sum(np.asarray(v) for v in ours.losses),
                               sum(weight_losses) + activity, rtol=1e-5)
    if ours_cls is not SimpleRNN:  # Keras' SimpleRNN drops its activity_regularizer
        np.testing.assert_allclose(sum(np.asarray(v) for v in theirs.losses),
                                   sum(weight_losses) + activity, rtol=1e-5)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
def test_constraints_applied_by_the_optimizer_like_keras(ours_cls, keras_cls):
    x = _x()
    y = np.ones((5, 4), "float32")
    kw = {"kernel_constraint": keras.constraints.MaxNorm(0.5),
              "recurrent_constraint": keras.constraints.NonNeg(),
              "bias_constraint": keras.constraints.MinMaxNorm(0.1, 0.2, axis=-1)}
    models = []
    for cls in (ours_cls, keras_cls):
        inp = keras.Input((7, 3))
        models.append(keras.Model(inp, cls(4, **kw)(inp)))
    models[0].set_weights(models[1].get_weights())
    for m in models:
        m.compile(keras.optimizers.SGD(0.5), "mse")
        m.fit(x, y, epochs=2, verbose=0, shuffle=False)
    for a, b in zip(*(m.get_weights() for m in models)):
        np.testing.assert_allclose(a, b, atol=1e-5)
    assert np.all(models[0].layers[1].cell.recurrent_kernel.numpy() >= 0)


@pytest.mark.slow
@pytest.mark.parametrize("ours_cls,keras_cls,jit", [
    pytest.param(*pair, True, id=f"{name}-jit") for pair, name in zip(PAIRS, IDS)
] + [pytest.param(*PAIRS[1], False, id=f"{IDS[1]}-nojit")])  # without XLA: the LSTM's own path
def test_fit_step_with_jit_compile_matches_keras(ours_cls, keras_cls, jit, monkeypatch):
    """``compile(jit_compile=True)`` is kept (no GPU here: cuDNN cannot run) and a seeded fit with
    dropout and batch slices gives Keras' weights."""
    monkeypatch.setattr(engine, "_batch_slices", lambda batch: 2)
    x, y = _x(b=16, t=6), np.random.default_rng(2).normal(size=(16, 2)).astype("float32")
    models = []
    for cls in (ours_cls, keras_cls):
        inp = keras.Input((6, 3))
        h = cls(4, dropout=0.3, recurrent_dropout=0.2, seed=5, return_sequences=True)(inp)
        models.append(keras.Model(inp, keras.layers.Dense(2)(cls(4, seed=6)(h))))
    models[0].set_weights(models[1].get_weights())
    for m in models:
        m.compile(keras.optimizers.SGD(0.1), "mse", jit_compile=jit)
        m.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    assert models[0].jit_compile is jit
    for a, b in zip(*(m.get_weights() for m in models)):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_supports_jit_only_off_where_cudnn_may_run(monkeypatch):
    import tfdl.layers.recurrent.layers as layers_module

    assert LSTM(3).supports_jit and GRU(3).supports_jit and SimpleRNN(3).supports_jit
    monkeypatch.setattr(layers_module, "_gpu_available", lambda: True)
    assert not LSTM(3).supports_jit and not GRU(3).supports_jit  # as Keras' cudnn_ok
    assert LSTM(3, use_cudnn=False).supports_jit and LSTM(3, activation="relu").supports_jit
    assert GRU(3, reset_after=False).supports_jit and SimpleRNN(3).supports_jit
    layer = LSTM(3, use_cudnn=False)
    layer.use_cudnn = "auto"  # what keras.layers.Bidirectional does
    assert not layer.supports_jit
    assert not hasattr(SimpleRNN(3), "use_cudnn")  # Keras' SimpleRNN has none


KERAS_CONFIG_KW = {
    "dropout": 0.1, "recurrent_dropout": 0.2, "seed": 4, "kernel_regularizer": "l2",
    "recurrent_regularizer": "l1", "bias_regularizer": "l2", "activity_regularizer": "l1",
    "kernel_constraint": "max_norm", "recurrent_constraint": "non_neg",
    "bias_constraint": "max_norm", "return_sequences": True, "go_backwards": True, "unroll": True,
    "kernel_initializer": "he_normal",
}


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
def test_from_config_accepts_configs_saved_by_keras(ours_cls, keras_cls):
    extra = {GRU: {"reset_after": False}, LSTM: {"unit_forget_bias": False}}.get(ours_cls, {})
    theirs = keras_cls(3, **KERAS_CONFIG_KW, **extra)
    config = theirs.get_config()
    ours = ours_cls.from_config(config)
    ours_config = ours.get_config()
    for key, value in config.items():
        if key != "name":
            assert ours_config[key] == value, key
    # and back: tfdl's config (plus its own arguments) keeps every Keras key
    assert set(config) <= set(ours_config)


def _to_tfdl(config):
    """A saved Keras model's config with Keras' LSTM/GRU/SimpleRNN swapped for tfdl's."""
    if isinstance(config, list):
        return [_to_tfdl(c) for c in config]
    if not isinstance(config, dict):
        return config
    config = {k: _to_tfdl(v) for k, v in config.items()}
    if config.get("module") == "keras.layers" and config.get("class_name") in (
            "LSTM", "GRU", "SimpleRNN"):
        config.update(module="tfdl.layers.recurrent.layers",
                      registered_name=f"tfdl>{config['class_name']}")
    return config


def test_keras_model_moves_to_tfdl_layers(tmp_path):
    """A saved Keras model with LSTM/GRU/SimpleRNN (the configs Keras writes) rebuilds with
    tfdl's classes in their place, takes its weights and computes the same outputs."""
    inp = keras.Input((None,), dtype="int32")
    h = keras.layers.Embedding(20, 6, mask_zero=True)(inp)
    h = keras.layers.LSTM(5, return_sequences=True, dropout=0.2, recurrent_dropout=0.1,
                          kernel_regularizer="l2")(h)
    h = keras.layers.GRU(4, return_sequences=True, reset_after=False, implementation=1)(h)
    h = keras.layers.Bidirectional(keras.layers.SimpleRNN(3, bias_regularizer="l1"))(h)
    path = tmp_path / "keras_model.keras"
    keras.Model(inp, keras.layers.Dense(2)(h)).save(path)
    theirs = keras.saving.load_model(path)
    ours = keras.Model.from_config(_to_tfdl(theirs.get_config()))
    ours.set_weights(theirs.get_weights())
    kinds = [type(layer) for layer in ours.layers]
    assert LSTM in kinds and GRU in kinds
    assert isinstance(ours.layers[4].forward_layer, SimpleRNN)
    ids = np.random.default_rng(0).integers(1, 20, (4, 6))
    ids[1, 3:] = 0
    np.testing.assert_allclose(ours(ids), theirs(ids), atol=1e-5)
    np.testing.assert_allclose(sum(ours.losses), sum(theirs.losses), rtol=1e-5)
    # and tfdl's model saves and loads on its own
    ours.save(tmp_path / "tfdl_model.keras")
    again = keras.saving.load_model(tmp_path / "tfdl_model.keras")
    np.testing.assert_allclose(again(ids), theirs(ids), atol=1e-5)


@pytest.mark.parametrize("ours_cls,keras_cls", PAIRS, ids=IDS)
def test_unroll_and_implementation_change_nothing_numerically(ours_cls, keras_cls):
    x = _x()
    extra = {} if ours_cls is SimpleRNN else {"implementation": 1}
    ours, theirs = _pair(ours_cls, keras_cls, x, unroll=True, return_sequences=True, **extra)
    np.testing.assert_allclose(ours(x), theirs(x), atol=1e-5)
    with pytest.raises(ValueError, match="unroll"):
        ours_cls(3, unroll=True)(keras.Input((None, 3)))


@pytest.mark.parametrize("kw,match", [
    ({"dropout": 1.5}, "dropout"), ({"recurrent_dropout": -0.1}, "recurrent_dropout"),
    ({"implementation": 3}, "implementation"), ({"use_cudnn": "yes"}, "use_cudnn"),
])
def test_bad_arguments_explain(kw, match):
    with pytest.raises(ValueError, match=match):
        LSTM(3, **kw)


@pytest.mark.parametrize("layer", [
    LSTM(3, dropout=0.2, recurrent_dropout=0.3, seed=1, kernel_regularizer="l2",
         bias_constraint="non_neg", return_sequences=True),
    GRU(3, dropout=0.2, implementation=1, seed=2, activity_regularizer="l1"),
    SimpleRNN(3, recurrent_dropout=0.2, seed=3, recurrent_constraint="max_norm", unroll=True),
], ids=IDS[1:] + IDS[:1])
def test_check_layer_with_keras_arguments(layer, tmp_path):
    check_layer(layer, (2, 5, 4), tmp_path=tmp_path)


def test_private_entry_points_exist():
    """The Keras internals the recurrent layers borrow through ``tfdl._compat``."""
    cls = _compat.dropout_rnn_cell_class()
    assert issubclass(LSTMCell, cls) and hasattr(cls, "get_recurrent_dropout_mask")
    with _compat.untracked_attributes():
        pass
