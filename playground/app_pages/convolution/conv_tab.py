"""The Convolution tab: kernel, settings, shapes, the same in code, the output, the walk, the field."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.convolution.inputs import (
    filter_label,
    kernel_widgets,
    make_kernel,
    picture_titles,
    show,
)
from playground.app_pages.convolution.receptive import receptive_block, tab_skeleton
from playground.app_pages.convolution.settings import PADDING_CHOICES, PADDING_MODES
from playground.app_pages.convolution.shapes import shapes_block
from playground.app_pages.convolution.walk import output_table, walk_block
from playground.code_export import code_expander, conv_input_code
from playground.common import friendly_errors
from playground.i18n import _
from playground.limits import MAX_PADDING
from playground.state import number_input
from tfdl import functional as F
from tfdl import shapes
from tfdl.codegen import same_in_code
from tfdl.parsing import parse_padding
from tfdl.viz import conv_svg as vz


def _settings_widgets() -> None:
    s1, s2, s3, s4, s5, s6 = st.columns(6)
    with s1:
        number_input(_("Stride S"), "s", step=1)
    s2.selectbox(_("Padding P"), PADDING_CHOICES, key="p", accept_new_options=True,
                 help=_("'valid' (none), 'same' (TensorFlow: output = ceil(I/S)), an integer on each side "
                        "(PyTorch), or 'rows,cols'. Type your own value."))
    s3.selectbox(_("Padding mode"), PADDING_MODES, key="pmode",
                 help=_("What the padding cells hold: zeros, a constant, the edge repeated, a mirror without / "
                        "with the edge (reflect / symmetric), or the other side."))
    if st.session_state["pmode"] == "constant":
        with s3:
            number_input(_("Constant value"), "pval", step=1.0)
    with s4:
        number_input(_("Dilation D"), "d", step=1, help=_("D − 1 cells are skipped between kernel taps."))
    with s5:
        number_input(_("Groups"), "g", step=1,
                     help=_("Each filter sees C_in / groups channels (groups = C_in: depthwise)."))
    with s6:
        number_input(_("Filters"), "n", step=1, help=_("Number of filters = output channels."))


def conv_tab(x, is_open: bool) -> None:
    """Draw the tab's widgets, then (the tab is open and the input ``x`` valid) its results.

    The receptive-field widgets are shared by both tabs (one key each): the open tab draws them.
    """
    state = st.session_state
    st.markdown("##### " + _("Kernel"))
    k1, k2, k3 = st.columns([1, 2, 1])
    kernel_widgets(k1, k2)
    st.markdown("##### " + _("Settings"))
    _settings_widgets()
    results, left, right, rf_left, rf_right = tab_skeleton(is_open, with_pool=True)
    if not is_open or x is None:
        return
    s, d, g, n, mode, val = (int(state["s"]), int(state["d"]), int(state["g"]), int(state["n"]), state["pmode"],
                             float(state["pval"]))
    done = False
    with results, friendly_errors():
        H, W, C = x.shape
        padding = parse_padding(state["p"], max_value=MAX_PADDING)
        kernel, names = make_kernel(max(C // g, 1), n)
        kh, kw = kernel.shape[:2]
        show(k3, vz.number_grid_svg(kernel[:, :, 0, 0], size=110, titles=(_("kernel"), _("picture"))))
        if n > 1:
            k3.caption(_("Filters: {names}").format(names=", ".join(map(filter_label, names))))
        y = F.conv2d(x, kernel, stride=s, padding=padding, dilation=d, padding_mode=mode, groups=g,
                     padding_value=val)
        shapes_block(H, W, C, kh, kw, s, padding, d, n, params=(
            _("Parameters k·k·(C_in/g)·C_out + C_out"),
            f"{kh}·{kw}·({C}/{g})·{n} + {n} = {shapes.conv_params((kh, kw), C, n, groups=g)}"))
        code_expander("conv_code", lambda: same_in_code(
            "conv", x.shape, kernel.shape, stride=s, padding=padding, dilation=d, padding_mode=mode,
            padding_value=val, groups=g, output_shape=y.shape, x=x, kernel=kernel, input_code=conv_input_code()),
            _("The same in code (numpy reference and Keras layer)"), "tfdl_convolution.py")
        with right:
            st.markdown("##### " + _("Output"))
            if n > 1:
                state["och"] = min(int(state["och"]), n - 1)
                st.radio(_("Filter shown"), list(range(n)), key="och", horizontal=True,
                         format_func=lambda j: f"{j}: {filter_label(names[j])}")
            och = int(state["och"]) if n > 1 else 0
            with st.spinner(_("Drawing the output…")):
                show(st, vz.conv_output_svg(y, channel=och, size=220, titles=picture_titles()))
            output_table(y[..., och])
        with left:
            st.markdown("##### " + _("The kernel walks over the input"))
            cpg = max(C // g, 1)
            cin = (och // max(n // g, 1)) * cpg
            if cpg > 1:
                st.caption(_("Showing input channel {channel}; the output cell sums the {n} channels of its group.")
                           .format(channel=cin, n=cpg))
            walk_block(x[..., cin], y[..., och], "step", kernel_size=(kh, kw), stride=s, padding=padding,
                       dilation=d, padding_mode=mode, value=val, kernel2d=kernel[:, :, 0, och])
        done = True
    if not done:
        return
    with rf_left, friendly_errors():
        receptive_block(rf_left, rf_right, x, "conv", (kh, kw), s, padding, d, with_pool=True)
