"""Sequences › Text classification: the estimate, a text CNN trained live (curves, a typed sentence with an
unknown word, static embeddings unchanged, the link, then Russian), and the many-to-many tagger."""

import numpy as np

from tests.playground.pages import open_page


def test_text_cnn_trains_reads_a_typed_sentence_and_static_stays_frozen():
    at = open_page("sequences", state={"tc_n": 80, "tc_epochs": 2, "tc_filters": 4, "tc_emb": "static"}, timeout=600)
    assert not at.exception
    assert "Text classification" in [t.label for t in at.tabs]
    assert any(c.value.startswith("Estimated training time") for c in at.caption)
    at.button(key="tc_train").click().run()
    assert not at.exception and not at.error
    [run] = at.session_state["tc_runs"].values()
    assert len(run.history) == 2 and run.model.get_layer("embedding").trainable is False
    np.testing.assert_array_equal(run.model.get_layer("embedding").get_weights()[0], run.initial_embedding)
    assert at.get("vega_lite_chart")  # the accuracy curves
    captions = " ".join(c.value for c in at.caption)
    assert "Held-out accuracy after 2 epochs" in captions and "exactly 0" in captions
    read = [m.value for m in at.markdown if "the network read" in m.value]
    assert read and "~~zebra~~" in read[0]  # an unknown word, read as <unk>
    probabilities = [d.value for d in at.dataframe if "probability" in d.value.columns][0]["probability"]
    assert abs(probabilities.sum() - 1) < 1e-5
    link = {k: v for k, v in at.session_state["_link_query"].items() if k != "lang"}  # lang: see test_sequences_page
    assert link == {"tc_n": "80", "tc_epochs": "2", "tc_filters": "4", "tc_emb": "static"}
    at.session_state["lang"] = "ru"  # the trained run stays (its sentences' language is a setting); Russian texts
    at.run()
    assert not at.exception
    assert "Классификация текстов" in [t.label for t in at.tabs]
    assert any("сеть прочитала" in m.value and "~~zebra~~" in m.value for m in at.markdown)


def test_the_tagger_tags_every_word():
    at = open_page("sequences", state={"tg_epochs": 1, "tg_bi": False}, timeout=600)
    at.button(key="tg_train").click().run()
    assert not at.exception and not at.error
    [run] = at.session_state["tg_runs"].values()
    assert run.model.output_shape[1:] == (run.length, 6)
    table = [d.value for d in at.dataframe if "zebra (<unk>)" in d.value.to_numpy().ravel().tolist()][0]
    assert table.shape[1] == 5  # one tag per word of "the zebra was not good"
    assert any("Held-out accuracy over words" in c.value for c in at.caption)
