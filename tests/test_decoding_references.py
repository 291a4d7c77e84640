"""Beam search against exhaustive search: with a beam wide enough to prune nothing, it returns
every finished output, each with the log-probability the full model gives by teacher forcing,
ranked as ``Σ log p / len^α`` says; greedy search's output is one of them. Neither ever emits
``<pad>`` (0) or ``<s>`` (1), so the outputs are made of the other tokens."""

import itertools

import numpy as np
import pytest

from tfdl.decoding import beam_search, greedy_decode
from tfdl.models.sequence import seq2seq, seq2seq_inference

V, BOS, EOS, MAX_LEN = 6, 1, 2, 3  # ids 0..5; every output ≤ 3 tokens, the last one </s>
WORDS = (3, 4, 5)  # the tokens an output may hold before </s> (never <pad> = 0 or <s> = 1)


def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


@pytest.fixture(scope="module")
def model_and_source():
    import keras

    keras.utils.set_random_seed(3)
    model = seq2seq(V, V, units=4, embedding_dim=3)
    head = model.get_layer("logits")  # sharper distributions than the initial near-uniform ones
    rng = np.random.default_rng(3)
    head.set_weights([rng.normal(scale=2.0, size=w.shape).astype("float32") for w in head.get_weights()])
    return model, np.array([[3, 1, 3]], "int32")


def _exhaustive(model, src):
    """log p of every output ``prefix + </s>`` (prefix of 0..MAX_LEN-1 tokens), one step at a time."""
    inf = seq2seq_inference(model)
    h, mask, keys, states = inf.encode(src)
    out = {}
    for n in range(MAX_LEN):
        for prefix in itertools.product(WORDS, repeat=n):
            s, lp = states, 0.0
            for prev, token in zip((BOS, *prefix), (*prefix, EOS)):
                logits, _, s = inf.step(np.array([prev], "int32"), h, mask, keys, s)
                lp += _log_softmax(np.asarray(logits, "float64"))[0, token]
            out[(*prefix, EOS)] = lp
    return out


def test_wide_beam_is_exhaustive_search_with_teacher_forced_log_probabilities(model_and_source):
    model, src = model_and_source
    every = _exhaustive(model, src)
    assert len(every) == 1 + 3 + 9  # prefixes of 0, 1, 2 tokens from WORDS, then </s>
    # the step-by-step numbers are the full model's, fed the whole output at once (ids ≠ 0)
    full = _log_softmax(np.asarray(model([src, np.array([[BOS, 3, 4]], "int32")]), "float64"))[0]
    np.testing.assert_allclose(every[(3, 4, EOS)], full[0, 3] + full[1, 4] + full[2, EOS], rtol=1e-5)
    for alpha in (0.0, 1.0):
        hyps = beam_search(model, src, beam_width=18, max_len=MAX_LEN, length_penalty=alpha, return_all=True)[0]
        expected = sorted(every.items(), key=lambda kv: -kv[1] / len(kv[0]) ** alpha)
        got = [(tuple(h.tokens), h.log_prob) for h in hyps]
        assert [t for t, _ in got] == [t for t, _ in expected][: len(got)] and len(got) == len(every)
        np.testing.assert_allclose([lp for _, lp in got], [lp for _, lp in expected], rtol=1e-5)
        np.testing.assert_allclose([h.score for h in hyps], [lp / len(t) ** alpha for t, lp in expected], rtol=1e-5)
    greedy = greedy_decode(model, src, max_len=MAX_LEN, length_penalty=0.0)[0]
    if greedy.tokens and greedy.tokens[-1] == EOS:
        assert greedy.log_prob == pytest.approx(every[tuple(greedy.tokens)], rel=1e-5)
        assert greedy.log_prob <= max(every.values()) + 1e-9  # beam can only find better
