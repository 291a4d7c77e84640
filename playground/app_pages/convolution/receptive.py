"""The receptive field of a stack of copies of the current layer, drawn on the input."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.convolution.inputs import show
from playground.i18n import _, ngettext, pgettext
from tfdl.explain import fmt_number, stack_receptive_fields
from tfdl.viz import conv_svg as vz


def tab_skeleton(is_open: bool, with_pool: bool):
    """A tab's places below its settings: results, the walk, the output, and the receptive field (whose
    widgets, shared by both tabs under one key each, only the open tab draws).

    Returns:
        (results, left, right, rf_left, rf_right) containers.
    """
    st.markdown("##### " + _("Shapes"))
    results = st.container()
    left, right = st.container(), st.container()  # the walk gets the whole width: its numbers stay readable
    st.markdown("##### " + _("Receptive field"))
    rf_left, rf_right = st.columns([3, 2], gap="large")
    if is_open:
        with rf_left:
            st.slider(_("Stack this layer how many times"), 1, 6, key="layers")
            if with_pool:
                st.checkbox(_("each followed by 2×2 max pooling, stride 2"), key="rfpool")
    return results, left, right, rf_left, rf_right


def _both(a, b) -> str:
    return str(a) if a == b else f"{a}×{b}"


def receptive_block(left, right, x, kind, kernel_size, stride, padding, dilation=1, with_pool=False,
                    ceil_mode=False) -> None:
    """The table of r, j, start and output size per layer, and the fields of the centre cell."""
    with left, st.spinner(_("Tracing the receptive field…")):  # shown only past 0.5 s
        _receptive_block(left, right, x, kind, kernel_size, stride, padding, dilation, with_pool, ceil_mode)


def _receptive_block(left, right, x, kind, kernel_size, stride, padding, dilation, with_pool, ceil_mode) -> None:
    n_blocks = int(st.session_state["layers"])
    pool = bool(st.session_state["rfpool"]) and with_pool
    fits, layers = stack_receptive_fields(x.shape[:2], kind, kernel_size, stride, padding, dilation,
                                          n_blocks, pool, ceil_mode)
    if fits < n_blocks:
        left.info(ngettext(
            "Only {n} such block fits on a {h}×{w} input: the next one would have nothing left to slide over.",
            "Only {n} such blocks fit on a {h}×{w} input: the next one would have nothing left to slide over.",
            fits).format(n=fits, h=x.shape[0], w=x.shape[1]))
    header = (pgettext("table header", "layer"), "r", "j", _("start"), _("output"))
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
    for layer in layers:
        lines.append(f"| {layer['name']} | {_both(*layer['size'])} | {_both(*layer['jump'])} | "
                     f"{_both(*map(fmt_number, layer['start']))} | {layer['output'][0]}×{layer['output'][1]} |")
    left.markdown("\n".join(lines))
    left.caption(_(
        "r_l = r_(l−1) + D·(F−1)·j_(l−1), j_l = j_(l−1)·S: the field grows with depth, stride and dilation. The last "
        "layers should see the whole image. The picture shows the field of the centre output cell after each layer "
        "(dashed: it reaches into the padding)."))
    labels = [f"{layer['name']}: {layer['size'][0]}×{layer['size'][1]}" for layer in layers]
    show(right, vz.receptive_field_svg(x[..., 0] if x.shape[-1] == 1 else x, [layer["region"] for layer in layers],
                                          labels=labels, size=260, title=_("receptive field of the centre cell")))
