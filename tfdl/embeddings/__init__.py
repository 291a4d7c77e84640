"""tfdl.embeddings: word vectors from text — bag of words, word2vec (skip-gram, CBOW) with negative
sampling, fastText, and nearest neighbours / analogies / a 2-D map of the result.

- :mod:`.text`: tokenizer, sentences, :class:`Vocabulary`, :class:`BagOfWords` (numpy);
- :mod:`.corpus`: the small English and Russian corpora shipped with tfdl, the size checks;
- :mod:`.sampling`: (centre, context) pairs, CBOW windows, noise distribution ``U^{3/4}/Z``,
  subsampling, character n-grams and their hashing;
- :mod:`.models`: :func:`word2vec_model` (skip-gram, CBOW, fastText) from the Keras layers
  :class:`tfdl.layers.BagEmbedding` (``v``, or fastText's n-gram sum) and
  :class:`tfdl.layers.NegativeSamplingScores` (``u``), trained with :func:`tfdl.losses.negative_sampling_loss`;
- :mod:`.training`: :func:`train_word_vectors` and its cost estimate;
- :mod:`.vectors`: :class:`WordVectors`: neighbours, analogies, PCA map, text-CNN embedding table.

Importing the package loads no TensorFlow (the playground draws its settings without it): Keras
is imported when a model is built or trained.

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
