"""A shared link reproduces the Train page's sweep and the Architectures page's receptive-field tracer:
the same settings, and the same result (the sweep's final losses, the tracer's field)."""

from tests.playground.pages import open_page


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_a_sweep_link_opens_the_same_sweep_and_gives_the_same_losses():
    tiny = {"train_n": "20", "train_epochs": "2", "train_hidden": "2"}
    at = open_page(
        "train",
        query={**tiny, "train_sweep_open": "True", "train_sweep_what": "units", "train_sweep_units_values": "1,3,2,99"},
    )
    assert not at.exception
    assert any("99" in w for w in _warnings(at))  # never a silent fallback: 99 is not offered
    assert at.radio(key="train_sweep_what").value == "units"
    assert at.multiselect(key="train_sweep_units").value == [1, 3, 2]
    at.button(key="train_sweep_go").click().run()
    first = at.session_state["train_sweep_result"]
    assert first["what"] == "units" and list(first["values"]) == [1, 2, 3] and len(first["losses"]) == 3
    link = at.session_state["_link_query"]
    assert link["train_sweep_units_values"] == "1,2,3" and link["train_sweep_what"] == "units"

    again = open_page("train", query=link)
    assert not again.exception and not _warnings(again)
    assert again.multiselect(key="train_sweep_units").value == [1, 2, 3]
    again.button(key="train_sweep_go").click().run()
    assert again.session_state["train_sweep_result"]["losses"] == first["losses"]  # the same seed, the same runs


def _trace(at) -> tuple:
    texts = [m.value for m in at.markdown if m.value.startswith("Cell (")]
    return [(m.label, m.value) for m in at.metric if m.label != "Parameters"], texts


def test_a_tracer_link_opens_the_same_layer_and_cell():
    at = open_page("architectures", query={"arch_model": "lenet5", "arch_rf_open": "True", "arch_rf_layer": "nope"})
    assert not at.exception
    assert any("nope" in w for w in _warnings(at))
    names = at.selectbox(key="arch_rf_layer").options
    at.selectbox(key="arch_rf_layer").set_value(names[1]).run()
    (row,) = [s for s in at.slider if s.key.startswith("arch_rf_row_")]  # one slider per layer and size
    row.set_value(1).run()
    (col,) = [s for s in at.slider if s.key.startswith("arch_rf_col_")]
    col.set_value(0).run()
    metrics, text = _trace(at)
    assert text and text[0].startswith(f"Cell (1, 0) of **{names[1]}**")
    link = at.session_state["_link_query"]
    assert {k: link[k] for k in ("arch_rf_layer", "arch_rf_row", "arch_rf_col")} == {
        "arch_rf_layer": names[1],
        "arch_rf_row": "1",
        "arch_rf_col": "0",
    }

    again = open_page("architectures", query=link)
    assert not again.exception and not _warnings(again)
    assert again.selectbox(key="arch_rf_layer").value == names[1]
    assert _trace(again) == (metrics, text)
