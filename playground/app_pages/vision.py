"""Vision tasks: segmentation with a U-Net trained live, detection basics (IoU, NMS step by step,
anchors, precision–recall and AP) and the triplet loss with semi-hard negatives.

The tabs live in the package ``app_pages/vision/`` (one module each, with ``render()`` and
``KEYS``); this file, the page's entry point, lays them out and writes the link.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.vision import anchors_pr, boxes, segmentation, triplet
from playground.i18n import _
from playground.page_table import page_title
from playground.state import sync_params

TABS = (segmentation, boxes, anchors_pr, triplet)

st.title(page_title("vision"))
st.caption(
    _(
        "What networks do with images beyond classifying them: label every pixel, find boxes, and learn "
        "an embedding where the same class lies close."
    )
)

TAB_NAMES = (_("Segmentation"), _("IoU and NMS"), _("Anchors and AP"), _("Triplet loss"))
for tab, module in zip(st.tabs(list(TAB_NAMES)), TABS):
    with tab:
        module.render()

sync_params([key for module in TABS for key in module.KEYS])
