"""Output shapes under the TensorFlow and PyTorch rules, with the formulas filled in."""

from __future__ import annotations

import streamlit as st

from playground.i18n import N_, _, error_text
from tfdl import shapes
from tfdl.explain import size_rule_table

AXES = {"height": N_("height"), "width": N_("width")}


def _cell(value) -> str:
    if isinstance(value, str):
        return f"`{value}`"
    return "*" + error_text(value).replace("`", "").replace("|", "/") + "*"


def shapes_block(H, W, C, kh, kw, s, padding, d, n_out, ceil_mode=False, pool=False, params=None):
    """Metrics (input and output shapes, parameters) and the rule table; returns (Ho, Wo) or raises."""
    pads = padding if isinstance(padding, tuple) else (padding, padding)
    size_fn = shapes.pool_output_size if pool else shapes.conv_output_size
    Ho = size_fn(H, kh, s, pads[0], d, ceil_mode)
    Wo = size_fn(W, kw, s, pads[1], d, ceil_mode)
    c_out = C if pool else n_out
    m1, m2, m3, m4 = st.columns([1, 1, 1, 1.4])
    m1.metric(_("Input N×H×W×C (TensorFlow)"), f"1×{H}×{W}×{C}")
    m2.metric(_("Output N×H×W×C (TensorFlow)"), f"1×{Ho}×{Wo}×{c_out}")
    m3.metric(_("Output N×C×H×W (PyTorch)"), f"1×{c_out}×{Ho}×{Wo}")
    if params is not None:
        m4.metric(params[0], params[1])
    lines = ["| " + " | ".join((_("axis"), _("TensorFlow / Keras rule"), _("PyTorch rule"))) + " |", "|---|---|---|"]
    for row in size_rule_table((H, W), (kh, kw), s, padding, d, ceil_mode):
        lines.append(f"| {_(AXES[row.axis])} | {_cell(row.tensorflow)} | {_cell(row.pytorch)} |")
    st.markdown("\n".join(lines))
    if padding == "same":
        (t, b), (left, r) = shapes.same_padding(H, kh, s, d), shapes.same_padding(W, kw, s, d)
        st.caption(_(
            "TensorFlow 'same' adds max((O−1)·S + D·(F−1) + 1 − I, 0) cells: here top {top}, bottom {bottom}, "
            "left {left}, right {right} — an odd total puts the extra cell at the bottom/right, which PyTorch's "
            "symmetric integer padding cannot copy.").format(top=t, bottom=b, left=left, right=r))
    elif not isinstance(padding, str) and not pool:
        st.caption(_("Keras Conv2D has no integer padding: in TensorFlow it is ZeroPadding2D(P) then 'valid' "
                     "(or tfdl.layers.PaddedConv2D, which also has the other padding modes)."))
    elif not isinstance(padding, str) and pool:
        st.caption(_("Keras pooling has no integer padding: ZeroPadding2D first gives the same size, but then "
                     "the zeros can win a max (PyTorch pads max pooling with −∞)."))
    return Ho, Wo
