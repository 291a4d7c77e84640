"""What the "Word embeddings" tab shows of trained vectors: the loss curve, nearest neighbours of a
typed word, an analogy a − b + c, and the vocabulary on a plane (PCA) with the word and its
neighbours marked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.app_pages.sequences.texts import check_length, loss_texts
from playground.common import friendly_errors
from playground.i18n import _
from playground.state import param, set_value
from tfdl.embeddings import CORPUS_EXAMPLES
from tfdl.viz.embeddings import word_map_figure
from tfdl.viz.vega import epoch_loss_spec

KEYS = ["emb_word", "emb_a", "emb_b", "emb_c", "emb_map_n"]
_EXAMPLE = CORPUS_EXAMPLES["en"]


def _word(label: str, key: str, default: str, where=st) -> str:
    param(key, default)
    text = where.text_input(label, key=key)
    check_length(text, label)
    return text.strip().lower()


def _table(pairs) -> pd.DataFrame:
    return pd.DataFrame({_("word"): [w for w, _s in pairs], _("cosine"): [s for _w, s in pairs]})


def _neighbours(vectors) -> tuple[str, list[str]]:
    st.subheader(_("Nearest neighbours"))
    with friendly_errors():
        word = _word(_("Word"), "emb_word", _EXAMPLE["word"])
        if word not in vectors.vocabulary.index and vectors.subwords is not None:
            st.caption(
                _("“{word}” is not in the vocabulary: fastText builds its vector from its character n-grams.").format(
                    word=word
                )
            )
        nearest = vectors.nearest(word, k=8)
        st.dataframe(_table(nearest), hide_index=True)
        return word, [w for w, _s in nearest]
    return "", []


def _analogy(vectors) -> None:
    st.subheader(_("Analogy: a − b + c"))
    st.caption(
        _(
            "The word whose vector is closest (cosine) to v_a − v_b + v_c, the three words left out: "
            "king − man + woman ≈ queen when the model has learned the relation."
        )
    )
    c1, c2, c3 = st.columns(3)
    with friendly_errors():
        a = _word("a", "emb_a", _EXAMPLE["analogy"][0], c1)
        b = _word("b", "emb_b", _EXAMPLE["analogy"][1], c2)
        c = _word("c", "emb_c", _EXAMPLE["analogy"][2], c3)
        answers = vectors.analogy(a, b, c, k=5)
        st.markdown(f"**{a} − {b} + {c} ≈ {answers[0][0] if answers else '?'}**")
        st.dataframe(_table(answers), hide_index=True)


def aim_at(vectors, corpus: str) -> None:
    """Point the queries at words the new model knows: the corpus's examples, else its frequent words."""
    frequent = [w for w in vectors.words if len(w) > 2] or vectors.words
    example = CORPUS_EXAMPLES.get(corpus, {"word": frequent[0], "analogy": tuple((frequent * 3)[:3])})
    for key, word in zip(("emb_word", "emb_a", "emb_b", "emb_c"), (example["word"], *example["analogy"])):
        if st.session_state.get(key) not in vectors.vocabulary.index:
            set_value(key, word)


def render(vectors) -> None:
    left, right = st.columns(2, gap="large")
    with left:
        st.vega_lite_chart(epoch_loss_spec(vectors.losses, texts=loss_texts(), title=_("training loss")),
                           width="stretch")
    with right:
        word, neighbours = _neighbours(vectors)
    _analogy(vectors)
    st.subheader(_("The vocabulary on a plane"))
    most = max(2, len(vectors.words))
    param("emb_map_n", 60, min=10, max=200)
    n = st.slider(_("Words on the map, most frequent first"), 10, 200, key="emb_map_n")
    with friendly_errors():
        points, words = vectors.projection(min(int(n), most))
        st.pyplot(
            word_map_figure(
                points,
                words,
                highlight=word,
                neighbors=neighbours,
                title=_("PCA of the word vectors: the first two principal components"),
            )
        )
        st.caption(_("Two dimensions keep only part of the picture: neighbours in the table may sit apart here."))
