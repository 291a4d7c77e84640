"""playground.perf: the run-time log and the garbage collector's freeze (no timing asserted here)."""

import gc
import json
import sys
import types

import pytest

from playground import perf
from tests.playground.pages import open_page


@pytest.fixture
def unfrozen():
    """Leave the test process's collector as it was: nothing frozen."""
    before = gc.get_freeze_count()
    yield
    if gc.get_freeze_count() != before:
        gc.unfreeze()


def test_log_run_appends_one_json_line_per_run(tmp_path, monkeypatch):
    log = tmp_path / "runs.jsonl"
    monkeypatch.delenv(perf.LOG_ENV, raising=False)
    perf.log_run("home", perf.run_clock())
    assert not log.exists()  # off unless asked for
    monkeypatch.setenv(perf.LOG_ENV, str(log))
    start = perf.run_clock()
    sum(range(10_000))
    perf.log_run("convolution", start)
    perf.log_run("home", start)
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["page"] for r in rows] == ["convolution", "home"]
    assert all(r["seconds"] >= 0 and r["cpu"] >= 0 for r in rows)
    assert rows[1]["seconds"] >= rows[0]["seconds"]  # the same start, logged later


def test_freeze_only_in_a_served_app_and_only_when_modules_were_imported(monkeypatch, unfrozen):
    assert not perf._served()  # plain Python: no Streamlit server
    monkeypatch.setattr(perf, "_frozen_at", 0)
    assert perf.freeze_imports() is False and gc.get_freeze_count() == 0
    monkeypatch.setattr(perf, "_served", lambda: True)
    assert perf.freeze_imports() is True
    assert gc.get_freeze_count() > 0 and perf._frozen_at == len(sys.modules)
    assert perf.freeze_imports() is False  # nothing imported since
    monkeypatch.setitem(sys.modules, "_tfdl_test_new_module", types.ModuleType("_tfdl_test_new_module"))
    assert perf.freeze_imports() is True  # a new module: freeze again


def test_the_app_under_apptest_freezes_nothing(unfrozen):
    before = gc.get_freeze_count()
    at = open_page("app", timeout=60)
    assert not at.exception and at.title[0].value == "tfdl playground"
    assert gc.get_freeze_count() == before  # AppTest's runtime is a mock: the test process stays as it was


def test_collect_all_frees_a_cycle_frozen_while_alive_and_freezes_the_rest_again(monkeypatch, unfrozen):
    import weakref

    class Node:  # a reference cycle, like a Keras model and its layers
        pass

    node = Node()
    node.me = node
    alive = weakref.ref(node)
    monkeypatch.setattr(perf, "_served", lambda: True)
    monkeypatch.setattr(perf, "_frozen_at", 0)
    assert perf.freeze_imports()  # frozen while alive (a session held it)
    del node
    gc.collect()
    assert alive() is not None  # the collector does not see frozen objects
    assert perf.collect_all() >= 1
    assert alive() is None and gc.get_freeze_count() > 0  # freed, and the survivors frozen again
