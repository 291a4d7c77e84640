"""Every training in the app says how long it will take and refuses a run over the budget
(``playground.limits.MAX_TRAIN_SECONDS``), saying what to change, in the user's language (issue 13:
the Train page's links of 500 epochs at batch 1, and of digits for 100 epochs at batch 1, ran past
two minutes)."""

import pytest

from playground import common
from tests.playground.pages import open_page

TIMEOUT = 180
RUSSIAN_LIMIT = "больше предела"


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize(
    ("query", "button", "advice"),
    [
        ({"train_epochs": "500", "train_batch": "1"}, "train_go", "use fewer epochs or a bigger batch"),
        (
            {"train_mode": "digits", "train_depochs": "100", "train_dbatch": "1"},
            "train_dgo",
            "use fewer epochs, a bigger batch or a smaller model",
        ),
    ],
    ids=["2d", "digits"],
)
def test_the_train_links_of_issue_13_are_refused_before_training(query, button, advice):
    at = open_page("train", query=query, timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    refusal = [w for w in _warnings(at) if "limit" in w]
    assert len(refusal) == 1 and advice in refusal[0] and "Estimated training time" in refusal[0]
    assert at.button(key=button).disabled
    assert "train_2d_result" not in at.session_state and "train_digits_result" not in at.session_state


def test_the_refusal_is_russian_on_a_russian_page():
    at = open_page("train", query={"train_epochs": "500", "train_batch": "1", "lang": "ru"}, lang="ru", timeout=TIMEOUT)
    assert not at.exception
    refusal = [w for w in _warnings(at) if RUSSIAN_LIMIT in w]
    assert len(refusal) == 1 and "уменьшите число эпох" in refusal[0], _warnings(at)


@pytest.mark.parametrize("query", [{}, {"train_mode": "digits"}], ids=["2d", "digits"])
def test_the_default_runs_show_their_estimate_and_may_start(query):
    at = open_page("train", query=query, timeout=TIMEOUT)
    assert not at.exception
    assert any("Estimated training time on this server" in c.value for c in at.caption)
    assert not any("limit" in w for w in _warnings(at))
    assert not at.button(key="train_dgo" if query else "train_go").disabled


def test_a_registered_model_too_dear_for_the_server_is_refused():
    at = open_page(
        "train", query={"train_mode": "digits", "train_dmodel": "resnet110", "train_depochs": "10"}, timeout=TIMEOUT
    )
    assert not at.exception
    assert any("a smaller model" in w for w in _warnings(at))


def test_the_inside_pages_own_model_goes_through_the_same_budget(monkeypatch):
    """Its largest settings (30 epochs at 28×28) stay under the budget; with a budget of one second
    the page refuses to train and says why, instead of training."""
    monkeypatch.setattr(common, "MAX_TRAIN_SECONDS", 1)
    at = open_page("inside", query={"in_size": "28", "in_epochs": "30"}, timeout=TIMEOUT)
    assert not at.exception
    assert at.title[0].value == "Inside a network"
    assert any("over the 1 s limit" in w and "use fewer epochs or smaller images" in w for w in _warnings(at))
    assert "inside_model" not in at.session_state
