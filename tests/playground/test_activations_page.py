"""Activations & init page: curves, softplus, init statistics, an experiment, errors, Russian."""


import pytest

from tests.playground.pages import open_page

TIMEOUT = 180


def _page(**state):
    return open_page("activations", state=state, timeout=TIMEOUT)


def test_renders_curves_table_and_init_statistics():
    at = _page(act_depth=5, act_width=32)
    assert not at.exception and not at.error
    rows = at.table[0].value
    assert list(rows.iloc[:, 0]) == ["sigmoid", "tanh", "relu"]
    at.checkbox(key="act_show_elu").check().run()
    assert not at.exception
    assert "elu" in list(at.table[0].value.iloc[:, 0])
    last = at.dataframe[0].value  # last-layer statistics per initialiser
    assert list(last["initialisation"]) == ["zeros", "small", "xavier", "he"]
    assert last.set_index("initialisation").loc["zeros", "spread across units"] == 0.0


def test_bad_range_and_empty_choice_are_explained():
    at = _page(act_xmin=3.0, act_xmax=-3.0, act_depth=3, act_width=16)
    assert not at.exception
    assert any("x_max" in e.value for e in at.error)
    at = _page(act_show_sigmoid=False, act_show_tanh=False, act_show_relu=False, act_depth=3, act_width=16)
    assert not at.exception and at.error


@pytest.mark.slow
def test_experiment_runs_and_shows_a_table():
    at = _page(act_exp="relu_vs_tanh", act_epochs=1, act_depth=3, act_width=16)
    at.button(key="act_run").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[-1].value
    assert list(table["activation"]) == ["relu", "tanh"]
    assert table["final_train_error"].between(0, 1).all()
    # the epoch ratio next to AlexNet's, or (one epoch is often too few) why there is no ratio — never "nan×"
    ratio_told = any("AlexNet" in m.value and "nan" not in m.value for m in at.markdown)
    assert ratio_told or any("did not reach 25%" in w.value for w in at.warning)


def test_russian_and_shared_link():
    at = open_page("activations", timeout=TIMEOUT, run=False)
    at.session_state["lang"] = "ru"
    at.query_params["act_terms"] = "5"
    at.query_params["act_depth"] = "3"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Активации и инициализация"
    assert at.slider(key="act_terms").value == 5


@pytest.mark.slow
def test_experiment_table_in_russian(monkeypatch):
    from playground import i18n

    # AppTest formats a selectbox's value outside the script run, where the session's language is unknown
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    import pandas as pd

    # plain_vs_residual's table (its columns and values: tests/experiments/test_training.py); the button's
    # path is the English test's: training four nets again only to read Russian headers cost ~18 CPU-s
    table = pd.DataFrame({"depth": [2, 2, 16, 16], "kind": ["plain", "residual"] * 2,
                          "train_error": [0.10, 0.09, 0.31, 0.08], "test_error": [0.12, 0.11, 0.33, 0.10],
                          "final_loss": [0.3, 0.28, 0.9, 0.25], "seconds": [1.0, 1.1, 2.0, 2.2]})
    at = open_page("activations", timeout=TIMEOUT, run=False)
    at.session_state["lang"] = "ru"
    for key, value in dict(act_exp="plain_vs_residual", act_epochs=1, act_depth=3, act_width=16).items():
        at.session_state[key] = value
    at.session_state["act_results"] = {("plain_vs_residual", 1): table}
    at.run()
    assert not at.exception and not at.error
    table = at.dataframe[-1].value
    assert list(table.columns[:3]) == ["глубина", "сеть", "ошибка на обучении"]
    assert set(table["сеть"]) == {"обычная", "остаточная"}
    assert table["ошибка на обучении"].between(0, 1).all()
