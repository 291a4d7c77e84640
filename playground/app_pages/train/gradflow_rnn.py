"""Train page, both modes: the fourth gradient-flow preset, an RNN over a long sequence.

A small ``tfdl`` SimpleRNN (or the LSTM the fix proposes) must remember the sign of the first of
100 numbers (:func:`tfdl.flow_presets.long_memory_task`); the gradient reaching each time step
shows why a plain RNN cannot."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train import gradflow
from playground.app_pages.train.gradflow_text import show_diagnosis
from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number
from playground.jobs import job_slot

RESULT_KEY = "train_gf_rnn_result"
LENGTH, SAMPLES, EPOCHS, BATCH, LR = 100, 256, 4, 32, 0.01


def cell_label(cell: str) -> str:
    return _("SimpleRNN (tanh)") if cell == "simple" else _("LSTM (chrono-initialised forget gate)")


@st.cache_data(show_spinner=False)
def task():
    from tfdl.flow_presets import long_memory_task

    return long_memory_task(SAMPLES, LENGTH, seed=0), long_memory_task(128, LENGTH, seed=1)


@st.cache_data(show_spinner=False, max_entries=4)
def cost_seconds(cell: str) -> float:
    from tfdl.flow_presets import build_sequence_classifier
    from tfdl.training import estimate_fit_cost, profile_model

    profile = profile_model(lambda: build_sequence_classifier(cell, LENGTH))
    return estimate_fit_cost(profile, SAMPLES, EPOCHS, BATCH, validation_samples=128).seconds


@job_slot()
def train_rnn(cell: str):
    import tfdl.training as T
    from tfdl.flow_presets import build_sequence_classifier
    from tfdl.gradflow import GradientFlow

    (x, y), (xt, yt) = task()
    T.set_seed(0)
    model = build_sequence_classifier(cell, LENGTH, seed=0)
    flow = GradientFlow(x, y, every=4, probe=64)
    live = gradflow.LiveFlow(flow)
    with st.spinner(_("Training the RNN…")):
        result = T.fit(
            model,
            x,
            y,
            epochs=EPOCHS,
            batch_size=BATCH,
            sink=[flow, live],
            validation_data=(xt, yt),
            learning_rate=LR,
            seed=None,
            reinitialize=False,
            jit_compile=False,
        )
    live.done()
    st.session_state[RESULT_KEY] = {
        "cell": cell,
        "gradflow": flow.log,
        "history": result.history,
        "accuracy": float(result.history["val_accuracy"].iloc[-1]),
    }


def show(mode: str):
    """The RNN preset: its cell, a Train button, and the run's gradient flow and diagnosis."""
    s = st.session_state
    result = s.get(RESULT_KEY)
    asked = s.get(gradflow.PENDING) == "rnn"
    with st.expander(_("Gradient flow: an RNN over a long sequence"), expanded=bool(result) or asked):
        st.caption(
            _(
                "The label is the sign of the first of {n} numbers: the gradient must travel back through every step."
            ).format(n=LENGTH)
        )
        cell = st.radio(
            _("Recurrent cell"),
            list(gradflow.SPECS["train_gfcell"]["options"]),
            key="train_gfcell",
            horizontal=True,
            format_func=cell_label,
        )
        allowed = False
        with friendly_errors():
            allowed = training_budget(cost_seconds(cell), _("use the SimpleRNN."))
        go = gradflow.take_pending("rnn", allowed) | st.button(
            _("▶ Train the RNN"), key="train_gf_rnn_go", disabled=not allowed
        )
        if go and allowed:
            with friendly_errors():
                train_rnn(cell)
            result = s.get(RESULT_KEY)
        if result is None:
            return
        log = result["gradflow"]
        st.metric(_("Test accuracy"), fmt_number(result["accuracy"], ".1%"))
        if result["cell"] != cell:
            st.info(_("Settings changed since this run: press Train to see them at work."))
        show_diagnosis(log, LR, mode, f"train_gf_rnn_fix_{mode}")
        show_charts(log)


def show_charts(log):
    from tfdl.viz.gradflow import grad_norms_spec, time_grads_spec

    first, last = log.records[0], log.records[-1]
    left, right = st.columns(2)
    left.caption(_("‖∂L/∂x_t‖ for each time step, before training"))
    left.vega_lite_chart(time_grads_spec(first.time_grads, gradflow.texts(), name="first"), width="stretch")
    right.caption(_("… and after step {step}").format(step=last.step))
    right.vega_lite_chart(time_grads_spec(last.time_grads, gradflow.texts(), name="last"), width="stretch")
    st.vega_lite_chart(grad_norms_spec(log, gradflow.texts(), height=200), width="stretch")
