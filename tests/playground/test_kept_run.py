"""``playground.common.kept_run``, the train-and-keep block of the Vision tabs: the button trains with the
page's function and a progress sink, the run is kept with its settings, the same settings never train
twice, and a run over the time limit or an estimate that fails leaves the button disabled."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from playground.common import kept_run

    calls = st.session_state.setdefault("calls", [])
    settings = {"epochs": int(st.session_state.get("epochs", 2))}

    def train(s, sink):
        calls.append(dict(s))
        for e in range(s["epochs"]):
            sink.on_epoch_end(e, {"loss": 1.0 / (e + 1)})
        return {"trained_for": s["epochs"]}

    def seconds():
        if st.session_state.get("broken"):
            raise ValueError("the estimate failed")
        return float(st.session_state.get("seconds", 1.0))

    kept = kept_run(
        "run",
        settings,
        button="Train",
        button_key="go",
        seconds=seconds,
        advice="use fewer epochs.",
        train=train,
        hint="Press Train.",
    )
    st.write(f"kept: {None if kept is None else kept['run']}")


def _app(**state) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def test_the_button_trains_once_per_settings_and_keeps_the_run():
    at = _app()
    assert [i.value for i in at.info] == ["Press Train."] and at.markdown[-1].value == "kept: None"
    at.button(key="go").click().run()
    assert at.session_state["calls"] == [{"epochs": 2}]
    assert at.session_state["run"] == {"key": {"epochs": 2}, "run": {"trained_for": 2}}
    assert at.markdown[-1].value == "kept: {'trained_for': 2}" and not at.info
    at.button(key="go").click().run()  # the same settings: the kept run, no second training
    assert at.session_state["calls"] == [{"epochs": 2}]
    at.session_state["epochs"] = 3
    at.button(key="go").click().run()
    assert at.session_state["calls"] == [{"epochs": 2}, {"epochs": 3}]
    assert at.session_state["run"]["key"] == {"epochs": 3}


def test_over_the_limit_or_a_failed_estimate_disables_the_button():
    from playground.limits import MAX_TRAIN_SECONDS

    at = _app(seconds=MAX_TRAIN_SECONDS + 1)
    assert at.button(key="go").disabled and "use fewer epochs." in at.warning[0].value
    at = _app(broken=True)
    assert at.button(key="go").disabled and not at.exception
    assert any("the estimate failed" in e.value for e in at.error)
