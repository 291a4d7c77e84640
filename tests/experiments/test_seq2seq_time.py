"""The seq2seq cost model: token counts against the data generator's rules, the formula by hand,
the least-squares fit against numpy, and (slow) the estimate against a real training run."""

import numpy as np
import pytest

from tfdl.errors import TfdlValueError
from tfdl.experiments import seq2seq_time as st


def test_tokens_per_pair_follow_the_tasks_rules():
    # copy/reverse/sort: source and target have the drawn length; +2 for <s> and </s>
    assert st.mean_pair_tokens("copy", 4, 4) == 10.0
    assert st.mean_pair_tokens("sort", 3, 3) == 8.0
    lengths = st.mean_pair_tokens("reverse", 2, 6, n_samples=2000)
    assert lengths == pytest.approx(2 * 4 + 2, abs=0.15)  # uniform lengths 2..6: mean 4 each side
    # addition "a+b" with one operand of L digits and the other of 1..L; the sum has L or L+1 digits
    L = 3
    tokens = st.mean_pair_tokens("addition", L, L, n_samples=2000)
    low, high = L + 1 + 1 + L + 2, L + 1 + L + L + 1 + 2  # shortest / longest possible pairs
    assert low < tokens < high
    # dates: "2021-01-05" (10) from a 8..11-character source
    assert 10 + 8 + 2 <= st.mean_pair_tokens("date", 1, 8) <= 10 + 11 + 2


def test_estimate_is_the_documented_formula():
    n, epochs, tokens = 1200, 8, 10.0
    per_token = st.SECONDS_PER_TOKEN * (96 / st.REFERENCE_UNITS) ** st.UNITS_EXPONENT
    expected = st.OVERHEAD_S + n * epochs * tokens * per_token
    assert st.estimate_seq2seq_seconds(n, epochs, tokens, 96) == pytest.approx(expected)
    # below the reference size the per-token time does not fall; two models cost twice
    small = st.estimate_seq2seq_seconds(n, epochs, tokens, 8)
    assert small == st.estimate_seq2seq_seconds(n, epochs, tokens, st.REFERENCE_UNITS)
    assert st.estimate_seq2seq_seconds(n, epochs, tokens, 8, n_models=2) == pytest.approx(2 * small)
    for bad in (dict(n_train=0), dict(units=True), dict(epochs="3")):
        kwargs = dict(n_train=n, epochs=epochs, tokens_per_pair=tokens, units=48) | bad
        with pytest.raises(TfdlValueError, match=next(iter(bad))) as info:
            st.estimate_seq2seq_seconds(**kwargs)
        assert info.value.code == "seq_cost_min"


def test_fit_recovers_the_constants_like_numpy_polyfit():
    rng = np.random.default_rng(0)
    runs = [(int(n), e, t, u, 0.0) for n, e, t, u in
            zip(rng.integers(100, 3000, 8), rng.integers(1, 5, 8), rng.uniform(6, 20, 8), [32, 48, 64, 128] * 2)]
    work = np.array([n * e * t * max(1, u / st.REFERENCE_UNITS) ** st.UNITS_EXPONENT for n, e, t, u, _ in runs])
    seconds = 4.0 + 2e-4 * work + rng.normal(0, 0.05, len(work))
    runs = [r[:4] + (s,) for r, s in zip(runs, seconds)]
    slope, intercept = np.polyfit(work, seconds, 1)
    overhead, per_token = st.fit_cost_model(runs)
    assert overhead == pytest.approx(intercept, abs=1e-3) and per_token == pytest.approx(slope, rel=1e-3)
    with pytest.raises(TfdlValueError, match="at least 2"):
        st.fit_cost_model(runs[:1])


@pytest.mark.slow
def test_the_estimate_is_the_right_order_of_magnitude_for_a_real_run():
    """On a shared machine the wall time swings with the load: a factor of 4 either way."""
    seconds = st.measure_seq2seq_seconds("reverse", n_train=256, epochs=2, min_len=2, max_len=4, units=16)
    estimate = st.estimate_seq2seq_seconds(256, 2, st.mean_pair_tokens("reverse", 2, 4), 16)
    assert estimate / 4 < seconds < estimate * 4


def test_the_constants_are_the_fit_of_the_documented_measurements():
    overhead, per_token = st.fit_cost_model(st.MEASURED, units_exponent=st.UNITS_EXPONENT)
    assert overhead == pytest.approx(st.OVERHEAD_S, abs=0.05)
    assert per_token == pytest.approx(st.SECONDS_PER_TOKEN, rel=0.02)
    ratios = [st.estimate_seq2seq_seconds(*run[:4]) / run[4] for run in st.MEASURED]
    assert 0.5 <= min(ratios) and max(ratios) <= 2.0  # "within a factor of 2 of every run"
