"""Sequence models: registry metadata, forward/backward/save round trip, seq2seq inference."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.models import create_model, list_models, model_info
from tfdl.models.sequence import (
    crnn,
    rnn_classifier,
    seq2seq,
    seq2seq_inference,
    sequence_tagger,
    text_cnn,
)
from tfdl.testing import check_model

SEQ_MODELS = ["crnn", "rnn_classifier", "seq2seq", "sequence_tagger", "text_cnn"]


def _inputs_for(name, shape, seed=0):
    rng = np.random.default_rng(seed)
    if name == "seq2seq":
        return [rng.integers(1, 16, size=(2,) + tuple(s)).astype("int32") for s in shape]
    if name == "text_cnn":
        return rng.integers(0, 1000, size=(2,) + tuple(shape)).astype("int32")
    return rng.normal(size=(2,) + tuple(shape)).astype("float32")


def test_registered_with_small_inputs():
    names = list_models(task="sequence")
    assert set(SEQ_MODELS) <= set(names)
    for name in SEQ_MODELS:
        info = model_info(name)
        assert info.small_input is not None and info.task == "sequence"


@pytest.mark.parametrize("name", SEQ_MODELS)
def test_round_trip_on_small_input(name, tmp_path):
    info = model_info(name)
    model = create_model(name, input_shape=info.small_input)
    check_model(model, _inputs_for(name, info.small_input), tmp_path=tmp_path,
                allow_zero_gradients=("embedding",))


@pytest.mark.parametrize("kw", [
    dict(cell="gru", attention="bahdanau", reverse_source=True),
    dict(cell="rnn", attention="luong", luong_score="dot"),
    dict(cell="lstm", attention=None),
    dict(cell="lstm", attention="bahdanau", bidirectional_encoder=True),
], ids=["gru_bahdanau_rev", "rnn_luong_dot", "lstm_plain", "lstm_bahdanau_birnn"])
def test_seq2seq_variants_round_trip_and_inference_matches_teacher_forcing(kw, tmp_path):
    model = seq2seq(12, 11, embedding_dim=8, units=16, **kw)
    src = np.array([[4, 5, 6, 7], [8, 9, 0, 0]], "int32")
    tgt = np.array([[1, 4, 5, 6], [1, 8, 9, 0]], "int32")
    check_model(model, [src, tgt], tmp_path=tmp_path, allow_zero_gradients=("embedding",))
    logits = np.asarray(model([src, tgt]))
    inf = seq2seq_inference(model)
    h, mask, keys, states = inf.encode(src)
    for i in range(3):  # the step model reproduces the teacher-forced logits
        step_logits, alpha, states = inf.step(tgt[:, i], h, mask, keys, states)
        np.testing.assert_allclose(step_logits, logits[:, i], atol=1e-5)
        if kw["attention"]:
            a = np.asarray(alpha)
            np.testing.assert_allclose(a.sum(-1), 1.0, atol=1e-5)
            # padding of the second source gets no attention (reversed source: at the front)
            pad = a[1, :2] if kw.get("reverse_source") else a[1, 2:]
            np.testing.assert_array_equal(pad, 0.0)


def test_encoder_and_decoder_have_separate_parameters_and_masked_loss():
    model = seq2seq(10, 10, units=8, embedding_dim=4)
    enc, dec = model.get_layer("encoder"), model.get_layer("decoder")
    assert not {id(w) for w in enc.weights} & {id(w) for w in dec.weights}
    src = np.array([[4, 5, 6]], "int32")
    tgt = np.array([[1, 4, 0]], "int32")
    y = model([src, tgt])
    assert getattr(y, "_keras_mask", None) is not None  # padding is masked in the loss


def test_builders_shapes_and_errors():
    assert rnn_classifier((12, 4), bidirectional=True, classes=3).output_shape == (None, 3)
    assert rnn_classifier((12,), vocab_size=20, classes=3).output_shape == (None, 3)
    assert sequence_tagger((12, 4), classes=3).output_shape == (None, 12, 3)
    assert crnn((16, 4), classes=3).output_shape == (None, 3)
    m = text_cnn((12,), vocab_size=30, embedding_dim=8, embeddings="static",
                 embedding_matrix=np.ones((30, 8)))
    assert not m.get_layer("embedding").trainable
    np.testing.assert_array_equal(m.get_layer("embedding").get_weights()[0], 1.0)
    assert [m.get_layer(f"conv{w}").kernel_size for w in (3, 4, 5)] == [(3,), (4,), (5,)]
    assert text_cnn((12,), embeddings="non-static").get_layer("embedding").trainable
    with pytest.raises(ValueError, match="attention"):
        seq2seq(attention="luong2")
    with pytest.raises(ValueError, match="cell"):
        rnn_classifier(cell="tcn")
    with pytest.raises(ValueError, match="embeddings"):
        text_cnn(embeddings="frozen")
    with pytest.raises(ValueError, match="input_shape"):
        text_cnn((4,))
    with pytest.raises(ValueError, match="model"):
        seq2seq_inference(rnn_classifier((12, 4)))
