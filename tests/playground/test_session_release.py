"""A closed tab's trained models are dropped after the grace period; its settings stay."""

import numpy as np
import pytest

from playground import session as S


class _State(dict):
    """Stands in for Streamlit's SafeSessionState: ``filtered_state`` and ``del``."""

    @property
    def filtered_state(self):
        return dict(self)


class _Runtime:
    active: set = set()

    @classmethod
    def exists(cls):
        return True

    @classmethod
    def instance(cls):
        return cls

    @classmethod
    def is_active_session(cls, session_id):
        return session_id in cls.active


@pytest.fixture
def runtime(monkeypatch):
    monkeypatch.setattr(S, "Runtime", _Runtime)
    monkeypatch.setattr(S, "_sessions", {})
    monkeypatch.setattr(S, "_inactive_since", {})
    _Runtime.active = set()
    return _Runtime


def test_heavy_values_are_models_large_arrays_and_containers_of_them():
    import keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    big, small = np.zeros(S._HEAVY_BYTES // 8, dtype=np.float64), np.zeros(4)
    assert S.is_heavy(model) and S.is_heavy(big)
    assert S.is_heavy({"model": model, "accuracy": 0.9}) and S.is_heavy((1, [big]))
    assert S.is_heavy(S.TrainedDigits(model, image_size=8, model_name="small_cnn"))
    assert not S.is_heavy(small) and not S.is_heavy("small_cnn") and not S.is_heavy({"train_lr": 0.03})
    assert not S.is_heavy(3) and not S.is_heavy(None)


def test_a_closed_session_loses_its_models_after_the_grace_period_and_keeps_its_settings(runtime):
    closed, open_ = _State(train_lr=0.03, inside_model={"model": np.zeros(S._HEAVY_BYTES)}), _State(
        seq_state={"model": np.zeros(S._HEAVY_BYTES)})
    S._sessions.update({"closed": closed, "open": open_})
    runtime.active = {"open"}
    assert S.release_closed_sessions(now=100.0, grace=30) == []  # the grace period starts now
    assert "inside_model" in closed
    assert S.release_closed_sessions(now=129.0, grace=30) == []
    assert S.release_closed_sessions(now=131.0, grace=30) == ["closed"]
    assert closed == {"train_lr": 0.03}  # settings stay; the model is gone
    assert "seq_state" in open_ and "open" in S._sessions and "closed" not in S._sessions


def test_a_session_that_reconnects_within_the_grace_period_keeps_everything(runtime):
    state = _State(inside_model={"model": np.zeros(S._HEAVY_BYTES)})
    S._sessions["tab"] = state
    assert S.release_closed_sessions(now=0.0, grace=30) == []
    runtime.active = {"tab"}  # the tab is back
    assert S.release_closed_sessions(now=20.0, grace=30) == []
    runtime.active = set()  # closed again: a fresh grace period
    assert S.release_closed_sessions(now=40.0, grace=30) == []
    assert S.release_closed_sessions(now=69.0, grace=30) == [] and "inside_model" in state
    assert S.release_closed_sessions(now=71.0, grace=30) == ["tab"] and "inside_model" not in state


def test_without_a_server_nothing_is_registered_or_released(monkeypatch):
    monkeypatch.setattr(S, "_sessions", {})
    S.register_session()  # no script run context here (a bare test process)
    assert S._sessions == {} and S.release_closed_sessions() == []
