"""Train page, 2-D mode: a small MLP on 2-D points; the decision boundary evolves while it learns,
then each hidden neuron shows its own output over the plane."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.train import runs, sweep
from playground.app_pages.train import settings as cfg
from playground.app_pages.train.live import accuracy_text, buttons, report_divergence, show_history
from playground.app_pages.train.toy2d_run import RESULT_KEY, finish, train
from playground.code_export import train2d_expander
from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, ngettext
from playground.state import number_input


@st.cache_data(show_spinner=False)
def toy_data(name: str, n: int, noise: float, ratio: float, seed: int):
    from tfdl.data import make_toy2d

    return make_toy2d(name, n_samples=n, noise=noise, train_ratio=ratio, seed=seed)


def boundary_texts() -> dict[str, str]:
    return {"probability": _("P(class 1)"), "class": _("class {k}"), "train": _("training points"),
            "test": _("test points")}


def title(result: dict) -> str:
    n = result["epochs_done"]
    return ngettext("after {n} epoch", "after {n} epochs", n).format(n=n)


def live_title(n: int) -> str:
    return _("epoch {n}").format(n=n)


def controls():
    st.selectbox(_("Dataset"), list(cfg.DATASETS), key="train_dataset", format_func=lambda d: _(cfg.DATASETS[d]))
    st.slider(_("Noise"), 0.0, 0.5, step=0.05, key="train_noise")
    st.slider(_("Share for training"), 0.1, 0.9, step=0.1, key="train_ratio")
    st.markdown("**" + _("Input features") + "**")
    cols = st.columns(4)
    for i, (name, label) in enumerate(cfg.FEATURES.items()):
        cols[i % 4].checkbox(label, key=cfg.feature_key(name))
    st.text_input(_("Hidden layers (units per layer)"), key="train_hidden", help=_("e.g. 4, 2 — empty for none"))
    st.selectbox(_("Activation"), cfg.ACTIVATIONS, key="train_act")
    st.selectbox(_("Initialisation"), cfg.INITS, key="train_init")
    st.select_slider(_("Learning rate"), cfg.LRS, key="train_lr")
    st.radio(_("Optimiser"), ["sgd", "adam"], key="train_opt", horizontal=True)
    st.select_slider(_("L2 regularisation"), cfg.L2S, key="train_l2")
    st.slider(_("Dropout"), 0.0, 0.8, step=0.1, key="train_dropout")
    st.radio(_("Dropout form"), list(cfg.DROPOUT_FORMS), key="train_dform", horizontal=True,
             format_func=lambda f: _(cfg.DROPOUT_FORMS[f]), help=dropout_help())
    st.radio(_("Normalisation"), list(cfg.NORMS), key="train_norm", horizontal=True,
             format_func=lambda n: _(cfg.NORMS[n]), on_change=cfg.norm_changed, help=norm_help())
    st.select_slider(_("Batch size"), cfg.BATCHES, key="train_batch")
    number_input(_("Epochs"), "train_epochs")
    number_input(_("Seed"), "train_seed")


def dropout_help() -> str:
    return _("Units are dropped with probability p in training. Inverted: kept units are divided by 1 − p "
             "in training, nothing changes at test. Classic: kept units are left as they are in training, "
             "and every unit is multiplied by 1 − p at test. Both give the same expected output.")


def norm_help() -> str:
    return _("Between each dense layer and its activation. Batch norm: each unit over the mini-batch "
             "(running averages at test). Layer norm: each example over the layer's units, the same in "
             "training and at test.")


def show():
    import tfdl.training as T
    import tfdl.viz.training as V

    s = st.session_state
    left, right = st.columns([1, 2])
    with left:
        controls()
    features = tuple(name for name in cfg.FEATURES if s[cfg.feature_key(name)])
    data = toy_data(s["train_dataset"], int(s["train_n"]), float(s["train_noise"]), float(s["train_ratio"]),
                    int(s["train_seed"]))
    (x, y), (xt, yt) = data
    with right:
        hidden, allowed = None, False
        with friendly_errors():
            if not features:
                raise ValueError(_("Choose at least one input feature."))
            hidden = T.parse_hidden(s["train_hidden"])
            allowed = training_budget(fit_cost(features, hidden, len(x), len(xt)).seconds,
                                      _("use fewer epochs or a bigger batch."))
        go = buttons("train_go", "train_stop", allowed)
        with left:
            sweep.show(features, hidden, data)
        if hidden is None:
            return
        train2d_expander(features, hidden)
        with friendly_errors():
            previous = s.get(RESULT_KEY)
            if previous is not None and not previous.get("final") and previous.get("model") is not None:
                finish(previous, xt, yt)  # a run that Stop interrupted: its pictures at the last epoch
            again = previous is not None and runs.resume_button("train_resume", previous, cfg.settings_2d(), allowed)
            boundary = st.empty()
            if go or again:
                train(features, hidden, data, boundary, live_title, boundary_texts(), previous if again else None)
            result = s.get(RESULT_KEY)
            if result is None:
                grid = np.meshgrid(np.linspace(-6, 6, 2), np.linspace(-6, 6, 2))
                boundary.pyplot(V.decision_boundary_figure(*grid, np.full((2, 2), 0.5), x, y, xt, yt,
                                                           title=_("press Train"), texts=boundary_texts()))
                return
            show_result(result, data, boundary)


@st.cache_data(show_spinner=False, max_entries=64)
def model_profile(hidden: tuple, activation: str, features: tuple, norm: str):
    """FLOPs and layers of the network the settings build (traced without weights), for the estimate."""
    from tfdl.training import build_mlp, profile_model

    return profile_model(lambda: build_mlp(hidden, activation, features=features, batch_norm=norm == "batch",
                                           layer_norm=norm == "layer"))


def fit_cost(features: tuple, hidden: tuple, n_train: int, n_test: int):
    """``tfdl.training.estimate_fit_cost`` of the run the settings ask for."""
    from tfdl.training import estimate_fit_cost

    s = st.session_state
    profile = model_profile(hidden, s["train_act"], features, s["train_norm"])
    return estimate_fit_cost(profile, n_train, int(s["train_epochs"]), int(s["train_batch"]), validation_samples=n_test)


def show_result(result: dict, data, boundary):
    import tfdl.viz.training as V

    (x, y), (xt, yt) = data
    report_divergence(result)
    boundary.pyplot(V.decision_boundary_figure(result["xx"], result["yy"], result["p"], x, y, xt, yt,
                                               title=title(result), texts=boundary_texts()))
    hist = result["history"]
    m1, m2, m3 = st.columns(3)
    m1.metric(_("Test accuracy"), accuracy_text(result["test_accuracy"]))
    m2.metric(_("Train loss"), fmt_number(hist["loss"].iloc[-1], ".4g") if len(hist) else "—")
    m3.metric(_("Epochs"), int(len(hist)))
    if result.get("settings") is not None and result["settings"] != cfg.settings_2d():
        st.info(_("Settings changed since this run: press Train to see them at work."))
    if runs.stopped(result):
        runs.stopped_notice(result)
    show_history(hist)
    if result.get("keras_bytes"):
        st.download_button(_("Download the trained model (.keras)"), data=result["keras_bytes"],
                           file_name="train_2d.keras", mime="application/octet-stream", key="train_2d_download")
    runs.overlay("2d")
    if result.get("neurons"):
        st.markdown(_("**The input features, then each hidden neuron's own output** (orange < 0 < blue)"))
        labels = {name: _("features") if name == "features" else
                  _("hidden {i}").format(i=name.removeprefix("hidden").removesuffix("_act"))
                  for name in result["neurons"]}
        st.pyplot(V.neuron_maps_figure(result["neurons"], result["grid_shape"], labels=labels))
