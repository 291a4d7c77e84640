"""playground.state.param re-validates a kept value when its options or range change with other
settings (the Inside page's layers depend on the model): the widget never gets a value it cannot show."""

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from playground.state import param

    options = st.session_state.get("options", ["conv1", "conv2"])
    param("layer", options[0], options=options)
    st.selectbox("Layer", options, key="layer")
    param("n", 5, min=0, max=st.session_state.get("n_max", 10))
    st.slider("n", 0, st.session_state.get("n_max", 10), key="n")


def test_a_kept_value_outside_new_options_or_range_is_made_valid():
    at = AppTest.from_function(_script, default_timeout=30)
    at.run()
    at.selectbox(key="layer").set_value("conv2")
    at.slider(key="n").set_value(9)
    at.run()
    assert at.session_state["layer"] == "conv2"
    at.session_state["options"] = ["block1", "block2"]  # another model: other layers
    at.session_state["n_max"] = 6
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="layer").value == at.session_state["layer"] == "block1"
    assert at.slider(key="n").value == at.session_state["n"] == 6
