"""Pairs, windows, the noise distribution U^{3/4}/Z (and what the TensorFlow sampler draws),
subsampling, character n-grams and their FNV-1a hashing."""

import numpy as np
import pytest

from tfdl.embeddings import (
    cbow_windows,
    char_ngrams,
    keep_probabilities,
    negative_sampling_dataset,
    ngram_bucket,
    noise_distribution,
    skipgram_pairs,
    subword_ids,
)


def test_noise_distribution_is_counts_to_the_three_quarters_normalised():
    counts = np.array([0, 0, 100, 10, 1, 37])
    z = (counts[2:] ** 0.75).sum()
    np.testing.assert_allclose(noise_distribution(counts), np.r_[0, 0, counts[2:] ** 0.75 / z], rtol=1e-12)
    np.testing.assert_allclose(noise_distribution(counts, power=1.0), counts / counts.sum(), rtol=1e-12)
    # the power flattens: the rare word gets more than its unigram share, the frequent one less
    p, unigram = noise_distribution(counts), counts / counts.sum()
    assert p[4] > unigram[4] and p[2] < unigram[2]
    with pytest.raises(ValueError, match="counts"):
        noise_distribution([0, 0])


def test_the_tensorflow_sampler_draws_from_the_noise_distribution():
    counts = np.array([0, 0, 60, 20, 5, 1])
    noise = noise_distribution(counts)
    inputs, observed = np.full((400, 1), 2, "int32"), np.arange(400, dtype="int32") % 4 + 2
    data = negative_sampling_dataset(inputs, observed, noise, negatives=25, batch_size=128, seed=3)
    drawn, epochs = [], []
    for _ in range(2):
        batches = list(data)
        epochs.append(np.concatenate([t.numpy()[:, 1:] for (_, t), _ in batches]))
        for (words, targets), labels in batches:
            np.testing.assert_array_equal(labels.numpy()[:, 0], 1)
            np.testing.assert_array_equal(labels.numpy()[:, 1:], 0)
            assert targets.shape[1] == 26 and words.shape[1] == 1
        drawn.append(epochs[-1].ravel())
    assert sorted(np.concatenate([t.numpy()[:, 0] for (_, t), _ in batches])) == sorted(observed)
    assert not np.array_equal(epochs[0], epochs[1])  # fresh negatives every epoch
    drawn = np.concatenate(drawn)
    freq = np.bincount(drawn, minlength=len(counts)) / len(drawn)
    assert freq[0] == freq[1] == 0  # padding and unknown are never drawn
    sigma = np.sqrt(noise * (1 - noise) / len(drawn))
    assert (np.abs(freq - noise) <= 4 * sigma + 1e-12).all(), (freq, noise)


def test_fasttext_batches_carry_the_centre_words_ngram_rows():
    subwords = np.array([[0, 0], [0, 0], [5, 6], [7, 0]], "int32")
    data = negative_sampling_dataset(
        np.array([[2], [3]], "int32"),
        np.array([3, 2], "int32"),
        noise_distribution([0, 0, 1, 1]),
        negatives=1,
        batch_size=2,
        seed=0,
        subwords=subwords,
    )
    (words, targets), _ = next(iter(data))
    for row, target in zip(words.numpy(), targets.numpy()[:, 0]):
        centre = 3 if target == 2 else 2
        np.testing.assert_array_equal(row, subwords[centre])


def test_skipgram_pairs_and_cbow_windows_match_a_brute_force_listing():
    sentences = [[2, 3, 4, 5], [6], [7, 8]]
    expected = [
        (s[i], s[j]) for s in sentences for i in range(len(s)) for j in range(len(s)) if i != j and abs(i - j) <= 2
    ]
    assert sorted(map(tuple, skipgram_pairs(sentences, window=2).tolist())) == sorted(expected)
    contexts, targets = cbow_windows(sentences, window=2)
    assert targets.tolist() == [2, 3, 4, 5, 7, 8]  # the one-word sentence has no neighbours
    assert contexts.tolist() == [[3, 4, 0, 0], [2, 4, 5, 0], [2, 3, 5, 0], [3, 4, 0, 0], [8, 0, 0, 0], [7, 0, 0, 0]]


def test_keep_probabilities_follow_word2vec_formula():
    counts = np.array([0, 900, 90, 9, 1])
    f = counts / counts.sum()
    t = 1e-2
    expected = np.minimum(1.0, (np.sqrt(f[1:] / t) + 1) * t / f[1:])
    np.testing.assert_allclose(keep_probabilities(counts, t), np.r_[1.0, expected])
    assert keep_probabilities(counts, t)[1] < 0.2 and keep_probabilities(counts, t)[4] == 1.0


def test_char_ngrams_follow_the_fasttext_paper_and_hash_with_fnv1a():
    # Bojanowski et al. 2017: "where", n = 3 → <wh, whe, her, ere, re>, plus the special sequence <where>
    assert char_ngrams("where", 3, 3) == ["<wh", "whe", "her", "ere", "re>", "<where>"]
    grams = char_ngrams("where")  # n = 3..6
    assert len(grams) == 5 + 4 + 3 + 2 + 1 and "<wher" in grams and "where>" in grams
    # FNV-1a 32-bit reference values (Fowler–Noll–Vo test vectors)
    assert ngram_bucket("", 2**32) == 0x811C9DC5
    assert ngram_bucket("a", 2**32) == 0xE40C292C
    assert ngram_bucket("foobar", 2**32) == 0xBF9CF968
    ids = subword_ids(["ab", "where"], buckets=100)
    assert ids.shape == (2, 15) and (ids[0, 6:] == 0).all() and (ids[1] >= 1).all() and (ids <= 100).all()
    assert ids[1, -1] == 1 + ngram_bucket("<where>", 100)
    with pytest.raises(ValueError, match="min_n"):
        char_ngrams("word", 4, 3)
