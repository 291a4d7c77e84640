"""Test-wide settings: Keras on TensorFlow, quiet logs, deterministic seeds."""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# .streamlit/config.toml hides error details from the app's viewers; tests want to see them.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

import pytest


@pytest.fixture(autouse=True)
def _seed():
    """Every test starts from the same seeds (numpy always; Keras/TF if already imported)."""
    import sys

    import numpy as np

    np.random.seed(0)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(0)
    yield


@pytest.fixture(autouse=True)
def _release_models():
    """Release what a test built (models, traced functions) before the next test: Keras'
    global state is cleared, garbage collected, and freed heap handed back to the OS, so the
    whole suite's peak memory stays that of its largest test rather than the sum of all."""
    yield
    import sys

    if os.environ.get("TFDL_TEST_KEEP_MEMORY") or "keras" not in sys.modules:
        return
    import gc

    sys.modules["keras"].backend.clear_session(free_memory=False)
    gc.collect()
    _malloc_trim()


def _malloc_trim():
    """glibc keeps freed heap pages; malloc_trim(0) returns them (no-op elsewhere)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
