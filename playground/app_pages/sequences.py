"""Sequences: train a seq2seq live, decode greedy vs beam with alignments, accuracy by length
with and without attention, LSTM/GRU gate traces, and the vanishing gradient of a vanilla RNN.

The tabs live in the package ``app_pages/sequences/`` (one module each, with ``render()`` and
``KEYS``); this file, the page's entry point, lays them out and writes the link.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.sequences import embeddings, gates, gradients, length, seq2seq, text_classification
from playground.exercise import exercise_keys, exercise_section
from playground.i18n import _, pgettext
from playground.page_table import page_title
from playground.state import sync_params

TABS = (seq2seq, length, gates, embeddings, text_classification, gradients)

st.title(page_title("sequences"))
st.caption(_("From the vanilla RNN to LSTM, seq2seq and attention: train a model, type an input and see where "
             "the decoder looks."))

TAB_NAMES = (pgettext("sequences", "Seq2seq"), _("Accuracy vs length"), pgettext("sequences", "Gates"),
             _("Word embeddings"), _("Text classification"), _("Vanishing gradients"))
for tab, module in zip(st.tabs(list(TAB_NAMES)), TABS):
    with tab:
        module.render()
exercise_section("seq", ("greedy_decoding",), n=4)

sync_params([key for module in TABS for key in module.KEYS] + exercise_keys("seq"))
