"""Inside a network: what a small CNN trained on digits looks at, computes and confuses.

A model trained on the scikit-learn digits (trained here in a few seconds, or the one from the
Train page) and one digit: a test digit, one the student draws, or a picture they upload
(``app_pages/inside/own_digit.py``). Views (``app_pages/inside/``): filters and feature maps; saliency,
SmoothGrad, guided backprop, occlusion and Grad-CAM side by side; the penultimate-layer embedding
(PCA / t-SNE) with nearest neighbours; an FGSM adversarial example; class-model visualisation;
the sanity check of Adebayo et al. (``app_pages/inside/sanity.py``).
Every picture is a ``tfdl.interpret`` call drawn by ``tfdl.viz.interpret``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.inside import attacks, model_source, own_digit, sanity, views
from playground.code_export import inside_expander
from playground.common import friendly_errors
from playground.i18n import N_, _, fmt_number, pgettext
from playground.page_table import page_title
from playground.state import number_input, param, sync_params

VIEWS = {
    "features": N_("Filters & feature maps"),
    "attribution": N_("What it looks at"),
    "embedding": N_("Embedding & neighbours"),
    "adversarial": N_("Adversarial example"),
    "class_model": N_("Class models"),
    "sanity": N_("Sanity check"),
}
TARGETS = ["predicted"] + [str(k) for k in range(10)]

st.title(page_title("inside"))
st.caption(
    _(
        "A small CNN trained on handwritten digits. Pick a test digit and look at what the network "
        "computes, where it looks, how it arranges the digits, and how easily it is fooled."
    )
)

keys = list(model_source.KEYS)
with friendly_errors(stop=True):  # without a model no view can draw
    model, size, accuracy = model_source.choose_model()
(x_train, y_train), (x_test, y_test) = model_source.digits(size)
if accuracy is not None:
    st.caption(_("Test accuracy: {accuracy}").format(accuracy=fmt_number(accuracy, ".1%")))

param("in_input", "test", options=list(own_digit.INPUTS))
param("in_idx", 0, min=0, max=len(x_test) - 1)
param("in_target", "predicted", options=TARGETS)
param("in_view", "attribution", options=list(VIEWS))
c0, c1, c2, c3 = st.columns([2, 1, 1, 4])
source = c0.radio(_("Digit"), list(own_digit.INPUTS), key="in_input", format_func=lambda v: _(own_digit.INPUTS[v]))
if source == "test":
    with c1:
        index = int(number_input(_("Test digit #"), "in_idx", step=1))
target = c2.selectbox(
    _("Explain class"),
    TARGETS,
    key="in_target",
    format_func=lambda t: pgettext("target class", "predicted") if t == "predicted" else t,
)
view = c3.radio(_("View"), list(VIEWS), key="in_view", horizontal=True, format_func=lambda v: _(VIEWS[v]))
keys += ["in_input", "in_idx", "in_target", "in_view"]

x = None
if source == "test":
    x = x_test[index]
else:
    picture, result = st.columns([1, 2])
    with picture, friendly_errors():
        x = own_digit.own_digit(source, size)
if x is not None:
    probs = np.asarray(model(x[None], training=False))[0]
    predicted = int(np.argmax(probs))
    class_index = predicted if target == "predicted" else int(target)
    if source == "test":
        st.markdown(
            _(
                "True label **{label}**, predicted **{predicted}** ({probability}); explaining class **{explained}**."
            ).format(
                label=y_test[index],
                predicted=predicted,
                probability=fmt_number(probs[predicted], ".0%"),
                explained=class_index,
            )
        )
        if accuracy is not None:  # a model trained here: the page's settings make it (tfdl.codegen.inside)
            inside_expander(size, index, None if target == "predicted" else int(target))
    else:  # the student's digit joins the test digits (first, labelled as predicted) for the embedding and FGSM
        index, x_test, y_test = 0, np.concatenate([x[None], x_test]), np.r_[predicted, y_test]
        own_digit.show_prediction(result, x, probs)
        st.markdown(
            _("Your digit: predicted **{predicted}** ({probability}); explaining class **{explained}**.").format(
                predicted=predicted, probability=fmt_number(probs[predicted], ".0%"), explained=class_index
            )
        )

    digit = views.Digit(model, x, index, class_index, predicted, probs, x_train, y_train, x_test, y_test)
    if view == "features":
        keys += views.features(digit)
    elif view == "attribution":
        keys += views.attribution(digit)
    elif view == "embedding":
        keys += views.embedding(digit)
    elif view == "adversarial":
        keys += attacks.adversarial(digit)
    elif view == "sanity":
        keys += sanity.sanity(digit)
    else:
        keys += attacks.class_models(digit)

sync_params(keys)
