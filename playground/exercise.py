"""Predict, then reveal: the exercise mode a page opens in an expander (:func:`exercise_section`).

The questions come from ``tfdl.exercises`` with the set's seed, a setting in the link
(``<prefix>_ex_seed``), so a teacher's link gives the whole class the same set; "New set" draws
another seed. The learner types or picks an answer and commits it; the answer is then locked, and
the page reveals the correct one with its explanation and grades it. A running score, and the
score as CSV (question, answer given, correct answer, right/wrong).
"""

from __future__ import annotations

import random

import streamlit as st

from playground.common import friendly_errors
from playground.exercise_texts import HINTS, TEXTS
from playground.i18n import _, error_text, fmt_number
from playground.state import number_input, param, set_value

MAX_SEED = 999_999


def exercise_keys(prefix: str) -> list[str]:
    """The settings the exercise mode of a page puts in its link."""
    return [f"{prefix}_ex_open", f"{prefix}_ex_seed"]


@st.cache_data(show_spinner=False, max_entries=64)
def question_set(kinds: tuple, n: int, seed: int) -> list:
    """The set for ``seed`` (the same for every learner: shared by the server's sessions)."""
    from tfdl.exercises import question_set as make

    return make(list(kinds), n, seed)


def _text(q, which: int) -> str:
    values = q.texts(fmt_number)
    if "learning_rates" in q.params:  # the race's η in the language's decimals
        rates = q.params["learning_rates"].items()
        values["optimizers"] = ", ".join(f"{n} (η = {fmt_number(v, 'g')})" for n, v in rates)
    return _(TEXTS[q.kind][which]).format(**values)


def _answer_text(value, kind: str) -> str:
    if kind == "shape":
        return "×".join(str(v) for v in value)
    if kind == "int":
        return fmt_number(value, ",")
    return " ".join(value) if kind == "tokens" else str(value)


def _new_seed(key: str) -> None:
    set_value(key, random.randrange(1, MAX_SEED + 1))


def _commit(store: dict, index: int, q, key: str) -> None:
    """Lock the typed answer in if it can be read (else keep an error to show under the box)."""
    given = st.session_state.get(key)
    try:
        if given is None:
            raise ValueError(_("Pick an answer first."))
        q.parse(given)
    except ValueError as exc:
        st.session_state[key + "_error"] = error_text(exc)
        return
    st.session_state.pop(key + "_error", None)
    store[index] = str(given)


def _question(q, index: int, store: dict, key: str) -> None:
    st.markdown(f"**{index + 1}.** " + _text(q, 0))
    if q.table is not None:
        import pandas as pd

        table = pd.DataFrame(q.table["values"], index=q.table["index"], columns=q.table["columns"])
        st.dataframe(
            table.rename_axis(_("previous token")),
            column_config={c: st.column_config.NumberColumn(format="%.2f") for c in table.columns},
        )
    locked = index in store
    if locked:
        st.session_state[key] = store[index]  # the committed answer, shown in the locked box
    if q.answer_kind == "choice":
        st.radio(_("Your answer"), list(q.choices), index=None, key=key, horizontal=True, disabled=locked)
    else:
        st.text_input(_("Your answer"), key=key, disabled=locked, placeholder=_(HINTS[q.answer_kind]))
    if not locked:
        st.button(_("Commit answer"), key=key + "_commit", on_click=_commit, args=(store, index, q, key))
        if key + "_error" in st.session_state:
            st.error(st.session_state[key + "_error"])
        return
    correct = _answer_text(q.answer, q.answer_kind)
    if q.grade(store[index]):
        st.success(_("Right: {answer}.").format(answer=correct))
    else:
        st.error(
            _("Not quite: you answered {given}; the answer is {answer}.").format(given=store[index], answer=correct)
        )
    st.caption(_text(q, 1))


def score_table(questions: list, store: dict):
    """The learner's score as a table: question, answer given, correct answer, right/wrong."""
    import pandas as pd

    rows = [
        {
            _("question"): _text(q, 0),
            _("answer given"): store.get(i, ""),
            _("correct answer"): _answer_text(q.answer, q.answer_kind) if i in store else "",
            _("right/wrong"): (_("right") if q.grade(store[i]) else _("wrong")) if i in store else "",
        }
        for i, q in enumerate(questions)
    ]
    return pd.DataFrame(rows)


def exercise_section(prefix: str, kinds: tuple, n: int = 5) -> None:
    """The exercise mode of a page: ``n`` questions of ``kinds`` in an expander (built only while open).

    Args:
        prefix: the page's settings prefix (``conv``, ``arch``...): keys ``<prefix>_ex_open`` and
            ``<prefix>_ex_seed`` (see :func:`exercise_keys`; the page writes them into its link).
        kinds: ``tfdl.exercises`` kinds, used in turn.
        n: the number of questions.
    """
    open_key, seed_key = exercise_keys(prefix)
    param(open_key, False)
    seed = param(seed_key, 0, min=0, max=MAX_SEED)
    box = st.expander(_("Exercises: predict, then reveal"), key=open_key, on_change="rerun", icon="✍️")
    if not box.open:
        return
    with box:
        st.caption(
            _(
                "Commit an answer to see the correct one, how it is computed, and your score. The seed is in "
                "the page's link: share the link and everyone gets the same questions."
            )
        )
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        with left:
            seed = number_input(_("Seed of the question set"), seed_key)
        right.button(_("New set"), key=f"{prefix}_ex_new", on_click=_new_seed, args=(seed_key,))
        questions = None
        with friendly_errors(), st.spinner(_("Preparing the questions…")):
            questions = question_set(tuple(kinds), n, int(seed))
        if not questions:
            return
        store = st.session_state.setdefault(f"{prefix}_ex_answers", {}).setdefault(int(seed), {})
        for index, q in enumerate(questions):
            with st.container(border=True):
                _question(q, index, store, f"{prefix}_ex_{seed}_{index}")
        right_count = sum(q.grade(store[i]) for i, q in enumerate(questions) if i in store)
        st.metric(
            _("Score"),
            _("{right} of {answered} answered ({n} questions)").format(
                right=right_count, answered=len(store), n=len(questions)
            ),
        )
        st.download_button(
            _("Download the score (CSV)"),
            score_table(questions, store).to_csv(index=False),
            file_name=f"exercises_{prefix}_{seed}.csv",
            mime="text/csv",
            key=f"{prefix}_ex_csv",
            disabled=not store,
            on_click="ignore",
        )
