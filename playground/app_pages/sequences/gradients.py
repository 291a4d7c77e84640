"""Tab "Vanishing gradients": ‖∂L/∂h_t‖ going back in time for a vanilla RNN, an LSTM and a GRU."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.sequences.texts import gradient_texts
from playground.i18n import _, fmt_number
from playground.state import param
from tfdl.viz import sequences as vz

KEYS = ["seq_grad_steps", "seq_grad_fb"]


@st.cache_data(show_spinner=False, max_entries=16)
def _norms(steps: int, forget_bias: float):
    from tfdl.experiments.sequences import gradient_norms_by_step

    return gradient_norms_by_step(cells=("rnn", "lstm", "gru"), steps=steps, forget_bias=forget_bias)


def render() -> None:
    from tfdl.experiments.rnn_gradients import gradient_decay

    st.markdown(_(
        "The loss depends on the last step only. Going back in time, the vanilla RNN multiplies the gradient "
        "by `diag(1 − h²) U` at every step, so it vanishes; the LSTM's cell path keeps it alive when the "
        "forget gate is near 1."))
    g1, g2 = st.columns(2)
    param("seq_grad_steps", 50, min=5, max=100)
    steps = g1.slider(_("Sequence length T"), 5, 100, key="seq_grad_steps")
    param("seq_grad_fb", 1.0, min=-2.0, max=5.0)
    forget_bias = g2.slider(_("LSTM forget-gate bias"), -2.0, 5.0, step=0.5, key="seq_grad_fb")
    df = _norms(int(steps), float(forget_bias))
    st.pyplot(vz.gradient_norms_figure(df, texts=gradient_texts()))
    st.caption("‖∂L/∂h₁‖ / ‖∂L/∂h_T‖: " + ", ".join(
        f"{cell.upper()} {fmt_number(ratio, '.1e')}" for cell, ratio in gradient_decay(df).items()))
