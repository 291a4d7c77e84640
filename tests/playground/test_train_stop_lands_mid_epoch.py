"""Train page: Stop lands at the script's next Streamlit call, and every ``st.session_state`` access is
one (the sink's stop check after each batch): the model may have trained part of the next epoch when the
script ends. The stopped run must show (and resume) the weights of its last finished epoch."""

import numpy as np
import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from playground.app_pages.train import live
from tests.playground.pages import open_page


@pytest.fixture
def stop_in_epoch_three(monkeypatch):
    """Stop lands three batches into the third epoch (the script ends there, as Streamlit ends it)."""
    calls = {"n": 0}

    def should_stop(self):
        if len(self.rows) == 2:
            calls["n"] += 1
            if calls["n"] == 3:
                raise StopException()
        return False

    monkeypatch.setattr(live.LiveSink, "should_stop", should_stop)


def test_a_stop_inside_an_epoch_shows_the_last_finished_epochs_weights(stop_in_epoch_three):
    import keras

    import tfdl.training as T
    from tfdl.data import make_toy2d

    state = dict(train_dataset="gaussians", train_epochs=4, train_hidden="3", train_lr=0.03)
    at = open_page("train", state=state, timeout=240)
    at.button(key="train_go").click().run()
    at.run()  # the rerun after the stop: the stopped run is shown
    assert not at.exception and not at.error
    result = at.session_state["train_2d_result"]
    assert result["history"]["epoch"].tolist() == [1, 2]
    assert any(i.value == "Stopped at epoch 2 of 4." for i in at.info)
    (x, y), (xt, yt) = make_toy2d("gaussians", n_samples=400, noise=0.0, train_ratio=0.5, seed=0)
    straight = T.fit(
        T.build_mlp((3,), "tanh", "xavier", features=("x1", "x2"), seed=0),
        x,
        y,
        epochs=2,
        batch_size=16,
        seed=0,
        optimizer=keras.optimizers.Adam(0.03),
        jit_compile=False,
        reinitialize=True,
    ).model
    model = result["model"]
    assert int(model.optimizer.iterations.numpy()) == int(straight.optimizer.iterations.numpy())  # not 3 more
    for got, want in zip(model.get_weights(), straight.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert result["test_accuracy"] == pytest.approx(T.evaluate(straight, xt, yt).accuracy)
