"""playground.state: a widget re-created after it was hidden (a mode switch, a page visit) is sent
the session's value, and an integer setting gets an integer box."""

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from playground.state import finish_run, note_run, number_input, param

    note_run()  # as app.py does, before the page
    param("color", "red", options=["red", "blue"])  # declared every run, drawn only in one mode
    param("count", 5, min=1, max=10)
    if st.session_state.get("show_widget", True):
        st.selectbox("Colour", ["red", "blue"], key="color")
        number_input("Count", "count")
    finish_run()  # as app.py does, after the page


def _app():
    return AppTest.from_function(_page, default_timeout=30)


def test_a_widget_shown_again_is_sent_the_sessions_value_not_its_default():
    at = _app().run()
    at.selectbox(key="color").set_value("blue").run()
    at.session_state["show_widget"] = False  # the other mode: Streamlit drops the widget's state
    at.run()
    at.run()
    at.session_state["show_widget"] = True
    at.run()
    box = at.selectbox(key="color")
    assert box.value == "blue"
    # what the browser draws: the value sent with the widget (without it, the first option)
    assert box.proto.set_value and box.proto.raw_value == "blue"


def test_a_live_widget_is_not_sent_its_value_again():
    """Sending a drawn widget its value every run undoes what the user does while a run is going
    (three quick presses on a slider ended at the first one); only a changed value is sent."""
    at = _app().run()
    at.selectbox(key="color").set_value("blue").run()
    at.run()
    assert at.selectbox(key="color").value == "blue" and not at.selectbox(key="color").proto.set_value
    assert not at.number_input(key="count").proto.set_value
    at.session_state["lang"] = "ru"  # a language switch re-sends (the options' labels change)
    at.run()
    assert at.selectbox(key="color").proto.set_value


def test_an_integer_setting_gets_an_integer_box_and_typed_values_are_clamped():
    at = _app().run()
    box = at.number_input(key="count")
    assert box.value == 5 and isinstance(box.value, int) and box.proto.data_type == box.proto.INT
    box.set_value(99).run()
    assert at.number_input(key="count").value == 10 and at.warning
