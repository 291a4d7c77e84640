"""Trained word vectors and what to do with them: nearest neighbours, analogies, a 2-D map.

- similar words: the nearest vectors by cosine ``cos(a, b) = a·b / (‖a‖ ‖b‖)``;
- analogies (word forms and relations differ by about one direction): ``a − b + c``, e.g.
  ``king − man + woman ≈ queen``, on unit vectors, the three input words excluded (Mikolov et al.);
- the vocabulary on a plane: PCA of the unit vectors (``X_c = U Σ Vᵀ``, points ``X_c V_{:, :2}``);
- a text CNN's embedding table: :meth:`WordVectors.embedding_matrix` (Kim's "static" and
  "non-static" modes of :func:`tfdl.models.text_cnn`).

numpy only: the vectors are read out of the trained model (:func:`tfdl.embeddings.train_word_vectors`).

Example:
    >>> import numpy as np
    >>> from tfdl.embeddings.text import PAD, UNK, Vocabulary
    >>> from tfdl.embeddings.vectors import WordVectors
    >>> vocab = Vocabulary.build([["a", "b", "c"]])
    >>> wv = WordVectors(vocab, np.array([[0, 0], [0, 0], [1, 0], [1, 0.1], [0, 1]], "float32"))
    >>> wv.nearest("a", k=1)
    [('b', 0.995)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from tfdl.embeddings.sampling import subword_ids
from tfdl.embeddings.text import PAD, UNK, Vocabulary
from tfdl.errors import TfdlValueError
from tfdl.validation import check_int

__all__ = ["SubwordTable", "WordVectors", "cosine_similarities", "project_2d"]


def cosine_similarities(matrix, vector) -> np.ndarray:
    """``cos(m_i, x)`` for every row ``m_i`` of ``matrix`` (0 for a zero row or a zero ``x``)."""
    m = np.asarray(matrix, dtype="float64")
    x = np.asarray(vector, dtype="float64")
    norms = np.linalg.norm(m, axis=1) * np.linalg.norm(x)
    dots = m @ x
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def project_2d(vectors) -> np.ndarray:
    """PCA to 2-D by SVD: ``X_c = X − mean = U Σ Vᵀ``, points ``X_c V_{:, :2}`` (signs fixed so the
    largest entry of each direction is positive).

    Returns:
        float32 ``(N, 2)`` (the second column 0 when the data have one direction only).
    """
    x = np.asarray(vectors, dtype="float64")
    if x.ndim != 2 or len(x) < 2:
        raise TfdlValueError(
            "project_points", "`vectors` must be a 2-D array of at least 2 rows. Received: shape={shape}", shape=x.shape
        )
    xc = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(xc, full_matrices=False)
    v = vt[:2].T
    signs = np.sign(v[np.abs(v).argmax(axis=0), np.arange(v.shape[1])])
    z = xc @ (v * np.where(signs == 0, 1.0, signs))
    if z.shape[1] < 2:
        z = np.pad(z, ((0, 0), (0, 2 - z.shape[1])))
    return z.astype("float32")


@dataclass(frozen=True)
class SubwordTable:
    """fastText's n-gram vectors: a word's vector is the sum of the rows of its n-grams.

    Attributes:
        table: ``(buckets + 1, d)`` float32; row 0 is padding.
        buckets, min_n, max_n: the hashing of :func:`tfdl.embeddings.sampling.subword_ids`.
    """

    table: np.ndarray
    buckets: int
    min_n: int = 3
    max_n: int = 6

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """``(len(words), d)``: ``Σ_g z_g`` over the n-grams of each word, known or not."""
        ids = subword_ids(list(words), self.buckets, self.min_n, self.max_n)
        return self.table[ids].sum(axis=1) if len(words) else np.zeros((0, self.table.shape[1]), "float32")


@dataclass(frozen=True)
class WordVectors:
    """Word vectors with their vocabulary (what :func:`tfdl.embeddings.train_word_vectors` returns).

    Attributes:
        vocabulary: the words and their counts (ids 0 and 1 are padding and unknown).
        vectors: ``(len(vocabulary), d)`` centre vectors ``v`` (fastText: the sums of n-gram vectors).
        context_vectors: ``(len(vocabulary), d)`` context vectors ``u`` (``None`` if not kept).
        architecture: ``"skipgram"``, ``"cbow"`` or ``"fasttext"``.
        subwords: fastText's n-gram table (vectors for unseen words), else ``None``.
        losses: the mean training loss of each epoch.
    """

    vocabulary: Vocabulary
    vectors: np.ndarray
    context_vectors: np.ndarray | None = None
    architecture: str = "skipgram"
    subwords: SubwordTable | None = None
    losses: list = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """The words that have vectors, most frequent first (the reserved ids left out)."""
        return list(self.vocabulary.words[2:])

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def has_vector(self, word: str) -> bool:
        """Whether :meth:`vector` can give ``word`` a vector (any word for fastText)."""
        return self.subwords is not None or word in self.vocabulary.index and self.vocabulary.index[word] > 1

    def vector(self, word: str) -> np.ndarray:
        """The vector of ``word``; fastText builds one for a word it never saw from its n-grams."""
        index = self.vocabulary.index.get(word, 0)
        if index > 1:
            return self.vectors[index]
        if self.subwords is not None:
            return self.subwords.vectors([word])[0]
        raise TfdlValueError(
            "word_unknown",
            "The word {word!r} is not in the vocabulary of {n} words (a {architecture} model has no vector for it).",
            word=word,
            n=len(self.words),
            architecture=self.architecture,
        )

    def _ranked(self, query, k: int, exclude: Sequence[str]) -> list[tuple[str, float]]:
        k = check_int(k, "k", 1)
        sims = cosine_similarities(self.vectors, query)
        sims[:2] = -np.inf
        index = self.vocabulary.index
        for word in exclude:
            if word in index:
                sims[index[word]] = -np.inf
        order = [i for i in np.argsort(-sims, kind="stable") if np.isfinite(sims[i])][:k]
        return [(self.vocabulary.words[i], round(float(sims[i]), 4)) for i in order]

    def nearest(self, word, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` words of the vocabulary closest to ``word`` (a word or a vector) by cosine,
        nearest first, ``word`` itself left out: ``[(word, cosine), ...]``."""
        if isinstance(word, str):
            return self._ranked(self.vector(word), k, [word])
        return self._ranked(np.asarray(word, dtype="float64"), k, [])

    def analogy(self, a: str, b: str, c: str, k: int = 5) -> list[tuple[str, float]]:
        """Words closest to ``a − b + c`` (on unit vectors), the three inputs left out:
        ``analogy("king", "man", "woman")`` → ``queen`` first when the relation was learned."""
        unit = [self.vector(w) / max(np.linalg.norm(self.vector(w)), 1e-12) for w in (a, b, c)]
        return self._ranked(unit[0] - unit[1] + unit[2], k, [a, b, c])

    def similarity(self, a: str, b: str) -> float:
        """``cos(v_a, v_b)``."""
        return float(cosine_similarities(self.vector(a)[None], self.vector(b))[0])

    def projection(self, n_words: int | None = None) -> tuple[np.ndarray, list[str]]:
        """The ``n_words`` most frequent words (all by default) on a plane: PCA of their unit vectors
        (the geometry of the cosine, as the neighbours), ``(points (n, 2), words)``."""
        words = self.words if n_words is None else self.words[: check_int(n_words, "n_words", 2)]
        vectors = np.stack([self.vector(w) for w in words]).astype("float64")
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return project_2d(vectors / np.where(norms > 0, norms, 1.0)), words

    def embedding_matrix(self, vocabulary: Vocabulary | Sequence[str], seed: int = 0) -> np.ndarray:
        """The embedding table of a text model whose id ``i`` is ``vocabulary[i]``: its vector
        here, row 0 (padding) zero, and a small random row (scaled like the vectors) for a word
        without one. The ``embedding_matrix`` of :func:`tfdl.models.text_cnn`."""
        words = vocabulary.words if isinstance(vocabulary, Vocabulary) else list(vocabulary)
        rng = np.random.default_rng(seed)
        scale = float(np.std(self.vectors[2:])) if len(self.vectors) > 2 else 0.1
        out = rng.normal(0.0, scale, (len(words), self.dim)).astype("float32")
        for i, word in enumerate(words):
            if i == 0:
                out[i] = 0.0
            elif word not in (PAD, UNK) and self.has_vector(word):
                out[i] = self.vector(word)
        return out
