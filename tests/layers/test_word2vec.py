"""The negative-sampling loss and its gradients against a numpy transcription of the formulas,
for skip-gram (h = v_c), CBOW (h = mean of the window's v) and fastText (h = Σ of n-gram rows)."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
import tensorflow as tf

from tfdl.embeddings import word2vec_model
from tfdl.layers import BagEmbedding, NegativeSamplingScores
from tfdl.losses import negative_sampling_loss
from tfdl.testing import check_model


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _numpy_loss_and_grads(v, u, words, targets, combiner):
    """L = mean_b [−log σ(u_o·h) − Σ_k log σ(−u_{n_k}·h)] and dL/dv, dL/du, written out per example."""
    dv, du, total = np.zeros_like(v), np.zeros_like(u), 0.0
    batch = len(words)
    for ids, (o, *negs) in zip(words, targets):
        ids = [i for i in ids if i != 0]
        weight = 1.0 / len(ids) if combiner == "mean" else 1.0
        h = weight * v[ids].sum(axis=0)
        s_o, s_n = u[o] @ h, np.array([u[n] @ h for n in negs])
        total += -np.log(_sigmoid(s_o)) - np.log(_sigmoid(-s_n)).sum()
        dh = (_sigmoid(s_o) - 1.0) * u[o] + sum(_sigmoid(s) * u[n] for s, n in zip(s_n, negs))
        for i in ids:
            dv[i] += weight * dh / batch
        du[o] += (_sigmoid(s_o) - 1.0) * h / batch
        for s, n in zip(s_n, negs):
            du[n] += _sigmoid(s) * h / batch
    return total / batch, dv, du


@pytest.mark.parametrize("architecture", ["skipgram", "cbow", "fasttext"])
def test_loss_and_gradients_match_numpy_transcription(architecture):
    rng = np.random.default_rng(1)
    vocab, dim, buckets = 9, 4, 12
    model = word2vec_model(vocab, dim, architecture, window=2, buckets=buckets)
    table, scores_layer = model.get_layer("centre_vectors"), model.get_layer("context_vectors")
    v = rng.normal(0, 0.5, table.embeddings.shape)
    u = rng.normal(0, 0.5, scores_layer.embeddings.shape)
    table.embeddings.assign(v)
    scores_layer.embeddings.assign(u)
    if architecture == "skipgram":
        words = rng.integers(2, vocab, (6, 1))
    elif architecture == "cbow":
        words = rng.integers(2, vocab, (6, 4))
        words[0, 2:] = 0  # a window cut by the sentence's end: padding adds nothing
    else:
        words = rng.integers(1, buckets + 1, (6, 5))
        words[1, 3:] = 0
    # the observed word, then 3 negatives; a repeated negative and a negative equal to o accumulate
    targets = rng.integers(2, vocab, (6, 4))
    targets[2, 2] = targets[2, 3]
    targets[3, 1] = targets[3, 0]
    labels = np.array([[1, 0, 0, 0]] * 6, "float32")

    with tf.GradientTape() as tape:
        scores = model([words.astype("int32"), targets.astype("int32")])
        loss = tf.reduce_mean(negative_sampling_loss(labels, scores))
    grads = [tf.convert_to_tensor(g).numpy() for g in tape.gradient(loss, [table.embeddings, scores_layer.embeddings])]
    expected_loss, dv, du = _numpy_loss_and_grads(v, u, words, targets, "mean" if architecture == "cbow" else "sum")
    np.testing.assert_allclose(float(loss), expected_loss, rtol=1e-5)
    np.testing.assert_allclose(grads[0], dv, atol=1e-6)
    np.testing.assert_allclose(grads[1], du, atol=1e-6)
    # the compiled loss of model.fit is the same number
    model.compile(optimizer="sgd", loss=negative_sampling_loss)
    assert np.isclose(model.evaluate([words, targets], labels, verbose=0, batch_size=6), expected_loss, rtol=1e-5)


def test_loss_is_the_sum_of_binary_cross_entropies_and_is_stable():
    s = np.array([[3.0, -2.0, 0.5], [-80.0, 90.0, 0.0]], "float32")
    y = np.array([[1, 0, 0], [1, 0, 0]], "float32")
    bce = keras.losses.binary_crossentropy(y[..., None], s[..., None], from_logits=True)
    np.testing.assert_allclose(negative_sampling_loss(y, s), np.sum(bce, axis=-1), rtol=1e-6)
    assert np.isfinite(negative_sampling_loss(y, s)).all()  # large scores: softplus, no log(0)


def test_layers_validate_and_the_models_round_trip(tmp_path):
    with pytest.raises(ValueError, match="combiner"):
        BagEmbedding(5, 2, combiner="max")
    with pytest.raises(ValueError, match="embedding_dim"):
        NegativeSamplingScores(5, 3)([np.ones((1, 2), "float32"), np.array([[1, 2]])])
    with pytest.raises(ValueError, match="architecture"):
        word2vec_model(5, 2, "glove")
    rng = np.random.default_rng(0)
    for architecture, width in (("skipgram", 1), ("cbow", 4), ("fasttext", 6)):
        model = word2vec_model(10, 4, architecture, buckets=20)
        model.get_layer("context_vectors").embeddings.assign(rng.normal(size=(10, 4)))
        words = rng.integers(1, 10, (3, width)).astype("int32")
        targets = rng.integers(2, 10, (3, 3)).astype("int32")
        model.compile(optimizer="adam", loss=negative_sampling_loss)
        labels = np.array([[1, 0, 0]] * 3, "float32")
        report = check_model(model, [words, targets], targets=labels, tmp_path=tmp_path)
        assert report["loaded"].loss is negative_sampling_loss  # registered: found again in safe mode
