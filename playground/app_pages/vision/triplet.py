"""Tab "Triplet loss": a tiny network maps 8×8 digits to the plane and learns with FaceNet's triplet
loss with semi-hard negatives (``tfdl.experiments.train_triplet_embedding``); the points before and
after, with one anchor's positive and semi-hard negative marked (``tfdl.metrics.semihard_triplet``).

Training is estimated, queued (``job_slot``) and kept in ``st.session_state["vision_triplet"]``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.code_export import settings_expander
from playground.common import friendly_errors, kept_run
from playground.i18n import _, fmt_number, pgettext
from playground.jobs import job_slot
from playground.state import number_input, param, set_value

KEYS = ["vis_tr_classes", "vis_tr_epochs", "vis_tr_margin", "vis_tr_anchor"]
MARGINS = [0.2, 0.5, 1.0, 2.0]
PER_CLASS = 60


def _settings() -> dict:
    param("vis_tr_classes", 5, min=2, max=10)
    param("vis_tr_epochs", 20, min=1, max=80)
    param("vis_tr_margin", 1.0, options=MARGINS)
    param("vis_tr_anchor", 0, min=0, max=10 * PER_CLASS - 1)  # the slider appears with a trained run
    c1, c2, c3 = st.columns(3)
    classes = c1.slider(_("Digits 0 … k−1, k ="), 2, 10, key="vis_tr_classes")
    with c2:
        epochs = number_input(pgettext("vision", "Epochs"), "vis_tr_epochs")
    margin = c3.select_slider(_("Margin α"), MARGINS, key="vis_tr_margin")
    return dict(n_classes=int(classes), epochs=int(epochs), margin=float(margin))


@job_slot()
def _train(s: dict, sink):
    from tfdl.experiments import train_triplet_embedding

    return train_triplet_embedding(**s, per_class=PER_CLASS, seed=0, sink=sink)


def _seconds(s: dict) -> float:
    from tfdl.experiments import train_triplet_embedding_cost

    return train_triplet_embedding_cost(s["n_classes"], PER_CLASS, epochs=s["epochs"]).seconds


def render() -> None:
    st.markdown(
        _(
            "FaceNet learns an embedding f where pictures of one identity lie close together. For an anchor a, a "
            "positive p (same class) and a negative n (another class) the loss is max(0, ‖f(a) − f(p)‖² − "
            "‖f(a) − f(n)‖² + α). Semi-hard negatives are those farther than the positive but within the margin: "
            "for each pair (a, p) of a batch, the closest negative farther than p (else the farthest negative)."
        )
    )
    s = _settings()
    settings_expander("vis_tr_code", "triplet", (*s.values(), PER_CLASS))
    stored = kept_run(
        "vision_triplet", s, button=pgettext("vision", "Train"), button_key="vis_tr_train", seconds=lambda: _seconds(s),
        advice=_("use fewer epochs or fewer digits."), train=_train,
        hint=_("Press Train: a network 64 → 32 → 2 learns to place the digits on a plane."),
    )
    if stored is not None:
        _show(stored["run"], stored["key"])


def _show(run, key: dict) -> None:
    import tfdl.viz as V
    from tfdl.metrics import semihard_triplet

    n = len(run.labels)
    if st.session_state["vis_tr_anchor"] > n - 1:  # a run on fewer digits than the link's anchor
        set_value("vis_tr_anchor", n - 1)
    anchor = st.slider(_("Anchor (index of a digit)"), 0, n - 1, key="vis_tr_anchor")
    with friendly_errors(stop=True):
        after = semihard_triplet(run.after, run.labels, int(anchor), margin=key["margin"])
        before = semihard_triplet(run.before, run.labels, int(anchor), positive=after["positive"], margin=key["margin"])
    texts = {
        "before": _("before training"),
        "after": _("after training"),
        "anchor": _("anchor"),
        "positive": _("positive"),
        "negative": _("semi-hard negative"),
        "class": _("digit {c}"),
    }
    marks = [(t["anchor"], t["positive"], t["negative"]) for t in (before, after)]
    st.pyplot(V.triplet_embedding_figure(run.before, run.after, run.labels, *marks, texts=texts))
    rows = [
        {
            "": label,
            "D(a, p)": fmt_number(t["d_ap"], ".3f"),
            "D(a, n*)": fmt_number(t["d_an"], ".3f"),
            _("loss max(0, D_ap − D_an + α)"): fmt_number(t["loss"], ".3f"),
            _("semi-hard: D_ap < D_an < D_ap + α"): _("yes") if t["semi_hard"] else _("no"),
        }
        for label, t in ((_("before training"), before), (_("after training"), after))
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    last = run.history["loss"].iloc[-1]
    st.caption(
        _("Digit of the anchor: {digit}. Batch loss in the last epoch: {loss}.").format(
            digit=int(run.labels[int(anchor)]), loss=fmt_number(float(last), ".4f")
        )
    )
