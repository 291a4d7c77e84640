"""``tfdl.seeding.seeded``: a seeded run is the same run while other threads seed and build at once
(a server's sessions pressing Train together)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tfdl.models.mlp import build_mlp
from tfdl.seeding import SEED_LOCK, check_seed, seeded
from tfdl.training import fit


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 2)).astype("float32")
    return x, (x[:, 0] * x[:, 1] > 0).astype("int64")


def _run(x, y):
    """A seeded 2-D run with dropout (its generator seeded at build) and shuffling (fit's dataset)."""
    model = build_mlp((6, 4), activation="relu", dropout=0.2)
    result = fit(model, x, y, epochs=3, batch_size=16, seed=7, reinitialize=True)
    return [w.copy() for w in result.model.get_weights()], result.history["loss"].to_numpy()


def test_the_same_seed_gives_the_same_draws_and_none_seeds_nothing():
    import keras

    with seeded(3):
        a = keras.ops.convert_to_numpy(keras.random.normal((4,)))
        python_a = np.random.random()
    with seeded(3):
        b = keras.ops.convert_to_numpy(keras.random.normal((4,)))
        python_b = np.random.random()
    np.testing.assert_array_equal(a, b)
    assert python_a == python_b
    with seeded(None):  # an unseeded block takes no lock: another thread may hold it meanwhile
        assert SEED_LOCK.acquire(blocking=False)
        SEED_LOCK.release()


@pytest.mark.parametrize("bad", [-1, 1.5, "0", True])
def test_a_bad_seed_is_refused_with_its_name(bad):
    with pytest.raises(ValueError, match="seed"):
        check_seed(bad)


def test_a_seeded_fit_is_the_same_while_another_thread_seeds_and_builds_all_the_time():
    x, y = _data()
    alone_weights, alone_loss = _run(x, y)

    stop = threading.Event()

    def other_session():  # another student: seeds 0, 1, 2, ... and builds a model, without pause
        seed = 0
        while not stop.is_set():
            build_mlp((5,), seed=seed % 50)
            seed += 1

    other = threading.Thread(target=other_session)
    other.start()
    try:
        busy_weights, busy_loss = _run(x, y)
    finally:
        stop.set()
        other.join()
    np.testing.assert_allclose(busy_loss, alone_loss, rtol=1e-6)
    for w_alone, w_busy in zip(alone_weights, busy_weights):
        np.testing.assert_allclose(w_busy, w_alone, rtol=1e-6, atol=1e-7)
