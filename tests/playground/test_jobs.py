"""The training queue (playground/jobs.py) without Streamlit: real threads, checked against counts
and orders written down by hand."""

import threading
import time

import pytest

from playground.jobs import JobQueue, max_jobs_from_env


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.005)


def test_never_more_than_max_jobs_run_at_once():
    queue = JobQueue(max_jobs=3)
    lock = threading.Lock()
    now = {"running": 0, "most": 0}

    def job():
        with queue.slot(poll=0.01):
            with lock:
                now["running"] += 1
                now["most"] = max(now["most"], now["running"])
            time.sleep(0.05)
            with lock:
                now["running"] -= 1

    threads = [threading.Thread(target=job) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert now["most"] == 3  # twelve jobs, three slots: the cap was reached and never passed
    assert queue.running == 0 and queue.waiting == 0


def test_jobs_start_in_the_order_they_joined_and_see_their_place_in_line():
    queue = JobQueue(max_jobs=1)
    holder = queue.join("holder")
    assert queue.wait(holder, 0)  # the one slot is taken
    started, seen = [], {}

    def job(name):
        def on_wait(ahead):
            seen.setdefault(name, ahead)  # the first position this job was told

        with queue.slot(on_wait=on_wait, poll=0.01, label=name):
            started.append(name)

    threads = []
    for n, name in enumerate("abcd", 1):
        threads.append(threading.Thread(target=job, args=(name,)))
        threads[-1].start()
        wait_until(lambda n=n: queue.waiting == n)  # each joins after the previous one
    wait_until(lambda: len(seen) == 4)
    assert seen == {"a": 0, "b": 1, "c": 2, "d": 3}
    assert queue.running == 1 and queue.waiting == 4
    queue.leave(holder)
    for t in threads:
        t.join(10)
    assert started == ["a", "b", "c", "d"]
    assert queue.running == 0 and queue.waiting == 0


def test_positions_move_up_as_the_line_moves():
    queue = JobQueue(max_jobs=1)
    first, second, third = queue.join(), queue.join(), queue.join()
    assert [queue.ahead(t) for t in (first, second, third)] == [0, 1, 2]
    assert queue.wait(first, 0)  # runs: no longer in line
    assert [queue.ahead(t) for t in (first, second, third)] == [None, 0, 1]
    assert not queue.wait(third, 0)  # not its turn: the second is ahead
    queue.leave(second)  # the second gives up
    assert queue.ahead(third) == 0 and not queue.wait(third, 0)  # next, but the slot is still taken
    queue.leave(first)
    assert queue.wait(third, 0) and queue.running == 1 and queue.waiting == 0


def test_two_free_slots_start_two_waiting_jobs():
    queue = JobQueue(max_jobs=2)
    a, b = queue.join(), queue.join()
    assert queue.wait(a, 0) and queue.wait(b, 0)
    c, d, e = queue.join(), queue.join(), queue.join()
    queue.leave(a)
    queue.leave(b)
    assert queue.wait(c, 0) and queue.wait(d, 0) and not queue.wait(e, 0)


def test_the_slot_is_released_when_the_job_raises():
    queue = JobQueue(max_jobs=1)
    with pytest.raises(RuntimeError, match="diverged"):
        with queue.slot():
            assert queue.running == 1
            raise RuntimeError("diverged")
    assert queue.running == 0 and queue.waiting == 0
    with queue.slot():  # the next job gets the slot at once
        assert queue.running == 1


class Stopped(Exception):
    """What Streamlit raises at the next st call once the student pressed Stop or left."""


def test_a_job_stopped_while_waiting_leaves_the_line_and_never_runs():
    queue = JobQueue(max_jobs=1)
    holder = queue.join()
    assert queue.wait(holder, 0)
    stop = threading.Event()
    ran = []

    def on_wait(ahead):
        if stop.is_set():
            raise Stopped()

    def job():
        with pytest.raises(Stopped):
            with queue.slot(on_wait=on_wait, poll=0.01):
                ran.append(True)

    t = threading.Thread(target=job)
    t.start()
    wait_until(lambda: queue.waiting == 1)
    stop.set()  # the student presses Stop (or closes the tab)
    t.join(5)
    assert not t.is_alive() and not ran
    assert queue.waiting == 0 and queue.running == 1  # only the holder is left
    queue.leave(holder)
    assert queue.running == 0


def test_a_running_job_that_is_stopped_frees_its_slot_for_the_next_in_line():
    queue = JobQueue(max_jobs=1)
    inside, started = threading.Event(), threading.Event()

    def stopped_job():
        with pytest.raises(Stopped):
            with queue.slot(poll=0.01):
                inside.set()
                time.sleep(0.05)
                raise Stopped()  # the training's progress update found a stop request

    def next_job():
        with queue.slot(poll=0.01):
            started.set()

    a = threading.Thread(target=stopped_job)
    a.start()
    inside.wait(5)
    b = threading.Thread(target=next_job)
    b.start()
    a.join(5)
    b.join(5)
    assert started.is_set() and queue.running == 0 and queue.waiting == 0


def test_leave_twice_and_unknown_tickets():
    queue = JobQueue(max_jobs=1)
    t = queue.join()
    queue.leave(t)
    queue.leave(t)  # harmless
    with pytest.raises(ValueError, match="neither waiting nor running"):
        queue.wait(t, 0)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True, None])
def test_max_jobs_must_be_a_whole_number_of_at_least_one(bad):
    with pytest.raises(ValueError, match="max_jobs"):
        JobQueue(bad)


def test_the_cap_comes_from_the_environment(monkeypatch):
    import playground.jobs as jobs

    monkeypatch.setattr(jobs, "default_max_jobs", lambda: 7)
    assert max_jobs_from_env({}) == 7
    assert max_jobs_from_env({"TFDL_MAX_JOBS": "3"}) == 3
    assert max_jobs_from_env({"TFDL_MAX_JOBS": " 12 "}) == 12
    for bad in ("0", "-2", "two", "1.5"):  # logged and ignored: the default applies
        assert max_jobs_from_env({"TFDL_MAX_JOBS": bad}) == 7


def test_the_default_cap_is_the_cpus_this_process_may_use():
    import os

    from playground.jobs import default_max_jobs

    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_max_jobs() == expected


# ----------------------------------------------------------------------------- every training queues

# Calls that train a model. train_xor (First principles) is left out on purpose: numpy gradient descent
# on the four XOR points, milliseconds, redrawn on every change of a slider.
TRAINING_CALLS = {"fit", "resume", "train_seq2seq", "train_digits_cnn", "run_experiment", "train_word_vectors",
                  "skip_connection_landscapes", "train_autoencoders", "train_linear_classifier",
                  "train_shapes_unet", "train_triplet_embedding", "pretrain_source", "transfer_vs_scratch",
                  "train_text_classifier", "sentence_word_vectors",
                  "train_sequence_tagger"}


def _callee(call):
    import ast

    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


def _is_job_slot(node) -> bool:
    import ast

    return isinstance(node, ast.Call) and _callee(node) == "job_slot"


def _unqueued_training_calls(source: str) -> tuple[list[str], int]:
    """Training calls not inside ``with job_slot()`` / ``@job_slot()``: a call inside a helper counts
    as queued when every call of that helper in the file is (the helper is then a training too)."""
    import ast

    tree = ast.parse(source)
    parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def enclosing(node):
        """(queued by a job_slot on the way up, the innermost function or None)."""
        node, function = parent.get(node), None
        while node is not None:
            if isinstance(node, ast.With) and any(_is_job_slot(item.context_expr) for item in node.items):
                return True, function
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if any(_is_job_slot(d) for d in node.decorator_list):
                    return True, node
                function = function or node
            node = parent.get(node)
        return False, function

    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]

    def queued(call, seen=frozenset()) -> bool:
        ok, function = enclosing(call)
        if ok:
            return True
        if function is None or function.name in seen:
            return False
        callers = [c for c in calls if _callee(c) == function.name and c is not call]
        return bool(callers) and all(queued(c, seen | {function.name}) for c in callers)

    trainings = [c for c in calls if _callee(c) in TRAINING_CALLS]
    return [f"line {c.lineno}: {_callee(c)}" for c in trainings if not queued(c)], len(trainings)


def test_every_training_in_the_app_waits_for_a_slot():
    from pathlib import Path

    pages = Path(__file__).resolve().parents[2] / "playground" / "app_pages"
    found, offenders = {}, []
    for path in sorted(pages.rglob("*.py")):
        bad, n = _unqueued_training_calls(path.read_text(encoding="utf-8"))
        if n:
            found[str(path.relative_to(pages))] = n
        offenders += [f"{path.relative_to(pages)} {b}" for b in bad]
    assert not offenders, offenders
    # the trainings of the app today (the check above is not vacuous)
    assert set(found) >= {
        "train/toy2d_run.py",
        "train/digits_run.py",
        "sequences/seq2seq.py",
        "inside/model_source.py",
        "activations/depth.py",
        "autoencoders/model.py",
    }


def test_the_check_sees_an_unqueued_training():
    bare = "def go():\n    T.fit(m, x, y)\n\ngo()\n"
    assert _unqueued_training_calls(bare) == (["line 2: fit"], 1)
    wrapped = "def go():\n    T.fit(m, x, y)\n\nwith job_slot():\n    go()\n"
    assert _unqueued_training_calls(wrapped) == ([], 1)
    decorated = "@job_slot()\ndef go():\n    T.fit(m, x, y)\n"
    assert _unqueued_training_calls(decorated) == ([], 1)
    half = "def go():\n    T.fit(m, x, y)\n\nwith job_slot():\n    go()\ngo()\n"
    assert _unqueued_training_calls(half) == (["line 2: fit"], 1)
