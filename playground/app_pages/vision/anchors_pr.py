"""Tab "Anchors and AP": the anchor boxes of a detector head over a generated image
(``tfdl.metrics.anchor_boxes``), and the precision–recall curve and AP of a noisy detector's boxes
with a score threshold the user moves (``tfdl.metrics.detection_pr_curve``). All numpy.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.common import friendly_errors
from playground.i18n import _, current_language, fmt_number
from playground.state import param

FEATURES = [2, 4, 8]
RATIOS = {"1": (1.0,), "3": (0.5, 1.0, 2.0), "5": (1 / 3, 0.5, 1.0, 2.0, 3.0)}
MATCH = [0.3, 0.5, 0.7]
KEYS = [
    "vis_anc_feat",
    "vis_anc_scale",
    "vis_anc_nscales",
    "vis_anc_ratios",
    "vis_anc_row",
    "vis_anc_col",
    "vis_anc_seed",
    "vis_pr_images",
    "vis_pr_thr",
    "vis_pr_iou",
    "vis_pr_nms",
    "vis_pr_seed",
]
SIZE = 64


@st.cache_data(show_spinner=False, max_entries=32)
def _image(seed: int):
    from tfdl.data import make_shapes

    data = make_shapes(n_images=1, size=SIZE, max_shapes=3, seed=seed)
    boxes = data.boxes[0, : data.counts[0]][:, [1, 0, 3, 2]]  # (y0, x0, y1, x1) → [x1, y1, x2, y2]
    return data.images[0], boxes


def _anchors_section() -> None:
    import tfdl.viz as V
    from tfdl.metrics import anchor_boxes, box_iou

    st.subheader(_("Anchor boxes"))
    st.markdown(
        _(
            "A detector head predicts, for every cell of its feature map, a score and a correction for each of a "
            "few fixed boxes centred on that cell: the anchors (one per scale s and aspect ratio r, w = s·√r, "
            "h = s/√r). Training matches each object to the anchors that overlap it most."
        )
    )
    param("vis_anc_feat", 4, options=FEATURES)
    param("vis_anc_scale", 16, min=4, max=48)
    param("vis_anc_nscales", 2, min=1, max=3)
    param("vis_anc_ratios", "3", options=list(RATIOS))
    param("vis_anc_seed", 0, min=0, max=1000)
    c1, c2, c3 = st.columns(3)
    feat = int(c1.select_slider(_("Feature map side"), FEATURES, key="vis_anc_feat"))
    scale = int(c2.slider(_("Smallest scale s (pixels)"), 4, 48, key="vis_anc_scale"))
    n_scales = int(c2.slider(_("Scales (s, 2s, 4s)"), 1, 3, key="vis_anc_nscales"))
    ratios = c3.radio(
        _("Aspect ratios w/h"),
        list(RATIOS),
        key="vis_anc_ratios",
        horizontal=True,
        format_func=lambda k: "; ".join(fmt_number(r, ".2g") for r in RATIOS[k]),
    )
    seed = c1.number_input(_("Image seed"), 0, 1000, key="vis_anc_seed")
    param("vis_anc_row", 1, min=0, max=feat - 1)
    param("vis_anc_col", 1, min=0, max=feat - 1)
    row = c3.slider(_("Cell row"), 0, feat - 1, key="vis_anc_row")
    col = c3.slider(_("Cell column"), 0, feat - 1, key="vis_anc_col")
    image, objects = _image(int(seed))
    scales = [scale * 2**k for k in range(n_scales)]
    with friendly_errors(stop=True):
        anchors = anchor_boxes(feat, SIZE, scales, RATIOS[ratios])
    per_cell = n_scales * len(RATIOS[ratios])
    left, right = st.columns([3, 2])
    with left:
        texts = {
            "cell": _("chosen cell"),
            "anchor_centres": _("anchor centres"),
            "object": _("object"),
            "best_anchor": _("anchor with the highest IoU"),
        }
        st.pyplot(
            V.anchors_figure(
                image, anchors, feat, per_cell, (int(row), int(col)), objects, texts=texts, locale=current_language()
            )
        )
    with right:
        st.metric(_("Anchors"), f"{feat}² · {n_scales} · {len(RATIOS[ratios])} = {len(anchors)}")
        best = box_iou(objects, anchors).max(axis=1) if len(objects) else np.zeros(0)
        st.markdown(
            _("Best IoU of each object with an anchor: {values}").format(
                values=", ".join(fmt_number(v, ".2f") for v in best) or "—"
            )
        )


def _pr_section() -> None:
    import tfdl.viz as V
    from tfdl.data import make_detections
    from tfdl.metrics import detection_pr_curve, non_max_suppression

    st.subheader(_("Precision–recall curve and AP"))
    st.markdown(
        _(
            "Sort the detections by score. Above a threshold τ, precision P = TP / (TP + FP) and recall "
            "R = TP / (number of objects); a detection is a TP if its IoU with a not yet matched object is above the "
            "match threshold. AP is the area under the curve after making precision non-increasing."
        )
    )
    param("vis_pr_seed", 0, min=0, max=1000)
    param("vis_pr_images", 5, min=1, max=20)
    param("vis_pr_thr", 0.5, min=0.0, max=1.0)
    param("vis_pr_iou", 0.5, options=MATCH)
    param("vis_pr_nms", True)
    c1, c2, c3 = st.columns(3)
    seed = c1.number_input(_("Random seed"), 0, 1000, key="vis_pr_seed")
    n = c1.slider(_("Images"), 1, 20, key="vis_pr_images")
    thr = c2.slider(_("Score threshold τ"), 0.0, 1.0, step=0.01, key="vis_pr_thr")
    match = c2.select_slider(_("Match: IoU above"), MATCH, key="vis_pr_iou")
    nms = c3.checkbox(
        _("NMS first"),
        key="vis_pr_nms",
        help=_("Without NMS, every duplicate box of an object counts as a false positive."),
    )
    with friendly_errors(stop=True):
        preds, targets = make_detections(
            n_images=int(n), objects=3, per_object=3, false_positives=3, jitter=0.2, image_size=SIZE, seed=int(seed)
        )
        if nms:
            preds = [{k: v[non_max_suppression(p["boxes"], p["scores"], 0.5)] for k, v in p.items()} for p in preds]
        r = detection_pr_curve(preds, targets, 0, float(match))
    above = r["scores"] >= thr
    tp, fp = int(r["tp"][above].sum()), int((~r["tp"][above]).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / r["n_objects"]
    left, right = st.columns([3, 2])
    with left:
        texts = {
            "recall": _("recall"),
            "precision": _("precision"),
            "ap_area": _("AP = {ap} (area under the interpolated curve)"),
            "threshold": _("score ≥ {t}: P = {p}, R = {r}"),
        }
        st.pyplot(
            V.pr_curve_figure(
                r["precision"], r["recall"], r["ap"], thr, (rec, p), texts=texts, locale=current_language()
            )
        )
    with right:
        st.metric("AP", fmt_number(r["ap"], ".3f"))
        st.markdown(
            _("Objects: {n}. Above τ = {t}: {tp} TP, {fp} FP → P = {p}, R = {r}.").format(
                n=r["n_objects"],
                t=fmt_number(thr, ".2f"),
                tp=tp,
                fp=fp,
                p=fmt_number(p, ".2f"),
                r=fmt_number(rec, ".2f"),
            )
        )


def render() -> None:
    _anchors_section()
    st.divider()
    _pr_section()
