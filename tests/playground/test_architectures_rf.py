"""Architectures page, receptive-field tracer (playground/app_pages/architectures_rf.py): the box and the
numbers of tfdl.receptive for the page's model, updated when the model's input or the layer changes."""

from __future__ import annotations

from tests.playground.pages import open_page


def _metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_tracer_follows_layer_cell_and_input_size():
    at = open_page("architectures", state={"arch_rf_open": True}, timeout=240)
    assert not at.exception and not at.error
    # LeNet-5 at 32×32, s4_pool (5×5 output), centre cell (2, 2): field 16, jump 4, rows/cols 8…23
    assert at.selectbox(key="arch_rf_layer").value == "s4_pool"
    m = _metrics(at)
    assert m["Field size"] == "16 × 16" and m["Jump (effective stride)"] == "4 × 4" and m["Padding offset"] == "0; 0"
    assert (
        "Cell (2, 2) of **s4_pool** (5 × 5) sees rows 8…23 and columns 8…23 of the 32 × 32 input"
        in at.markdown[-1].value
    )
    at.slider(key="arch_rf_col_s4_pool_5").set_value(4).run()
    assert "columns 16…31" in at.markdown[-1].value
    at.number_input(key="arch_h").set_value(36).run()  # c1 32, s2 16, c3 12, s4 6 rows
    assert "of **s4_pool** (6 × 5)" in at.markdown[-1].value and "of the 36 × 32 input" in at.markdown[-1].value
    at.selectbox(key="arch_rf_layer").set_value("c1_conv").run()
    assert _metrics(at)["Field size"] == "5 × 5" and _metrics(at)["Jump (effective stride)"] == "1 × 1"
    assert len(at.dataframe) >= 2 and list(at.dataframe[-1].value["layer"]) == ["c1_conv"]


def test_tracer_in_russian():
    at = open_page("architectures", state={"arch_rf_open": True}, lang="ru", timeout=240)
    assert not at.exception and not at.error
    m = _metrics(at)
    assert m["Размер поля"] == "16 × 16" and m["Шаг (эффективный stride)"] == "4 × 4"
    assert at.markdown[-1].value.startswith("Ячейка (2, 2) слоя **s4_pool** (5 × 5) видит строки 8…23")
    assert "Центр: строка 7,5 + 2 · 4" in at.markdown[-1].value
