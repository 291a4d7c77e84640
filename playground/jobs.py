"""One queue for every training on this server: at most ``max_jobs`` at once, first come first served.

Thirty students pressing Train together would otherwise start thirty trainings on a few cores, and
every one of them would crawl. Each training in the app runs inside :func:`job_slot`::

    with job_slot():
        result = tfdl.training.fit(...)

A session that finds every slot taken waits in line and sees "waiting (n ahead of you)" in its
language, redrawn every :data:`POLL_SECONDS`. Each redraw is a Streamlit call, so the wait ends at
once when the student presses Stop, changes a widget or closes the tab (Streamlit then raises its
stop or rerun exception at the next ``st`` call); a training ends the same way at its next
progress update. The slot is released in ``finally``: after success, an error, Stop or a closed
session.

The cap is process-wide: ``TFDL_MAX_JOBS`` (set by ``tfdl-playground --max-jobs``), else the CPUs
this process may use. :class:`JobQueue` holds the logic and knows nothing of Streamlit (tested with
threads); :func:`job_slot` draws the waiting message.

Memory: a finished training's model is dropped by the page unless the session keeps it (the Train
page's digits model for the Inside page, the seq2seq model for decoding), and after a job the
garbage collector frees what it left (Keras models hold reference cycles) at most every
:data:`COLLECT_EVERY_SECONDS`. ``tfdl.training.release_memory`` is never called here: it runs
``keras.backend.clear_session``, which replaces Keras' global state for every thread and clears
TensorFlow's kernel cache, and drops every ``tf.custom_gradient``, also those of a model another
session is tracing at that moment.
"""

from __future__ import annotations

import collections
import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playground.perf import collect_all

__all__ = ["JobQueue", "free_memory", "job_queue", "job_slot", "max_jobs_from_env", "waiting_text"]

ENV_VAR = "TFDL_MAX_JOBS"
#: how often a waiting session's message is redrawn (and Stop or a closed tab is noticed)
POLL_SECONDS = 0.5
#: a full garbage collection holds the interpreter for ~0.5 s with TensorFlow loaded: not after every job
COLLECT_EVERY_SECONDS = 20.0

_log = logging.getLogger(__name__)


class Ticket:
    """One job's place: waiting in line, then running, then gone."""

    __slots__ = ("label",)

    def __init__(self, label: str = ""):
        self.label = label

    def __repr__(self) -> str:
        return f"Ticket({self.label!r})"


class JobQueue:
    """At most ``max_jobs`` jobs run at once; the others wait in the order they came (FIFO).

    Thread-safe; no Streamlit. :meth:`slot` is the whole protocol; :meth:`join`, :meth:`wait` and
    :meth:`leave` are its steps.

    Example:
        >>> queue = JobQueue(max_jobs=2)
        >>> with queue.slot():
        ...     queue.running
        1
        >>> queue.running
        0
    """

    def __init__(self, max_jobs: int):
        if isinstance(max_jobs, bool) or not isinstance(max_jobs, int) or max_jobs < 1:
            raise ValueError(f"`max_jobs` must be a whole number >= 1. Received: max_jobs={max_jobs!r}")
        self.max_jobs = max_jobs
        self._cond = threading.Condition()
        self._waiting: collections.deque[Ticket] = collections.deque()
        self._running: set[Ticket] = set()

    @property
    def running(self) -> int:
        """How many jobs hold a slot now."""
        with self._cond:
            return len(self._running)

    @property
    def waiting(self) -> int:
        """How many jobs wait in line now."""
        with self._cond:
            return len(self._waiting)

    def join(self, label: str = "") -> Ticket:
        """Take a place at the end of the line."""
        ticket = Ticket(label)
        with self._cond:
            self._waiting.append(ticket)
        return ticket

    def ahead(self, ticket: Ticket) -> int | None:
        """How many jobs wait in front of ``ticket`` (0: it is next); ``None`` once it runs or left."""
        with self._cond:
            try:
                return self._waiting.index(ticket)
            except ValueError:
                return None

    def wait(self, ticket: Ticket, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for ``ticket``'s turn; ``True`` when it now holds a slot."""
        with self._cond:
            if ticket in self._running:
                return True
            if ticket not in self._waiting:
                raise ValueError(f"`ticket` is neither waiting nor running. Received: ticket={ticket!r}")
            ready = self._cond.wait_for(
                lambda: self._waiting[0] is ticket and len(self._running) < self.max_jobs, timeout
            )
            if not ready:
                return False
            self._waiting.popleft()
            self._running.add(ticket)
            self._cond.notify_all()  # the next in line may fit too (several slots free)
            return True

    def leave(self, ticket: Ticket) -> None:
        """Give the slot back, or the place in line (safe to call twice)."""
        with self._cond:
            self._running.discard(ticket)
            try:
                self._waiting.remove(ticket)
            except ValueError:
                pass
            self._cond.notify_all()

    @contextmanager
    def slot(
        self, on_wait: Callable[[int], None] | None = None, poll: float = POLL_SECONDS, label: str = ""
    ) -> Iterator[Ticket]:
        """Hold a slot for the block; while waiting, call ``on_wait(ahead)`` every ``poll`` seconds.

        An exception raised by ``on_wait`` (a stopped session) or by the block ends the wait or the
        job and frees the place: the slot is released in ``finally``.
        """
        ticket = self.join(label)
        try:
            while not self.wait(ticket, 0):
                if on_wait is not None:
                    ahead = self.ahead(ticket)
                    on_wait(0 if ahead is None else ahead)
                if self.wait(ticket, poll):
                    break
            yield ticket
        finally:
            self.leave(ticket)


def default_max_jobs() -> int:
    """The CPUs this process may use (a container's cpuset counts; a CPU quota does not: set
    ``--max-jobs`` to it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def max_jobs_from_env(environ: dict | None = None) -> int:
    """The cap ``TFDL_MAX_JOBS`` sets, else :func:`default_max_jobs`. A value that is not a whole
    number ≥ 1 is logged and ignored (``tfdl-playground --max-jobs`` refuses it before starting)."""
    raw = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
    if not raw:
        return default_max_jobs()
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        fallback = default_max_jobs()
        _log.warning("%s=%r is not a whole number >= 1; training %d jobs at once instead.", ENV_VAR, raw, fallback)
        return fallback
    return value


_QUEUE: JobQueue | None = None
_QUEUE_LOCK = threading.Lock()


def job_queue() -> JobQueue:
    """The process-wide queue (created on first use with :func:`max_jobs_from_env`)."""
    global _QUEUE
    with _QUEUE_LOCK:
        if _QUEUE is None:
            _QUEUE = JobQueue(max_jobs_from_env())
        return _QUEUE


def set_job_queue(queue: JobQueue | None) -> JobQueue | None:
    """Replace the process-wide queue (tests); ``None`` makes the next use read the cap again.
    Returns the previous queue."""
    global _QUEUE
    with _QUEUE_LOCK:
        previous, _QUEUE = _QUEUE, queue
    return previous


def waiting_text(ahead: int, max_jobs: int) -> str:
    """The waiting message in the session's language."""
    from playground.i18n import _, ngettext

    return _("Waiting for a free training slot ({n} ahead of you). {limit} Yours starts by itself.").format(
        n=ahead,
        limit=ngettext(
            "The server trains {k} model at a time.", "The server trains {k} models at a time.", max_jobs
        ).format(k=max_jobs),
    )


_last_collect = 0.0
_collect_lock = threading.Lock()


def free_memory(every: float = COLLECT_EVERY_SECONDS) -> None:
    """Collect the cycles finished trainings left and hand free heap back to the OS, at most once
    every ``every`` seconds (not ``keras.backend.clear_session``: other sessions may be training).

    The collection also sees what :func:`playground.perf.freeze_imports` froze (a model alive at a
    freeze and dropped since), then freezes the survivors again."""
    global _last_collect
    with _collect_lock:
        now = time.monotonic()
        if now - _last_collect < every:
            return
        _last_collect = now
    collect_all()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


@contextmanager
def job_slot() -> Iterator[None]:
    """Run the block in a training slot of :func:`job_queue`; wait in line with a live message.

    Also a decorator (``@job_slot()``). The message sits where the block's output would be and
    disappears when the job starts.
    """
    import streamlit as st

    queue = job_queue()
    placeholder = None

    def show(ahead: int) -> None:
        nonlocal placeholder
        if placeholder is None:
            placeholder = st.empty()
        placeholder.info(waiting_text(ahead, queue.max_jobs), icon="⏳")  # an st call: Stop ends the wait here

    try:
        with queue.slot(on_wait=show):
            if placeholder is not None:
                placeholder.empty()
            yield
    finally:
        free_memory()
