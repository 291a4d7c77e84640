"""Test-wide settings: Keras on TensorFlow, quiet logs, deterministic seeds."""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# .streamlit/config.toml hides error details from the app's viewers; tests want to see them.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

import pytest


def pytest_xdist_auto_num_workers(config):
    """``-n auto --dist loadfile`` (pyproject's addopts): at most two workers. Each worker holds its own
    TensorFlow and the high-water mark of its largest test (~3 GB by the end), so more workers
    cost memory faster than they save time; ``TFDL_TEST_WORKERS`` overrides (1: one process,
    the least memory, about twice the time)."""
    if os.environ.get("TFDL_TEST_WORKERS"):
        return int(os.environ["TFDL_TEST_WORKERS"])
    return max(1, min(2, os.cpu_count() or 1))


@pytest.fixture(autouse=True)
def _seed():
    """Every test starts from the same seeds (numpy always; Keras/TF if already imported)."""
    import sys

    import numpy as np

    np.random.seed(0)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(0)
    yield


# A test that ran this long built something worth releasing at once (a model, traced functions).
_HEAVY_SECONDS = 1.0
# A full release (a garbage collection of TensorFlow's heap: ~0.4 s a time, after ~500 heavy tests)
# only once the process holds this much; below it, Keras' global state alone is cleared.
_RELEASE_MIB = int(os.environ.get("TFDL_TEST_RELEASE_MIB", "1000"))


def _resident_mib() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


def _release():
    """Keras' global state (``keras.backend.clear_session``, milliseconds) always; and once the
    process holds more than ``_RELEASE_MIB``, ``tfdl.training.release_memory``: TensorFlow's
    registered custom gradients (each holds a traced graph and its variables), garbage, glibc's
    free heap."""
    import sys

    if os.environ.get("TFDL_TEST_KEEP_MEMORY") or "keras" not in sys.modules:
        return
    if _resident_mib() < _RELEASE_MIB:
        sys.modules["keras"].backend.clear_session(free_memory=False)
        return
    from tfdl.training import release_memory

    release_memory()


@pytest.fixture(autouse=True)
def _release_after_heavy_tests():
    """After a heavy test, release what it built, so the suite's peak memory stays that of its
    largest test rather than the sum of all. (Light tests leave it to the end of their module.)"""
    import time

    start = time.perf_counter()
    yield
    if time.perf_counter() - start > _HEAVY_SECONDS:
        _release()


@pytest.fixture(autouse=True, scope="module")
def _release_after_each_module():
    yield
    _release()


@pytest.fixture(autouse=True)
def _memory_log(request):
    """With ``TFDL_TEST_MEMLOG=<file>``: one line per test (worker, test, resident and peak MiB
    after it), to find the tests that raise a process's high-water mark."""
    yield
    log = os.environ.get("TFDL_TEST_MEMLOG")
    if not log:
        return
    import resource

    rss = _resident_mib()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(log, "a") as fh:
        fh.write(f"{worker}\t{request.node.nodeid}\t{rss}\t{peak}\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """With ``TFDL_CPU_LOG=FILE``, append each test's CPU seconds (this process, every thread) and
    wall seconds to FILE: on a shared machine CPU time measures a test's cost where wall time
    measures its neighbours."""
    log = os.environ.get("TFDL_CPU_LOG")
    if not log:
        yield
        return
    import time

    cpu, wall = time.process_time(), time.perf_counter()
    yield
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{item.nodeid}\t{time.process_time() - cpu:.2f}\t{time.perf_counter() - wall:.2f}\n")
