"""Tab "Word embeddings": train skip-gram, CBOW or fastText with negative sampling on a shipped or
pasted corpus, then ask for neighbours, analogies and a map of the vocabulary (:mod:`.embedding_queries`).

The page estimates the training time first (``tfdl.embeddings.estimate_training_seconds``) and
refuses settings over ``playground.limits.MAX_TRAIN_SECONDS`` (``playground.common.training_budget``);
training then waits for a slot of the server's queue and runs in one go with a progress bar. The
result lives in ``st.session_state["emb_result"]``.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.sequences import embedding_queries
from playground.common import EpochProgress, friendly_errors, training_budget
from playground.i18n import _, current_language, pgettext
from playground.jobs import job_slot
from playground.state import number_input, param
from tfdl.embeddings import (
    ARCHITECTURES,
    MAX_CORPUS_CHARS,
    count_training_examples,
    estimate_training_seconds,
    load_corpus,
)

#: a pasted text goes into the page's link while it is at most this long (a long one breaks links)
LINK_TEXT_CHARS = 1500
_BASE_KEYS = ["emb_arch", "emb_dim", "emb_window", "emb_neg", "emb_epochs", "emb_corpus"]
#: the settings the link carries (the pasted text joins them while it is short: see render())
KEYS = _BASE_KEYS + embedding_queries.KEYS
DIMS = [8, 16, 32, 64, 128]
CORPORA = ["en", "ru", "pasted"]


def arch_name(key: str) -> str:
    return {"skipgram": "skip-gram", "cbow": "CBOW", "fasttext": "fastText"}[key]


def arch_idea(key: str) -> str:
    return {
        "skipgram": _(
            "The centre word's vector v_c predicts each neighbour o: the loss is −log σ(u_o·v_c) − "
            "Σ_k log σ(−u_k·v_c), with k noise words drawn from P(w) ∝ U(w)^(3/4) (U = the word's count)."
        ),
        "cbow": _(
            "The mean of the neighbours' vectors predicts the middle word (continuous bag of words), with "
            "the same negative sampling."
        ),
        "fasttext": _(
            "Skip-gram whose word vector is the sum of the vectors of its character n-grams (<wh, whe, "
            "…, <where>, n = 3…6): an unseen or misspelt word gets a vector too."
        ),
    }[key]


def corpus_name(key: str) -> str:
    return {"en": _("shipped corpus, English"), "ru": _("shipped corpus, Russian"), "pasted": _("your text")}[key]


@st.cache_data(max_entries=64, show_spinner=False)
def _count(text: str, arch: str, window: int) -> int:
    return count_training_examples(text, arch, window)


def _settings() -> dict:
    c1, c2, c3 = st.columns(3)
    with c1:
        param("emb_arch", "skipgram", options=ARCHITECTURES)
        arch = st.radio(_("Model"), ARCHITECTURES, key="emb_arch", format_func=arch_name)
        st.caption(arch_idea(arch))
    with c2:
        param("emb_dim", 32, options=DIMS)
        dim = st.select_slider(_("Vector size d"), DIMS, key="emb_dim")
        param("emb_window", 2, min=1, max=5)
        window = st.slider(_("Window: neighbours on each side"), 1, 5, key="emb_window")
        param("emb_neg", 5, min=1, max=20)
        negatives = st.slider(_("Negative words k"), 1, 20, key="emb_neg")
    with c3:
        param("emb_epochs", 30, min=1, max=300)
        epochs = number_input(pgettext("sequences", "Epochs"), "emb_epochs")
        param("emb_corpus", current_language(), options=CORPORA)
        corpus = st.radio(_("Corpus"), CORPORA, key="emb_corpus", format_func=corpus_name)
    if corpus == "pasted":
        param("emb_text", "")
        text = st.text_area(
            _("Your text: sentences end with a full stop or a line break"),
            key="emb_text",
            max_chars=MAX_CORPUS_CHARS,
            height=150,
        )
    else:
        text = load_corpus(corpus)
        with st.expander(_("Read the corpus ({n} characters)").format(n=len(text))):
            st.text(text)
    return dict(
        arch=arch,
        dim=int(dim),
        window=int(window),
        negatives=int(negatives),
        epochs=int(epochs),
        corpus=corpus,
        text=text,
    )


def _check(s: dict) -> bool:
    """Explain the estimate (or why training is refused); ``True`` when training may start."""
    with friendly_errors():
        n = _count(s["text"], s["arch"], s["window"])
        seconds = estimate_training_seconds(n, s["epochs"], s["negatives"], s["dim"], s["arch"])
        st.caption(_("{n} training examples per epoch.").format(n=n))
        return training_budget(seconds, _("reduce the epochs, the vector size, the negative words or the window."))
    return False


@job_slot()
def _train(s: dict) -> None:
    from tfdl.embeddings import train_word_vectors

    progress = EpochProgress(s["epochs"])
    with friendly_errors():
        vectors = train_word_vectors(
            s["text"],
            s["arch"],
            embedding_dim=s["dim"],
            window=s["window"],
            negatives=s["negatives"],
            epochs=s["epochs"],
            seed=0,
            sink=progress,
        )
        st.session_state["emb_result"] = {"vectors": vectors, "arch": s["arch"], "corpus": s["corpus"], "dim": s["dim"]}
        embedding_queries.aim_at(vectors, s["corpus"])
    progress.bar.empty()


def render() -> None:
    st.markdown(
        _(
            "Word2vec gives every word a vector so that a word can be told from its neighbours: words "
            "used in the same contexts get close vectors. Bag of words, by contrast, gives each word its "
            "own column and no notion of similarity."
        )
    )
    s = _settings()
    KEYS[:] = _BASE_KEYS + embedding_queries.KEYS
    if s["corpus"] == "pasted" and len(s["text"]) <= LINK_TEXT_CHARS:
        KEYS.append("emb_text")
    ok = _check(s)
    if st.button(pgettext("sequences", "Train"), key="emb_train", type="primary", disabled=not ok):
        _train(s)
    result = st.session_state.get("emb_result")
    if result is None:
        st.info(_("Train a model to explore its word vectors."))
        return
    vectors = result["vectors"]
    st.caption(
        _("Trained: {model}, d = {dim}, {corpus}; {n} words.").format(
            model=arch_name(result["arch"]),
            dim=result["dim"],
            corpus=corpus_name(result["corpus"]),
            n=len(vectors.words),
        )
    )
    embedding_queries.render(vectors)
