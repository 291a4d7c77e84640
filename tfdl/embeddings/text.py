"""Words from text: a tokenizer, the vocabulary word2vec trains on, and bag-of-words features.

Bag of words (the classic approach of the course): a dictionary of every word of the sample, one
feature per word, the count (or a 0/1 indicator) of that word in the text; word n-grams can be
added as features too. Its problems are why word2vec exists: many features, and no notion of
meaning (synonyms get unrelated features).

Pure Python + numpy: nothing here imports TensorFlow.

Example:
    >>> from tfdl.embeddings.text import BagOfWords
    >>> bow = BagOfWords(ngram_range=(1, 2)).fit(["the cat sat", "the dog sat"])
    >>> bow.vocabulary
    ['cat', 'cat sat', 'dog', 'dog sat', 'sat', 'the', 'the cat', 'the dog']
    >>> bow.transform(["the cat sat on the cat"]).tolist()
    [[2, 1, 0, 0, 1, 2, 2, 0]]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import check_int, int_min_error

__all__ = ["BagOfWords", "PAD", "UNK", "Vocabulary", "ngrams", "split_sentences", "tokenize"]

#: the reserved tokens of a :class:`Vocabulary`: id 0 pads, id 1 stands for an unknown word
PAD, UNK = "<pad>", "<unk>"

# letters (any alphabet), with inner apostrophes or hyphens ("don't", "кто-то"), or digits
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
_SENTENCE_END = re.compile(r"[.!?;\n]+")


def tokenize(text: str, lowercase: bool = True) -> list[str]:
    """The words of ``text``: runs of letters (with inner ``'`` or ``-``) or of digits.

    Punctuation separates words and is dropped; Cyrillic and Latin letters are both letters.

    Args:
        text: any text.
        lowercase: lower-case the words.

    Returns:
        The list of words in order.

    Example:
        >>> tokenize("The cat's mat, 2 кота!")
        ['the', "cat's", 'mat', '2', 'кота']
    """
    if not isinstance(text, str):
        raise TfdlValueError("text_not_str", "`text` must be a string. Received: {kind}", kind=type(text).__name__)
    return _WORD.findall(text.lower() if lowercase else text)


def split_sentences(text: str, lowercase: bool = True) -> list[list[str]]:
    """``text`` cut at line breaks and ``. ! ? ;`` into sentences of words (empty ones dropped).

    Example:
        >>> split_sentences("A cat sat. A dog ran!\\nThe end")
        [['a', 'cat', 'sat'], ['a', 'dog', 'ran'], ['the', 'end']]
    """
    if not isinstance(text, str):
        raise TfdlValueError("text_not_str", "`text` must be a string. Received: {kind}", kind=type(text).__name__)
    return [words for part in _SENTENCE_END.split(text) if (words := tokenize(part, lowercase))]


def ngrams(words: Sequence[str], n_min: int = 1, n_max: int = 1) -> list[str]:
    """The word n-grams of ``words`` for n from ``n_min`` to ``n_max``, joined by spaces.

    Example:
        >>> ngrams(["a", "b", "c"], 1, 2)
        ['a', 'b', 'c', 'a b', 'b c']
    """
    return [" ".join(words[i : i + n]) for n in range(n_min, n_max + 1) for i in range(len(words) - n + 1)]


def _ngram_range(value) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in value)
    except (TypeError, ValueError):
        lo = hi = -1
    if not 1 <= lo <= hi:
        raise TfdlValueError(
            "ngram_range",
            "`ngram_range` must be (n_min, n_max) with 1 <= n_min <= n_max. Received: ngram_range={value!r}",
            value=value,
        )
    return lo, hi


class BagOfWords:
    """Bag-of-words features: one column per word (or word n-gram) of the fitted texts.

    ``x[i, j]`` = how often term ``j`` occurs in text ``i`` (``binary=True``: 1 if it occurs at
    all). The vocabulary is sorted alphabetically, as scikit-learn's ``CountVectorizer`` does;
    terms of a new text that are not in it are ignored.

    Args:
        ngram_range: ``(n_min, n_max)``: word n-grams to count (``(1, 2)``: words and pairs).
        binary: 0/1 indicators instead of counts.
        min_count: keep terms seen at least this many times in the fitted texts.
        max_features: keep only the most frequent terms (ties: alphabetical order).
        lowercase: lower-case before tokenizing.

    Example:
        >>> BagOfWords(binary=True).fit_transform(["a b a", "b c"]).tolist()
        [[1, 1, 0], [0, 1, 1]]
    """

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 1),
        binary: bool = False,
        min_count: int = 1,
        max_features: int | None = None,
        lowercase: bool = True,
    ):
        self.ngram_range = _ngram_range(ngram_range)
        self.binary = bool(binary)
        self.min_count = check_int(min_count, "min_count", 1)
        self.max_features = None if max_features is None else check_int(max_features, "max_features", 1)
        self.lowercase = bool(lowercase)
        self.index: dict[str, int] | None = None

    def _terms(self, text: str) -> list[str]:
        return ngrams(tokenize(text, self.lowercase), *self.ngram_range)

    def fit(self, texts: Iterable[str]) -> BagOfWords:
        """Learn the vocabulary of ``texts``; returns ``self``."""
        counts = Counter(term for text in _texts(texts) for term in self._terms(text))
        kept = [t for t, c in counts.items() if c >= self.min_count]
        if self.max_features is not None:
            kept = sorted(kept, key=lambda t: (-counts[t], t))[: self.max_features]
        self.index = {t: i for i, t in enumerate(sorted(kept))}
        return self

    @property
    def vocabulary(self) -> list[str]:
        """The terms, in column order."""
        if self.index is None:
            raise TfdlValueError("bow_not_fitted", "This BagOfWords is not fitted yet: call fit(texts) first")
        return list(self.index)

    def transform(self, texts: Iterable[str]) -> np.ndarray:
        """The ``(len(texts), len(vocabulary))`` int array of counts (or indicators)."""
        index = {t: i for i, t in enumerate(self.vocabulary)}
        texts = _texts(texts)
        x = np.zeros((len(texts), len(index)), dtype="int64")
        for row, text in enumerate(texts):
            for term in self._terms(text):
                if term in index:
                    x[row, index[term]] += 1
        return np.minimum(x, 1) if self.binary else x

    def fit_transform(self, texts: Iterable[str]) -> np.ndarray:
        """:meth:`fit` then :meth:`transform` on the same texts."""
        texts = _texts(texts)
        return self.fit(texts).transform(texts)


def _texts(texts) -> list[str]:
    texts = None if isinstance(texts, str) else list(texts)
    if texts is None or not all(isinstance(t, str) for t in texts):
        raise TfdlValueError(
            "texts_list", "`texts` must be a list of strings (one per document), not a single string or other objects"
        )
    return texts


@dataclass(frozen=True)
class Vocabulary:
    """The words a model gives vectors to, most frequent first, with their corpus counts ``U(w)``.

    Id 0 is :data:`PAD` (padding) and id 1 is :data:`UNK` (an unknown word); both have count 0,
    so they are never drawn as negatives and never shown as neighbours.

    Attributes:
        words: ``words[i]`` is the word of id ``i`` (``words[0] == PAD``, ``words[1] == UNK``).
        counts: ``counts[i]`` = how often word ``i`` occurs in the corpus (``U(w)``).

    Example:
        >>> vocab = Vocabulary.build([["a", "b", "a"]])
        >>> vocab.words, vocab.counts.tolist(), vocab.encode(["a", "z"])
        (('<pad>', '<unk>', 'a', 'b'), [0, 0, 2, 1], [2, 1])
    """

    words: tuple[str, ...]
    counts: np.ndarray

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], min_count: int = 1, max_size: int | None = None) -> Vocabulary:
        """The vocabulary of tokenized ``sentences``: words seen ``min_count`` times or more,
        most frequent first (ties: alphabetical), at most ``max_size`` of them."""
        min_count = check_int(min_count, "min_count", 1)
        counts = Counter(w for sentence in sentences for w in sentence)
        kept = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
        if max_size is not None:
            kept = kept[: check_int(max_size, "max_size", 1)]
        return cls((PAD, UNK, *kept), np.array([0, 0] + [counts[w] for w in kept], dtype="int64"))

    def __len__(self) -> int:
        return len(self.words)

    @property
    def index(self) -> dict[str, int]:
        """``{word: id}``."""
        return {w: i for i, w in enumerate(self.words)}

    def encode(self, words: Sequence[str]) -> list[int]:
        """The ids of ``words`` (:data:`UNK`'s id 1 for a word not in the vocabulary)."""
        index = self.index
        return [index.get(w, 1) for w in words]

    def encode_texts(self, texts: Iterable[str], length: int) -> np.ndarray:
        """Texts as a ``(len(texts), length)`` int32 array of ids, cut or padded with 0 at the end
        (the input of :func:`tfdl.models.text_cnn`)."""
        if not isinstance(length, (int, np.integer)) or length < 1:
            raise int_min_error("length", length, 1)
        texts = _texts(texts)
        out = np.zeros((len(texts), length), dtype="int32")
        for row, text in enumerate(texts):
            ids = self.encode(tokenize(text))[:length]
            out[row, : len(ids)] = ids
        return out
