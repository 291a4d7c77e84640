"""playground.state: coming back from another page, a widget value the browser re-sends from before
gives way to the page's own last value (the Convolution lab's 'max instead of average' symptom)."""

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from playground.state import finish_run, note_run, param

    note_run()  # app.py does this every run
    if st.session_state.get("where", "lab") == "lab":
        param("pool", "max", options=["max", "avg"])
        st.selectbox("Pooling", ["max", "avg"], key="pool")
        st.markdown(f"computes with {st.session_state['pool']}")
    finish_run()  # and this at the end


def test_a_stale_widget_value_after_another_page_gives_way_to_the_last_one():
    at = AppTest.from_function(_script).run()
    at.selectbox(key="pool").set_value("avg").run()
    assert at.markdown[0].value == "computes with avg"
    at.session_state["where"] = "home"
    at.run()  # another page: the lab's widget is gone
    at.session_state["where"] = "lab"
    at.session_state["pool"] = "max"  # what the browser sent again for the re-created widget
    at.run()
    assert at.selectbox(key="pool").value == "avg" and at.markdown[0].value == "computes with avg"
    # on the same page a new value is the user's: it stays
    at.selectbox(key="pool").set_value("max").run()
    assert at.markdown[0].value == "computes with max"
