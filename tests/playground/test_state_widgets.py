"""playground.state: a widget re-created after it was hidden (a mode switch, a page visit) is sent
the session's value, and an integer setting gets an integer box."""

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from playground.state import number_input, param

    param("color", "red", options=["red", "blue"])  # declared every run, drawn only in one mode
    param("count", 5, min=1, max=10)
    if st.session_state.get("show_widget", True):
        st.selectbox("Colour", ["red", "blue"], key="color")
        number_input("Count", "count")


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


def test_an_integer_setting_gets_an_integer_box_and_typed_values_are_clamped():
    at = _app().run()
    box = at.number_input(key="count")
    assert box.value == 5 and isinstance(box.value, int) and box.proto.data_type == box.proto.INT
    box.set_value(99).run()
    assert at.number_input(key="count").value == 10 and at.warning
