"""Sequence experiments (DataFrames) and their figures; BPTT norms vs a numpy transcription."""

import numpy as np
import pandas as pd
import pytest

from tests.experiments.bptt_reference import simple_rnn_bptt
from tfdl.viz.sequences import (
    accuracy_by_length_figure,
    alignment_figure,
    gate_traces_figure,
    gradient_norms_figure,
    loss_curve_figure,
)


def test_gradient_norms_match_numpy_bptt_for_simple_rnn():
    import keras

    from tfdl.experiments.sequences import gradient_norms_by_step

    steps, units, features, batch = 12, 6, 3, 4
    df = gradient_norms_by_step(cells=("rnn",), steps=steps, units=units, features=features,
                                batch=batch, seeds=(0,))
    # rebuild the same random problem and weights, then backpropagate by hand
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch, steps, features))
    r = rng.normal(size=(batch, units))
    from tfdl.layers.recurrent import SimpleRNN

    layer = SimpleRNN(units)
    layer(x[:, :2].astype("float32"))
    ref, _ = simple_rnn_bptt(x, r, *layer.get_weights())
    np.testing.assert_allclose(df["grad_norm"].to_numpy(), ref, rtol=1e-4)
    assert df["grad_norm"].iloc[0] < df["grad_norm"].iloc[-1]  # it shrinks going back in time


def test_gradient_norms_lstm_forget_bias_keeps_gradient_alive():
    from tfdl.experiments.sequences import gradient_norms_by_step

    low = gradient_norms_by_step(cells=("lstm",), steps=20, forget_bias=0.0)
    high = gradient_norms_by_step(cells=("lstm",), steps=20, forget_bias=4.0)
    assert set(low.columns) == {"cell", "step", "grad_norm"}
    assert high["grad_norm"].iloc[0] > 10 * low["grad_norm"].iloc[0]
    with pytest.raises(ValueError, match="cells"):
        gradient_norms_by_step(cells=("tcn",))


def test_accuracy_by_length_and_reverse_source_tiny(monkeypatch):
    import tfdl.experiments.sequences as exp
    from tfdl.experiments.sequences import accuracy_by_length, reverse_source_experiment

    df = accuracy_by_length("copy", attentions=(None, "luong"), min_len=2, max_len=3,
                            n_train=64, n_test=20, units=8, epochs=1)
    assert set(df["attention"]) == {"none", "luong"}
    assert set(df["length"]) == {2, 3}
    assert df.groupby("attention")["n"].sum().tolist() == [20, 20]
    assert df["accuracy"].between(0, 1).all() and df["token_accuracy"].between(0, 1).all()
    assert (df["token_accuracy"] >= df["accuracy"]).all()
    # the reversal plumbing, without paying for two more trainings
    from tfdl.models.sequence import seq2seq

    seen = []

    def untrained(task, reverse_source=False, units=8, **kw):
        seen.append(reverse_source)
        vocab = task.tokenizer.vocab_size
        model = seq2seq(vocab, vocab, units=4, embedding_dim=4, reverse_source=reverse_source)
        return model, [1.0]

    monkeypatch.setattr(exp, "train_seq2seq", untrained)
    rev = reverse_source_experiment("reverse", min_len=2, max_len=3, n_train=16, n_test=10)
    assert seen == [False, True] and set(rev["reverse_source"]) == {False, True}
    assert (rev["final_loss"] == 1.0).all()
    assert rev.groupby("reverse_source")["n"].sum().eq(10).all()
    with pytest.raises(ValueError, match="max_len"):
        accuracy_by_length(min_len=5, max_len=3)


def test_figures():
    fig = alignment_figure(np.eye(4)[:3], list("1234"), list("123"), title="copy")
    assert fig.axes[0].images[0].get_array().shape == (3, 4)
    with pytest.raises(ValueError, match="alignment"):
        alignment_figure(np.zeros(3), ["a"], ["b"])
    gates = {k: np.random.rand(1, 5, 4) for k in "ifgoc"}
    assert len(gate_traces_figure(gates, units=(0, 1), tokens=list("abcde")).axes) == 5
    df = pd.DataFrame({"cell": ["rnn"] * 3 + ["lstm"] * 3, "step": [1, 2, 3] * 2,
                       "grad_norm": [0.01, 0.1, 1, 0.1, 0.5, 1]})
    assert len(gradient_norms_figure(df).axes[0].lines) == 2
    acc = pd.DataFrame({"reverse_source": [False, False, True, True], "length": [2, 3, 2, 3],
                        "accuracy": [1, 0.5, 1, 0.8]})
    ax = accuracy_by_length_figure(acc, hue="reverse_source").axes[0]
    assert [ln.get_label() for ln in ax.lines] == ["reverse_source=False", "reverse_source=True"]
    with pytest.raises(ValueError, match="attention"):
        accuracy_by_length_figure(acc)
    assert len(loss_curve_figure([1.0, 0.5]).axes[0].lines) == 1
