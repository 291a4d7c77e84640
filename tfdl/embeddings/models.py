"""word2vec (skip-gram, CBOW) and fastText as small functional Keras models.

Each model maps ``[words, targets]`` to scores ``(batch, 1 + k)``: ``words`` is what makes ``h``
(skip-gram: the centre word; CBOW: the ids of the window, 0-padded; fastText: the n-gram rows of
the centre word), ``targets`` the observed word followed by ``k`` negatives. Train it with
:func:`tfdl.losses.negative_sampling_loss` and labels ``(1, 0, …, 0)``
(:func:`tfdl.embeddings.train_word_vectors` does all of it).

Layers (:mod:`tfdl.layers.word2vec`) are named ``centre_vectors`` (the table of ``v``, or
fastText's n-gram table) and ``context_vectors`` (the table of ``u``). Keras is imported when a
model is built.

Example:
    >>> from tfdl.embeddings.models import word2vec_model
    >>> word2vec_model(100, 16, "cbow", window=2).output_shape
    (None, None)
"""

from __future__ import annotations

from tfdl.validation import check_int, one_of_error

__all__ = ["ARCHITECTURES", "word2vec_model"]

#: the models of :func:`word2vec_model`
ARCHITECTURES = ("skipgram", "cbow", "fasttext")


def word2vec_model(
    vocab_size: int,
    embedding_dim: int = 32,
    architecture: str = "skipgram",
    window: int = 2,
    buckets: int = 10_000,
    name: str | None = None,
):
    """A skip-gram, CBOW or fastText model with negative sampling.

    Formula: ``s_j = u_{t_j} · h`` with ``h = v_c`` (skip-gram), ``h = mean_{w in window} v_w``
    (CBOW) or ``h = Σ_{g in n-grams(c)} z_g`` (fastText).

    Args:
        vocab_size: words (rows of ``u``, and of ``v`` for word2vec), the reserved ids 0 and 1 included.
        embedding_dim: ``d``.
        architecture: ``"skipgram"``, ``"cbow"`` or ``"fasttext"``.
        window: neighbours on each side (CBOW's input has ``2·window`` ids).
        buckets: fastText's hashing buckets (its n-gram table has ``buckets + 1`` rows).
        name: the model's name (default: the architecture).

    Returns:
        ``keras.Model`` with inputs ``words`` and ``targets`` and the scores as output.

    Papers: Mikolov et al., "Distributed Representations of Words and Phrases and their
    Compositionality", 2013; Bojanowski et al., "Enriching Word Vectors with Subword Information", 2017.
    """
    import keras

    from tfdl.layers.word2vec import BagEmbedding, NegativeSamplingScores

    if architecture not in ARCHITECTURES:
        raise one_of_error("architecture", architecture, ARCHITECTURES)
    window = check_int(window, "window", 1)
    length = {"skipgram": 1, "cbow": 2 * window, "fasttext": None}[architecture]
    words = keras.Input((length,), dtype="int32", name="words")
    targets = keras.Input((None,), dtype="int32", name="targets")
    if architecture == "fasttext":
        table = BagEmbedding(check_int(buckets, "buckets", 1) + 1, embedding_dim, "sum", name="centre_vectors")
    else:
        table = BagEmbedding(
            vocab_size, embedding_dim, "mean" if architecture == "cbow" else "sum", name="centre_vectors"
        )
    scores = NegativeSamplingScores(vocab_size, embedding_dim, name="context_vectors")([table(words), targets])
    return keras.Model([words, targets], scores, name=name or architecture)
