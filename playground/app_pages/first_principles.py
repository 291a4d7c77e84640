"""First principles: why a network needs a nonlinearity, what one hidden layer can do, what a linear
classifier learns (one template per class), and how backpropagation sums over the paths of a
computation graph, one node at a time.

The tabs live in the package ``app_pages/first_principles/``; this file, the page's entry point,
declares their settings, lays them out and writes the link. The numbers come from
``tfdl.experiments.first_principles`` (numpy, instant) and ``tfdl.experiments.linear_templates``
(Keras, trained on a button press).
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.first_principles import backprop, basics, templates
from playground.i18n import _
from playground.page_table import page_title
from playground.state import sync_params

for module in (basics, templates, backprop):
    module.declare()

st.title(page_title("first_principles"))

tab_linear, tab_xor, tab_cybenko, tab_backprop, tab_templates = st.tabs(
    [
        _("No nonlinearity = one linear model"),
        _("XOR needs a nonlinearity"),
        _("Universal approximation"),
        _("Backprop = sum over paths"),
        _("Linear classifier templates"),
    ]
)

with tab_linear:
    basics.linear_tab()
with tab_xor:
    basics.xor_tab()
with tab_cybenko:
    basics.cybenko_tab()
with tab_backprop:
    backprop.render()
with tab_templates:
    templates.render()

sync_params(basics.KEYS + backprop.KEYS + templates.KEYS)
