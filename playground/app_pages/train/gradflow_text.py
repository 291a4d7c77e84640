"""Train page, gradient flow: the diagnosis (``tfdl.diagnose``) in the user's language and its
one-click fix, which sets the page's settings (``playground.state.set_value``) and reruns."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train.gradflow import apply_settings
from playground.i18n import _, fmt_number


def fix_settings(fix: dict, mode: str) -> dict:
    """A diagnosis' fix (``tfdl.diagnose`` vocabulary) as the page's settings; what the page has no
    setting for is left out (and so not promised on the button)."""
    from playground.app_pages.train import settings as cfg

    out = {}
    if "cell" in fix:
        out["train_gfcell"] = fix["cell"]
    if "learning_rate" in fix:
        key, options = ("train_lr", cfg.LRS) if mode == "2d" else ("train_dlr", cfg.DIGIT_LRS)
        out[key] = max([v for v in options if v <= fix["learning_rate"] * (1 + 1e-9)] or [min(options)])
    if "clipnorm" in fix:
        out["train_clip"] = max([v for v in cfg.CLIPS if 0 < v <= fix["clipnorm"] * (1 + 1e-9)] or [min(cfg.CLIPS[1:])])
    if mode == "2d":
        out.update(
            {
                k: fix[f]
                for f, k in (
                    ("activation", "train_act"),
                    ("initializer", "train_init"),
                    ("normalization", "train_norm"),
                )
                if f in fix
            }
        )
    elif "normalization" in fix and st.session_state.get("train_dmodel") == "small_cnn":
        out["train_dnorm"] = fix["normalization"]
    return out


def messages() -> dict:
    return {
        "nonfinite": _(
            "The loss became {loss} at step {step}; {layer} had the largest gradient. The learning rate "
            "is too large: each step overshoots until the numbers overflow."
        ),
        "exploding": _(
            "The loss grew from {first} to {last} by step {step}; the weights of {layer} grew {growth}×. "
            "The learning rate is too large."
        ),
        "zero_init": _(
            "Every weight of {layer} starts at the same value: its units compute the same thing, get the "
            "same gradient and never become different (ReLU units output 0 and get no gradient at "
            "all). Bad initialisation."
        ),
        "vanishing": _(
            "At step {step} the gradient of {layer} is {ratio} of the last layer's: the first layers "
            "hardly learn. {cause}"
        ),
        "vanishing_time": _(
            "In {layer} the gradient reaching the first time step is {ratio} of the last step's: "
            "the network cannot learn from the start of the sequence."
        ),
        "dead_relu": _(
            "At step {step}, {share} of the units of {layer} output 0 on every example: dead ReLUs get no gradient."
        ),
        "saturated": _(
            "At step {step}, {share} of the outputs of {layer} sit on the flat ends of the activation, "
            "where its derivative is below 0.01."
        ),
    }


def message(d) -> str:
    causes = {
        "saturating": _(
            "A saturating activation: each sigmoid/tanh layer multiplies the gradient by its "
            "derivative (at most 0.25 for sigmoid)."
        ),
        "depth": _("Depth without normalisation."),
    }
    from tfdl.diagnose import FORMATS

    values = {k: fmt_number(v, FORMATS[k]) if k in FORMATS else v for k, v in d.values.items()}
    return messages()[d.code].format(**values, layer=d.layer, step=d.step, cause=causes.get(d.cause, "")).strip()


def fix_label(values: dict) -> str:
    names = {
        "train_lr": _("learning rate"),
        "train_dlr": _("learning rate"),
        "train_act": _("activation"),
        "train_init": _("initialisation"),
        "train_norm": _("normalisation"),
        "train_dnorm": _("normalisation"),
        "train_gfcell": _("cell"),
        "train_clip": _("gradient clipping"),
    }
    words = {"batch": _("batch norm"), "lstm": "LSTM", "he": "He", "relu": "ReLU", "leaky_relu": "leaky ReLU"}
    parts = [
        f"{names[k]} → {fmt_number(v, 'g') if isinstance(v, float) else words.get(v, v)}" for k, v in values.items()
    ]
    return _("Fix: {changes}").format(changes=", ".join(parts))


def show_diagnosis(log, learning_rate, mode: str, key: str):
    """The findings in the user's language, the first with its one-click fix (it sets the settings;
    Train then tries them)."""
    from tfdl.diagnose import diagnose

    found = diagnose(log, learning_rate=learning_rate)
    if not found:
        st.success(_("No trouble found: the gradients reach every layer and stay finite."))
        return
    st.warning(message(found[0]))
    values = fix_settings(found[0].fix, mode)
    if values:
        st.button(fix_label(values), key=key, type="primary", on_click=apply_settings, args=(values,))
    for d in found[1:]:
        st.caption(message(d))
