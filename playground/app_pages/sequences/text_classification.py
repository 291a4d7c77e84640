"""Tab "Text classification": a text CNN or a stacked RNN trained live on generated sentences.

The sentences come from ``tfdl.data.make_text_classification`` (no download; in the interface's
language); ``tfdl.experiments.train_text_classifier`` trains the chosen network. The text CNN's
embedding is random, or initialised from word vectors: skip-gram vectors learned here from the
training sentences, or those of the Word embeddings tab, frozen ("static") or fine-tuned
("non-static"). The estimate comes first (``training_budget``), then a slot of the server's queue
(``job_slot``) and a progress bar. Trained runs are kept in ``st.session_state["tc_runs"]`` keyed
by their settings; :mod:`.text_classification_view` draws the curves and reads a typed sentence.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.sequences import tagging
from playground.app_pages.sequences import text_classification_view as view
from playground.app_pages.sequences.text_classification_settings import DIM, read_settings
from playground.common import friendly_errors, training_budget
from playground.i18n import _, pgettext
from playground.jobs import job_slot

KEYS = [
    "tc_task",
    "tc_lang",
    "tc_n",
    "tc_arch",
    "tc_widths",
    "tc_filters",
    "tc_emb",
    "tc_vectors",
    "tc_cell",
    "tc_layers",
    "tc_units",
    "tc_epochs",
    "tc_text",
] + tagging.KEYS
#: held-out sentences (the validation curve)
N_TEST = 200
VECTOR_EPOCHS = 20
MAX_RUNS = 4


@st.cache_data(max_entries=16, show_spinner=False)
def dataset(task: str, n: int, language: str):
    from tfdl.data import make_text_classification

    data = make_text_classification(n + N_TEST, task, language, seed=0)
    return data.subset(slice(n)), data.subset(slice(n, None))


@st.cache_data(max_entries=64, show_spinner=False)
def _seconds(s: tuple) -> float:
    """The estimate of a run (model built without training; the word vectors' own cost added)."""
    from tfdl.embeddings import count_training_examples, estimate_training_seconds
    from tfdl.experiments import build_text_classifier, estimate_text_classifier_seconds, text_vocabulary

    s = dict(s)
    train, test = dataset(s["task"], s["n"], s["language"])
    vocab, length = text_vocabulary(train.texts)
    widths = tuple(int(w) for w in s["widths"].split(","))
    model = build_text_classifier(
        s["arch"],
        len(vocab),
        max(length, max(widths)),
        len(train.class_names),
        widths=widths,
        filters=s["filters"],
        embedding_dim=DIM,
        cell=s["cell"],
        num_layers=s["layers"],
        units=s["units"],
    )
    seconds = estimate_text_classifier_seconds(model, len(train), len(test), s["epochs"])
    if s["arch"] == "text_cnn" and s["emb"] != "rand" and s["vectors"] == "sentences":
        n = count_training_examples("\n".join(train.texts), "skipgram", 2)
        seconds += estimate_training_seconds(n, VECTOR_EPOCHS, 5, DIM, "skipgram")
    return seconds


def _tab_vectors(s: dict):
    """The Word embeddings tab's vectors when the run needs them (``None`` after saying why not)."""
    result = st.session_state.get("emb_result")
    if result is None:
        st.info(_("Train word vectors in the Word embeddings tab first, or learn them here from the sentences."))
    return None if result is None else result["vectors"]


def key_of(s: dict) -> tuple:
    return tuple(sorted(s.items()))


class _Progress:
    """tfdl's progress sink: a bar that moves after every epoch."""

    def __init__(self, epochs: int, text: str):
        self.epochs, self.text, self.bar = epochs, text, st.progress(0.0, text=text)

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.bar.progress(
            (epoch + 1) / self.epochs,
            text=self.text + " " + _("epoch {epoch} of {epochs}").format(epoch=epoch + 1, epochs=self.epochs),
        )

    def should_stop(self) -> bool:
        return False


@job_slot()
def _train(s: dict, vectors) -> None:
    from tfdl.experiments import sentence_word_vectors, train_text_classifier

    train, test = dataset(s["task"], s["n"], s["language"])
    with friendly_errors():
        if s["emb"] != "rand" and vectors is None:
            progress = _Progress(VECTOR_EPOCHS, _("Word vectors (skip-gram):"))
            vectors = sentence_word_vectors(train.texts, DIM, epochs=VECTOR_EPOCHS, sink=progress)
            progress.bar.empty()
        progress = _Progress(s["epochs"], _("Training:"))
        run = train_text_classifier(
            train,
            test,
            s["arch"],
            widths=tuple(int(w) for w in s["widths"].split(",")),
            filters=s["filters"],
            embedding_dim=DIM,
            embeddings=s["emb"],
            word_vectors=vectors,
            cell=s["cell"],
            num_layers=s["layers"],
            units=s["units"],
            epochs=s["epochs"],
            sink=progress,
        )
        progress.bar.empty()
        runs = st.session_state.setdefault("tc_runs", {})
        runs[key_of(s)] = run
        while len(runs) > MAX_RUNS:
            runs.pop(next(iter(runs)))


def render() -> None:
    st.markdown(
        _(
            "Classify generated sentences: a **text CNN** (Kim 2014) slides filters h words wide over the "
            "word vectors and keeps each filter's maximum over the sentence (max over time); a **stacked "
            "RNN** reads the words in order and classifies from its last state (many-to-one). In the "
            'sentiment task a "not" before the opinion word flips the label: a filter one word wide '
            "cannot see it, a width of 2 can."
        )
    )
    s = read_settings()
    train, test = dataset(s["task"], s["n"], s["language"])
    with st.expander(_("Read some training sentences")):
        st.markdown(view.sample_lines(train, 12))
    vectors = _tab_vectors(s) if s["arch"] == "text_cnn" and s["emb"] != "rand" and s["vectors"] == "tab" else None
    ok = s["emb"] == "rand" or s["vectors"] == "sentences" or vectors is not None
    if ok:
        with friendly_errors():
            ok = training_budget(_seconds(key_of(s)), _("use fewer sentences, epochs, filters, layers or units."))
    if st.button(pgettext("sequences", "Train"), key="tc_train", type="primary", disabled=not ok):
        _train(s, vectors)
    run = st.session_state.get("tc_runs", {}).get(key_of(s))
    if run is None:
        st.info(_("Train a network to see its accuracy curves and classify your own sentence."))
    else:
        view.render(run, s)
    st.divider()
    tagging.render(s["language"])
