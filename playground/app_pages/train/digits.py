"""Train page, digits mode: the small CNN (no normalisation, batch norm or layer norm) or a
registered image classifier learns the digits, optionally augmented (:mod:`train.augmentation`);
live curves, then the test accuracy (and test-time augmentation's), the confusion matrix, the
misclassified digits and a ``.keras`` download. The model is left for the *Inside a network* page
through :mod:`playground.session`."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train import augmentation, gradflow, runs
from playground.app_pages.train.controls2d import clip_slider
from playground.app_pages.train.digits_run import RESULT_KEY, finish, settings, train
from playground.app_pages.train.live import accuracy_text, buttons, report_divergence, show_history
from playground.app_pages.train.settings import BATCHES, DIGIT_LRS, DIGIT_SIZES, NORMS, digit_models
from playground.code_export import digits_expander
from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, pgettext
from playground.state import number_input
from tfdl.training_cost import estimate_fit_cost


@st.cache_data(show_spinner=False)
def digits_data(size: int):
    from tfdl.data import load_digits

    return load_digits(size=size)


def norm_options(name: str) -> dict:
    """``digits_model``'s options for the chosen normalisation (the small CNN only)."""
    if name != "small_cnn":
        return {}
    norm = st.session_state["train_dnorm"]
    return {"batch_norm": norm == "batch", "layer_norm": norm == "layer"}


@st.cache_data(show_spinner=False)
def model_profile(name: str, size: int, options: tuple = ()):
    """FLOPs and layers of ``name`` on ``size``×``size`` digits (traced without weights), for the estimate."""
    from tfdl.training import digits_model, profile_model

    return profile_model(lambda: digits_model(name, size, **dict(options)))


def image_size(name: str) -> int:
    """The side of the images ``name`` trains on: the chosen size for the small CNN, else the
    registered model's own input side (the chosen size is left untouched)."""
    if name == "small_cnn":
        return int(st.session_state["train_dsize"])
    from tfdl.models import model_info

    return int(model_info(name).input_shape[0])


def model_label(name: str) -> str:
    return _("small CNN") if name == "small_cnn" else name


def controls() -> int:
    name = st.selectbox(_("Model"), digit_models(), key="train_dmodel", format_func=model_label)
    if name == "small_cnn":
        st.selectbox(_("Image size"), DIGIT_SIZES, key="train_dsize")
    else:
        from tfdl.models import model_info

        info = model_info(name)
        st.caption(f"{info.paper} — {pgettext('model idea', info.idea)}")
    number_input(_("Epochs"), "train_depochs")
    st.select_slider(_("Learning rate (Adam)"), DIGIT_LRS, key="train_dlr")
    clip_slider()
    st.select_slider(_("Batch size"), BATCHES, key="train_dbatch")
    if name == "small_cnn":
        st.radio(_("Normalisation"), list(NORMS), key="train_dnorm", horizontal=True,
                 format_func=lambda n: _(NORMS[n]), help=_("After each convolution, before its activation. Layer "
                                                           "norm: each digit's whole feature map (all positions "
                                                           "and channels) normalised on its own."))
    augmentation.controls()
    return image_size(name)


def show():
    left, right = st.columns([1, 2])
    with left:
        size = controls()
        gradflow.presets("digits")
    digits_expander(size)  # full width, under the two columns
    data = digits_data(size)
    (x, _y), (xt, _yt) = data
    with right:
        allowed = False
        with friendly_errors():
            s = st.session_state
            profile = model_profile(s["train_dmodel"], size, tuple(norm_options(s["train_dmodel"]).items()))
            cost = estimate_fit_cost(profile, len(x), int(s["train_depochs"]),
                                     int(s["train_dbatch"]), validation_samples=len(xt))
            seconds = cost.seconds + augmentation.tta_seconds(profile, len(xt))
            allowed = training_budget(seconds, _("use fewer epochs, a bigger batch or a smaller model."))
        if augmentation.enabled():
            with friendly_errors():
                augmentation.show_examples(x)
        go = gradflow.take_pending("digits", allowed) | buttons("train_dgo", "train_dstop", allowed)
        with friendly_errors():
            previous = st.session_state.get(RESULT_KEY)
            if previous is not None and not previous.get("final") and previous.get("model") is not None:
                runs.restore(previous)  # the weights of its last finished epoch
                finish(previous, xt, _yt)  # a run that Stop interrupted: evaluated at its last epoch
            again = previous is not None and runs.resume_button("train_dresume", previous, settings(), allowed)
            if go or again:
                train(data, size, norm_options(st.session_state["train_dmodel"]), previous if again else None)
        result = st.session_state.get(RESULT_KEY)
        if result is None:
            st.info(_("{train} training and {test} test digits of {size}×{size}. Press Train.").format(
                train=len(x), test=len(xt), size=size))
            return
        show_result(result)


def show_result(result: dict):
    import tfdl.viz.training as V

    report_divergence(result)
    tta = result.get("tta_accuracy")
    cols = st.columns(4 if tta is not None else 3)
    cols[0].metric(_("Test accuracy"), accuracy_text(result["test_accuracy"]))
    if tta is not None:
        cols[1].metric(_("With TTA"), accuracy_text(tta), help=_(
            "Test-time augmentation (TTA): the mean prediction over {n} augmented copies of each test digit."
        ).format(n=result["tta_copies"]))
    cols[-2].metric(_("Epochs"), int(len(result["history"])))
    cols[-1].metric(_("Seconds"), fmt_number(result["seconds"], ".1f"))
    if runs.stopped(result):
        runs.stopped_notice(result)
    show_history(result["history"])
    gradflow.show(result, "digits")
    if result.get("y_pred") is not None:
        t1, t2 = st.tabs([_("Confusion matrix"), _("Misclassified")])
        classes = [str(i) for i in range(10)]
        with t1:
            st.pyplot(V.confusion_matrix_figure(result["y_true"], result["y_pred"], classes=classes,
                                                texts={"predicted": _("predicted"), "true": _("true")}))
        with t2:
            st.pyplot(V.misclassified_figure(result["x_test"], result["y_true"], result["y_pred"],
                                             texts={"none": _("no misclassified examples")}))
    if result.get("keras_bytes"):
        st.download_button(_("Download the trained model (.keras)"), data=result["keras_bytes"],
                           file_name=f"{result['name']}_digits.keras", mime="application/octet-stream",
                           key="train_download")
    runs.overlay("digits")
