"""Tab "Text classification", after training: accuracy curves, what the embedding did, and a typed sentence.

The run is a ``tfdl.experiments.TextClassifierRun``; the typed sentence is read by its ``classify``
(at most ``T`` words; a word the training sentences never had is read as ``<unk>``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from playground.common import friendly_errors
from playground.i18n import _, fmt_number, pgettext
from playground.state import param
from tfdl.data.text_classification import TEXT_EXAMPLES

#: the longest sentence the box takes (characters)
MAX_TEXT_CHARS = 200


def class_name(name: str) -> str:
    return {
        "negative": pgettext("text class", "negative"),
        "positive": pgettext("text class", "positive"),
        "people": pgettext("text class", "people"),
        "animals": pgettext("text class", "animals"),
        "cities": pgettext("text class", "cities"),
        "fruit": pgettext("text class", "fruit"),
    }[name]


def sample_lines(data, n: int) -> str:
    """The first ``n`` sentences with their labels, as a markdown list."""
    return "\n".join(f"- {text} → *{class_name(data.class_names[k])}*" for text, k in zip(data.texts[:n], data.labels))


def _curves(run) -> None:
    h = run.history
    table = pd.DataFrame(
        {_("training accuracy"): h["accuracy"].to_numpy(), _("held-out accuracy"): h["val_accuracy"].to_numpy()},
        index=pd.Index(h["epoch"].to_numpy(), name=pgettext("sequences", "epoch")),
    )
    st.line_chart(table, x_label=pgettext("sequences", "epoch"), y_label=pgettext("sequences", "accuracy"))
    chance = 1 / len(run.class_names)
    st.caption(
        _("Held-out accuracy after {epochs} epochs: {accuracy} (chance: {chance}).").format(
            epochs=len(h),
            accuracy=fmt_number(float(h["val_accuracy"].iloc[-1]), ".1%"),
            chance=fmt_number(chance, ".0%"),
        )
    )


def _embedding(run, s: dict) -> None:
    if s["arch"] != "text_cnn" or s["emb"] == "rand":
        return
    table = np.asarray(run.model.get_layer("embedding").get_weights()[0])
    moved = float(np.abs(table - run.initial_embedding).mean())
    st.caption(
        _(
            "{share} of the {n} training words had a word vector (the others started random). Mean change "
            "of the embedding during training: {moved} ({how})."
        ).format(
            share=fmt_number(run.coverage or 0.0, ".0%"),
            n=len(run.vocabulary) - 2,
            moved=fmt_number(moved, ".4f"),
            how=_("static: frozen, exactly 0") if s["emb"] == "static" else _("non-static: fine-tuned"),
        )
    )
    if s["vectors"] == "sentences":
        st.caption(
            _(
                'Skip-gram learns a word from its neighbours, and "good" and "terrible" have the same '
                "neighbours here, so their vectors are close. Frozen (static), they hide the difference the "
                "task needs; fine-tuned (non-static), training pulls them apart."
            )
        )


def _classify(run, language: str) -> None:
    param("tc_text", TEXT_EXAMPLES[language])
    text = st.text_input(_("Your sentence"), key="tc_text", max_chars=MAX_TEXT_CHARS)
    with friendly_errors():
        p = run.classify(text)
        words = " ".join(w if known else f"~~{w}~~" for w, known in zip(p.words, p.known))
        st.markdown(_("**{label}** — the network read: {words}").format(label=class_name(p.label), words=words))
        if not all(p.known):
            st.caption(
                _(
                    "Crossed-out words were not in the training sentences: the network reads each as the "
                    "one unknown word <unk>."
                )
            )
        if p.truncated:
            st.caption(_("Only the first {n} words were read (the longest training sentence).").format(n=run.length))
        st.dataframe(
            pd.DataFrame({_("class"): [class_name(c) for c in run.class_names], _("probability"): p.probabilities}),
            hide_index=True,
            column_config={
                _("probability"): st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.3f")
            },
        )


def render(run, s: dict) -> None:
    _curves(run)
    _embedding(run, s)
    _classify(run, s["language"])
