"""tfdl.embeddings: word vectors from text — bag of words, word2vec (skip-gram, CBOW) with negative
sampling, fastText, and nearest neighbours / analogies / a 2-D map of the result.

- :mod:`.text`: tokenizer, sentences, :class:`Vocabulary`, :class:`BagOfWords` (numpy);
- :mod:`.corpus`: the small English and Russian corpora shipped with tfdl, the size checks;
- :mod:`.sampling`: (centre, context) pairs, CBOW windows, noise distribution ``U^{3/4}/Z``,
  subsampling, character n-grams and their hashing;
- :mod:`.layers`: the Keras layers :class:`BagEmbedding` (``v``, or fastText's n-gram sum) and
  :class:`NegativeSamplingScores` (``u``), and :func:`negative_sampling_loss`;
- :mod:`.models`: :func:`word2vec_model` (skip-gram, CBOW, fastText);
- :mod:`.training`: :func:`train_word_vectors` and its cost estimate;
- :mod:`.vectors`: :class:`WordVectors`: neighbours, analogies, PCA map, text-CNN embedding table.

Example:
    >>> from tfdl.embeddings import load_corpus, train_word_vectors
    >>> wv = train_word_vectors(load_corpus("en"), epochs=20)  # doctest: +SKIP
    >>> wv.analogy("king", "man", "woman", k=1)  # doctest: +SKIP
    [('queen', 0.8...)]
"""

from tfdl.embeddings.corpus import (
    CORPUS_EXAMPLES,
    CORPUS_LANGUAGES,
    MAX_CORPUS_CHARS,
    check_corpus,
    generate_corpus,
    load_corpus,
)
from tfdl.embeddings.layers import BagEmbedding, NegativeSamplingScores, negative_sampling_loss
from tfdl.embeddings.models import ARCHITECTURES, word2vec_model
from tfdl.embeddings.sampling import (
    FASTTEXT_BOUNDARY,
    cbow_windows,
    char_ngrams,
    keep_probabilities,
    ngram_bucket,
    noise_distribution,
    skipgram_pairs,
    subword_ids,
)
from tfdl.embeddings.text import PAD, UNK, BagOfWords, Vocabulary, ngrams, split_sentences, tokenize
from tfdl.embeddings.training import (
    COST_OVERHEAD_S,
    COST_PER_STEP_S,
    COST_PER_UNIT_S,
    count_training_examples,
    estimate_training_seconds,
    negative_sampling_dataset,
    train_word_vectors,
)
from tfdl.embeddings.vectors import SubwordTable, WordVectors, cosine_similarities, project_2d

__all__ = [
    "CORPUS_EXAMPLES",
    "CORPUS_LANGUAGES",
    "MAX_CORPUS_CHARS",
    "check_corpus",
    "generate_corpus",
    "load_corpus",
    "BagEmbedding",
    "NegativeSamplingScores",
    "negative_sampling_loss",
    "ARCHITECTURES",
    "word2vec_model",
    "FASTTEXT_BOUNDARY",
    "char_ngrams",
    "cbow_windows",
    "keep_probabilities",
    "ngram_bucket",
    "noise_distribution",
    "skipgram_pairs",
    "subword_ids",
    "PAD",
    "UNK",
    "BagOfWords",
    "Vocabulary",
    "ngrams",
    "split_sentences",
    "tokenize",
    "COST_OVERHEAD_S",
    "COST_PER_STEP_S",
    "COST_PER_UNIT_S",
    "count_training_examples",
    "estimate_training_seconds",
    "negative_sampling_dataset",
    "train_word_vectors",
    "SubwordTable",
    "WordVectors",
    "cosine_similarities",
    "project_2d",
]
