"""Under the seq2seq tab's beam table: the tree of hypotheses beam search considered
(``beam_search(..., return_tree=True)``, drawn by ``tfdl.viz.beam_tree.beam_tree_dot``) and the
attention heatmap of each final beam."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.sequences.texts import alignment_texts
from playground.i18n import _, fmt_number, pgettext
from tfdl.viz import sequences as vz
from tfdl.viz.beam_tree import beam_tree_dot

PER_ROW = 4  # heatmaps side by side


def _number(value: float) -> str:
    return fmt_number(value, ".2f")


def tree_texts() -> dict:
    return {
        "log_p": "log p",
        "score": pgettext("beam tree", "score"),
        "more": pgettext("beam tree", "+{n} pruned"),
        "caption": pgettext(
            "beam tree",
            "beam width k = {k}; score = log p / length^α with α = {alpha}; grey: pruned; "
            "double border: finished at </s>; blue: the final beams (#1 = best)",
        ),
    }


def render(state: dict, text: str, k: int) -> None:
    """Decode ``text`` with beam width ``k`` (as the table above does) and draw its tree."""
    from tfdl.decoding import beam_search

    tok = state["train"].tokenizer
    hyps, trees = beam_search(
        state["model"],
        [tok.encode(text)],
        beam_width=k,
        max_len=2 * len(text) + 2,
        bos_id=tok.bos_id,
        eos_id=tok.eos_id,
        return_all=True,
        return_tree=True,
    )
    st.markdown("**" + pgettext("beam tree", "The beam-search tree") + "**")
    st.caption(
        _(
            "At every step each kept hypothesis is extended by every token; the k best by score survive "
            "(black), the rest are pruned (grey: only the best few of each node are drawn). A hypothesis that "
            "ends with </s> is finished. Length penalty: score = log p / length^α, here α = {alpha}, so "
            "longer outputs are not punished just for having more negative terms."
        ).format(alpha=_number(trees[0].length_penalty))
    )
    per_parent = 2 if k <= 3 else 1
    st.graphviz_chart(
        beam_tree_dot(trees[0], tok.itos, number=_number, pruned_per_parent=per_parent, texts=tree_texts())
    )
    if state["attention"] == "none":
        return
    st.markdown("**" + pgettext("beam tree", "Where each final beam looks") + "**")
    hyps = hyps[0]
    for start in range(0, len(hyps), PER_ROW):
        cols = st.columns(PER_ROW)
        for rank, (col, hyp) in enumerate(zip(cols, hyps[start : start + PER_ROW]), start + 1):
            out = [tok.itos[t] for t in hyp.tokens]
            title = f"#{rank}: {tok.decode(hyp.tokens) or '∅'} ({pgettext('beam tree', 'score')} {_number(hyp.score)})"
            col.pyplot(vz.alignment_figure(hyp.alignment, list(text), out, title=title, texts=alignment_texts()))
