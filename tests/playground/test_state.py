"""playground.state and friendly_errors, the one mechanism for settings and errors, on tiny pages.

- ``param``: link → session → default; options and [min, max] checked in one place; the link is
  read once (later URLs are the page's own); values survive a widget that is not drawn.
- ``link_query``/``sync_params``: only settings off their defaults, plus the language.
- ``number_input``: a typed value outside [min, max] is clamped, with a notice in the user's language.
- ``friendly_errors``: a tfdl error shows as a Russian sentence with the same numbers; the rest of
  the block is skipped, the page goes on (or stops with ``stop=True``).
"""

import pytest
from streamlit.testing.v1 import AppTest


def _settings_page():
    import streamlit as st

    from playground.i18n import N_, _
    from playground.state import forget, number_input, param, sync_params

    if st.session_state.get("forget_n"):
        forget("n")
        st.session_state["forget_n"] = False
    colours = {"red": N_("red"), "blue": N_("blue")}
    if st.session_state.get("show_widgets", True):
        param("color", "red", options=list(colours))
        labels = {k: _(v) for k, v in colours.items()}
        st.selectbox(_("Colour"), list(colours), key="color", format_func=labels.get)
        param("n", 3, min=1, max=8)
        number_input(_("Stride"), "n", step=1)
        param("rate", 0.5, min=0.0, max=1.0)
        param("flag", False)
        st.checkbox("flag", key="flag")
    sync_params(["color", "n", "rate", "flag"])
    st.write(f"n={st.session_state.get('n')} color={st.session_state.get('color')}")


def _app(query=None, state=None) -> AppTest:
    at = AppTest.from_function(_settings_page, default_timeout=30)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in (state or {}).items():
        at.session_state[k] = v
    return at.run()


def test_without_a_link_the_defaults_and_a_bare_link():
    at = _app()
    assert not at.exception
    assert (at.selectbox(key="color").value, at.number_input(key="n").value, at.checkbox(key="flag").value) == \
        ("red", 3, False)
    assert at.session_state["_link_query"] == {}  # nothing off its default


def test_a_link_sets_the_widgets_and_is_written_back_with_off_default_values_only():
    at = _app(query={"color": "blue", "n": "5", "flag": "true", "rate": "0.5"})
    assert not at.exception
    assert (at.selectbox(key="color").value, at.number_input(key="n").value, at.checkbox(key="flag").value) == \
        ("blue", 5, True)
    assert at.session_state["_link_query"] == {"color": "blue", "n": "5", "flag": "True"}  # rate=0.5 is the default


@pytest.mark.parametrize(("query", "expected", "notice"), [
    ({"n": "0"}, {"n": 1}, "n=0"),                  # below min: clamped up
    ({"n": "100000"}, {"n": 8}, "n=100000"),        # above max: clamped down
    ({"n": "4.0"}, {"n": 4}, None),                 # an int written as a float: the same value
    ({"n": "abc"}, {"n": 3}, "n=abc"),              # not a number: the default
    ({"rate": "7"}, {"rate": 1.0}, "rate=7"),
    ({"color": "green"}, {"color": "red"}, "color=green"),  # not an option: the default
])
def test_a_link_out_of_range_is_clamped_and_an_unknown_option_falls_back_with_a_notice(query, expected, notice):
    """Never a silent fallback: the page says which link value it could not use and what it uses."""
    at = _app(query=query)
    assert not at.exception
    assert {k: at.session_state[k] for k in expected} == expected
    used = next(iter(expected.values()))
    warnings = [w.value for w in at.warning if "The link's" in w.value]
    assert warnings == ([] if notice is None else
                        [f"The link's {notice} is not a valid setting here; the page uses {used}."])
    at.run()
    assert not [w for w in at.warning if "The link's" in w.value]  # said once


def test_the_link_is_read_once_and_values_survive_a_widget_that_is_not_drawn():
    at = _app(query={"n": "5", "color": "blue"})
    at.number_input(key="n").set_value(6).run()
    at.session_state["show_widgets"] = False   # another page / another mode: Streamlit drops widget state
    at.run()
    assert "n" not in at.session_state
    at.session_state["show_widgets"] = True    # back: the last value, not the link's 5 nor the default 3
    at.run()
    assert at.number_input(key="n").value == 6 and at.selectbox(key="color").value == "blue"
    at.session_state["forget_n"] = True        # forget: the default, the link is not read again
    at.run()
    at.run()
    assert at.number_input(key="n").value == 3
    assert at.session_state["_link_query"] == {"color": "blue"}


@pytest.mark.parametrize(("lang", "notice"), [
    ("en", "Stride: 0 is outside 1…8; the page uses 1."),
    ("ru", "Шаг: 0 вне диапазона 1…8; страница считает с 1."),
])
def test_a_typed_number_out_of_range_is_clamped_with_a_notice_in_the_users_language(lang, notice, monkeypatch):
    from playground import i18n

    if lang == "ru":  # the tiny page's label needs a Russian id: borrow a real catalogue's
        monkeypatch.setattr(i18n, "_", lambda m: {"Stride": "Шаг"}.get(m, i18n.catalogue("ru").gettext(m)))
    at = _app(state={"lang": lang})
    at.number_input(key="n").set_value(0).run()
    assert not at.exception
    assert at.number_input(key="n").value == 1          # the box shows what the page computes with
    assert [w.value for w in at.warning] == [notice]
    assert at.markdown[-1].value == "n=1 color=red"
    at.number_input(key="n").set_value(4).run()          # a valid value: no notice
    assert not at.warning and at.number_input(key="n").value == 4


def test_the_link_keeps_the_language():
    at = _app(state={"lang": "ru"})
    assert at.session_state["_link_query"] == {"lang": "ru"}


def _error_page():
    import streamlit as st

    from playground.common import friendly_errors
    from tfdl.errors import TfdlValueError

    st.session_state.setdefault("lang", st.query_params.get("lang", "en"))
    from tfdl.models import create_model

    with friendly_errors():
        create_model("resnet18", input_shape=(16, 16, 3))
        st.write("skipped")
    with friendly_errors():
        raise ValueError("a plain ValueError keeps its text")
    st.write("after")
    with friendly_errors(stop=st.query_params.get("stop") == "1"):
        raise TfdlValueError("input_not_multiple", "{model_name} {multiple} {input_shape} {lower} {upper} {why}",
                             model_name="unet_same", multiple=16, input_shape=(40, 40, 1), lower=32, upper=48, why="-")
    st.write("end")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_friendly_errors_say_a_tfdl_error_in_the_users_language_with_the_same_numbers(language):
    from tfdl.models import create_model

    at = AppTest.from_function(_error_page, default_timeout=30)
    at.query_params["lang"] = language
    at.run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["after", "end"]  # the rest of each block is skipped
    first, plain, _third = (e.value for e in at.error)
    try:  # the library's own message for the same call, the reference for both languages
        create_model("resnet18", input_shape=(16, 16, 3))
    except ValueError as exc:
        english, params = str(exc), exc.params
    if language == "en":
        assert first == english
    else:
        assert first != english and "resnet18" in first and "(16, 16, 3)" in first
        assert f"({params['min_size']}, {params['min_size']}, 3)" in first and "Получено" in first
    assert plain == "a plain ValueError keeps its text"


def test_friendly_errors_with_stop_end_the_page():
    at = AppTest.from_function(_error_page, default_timeout=30)
    at.query_params["stop"] = "1"
    at.run()
    assert not at.exception and len(at.error) == 3
    assert [m.value for m in at.markdown] == ["after"]
