"""Train page, both modes: gradient flow, live. Per-layer gradient norms over the steps (updated during
training), the weight and activation histograms, the diagnosis (``tfdl.diagnose``) with its one-click
fix, and the presets that go wrong in a known way (:mod:`tfdl.flow_presets`)."""

from __future__ import annotations

import streamlit as st

from playground.i18n import N_, _
from playground.state import set_value

SPECS = {"train_gfcell": dict(default="simple", options=("simple", "lstm"))}  # the RNN preset's cell
PENDING = "train_gf_pending"  # a preset or a fix asks for a run: "2d", "digits" or "rnn"
PRESETS = {"2d": ("deep_sigmoid", "zero_relu", "large_lr", "long_rnn"), "digits": ("large_lr", "long_rnn")}
PRESET_NAMES = {
    "deep_sigmoid": N_("Deep sigmoid MLP"),
    "zero_relu": N_("Deep ReLU net, zero init"),
    "large_lr": N_("Too large a learning rate"),
    "long_rnn": N_("RNN over a long sequence"),
}
RECORDS = 25  # about this many looks per run (each costs about one training step; benchmarks/bench_gradflow.py)


def texts() -> dict:
    return {
        "step": _("step"),
        "norm": "‖∂L/∂w‖",
        "layer": _("layer of the network"),
        "time": _("time step t"),
        "time_norm": "‖∂L/∂x_t‖",
        "weights": _("weights of {layer}"),
        "activations": _("output of {layer}"),
        "count": _("count"),
    }


def new_flow(x, y, batch: int, epochs: int, previous: dict | None = None):
    """A ``tfdl.gradflow.GradientFlow`` for this run (about :data:`RECORDS` records); a resumed run
    goes on from the previous records."""
    from tfdl.gradflow import GradientFlow

    steps = -(-len(x) // int(batch)) * int(epochs)
    flow = GradientFlow(x, y, every=max(1, steps // RECORDS), probe=64)
    log = (previous or {}).get("gradflow")
    if log is not None and log.records:
        flow.records, flow.losses, flow.step = list(log.records), list(log.losses), log.records[-1].step
    return flow


class LiveFlow:
    """A progress sink that redraws the gradient-norm chart every ``every`` epochs during training."""

    def __init__(self, flow, every: int = 1):
        self.flow, self.every = flow, max(1, every)
        self.chart = st.empty()

    def on_epoch_end(self, epoch, logs):
        if (epoch + 1) % self.every == 0 and self.flow.records:
            from tfdl.viz.gradflow import grad_norms_spec

            self.chart.vega_lite_chart(grad_norms_spec(self.flow, texts(), height=200), width="stretch")

    def should_stop(self) -> bool:
        return False

    def done(self):
        self.chart.empty()


def preset_settings(name: str, mode: str) -> dict:
    """The page's settings that make preset ``name`` in ``mode``."""
    from tfdl.flow_presets import PRESETS as LIB

    s = LIB[name]["settings"]
    if name == "long_rnn":
        return {"train_gfcell": s["cell"]}
    if mode == "digits":
        return {"train_dmodel": "small_cnn", "train_dlr": s["learning_rate"], "train_dnorm": "none", "train_clip": 0.0}
    return {
        "train_hidden": ", ".join(str(u) for u in s["hidden"]),
        "train_act": s["activation"],
        "train_init": s["initializer"],
        "train_lr": s["learning_rate"],
        "train_opt": s["optimizer"],
        "train_norm": "none",
        "train_dropout": 0.0,
        "train_clip": 0.0,
    }


def apply_settings(values: dict, run: str | None = None):
    """Set the settings (a preset, a fix); a preset also asks for a run of ``run``."""
    for key, value in values.items():
        set_value(key, value)
    if run is not None:
        st.session_state[PENDING] = run


def take_pending(mode: str, allowed: bool = True) -> bool:
    """True once after a preset or a fix asked for a run of ``mode`` (and the budget allows it)."""
    if st.session_state.get(PENDING) != mode:
        return False
    st.session_state.pop(PENDING, None)
    st.session_state["train_stop_requested"] = False
    return bool(allowed)


def presets(mode: str):
    """One button per preset: it sets the page's settings and trains."""
    st.markdown("**" + _("Gradient-flow presets") + "**")
    st.caption(_("Each one goes wrong in a known way: train it and read the diagnosis."))
    for name in PRESETS[mode]:
        run = "rnn" if name == "long_rnn" else mode
        st.button(
            _(PRESET_NAMES[name]),
            key=f"train_gf_{mode}_{name}",
            on_click=apply_settings,
            args=(preset_settings(name, mode), run),
            width="stretch",
        )


def show(result: dict, mode: str):
    """A finished (or stopped) run's gradient flow: norms over the steps, histograms, diagnosis."""
    log = result.get("gradflow")
    if log is None or not log.records:
        return
    from playground.app_pages.train.gradflow_text import show_diagnosis
    from tfdl.viz.gradflow import flow_histograms_figure, grad_norms_spec

    st.subheader(_("Gradient flow"))
    show_diagnosis(log, result.get("gradflow_lr"), mode, f"train_gf_fix_{mode}")
    st.caption(_("Each layer's gradient norm ‖∂L/∂w‖ on a fixed batch, every few steps (log scale)."))
    st.vega_lite_chart(grad_norms_spec(log, texts()), width="stretch")
    st.caption(
        _(
            "After step {step}: each layer's weights, and each activation's output on a fixed batch of "
            "training examples."
        ).format(step=log.records[-1].step)
    )
    pictures = result.setdefault("gradflow_png", {})  # drawn once per run and language: reruns are quick
    words = texts()
    if words["weights"] not in pictures:
        import io

        buffer = io.BytesIO()
        flow_histograms_figure(log.records[-1], texts=words).savefig(buffer, format="png", dpi=90)
        pictures[words["weights"]] = buffer.getvalue()
    st.image(pictures[words["weights"]])
