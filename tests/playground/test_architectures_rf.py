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


def _reference(layer: str, row: int, col: int, side: int = 32) -> tuple:
    """Field size, jump and the whole field of LeNet-5's ``layer`` cell from ``tfdl.shapes.receptive_field``
    over the layer stack (not the tracer's ``receptive_box``)."""
    from tfdl.models import create_model
    from tfdl.receptive import layer_stack
    from tfdl.shapes import receptive_field

    stack = layer_stack(create_model("lenet5", input_shape=(side, side, 1)), layer)
    out = []
    for axis, index in ((0, row), (1, col)):
        spec = [{k: item[k][axis] for k in ("kernel_size", "stride", "padding", "dilation")} for item in stack]
        last = receptive_field(spec, input_size=side)[-1]
        centre, half = last["start"] + index * last["jump"], (last["size"] - 1) / 2
        out.append((last["size"], last["jump"], int(centre - half), int(centre + half)))
    return tuple(out)


def test_a_click_on_the_output_grid_picks_the_cell_and_goes_into_the_link():
    at = open_page("architectures", state={"arch_rf_open": True, "arch_rf_layer": "c3_conv"}, timeout=240)
    assert not at.exception and not at.error
    at.session_state["arch_rf_cell"] = {"cell": {"row": 1, "col": 8, "n": 0.5}}  # what the component reports
    at.run()
    assert not at.exception and not at.error
    (r_size, r_jump, top, bottom), (c_size, c_jump, left, right) = _reference("c3_conv", 1, 8)
    m = _metrics(at)
    assert m["Field size"] == f"{r_size} × {c_size}" and m["Jump (effective stride)"] == f"{r_jump} × {c_jump}"
    text = at.markdown[-1].value
    assert f"Cell (1, 8) of **c3_conv** (10 × 10) sees rows {top}…{bottom} and columns {left}…{right}" in text
    assert at.slider(key="arch_rf_row_c3_conv_10").value == 1 and at.slider(key="arch_rf_col_c3_conv_10").value == 8
    link = at.session_state["_link_query"]
    assert (link["arch_rf_row"], link["arch_rf_col"]) == ("1", "8")
    at.session_state["arch_rf_cell"] = {"cell": {"row": 99, "col": 0, "n": 0.7}}  # outside the grid: ignored
    at.run()
    assert "Cell (1, 8) of **c3_conv**" in at.markdown[-1].value


def test_only_a_whole_cell_inside_the_grid_is_taken():
    from playground.click_grid import cell_from_report

    assert cell_from_report({"row": 0, "col": 4, "n": 1}, 2, 5) == (0, 4)
    for bad in [
        None,
        [],
        {"row": 0},
        {"row": 0, "col": 5},
        {"row": -1, "col": 0},
        {"row": 1.5, "col": 0},
        {"row": True, "col": 0},
    ]:
        assert cell_from_report(bad, 2, 5) is None, bad
