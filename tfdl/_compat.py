"""The only place where tfdl touches private TensorFlow / Keras APIs.

Each function here wraps one private entry point that has no public equivalent. The versions
they were checked on are pinned in ``CHECKED_VERSIONS``; ``tests/test_compat.py`` fails loudly
when the installed TensorFlow or Keras moves past them, so whoever upgrades re-checks these
few lines instead of discovering a silent slow path or a wrong result.
"""

from __future__ import annotations

import contextlib

# (major, minor) of the releases these private entry points were read in.
CHECKED_VERSIONS = {"tensorflow": (2, 21), "keras": (3, 15)}


def gradient_may_be_recorded() -> bool:
    """``True`` when a gradient tape may record the ops being built (i.e. training).

    TensorFlow has no public query for this; ``tensorflow.python.eager.record`` holds it.
    Falls back to ``True`` (assume training) if the private module moves.
    """
    try:
        from tensorflow.python.eager import record
    except ImportError:  # private module moved: assume a tape may record
        return True
    return bool(record.could_possibly_record())


def keras_backend_rnn_kernel(kind: str):
    """Keras's backend entry to the fused cuDNN kernels: ``lstm`` or ``gru`` of
    ``keras.src.backend`` (raises ``NotImplementedError`` where cuDNN cannot run)."""
    from keras.src import backend

    return getattr(backend, kind)


def functional_model_class():
    """``keras.src.models.functional.Functional`` (Keras exports no public name for it)."""
    from keras.src.models.functional import Functional

    return Functional


@contextlib.contextmanager
def layer_state_unlocked(layer):
    """Let a built layer add weights (as ``enable_lora`` must): Keras locks a layer's state
    tracker after ``build`` and has no public way to reopen it (``Layer._tracker``)."""
    tracker = layer._tracker
    was_locked = tracker.locked
    tracker.unlock()
    try:
        yield
    finally:
        if was_locked:
            tracker.lock()
