"""What one page leaves for another in the session, and what a closed session gives back.

The Train page saves the digits model it trained; the Inside page reads it. Both import this
module, so the key below is written once. A closed tab's models are dropped after
:data:`GRACE_SECONDS` (:func:`register_session`, below).

Example:
    save_trained_digits(TrainedDigits(model, image_size=8, model_name="small_cnn"))
    trained = trained_digits()  # None until the Train page has trained one
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from playground.jobs import free_memory

_TRAINED_DIGITS = "train_digits_model"


@dataclass(frozen=True)
class TrainedDigits:
    """A digits classifier trained on the Train page.

    Attributes:
        model: a ``keras.Model`` taking ``(N, S, S, 1)`` images in [0, 1], giving 10 class scores.
        image_size: ``S``, the side of the images it was trained on.
        model_name: its registry name (``"small_cnn"``, ``"lenet5"``...).
    """

    model: Any
    image_size: int
    model_name: str


def save_trained_digits(trained: TrainedDigits) -> None:
    """Keep the Train page's digits model for the other pages of this session."""
    st.session_state[_TRAINED_DIGITS] = trained


def trained_digits() -> TrainedDigits | None:
    """The digits model trained in this session, or ``None``."""
    value = st.session_state.get(_TRAINED_DIGITS)
    return value if isinstance(value, TrainedDigits) else None


# --- Releasing what a closed session trained -------------------------------------------------
#
# Streamlit keeps a disconnected session (and its ``st.session_state``) for
# ``server.disconnectedSessionTTL`` seconds, and drops expired ones only when another session
# disconnects. A class of thirty would keep every trained model that long or longer. Each run
# registers its session here; a janitor thread drops the heavy values (models, large arrays) of a
# session that has had no connection for :data:`GRACE_SECONDS`, then returns the freed heap to the
# system. Settings stay (they are small, and a reconnecting tab still has them in its link).

GRACE_SECONDS = float(os.environ.get("TFDL_SESSION_GRACE", "30"))
_JANITOR_PERIOD = 5.0
_HEAVY_BYTES = 256 * 1024
_sessions: dict[str, Any] = {}  # session id -> its SafeSessionState
_inactive_since: dict[str, float] = {}
_lock = threading.Lock()


def register_session() -> None:
    """Note this run's session for the janitor (``app.py`` calls it once per run)."""
    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():  # AppTest and bare scripts have no server sessions
        return
    with _lock:
        _sessions[ctx.session_id] = ctx.session_state
        _inactive_since.pop(ctx.session_id, None)
    _janitor()


def is_heavy(value: Any, depth: int = 2) -> bool:
    """A value worth dropping: a Keras/TensorFlow object, a large array or table, or a container
    (dict, list, tuple, dataclass) holding one, ``depth`` levels down."""
    module = type(value).__module__ or ""
    if module.startswith(("keras", "tensorflow", "tfdl")) and not isinstance(value, (str, int, float)):
        return True
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int) and nbytes >= _HEAVY_BYTES:
        return True
    if module.startswith("pandas"):
        return int(value.memory_usage(deep=False).sum()) >= _HEAVY_BYTES
    if depth <= 0:
        return False
    if isinstance(value, dict):
        return any(is_heavy(v, depth - 1) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(is_heavy(v, depth - 1) for v in value[:64])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(is_heavy(getattr(value, f.name), depth - 1) for f in dataclasses.fields(value))
    return False


def release_closed_sessions(now: float | None = None, grace: float = GRACE_SECONDS) -> list[str]:
    """Drop the heavy values of every registered session without a connection for ``grace``
    seconds; returns the ids released. Called by the janitor thread every few seconds."""
    if not Runtime.exists():
        return []
    runtime, now = Runtime.instance(), time.monotonic() if now is None else now
    released = []
    with _lock:
        for session_id, state in list(_sessions.items()):
            if runtime.is_active_session(session_id):
                _inactive_since.pop(session_id, None)
                continue
            since = _inactive_since.setdefault(session_id, now)
            if now - since < grace:
                continue
            for key in [k for k, v in state.filtered_state.items() if is_heavy(v)]:
                try:
                    del state[key]
                except KeyError:
                    pass
            del _sessions[session_id]
            _inactive_since.pop(session_id, None)
            released.append(session_id)
    if released:
        free_memory(every=0)
    return released


def _janitor_loop() -> None:
    while True:
        time.sleep(_JANITOR_PERIOD)
        try:
            release_closed_sessions()
        except Exception:  # a janitor that dies would leak silently; log and go on
            logging.getLogger(__name__).exception("releasing closed sessions failed")


@st.cache_resource(show_spinner=False)
def _janitor() -> threading.Thread:
    thread = threading.Thread(target=_janitor_loop, name="tfdl-session-janitor", daemon=True)
    thread.start()
    return thread
