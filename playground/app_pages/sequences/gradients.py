"""Tab "Vanishing gradients": ‖∂L/∂h_t‖ going back in time for a vanilla RNN, an LSTM and a GRU; then the
exploding case (a recurrent matrix scaled to a spectral radius ρ > 1) and clipping by the global norm."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.sequences.texts import gradient_texts
from playground.common import friendly_errors
from playground.i18n import _, fmt_number
from playground.state import param
from tfdl.viz import sequences as vz

KEYS = ["seq_grad_steps", "seq_grad_fb", "seq_grad_rho", "seq_grad_clip"]
CLIP_NORMS = [1.0, 10.0, 100.0, 1000.0]


@st.cache_data(show_spinner=False, max_entries=16)
def _norms(steps: int, forget_bias: float):
    from tfdl.experiments.sequences import gradient_norms_by_step

    return gradient_norms_by_step(cells=("rnn", "lstm", "gru"), steps=steps, forget_bias=forget_bias)


@st.cache_data(show_spinner=False, max_entries=32)
def _exploding(radius: float, clip_norm: float, steps: int):
    from tfdl.experiments.rnn_gradients import exploding_gradients

    # the weights, inputs and gradients stay here: the tab draws the norms and three numbers
    out = exploding_gradients(radius, clip_norm, steps=steps)
    return out.norms, out.spectral_radius, out.global_norm, out.scale


def render() -> None:
    from tfdl.experiments.rnn_gradients import gradient_decay

    st.markdown(
        _(
            "The loss depends on the last step only. Going back in time, the vanilla RNN multiplies the gradient "
            "by `diag(1 − h²) U` at every step, so it vanishes; the LSTM's cell path keeps it alive when the "
            "forget gate is near 1."
        )
    )
    g1, g2 = st.columns(2)
    param("seq_grad_steps", 50, min=5, max=100)
    steps = g1.slider(_("Sequence length T"), 5, 100, key="seq_grad_steps")
    param("seq_grad_fb", 1.0, min=-2.0, max=5.0)
    forget_bias = g2.slider(_("LSTM forget-gate bias"), -2.0, 5.0, step=0.5, key="seq_grad_fb")
    df = _norms(int(steps), float(forget_bias))
    st.pyplot(vz.gradient_norms_figure(df, texts=gradient_texts()))
    st.caption(
        "‖∂L/∂h₁‖ / ‖∂L/∂h_T‖: "
        + ", ".join(f"{cell.upper()} {fmt_number(ratio, '.1e')}" for cell, ratio in gradient_decay(df).items())
    )
    exploding(int(steps))


def exploding(steps: int) -> None:
    """The vanilla RNN with ``ρ(U)`` chosen: the gradient grows going back; clipping caps its length."""
    from tfdl.viz.gradients import exploding_gradients_figure

    st.subheader(_("Exploding gradients and clipping"))
    st.markdown(
        _(
            "Scale the RNN's recurrent matrix U to a spectral radius ρ (its largest |eigenvalue|). Going back, the "
            "gradient is multiplied by `diag(1 − h²) Uᵀ` at every step: ρ > 1 is needed for it to grow, but tanh "
            "saturation damps it, so near ρ = 1–2 it still vanishes; from about ρ = 3 it explodes. The remedy is "
            "clipping by the global norm: when ‖g‖ over all the weights' gradients is above c, every gradient is "
            "multiplied by c / ‖g‖ (Keras: `global_clipnorm=c`; TensorFlow: `tf.clip_by_global_norm`). The "
            "direction is kept, the step is capped."
        )
    )
    e1, e2 = st.columns(2)
    param("seq_grad_rho", 3.0, min=0.5, max=5.0)
    radius = e1.slider(_("Spectral radius ρ of U"), 0.5, 5.0, step=0.25, key="seq_grad_rho")
    param("seq_grad_clip", 100.0, options=CLIP_NORMS)
    clip = e2.select_slider(
        _("Clip the global norm at c"), CLIP_NORMS, key="seq_grad_clip", format_func=lambda v: fmt_number(v, ",.0f")
    )
    with friendly_errors():
        norms, measured, global_norm, scale = _exploding(float(radius), float(clip), steps)
        texts = {**gradient_texts(), "raw": _("without clipping"), "clipped": _("after clipping by the global norm")}
        st.pyplot(exploding_gradients_figure(norms, texts=texts))
        m1, m2, m3, m4 = st.columns(4)
        m1.metric(_("ρ(U), measured"), fmt_number(measured, ".3f"))
        m2.metric("‖∂L/∂h₁‖ / ‖∂L/∂h_T‖", fmt_number(norms["grad_norm"].iloc[0] / norms["grad_norm"].iloc[-1], ".2e"))
        m3.metric(
            "‖g‖",
            fmt_number(global_norm, ".3e"),
            help=_("the global norm of ∂L/∂(W, U, b): all the weights' gradients together"),
        )
        m4.metric(
            "min(1, c/‖g‖)", fmt_number(scale, ".3e"), help=_("the clipping factor: every gradient is multiplied by it")
        )
