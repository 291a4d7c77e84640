"""Architectures page, sequence and text models: their own input settings (no image size), the
input/output described, parameters equal to Keras' count_params(), and the link keeps the right settings."""

import re

import pytest

from tests.playground.pages import open_page


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def _digits(text):
    return int(re.sub(r"\D", "", text))


@pytest.fixture(scope="module")
def counts():
    from tfdl.models import create_model

    return {
        "text_cnn": create_model("text_cnn", input_shape=(20,), vocab_size=300).count_params(),
        "crnn": create_model("crnn", input_shape=(64, 20)).count_params(),
    }


def test_text_cnn_takes_length_and_vocabulary_and_the_link_keeps_them(counts):
    at = open_page("architectures", query={"arch_model": "text_cnn", "arch_t": "20", "arch_v": "300"}, timeout=240)
    assert not at.exception and not at.error
    assert _digits(_metric(at, "Parameters")) == counts["text_cnn"]  # 96,902
    assert {n.key for n in at.number_input} == {"arch_t", "arch_v"}  # no height/width/channels
    text = " ".join(m.value for m in at.markdown)
    assert "T = 20 token ids from a vocabulary of V = 300" in text and "many-to-one" in text
    table = at.dataframe[0].value
    assert table[table["name"] == "embedding"].iloc[0]["parameters"] == 300 * 64
    assert table[table["name"] == "conv3"].iloc[0]["output shape"] == "(18, 100)"
    assert "max_over_time5" in at.get("graphviz_chart")[0].proto.spec
    assert at.session_state["_link_query"] == {"arch_model": "text_cnn", "arch_t": "20", "arch_v": "300"}
    at.selectbox(key="arch_model").set_value("sequence_tagger").run()  # its own defaults, its own settings
    assert not at.exception
    assert {n.key: n.value for n in at.number_input} == {"arch_t": 50, "arch_f": 8}
    assert "many-to-many" in " ".join(m.value for m in at.markdown)
    assert at.session_state["_link_query"] == {"arch_model": "sequence_tagger"}


def test_crnn_in_russian_counts_its_parameters(counts):
    at = open_page(
        "architectures", query={"arch_model": "crnn", "arch_t": "64", "arch_f": "20"}, lang="ru", timeout=240
    )
    assert not at.exception and not at.error
    assert _digits(_metric(at, "Параметры")) == counts["crnn"]
    assert any(m.label == "FLOPs на вход" for m in at.metric)
    text = " ".join(m.value for m in at.markdown)
    assert "T = 64 шагов" in text and "F = 20 признаков" in text and "многие-к-одному" in text
    assert {n.key for n in at.number_input} == {"arch_t", "arch_f"}
