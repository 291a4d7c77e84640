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


def _table_decoder(next_probs):
    """A Seq2SeqInference whose next-token probabilities are ``next_probs[previous token]`` (no encoder)."""
    from tfdl.models.sequence import Seq2SeqInference

    class Table(Seq2SeqInference):
        def __post_init__(self):
            pass

        def encode(self, source_ids):
            batch = len(source_ids)
            return np.zeros((batch, 1, 1)), np.ones((batch, 1), bool), np.zeros((batch, 1, 1)), []

        def step(self, y_prev, h, values_mask, keys, states):
            return np.log(next_probs[np.asarray(y_prev)]), np.zeros((len(y_prev), 1)), states

    return Table(encoder=None, decoder_step=None, attention=None, n_states=0)


def test_pad_and_start_are_never_emitted_and_log_p_stays_the_models():
    """An untrained model that puts most mass on <pad> (id 0) or <s> (id 1) must not "answer" with them:
    greedy and beam search take the best other token, and its log p is the model's own (not renormalised)."""
    # vocabulary <pad>, <s>, </s>, a, b; every row prefers <pad>, then <s>, then a > b > </s> (after b: </s>)
    rows = np.array([
        [0.50, 0.20, 0.05, 0.15, 0.10],  # after <pad>
        [0.50, 0.20, 0.05, 0.15, 0.10],  # after <s>
        [0.50, 0.20, 0.05, 0.15, 0.10],  # after </s>
        [0.40, 0.30, 0.05, 0.05, 0.20],  # after a: b
        [0.40, 0.30, 0.20, 0.05, 0.05],  # after b: </s>
    ])
    inf = _table_decoder(rows)
    greedy = greedy_decode(inf, [[3]], max_len=6)[0]
    assert greedy.tokens == [3, 4, 2]  # a b </s>, never 0 or 1
    np.testing.assert_allclose(greedy.log_prob, np.log(0.15) + np.log(0.20) + np.log(0.20))
    best = beam_search(inf, [[3]], beam_width=2, max_len=6, return_all=True)[0]
    assert all(0 not in h.tokens and 1 not in h.tokens for h in best)
    # each beam's log p is the model's own for its tokens (b </s> and a </s> finish first with k = 2)
    def log_p(tokens):
        prev, total = 1, 0.0
        for t in tokens:
            total += np.log(rows[prev, t])
            prev = t
        return total

    assert [h.tokens for h in best] == [[4, 2], [3, 2]]
    for h in best:
        np.testing.assert_allclose(h.log_prob, log_p(h.tokens))
    _, trees = beam_search(inf, [[3]], beam_width=2, max_len=6, return_tree=True)
    from tfdl.viz.beam_tree import beam_tree_dot

    assert "<pad>" not in beam_tree_dot(trees[0], ["<pad>", "<s>", "</s>", "a", "b"])
