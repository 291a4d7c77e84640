"""Tab "Seq2seq": train a seq2seq live, then decode a typed input greedy vs beam, with alignments.

The trained model lives in ``st.session_state["seq_state"]`` and training runs a few epochs per
rerun, so the loss curve grows live and the Stop button takes effect between chunks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from playground.app_pages.sequences import beam_tree
from playground.app_pages.sequences.texts import (
    EXAMPLES,
    alignment_texts,
    attention_name,
    check_length,
    loss_texts,
    shown_table,
    task_description,
    task_name,
)
from playground.code_export import settings_expander
from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, pgettext
from playground.jobs import job_slot
from playground.limits import MAX_SEQUENCE_CHARS
from playground.state import number_input, param, set_value
from tfdl.data.sequences import SEQUENCE_TASKS
from tfdl.experiments.seq2seq_time import estimate_seq2seq_seconds, mean_pair_tokens
from tfdl.viz import sequences as vz
from tfdl.viz.vega import epoch_loss_spec

KEYS = ["seq_task", "seq_min_len", "seq_max_len", "seq_cell", "seq_attention", "seq_reverse", "seq_birnn",
        "seq_units", "seq_n_train", "seq_epochs", "seq_beam"]
CELLS = ["lstm", "gru", "rnn"]
ATTENTIONS = ["none", "bahdanau", "luong"]
UNITS = [8, 16, 32, 48, 64, 128, 256]


@st.cache_data(max_entries=128, show_spinner=False)
def tokens_per_pair(task: str, min_len: int, max_len: int) -> float:
    return mean_pair_tokens(task, min_len, max_len)


def _settings() -> dict:
    c1, c2, c3 = st.columns(3)
    with c1:
        param("seq_task", "reverse", options=list(SEQUENCE_TASKS))
        task = st.selectbox(pgettext("sequences", "Task"), list(SEQUENCE_TASKS), key="seq_task", format_func=task_name)
        st.caption(task_description(task))
        param("seq_min_len", 2, min=1, max=15)
        param("seq_max_len", 6, min=1, max=15)
        min_len = number_input(pgettext("sequences", "Shortest source"), "seq_min_len")
        max_len = number_input(pgettext("sequences", "Longest source"), "seq_max_len")
    with c2:
        param("seq_cell", "lstm", options=CELLS)
        cell = st.selectbox(pgettext("sequences", "Cell"), CELLS, key="seq_cell", format_func=str.upper)
        param("seq_attention", "bahdanau", options=ATTENTIONS)
        attention = st.selectbox(pgettext("sequences", "Attention"), ATTENTIONS, key="seq_attention",
                                 format_func=attention_name)
        param("seq_reverse", False)
        reverse = st.checkbox(_("Reverse the source"), key="seq_reverse")
        param("seq_birnn", False)
        birnn = st.checkbox(_("Bidirectional encoder"), key="seq_birnn")
    with c3:
        param("seq_units", 48, options=UNITS)
        units = st.select_slider(pgettext("sequences", "Hidden units"), UNITS, key="seq_units")
        param("seq_n_train", 1200, min=16, max=20000)
        n_train = number_input(pgettext("sequences", "Training pairs"), "seq_n_train", step=100)
        param("seq_epochs", 8, min=1, max=100)
        epochs = number_input(pgettext("sequences", "Epochs"), "seq_epochs")
    return dict(task=task, min_len=int(min_len), max_len=int(max_len), cell=cell, attention=attention,
                reverse=reverse, birnn=birnn, units=int(units), n_train=int(n_train), epochs=int(epochs))


def _check(s: dict) -> bool:
    """Explain the estimate (or why training is refused); ``True`` when training may start."""
    with friendly_errors():
        if s["min_len"] > s["max_len"]:
            raise ValueError(_("`Shortest source` must be <= `Longest source`. Received: {min} > {max}.").format(
                min=s["min_len"], max=s["max_len"]))
        estimate = estimate_seq2seq_seconds(s["n_train"], s["epochs"],
                                            tokens_per_pair(s["task"], s["min_len"], s["max_len"]),
                                            s["units"] * (2 if s["birnn"] else 1))
        return training_budget(estimate, _("reduce the pairs, epochs, units or lengths."))
    return False


def _start(s: dict) -> None:
    from tfdl.data.sequences import make_sequence_task
    from tfdl.models import seq2seq
    from tfdl.seeding import seeded

    with friendly_errors():
        data = make_sequence_task(s["task"], n_samples=s["n_train"] + 200, min_len=s["min_len"],
                                  max_len=s["max_len"], seed=0)
        train, test = data.subset(np.arange(s["n_train"])), data.subset(np.arange(s["n_train"], len(data)))
        vocab = train.tokenizer.vocab_size
        with seeded(0):  # the same weights for the same settings, whoever else trains now
            model = seq2seq(vocab, vocab, embedding_dim=16, units=s["units"], cell=s["cell"],
                            attention=None if s["attention"] == "none" else s["attention"],
                            reverse_source=s["reverse"], bidirectional_encoder=s["birnn"])
        set_value("seq_input", EXAMPLES[s["task"]])
        st.session_state["seq_state"] = {"model": model, "train": train, "test": test, "losses": [],
                                         "epochs": s["epochs"], "task": s["task"], "attention": s["attention"],
                                         "cell": s["cell"], "birnn": s["birnn"]}
        st.session_state["seq_running"] = True


@job_slot()
def _train_chunk(state: dict) -> None:
    """A fifth of the epochs, then a rerun (the loss curve grows live; Stop acts between chunks)."""
    from tfdl.experiments.sequences import train_seq2seq

    done = len(state["losses"])
    chunk = min(state["epochs"] - done, max(1, state["epochs"] // 5))
    with st.spinner(_("Training: epoch {epoch} of {epochs}").format(epoch=done + 1, epochs=state["epochs"])):
        losses = train_seq2seq(state["train"], model=state["model"], epochs=chunk)[1]
    state["losses"] += losses
    if len(state["losses"]) >= state["epochs"]:
        st.session_state["seq_running"] = False
    else:
        st.rerun()


def _decode(state: dict) -> None:
    from tfdl.decoding import decode_text

    tok = state["train"].tokenizer
    param("seq_input", EXAMPLES[state["task"]])
    text = st.text_input(pgettext("sequences", "Your input"), key="seq_input", max_chars=MAX_SEQUENCE_CHARS)
    param("seq_beam", 3, min=1, max=8)
    beam = st.slider(_("Beam width k"), 1, 8, key="seq_beam")
    with friendly_errors():
        check_length(text, pgettext("sequences", "Your input"))
        longest = state["train"].max_source_chars
        if len(text) > longest:
            st.warning(_("The model was trained on inputs of up to {n} characters; this one has {m}, so its "
                         "output is probably wrong: a seq2seq model does not generalise to inputs longer than it "
                         "saw.").format(n=longest, m=len(text)))
        greedy = decode_text(state["model"], tok, text, method="greedy")
        beamed = decode_text(state["model"], tok, text, method="beam", beam_width=int(beam))
        shown = f"`{greedy.text}`" if greedy.text else _("(empty: the model stops at once — train longer)")
        st.markdown(_("**Output:** {output}").format(output=shown))
        st.dataframe(pd.DataFrame({
            pgettext("sequences", "search"): [pgettext("sequences", "greedy"), _("beam k={k}").format(k=beam)],
            alignment_texts()["output"]: [greedy.text, beamed.text],
            "log p": [fmt_number(greedy.log_prob, ".4f"), fmt_number(beamed.log_prob, ".4f")],
            _("score (log p / length)"): [fmt_number(greedy.score, ".4f"), fmt_number(beamed.score, ".4f")],
        }), hide_index=True)
        if state["attention"] == "none":
            st.info(_("This model has no attention, so there is no alignment to show."))
        else:
            st.pyplot(vz.alignment_figure(greedy.alignment, list(text), list(greedy.text) + ["</s>"],
                                          title=_("where the decoder looks"), texts=alignment_texts()))
        beam_tree.render(state, text, int(beam))  # the tree of hypotheses and each final beam's alignment


def render() -> None:
    s = _settings()
    ok = _check(s)
    ss = st.session_state
    settings_expander("seq_code", "seq2seq", (*s.values(), ss.get("seq_input") or EXAMPLES[s["task"]]))
    b1, b2 = st.columns(2)
    start = b1.button(pgettext("sequences", "Train"), key="seq_train", type="primary", disabled=not ok)
    if b2.button(pgettext("sequences", "Stop"), key="seq_stop"):
        ss["seq_running"] = False
    if start and ok:
        _start(s)
    state = ss.get("seq_state")
    if state is not None and ss.get("seq_running"):
        _train_chunk(state)
    if state is None:
        st.info(_("Train a model to decode your own inputs."))
        return
    st.vega_lite_chart(epoch_loss_spec(state["losses"], texts=loss_texts(), title=_("training loss")), width="stretch")
    if not state["losses"]:
        st.caption(_("Stopped before the first epoch."))
    _decode(state)
    if st.button(_("Accuracy on held-out pairs"), key="seq_eval"):
        from tfdl.experiments.sequences import sequence_accuracy

        st.dataframe(shown_table(sequence_accuracy(state["model"], state["test"])), hide_index=True)
