"""Train page, 2-D mode: one run (new or resumed), a checkpoint after every epoch, and the finished
(or stopped) run's pictures, accuracy and ``.keras`` file."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train import gradflow, runs, task2d
from playground.app_pages.train import settings as cfg
from playground.app_pages.train.live import LiveSink
from playground.i18n import _
from playground.jobs import job_slot

RESOLUTION = 40  # grid points per side of the decision map
RESULT_KEY = "train_2d_result"


def label() -> str:
    """The run's settings in a legend entry."""
    from tfdl.training_runs import run_label

    s = st.session_state
    keys = ("train_dataset", "train_hidden", "train_act", "train_lr", "train_opt", "train_batch")
    return (
        run_label(
            {k: s[k] for k in keys},
            {
                "train_dataset": "",
                "train_hidden": _("hidden"),
                "train_act": "",
                "train_lr": "lr",
                "train_opt": "",
                "train_batch": _("batch"),
            },
        )
        + f", {_(cfg.DATASETS[s['train_dataset']])}"
    )


def finish(result: dict, xt, yt) -> dict:
    """The pictures, accuracy and file of a run that ended or stopped (its model as it is now)."""
    import tfdl.training as T

    model = result["model"]
    maps = T.neuron_maps(model, resolution=RESOLUTION)
    evaluation = T.evaluate(model, xt, yt)
    usable = evaluation.finite and result.get("divergence") is None
    result.update(
        {
            "xx": maps.xx,
            "yy": maps.yy,
            "p": maps.p,
            "neurons": maps.outputs,
            "grid_shape": maps.grid_shape,
            "test_accuracy": evaluation.accuracy,
            "epochs_done": len(result["history"]),
            "final": True,
            "keras_bytes": T.to_keras_bytes(model) if usable else None,
        }
    )
    result.update(task2d.extra(model, xt, yt))  # every class's probability; a regression's test loss
    runs.record("2d", result["run_id"], result["label"], result["history"])
    return result


@job_slot()
def train(features, hidden, data, boundary, redraw_title, texts, previous: dict | None = None):
    import tfdl.training as T
    from tfdl.training_runs import resume

    s = st.session_state
    (x, y), (xt, yt) = data
    epochs = int(s["train_epochs"])
    settings = cfg.settings_2d()
    if previous is None:
        model = T.build_mlp(
            hidden,
            s["train_act"],
            s["train_init"],
            dropout=float(s["train_dropout"]),
            dropout_form=s["train_dform"],
            batch_norm=s["train_norm"] == "batch",
            layer_norm=s["train_norm"] == "layer",
            l2=float(s["train_l2"]),
            features=features,
            seed=int(s["train_seed"]),
            **task2d.mlp_kwargs(data),
        )
        run_id, name, rows = runs.new_run_id(), label(), []
    else:
        model, run_id, name = previous["model"], previous["run_id"], previous["label"]
        rows = previous["history"].to_dict("records")

    def save(epoch):  # after every epoch, before drawing: Stop keeps every finished epoch
        runs.checkpoint(RESULT_KEY, model, sink.rows, epochs, settings, run_id, label=name, gradflow=flow.log,
                        gradflow_lr=learning_rate)

    def redraw(epoch):
        boundary.pyplot(task2d.live_figure(model, data, redraw_title(epoch + 1), texts))

    sink = LiveSink(epochs, on_redraw=redraw, every=max(1, epochs // 8), on_epoch=save, rows=rows)
    flow = gradflow.new_flow(x, y, int(s["train_batch"]), epochs, previous)
    learning_rate = float(s["train_lr"]) if previous is None else previous.get("gradflow_lr")
    live_flow = gradflow.LiveFlow(flow, every=max(1, epochs // 8))
    sinks = [sink, flow, live_flow]
    common = dict(batch_size=int(s["train_batch"]), sink=sinks, validation_data=(xt, yt), jit_compile=False)
    if previous is None:
        lr = float(s["train_lr"])
        optimizer = cfg.make_optimizer(s["train_opt"], lr)
        # reinitialize=True: fit re-draws the weights of `model` (the object `redraw` reads) from the
        # seed, so "Seed" fixes weights, shuffling and dropout, hence the whole run
        result = T.fit(
            model, x, y, epochs=epochs, seed=int(s["train_seed"]), optimizer=optimizer, reinitialize=True, **common,
            **task2d.fit_kwargs(),
        )
    else:  # the same model and optimiser state, epochs k+1..n
        result = resume(model, previous["history"], x, y, epochs=epochs, **common)
    sink.done()
    live_flow.done()
    s[RESULT_KEY] = finish(
        {
            "gradflow": flow.log,
            "gradflow_lr": learning_rate,
            "history": result.history,
            "model": result.model,
            "divergence": result.divergence,
            "stopped": result.stopped,
            "epochs": epochs,
            "settings": settings,
            "run_id": run_id,
            "label": name,
        },
        xt,
        yt,
    )
