"""Train page, 2-D mode: the settings column (data, features, network, training)."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train import settings as cfg
from playground.i18n import _, fmt_number
from playground.state import number_input


def data_controls() -> None:
    s = st.session_state
    st.selectbox(_("Dataset"), list(cfg.DATASETS), key="train_dataset", format_func=lambda d: _(cfg.DATASETS[d]))
    if s["train_dataset"] in cfg.MULTICLASS:
        st.slider(_("Classes"), 2, 5, key="train_classes")
    if s["train_dataset"] != "own":
        st.slider(_("Noise"), 0.0, 0.5, step=0.05, key="train_noise")
    st.slider(_("Share for training"), 0.1, 0.9, step=0.1, key="train_ratio")


def network_controls() -> None:
    st.markdown("**" + _("Input features") + "**")
    cols = st.columns(4)
    for i, (name, label) in enumerate(cfg.FEATURES.items()):
        cols[i % 4].checkbox(label, key=cfg.feature_key(name))
    st.text_input(_("Hidden layers (units per layer)"), key="train_hidden", help=_("e.g. 4, 2 — empty for none"))
    st.selectbox(_("Activation"), cfg.ACTIVATIONS, key="train_act")
    st.selectbox(_("Initialisation"), cfg.INITS, key="train_init")
    st.select_slider(_("Learning rate"), cfg.LRS, key="train_lr")
    st.radio(_("Optimiser"), ["sgd", "adam"], key="train_opt", horizontal=True)
    clip_slider()
    st.select_slider(_("L2 regularisation"), cfg.L2S, key="train_l2")
    st.slider(_("Dropout"), 0.0, 0.8, step=0.1, key="train_dropout")
    st.radio(
        _("Dropout form"),
        list(cfg.DROPOUT_FORMS),
        key="train_dform",
        horizontal=True,
        format_func=lambda f: _(cfg.DROPOUT_FORMS[f]),
        help=dropout_help(),
    )
    st.radio(
        _("Normalisation"),
        list(cfg.NORMS),
        key="train_norm",
        horizontal=True,
        format_func=lambda n: _(cfg.NORMS[n]),
        on_change=cfg.norm_changed,
        help=norm_help(),
    )
    st.select_slider(_("Batch size"), cfg.BATCHES, key="train_batch")
    number_input(_("Epochs"), "train_epochs")
    number_input(_("Seed"), "train_seed")


def dropout_help() -> str:
    return _(
        "Units are dropped with probability p in training. Inverted: kept units are divided by 1 − p "
        "in training, nothing changes at test. Classic: kept units are left as they are in training, "
        "and every unit is multiplied by 1 − p at test. Both give the same expected output."
    )


def norm_help() -> str:
    return _(
        "Between each dense layer and its activation. Batch norm: each unit over the mini-batch "
        "(running averages at test). Layer norm: each example over the layer's units, the same in "
        "training and at test."
    )


def clip_slider() -> None:
    """Gradient clipping by global norm (both modes share ``train_clip``)."""
    st.select_slider(
        _("Gradient clipping (global norm)"),
        cfg.CLIPS,
        key="train_clip",
        format_func=lambda c: fmt_number(c, "g") if c else _("off"),
        help=_("Before each step the gradient of all weights together is scaled down to this norm if longer."),
    )
