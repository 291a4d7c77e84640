"""Convolution lab: padding, stride, dilation, groups and pooling, number by number.

Input (a digit, a generated picture, a typed grid or random numbers) → kernel (a named filter,
typed numbers or random) → settings. Shown at once: the output shapes under the TensorFlow and
PyTorch rules with the formula filled in, the output as numbers and as pictures, the kernel
walking over the padded input, the receptive field and the parameter count. A Pooling tab gives
the same treatment to max / average / L2 pooling; three more show the convolution as a matrix, the
transposed convolution, and dense vs locally connected vs convolution (``convolution/views.py``).
Needs numpy and tfdl only: no TensorFlow, no matplotlib (the pictures are SVG text,
``tfdl.viz.conv_svg``), so it opens and reacts quickly.

The tabs live in ``app_pages/convolution/``. Widgets are drawn before anything is computed (an
error never hides a widget, so none loses its value); only the open tab computes.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.convolution import settings
from playground.app_pages.convolution.conv_tab import conv_tab
from playground.app_pages.convolution.inputs import input_widgets, make_input, picture_titles, show
from playground.app_pages.convolution.pooling import pool_tab
from playground.app_pages.convolution.views import views_tabs
from playground.common import friendly_errors
from playground.exercise import exercise_keys, exercise_section
from playground.i18n import _
from playground.page_table import page_title
from playground.state import set_value
from tfdl.viz import conv_svg as vz

settings.declare()
st.title(page_title("convolution"))
st.caption(_(
    "Deep-learning libraries compute cross-correlation: out[i, j] = Σ x[i·s + a·d, j·s + b·d]·k[a, b] over the "
    "kernel cells (a, b), on the padded input. Change one setting and watch the shapes, the numbers and the walk."))
st.selectbox(_("Preset"), list(settings.PRESETS), key="preset", on_change=settings.on_preset,
             format_func=lambda name: _(settings.PRESETS[name][0]),
             help=_("Worked examples of the course notes: open one, then change a setting."))

st.subheader(_("Input"))
input_widgets()
x = None
with friendly_errors():
    x = make_input()
if x is not None:
    H, W, C = x.shape
    own = st.session_state["src"] in ("draw", "upload")  # the student sees what became of their picture
    with st.expander(_("Input {h}×{w}×{c}: numbers and picture").format(h=H, w=W, c=C),
                     expanded=max(H, W) <= 12 or own):
        with st.spinner(_("Drawing the input…")):  # shown only past 0.5 s (Streamlit's delay)
            show(st, vz.number_grid_svg(x[..., 0] if C == 1 else x, size=260, titles=picture_titles()))

labels, tab_key = settings.tab_labels(), settings.tab_key()
if st.session_state.get(tab_key) in labels:
    set_value("op", settings.OPS[labels.index(st.session_state[tab_key])])
tab_conv, tab_pool, *view_tabs = st.tabs(labels, default=labels[settings.OPS.index(st.session_state["op"])],
                                         key=tab_key, on_change="rerun")
op = next((name for name, tab in zip(settings.OPS, [tab_conv, tab_pool, *view_tabs]) if tab.open), "conv")
set_value("op", op)
with tab_conv:
    conv_tab(x, is_open=op == "conv")
with tab_pool:
    pool_tab(x, is_open=op == "pool")
views_tabs(view_tabs, x, op)
exercise_section("conv", ("conv_shape", "receptive_field", "param_count"))
settings.sync_url(extra=exercise_keys("conv"))
