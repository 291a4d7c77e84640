"""Inside page: which model is looked into (trained here, or the Train page's) and its digits."""

from __future__ import annotations

import streamlit as st

from playground.common import training_budget
from playground.i18n import _
from playground.jobs import job_slot
from playground.session import trained_digits
from playground.state import number_input, param

SIZES = (8, 16, 28)
KEYS = ("in_src", "in_size", "in_epochs", "in_seed")


@st.cache_data(show_spinner=False)
def digits(size: int):
    """The scikit-learn digits at ``size`` (train and test), loaded once per size."""
    from tfdl.data import load_digits

    return load_digits(size=size)


def train_page_model():
    """The Train page's digits model if it left one that takes square grey images, else ``None``."""
    from tfdl.interpret import image_input_size

    trained = trained_digits()
    if trained is None or image_input_size(trained.model) is None:
        return None
    return trained


def own_model(size: int, epochs: int, seed: int):
    """A small CNN trained here, once per setting (kept in the session)."""
    key = ("inside_model", size, epochs, seed)
    cached = st.session_state.get("inside_model")
    if cached is not None and cached["key"] == key:
        return cached["model"], cached["accuracy"]
    from tfdl.interpret import train_digits_cnn, train_digits_cnn_cost

    if not training_budget(train_digits_cnn_cost(size, epochs).seconds, _("use fewer epochs or smaller images.")):
        st.stop()
    with job_slot(), st.spinner(_("Training a small CNN…")):
        model, accuracy = train_digits_cnn(size, epochs, seed)
    st.session_state["inside_model"] = {"key": key, "model": model, "accuracy": accuracy}
    return model, accuracy


def choose_model():
    """Draw the model settings; return ``(model, image size, test accuracy or None)``."""
    from tfdl.interpret import image_input_size

    external = train_page_model()
    sources = ["own", "train"] if external is not None else ["own"]
    source = param("in_src", "own", options=sources)
    param("in_size", 16, options=SIZES)
    param("in_epochs", 6, min=1, max=30)
    param("in_seed", 0, min=0, max=10_000)
    c1, c2, c3, c4 = st.columns(4)
    source = c1.radio(_("Model"), sources, key="in_src",
                      format_func=lambda s: _("train one here") if s == "own" else _("from the Train page"))
    if source == "train":
        # the Train page's settings made this model: the settings of a model trained here do not apply
        size = image_input_size(external.model)
        c2.caption(_("The Train page's {model}, trained on {size}×{size} digits.").format(
            model=external.model_name, size=size))
        return external.model, size, None
    size = c2.selectbox(_("Image size"), SIZES, key="in_size")
    with c3:
        epochs = number_input(_("Epochs"), "in_epochs", step=1)
    with c4:
        seed = number_input(_("Seed"), "in_seed", step=1)
    model, accuracy = own_model(int(size), int(epochs), int(seed))
    return model, int(size), accuracy
