"""Activations & init: the curves and their derivatives, softplus as a stack of sigmoids, maxout,
how initialisation carries (or kills) the signal through depth, and small training experiments.

Curves come from ``tfdl.activations`` (numpy), pictures from ``tfdl.viz.activations``; the
experiments are ``tfdl.experiments.activation_lab`` runs, cached per setting. The tabs live in
``app_pages/activations/``.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.activations import curves, depth
from playground.i18n import _
from playground.page_table import page_title
from playground.state import sync_params

st.title(page_title("activations"))
st.caption(_(
    "A neuron computes z = Wx + b, then a nonlinearity f(z). Its derivative f'(z) is what "
    "backpropagation multiplies layer after layer: where it is small, gradients vanish."
))

tab_curves, tab_softplus, tab_init, tab_exp = st.tabs([
    _("Curves & derivatives"), _("Softplus & maxout"), _("Initialisation through depth"), _("Experiments"),
])
keys: list[str] = []
with tab_curves:
    keys += curves.curves_tab()
with tab_softplus:
    keys += curves.softplus_tab()
with tab_init:
    keys += depth.init_tab()
with tab_exp:
    keys += depth.experiments_tab()

sync_params(keys)
