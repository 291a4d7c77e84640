"""The Pooling tab: max / average / distance-weighted average / L2 / stochastic pooling, number by
number; then max pooling's gradient, global pooling and unpooling (``pool_extras.py``)."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.convolution.inputs import picture_titles, show
from playground.app_pages.convolution.pool_extras import extras_block, extras_skeleton
from playground.app_pages.convolution.receptive import receptive_block, tab_skeleton
from playground.app_pages.convolution.settings import POOL_PADDING_CHOICES, POOLS
from playground.app_pages.convolution.shapes import shapes_block
from playground.app_pages.convolution.walk import output_table, walk_block
from playground.code_export import code_expander, conv_input_code
from playground.common import friendly_errors
from playground.i18n import N_, _
from playground.limits import MAX_PADDING
from playground.state import number_input
from tfdl import functional as F
from tfdl.codegen import same_in_code
from tfdl.parsing import parse_padding
from tfdl.viz import conv_svg as vz
from tfdl.viz import pool_svg as pv

POOL_LABELS = {"max": N_("max"), "avg": N_("average"), "weighted": N_("weighted average"), "l2": N_("L2"),
               "stochastic": N_("stochastic")}
POOL_FUNCTIONS = {"max": F.max_pool2d, "avg": F.avg_pool2d, "l2": F.l2_pool2d}


def _pool2d(x, kind, f, s, padding, ceil_mode, seed=0, sigma=1.0):
    """One tfdl.functional pooling call (stochastic: seeded, training-mode sampling)."""
    if kind == "stochastic":
        return F.stochastic_pool2d(x, f, s, padding, seed=seed, ceil_mode=ceil_mode)
    if kind == "weighted":
        return F.weighted_avg_pool2d(x, f, s, padding, ceil_mode, sigma=sigma)
    return POOL_FUNCTIONS[kind](x, f, s, padding, ceil_mode)


def _widgets() -> None:
    p1, p2, p3, p4, p5 = st.columns(5)
    with p1:
        st.selectbox(_("Pooling"), POOLS, key="pool", format_func=lambda v: _(POOL_LABELS[v]))
        if st.session_state["pool"] == "stochastic":
            number_input(_("Sampling seed"), "pseed", step=1,
                         help=_("Training-time stochastic pooling picks a cell with probability a / Σa; the same "
                                "seed gives the same picks."))
        if st.session_state["pool"] == "weighted":
            number_input("σ", "psigma", step=0.1, format="%.2f",
                         help=_("Width of the distance weights w ∝ exp(−d²/(2σ²)), d = distance to the window's "
                                "centre in cells: a large σ is plain averaging, a small one keeps the centre."))
    with p2:
        number_input(_("Pool size F"), "psize", step=1)
    with p3:
        number_input(_("Stride S"), "ps", step=1)
    p4.selectbox(_("Padding P"), POOL_PADDING_CHOICES, key="pp", accept_new_options=True,
                 help=_("PyTorch allows at most half the window; padding never wins a max."))
    p5.checkbox("ceil_mode", key="ceil",
                help=_("PyTorch: round the output size up (the last window may hang over the edge, but must start "
                       "inside the input or its left padding)."))


def pool_tab(x, is_open: bool) -> None:
    """Draw the tab's widgets, then (the tab is open and the input ``x`` valid) its results.

    The receptive-field widgets are shared by both tabs (one key each): the open tab draws them.
    """
    state = st.session_state
    if is_open:  # drawn hidden, a re-shown pooling tab lost its widgets in chromium (see the browser tests)
        _widgets()
    results, left, right, rf_left, rf_right = tab_skeleton(is_open, with_pool=False)
    backward, rest = extras_skeleton(is_open)
    if not is_open or x is None:
        return
    f, s, kind, ceil_mode = int(state["psize"]), int(state["ps"]), state["pool"], bool(state["ceil"])
    sigma = float(state["psigma"])
    done = False
    with results, friendly_errors():
        H, W, C = x.shape
        padding = parse_padding(state["pp"], max_value=MAX_PADDING)
        y = _pool2d(x, kind, f, s, padding, ceil_mode, seed=int(state["pseed"]), sigma=sigma)
        weights = F.distance_weights(f, sigma) if kind == "weighted" else None
        shapes_block(H, W, C, f, f, s, padding, 1, C, ceil_mode=ceil_mode, pool=True,
                     params=(_("Parameters (pooling keeps the channels)"), "0"))
        code_expander("pool_code", lambda: same_in_code(
            kind, x.shape, (f, f), stride=s, padding=padding, ceil_mode=ceil_mode, seed=int(state["pseed"]),
            sigma=sigma, output_shape=y.shape, x=x, input_code=conv_input_code()), file_name="tfdl_pooling.py")
        with right:
            if weights is not None:
                st.markdown("##### " + _("Window weights"))
                show(st, pv.window_weights_svg(weights, title=_("w[u, v], summing to 1")))
                st.caption(_("y = Σ w·x / Σ w over the window's cells (padding cells that are left out drop their "
                             "weight from Σ w); w falls with the distance to the window's centre."))
            st.markdown("##### " + _("Output"))
            with st.spinner(_("Drawing the output…")):
                show(st, vz.conv_output_svg(y, size=220, titles=picture_titles()))
            output_table(y[..., 0])
        with left:
            st.markdown("##### " + _("The window walks over the input"))
            walk_block(x[..., 0], y[..., 0], "pstep", kernel_size=(f, f), stride=s, padding=padding, what=kind,
                       ceil_mode=ceil_mode, kernel2d=weights)
        done = True
    if done:
        with rf_left, friendly_errors():
            receptive_block(rf_left, rf_right, x, "pool", (f, f), s, padding, ceil_mode=ceil_mode)
        with backward, friendly_errors():
            extras_block(backward, rest, x, kind, f, s, padding, ceil_mode)
