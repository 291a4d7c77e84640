"""Greedy search and beam search on a trained :func:`tfdl.models.seq2seq`.

The decoder is run one step at a time through :func:`tfdl.models.seq2seq_inference` (encoder
once, keys projected once, one compiled step graph reused at every step). Both searches return
the tokens, their log-probability scores and the attention alignments (one row per output
token), so the playground can draw the heatmap.

Example:
    >>> from tfdl.models import seq2seq
    >>> from tfdl.decoding import greedy_decode, beam_search
    >>> model = seq2seq(13, 13, attention="bahdanau")
    >>> out = greedy_decode(model, [[4, 5, 6]], max_len=5)
    >>> print(len(out[0].tokens) <= 5, out[0].alignment.shape[1])
    True 3
"""

from __future__ import annotations

import dataclasses
import weakref

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import positive_int_error

__all__ = ["Hypothesis", "BeamNode", "BeamTree", "greedy_decode", "beam_search", "decode_text"]

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclasses.dataclass
class Hypothesis:
    """One decoded sequence.

    Attributes:
        tokens: output ids, without ``<s>``; ends with ``eos_id`` if the decoder stopped.
        log_prob: ``Σ_i log p(y_i | y_<i, x)``.
        score: the ranking score ``log_prob / len^α`` (``α`` = ``length_penalty``).
        alignment: (len(tokens), source length) attention weights (zeros without attention).
        text: the decoded string, if a tokenizer was given.
    """

    tokens: list
    log_prob: float
    score: float
    alignment: np.ndarray
    text: str | None = None


@dataclasses.dataclass
class BeamNode:
    """One hypothesis beam search considered: a parent beam extended by one token.

    Attributes:
        id: index in :attr:`BeamTree.nodes` (the root ``<s>`` is 0).
        step: number of output tokens so far (0 for the root).
        token: the token added (``bos_id`` for the root).
        parent: the parent node's id (``None`` for the root).
        log_prob: ``Σ_i log p(y_i | y_<i, x)`` along the path (parent's plus this token's).
        score: ``log_prob / step^α`` (``α`` = ``length_penalty``); 0 for the root.
        kept: survived this step's pruning (a live beam, or a finished hypothesis).
        finished: the token is ``eos_id`` and the hypothesis was kept as finished.
    """

    id: int
    step: int
    token: int
    parent: int | None
    log_prob: float
    score: float
    kept: bool = False
    finished: bool = False


@dataclasses.dataclass
class BeamTree:
    """Every hypothesis one beam search considered, as a tree rooted at ``<s>``.

    At each step every live beam is extended by every token of the vocabulary (``V`` children
    each); the candidates are ranked by ``score`` (equal to ranking by ``log_prob``: all have
    the same length), and taken best first until ``beam_width`` live (non-``</s>``) beams are
    kept; ``</s>`` candidates taken on the way are kept as finished; the rest are pruned.

    Attributes:
        nodes: the :class:`BeamNode` list (parents before children).
        beam_width: ``k``.
        length_penalty: ``α`` of ``score = log_prob / len^α``.
        final: node ids of the returned hypotheses, best first (``return_all`` order).
    """

    nodes: list
    beam_width: int
    length_penalty: float
    final: list

    def children(self, node_id: int) -> list:
        """The nodes whose parent is ``node_id``."""
        return [n for n in self.nodes if n.parent == node_id]

    def at_step(self, step: int) -> list:
        """The nodes of one step (``step`` output tokens)."""
        return [n for n in self.nodes if n.step == step]

    def path(self, node_id: int) -> list:
        """The output tokens from the root to ``node_id`` (without ``<s>``)."""
        tokens = []
        node = self.nodes[node_id]
        while node.parent is not None:
            tokens.append(node.token)
            node = self.nodes[node.parent]
        return tokens[::-1]


def _inference(model):
    from tfdl.models.sequence import Seq2SeqInference, seq2seq_inference

    if isinstance(model, Seq2SeqInference):
        return model
    try:
        inf = _CACHE.get(model)
    except TypeError:
        inf = None
    if inf is None:
        inf = seq2seq_inference(model)
        try:
            _CACHE[model] = inf
        except TypeError:
            pass
    return inf


def _check(max_len, beam_width=1):
    if not isinstance(max_len, (int, np.integer)) or max_len < 1:
        raise positive_int_error("max_len", max_len)
    if not isinstance(beam_width, (int, np.integer)) or beam_width < 1:
        raise positive_int_error("beam_width", beam_width)


def _as_ids(source_ids):
    ids = np.asarray(source_ids)
    if ids.ndim == 1:
        ids = ids[None]
    if ids.ndim != 2 or ids.shape[1] == 0:
        raise TfdlValueError(
            "source_ids_shape",
            "`source_ids` must be a (batch, length) array of ids. Received: shape={shape}",
            shape=ids.shape,
        )
    return ids.astype("int32")


def _log_softmax(logits):
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _next_token_log_probs(logits, never):
    """``log p(y | ...)`` of the decoder's logits, with the ids in ``never`` (``<pad>``, ``<s>``) at −∞:
    the decoder never emits them (as fairseq), and the others keep the model's own log-probabilities."""
    logp = _log_softmax(np.asarray(logits, dtype="float64"))
    banned = [i for i in never if i is not None and 0 <= i < logp.shape[-1]]
    logp[..., banned] = -np.inf
    return logp


def _rows(inf, rows):
    a = np.stack(rows)
    # a model with reverse_source attends over the reversed source: show it in reading order
    return a[:, ::-1].copy() if getattr(inf, "reverse_source", False) else a


def _normalize(log_prob, length, length_penalty):
    return float(log_prob) / (max(length, 1) ** length_penalty)


def greedy_decode(model, source_ids, max_len=20, bos_id=1, eos_id=2, length_penalty=1.0, pad_id=0):
    """Greedy search: at every step take ``y_i = argmax_y p(y | y_<i, x)`` over every token but ``<pad>``
    and ``<s>``.

    Args:
        model: a :func:`tfdl.models.seq2seq` model (or its :class:`Seq2SeqInference`).
        source_ids: (batch, S) ids padded with 0 (or one sequence).
        max_len: the most output tokens (including ``</s>``).
        bos_id, eos_id: start and end token ids.
        length_penalty: ``α`` of the reported ``score = log_prob / len^α``.
        pad_id: the padding id (``None``: none); it and ``bos_id`` are never emitted (an untrained model
            would otherwise "answer" with padding).

    Returns:
        A list of :class:`Hypothesis`, one per source.

    Example:
        >>> hyps = greedy_decode(model, np.array([[4, 5, 6, 0]]), max_len=6)
        >>> print(hyps[0].alignment.shape[1])
        4

    Paper: Sutskever, Vinyals & Le, NeurIPS 2014.
    """
    _check(max_len)
    inf = _inference(model)
    ids = _as_ids(source_ids)
    h, values_mask, keys, states = inf.encode(ids)
    batch = ids.shape[0]
    y = np.full((batch,), bos_id, dtype="int32")
    done = np.zeros(batch, bool)
    tokens = [[] for _ in range(batch)]
    log_prob = np.zeros(batch)
    alignments = [[] for _ in range(batch)]
    for _ in range(max_len):
        logits, alpha, states = inf.step(y, h, values_mask, keys, states)
        logp = _next_token_log_probs(logits, (pad_id, bos_id))
        alpha = np.asarray(alpha, dtype="float32")
        y = logp.argmax(-1).astype("int32")
        for b in range(batch):
            if not done[b]:
                tokens[b].append(int(y[b]))
                log_prob[b] += logp[b, y[b]]
                alignments[b].append(alpha[b])
                done[b] = y[b] == eos_id
        if done.all():
            break
    return [
        Hypothesis(
            tokens[b],
            float(log_prob[b]),
            _normalize(log_prob[b], len(tokens[b]), length_penalty),
            _rows(inf, alignments[b]),
        )
        for b in range(batch)
    ]


def beam_search(
    model,
    source_ids,
    beam_width=4,
    max_len=20,
    length_penalty=1.0,
    bos_id=1,
    eos_id=2,
    return_all=False,
    return_tree=False,
    pad_id=0,
):
    """Beam search: keep the ``k`` best partial outputs by ``Σ log p``, rank finished ones by
    ``score = Σ log p / len^α`` (length normalisation; ``α = 0`` turns it off).

    With ``beam_width=1`` it is greedy search.

    Args:
        model: a :func:`tfdl.models.seq2seq` model (or its :class:`Seq2SeqInference`).
        source_ids: (batch, S) ids padded with 0 (or one sequence).
        beam_width: ``k``, the number of hypotheses kept.
        max_len: the most output tokens (including ``</s>``).
        length_penalty: ``α`` in ``len^α``.
        bos_id, eos_id: start and end ids.
        return_all: return the ``k`` best hypotheses per source (best first) instead of one.
        return_tree: also return, per source, the :class:`BeamTree` of every hypothesis
            considered (kept, finished and pruned, with ``log_prob`` and ``score``).
        pad_id: the padding id (``None``: none); it and ``bos_id`` are never emitted (log p = −∞).

    Returns:
        A list (one per source) of :class:`Hypothesis`, or of lists of them with ``return_all``;
        with ``return_tree``, the pair ``(that list, list of BeamTree)``.

    Example:
        >>> best = beam_search(model, [[4, 5, 6]], beam_width=3, max_len=6)[0]
        >>> print(best.alignment.shape[0] == len(best.tokens))
        True
        >>> _, trees = beam_search(model, [[4, 5, 6]], beam_width=3, max_len=6, return_tree=True)
        >>> print(trees[0].nodes[0].step, len(trees[0].final) <= 3)
        0 True

    Paper: Sutskever, Vinyals & Le, NeurIPS 2014; Wu et al., "Google's Neural Machine
    Translation System", 2016 (length normalisation).
    """
    _check(max_len, beam_width)
    inf = _inference(model)
    ids = _as_ids(source_ids)
    results, trees = [], []
    for b in range(ids.shape[0]):
        result, tree = _beam_one(
            inf, ids[b : b + 1], beam_width, max_len, length_penalty, bos_id, eos_id, return_all, return_tree, pad_id
        )
        results.append(result)
        trees.append(tree)
    return (results, trees) if return_tree else results


def _beam_one(inf, ids, k, max_len, alpha_len, bos_id, eos_id, return_all, record=False, pad_id=0):
    import tensorflow as tf

    h, values_mask, keys, states = inf.encode(ids)
    # the beams are the batch of the decoder step: the encoder output is shared
    rep = lambda t: tf.repeat(t, k, axis=0)
    h, values_mask, keys = rep(h), rep(values_mask), rep(keys)
    states = [rep(s) for s in states]
    beams = [([], 0.0, [], 0)]  # (tokens, log_prob, alignment rows, tree node); one live beam
    finished = []
    nodes = [BeamNode(0, 0, bos_id, None, 0.0, 0.0, kept=True)] if record else None
    for step in range(1, max_len + 1):
        n = len(beams)
        y = np.array([bt[0][-1] if bt[0] else bos_id for bt in beams] + [bos_id] * (k - n), dtype="int32")
        logits, alpha, new_states = inf.step(y, h, values_mask, keys, states)
        logp = _next_token_log_probs(logits, (pad_id, bos_id))[:n]
        alpha = np.asarray(alpha, dtype="float32")
        total = np.array([bt[1] for bt in beams])[:, None] + logp  # (n, V)
        flat = total.ravel()
        order = np.argsort(-flat, kind="stable")[: 2 * k]
        base = len(nodes) if record else 0
        if record:  # every candidate, pruned until taken below; node id = base + flat index
            vocab = logp.shape[1]
            nodes += [
                BeamNode(base + i, step, i % vocab, beams[i // vocab][3], float(lp), _normalize(lp, step, alpha_len))
                for i, lp in enumerate(flat)
            ]
        next_beams, parents = [], []
        for idx in order:
            if flat[idx] == -np.inf:  # <pad>/<s> (never emitted): every later candidate is one too
                break
            parent, token = divmod(int(idx), logp.shape[1])
            tokens, _, rows, _ = beams[parent]
            cand = (tokens + [token], float(flat[idx]), rows + [alpha[parent]], base + int(idx))
            if record:
                nodes[base + int(idx)].kept = True
                nodes[base + int(idx)].finished = token == eos_id
            if token == eos_id:
                finished.append(cand)
            else:
                next_beams.append(cand)
                parents.append(parent)
            if len(next_beams) == k:
                break
        if len(finished) >= k or not next_beams:
            break
        # the best possible finished score is reached: stop when no live beam can beat it
        beams = next_beams
        gather = np.array(parents + [0] * (k - len(parents)), dtype="int32")
        states = [tf.gather(s, gather) for s in new_states]
    pool = finished if finished else beams
    ranked = sorted(
        ((Hypothesis(t, lp, _normalize(lp, len(t), alpha_len), _rows(inf, rows)), node) for t, lp, rows, node in pool),
        key=lambda pair: -pair[0].score,
    )
    hyps = [hy for hy, _ in ranked]
    tree = BeamTree(nodes, k, alpha_len, [node for _, node in ranked[:k]]) if record else None
    return (hyps[:k] if return_all else hyps[0]), tree


def decode_text(model, tokenizer, text, method="greedy", beam_width=4, max_len=None, length_penalty=1.0):
    """Decode a string: tokenise, search, detokenise (what the playground calls).

    Args:
        model: a trained :func:`tfdl.models.seq2seq`.
        tokenizer: the task's :class:`tfdl.data.sequences.CharTokenizer`.
        text: the source string; characters outside the vocabulary raise ``ValueError``.
        method: ``"greedy"`` or ``"beam"``.
        beam_width, length_penalty: for beam search.
        max_len: output limit (default ``2 * len(text) + 2``).

    Returns:
        A :class:`Hypothesis` with ``text`` filled in.

    Example:
        >>> hyp = decode_text(model, tok, "123", method="beam", beam_width=3)
        >>> print(type(hyp.text))
        <class 'str'>

    Paper: Sutskever, Vinyals & Le, NeurIPS 2014.
    """
    if method not in ("greedy", "beam"):
        raise TfdlValueError(
            "decode_method",
            "`method` must be 'greedy' or 'beam'. Received: method={method!r}",
            method=method,
        )
    if not text:
        raise TfdlValueError("text_empty", "`text` must not be empty. Received: text=''")
    ids = np.array([tokenizer.encode(text)], dtype="int32")
    max_len = max_len or 2 * len(text) + 2
    if method == "greedy":
        hyp = greedy_decode(
            model, ids, max_len=max_len, bos_id=tokenizer.bos_id, eos_id=tokenizer.eos_id,
            length_penalty=length_penalty, pad_id=tokenizer.pad_id,
        )[0]
    else:
        hyp = beam_search(
            model,
            ids,
            beam_width=beam_width,
            max_len=max_len,
            length_penalty=length_penalty,
            bos_id=tokenizer.bos_id,
            eos_id=tokenizer.eos_id,
            pad_id=tokenizer.pad_id,
        )[0]
    hyp.text = tokenizer.decode(hyp.tokens)
    return hyp
