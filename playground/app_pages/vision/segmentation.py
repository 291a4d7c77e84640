"""Tab "Segmentation": a small U-Net learns generated shapes live; image / true / predicted mask,
pixel accuracy, per-class IoU and the per-pixel softmax loss (``tfdl.experiments.train_shapes_unet``).

The estimate (``train_shapes_unet_cost``) goes through ``training_budget``; training waits for a
slot of the job queue and reports each epoch on a progress bar. The run is kept in
``st.session_state["vision_seg"]`` with the settings it was trained with.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from playground.code_export import settings_expander
from playground.common import kept_run
from playground.i18n import _, fmt_number, pgettext
from playground.jobs import job_slot
from playground.state import number_input, param

KEYS = ["vis_seg_size", "vis_seg_images", "vis_seg_filters", "vis_seg_depth", "vis_seg_epochs", "vis_seg_lr"]
SIZES, IMAGES, FILTERS, DEPTHS, LRS = [16, 32], [64, 128, 256, 512], [4, 8, 16], [1, 2, 3], [1e-3, 3e-3, 1e-2]


def class_names() -> list[str]:
    return [_("background"), _("circle"), _("square"), _("triangle")]


def _settings() -> dict:
    param("vis_seg_size", 32, options=SIZES)
    param("vis_seg_images", 256, options=IMAGES)
    param("vis_seg_filters", 8, options=FILTERS)
    param("vis_seg_depth", 2, options=DEPTHS)
    param("vis_seg_epochs", 8, min=1, max=40)
    param("vis_seg_lr", 1e-2, options=LRS)
    c1, c2, c3 = st.columns(3)
    with c1:
        size = st.select_slider(_("Image side (pixels)"), SIZES, key="vis_seg_size")
        n = st.select_slider(_("Generated images (⅞ train, ⅛ test)"), IMAGES, key="vis_seg_images")
    with c2:
        filters = st.select_slider(_("Channels of the first level"), FILTERS, key="vis_seg_filters")
        depth = st.select_slider(_("Depth (poolings)"), DEPTHS, key="vis_seg_depth")
    with c3:
        epochs = number_input(pgettext("vision", "Epochs"), "vis_seg_epochs")
        lr = st.select_slider(_("Learning rate (Adam)"), LRS, key="vis_seg_lr")
    return dict(
        size=int(size),
        n_images=int(n),
        base_filters=int(filters),
        depth=int(depth),
        epochs=int(epochs),
        learning_rate=float(lr),
    )


@job_slot()
def _train(s: dict, sink):
    from tfdl.experiments import train_shapes_unet

    return train_shapes_unet(**s, seed=0, sink=sink)


@st.cache_data(show_spinner=False, max_entries=64)
def _seconds(size: int, n_images: int, depth: int, base_filters: int, epochs: int) -> float:
    """The estimate traces the U-Net (without weights): once per setting, not on every rerun of the page."""
    from tfdl.experiments import train_shapes_unet_cost

    return train_shapes_unet_cost(size, n_images, depth, base_filters, epochs).seconds


def render() -> None:
    st.markdown(
        _(
            "A U-Net labels every pixel: background, circle, square or triangle. Its last layer is a softmax over "
            "the classes at each pixel, and the loss is the cross-entropy of every pixel, averaged: "
            "L = (1/HW) Σ_ij −log p_ij[y_ij]. Pixel accuracy counts the pixels labelled right; the IoU of a "
            "class is |true ∩ predicted| / |true ∪ predicted| of its pixels, so a rare class cannot hide behind the "
            "background."
        )
    )
    s = _settings()
    settings_expander("vis_seg_code", "unet", tuple(s.values()))
    stored = kept_run(
        "vision_seg", s, button=pgettext("vision", "Train"), button_key="vis_seg_train",
        seconds=lambda: _seconds(s["size"], s["n_images"], s["depth"], s["base_filters"], s["epochs"]),
        advice=_("use fewer images or epochs, fewer channels or smaller images."), train=_train,
        hint=_("Press Train: the U-Net learns the shapes in a few seconds."),
    )
    if stored is not None:
        _show(stored["run"], stored["key"], stored["key"] == s)


def _show(run, key: dict, current: bool) -> None:
    import tfdl.viz as V

    if not current:
        st.caption(
            _("Shown: the run with side {size}, {n} images, {epochs} epochs (the settings above have changed).").format(
                size=key["size"], n=key["n_images"], epochs=key["epochs"]
            )
        )
    names = class_names()
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Pixel accuracy"), fmt_number(100 * run.pixel_accuracy, ".1f") + " %")
    c2.metric(_("Mean IoU"), fmt_number(float(np.nanmean(run.iou)), ".3f"))
    c3.metric(_("Per-pixel loss (test)"), fmt_number(run.loss, ".3f"))
    left, right = st.columns([3, 2])
    with left:
        texts = {
            "image": _("image"),
            "true": _("true mask"),
            "predicted": _("predicted mask"),
            "loss": _("per-pixel loss −log p[y]"),
        }
        st.pyplot(V.segmentation_figure(run.images, run.masks, run.predicted, run.loss_map, names, n=3, texts=texts))
    with right:
        iou = [fmt_number(v, ".3f") if np.isfinite(v) else "—" for v in run.iou]
        st.dataframe(pd.DataFrame({_("class"): names, "IoU": iou}), hide_index=True)
        history = run.history.set_index("epoch")[["loss", "val_loss"]]
        history.columns = [_("training loss"), _("test loss")]
        st.line_chart(history, x_label=pgettext("vision", "epoch"), y_label=_("per-pixel loss"))
