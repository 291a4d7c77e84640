"""The training queue under Streamlit: a session waiting for a slot sees its place in line in its
language; leaving (Stop, a closed tab: Streamlit's stop request) frees its place; a freed slot
starts the job."""

import threading
import time
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import local_script_runner as lsr

from playground.jobs import JobQueue, set_job_queue
from tests.playground.pages import open_page


@pytest.fixture
def queue():
    """A one-slot queue for the app, its slot held by another 'student' (``queue.holder``)."""
    q = JobQueue(max_jobs=1)
    previous = set_job_queue(q)
    q.holder = q.join("holder")
    assert q.wait(q.holder, 0)
    yield q
    q.leave(q.holder)
    set_job_queue(previous)


@contextmanager
def student_leaves_after(monkeypatch, seconds: float):
    """The next AppTest run is stopped after ``seconds``, as Streamlit stops the run of a session whose
    tab was closed (``request_script_stop``); the page drawn until then is kept for the test."""
    stopped = {}

    def run_then_stop(runner, timeout=3):
        deadline = time.monotonic() + seconds
        while not runner.script_stopped() and time.monotonic() < deadline:
            time.sleep(0.01)
        stopped["by_us"] = not runner.script_stopped()
        runner.request_stop()
        deadline = time.monotonic() + 30
        while not runner.script_stopped() and time.monotonic() < deadline:
            time.sleep(0.01)
        stopped["ended"] = runner.script_stopped()

    with monkeypatch.context() as m:
        m.setattr(lsr, "require_widgets_deltas", run_then_stop)
        yield stopped


def _train_script():
    import streamlit as st

    from playground.jobs import job_slot

    with job_slot():
        st.markdown("trained")


def _waiting(at) -> list[str]:
    return [e.value for e in at.info if "slot" in e.value or "очеред" in e.value]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Waiting for a free training slot (1 ahead of you). The server trains 1 model at a time."),
        ("ru", "Ждём свободного места для обучения (перед вами в очереди: 1). Сервер обучает не больше 1 модели"),
    ],
    ids=["en", "ru"],
)
def test_a_waiting_session_sees_its_place_in_line_and_leaves_it_when_stopped(queue, monkeypatch, lang, expected):
    ahead = queue.join("another student")  # came first: one ahead in line
    at = AppTest.from_function(_train_script, default_timeout=30)
    at.session_state["lang"] = lang
    with student_leaves_after(monkeypatch, 1.5) as stopped:
        at.run()
    assert stopped == {"by_us": True, "ended": True}  # it was still waiting, and the stop ended the run
    waiting = _waiting(at)
    assert len(waiting) == 1 and waiting[0].startswith(expected)
    assert not at.markdown  # never trained
    assert queue.waiting == 1 and queue.ahead(ahead) == 0  # its place is freed; the other one is next
    assert queue.running == 1  # only the holder


def test_the_job_starts_when_a_slot_frees_and_the_message_goes(queue):
    holder_release = threading.Timer(1.0, queue.leave, args=(queue.holder,))
    holder_release.start()
    at = AppTest.from_function(_train_script, default_timeout=30).run()
    holder_release.join()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["trained"]
    assert not _waiting(at)  # the waiting message is gone once the job runs
    assert queue.running == 0 and queue.waiting == 0


def test_the_train_page_waits_in_line_instead_of_training(queue, monkeypatch):
    at = open_page("train", state={"train_dataset": "gaussians", "train_epochs": 2, "train_hidden": "2"}, timeout=120)
    assert not at.exception
    at.button(key="train_go").click()
    with student_leaves_after(monkeypatch, 2.0) as stopped:
        at.run()
    assert stopped["by_us"] and stopped["ended"]
    waiting = _waiting(at)
    assert len(waiting) == 1 and waiting[0].startswith("Waiting for a free training slot (0 ahead of you).")
    assert "train_2d_result" not in at.session_state  # nothing trained while waiting
    assert queue.waiting == 0 and queue.running == 1


@pytest.fixture
def free_queue():
    """A one-slot queue for the app, free."""
    q = JobQueue(max_jobs=1)
    previous = set_job_queue(q)
    yield q
    set_job_queue(previous)


@pytest.mark.slow
def test_a_training_whose_tab_closes_ends_at_its_next_epoch_and_frees_its_slot(free_queue, monkeypatch):
    at = open_page(
        "train", state={"train_dataset": "gaussians", "train_epochs": 500, "train_hidden": "8, 8"}, timeout=120
    )
    at.button(key="train_go").click()
    started = time.monotonic()
    with student_leaves_after(monkeypatch, 8.0) as stopped:
        at.run()
    assert stopped["by_us"] and stopped["ended"]  # still training after 8 s, ended by the stop request
    assert time.monotonic() - started < 30  # at the next epoch, not after 500
    assert free_queue.running == 0 and free_queue.waiting == 0
    bar = at.get("progress")
    assert bar and 0 < bar[0].proto.value < 100  # it was training (the live bar), and stopped part way
    result = at.session_state["train_2d_result"] if "train_2d_result" in at.session_state else None
    assert result is None or not result["final"]  # at most a checkpoint of the live boundary
