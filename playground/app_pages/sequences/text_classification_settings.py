"""Tab "Text classification": its settings (task, network, embedding), declared and drawn.

``read_settings()`` returns them as a plain dict; a setting the chosen network does not have keeps a
fixed value there (so a run's key in the session does not depend on hidden widgets).
"""

from __future__ import annotations

import streamlit as st

from playground import i18n
from playground.i18n import _, pgettext
from playground.state import number_input, param

WIDTHS = ["1", "2", "1,2", "2,3", "2,3,4", "3,4,5"]
FILTERS = [4, 8, 16, 32, 64]
UNITS = [8, 16, 32, 64]
#: the size of the word vectors learned here (and of a random embedding)
DIM = 16


def names_() -> dict:
    return {
        "sentiment": _('sentiment ("not" flips it)'),
        "topic": _("topic (4 classes)"),
        "text_cnn": _("text CNN (Kim 2014)"),
        "rnn": _("stacked RNN (many-to-one)"),
        "rand": _("random, learned"),
        "static": _("word vectors, frozen (static)"),
        "non-static": _("word vectors, fine-tuned (non-static)"),
        "sentences": _("learned here from the training sentences"),
        "tab": _("from the Word embeddings tab"),
        "en": _("English"),
        "ru": _("Russian"),
    }


def read_settings() -> dict:
    names = names_()
    c1, c2, c3 = st.columns(3)
    with c1:
        param("tc_task", "sentiment", options=["sentiment", "topic"])
        task = st.radio(pgettext("sequences", "Task"), ["sentiment", "topic"], key="tc_task", format_func=names.get)
        # read through the module (a test may patch i18n.current_language after this module is imported)
        param("tc_lang", i18n.current_language(), options=["en", "ru"])
        language = st.radio(_("Sentences in"), ["en", "ru"], key="tc_lang", format_func=names.get, horizontal=True)
        param("tc_n", 300, min=20, max=3000)
        n = number_input(_("Training sentences"), "tc_n", step=50)
        param("tc_epochs", 8, min=1, max=60)
        epochs = number_input(pgettext("sequences", "Epochs"), "tc_epochs")
    with c2:
        param("tc_arch", "text_cnn", options=["text_cnn", "rnn"])
        arch = st.radio(_("Network"), ["text_cnn", "rnn"], key="tc_arch", format_func=names.get)
        s = dict(
            task=task,
            n=int(n),
            epochs=int(epochs),
            arch=arch,
            language=language,
            widths="2,3,4",
            filters=16,
            emb="rand",
            vectors="sentences",
            cell="lstm",
            layers=1,
            units=16,
        )
        if arch == "text_cnn":
            param("tc_widths", "2,3,4", options=WIDTHS)
            s["widths"] = st.select_slider(_("Filter widths h (words)"), WIDTHS, key="tc_widths")
            param("tc_filters", 16, options=FILTERS)
            s["filters"] = st.select_slider(_("Filters per width"), FILTERS, key="tc_filters")
        else:
            param("tc_cell", "lstm", options=["lstm", "gru", "rnn"])
            s["cell"] = st.radio(
                pgettext("sequences", "Cell"),
                ["lstm", "gru", "rnn"],
                key="tc_cell",
                format_func=str.upper,
                horizontal=True,
            )
            param("tc_layers", 2, min=1, max=4)
            s["layers"] = int(number_input(_("Stacked layers"), "tc_layers"))
            param("tc_units", 16, options=UNITS)
            s["units"] = st.select_slider(pgettext("sequences", "Hidden units"), UNITS, key="tc_units")
    with c3:
        if arch == "text_cnn":
            param("tc_emb", "rand", options=["rand", "static", "non-static"])
            s["emb"] = st.radio(_("Embedding"), ["rand", "static", "non-static"], key="tc_emb", format_func=names.get)
            if s["emb"] != "rand":
                param("tc_vectors", "sentences", options=["sentences", "tab"])
                s["vectors"] = st.radio(
                    _("Word vectors"), ["sentences", "tab"], key="tc_vectors", format_func=names.get
                )
        else:
            st.caption(
                _(
                    "The RNN reads the sentence word by word; every layer but the last passes its whole "
                    "sequence of states up to the next (return_sequences), the last gives only h_T to the "
                    "classifier. Its embedding is learned from scratch."
                )
            )
    return s
