"""beam_search(return_tree=True): the tree of every hypothesis considered, checked against a
table model's own log-probabilities, a hand computation of the length penalty, and the
teacher-forced outputs of a tiny seq2seq."""

import math

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from tfdl.decoding import beam_search
from tfdl.models.sequence import Seq2SeqInference

BOS, EOS, V = 1, 2, 6


def _log_softmax(z):
    z = np.asarray(z, dtype="float64")
    z = z - z.max()
    return z - np.log(np.exp(z).sum())


class TableModel(Seq2SeqInference):
    """Next-token logits from a fixed table ``table[step, previous token, sum of tokens % 3]``:
    depends on the whole path, so wrongly gathered decoder states would show."""

    def __init__(self, table):
        self.table = np.asarray(table, dtype="float64")
        self.reverse_source = False

    def logits(self, path):
        step = min(len(path), len(self.table) - 1)
        prev = path[-1] if path else BOS
        return self.table[step, prev, sum(path) % 3]

    def encode(self, ids):
        b, s = ids.shape
        zeros = tf.zeros((b, s, 1))
        return zeros, tf.ones((b, s), bool), zeros, [tf.zeros((b,), tf.int32), tf.zeros((b,), tf.int32)]

    def step(self, y, h, mask, keys, states):
        y = np.asarray(y)
        t = states[0].numpy()
        total = states[1].numpy() + y * (t > 0)  # the sum of the output tokens so far
        logits = self.table[np.minimum(t, len(self.table) - 1), y, total % 3]
        alpha = np.full((len(y), h.shape[1]), 1.0 / h.shape[1], "float32")
        return logits, alpha, [tf.constant(t + 1), tf.constant(total)]


def _table(seed=0, steps=6):
    table = np.random.default_rng(seed).normal(0, 1.5, (steps, V, 3, V))
    table[:, :, :, 0] = -30.0  # padding is never likely
    table[2:, :, :, EOS] += 1.5  # </s> becomes likely after a few tokens
    return table


@pytest.mark.parametrize("k, alpha", [(3, 0.7), (2, 0.0)])
def test_tree_is_the_search_on_a_table_model(k, alpha):
    model = TableModel(_table())
    src = [[4, 5, 3]]
    plain = beam_search(model, src, beam_width=k, max_len=6, length_penalty=alpha)
    hyps, trees = beam_search(
        model, src, beam_width=k, max_len=6, length_penalty=alpha, return_all=True, return_tree=True
    )
    best, tree = hyps[0], trees[0]
    assert tree.beam_width == k and tree.length_penalty == alpha
    # the default return value is unchanged, and the final beams are beam_search's own result
    assert plain[0].tokens == best[0].tokens and plain[0].log_prob == best[0].log_prob
    assert [tree.path(i) for i in tree.final] == [h.tokens for h in best]
    for i, h in zip(tree.final, best):
        assert tree.nodes[i].kept and math.isclose(tree.nodes[i].score, h.score)
    assert any(tree.nodes[i].finished for i in tree.final)  # the table makes </s> win
    root = tree.nodes[0]
    assert (root.step, root.token, root.parent, root.kept) == (0, BOS, None, True)
    last = max(n.step for n in tree.nodes)
    for step in range(1, last + 1):
        nodes = tree.at_step(step)
        parents = [n for n in tree.at_step(step - 1) if n.kept and not n.finished]
        # every live beam is extended by every token
        assert sorted((n.parent, n.token) for n in nodes) == [(p.id, v) for p in parents for v in range(V)]
        for n in nodes:
            parent = tree.nodes[n.parent]
            if n.token in (0, BOS):  # <pad> and <s> are never emitted: log p = -inf, never kept
                assert n.log_prob == -math.inf and not n.kept
                continue
            ref = _log_softmax(model.logits(tree.path(parent.id)))[n.token]
            assert math.isclose(n.log_prob, parent.log_prob + ref, abs_tol=1e-9)
            assert math.isclose(n.score, n.log_prob / step**alpha, abs_tol=1e-9)
            assert n.finished == (n.kept and n.token == EOS)
        # kept = the best candidates by score, taken until k live beams; pruned = exactly the rest
        ranked = sorted(nodes, key=lambda n: -n.score)
        kept = {n.id for n in nodes if n.kept}
        pruned = {n.id for n in nodes if not n.kept}
        assert kept == {n.id for n in ranked[: len(kept)]}
        assert pruned == {n.id for n in nodes} - kept
        live = [n for n in ranked[: len(kept)] if not n.finished]
        assert len(live) == k or len(kept) == 2 * k
        assert ranked[len(kept) - 1].finished is False or len(kept) == 2 * k


def test_length_penalty_by_hand():
    """Uniform log p = -log 4 per token: a 2-token node scores -2 log 4 / 2^0.5 = -1.9605."""
    table = np.zeros((4, V, 3, V))
    table[:, :, :, 0] = table[:, :, :, EOS] = -1e9  # 4 equally likely tokens, no </s>
    _, trees = beam_search(TableModel(table), [[4]], beam_width=2, max_len=3, length_penalty=0.5, return_tree=True)
    tree = trees[0]
    kept2 = [n for n in tree.at_step(2) if n.kept]
    assert len(kept2) == 2
    for n in kept2:
        assert n.log_prob == pytest.approx(-2.7725887, abs=1e-6)
        assert n.score == pytest.approx(-1.9605163, abs=1e-6)
    # 3 tokens: -3 log 4 / 3^0.5 = -4.1588831 / 1.7320508 = -2.4011332
    assert tree.nodes[tree.final[0]].score == pytest.approx(-2.4011332, abs=1e-6)


def test_tree_log_probs_are_the_seq2seq_outputs():
    keras = pytest.importorskip("keras")
    from tfdl.models.sequence import seq2seq

    keras.utils.set_random_seed(3)
    model = seq2seq(9, 9, embedding_dim=4, units=8, attention="luong")
    src = np.array([[4, 5, 6]], "int32")
    _, trees = beam_search(model, src, beam_width=2, max_len=3, return_tree=True)
    tree = trees[0]
    for step in range(1, max(n.step for n in tree.nodes) + 1):
        parents = [n for n in tree.at_step(step - 1) if n.kept and not n.finished]
        dec = np.array([[BOS] + tree.path(p.id) for p in parents], "int32")
        logits = model([np.repeat(src, len(parents), 0), dec]).numpy()[:, -1]
        for p, row in zip(parents, logits):
            ref = p.log_prob + _log_softmax(row)
            ref[[0, BOS]] = -np.inf  # <pad> and <s> are never emitted
            got = np.array([n.log_prob for n in sorted(tree.children(p.id), key=lambda n: n.token)])
            np.testing.assert_allclose(got, ref, atol=1e-4)
