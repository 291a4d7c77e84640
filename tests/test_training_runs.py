"""tfdl.training_runs: resume gives the straight run's weights, run labels, sweeps in order."""

import numpy as np
import pytest

from tfdl.errors import TfdlValueError
from tfdl.training import build_mlp, fit
from tfdl.training_runs import resume, run_label, sweep


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(48, 2)).astype("float32")
    return x, (x[:, 0] * x[:, 1] > 0).astype("int64")


def _model():
    return build_mlp((4,), "tanh", features=("x1", "x2"), seed=3)


class StopAfter:
    """A sink that asks to stop after `k` epochs (the page's Stop flag)."""

    def __init__(self, k):
        self.k, self.seen = k, []

    def on_epoch_end(self, epoch, logs):
        self.seen.append(epoch)

    def should_stop(self):
        return len(self.seen) >= self.k


@pytest.fixture(scope="module")
def runs():
    import keras

    x, y = _data()
    common = dict(batch_size=16, shuffle=False, jit_compile=False)
    straight = fit(_model(), x, y, epochs=5, seed=1, optimizer=keras.optimizers.Adam(0.05), **common)
    sink = StopAfter(2)
    first = fit(_model(), x, y, epochs=5, seed=1, optimizer=keras.optimizers.Adam(0.05), sink=sink, **common)
    later = StopAfter(99)
    second = resume(first.model, first.history.copy(), x, y, epochs=5, sink=later, **common)
    return straight, first, second, later


def test_a_stopped_run_resumed_gives_the_straight_runs_weights_and_losses(runs):
    straight, first, second, later = runs
    assert first.stopped and len(first.history) == 2
    assert not second.stopped and second.history["epoch"].tolist() == [1, 2, 3, 4, 5]
    assert later.seen == [2, 3, 4]  # the sink sees the absolute epochs
    np.testing.assert_allclose(second.history["loss"], straight.history["loss"], rtol=1e-5)
    for a, b in zip(second.model.get_weights(), straight.model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # the optimiser went on: 3 batches per epoch, 5 epochs
    assert int(second.model.optimizer.iterations.numpy()) == 15


def test_resume_refuses_what_cannot_continue(runs):
    x, y = _data()
    with pytest.raises(TfdlValueError) as info:
        resume(runs[1].model, 5, x, y, epochs=5)
    assert info.value.code == "resume_epochs"
    with pytest.raises(TfdlValueError) as info:
        resume(_model(), 2, x, y, epochs=5)
    assert info.value.code == "resume_uncompiled"


def test_run_label_names_settings_in_order():
    assert (
        run_label({"lr": 0.030000001, "hidden": "4, 2", "bn": True, "seed": np.int64(2)})
        == "lr=0.03, hidden=4, 2, bn=on, seed=2"
    )
    assert run_label({"a": 1, "b": 2}, {"a": "", "b": "B"}) == "B=2"


def test_sweep_returns_values_in_order_with_their_final_losses():
    x, y = _data()
    result = sweep(
        lambda lr: fit(
            _model(),
            x,
            y,
            epochs=2,
            seed=0,
            learning_rate=lr,
            optimizer="sgd",
            batch_size=48,
            shuffle=False,
            jit_compile=False,
        ),
        [0.3, 0.01, 0.1],
    )
    assert result.values == [0.3, 0.01, 0.1]
    assert result.final_losses == [float(h["loss"].iloc[-1]) for h in result.histories]
    # one full batch of plain SGD from the same weights: a larger step lowers the loss more here
    assert result.final_losses[0] < result.final_losses[2] < result.final_losses[1]
    with pytest.raises(TfdlValueError):
        sweep(lambda v: None, [])
