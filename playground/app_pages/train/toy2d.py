"""Train page, 2-D mode: a small MLP on 2-D points; the decision boundary (or, for more classes,
each cell's class; for regression, the predicted value) evolves while it learns, then each hidden
neuron shows its own output over the plane. The points are generated (:mod:`tfdl.data.toy2d`) or
your own (:mod:`train.points`)."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train import gradflow, points, runs, sweep, task2d
from playground.app_pages.train import settings as cfg
from playground.app_pages.train.controls2d import data_controls, network_controls
from playground.app_pages.train.live import accuracy_text, buttons, report_divergence, show_history
from playground.app_pages.train.toy2d_run import RESULT_KEY, finish, train
from playground.code_export import train2d_expander
from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, ngettext


@st.cache_data(show_spinner=False)
def toy_data(name: str, n: int, noise: float, ratio: float, seed: int, classes: int = 3):
    from tfdl.data import make_toy2d

    return make_toy2d(name, n_samples=n, noise=noise, train_ratio=ratio, seed=seed, classes=classes)


def boundary_texts() -> dict[str, str]:
    return task2d.texts()


def title(result: dict) -> str:
    n = result["epochs_done"]
    return ngettext("after {n} epoch", "after {n} epochs", n).format(n=n)


def live_title(n: int) -> str:
    return _("epoch {n}").format(n=n)


def controls():
    """Every 2-D setting in one column (kept for callers of the old layout)."""
    data_controls()
    network_controls()


def current_data():
    """The generated points for the settings, or the session's own points (``None`` when they are not valid)."""
    s = st.session_state
    if s["train_dataset"] == "own":
        return points.show()
    return toy_data(
        s["train_dataset"],
        int(s["train_n"]),
        float(s["train_noise"]),
        float(s["train_ratio"]),
        int(s["train_seed"]),
        int(s["train_classes"]),
    )


def show():
    import tfdl.training as T

    s = st.session_state
    left, right = st.columns([1, 2])
    with left:
        controls()
    with right:
        data = current_data()
    features = tuple(name for name in cfg.FEATURES if s[cfg.feature_key(name)])
    if data is None:
        return
    (x, y), (xt, yt) = data
    with right:
        hidden, allowed = None, False
        with friendly_errors():
            if not features:
                raise ValueError(_("Choose at least one input feature."))
            hidden = T.parse_hidden(s["train_hidden"])
            allowed = training_budget(
                fit_cost(features, hidden, len(x), len(xt)).seconds, _("use fewer epochs or a bigger batch.")
            )
        go = gradflow.take_pending("2d", allowed) | buttons("train_go", "train_stop", allowed)
        with left:
            sweep.show(features, hidden, data)
            gradflow.presets("2d")
        if hidden is None:
            return
        train2d_expander(features, hidden)
        with friendly_errors():
            previous = s.get(RESULT_KEY)
            if previous is not None and not previous.get("final") and previous.get("model") is not None:
                runs.restore(previous)  # the weights of its last finished epoch
                finish(previous, xt, yt)  # a run that Stop interrupted: its pictures at the last epoch
            again = previous is not None and runs.resume_button("train_resume", previous, cfg.settings_2d(), allowed)
            boundary = st.empty()
            if go or again:
                train(features, hidden, data, boundary, live_title, boundary_texts(), previous if again else None)
            result = s.get(RESULT_KEY)
            if result is None:
                boundary.pyplot(task2d.blank_figure(data, boundary_texts()))
                return
            show_result(result, data, boundary)


@st.cache_data(show_spinner=False, max_entries=64)
def model_profile(hidden: tuple, activation: str, features: tuple, norm: str):
    """FLOPs and layers of the network the settings build (traced without weights), for the estimate."""
    from tfdl.training import build_mlp, profile_model

    return profile_model(
        lambda: build_mlp(hidden, activation, features=features, batch_norm=norm == "batch", layer_norm=norm == "layer")
    )


def fit_cost(features: tuple, hidden: tuple, n_train: int, n_test: int):
    """``tfdl.training.estimate_fit_cost`` of the run the settings ask for."""
    from tfdl.training import estimate_fit_cost

    s = st.session_state
    profile = model_profile(hidden, s["train_act"], features, s["train_norm"])
    return estimate_fit_cost(profile, n_train, int(s["train_epochs"]), int(s["train_batch"]), validation_samples=n_test)


def show_result(result: dict, data, boundary):
    import tfdl.viz.training as V

    report_divergence(result)
    boundary.pyplot(task2d.result_figure(result, data, title(result), boundary_texts()))
    hist = result["history"]
    m1, m2, m3 = st.columns(3)
    if result.get("regression"):
        loss = result.get("test_loss", float("nan"))
        m1.metric(_("Test loss (MSE)"), fmt_number(loss, ".4g") if loss == loss else "—")
    else:
        m1.metric(_("Test accuracy"), accuracy_text(result["test_accuracy"]))
    m2.metric(_("Train loss"), fmt_number(hist["loss"].iloc[-1], ".4g") if len(hist) else "—")
    m3.metric(_("Epochs"), int(len(hist)))
    if result.get("settings") is not None and result["settings"] != cfg.settings_2d():
        st.info(_("Settings changed since this run: press Train to see them at work."))
    if runs.stopped(result):
        runs.stopped_notice(result)
    show_history(hist)
    gradflow.show(result, "2d")
    if result.get("keras_bytes"):
        st.download_button(
            _("Download the trained model (.keras)"),
            data=result["keras_bytes"],
            file_name="train_2d.keras",
            mime="application/octet-stream",
            key="train_2d_download",
        )
    runs.overlay("2d")
    if result.get("neurons"):
        st.markdown(_("**The input features, then each hidden neuron's own output** (orange < 0 < blue)"))
        labels = {
            name: _("features")
            if name == "features"
            else _("hidden {i}").format(i=name.removeprefix("hidden").removesuffix("_act"))
            for name in result["neurons"]
        }
        st.pyplot(V.neuron_maps_figure(result["neurons"], result["grid_shape"], labels=labels))
