"""Tab "Gates": the gates of the trained seq2seq's encoder over a typed sequence (else a random LSTM)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.sequences.texts import check_length, gate_texts
from playground.code_export import code_expander
from playground.common import friendly_errors
from playground.i18n import _, pgettext
from playground.limits import MAX_SEQUENCE_CHARS
from playground.state import param
from tfdl.codegen import gates_code
from tfdl.viz import sequences as vz

KEYS = ["seq_gate_units"]


def _gates(state: dict | None, text: str):
    """``(gates of one sequence, time-step labels, title)``: the trained encoder's when it has gates."""
    from tfdl.models import encoder_gates, has_encoder_gates, random_lstm_gates, source_reversed

    if state is not None and has_encoder_gates(state["model"]):
        ids = np.array([state["train"].tokenizer.encode(text)], dtype="int32")
        tokens = list(text)[::-1] if source_reversed(state["model"]) else list(text)
        return encoder_gates(state["model"], ids), tokens, _("trained encoder")
    from tfdl.data.sequences import CharTokenizer

    tok = CharTokenizer("0123456789")
    ids = np.array([tok.encode(text)], dtype="int32")
    return random_lstm_gates(ids, vocab_size=tok.vocab_size, units=16, seed=0), list(text), _("random LSTM")


def render() -> None:
    st.markdown(_(
        "An LSTM writes to its cell `c` through the input gate `i`, keeps it through the forget gate `f` and "
        "shows it through the output gate `o`. With a trained seq2seq the encoder's gates are shown (in the "
        "order the encoder reads the source); otherwise a fresh (random) layer."))
    param("seq_gate_text", "31415926")
    text = st.text_input(pgettext("sequences", "Sequence"), key="seq_gate_text", max_chars=MAX_SEQUENCE_CHARS)
    param("seq_gate_units", 4, min=1, max=8)
    n_units = st.slider(_("Units to draw"), 1, 8, key="seq_gate_units")
    with friendly_errors():
        if not text:
            raise ValueError(_("`Sequence` must not be empty."))
        check_length(text, pgettext("sequences", "Sequence"))
        gates, tokens, title = _gates(st.session_state.get("seq_state"), text)
        st.pyplot(vz.gate_traces_figure({k: v[0] for k, v in gates.items()}, units=tuple(range(int(n_units))),
                                        tokens=tokens, title=title, texts=gate_texts()))
        code_expander("seq_gate_code", lambda: gates_code(text, shown=int(n_units)),
                      _("The same in code (a fresh LSTM)"), "tfdl_lstm_gates.py")
