"""Sequences › Word embeddings: estimate and refusal, training on the shipped or a pasted corpus,
neighbours / analogy / map, fastText's vector for an unseen word, clear messages for an empty or
too long corpus and an unknown word, in both languages, and the link."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.playground.pages import open_page

TIMEOUT = 180
TINY = {"emb_epochs": 2, "emb_dim": 8, "seq_grad_steps": 8}


def _app(lang=None, query=None, **state) -> AppTest:
    return open_page("sequences", state={**TINY, **state}, query=query, lang=lang, timeout=TIMEOUT)


def _captions(at):
    return [c.value for c in at.caption]


def test_renders_with_an_estimate_and_refuses_too_long_a_training():
    at = _app()
    assert not at.exception and not at.error
    assert "Word embeddings" in [t.label for t in at.tabs]
    assert any("training examples per epoch" in c for c in _captions(at))
    assert not at.button(key="emb_train").disabled
    assert at.radio(key="emb_corpus").value == "en"  # the shipped corpus in the interface language
    at = _app(emb_epochs=300, emb_dim=128, emb_neg=20, emb_window=5, emb_arch="fasttext")
    assert any("over the 90 s limit" in w.value for w in at.warning)
    assert at.button(key="emb_train").disabled


@pytest.mark.slow
def test_train_then_neighbours_analogy_map_and_an_unknown_word():
    at = _app()
    at.button(key="emb_train").click().run()
    assert not at.exception and not at.error
    vectors = at.session_state["emb_result"]["vectors"]
    assert len(vectors.losses) == 2 and vectors.architecture == "skipgram"
    assert at.text_input(key="emb_word").value == "queen"
    tables = [d.value for d in at.dataframe]
    assert len(tables[0]) == 8 and "queen" not in list(tables[0]["word"])  # the word itself is left out
    assert list(tables[1]["word"]) == [w for w, _ in vectors.analogy("king", "man", "woman", k=5)]
    assert any("king − man + woman ≈" in m.value for m in at.markdown)
    at.text_input(key="emb_word").set_value("zebra").run()
    assert any("'zebra' is not in the vocabulary" in e.value for e in at.error)
    assert not at.exception


@pytest.mark.slow
def test_fasttext_on_the_russian_corpus_places_a_misspelling_and_says_so_in_russian():
    at = _app(lang="ru", emb_arch="fasttext")
    assert at.radio(key="emb_corpus").value == "ru"  # the shipped corpus in the interface language
    assert any("Обучающих примеров за эпоху" in c for c in _captions(at))
    # AppTest cannot send a Russian page's translated selectboxes back: train in English, read in Russian
    at = _app(emb_arch="fasttext", emb_corpus="ru")
    at.button(key="emb_train").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key="emb_word").value == "королева"
    at.text_input(key="emb_word").set_value("каролева").run()
    assert any("“каролева” is not in the vocabulary: fastText" in c for c in _captions(at))
    at.session_state["lang"] = "ru"
    at.run()
    assert any("Слова «каролева» нет в словаре: fastText" in c for c in _captions(at))
    assert len(at.dataframe[0].value) == 8 and not at.error and not at.exception


@pytest.mark.parametrize(
    "lang, words", [("en", "no sentence of two or more words"), ("ru", "нет ни одного предложения")]
)
def test_an_empty_pasted_corpus_is_explained(lang, words):
    at = _app(lang=lang, emb_corpus="pasted")
    assert not at.exception
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert at.button(key="emb_train").disabled


@pytest.mark.parametrize(
    "lang, words", [("en", "at most 20000 characters; it has 25000"), ("ru", "не больше 20000 символов, а в нём 25000")]
)
def test_a_too_long_corpus_from_a_link_is_refused(lang, words):
    at = _app(lang=lang, query={"emb_corpus": "pasted", "emb_text": "word " * 5000})
    assert not at.exception
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert at.button(key="emb_train").disabled


@pytest.mark.slow
def test_a_short_pasted_text_trains_and_travels_in_the_link():
    text = "\n".join(["the cat sat on the mat", "the dog sat on the rug", "a cat and a dog"] * 10)
    at = _app(query={"emb_corpus": "pasted", "emb_text": text, "emb_window": "3"})
    assert at.text_area(key="emb_text").value == text and at.slider(key="emb_window").value == 3
    at.button(key="emb_train").click().run()
    assert not at.exception and not at.error
    assert at.session_state["emb_result"]["corpus"] == "pasted"
    assert at.text_input(key="emb_word").value in at.session_state["emb_result"]["vectors"].words
    link = at.session_state["_link_query"]
    assert link["emb_text"] == text and link["emb_corpus"] == "pasted" and link["emb_window"] == "3"
