"""Train page: a stopped run keeps its epochs, says so, resumes with its numbering; the runs overlay."""

import json

import numpy as np
import pytest

from playground.app_pages.train import live
from tests.playground.pages import open_page

TIMEOUT = 240


@pytest.fixture
def stop_after(monkeypatch):
    """Simulate Stop through the flag the page's sink polls: stop once the history has these many epochs."""
    at_epochs = set()
    monkeypatch.setattr(live.LiveSink, "should_stop", lambda self: len(self.rows) in at_epochs)
    return at_epochs


def _runs_chart(at):
    """The series of the runs overlay (Streamlit moves a chart's inline data into an Arrow table)."""
    import pyarrow as pa

    for chart in at.get("vega_lite_chart"):
        if chart.proto.data.data:
            table = pa.ipc.open_stream(chart.proto.data.data).read_all()
            if "run" in table.column_names and json.loads(chart.proto.spec)["layer"]:
                return sorted(set(table.column("run").to_pylist()))
    return None


def test_2d_stop_resume_keeps_epochs_continues_numbering_and_overlays_runs(stop_after):
    at = open_page(
        "train", state=dict(train_dataset="gaussians", train_epochs=4, train_hidden="3", train_lr=0.03), timeout=TIMEOUT
    )
    stop_after.add(2)
    at.button(key="train_go").click().run()
    at.run()  # the rerun after the stop shows Resume
    assert not at.exception and not at.error
    result = at.session_state["train_2d_result"]
    assert result["history"]["epoch"].tolist() == [1, 2] and result["epochs_done"] == 2
    assert any(i.value == "Stopped at epoch 2 of 4." for i in at.info)
    assert at.get("download_button")  # the 2-D model as .keras, also when stopped
    model = result["model"]
    steps = int(model.optimizer.iterations.numpy())
    stop_after.clear()
    at.button(key="train_resume").click().run()
    assert not at.exception and not at.error
    resumed = at.session_state["train_2d_result"]
    assert resumed["history"]["epoch"].tolist() == [1, 2, 3, 4] and not resumed["stopped"]
    assert resumed["model"] is model and int(model.optimizer.iterations.numpy()) == 2 * steps  # went on
    assert not any("Stopped at epoch" in i.value for i in at.info)
    assert _runs_chart(at) is None  # one run so far (resumed, not new)
    stop_after.add(3)  # a second run, stopped too: both are overlaid
    at.button(key="train_go").click().run()
    runs = _runs_chart(at)
    assert runs is not None and len(runs) == 2 and runs[0].startswith("#1 ") and runs[1].startswith("#2 ")
    assert "lr=0.03" in runs[0]
    at.session_state["lang"] = "ru"  # (after the last click: AppTest cannot click on a Russian page)
    at.run()
    assert not at.exception
    assert any(i.value == "Остановлено на эпохе 3 из 4." for i in at.info)
    assert any(m.value == "**Последние запуски этой сессии**" for m in at.markdown)


@pytest.mark.slow
def test_digits_stop_and_resume(stop_after):
    at = open_page("train", state=dict(train_mode="digits", train_depochs=2, train_dsize=8), timeout=TIMEOUT)
    stop_after.add(1)
    at.button(key="train_dgo").click().run()
    at.run()
    assert not at.exception and not at.error
    assert at.session_state["train_digits_result"]["history"]["epoch"].tolist() == [1]
    assert any(i.value == "Stopped at epoch 1 of 2." for i in at.info)
    stop_after.clear()
    at.button(key="train_dresume").click().run()
    assert not at.exception and not at.error
    result = at.session_state["train_digits_result"]
    assert result["history"]["epoch"].tolist() == [1, 2] and not result["stopped"]
    assert result["keras_bytes"][:2] == b"PK"


def test_a_sweep_of_the_learning_rate_plots_the_final_loss_per_value():
    at = open_page(
        "train",
        state=dict(train_dataset="gaussians", train_epochs=2, train_hidden="2", train_batch=64, train_sweep_open=True),
        timeout=TIMEOUT,
    )
    assert not at.exception and not at.error
    at.multiselect(key="train_sweep_lr").set_value([0.001, 0.1, 0.01]).run()
    at.button(key="train_sweep_go").click().run()
    assert not at.exception and not at.error
    result = at.session_state["train_sweep_result"]
    assert result["values"] == [0.001, 0.01, 0.1] and len(result["losses"]) == 3
    assert all(np.isfinite(result["losses"]))
    assert "train_2d_result" not in at.session_state  # a sweep is not the page's run
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert any(spec["encoding"]["x"]["title"] == "log₁₀ learning rate" for spec in charts)
