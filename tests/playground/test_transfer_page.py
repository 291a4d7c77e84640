"""The Transfer learning page: opens in both languages; one small run draws the two curves and the
numbers the library computed (transfer and scratch on the same images)."""

import pytest

pytest.importorskip("streamlit")

from tests.playground.pages import open_page


def test_the_page_trains_both_networks_and_draws_their_curves():
    at = open_page("transfer", query={"tl_shots": 1, "tl_epochs": 2, "tl_pretrain": 1, "tl_finetune": 1}, timeout=600)
    assert not at.exception and at.title[0].value == "Transfer learning"
    at.button(key="tl_run").click().run()
    assert not at.exception and not at.error
    ((accuracy, result),) = at.session_state["tl_results"].values()
    assert len(result.transfer) == len(result.scratch) == 3 and result.fine_tune_from == 3
    labels = [m.label for m in at.metric]
    assert labels == ["source network on 0–4", "transfer (0–4 → 5–9)", "from scratch"]
    assert at.metric[2].value.rstrip("%") == f"{100 * result.final()['scratch']:.1f}"


def test_the_page_speaks_russian():
    at = open_page("transfer", lang="ru")
    assert not at.exception and at.title[0].value == "Перенос обучения"
    assert at.button(key="tl_run").label == "Обучить обе и сравнить"
