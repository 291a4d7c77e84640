"""Nearest neighbours, analogies and the 2-D map of word vectors against brute-force numpy and
scikit-learn's PCA; fastText's n-gram sums; the text-CNN table; the word map figure."""

import numpy as np
import pytest

from tfdl.embeddings import PAD, UNK, SubwordTable, Vocabulary, WordVectors, project_2d, subword_ids


def _vectors(seed=0, n=12, d=5):
    rng = np.random.default_rng(seed)
    vocab = Vocabulary.build([[f"w{i}" for i in range(n) for _ in range(n - i)]])
    return WordVectors(vocab, rng.normal(size=(len(vocab), d)).astype("float32"))


def _cos(a, b):
    return a @ b / np.linalg.norm(a) / np.linalg.norm(b)


def test_nearest_is_the_brute_force_cosine_ranking_without_the_word_and_reserved_ids():
    wv = _vectors()
    got = wv.nearest("w3", k=4)
    sims = {w: _cos(wv.vector("w3"), wv.vector(w)) for w in wv.words if w != "w3"}
    expected = sorted(sims, key=lambda w: -sims[w])[:4]
    assert [w for w, _ in got] == expected
    np.testing.assert_allclose([s for _, s in got], [sims[w] for w in expected], atol=1e-4)
    assert not {PAD, UNK} & {w for w, _ in wv.nearest(wv.vector("w3"), k=20)}
    with pytest.raises(ValueError, match="not in the vocabulary") as info:
        wv.nearest("nope")
    assert info.value.code == "word_unknown"


def test_analogy_is_a_minus_b_plus_c_on_unit_vectors_excluding_the_inputs():
    # a planted parallelogram: queen = king − man + woman exactly
    vocab = Vocabulary.build([["king", "man", "woman", "queen", "apple", "pear"]])
    rng = np.random.default_rng(3)
    v = rng.normal(size=(len(vocab), 6))
    idx = vocab.index
    unit = {w: v[idx[w]] / np.linalg.norm(v[idx[w]]) for w in ("king", "man", "woman")}
    v[idx["queen"]] = unit["king"] - unit["man"] + unit["woman"]
    wv = WordVectors(vocab, v.astype("float32"))
    best = wv.analogy("king", "man", "woman", k=3)
    assert best[0][0] == "queen" and best[0][1] == pytest.approx(1.0, abs=1e-5)
    assert not {"king", "man", "woman"} & {w for w, _ in best}


def test_projection_is_pca_of_the_unit_vectors():
    from sklearn.decomposition import PCA

    wv = _vectors(n=20, d=6)
    points, words = wv.projection(15)
    assert words == wv.words[:15]
    x = np.stack([wv.vector(w) for w in words])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    ref = PCA(2).fit_transform(x)
    np.testing.assert_allclose(np.abs(points), np.abs(ref), atol=1e-5)  # PCA's signs are arbitrary
    with pytest.raises(ValueError, match="at least 2 rows"):
        project_2d(np.ones((1, 3)))


def test_fasttext_vectors_are_sums_of_ngram_rows_for_any_word():
    rng = np.random.default_rng(0)
    table = SubwordTable(rng.normal(size=(51, 4)).astype("float32"), buckets=50, min_n=3, max_n=4)
    ids = subword_ids(["where"], 50, 3, 4)[0]
    np.testing.assert_allclose(table.vectors(["where"])[0], table.table[ids[ids > 0]].sum(axis=0), rtol=1e-6)
    vocab = Vocabulary.build([["here", "there"]])
    wv = WordVectors(
        vocab, np.vstack([np.zeros((2, 4)), table.vectors(["here", "there"])]), architecture="fasttext", subwords=table
    )
    assert wv.has_vector("wherever") and wv.vector("wherever").shape == (4,)


def test_embedding_matrix_rows_follow_the_text_models_ids():
    wv = _vectors()
    text_vocab = Vocabulary.build([["w1", "unknown", "w5"]])
    m = wv.embedding_matrix(text_vocab, seed=1)
    assert m.shape == (len(text_vocab), wv.dim) and m.dtype == np.float32
    np.testing.assert_array_equal(m[0], 0.0)
    for word in ("w1", "w5"):
        np.testing.assert_array_equal(m[text_vocab.index[word]], wv.vector(word))
    assert np.abs(m[text_vocab.index["unknown"]]).sum() > 0  # a small random row


def test_word_map_figure_labels_every_word_and_marks_the_query():
    from tfdl.viz.embeddings import word_map_figure

    points = np.random.default_rng(0).normal(size=(30, 2))
    points[:5] = points[0] + 1e-3  # a tight cluster: labels are moved apart, with leader lines
    words = [f"word{i}" for i in range(30)]
    fig = word_map_figure(points, words, highlight="word0", neighbors=["word1", "word2"], title="map")
    texts = {t.get_text(): t for t in fig.axes[0].texts}
    assert set(texts) == set(words)
    assert texts["word0"].get_color() == "#d62728" and texts["word1"].get_color() == "#ff7f0e"
    ys = sorted(t.get_position()[1] for w, t in texts.items() if w in words[:5])
    assert min(np.diff(ys)) > 0  # no two labels of the cluster on one line
    with pytest.raises(ValueError, match="one row per word"):
        word_map_figure(points, words[:3])
