"""The exercise mode (playground/exercise.py) on its pages: a link with a seed opens the set
tfdl.exercises makes for that seed; a committed answer is locked, revealed and graded; the score
downloads as CSV; Russian questions and grades; the page's templates are the library's."""

import io

import pandas as pd
import pytest

from playground.exercise_texts import TEXTS
from tests.playground.pages import open_page
from tfdl import exercises as ex

CONV_KINDS = ["conv_shape", "receptive_field", "param_count"]


@pytest.fixture
def csv_files(monkeypatch):
    """The files download buttons hand to Streamlit's media storage, as (data, mimetype, filename)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    saved, original = [], MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        saved.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


def _prompts(at):
    return [m.value for m in at.markdown if m.value[:2] == "**" and ".** " in m.value]


def _commit(at, key, text):
    at.text_input(key=key).input(text)
    at.button(key=key + "_commit").click()
    return at.run()


def test_the_page_templates_are_the_librarys():
    assert TEXTS == ex.TEMPLATES


def test_a_seeded_link_gives_the_set_and_grades_committed_answers(csv_files):
    query = {"conv_ex_open": "true", "conv_ex_seed": "7"}
    at = open_page("convolution", query=query)
    assert not at.exception, [e.value for e in at.exception]
    questions = ex.question_set(CONV_KINDS, 5, seed=7)
    assert _prompts(at) == [f"**{i + 1}.** {q.prompt}" for i, q in enumerate(questions)]
    assert at.session_state["_link_query"] == query | {"conv_ex_open": "True"}

    at = _commit(at, "conv_ex_7_0", "abc")  # unreadable: an error, nothing locked
    assert any("Type a shape" in e.value for e in at.error) and not at.text_input(key="conv_ex_7_0").disabled
    right = "(" + ", ".join(str(v) for v in questions[0].answer) + ")"
    at = _commit(at, "conv_ex_7_0", right)
    wrong = str(questions[1].answer + 1)
    at = _commit(at, "conv_ex_7_1", wrong)
    assert at.text_input(key="conv_ex_7_0").disabled and at.text_input(key="conv_ex_7_0").value == right
    assert [s.value for s in at.success] == [f"Right: {questions[0].answer_text}."]
    assert f"Not quite: you answered {wrong}; the answer is {questions[1].answer}." in [e.value for e in at.error]
    assert at.metric[-1].value == "1 of 2 answered (5 questions)"

    data, mimetype, name = csv_files[-1]
    table = pd.read_csv(io.StringIO(data if isinstance(data, str) else data.decode()), keep_default_na=False)
    assert (mimetype, name) == ("text/csv", "exercises_conv_7.csv")
    assert list(table.columns) == ["question", "answer given", "correct answer", "right/wrong"]
    assert table["question"].tolist() == [q.prompt for q in questions]
    assert table.iloc[:2].values.tolist() == [
        [questions[0].prompt, right, questions[0].answer_text, "right"],
        [questions[1].prompt, wrong, str(questions[1].answer), "wrong"],
    ]
    assert set(table.iloc[2:]["right/wrong"]) == {""}

    again = open_page("convolution", query=query)  # another learner with the teacher's link
    assert _prompts(again) == _prompts(at)


def test_russian_greedy_question_is_graded_in_russian(monkeypatch):
    from playground import i18n

    # AppTest formats a selectbox's value outside the script run, where the session's language is unknown
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    at = open_page("sequences", query={"seq_ex_open": "true", "seq_ex_seed": "3"}, lang="ru")
    assert not at.exception, [e.value for e in at.exception]
    q = ex.question_set(["greedy_decoding"], 4, seed=3)[0]
    assert _prompts(at)[0].startswith("**1.** В таблице") and len(_prompts(at)) == 4
    at = _commit(at, "seq_ex_3_0", "<s> " + " ".join(q.answer))
    assert at.success[0].value == f"Верно: {q.answer_text}."
    assert any(c.value.startswith("На каждом шаге жадное декодирование") for c in at.caption)


def test_the_architectures_page_opens_its_set():
    from playground.app_pages.architectures.exercises import KINDS

    at = open_page("architectures", query={"arch_ex_open": "true", "arch_ex_seed": "11"})
    assert not at.exception, [e.value for e in at.exception]
    questions = ex.question_set(KINDS, 5, seed=11)
    assert _prompts(at) == [f"**{i + 1}.** {q.prompt}" for i, q in enumerate(questions)]


def test_an_optimiser_race_is_answered_by_picking_a_choice():
    """Seed 93: all three races on Himmelblau's surface (one compiled loop)."""
    at = open_page("optimizers", query={"opt_ex_open": "true", "opt_ex_seed": "93"})
    assert not at.exception, [e.value for e in at.exception]
    questions = ex.question_set(["optimizer_race"], 3, seed=93)
    assert {q.params["surface"] for q in questions} == {"himmelblau"}
    assert _prompts(at) == [f"**{i + 1}.** {q.prompt}" for i, q in enumerate(questions)]
    assert at.radio(key="opt_ex_93_0").options == list(questions[0].choices)
    at.radio(key="opt_ex_93_0").set_value(questions[0].answer)
    at.button(key="opt_ex_93_0_commit").click().run()
    assert at.radio(key="opt_ex_93_0").disabled
    assert [s.value for s in at.success] == [f"Right: {questions[0].answer}."]
