"""First principles tab "Linear classifier templates": softmax regression on the digits, each class's
weight vector drawn as an image (``tfdl.experiments.linear_templates``, ``tfdl.viz.class_templates_figure``).

Trained on the user's press, inside ``job_slot`` after ``training_budget``; the result (without the
model) is kept in the session per setting."""

from __future__ import annotations

import streamlit as st

from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, pgettext
from playground.jobs import job_slot
from playground.state import number_input, param

SIZES = [8, 16]
L2S = [0.0, 1e-4, 1e-3, 1e-2]
KEYS = ["fp_lin_size", "fp_lin_epochs", "fp_lin_l2", "fp_lin_seed"]
CACHE = "fp_linear_result"
state = st.session_state


def declare() -> None:
    param("fp_lin_size", 8, options=SIZES)
    param("fp_lin_epochs", 15, min=1, max=60)
    param("fp_lin_l2", 1e-3, options=L2S)
    param("fp_lin_seed", 0, min=0, max=10_000)


def _settings() -> tuple:
    return (
        int(state["fp_lin_size"]),
        int(state["fp_lin_epochs"]),
        float(state["fp_lin_l2"]),
        int(state["fp_lin_seed"]),
    )


def render() -> None:
    st.latex(
        r"p(y = k \mid x) = \operatorname{softmax}_k\big(W^\top x + b\big),\qquad "
        r"W^\top x + b = \big(\langle w_k, x\rangle + b_k\big)_k"
    )
    st.markdown(
        _(
            "A linear classifier scores class k by the dot product of the image with the k-th column w_k of W. "
            "Reshaped to the image, w_k is a template: the image is matched against each digit's template and "
            "the best match wins. One template per class is all a linear model can hold."
        )
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.selectbox(_("Image size"), SIZES, key="fp_lin_size", format_func=lambda s: f"{s}×{s}")
    with c2:
        number_input(_("Epochs"), "fp_lin_epochs", step=1)
    c3.select_slider(_("L2 penalty on W"), L2S, key="fp_lin_l2", format_func=lambda v: fmt_number(v, "g"))
    with c4:
        number_input(pgettext("first principles", "Seed"), "fp_lin_seed", step=1)
    allowed = False
    with friendly_errors():
        from tfdl.experiments.linear_templates import linear_classifier_cost

        size, epochs, _l2, _seed = _settings()
        allowed = training_budget(linear_classifier_cost(size, epochs).seconds, _("use fewer epochs."))
    if st.button(_("Train the linear classifier"), key="fp_lin_go", type="primary", disabled=not allowed):
        with friendly_errors():
            train()
    cached = state.get(CACHE)
    if cached is None:
        st.info(_("Press the button: softmax regression trains on the digits in a few seconds."))
        return
    if cached["key"] != _settings():
        st.info(
            _("The settings changed: the templates below are of the last training. Press the button to train again.")
        )
    show(cached["result"])


def train() -> None:
    from tfdl.experiments.linear_templates import train_linear_classifier

    size, epochs, l2, seed = _settings()
    with job_slot(), st.spinner(_("Training softmax regression…")):
        result = train_linear_classifier(size, epochs, l2=l2, seed=seed)
    # keep the numbers, not the Keras model: the page draws the templates only
    state[CACHE] = {"key": (size, epochs, l2, seed), "result": result._replace(model=None)}


def show(result) -> None:
    from tfdl.viz.templates import class_templates_figure

    c1, c2, c3 = st.columns(3)
    c1.metric(_("Test accuracy"), fmt_number(result.test_accuracy, ".1%"))
    c2.metric(_("Chance"), fmt_number(0.1, ".0%"))
    c3.metric(
        _("Training loss"), fmt_number(result.train_loss, ".4f"), help=_("cross-entropy + L2 penalty, final weights")
    )
    texts = {"class": _("digit {label}"), "weight": _("weight")}
    st.pyplot(class_templates_figure(result.templates, texts=texts))
    st.caption(
        _(
            "Red: ink there raises the class's score; blue: ink there lowers it; white: the pixel does not matter. "
            "The templates look like blurred average digits with the strokes of confusable digits subtracted."
        )
    )
