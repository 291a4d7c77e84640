"""Training word vectors: planted synonyms become nearest neighbours, fastText gives an unseen
misspelling a vector near the original word, the vectors initialise a text CNN (static: frozen,
non-static: fine-tuned), and the corpus checks, the progress sink and the cost model."""

import random

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.embeddings import (
    MAX_CORPUS_CHARS,
    Vocabulary,
    char_ngrams,
    check_corpus,
    count_training_examples,
    estimate_training_seconds,
    generate_corpus,
    load_corpus,
    skipgram_pairs,
    split_sentences,
    train_word_vectors,
)
from tfdl.models import text_cnn


def _planted_corpus(seed=0, n=240):
    """ "sofa" and "couch" always occur in the same contexts (either fills the same slot at random);
    "chair" shares some of them, the other words have their own."""
    rng = random.Random(seed)
    templates = [
        ("i sat on the {} in the living room", ["sofa", "couch"]),
        ("the soft {} stands by the window", ["sofa", "couch"]),
        ("we bought a new {} for the living room", ["sofa", "couch"]),
        ("i sat on the {} in the kitchen", ["chair"]),
        ("the wooden {} stands by the table", ["chair"]),
        ("the {} drives fast on the road", ["car", "truck"]),
        ("the {} flows into the sea", ["river"]),
        ("i baked fresh {} this morning", ["bread"]),
    ]
    return "\n".join(t.format(rng.choice(words)) for t, words in (rng.choice(templates) for _ in range(n)))


@pytest.mark.parametrize("architecture", ["skipgram", pytest.param("cbow", marks=pytest.mark.slow)])
def test_planted_synonyms_are_each_others_nearest_neighbours(architecture):
    wv = train_word_vectors(
        _planted_corpus(),
        architecture,
        embedding_dim=16,
        window=3,
        epochs=25,
        batch_size=128,
        learning_rate=0.02,
        seed=1,
    )
    assert wv.losses[-1] < wv.losses[0]
    assert wv.nearest("sofa", k=1)[0][0] == "couch", wv.nearest("sofa", k=4)
    assert wv.nearest("couch", k=1)[0][0] == "sofa", wv.nearest("couch", k=4)
    assert wv.similarity("sofa", "couch") > wv.similarity("sofa", "bread")


@pytest.mark.slow
def test_fasttext_gives_an_unseen_misspelling_a_vector_near_the_original():
    corpus = load_corpus("en")
    wv = train_word_vectors(corpus, "fasttext", embedding_dim=24, epochs=12, seed=0)
    misspelt, original = "princes", "princess"
    assert misspelt not in wv.vocabulary.index and original in wv.vocabulary.index
    # "random" words: those sharing no character trigram with the misspelling
    grams = set(char_ngrams(misspelt, 3, 3))
    unrelated = [w for w in wv.words if not grams & set(char_ngrams(w, 3, 3))]
    assert len(unrelated) > 40
    sim = wv.similarity(misspelt, original)
    assert sim > max(wv.similarity(misspelt, w) for w in unrelated), sim
    # skip-gram has no vector for it and says so
    plain = train_word_vectors(corpus, "skipgram", embedding_dim=8, epochs=1)
    with pytest.raises(ValueError, match="not in the vocabulary") as info:
        plain.vector(misspelt)
    assert info.value.code == "word_unknown"


@pytest.mark.parametrize("mode", ["static", "non-static"])
def test_vectors_initialise_text_cnn_static_frozen_non_static_fine_tuned(mode):
    corpus = _planted_corpus(n=60)
    wv = train_word_vectors(corpus, "skipgram", embedding_dim=8, epochs=2, batch_size=64)
    texts = ["i sat on the sofa", "the river flows into the sea", "the wooden chair", "a brand new word"]
    vocab = Vocabulary.build(split_sentences(" . ".join(texts)))
    matrix = wv.embedding_matrix(vocab)
    np.testing.assert_array_equal(matrix[0], 0.0)  # padding
    np.testing.assert_array_equal(matrix[vocab.index["sofa"]], wv.vector("sofa"))
    model = text_cnn(
        (8,),
        vocab_size=len(vocab),
        embedding_dim=8,
        widths=(2, 3),
        filters=4,
        num_classes=2,
        embeddings=mode,
        embedding_matrix=matrix,
    )
    before = model.get_layer("embedding").get_weights()[0].copy()
    np.testing.assert_array_equal(before, matrix)
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="sparse_categorical_crossentropy")
    model.fit(vocab.encode_texts(texts, 8), np.array([0, 1, 0, 1]), epochs=1, batch_size=4, verbose=0)
    after = model.get_layer("embedding").get_weights()[0]
    if mode == "static":
        np.testing.assert_array_equal(after, before)
        assert not model.get_layer("embedding").trainable_weights
    else:
        assert not np.array_equal(after, before)
        assert model.get_layer("conv2").get_weights()[0] is not None


def test_text_cnn_default_is_unchanged():
    """The embeddings' integration adds nothing to text_cnn's default build."""
    model = text_cnn()
    assert model.count_params() == 1000 * 64 + sum(100 * (w * 64 + 1) for w in (3, 4, 5)) + 300 * 2 + 2
    assert model.get_layer("embedding").trainable


def test_corpus_checks_speak_with_codes():
    with pytest.raises(ValueError, match="at most 20000 characters") as info:
        check_corpus("word " * 5000)
    assert info.value.code == "corpus_too_long" and info.value.params["n"] == 25000
    for empty in ("", "   \n ...", "one. two. three."):
        with pytest.raises(ValueError, match="no sentence") as info:
            check_corpus(empty)
        assert info.value.code == "corpus_empty"
    with pytest.raises(ValueError, match="too few") as info:
        train_word_vectors("spam spam. spam spam spam.", epochs=1)
    assert info.value.code == "corpus_too_small"
    assert len(load_corpus("en")) < MAX_CORPUS_CHARS and len(load_corpus("ru")) < MAX_CORPUS_CHARS


def test_shipped_corpora_are_the_generators_output():
    for lang in ("en", "ru"):
        assert load_corpus(lang) == generate_corpus(lang)
        assert 5_000 < len(load_corpus(lang)) < 15_000


def test_count_estimate_and_a_sink_that_stops():
    corpus = "the cat sat on the mat. the dog sat on the log"
    sentences = [Vocabulary.build(split_sentences(corpus)).encode(s) for s in split_sentences(corpus)]
    assert count_training_examples(corpus, "skipgram", window=2) == len(skipgram_pairs(sentences, 2))
    assert count_training_examples(corpus, "cbow", window=2) == sum(map(len, sentences))
    cheap = estimate_training_seconds(1000, 5, 5, 32)
    assert cheap < estimate_training_seconds(1000, 10, 5, 32) < estimate_training_seconds(1000, 10, 10, 32)
    assert estimate_training_seconds(1000, 5, 5, 32, "fasttext") > cheap

    class StopAfterOne:
        def __init__(self):
            self.seen = []

        def on_epoch_end(self, epoch, logs):
            self.seen.append((epoch, logs["loss"]))

        def should_stop(self):
            return bool(self.seen)

    sink = StopAfterOne()
    wv = train_word_vectors(corpus, epochs=5, sink=sink)
    assert len(wv.losses) == 1 and sink.seen == [(0, pytest.approx(wv.losses[0]))]
