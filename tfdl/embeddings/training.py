"""Train word vectors on a text: :func:`train_word_vectors` (skip-gram, CBOW or fastText with
negative sampling), and what a run will cost before it starts (:func:`estimate_training_seconds`).

The pipeline: sentences of words → :class:`~tfdl.embeddings.text.Vocabulary` (counts ``U(w)``)
→ training examples in numpy (skip-gram / fastText: (centre, context) pairs; CBOW: (window,
middle word)) → a ``tf.data`` pipeline that shuffles them and, for every batch, draws ``k``
negatives per example from ``P(w) ∝ U(w)^{3/4}`` with TensorFlow (seeded, no numpy inside the
traced code) → ``model.fit`` of :func:`~tfdl.embeddings.models.word2vec_model` with
:func:`tfdl.losses.negative_sampling_loss`.

Example:
    >>> from tfdl.embeddings import load_corpus, train_word_vectors
    >>> wv = train_word_vectors(load_corpus("en"), epochs=20)  # doctest: +SKIP
    >>> wv.nearest("queen", k=3)  # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from tfdl.embeddings.corpus import MAX_CORPUS_CHARS, check_corpus
from tfdl.embeddings.models import ARCHITECTURES, word2vec_model
from tfdl.embeddings.sampling import (
    cbow_windows,
    keep_probabilities,
    noise_distribution,
    skipgram_pairs,
    subword_ids,
)
from tfdl.embeddings.text import Vocabulary
from tfdl.embeddings.vectors import SubwordTable, WordVectors
from tfdl.errors import TfdlValueError
from tfdl.seeding import seeded
from tfdl.validation import check_int, gt_error, one_of_error

__all__ = [
    "COST_OVERHEAD_S",
    "COST_PER_STEP_S",
    "COST_PER_UNIT_S",
    "count_training_examples",
    "estimate_training_seconds",
    "negative_sampling_dataset",
    "train_word_vectors",
]

#: the measured cost model of :func:`estimate_training_seconds` (``benchmarks/bench_embeddings_time.py``):
#: seconds to build, compile and trace a model (the fit said 0.4 s of CPU; the wall clock pays more)
COST_OVERHEAD_S = 2.0
#: seconds per batch (fastText: twice this, for its n-gram rows and its larger table)
COST_PER_STEP_S = 4.2e-3
#: seconds per example, per scored word (1 + k) and per 32 dimensions
COST_PER_UNIT_S = 2.1e-7


def _sentence_ids(sentences, vocab: Vocabulary, subsample: float | None, rng) -> list[list[int]]:
    ids = [[i for i in vocab.encode(s) if i > 1] for s in sentences]
    if subsample:
        keep = keep_probabilities(vocab.counts, subsample)
        ids = [[i for i in s if rng.random() < keep[i]] for s in ids]
    return ids


def _examples(ids, architecture: str, window: int) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, observed words): skip-gram/fastText (n, 1) centre ids; CBOW (n, 2·window) windows."""
    if architecture == "cbow":
        return cbow_windows(ids, window)
    pairs = skipgram_pairs(ids, window)
    return pairs[:, :1], pairs[:, 1]


def count_training_examples(
    corpus: str, architecture: str = "skipgram", window: int = 2, min_count: int = 1, max_chars: int = MAX_CORPUS_CHARS
) -> int:
    """How many examples one epoch over ``corpus`` has (pairs, or CBOW windows), without training."""
    if architecture not in ARCHITECTURES:
        raise one_of_error("architecture", architecture, ARCHITECTURES)
    sentences = check_corpus(corpus, max_chars)
    vocab = Vocabulary.build(sentences, min_count)
    return len(_examples(_sentence_ids(sentences, vocab, None, None), architecture, window)[1])


def estimate_training_seconds(
    n_examples: int,
    epochs: int,
    negatives: int,
    embedding_dim: int,
    architecture: str = "skipgram",
    batch_size: int = 256,
) -> float:
    """Estimated seconds of :func:`train_word_vectors` (a measured cost model).

    Formula::

        seconds ≈ overhead + epochs · ⌈n / batch⌉ · per_step · (2 for fastText)
                           + epochs · n · (1 + k) · (d / 32) · per_unit

    A small model spends most of its time per batch (the step's fixed cost), a wide one per
    example and scored word. Fitted by ``benchmarks/bench_embeddings_time.py`` to CPU seconds on
    the 2-core development machine (TensorFlow 2.21; within ±25 % of 11 runs from 1 to 7 s): see
    :data:`COST_OVERHEAD_S`, :data:`COST_PER_STEP_S`, :data:`COST_PER_UNIT_S`. On a busy machine
    the wait is longer.

    Example:
        >>> round(estimate_training_seconds(4908, 20, 5, 32), 1)
        3.8
    """
    for name, value in (
        ("n_examples", n_examples),
        ("epochs", epochs),
        ("embedding_dim", embedding_dim),
        ("batch_size", batch_size),
    ):
        check_int(value, name, 1)
    check_int(negatives, "negatives", 0)
    if architecture not in ARCHITECTURES:
        raise one_of_error("architecture", architecture, ARCHITECTURES)
    steps = epochs * -(-n_examples // batch_size) * (2 if architecture == "fasttext" else 1)
    units = epochs * n_examples * (1 + negatives) * embedding_dim / 32
    return float(COST_OVERHEAD_S + steps * COST_PER_STEP_S + units * COST_PER_UNIT_S)


def negative_sampling_dataset(
    inputs, observed, noise, negatives: int = 5, batch_size: int = 256, seed: int = 0, subwords=None
):
    """The ``tf.data`` pipeline of training: shuffled batches of ``((words, targets), labels)``.

    ``targets`` = the observed word then ``negatives`` ids drawn from ``noise`` for every example
    (``tf.random.stateless_categorical``, seeded per batch, fresh draws every epoch); ``labels`` =
    ``(1, 0, …, 0)``. With ``subwords`` (fastText), ``words`` is replaced by the n-gram rows
    ``subwords[centre]``.

    Args:
        inputs: ``(n, L)`` int ids that make ``h`` (centre word, or a CBOW window).
        observed: ``(n,)`` the observed (context, or CBOW middle) word of each example.
        noise: the noise distribution over the vocabulary (:func:`~tfdl.embeddings.sampling.noise_distribution`).
        negatives: ``k``.
        batch_size: examples per batch (the last batch may be smaller).
        seed: the shuffling and the draws.
        subwords: optional ``(vocab_size, G)`` n-gram rows of every word
            (:func:`~tfdl.embeddings.sampling.subword_ids`).

    Returns:
        A ``tf.data.Dataset`` to pass to ``model.fit``.
    """
    import tensorflow as tf

    noise = np.asarray(noise, dtype="float64")

    log_noise = tf.constant(np.where(noise > 0, np.log(np.maximum(noise, 1e-300)), -1e9)[None], tf.float32)
    table = None if subwords is None else tf.constant(subwords, tf.int32)
    pairs = tf.data.Dataset.from_tensor_slices((inputs, observed))
    pairs = pairs.shuffle(len(observed), seed=seed, reshuffle_each_iteration=True).batch(batch_size)
    seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)

    def with_negatives(batch, pair_seed):
        words, o = batch
        b = tf.shape(o)[0]
        drawn = tf.random.stateless_categorical(log_noise, b * negatives, seed=pair_seed, dtype=tf.int32)
        targets = tf.concat([o[:, None], tf.reshape(drawn, (b, negatives))], axis=1)
        if table is not None:  # fastText: the centre word's n-gram rows
            words = tf.gather(table, words[:, 0])
        labels = tf.concat([tf.ones((b, 1)), tf.zeros((b, negatives))], axis=1)
        return (words, targets), labels

    return tf.data.Dataset.zip((pairs, seeds)).map(with_negatives).prefetch(2)


def train_word_vectors(
    corpus: str,
    architecture: str = "skipgram",
    embedding_dim: int = 32,
    window: int = 2,
    negatives: int = 5,
    epochs: int = 10,
    batch_size: int = 256,
    learning_rate: float = 0.01,
    min_count: int = 1,
    subsample: float | None = None,
    buckets: int = 10_000,
    min_n: int = 3,
    max_n: int = 6,
    seed: int = 0,
    sink=None,
    max_chars: int = MAX_CORPUS_CHARS,
) -> WordVectors:
    """Word vectors learned from ``corpus`` by skip-gram, CBOW or fastText with negative sampling.

    Each example scores the observed word and ``k = negatives`` noise words drawn from
    ``P(w) = U(w)^{3/4} / Σ_v U(v)^{3/4}``; the loss is ``−log σ(u_o·h) − Σ_i log σ(−u_{n_i}·h)``
    (:mod:`tfdl.layers.word2vec`, :func:`tfdl.losses.negative_sampling_loss`), minimised with Adam.

    Args:
        corpus: the text (sentences end at a line break or ``. ! ? ;``), at most ``max_chars`` long.
        architecture: ``"skipgram"`` (predict each neighbour from the centre word), ``"cbow"``
            (predict the middle word from the mean of its neighbours) or ``"fasttext"`` (skip-gram
            whose centre vector is the sum of the word's character n-gram vectors).
        embedding_dim: ``d``, the size of the vectors.
        window: neighbours on each side of a word.
        negatives: ``k``, noise words per example.
        epochs, batch_size, learning_rate: the optimisation (Adam).
        min_count: words seen fewer times are dropped.
        subsample: word2vec's threshold ``t`` for dropping frequent words
            (:func:`~tfdl.embeddings.sampling.keep_probabilities`), or ``None`` to keep every word.
        buckets, min_n, max_n: fastText's n-gram hashing (n from ``min_n`` to ``max_n``).
        seed: the initial vectors, the shuffling and the negatives.
        sink: optional progress sink (``on_epoch_end(epoch, logs)``, ``should_stop()``; see
            :class:`tfdl.training.ProgressSink`); training stops early when it asks.
        max_chars: the longest corpus accepted.

    Returns:
        :class:`~tfdl.embeddings.vectors.WordVectors`.
    """
    import keras

    from tfdl._compat import releasing_custom_gradients

    if architecture not in ARCHITECTURES:
        raise one_of_error("architecture", architecture, ARCHITECTURES)
    for name, value in (
        ("embedding_dim", embedding_dim),
        ("window", window),
        ("negatives", negatives),
        ("epochs", epochs),
        ("batch_size", batch_size),
    ):
        check_int(value, name, 1)
    if not learning_rate > 0:
        raise gt_error("learning_rate", learning_rate, 0)
    sentences = check_corpus(corpus, max_chars)
    vocab = Vocabulary.build(sentences, min_count)
    rng = np.random.default_rng(seed)
    inputs, observed = _examples(_sentence_ids(sentences, vocab, subsample, rng), architecture, window)
    if len(vocab) < 4 or len(observed) == 0:
        raise TfdlValueError(
            "corpus_too_small",
            "The corpus gives {n_words} distinct words and {n_examples} "
            "training examples: too few to learn vectors (lower `min_count` or add text).",
            n_words=len(vocab) - 2,
            n_examples=len(observed),
        )
    subwords = None
    if architecture == "fasttext":
        subwords = subword_ids(vocab.words, buckets, min_n, max_n)
    with seeded(seed):
        model = word2vec_model(len(vocab), int(embedding_dim), architecture, int(window), buckets)
    from tfdl.losses import negative_sampling_loss

    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=negative_sampling_loss)
    data = negative_sampling_dataset(
        inputs, observed, noise_distribution(vocab.counts), int(negatives), int(batch_size), int(seed), subwords
    )
    callbacks = []
    if sink is not None:
        from tfdl.training import SinkCallback

        callbacks.append(SinkCallback(sink, int(epochs)))
    with releasing_custom_gradients():  # else the traced step keeps the model alive (tfdl.training)
        history = model.fit(data, epochs=int(epochs), verbose=0, callbacks=callbacks, shuffle=False)
    centre = keras.ops.convert_to_numpy(model.get_layer("centre_vectors").embeddings)
    context = keras.ops.convert_to_numpy(model.get_layer("context_vectors").embeddings)
    table = None
    if architecture == "fasttext":
        table = SubwordTable(centre, buckets, min_n, max_n)
        centre = centre[subwords].sum(axis=1)
        centre[:2] = 0.0
    return WordVectors(
        vocab,
        centre.astype("float32"),
        context,
        architecture,
        table,
        [float(v) for v in history.history.get("loss", [])],
    )
