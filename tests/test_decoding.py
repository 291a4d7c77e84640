"""Greedy and beam search: k=1 equals greedy, beam finds better sequences, a tiny seq2seq
learns the copy task."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.data.sequences import make_sequence_task
from tfdl.decoding import beam_search, decode_text, greedy_decode
from tfdl.models.sequence import seq2seq


@pytest.fixture(scope="module")
def trained():
    keras.utils.set_random_seed(0)
    task = make_sequence_task("copy", 600, 2, 4, seed=0)
    tok = task.tokenizer
    model = seq2seq(tok.vocab_size, tok.vocab_size, embedding_dim=16, units=32,
                    attention="bahdanau")
    model.compile(keras.optimizers.Adam(1e-2),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit([task.encoder_input, task.decoder_input], task.decoder_target, epochs=10,
              batch_size=32, verbose=0)
    return model, tok


@pytest.mark.slow
def test_tiny_seq2seq_learns_copy(trained):
    model, tok = trained
    test = make_sequence_task("copy", 60, 2, 4, seed=1)
    hyps = greedy_decode(model, test.encoder_input, max_len=6)
    acc = np.mean([tok.decode(h.tokens) == t for h, t in zip(hyps, test.targets)])
    assert acc >= 0.9
    # alignment of copying is near the diagonal: output i looks at source i
    h = hyps[0]
    n = len(test.sources[0])
    assert (h.alignment[:n, :n].argmax(-1) == np.arange(n)).mean() >= 0.5
    np.testing.assert_allclose(h.alignment.sum(-1), 1.0, atol=1e-5)


def test_beam_width_one_equals_greedy_and_scores(trained):
    model, tok = trained
    src = make_sequence_task("copy", 8, 2, 4, seed=2).encoder_input
    greedy = greedy_decode(model, src, max_len=6)
    beam1 = beam_search(model, src, beam_width=1, max_len=6)
    for g, b in zip(greedy, beam1):
        assert g.tokens == b.tokens
        assert g.log_prob == pytest.approx(b.log_prob, abs=1e-6)
        np.testing.assert_allclose(g.alignment, b.alignment, atol=1e-6)


def test_beam_returns_k_sorted_hypotheses_with_length_normalisation(trained):
    model, tok = trained
    src = np.array([tok.encode("3141")])
    hyps = beam_search(model, src, beam_width=3, max_len=6, return_all=True)[0]
    assert 1 <= len(hyps) <= 3
    scores = [h.score for h in hyps]
    assert scores == sorted(scores, reverse=True)
    for h in hyps:
        assert h.score == pytest.approx(h.log_prob / len(h.tokens))
        assert h.alignment.shape == (len(h.tokens), 4)
    best_greedy = greedy_decode(model, src, max_len=6)[0]
    assert hyps[0].score >= best_greedy.score - 1e-9 or hyps[0].tokens == best_greedy.tokens
    raw = beam_search(model, src, beam_width=3, max_len=6, length_penalty=0.0)[0]
    assert raw.score == pytest.approx(raw.log_prob)


def test_decode_text_and_errors(trained):
    model, tok = trained
    hyp = decode_text(model, tok, "123", method="beam", beam_width=2)
    assert hyp.text == "123"
    with pytest.raises(ValueError, match="text"):
        decode_text(model, tok, "12x")
    with pytest.raises(ValueError, match="beam_width"):
        beam_search(model, [[4, 5]], beam_width=0)
    with pytest.raises(ValueError, match="method"):
        decode_text(model, tok, "12", method="sampling")
