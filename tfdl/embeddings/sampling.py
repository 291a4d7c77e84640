"""What word2vec and fastText train on: (centre, context) pairs, CBOW windows, the noise
distribution of negative sampling, and the character n-grams of fastText.

Notation of the course (lecture 9): the centre word ``w_I`` (``c``), a neighbour ``w_O``
(``o``) within ``window`` words of it, and ``k`` negative words ``w_i`` drawn from the noise
distribution

    P(w) = U(w)^{3/4} / Σ_v U(v)^{3/4},      U(w) = how often w occurs in the corpus.

The power 3/4 flattens the frequencies: rare words are drawn more often than their share, so
training does not spend itself on "the" and "a".

Pure Python + numpy (the training step draws the negatives with TensorFlow from this table).

Example:
    >>> from tfdl.embeddings.sampling import noise_distribution, skipgram_pairs
    >>> noise_distribution([0, 16, 1]).round(3).tolist()
    [0.0, 0.889, 0.111]
    >>> skipgram_pairs([[5, 6, 7]], window=1).tolist()
    [[5, 6], [6, 5], [6, 7], [7, 6]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import check_int, gt_error

__all__ = [
    "FASTTEXT_BOUNDARY",
    "char_ngrams",
    "cbow_windows",
    "keep_probabilities",
    "ngram_bucket",
    "noise_distribution",
    "skipgram_pairs",
    "subword_ids",
]

#: the characters fastText puts around a word before cutting it into n-grams: "<where>"
FASTTEXT_BOUNDARY = ("<", ">")


def noise_distribution(counts, power: float = 0.75) -> np.ndarray:
    """The negative-sampling distribution ``P(w) = U(w)^power / Σ_v U(v)^power``.

    Args:
        counts: ``U(w)`` for every word id (0 for the reserved ids: never drawn).
        power: 3/4 in word2vec; 1 gives the unigram distribution, 0 the uniform one over seen words.

    Returns:
        float64 probabilities, same length as ``counts``, summing to 1.
    """
    u = np.asarray(counts, dtype="float64")
    if u.ndim != 1 or (u < 0).any() or not (u > 0).any():
        raise TfdlValueError(
            "noise_counts",
            "`counts` must be a 1-D array of non-negative counts with at least one positive. Received: shape={shape}",
            shape=u.shape,
        )
    weights = np.where(u > 0, u, 0.0) ** power * (u > 0)
    return weights / weights.sum()


def keep_probabilities(counts, threshold: float = 1e-3) -> np.ndarray:
    """word2vec's subsampling of frequent words: keep each occurrence of ``w`` with probability
    ``min(1, (sqrt(f/t) + 1) · t/f)``, ``f = U(w) / Σ U`` (``t = threshold``; 1 for unseen ids).

    Frequent words ("the") carry little about their neighbours; dropping most of their
    occurrences speeds training and lets rare words weigh more (the notes: sample words with
    their popularity counted against them).

    Example:
        >>> keep_probabilities([0, 1000, 1], threshold=1e-3).round(3).tolist()
        [1.0, 0.033, 1.0]
    """
    u = np.asarray(counts, dtype="float64")
    if not threshold > 0:
        raise gt_error("threshold", threshold, 0)
    f = u / max(u.sum(), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = (np.sqrt(f / threshold) + 1.0) * threshold / f
    return np.where(u > 0, np.minimum(keep, 1.0), 1.0)


def skipgram_pairs(sentences: Sequence[Sequence[int]], window: int = 2) -> np.ndarray:
    """Every (centre, context) pair of word ids at most ``window`` apart inside one sentence.

    Returns:
        int32 array ``(n_pairs, 2)``: column 0 the centre ``c``, column 1 the context word ``o``.
    """
    window = check_int(window, "window", 1)
    pairs = [
        (s[i], s[j])
        for s in sentences
        for i in range(len(s))
        for j in range(max(0, i - window), min(len(s), i + window + 1))
        if j != i
    ]
    return np.array(pairs, dtype="int32").reshape(-1, 2)


def cbow_windows(sentences: Sequence[Sequence[int]], window: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """CBOW examples: the ``2·window`` neighbours of each word (0-padded at sentence ends) and the word.

    Returns:
        ``(contexts, targets)``: int32 ``(n, 2·window)`` and ``(n,)``; words without any
        neighbour (one-word sentences) are skipped.
    """
    window = check_int(window, "window", 1)
    contexts, targets = [], []
    for s in sentences:
        for i in range(len(s)):
            around = list(s[max(0, i - window) : i]) + list(s[i + 1 : i + 1 + window])
            if around:
                contexts.append(around + [0] * (2 * window - len(around)))
                targets.append(s[i])
    return (np.array(contexts, dtype="int32").reshape(-1, 2 * window), np.array(targets, dtype="int32"))


def char_ngrams(word: str, min_n: int = 3, max_n: int = 6) -> list[str]:
    """fastText's bag of a word: the character n-grams of ``<word>`` (``min_n ≤ n ≤ max_n``)
    and the whole ``<word>`` itself.

    Example:
        >>> char_ngrams("where", 3, 3)
        ['<wh', 'whe', 'her', 'ere', 're>', '<where>']
    """
    min_n, max_n = check_int(min_n, "min_n", 1), check_int(max_n, "max_n", 1)
    if min_n > max_n:
        raise TfdlValueError(
            "ngram_sizes",
            "`min_n` must be <= `max_n`. Received: min_n={min_n}, max_n={max_n}",
            min_n=min_n,
            max_n=max_n,
        )
    marked = FASTTEXT_BOUNDARY[0] + word + FASTTEXT_BOUNDARY[1]
    grams = [marked[i : i + n] for n in range(min_n, max_n + 1) for i in range(len(marked) - n + 1)]
    return [g for g in grams if g != marked] + [marked]


def ngram_bucket(ngram: str, buckets: int) -> int:
    """The hashing bucket of an n-gram: 32-bit FNV-1a of its UTF-8 bytes, modulo ``buckets``
    (fastText's hash), so any n-gram, seen or not, has a row in a table of fixed size.

    Example:
        >>> ngram_bucket("<wh", 2_000_000)
        167652
    """
    h = 2166136261
    for byte in ngram.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h % buckets


def subword_ids(
    words: Sequence[str], buckets: int, min_n: int = 3, max_n: int = 6, max_ngrams: int | None = None
) -> np.ndarray:
    """The n-gram rows of each word: ``1 + ngram_bucket(g)`` for each ``g`` in :func:`char_ngrams`,
    0-padded to the longest word (row 0 is padding, so the table has ``buckets + 1`` rows).

    Args:
        words: the words.
        buckets: hashing buckets (rows of the n-gram table besides the padding row).
        min_n, max_n: n-gram lengths.
        max_ngrams: width of the result (default: the most n-grams of any word); a longer word
            keeps its first ``max_ngrams`` n-grams and its whole-word token.

    Returns:
        int32 array ``(len(words), max_ngrams)``.
    """
    buckets = check_int(buckets, "buckets", 1)
    rows = [[1 + ngram_bucket(g, buckets) for g in char_ngrams(w, min_n, max_n)] for w in words]
    width = max_ngrams if max_ngrams is not None else max((len(r) for r in rows), default=1)
    width = check_int(width, "max_ngrams", 1)
    out = np.zeros((len(rows), width), dtype="int32")
    for i, r in enumerate(rows):
        r = r if len(r) <= width else r[: width - 1] + r[-1:]
        out[i, : len(r)] = r
    return out
