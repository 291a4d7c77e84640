"""Tab "IoU and NMS": two boxes the user moves, with their intersection and union; greedy
non-maximum suppression on a noisy detector's boxes, one step at a time (``tfdl.metrics.nms_trace``).

All numpy: instant, nothing is trained here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.code_export import code_expander
from playground.common import friendly_errors
from playground.i18n import _, current_language, fmt_number
from playground.state import param
from tfdl.codegen import nms_code

CANVAS = 20
THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
KEYS = [f"vis_{b}{c}" for b in "ab" for c in "xywh"] + [
    "vis_nms_seed",
    "vis_nms_objects",
    "vis_nms_iou",
    "vis_nms_step",
]
DEFAULTS = {"a": (2, 3, 9, 8), "b": (7, 6, 9, 10)}


def _box(name: str, label: str) -> list[float]:
    st.markdown(f"**{label}**")
    for c, (text, low) in zip("xywh", ((_("left x"), 0), (_("top y"), 0), (_("width"), 1), (_("height"), 1))):
        param(f"vis_{name}{c}", DEFAULTS[name]["xywh".index(c)], min=low, max=CANVAS - 1)
        st.slider(text, low, CANVAS - 1, key=f"vis_{name}{c}")
    s = st.session_state
    x, y, w, h = (int(s[f"vis_{name}{c}"]) for c in "xywh")
    return [x, y, min(x + w, CANVAS), min(y + h, CANVAS)]


def _iou_section() -> None:
    import tfdl.viz as V
    from tfdl.metrics import box_iou

    st.subheader(_("IoU of two boxes"))
    c1, c2, c3 = st.columns([1, 1, 3])
    with c1:
        a = _box("a", _("Box A"))
    with c2:
        b = _box("b", _("Box B"))
    area = lambda r: (r[2] - r[0]) * (r[3] - r[1])
    inter = max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))
    union = area(a) + area(b) - inter
    with c3:
        texts = {
            "box_a": _("Box A"),
            "box_b": _("Box B"),
            "intersection": _("intersection A ∩ B"),
            "union": _("union A ∪ B"),
        }
        st.pyplot(V.box_iou_figure(a, b, CANVAS, texts=texts))
        iou = float(box_iou(a, b)[0, 0])
        st.markdown(
            _(
                "|A ∩ B| = {inter}, |A ∪ B| = |A| + |B| − |A ∩ B| = {a} + {b} − {inter} = {union}, "
                "**IoU = {inter} / {union} = {iou}**"
            ).format(inter=inter, a=area(a), b=area(b), union=union, iou=fmt_number(iou, ".3f"))
        )


def _nms_section() -> None:
    import tfdl.viz as V
    from tfdl.data import make_detections
    from tfdl.metrics import nms_trace

    st.subheader(_("Non-maximum suppression, step by step"))
    st.markdown(
        _(
            "A detector proposes several boxes around each object. NMS keeps the best-scoring box, removes every "
            "box that overlaps it with IoU above the threshold, and repeats with the best box left."
        )
    )
    param("vis_nms_seed", 0, min=0, max=1000)
    param("vis_nms_objects", 3, min=1, max=6)
    param("vis_nms_iou", 0.5, options=THRESHOLDS)
    c1, c2, c3 = st.columns(3)
    seed = c1.number_input(_("Random seed"), 0, 1000, key="vis_nms_seed")
    objects = c2.slider(_("Objects"), 1, 6, key="vis_nms_objects")
    threshold = c3.select_slider(_("IoU threshold"), THRESHOLDS, key="vis_nms_iou")
    with friendly_errors(stop=True):
        preds, _targets = make_detections(
            objects=int(objects), per_object=4, false_positives=2, image_size=64, miss_rate=0.0, seed=int(seed)
        )
        boxes, scores = preds[0]["boxes"], preds[0]["scores"]
        steps = nms_trace(boxes, scores, float(threshold))
    param("vis_nms_step", 1, min=0, max=len(steps))
    step = st.slider(_("Steps done"), 0, len(steps), key="vis_nms_step")
    left, right = st.columns([3, 2])
    with left:
        texts = {
            "kept": _("kept"),
            "suppressed": _("suppressed"),
            "current": _("kept at this step"),
            "removed": _("removed at this step"),
            "waiting": _("still in the running"),
        }
        st.pyplot(V.nms_figure(boxes, scores, steps, int(step), 64, texts=texts, locale=current_language()))
    with right:
        rows = [
            {
                _("step"): k + 1,
                _("kept (score)"): f"#{s.kept} ({fmt_number(scores[s.kept], '.2f')})",
                _("removed (IoU with it)"): ", ".join(
                    f"#{j} ({fmt_number(v, '.2f')})" for j, v in zip(s.suppressed, s.ious)
                )
                or "—",
            }
            for k, s in enumerate(steps[: int(step)])
        ]
        if rows:  # a table wraps the long lists of removed boxes
            st.table(pd.DataFrame(rows).set_index(_("step")))
        st.caption(_("{n} boxes in, {k} kept after all {k} steps.").format(n=len(boxes), k=len(steps)))
    code_expander("vis_nms_code", lambda: nms_code(int(objects), float(threshold), int(seed)), file_name="tfdl_nms.py")


def render() -> None:
    _iou_section()
    st.divider()
    _nms_section()
