"""Tab "Text classification", its second part: many-to-many, a tag for every word (``sequence_tagger``).

Generated sentences with a part of speech per word (``tfdl.data.make_tagging_task``) train a
(bi)directional LSTM tagger (``tfdl.experiments.train_sequence_tagger``) after an estimate, in a
slot of the server's queue, with a progress bar; runs are kept in ``st.session_state["tg_runs"]``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, pgettext
from playground.jobs import job_slot
from playground.state import number_input, param
from tfdl.data.text_classification import TAGGING_EXAMPLES

KEYS = ["tg_bi", "tg_epochs", "tg_text"]
N_TRAIN, N_TEST, UNITS = 300, 100, 16


def tag_name(tag: str) -> str:
    return {
        "det": _("determiner"),
        "noun": _("noun"),
        "verb": _("verb"),
        "adj": _("opinion word"),
        "neg": _("negation"),
        "other": _("other"),
    }[tag]


@st.cache_data(max_entries=4, show_spinner=False)
def _data(language: str):
    from tfdl.data import make_tagging_task

    data = make_tagging_task(N_TRAIN + N_TEST, language, seed=0)
    return data.subset(slice(N_TRAIN)), data.subset(slice(N_TRAIN, None))


@st.cache_data(max_entries=16, show_spinner=False)
def _seconds(bidirectional: bool, epochs: int, language: str) -> float:
    from tfdl.experiments import estimate_text_classifier_seconds, text_vocabulary
    from tfdl.models import sequence_tagger

    train, test = _data(language)
    vocab, length = text_vocabulary(train.texts)
    model = sequence_tagger(
        (length,),
        vocab_size=len(vocab),
        embedding_dim=16,
        units=UNITS,
        bidirectional=bidirectional,
        num_classes=len(train.tag_names),
    )
    return estimate_text_classifier_seconds(model, len(train), len(test), epochs)


class _Progress:
    def __init__(self, epochs: int):
        self.epochs, self.bar = epochs, st.progress(0.0)

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.bar.progress((epoch + 1) / self.epochs)

    def should_stop(self) -> bool:
        return False


@job_slot()
def _train(key: tuple, bidirectional: bool, epochs: int, language: str) -> None:
    from tfdl.experiments import train_sequence_tagger

    progress = _Progress(epochs)
    with friendly_errors():
        run = train_sequence_tagger(
            *_data(language), bidirectional=bidirectional, units=UNITS, epochs=epochs, sink=progress
        )
        runs = st.session_state.setdefault("tg_runs", {})
        runs[key] = run
        while len(runs) > 3:
            runs.pop(next(iter(runs)))
    progress.bar.empty()


def render(language: str) -> None:
    st.subheader(_("Many-to-many: a tag for every word"))
    st.markdown(
        _(
            "A **sequence tagger** gives every word its own label (here: its part of speech in the "
            "generated sentences). A bidirectional LSTM reads the sentence both ways, so each word's tag "
            'can use the words after it too: an unknown word between "the" and "was" is a noun.'
        )
    )
    c1, c2 = st.columns(2)
    with c1:
        param("tg_bi", True)
        bidirectional = st.checkbox(_("Bidirectional"), key="tg_bi")
    with c2:
        param("tg_epochs", 5, min=1, max=40)
        epochs = int(number_input(pgettext("sequences", "Epochs"), "tg_epochs"))
    key = (bidirectional, epochs, language)
    ok = False
    with friendly_errors():
        ok = training_budget(_seconds(*key), _("use fewer epochs."))
    if st.button(_("Train the tagger"), key="tg_train", disabled=not ok):
        _train(key, *key)
    run = st.session_state.get("tg_runs", {}).get(key)
    if run is None:
        return
    st.caption(
        _("Held-out accuracy over words after {epochs} epochs: {accuracy} (chance: about {chance}).").format(
            epochs=len(run.history),
            accuracy=fmt_number(float(run.history["val_accuracy"].iloc[-1]), ".1%"),
            chance=fmt_number(1 / len(run.tag_names), ".0%"),
        )
    )
    param("tg_text", TAGGING_EXAMPLES[language])
    text = st.text_input(_("Your sentence to tag"), key="tg_text", max_chars=200)
    with friendly_errors():
        tagged = run.tag(text)
        st.dataframe(
            pd.DataFrame(
                {
                    _("word"): [w if known else f"{w} (<unk>)" for w, _t, known in tagged],
                    _("tag"): [tag_name(t) for _w, t, _k in tagged],
                }
            ).T,
            hide_index=False,
        )
