"""Bag of words against scikit-learn's CountVectorizer; the tokenizer, sentences and vocabulary."""

import numpy as np
import pytest

from tfdl.embeddings import PAD, UNK, BagOfWords, Vocabulary, ngrams, split_sentences, tokenize

TEXTS = ["The cat sat on the mat.", "The dog sat; the dog ran!", "Кошка и собака, кошка-мурка.", "a cat, a dog"]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 3)])
@pytest.mark.parametrize("binary", [False, True])
def test_bag_of_words_matches_sklearn_count_vectorizer(ngram_range, binary):
    from sklearn.feature_extraction.text import CountVectorizer

    ours = BagOfWords(ngram_range=ngram_range, binary=binary)
    x = ours.fit_transform(TEXTS)
    ref = CountVectorizer(
        tokenizer=tokenize, token_pattern=None, lowercase=False, ngram_range=ngram_range, binary=binary
    )
    x_ref = ref.fit_transform(TEXTS).toarray()
    assert ours.vocabulary == list(ref.get_feature_names_out())
    np.testing.assert_array_equal(x, x_ref)
    new = ["the cat and the unknown zebra", "собака"]
    np.testing.assert_array_equal(ours.transform(new), ref.transform(new).toarray())


def test_bag_of_words_min_count_max_features_and_errors():
    bow = BagOfWords(min_count=2).fit(TEXTS)
    assert bow.vocabulary == ["a", "cat", "dog", "sat", "the"]  # "кошка-мурка" is one word: кошка once
    assert BagOfWords(max_features=2).fit(TEXTS).vocabulary == ["dog", "the"]  # the ×4, dog ×3, then ×2
    with pytest.raises(ValueError, match="not fitted"):
        BagOfWords().transform(["a"])
    with pytest.raises(ValueError, match="list of strings"):
        BagOfWords().fit("one string")
    with pytest.raises(ValueError, match="ngram_range"):
        BagOfWords(ngram_range=(2, 1))


def test_tokens_sentences_and_ngrams():
    assert tokenize("Don't STOP: 42 кота-мурлыки!") == ["don't", "stop", "42", "кота-мурлыки"]
    assert split_sentences("One two. Three!\n\nFour; five six") == [
        ["one", "two"],
        ["three"],
        ["four"],
        ["five", "six"],
    ]
    assert ngrams(["a", "b", "c"], 2, 3) == ["a b", "b c", "a b c"]


def test_vocabulary_counts_reserved_ids_and_encoding():
    vocab = Vocabulary.build([["b", "a", "b"], ["c", "a", "b"]])
    assert vocab.words == (PAD, UNK, "b", "a", "c")  # most frequent first, ties alphabetical
    np.testing.assert_array_equal(vocab.counts, [0, 0, 3, 2, 1])
    assert vocab.encode(["c", "zzz"]) == [4, 1]
    np.testing.assert_array_equal(vocab.encode_texts(["b c zzz", "a"], 2), [[2, 4], [3, 0]])
    assert Vocabulary.build([["b", "a", "b"]], min_count=2).words == (PAD, UNK, "b")

