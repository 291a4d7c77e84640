"""playground.common's transition helpers (``localize_figure``, ``param``/``sync_params``, ``guarded``
and ``show_error``), kept while pages not yet converted use them: delete this file with them.

The mechanism that replaces them (``playground.state`` and ``friendly_errors``) is tested in
``tests/playground/test_state.py``.
"""


import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from playground import common


@pytest.mark.parametrize("language, expected", [("ru", ("эпоха", "нейрон 0", "training loss")),
                                                ("en", ("epoch", "unit 0", "training loss"))])
def test_exact_matches_are_translated_only_in_russian(monkeypatch, language, expected):
    monkeypatch.setattr(common, "lang", lambda: language)
    fig, ax = plt.subplots()
    ax.plot([0, 1], label="unit 0")
    ax.legend()
    ax.set_xlabel("epoch")
    ax.set_title("training loss")  # not in the mapping: left as is (exact matches only)
    out = common.localize_figure(fig, {"epoch": "эпоха", "unit 0": "нейрон 0", "loss": "потери"})
    assert out is fig
    assert (ax.get_xlabel(), ax.get_legend().get_texts()[0].get_text(), ax.get_title()) == expected
    plt.close(fig)


def _param_page():
    import streamlit as st

    from playground.common import param, sync_params, tr

    if st.session_state.get("show_widget", True):
        param("color", "red", options=["red", "blue"])
        st.selectbox(tr("Colour", "Цвет"), ["red", "blue"], key="color",
                     format_func=lambda c: tr(c, {"red": "красный", "blue": "синий"}[c]))
        sync_params(["color"])
    st.write("ok")


def _app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_param_page, default_timeout=30)
    return at


def test_param_link_wins_then_value_is_kept_when_the_widget_comes_back():
    at = _app()
    at.query_params["color"] = "blue"
    at.run()
    assert at.selectbox(key="color").value == "blue"          # from the shared link
    at = _app()
    at.run()
    assert at.selectbox(key="color").value == "red"           # no link: the default
    at.selectbox(key="color").set_value("blue").run()
    at.session_state["show_widget"] = False                    # the user visits another page:
    at.run()                                                   # Streamlit drops the widget's state
    assert "color" not in at.session_state
    at.query_params.pop("color", None)                         # ... and the page's URL settings
    at.session_state["show_widget"] = True
    at.run()
    assert at.selectbox(key="color").value == "blue"           # the last value, not the default


def test_param_invalid_link_falls_back_to_default():
    at = _app()
    at.query_params["color"] = "green"
    at.run()
    assert not at.exception and at.selectbox(key="color").value == "red"


def _guarded_page():
    import streamlit as st

    from playground.common import guarded
    from tfdl.shapes import conv_output_size

    st.session_state.setdefault("lang", st.query_params.get("lang", "en"))
    assert guarded(conv_output_size, 5, 3) == 3
    assert guarded(conv_output_size, 5, 0) is None
    assert guarded(conv_output_size, 5, 7) is None
    st.write("reached")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_guarded_shows_the_library_message_with_a_russian_lead_on_the_russian_page(language):
    from streamlit.testing.v1 import AppTest

    from tfdl.shapes import conv_output_size

    expected = []
    for k in (0, 7):
        with pytest.raises(ValueError) as info:
            conv_output_size(5, k)
        expected.append(str(info.value))
    at = AppTest.from_function(_guarded_page, default_timeout=30)
    at.query_params["lang"] = language
    at.run()
    assert not at.exception and at.markdown[0].value == "reached"  # guarded returns None, the page goes on
    shown = [e.value for e in at.error]
    assert len(shown) == 2
    for message, library in zip(shown, expected):
        assert message.endswith(library)  # the library's own words, kept whole
        assert message.startswith("Так не получится") == (language == "ru")
