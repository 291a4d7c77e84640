"""Test-wide settings: Keras on TensorFlow, quiet logs, deterministic seeds."""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# .streamlit/config.toml hides error details from the app's viewers; tests want to see them.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _seed():
    """Every test starts from the same seeds (numpy always; Keras/TF if already imported)."""
    import sys

    import numpy as np

    np.random.seed(0)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(0)
    yield


def pytest_collection_modifyitems(session, config, items):
    """Run the round-trip coverage check last: it reads what the other tests recorded."""
    last = [it for it in items if it.nodeid.endswith("test_every_registered_layer_had_a_round_trip")]
    items[:] = [it for it in items if it not in last] + last
