"""Optimisers page: renders, every preset tells its story, divergence is announced, caching keeps
the slider cheap, settings come from the URL, and Russian works."""


import pytest

from tests.playground.pages import open_page

TIMEOUT = 180


def _table(at):
    """The summary table with the step columns (shown as text, "—" = never) back as numbers."""
    import pandas as pd

    table = at.dataframe[0].value.copy()
    for col in table.columns[2:]:
        table[col] = pd.to_numeric(table[col].replace("—", None), errors="coerce")
    return table


@pytest.fixture(scope="module")
def app():
    at = open_page("optimizers", timeout=TIMEOUT, run=False).run()
    assert not at.exception
    return at


def test_default_ravine_story_renders(app):
    at = app
    assert at.title[0].value == "Optimisers"
    assert not at.error
    table = _table(at)
    steps = table.filter(like="steps to").iloc[:, 0]
    assert steps["Momentum"] < steps["SGD"]  # momentum fixes the zig-zag
    assert len(at.get("image")) == 1  # the contour map with the paths
    # the loss curves: a chart to hover over, one line per optimiser of the table
    import json

    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == list(table.index)
    assert [t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]] == ["step", *table.index]


@pytest.mark.parametrize("preset, check", [
    ("saddle", lambda t, at: t.filter(like="steps to").iloc[:, 0]["Adam"] < 300
     and t.filter(like="steps to").iloc[:, 0].isna()["SGD"]),
    ("adagrad", lambda t, at: t.filter(like="steps to").iloc[:, 0].isna()["Adagrad"]
     and not t.filter(like="steps to").iloc[:, 0].isna()["RMSProp"]),
    ("too_large", lambda t, at: any("SGD diverged" in e.value for e in at.error)
     and not any("Adam" in e.value for e in at.error)),
    ("rosenbrock", lambda t, at: list(t.index) == ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"]),
    ("ravine", lambda t, at: not at.error),
])
def test_each_preset_runs_and_tells_its_story(app, preset, check):
    at = app
    at.selectbox(key="opt_preset").set_value(preset).run()
    assert not at.exception
    assert at.info, "the preset's story is explained"
    assert check(_table(at), at)


def test_divergent_custom_settings_show_a_message(app):
    at = app
    at.selectbox(key="opt_preset").set_value("too_large").run()
    at.number_input(key="opt_lr_sgd").set_value(3.0).run()
    assert not at.exception
    assert any("diverged" in e.value and "smaller η" in e.value for e in at.error)
    at.number_input(key="opt_lr_sgd").set_value(0.1).run()
    assert not at.exception and not at.error


def test_slider_redraws_without_recomputing(app, monkeypatch):
    import tfdl.trajectories as T

    calls = []
    original = T.run
    monkeypatch.setattr(T, "run", lambda *a, **k: calls.append(1) or original(*a, **k))
    at = app
    at.selectbox(key="opt_preset").set_value("ravine").run()
    at.slider(key="opt_view_step").set_value(20).run()
    at.number_input(key="opt_tol").set_value(0.01).run()
    assert not at.exception and calls == []  # cached: same paths
    at.number_input(key="opt_lr_sgd").set_value(0.02).run()
    assert not at.exception and calls == [1]  # a new η is a new path


def test_sgd_decay_schedule_changes_the_path(app):
    at = app
    at.selectbox(key="opt_preset").set_value("ravine").run()
    before = _table(at).iloc[0].copy()
    at.selectbox(key="opt_decay_sgd").set_value("inverse_time").run()
    at.number_input(key="opt_k_sgd").set_value(0.05).run()
    assert not at.exception
    after = _table(at).iloc[0]
    assert after.iloc[0] > before.iloc[0]  # a decaying step: SGD ends higher after 150 steps


def test_no_optimiser_is_an_error_not_a_traceback():
    at = open_page("optimizers", timeout=TIMEOUT, run=False)
    at.query_params["opt_preset"] = "custom"
    at.run()
    assert not at.exception
    assert any("at least one" in e.value for e in at.error)


def test_settings_come_from_the_url():
    at = open_page("optimizers", timeout=TIMEOUT, run=False)
    at.query_params.update({"opt_preset": "saddle", "opt_lr_adam": "0.05", "opt_steps": "120"})
    at.run()
    assert not at.exception
    assert at.session_state["opt_surface"] == "saddle" and at.session_state["opt_lr_adam"] == 0.05
    assert at.slider(key="opt_steps").value == 120


def test_out_of_range_link_values_are_clamped_not_crashing():
    at = open_page("optimizers", timeout=TIMEOUT, run=False)
    at.query_params.update({"opt_preset": "too_large", "opt_x0": "1e9", "opt_steps": "99999",
                            "opt_view_step": "5000", "opt_lr_adam": "nan", "opt_mom_momentum": "7"})
    at.run()
    assert not at.exception
    assert at.session_state["opt_x0"] == 100.0 and at.slider(key="opt_steps").value == 2000
    assert at.session_state["opt_lr_adam"] == 0.1 and at.session_state["opt_mom_momentum"] == 0.99


def test_russian():
    at = open_page("optimizers", timeout=TIMEOUT, run=False)
    at.session_state["lang"] = "ru"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Оптимизаторы"
    assert "Овраг" in at.info[0].value


def test_russian_hyperparameters_paths_and_divergence():
    at = open_page("optimizers", timeout=TIMEOUT, run=False)
    at.session_state["lang"] = "ru"
    at.query_params["opt_preset"] = "too_large"
    at.run()
    assert not at.exception
    assert at.number_input(key="opt_lr_sgd").label == "η (шаг обучения)"
    assert at.radio(key="opt_form_momentum").options == ["классическая", "EMA"]
    paths = at.dataframe[-1].value  # the raw trajectories: Russian headers, numbers as computed
    assert list(paths.columns[:3]) == ["оптимизатор", "шаг", "x"] and "потеря" in paths.columns
    sgd = [e.value for e in at.error if e.value.startswith("SGD разошёлся")]
    assert sgd and ("вышел из области" in sgd[0] or "NaN или бесконечность" in sgd[0]), sgd
    # English: the same settings keep tfdl's names
    at = open_page("optimizers", timeout=TIMEOUT, run=False)
    at.query_params["opt_preset"] = "too_large"
    at.run()
    assert at.number_input(key="opt_lr_sgd").label == "η (learning rate)"
    assert list(at.dataframe[-1].value.columns[:3]) == ["optimiser", "step", "x"]
    assert any("(left the region" in e.value or "(NaN or inf)" in e.value for e in at.error)
