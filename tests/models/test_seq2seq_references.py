"""Seq2seq topics against independent references: the loss the training uses is numpy's
cross-entropy averaged over the target's real (non-padding) steps only, and "reverse the source"
is exactly the plain model fed each source with its words in reverse order."""

import keras
import numpy as np
import pytest

from tfdl.models import seq2seq


def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def test_training_loss_is_numpy_cross_entropy_over_the_unpadded_target_steps():
    model = seq2seq(9, 9, units=6, embedding_dim=4)
    rng = np.random.default_rng(0)
    head = model.get_layer("logits")  # confident, varied predictions, so padding steps would show
    head.set_weights([rng.normal(scale=3.0, size=w.shape).astype("float32") for w in head.get_weights()])
    model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))  # as train_seq2seq
    src = np.array([[4, 5, 6, 7], [3, 8, 0, 0], [5, 0, 0, 0]], "int32")
    dec_in = np.array([[1, 4, 5, 6], [1, 3, 8, 0], [1, 5, 0, 0]], "int32")  # BOS = 1, padding 0
    target = np.array([[4, 5, 6, 2], [3, 8, 2, 0], [5, 2, 0, 0]], "int32")  # EOS = 2
    logits = np.asarray(model.predict([src, dec_in], verbose=0), "float64")
    nll = -np.take_along_axis(_log_softmax(logits), target[..., None], axis=-1)[..., 0]
    real = dec_in != 0
    expected = nll[real].mean()  # 4 + 3 + 2 = 9 steps, padding left out of sum and count
    assert not np.isclose(expected, nll.mean(), rtol=1e-3)  # (counting padding would differ)
    loss = model.evaluate([src, dec_in], target, batch_size=3, verbose=0)
    np.testing.assert_allclose(loss, expected, rtol=1e-5)


@pytest.mark.parametrize("attention", [None, "luong"])
def test_reverse_source_is_the_plain_model_on_the_reversed_words(attention):
    plain = seq2seq(9, 9, units=5, embedding_dim=4, attention=attention)
    rev = seq2seq(9, 9, units=5, embedding_dim=4, attention=attention, reverse_source=True)
    assert "reverse_source" in [layer.name for layer in rev.layers]
    rev.set_weights(plain.get_weights())  # the reversal is weightless: same parameters
    src = np.array([[4, 5, 6, 7], [3, 8, 6, 0], [5, 4, 0, 0]], "int32")
    flipped = np.zeros_like(src)
    for n, row in enumerate(src):
        words = row[row != 0]
        flipped[n, : len(words)] = words[::-1]  # the words reversed, padding still at the end
    assert flipped.tolist() == [[7, 6, 5, 4], [6, 8, 3, 0], [4, 5, 0, 0]]
    dec_in = np.array([[1, 4, 5], [1, 3, 0], [1, 2, 6]], "int32")
    np.testing.assert_allclose(rev([src, dec_in]), plain([flipped, dec_in]), rtol=1e-5, atol=1e-6)
    assert not np.allclose(plain([src, dec_in]), plain([flipped, dec_in]), atol=1e-4)  # order matters


def test_accuracy_by_length_counts_exact_and_per_character_matches_by_hand(monkeypatch):
    import tfdl.decoding
    from tfdl.data.sequences import make_sequence_task
    from tfdl.decoding import Hypothesis
    from tfdl.experiments.sequences import sequence_accuracy

    task = make_sequence_task("copy", 6, 2, 3, seed=0)
    assert task.lengths.tolist() == [3, 2, 2, 3, 3, 3]
    tok = task.tokenizer
    # planted decoder: every 2-digit copy right; every 3-digit copy loses its last digit
    outputs = [t if len(t) == 2 else t[:2] for t in task.targets]
    hyps = [Hypothesis([*tok.encode(o), tok.eos_id], 0.0, 0.0, np.zeros((len(o) + 1, 3))) for o in outputs]
    monkeypatch.setattr(tfdl.decoding, "greedy_decode", lambda *a, **k: hyps)
    df = sequence_accuracy(None, task).set_index("length")
    assert df["n"].to_dict() == {2: 2, 3: 4}
    assert df["accuracy"].to_dict() == {2: 1.0, 3: 0.0}  # whole sequence right
    assert df["token_accuracy"].to_dict() == pytest.approx({2: 1.0, 3: 2 / 3})  # 2 of 3 digits in place
