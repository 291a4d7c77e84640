"""Text classification: static embeddings stay frozen, non-static move, a tiny fit is well above chance,
typed sentences with unknown words are read; a stacked RNN stacks its layers; recurrent MACs."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.data import make_text_classification
from tfdl.embeddings import Vocabulary, WordVectors
from tfdl.experiments import estimate_text_classifier_seconds, train_text_classifier
from tfdl.models import rnn_classifier
from tfdl.shapes import layer_macs


@pytest.fixture(scope="module")
def data():
    d = make_text_classification(300, "sentiment", "en", seed=0)
    return d.subset(slice(240)), d.subset(slice(240, None))


@pytest.fixture(scope="module")
def vectors(data):
    """Made-up 'pretrained' vectors for half the words (the other half gets random rows)."""
    words = sorted({w for t in data[0].texts for w in t.split()})[::2]
    vocab = Vocabulary(("<pad>", "<unk>", *words), np.array([0, 0] + [1] * len(words)))
    table = np.random.default_rng(0).normal(size=(len(vocab), 8)).astype("float32")
    return WordVectors(vocab, table)


@pytest.mark.parametrize("embeddings", ["static", "non-static"])
def test_static_embeddings_stay_frozen_and_non_static_move(data, vectors, embeddings):
    small = data[0].subset(slice(64)), data[1].subset(slice(16))
    run = train_text_classifier(*small, embeddings=embeddings, word_vectors=vectors, filters=4, epochs=1)
    table = run.model.get_layer("embedding").get_weights()[0]
    vocab = run.vocabulary
    known = [i for i, w in enumerate(vocab.words) if i > 1 and vectors.has_vector(w)]
    np.testing.assert_array_equal(
        run.initial_embedding[known], vectors.vectors[[vectors.vocabulary.index[vocab.words[i]] for i in known]]
    )
    assert run.coverage == pytest.approx(len(known) / (len(vocab) - 2))
    if embeddings == "static":
        np.testing.assert_array_equal(table, run.initial_embedding)
        assert not run.model.get_layer("embedding").trainable
    else:
        assert np.abs(table - run.initial_embedding).max() > 1e-3


def test_text_cnn_fit_is_well_above_chance_and_reads_unknown_words(data):
    run = train_text_classifier(*data, widths=(2, 3), filters=8, epochs=4)
    assert list(run.history.columns) >= ["epoch"] and len(run.history) == 4
    assert run.history["val_accuracy"].iloc[-1] > 0.8
    p = run.classify("My friend said the zebra was not GOOD, really not good at all")
    assert p.words[:6] == ("my", "friend", "said", "the", "zebra", "was") and len(p.words) == run.length
    assert p.known[4] is False or not p.known[4]
    assert p.truncated and p.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ValueError, match="text"):
        run.classify("!!!")
    assert estimate_text_classifier_seconds(run.model, 240, 60, 4) > 3.0
    with pytest.raises(ValueError, match="word_vectors"):
        train_text_classifier(*data, embeddings="static")


@pytest.mark.parametrize("k", [1, 3])
def test_rnn_classifier_stacks_k_layers_returning_sequences_but_the_last(k):
    model = rnn_classifier((7,), vocab_size=20, embedding_dim=4, units=5, num_layers=k, cell="gru")
    recurrent = [layer for layer in model.layers if type(layer).__name__ == "GRU"]
    assert len(recurrent) == k
    assert [layer.return_sequences for layer in recurrent] == [True] * (k - 1) + [False]
    assert [tuple(layer.output.shape) for layer in recurrent] == [(None, 7, 5)] * (k - 1) + [(None, 5)]


def test_recurrent_macs_count_every_kernel_weight_once_per_step():
    x = keras.Input((9, 6))
    lstm = keras.layers.LSTM(4, return_sequences=True)
    bi = keras.layers.Bidirectional(keras.layers.GRU(3))
    bi(lstm(x))
    assert layer_macs(lstm) == 9 * (6 * 16 + 4 * 16)  # T·(F·4u + u·4u)
    assert layer_macs(bi) == 9 * 2 * (4 * 9 + 3 * 9)  # both directions, 3 gates


def test_sequence_tagger_learns_a_tag_per_word():
    from tfdl.data import make_tagging_task
    from tfdl.experiments import train_sequence_tagger

    data = make_tagging_task(200, "en", seed=0)
    run = train_sequence_tagger(data.subset(slice(160)), data.subset(slice(160, None)), units=8, epochs=4)
    assert run.model.output_shape == (None, run.length, 6)  # many-to-many: one distribution per word
    assert run.history["val_accuracy"].iloc[-1] > 0.6  # over real words only; chance is about 1/6
    tagged = run.tag("the zebra was not good")
    assert [w for w, _, _ in tagged] == ["the", "zebra", "was", "not", "good"]
    assert [known for _, _, known in tagged] == [True, False, True, True, True]
