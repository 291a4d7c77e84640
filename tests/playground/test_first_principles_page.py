"""First principles page: linear collapse, XOR, Cybenko, backprop paths and sweep, linear templates; Russian."""

import pytest

from tests.playground.pages import open_page

TIMEOUT = 120


def _page(**state):
    return open_page("first_principles", state=state, timeout=TIMEOUT)


def _metric(at, prefix):
    return next(m.value for m in at.metric if m.label.startswith(prefix))


def test_renders_and_xor_needs_a_nonlinearity():
    at = _page(fp_steps=1000)
    assert not at.exception and not at.error
    xor_table = at.dataframe[1].value
    assert list(xor_table["XOR"]) == [0, 1, 1, 0]
    assert list(xor_table["ŷ = wᵀh"]) == [0, 1, 1, 0]
    assert _metric(at, "Accuracy") == "100%"  # tanh, 2 hidden units, seed 0
    at.selectbox(key="fp_act").set_value("linear").run()
    assert not at.exception
    assert _metric(at, "Accuracy") in ("50%", "75%")
    assert any("stuck" in i.value for i in at.info)


def test_more_units_approximate_better():
    at = _page(fp_units=3)
    coarse = float(_metric(at, "max"))
    at.slider(key="fp_units").set_value(40).run()
    fine = float(_metric(at, "max"))
    assert fine < coarse / 3


def test_backprop_paths_sum_to_the_numeric_gradient_and_the_sweep_steps_through_the_nodes():
    at = _page(fp_x=1.2)
    paths = next(d.value for d in at.dataframe if "path" in d.value.columns)
    assert len(paths) == 4
    total = paths.iloc[:, 1].sum()
    assert any(f"{total:.6f}" in m.value for m in at.markdown)
    # the reverse sweep: step 1 is f, Next moves to d, the slider's last step reaches x with ∂f/∂x
    assert any(m.value.startswith("Node **f**") for m in at.markdown)
    at.button(key="fp_sweep_next").click().run()
    assert at.session_state["fp_sweep"] == 2 and any(m.value.startswith("Node **d**") for m in at.markdown)
    at.slider(key="fp_sweep").set_value(6).run()
    assert not at.exception and at.button(key="fp_sweep_next").disabled
    assert any(f"{total:.6f}" in s.value for s in at.success)
    table = at.dataframe[-1].value.set_index("node")
    assert float(table.loc["x", "adjoint so far ∂f/∂node"]) == pytest.approx(total, rel=1e-3)
    assert table.loc["c", "local derivatives ∂node/∂parent"].startswith("∂c/∂a")


def test_linear_classifier_templates_train_on_a_press():
    at = _page(fp_lin_epochs=2)
    assert any("Press the button" in i.value for i in at.info)
    at.button(key="fp_lin_go").click().run(timeout=300)
    assert not at.exception and not at.error
    accuracy = float(_metric(at, "Test accuracy").rstrip("%")) / 100
    assert accuracy > 0.5  # chance: 0.1
    result = at.session_state["fp_linear_result"]
    assert result["key"] == (8, 2, 1e-3, 0) and result["result"].templates.shape == (10, 8, 8)
    at.number_input(key="fp_lin_epochs").set_value(4).run()
    assert any("settings changed" in i.value for i in at.info)


def test_russian_and_shared_link():
    at = open_page("first_principles", timeout=TIMEOUT, run=False)
    at.session_state["lang"] = "ru"
    at.query_params["fp_depth"] = "7"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Основы"
    assert at.slider(key="fp_depth").value == 7
    assert any("Произведение 7 матриц" in m.value for m in at.markdown)


def test_russian_tabs_widgets_and_charts_have_no_english():
    at = open_page("first_principles", timeout=TIMEOUT, run=False)
    at.session_state["lang"] = "ru"
    at.run()
    assert not at.exception
    assert at.tabs[3].label == "Обратное распространение — сумма по путям"
    assert "ступенька 1[x > 0]" in at.selectbox(key="fp_target").options
    assert at.number_input(key="fp_seed").label == "Зерно"
    assert at.tabs[4].label == "Шаблоны линейного классификатора"
    assert at.slider(key="fp_sweep").label == "Шаг обратного прохода"
    assert any(m.value.startswith("Узел **f**") for m in at.markdown)
    assert at.select_slider(key="fp_lr").label == "Шаг обучения"
    at = _page()  # English as before
    assert at.tabs[3].label == "Backprop = sum over paths"
    assert "step 1[x > 0]" in at.selectbox(key="fp_target").options
