"""Links to the Sequences page written before issue 12 (every setting in the address bar, booleans
as True/False) still open the same setup; values out of range are clamped, not refused."""

import pytest

from tests.playground.pages import open_page

# (query of an old link, {key: the value the page must show and compute with})
OLD_LINKS = [
    ({"seq_task": "sort", "seq_min_len": "3", "seq_max_len": "8", "seq_cell": "gru", "seq_attention": "luong",
      "seq_reverse": "True", "seq_birnn": "False", "seq_units": "64", "seq_n_train": "500", "seq_epochs": "5",
      "seq_beam": "4", "seq_cmp": "reverse", "seq_len_task": "reverse", "seq_len_max": "12",
      "seq_len_epochs": "4", "seq_len_n": "800", "seq_gate_units": "6", "seq_grad_steps": "8", "seq_grad_fb": "2.5"},
     {"seq_task": "sort", "seq_min_len": 3, "seq_max_len": 8, "seq_cell": "gru", "seq_attention": "luong",
      "seq_reverse": True, "seq_birnn": False, "seq_units": 64, "seq_n_train": 500, "seq_epochs": 5,
      "seq_cmp": "reverse", "seq_len_task": "reverse", "seq_len_max": 12, "seq_len_epochs": 4, "seq_len_n": 800,
      "seq_gate_units": 6, "seq_grad_steps": 8, "seq_grad_fb": 2.5}),
    # the defaults written out, as every old link carried them
    ({"seq_task": "reverse", "seq_min_len": "2", "seq_max_len": "6", "seq_cell": "lstm",
      "seq_attention": "bahdanau", "seq_reverse": "False", "seq_birnn": "False", "seq_units": "48",
      "seq_n_train": "1200", "seq_epochs": "8", "seq_grad_steps": "8", "seq_grad_fb": "1.0"},
     {"seq_task": "reverse", "seq_units": 48, "seq_n_train": 1200, "seq_reverse": False, "seq_grad_fb": 1.0}),
    ({"seq_task": "date", "seq_birnn": "True", "seq_attention": "none", "lang": "ru", "seq_grad_steps": "8"},
     {"seq_task": "date", "seq_birnn": True, "seq_attention": "none"}),
    # out of range or unknown: clamped into the range, unknown options fall back to the default
    ({"seq_epochs": "100000", "seq_n_train": "5", "seq_len_max": "40", "seq_grad_steps": "1",
      "seq_cell": "transformer", "seq_units": "50"},
     {"seq_epochs": 100, "seq_n_train": 16, "seq_len_max": 14, "seq_grad_steps": 5, "seq_cell": "lstm",
      "seq_units": 48}),
]

WIDGETS = {"seq_task": "selectbox", "seq_cell": "selectbox", "seq_attention": "selectbox",
           "seq_len_task": "selectbox", "seq_min_len": "number_input", "seq_max_len": "number_input",
           "seq_n_train": "number_input", "seq_epochs": "number_input", "seq_len_n": "number_input",
           "seq_reverse": "checkbox", "seq_birnn": "checkbox", "seq_units": "select_slider", "seq_cmp": "radio",
           "seq_len_max": "slider", "seq_len_epochs": "slider", "seq_gate_units": "slider",
           "seq_grad_steps": "slider", "seq_grad_fb": "slider"}


@pytest.mark.parametrize(("query", "expected"), OLD_LINKS)
def test_old_links_open_the_same_setup(query, expected):
    at = open_page("sequences", query=query, timeout=180)
    assert not at.exception
    for key, value in expected.items():
        widget = getattr(at, WIDGETS[key])(key=key)
        assert widget.value == value, key
        assert at.session_state[key] == value, key
    # the link the page writes back holds only what differs from the defaults
    written = at.session_state["_link_query"]
    for key, value in expected.items():
        assert written.get(key) == (None if value == at.session_state["_param_specs"][key].default else str(value))


def test_old_link_in_russian_keeps_the_language():
    at = open_page("sequences", query={"seq_task": "addition", "lang": "ru", "seq_grad_steps": "8"}, timeout=180)
    assert at.title[0].value == "Последовательности"
    assert at.selectbox(key="seq_task").value == "addition"
    assert at.session_state["_link_query"] == {"lang": "ru", "seq_task": "addition", "seq_grad_steps": "8"}
