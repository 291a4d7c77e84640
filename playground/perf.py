"""What keeps the served app quick between runs: the garbage collector, and a log of run times.

Streamlit collects garbage after every script run (``gc.collect(2)``), and once Keras is imported it
also calls ``keras.backend.clear_session()``, which collects again. With TensorFlow loaded each
full collection walks its ~450,000 objects: 0.8 s, twice, after every click, and the browser only
hears that the run is over once they are done. :func:`freeze_imports` moves what the imports made
into the collector's permanent generation (``gc.freeze``), so those collections take microseconds.
It freezes at the start of a run, right after Streamlit's collection: no garbage is frozen, and the
run that imported a module pays its collection once.

``TFDL_TIMING_LOG=<file>`` makes :func:`log_run` append one line per completed run,
``{"page": slug, "seconds": server time, "cpu": the script thread's CPU time}``
(``benchmarks/bench_app.py`` reads it; the CPU time is the steadier figure on a busy machine).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time

LOG_ENV = "TFDL_TIMING_LOG"
_frozen_at = 0  # len(sys.modules) at the last freeze


def _served() -> bool:
    """True in a ``streamlit run`` server (not under ``AppTest``, whose runtime is a mock)."""
    try:
        from streamlit.runtime import Runtime

        return Runtime.exists() and type(Runtime.instance()) is Runtime
    except Exception:  # no runtime
        return False


def freeze_imports() -> bool:
    """Freeze the objects alive now if modules were imported since the last freeze (served app only).

    Modules and what they built stay for the life of the process, so the collector need not walk
    them again. An object alive at a freeze (say a model in a session) that is dropped later and
    sits in a reference cycle waits for :func:`collect_all`, which ``playground.jobs.free_memory``
    runs after each training and when a closed tab is cleaned up. Freezes happen only when the set
    of modules grew (a page's first visit in the process, a first lazy import). Returns whether it
    froze.
    """
    global _frozen_at
    if len(sys.modules) == _frozen_at or not _served():
        return False
    gc.freeze()
    _frozen_at = len(sys.modules)
    return True


def run_clock() -> tuple[float, float]:
    """The start of a run for :func:`log_run`: wall clock and this thread's CPU clock."""
    return time.perf_counter(), time.thread_time()


def collect_all() -> int:
    """A full collection that also sees the frozen objects (a model alive at a freeze and dropped
    since); the survivors are frozen again. ``playground.jobs.free_memory`` calls it after each
    training and when a closed tab's models are dropped. Returns the number of objects collected."""
    was_frozen = gc.get_freeze_count() > 0
    gc.unfreeze()
    collected = gc.collect()
    if was_frozen:
        gc.freeze()
    return collected


def log_run(page: str, start: tuple[float, float]) -> None:
    """Append ``{"page": page, "seconds": ..., "cpu": ...}`` since ``start`` (:func:`run_clock`) to the
    file named by ``TFDL_TIMING_LOG``, if set."""
    path = os.environ.get(LOG_ENV)
    if path:
        wall, cpu = time.perf_counter() - start[0], time.thread_time() - start[1]
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"page": page, "seconds": wall, "cpu": cpu}) + "\n")
