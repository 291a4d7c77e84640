"""Tab "Accuracy vs length": seq2seq quality by source length, with and without attention (or reversal)."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.sequences.seq2seq import tokens_per_pair
from playground.app_pages.sequences.texts import (
    accuracy_texts,
    series_labels,
    shown_table,
    task_name,
)
from playground.common import friendly_errors, training_budget
from playground.i18n import _, pgettext
from playground.state import number_input, param
from tfdl.experiments.seq2seq_time import estimate_seq2seq_seconds
from tfdl.viz import sequences as vz

KEYS = ["seq_cmp", "seq_len_task", "seq_len_max", "seq_len_epochs", "seq_len_n"]
COMPARISONS = ["attention", "reverse"]
TASKS = ["copy", "reverse", "sort"]
MIN_LEN = 2  # the shortest source of the experiment


def _comparison_name(key: str) -> str:
    return _("with vs without attention") if key == "attention" else _("forward vs reversed source")


def render() -> None:
    st.markdown(_(
        "Without attention the decoder sees the source only through one fixed-size vector, so quality falls "
        "with length. Attention removes that bottleneck; reversing the source helps a model without it."))
    param("seq_cmp", "attention", options=COMPARISONS)
    compare = st.radio(pgettext("sequences", "Compare"), COMPARISONS, key="seq_cmp", format_func=_comparison_name,
                       horizontal=True)
    d1, d2, d3 = st.columns(3)
    param("seq_len_task", "copy", options=TASKS)
    task = d1.selectbox(pgettext("sequences", "Task"), TASKS, key="seq_len_task", format_func=task_name)
    param("seq_len_max", 10, min=3, max=14)
    max_len = d2.slider(pgettext("sequences", "Longest source"), 3, 14, key="seq_len_max")
    param("seq_len_epochs", 6, min=1, max=20)
    epochs = d3.slider(pgettext("sequences", "Epochs"), 1, 20, key="seq_len_epochs")
    param("seq_len_n", 1500, min=32, max=10000)
    with d1:
        n_train = number_input(pgettext("sequences", "Training pairs"), "seq_len_n", step=100)
    estimate = estimate_seq2seq_seconds(int(n_train), int(epochs), tokens_per_pair(task, MIN_LEN, int(max_len)),
                                        32, n_models=2)
    st.caption(_("Two models are trained, one after the other."))
    too_long = not training_budget(estimate, _("reduce the pairs, epochs or length."))
    if st.button(_("Run the experiment"), key="seq_len_run", disabled=too_long) and not too_long:
        from tfdl.experiments import sequences as ex

        run = ex.accuracy_by_length if compare == "attention" else ex.reverse_source_experiment
        with friendly_errors(), st.spinner(_("Training two models...")):
            st.session_state["seq_len_result"] = (compare, run(task, min_len=MIN_LEN, max_len=int(max_len),
                                                               n_train=int(n_train), n_test=300, epochs=int(epochs)))
    result = st.session_state.get("seq_len_result")
    if result is not None:
        hue = "attention" if result[0] == "attention" else "reverse_source"
        st.pyplot(vz.accuracy_by_length_figure(result[1], hue=hue, texts=accuracy_texts(),
                                               series_labels=series_labels()))
        st.dataframe(shown_table(result[1]), hide_index=True)
