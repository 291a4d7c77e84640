"""Train page, digits mode: one run (new or resumed), a checkpoint after every epoch, and the
finished (or stopped) run's evaluation, ``.keras`` file and hand-over to the *Inside* page."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train import augmentation, gradflow, runs
from playground.app_pages.train.live import LiveSink
from playground.app_pages.train.settings import DIGIT_KEYS, make_optimizer
from playground.i18n import _
from playground.jobs import job_slot
from playground.session import TrainedDigits, save_trained_digits

RESULT_KEY = "train_digits_result"


def settings() -> dict:
    return {k: st.session_state.get(k) for k in (*DIGIT_KEYS, "train_clip")}


def label(name: str, size: int) -> str:
    from tfdl.training_runs import run_label

    s = st.session_state
    shown = {
        "model": _("small CNN") if name == "small_cnn" else name,
        "size": size,
        "lr": float(s["train_dlr"]),
        "batch": int(s["train_dbatch"]),
    }
    if s["train_aug"]:
        shown["aug"] = float(s["train_augs"])
    return run_label(shown, {"model": "", "size": "", "batch": _("batch"), "aug": _("augmented")})


def finish(result: dict, xt, yt) -> dict:
    """Evaluation, test-time augmentation, the ``.keras`` file and the Inside page's model of a run
    that ended or stopped (its model as it is now)."""
    import tfdl.training as T

    model = result["model"]
    evaluation = T.evaluate(model, xt, yt)
    usable = evaluation.finite and result.get("divergence") is None
    tta = augmentation.tta_accuracy(model, xt, yt) if result["augmented"] and usable else None
    if usable:
        save_trained_digits(TrainedDigits(model, image_size=result["size"], model_name=result["name"]))
    result.update(
        {
            "test_accuracy": evaluation.accuracy,
            "y_true": yt,
            "y_pred": evaluation.predictions,
            "x_test": xt,
            "keras_bytes": T.to_keras_bytes(model) if usable else None,
            "final": True,
            "tta_accuracy": tta,
            "tta_copies": int(st.session_state["train_tta"]),
        }
    )
    runs.record("digits", result["run_id"], result["label"], result["history"])
    return result


@job_slot()
def train(data, size: int, model_options: dict, previous: dict | None = None):
    import tfdl.training as T
    from tfdl.training_runs import resume

    s = st.session_state
    (x, y), (xt, yt) = data
    name = s["train_dmodel"]
    epochs = int(s["train_depochs"])
    now = settings()
    flow = gradflow.new_flow(x, y, int(s["train_dbatch"]), epochs, previous)  # the arrays, before augmenting
    augmented = augmentation.enabled()
    if augmented:  # new random copies of the training digits every epoch
        from tfdl.data.augment import augmented_dataset

        x, y = (
            augmented_dataset(x, y, augmentation.augmenter(augmentation.TRAIN_SEED), int(s["train_dbatch"]), seed=0),
            None,
        )
    if previous is None:
        model = T.digits_model(name, size, **model_options)
        run_id, text, rows = runs.new_run_id(), label(name, size), []
    else:
        model, run_id, text = previous["model"], previous["run_id"], previous["label"]
        rows = previous["history"].to_dict("records")
    extra = dict(label=text, name=name, size=size, augmented=augmented, seconds=0.0)

    def save(epoch):  # after every epoch, before drawing: Stop keeps every finished epoch
        runs.checkpoint(
            RESULT_KEY,
            model,
            sink.rows,
            epochs,
            now,
            run_id,
            **extra,
            gradflow=flow.log,
            gradflow_lr=float(s["train_dlr"]),
        )

    sink = LiveSink(epochs, on_epoch=save, rows=rows)
    live_flow = gradflow.LiveFlow(flow)
    common = dict(
        batch_size=int(s["train_dbatch"]), sink=[sink, flow, live_flow], validation_data=(xt, yt), jit_compile=False
    )
    if previous is None:
        result = T.fit(
            model,
            x,
            y,
            epochs=epochs,
            seed=0,
            optimizer=make_optimizer("adam", float(s["train_dlr"])),
            reinitialize=True,
            **common,
        )  # seed 0: same run
    else:  # the same model and optimiser state, epochs k+1..n
        result = resume(model, previous["history"], x, y, epochs=epochs, **common)
    sink.done()
    live_flow.done()
    seconds = result.seconds + (previous or {}).get("seconds", 0.0)
    s[RESULT_KEY] = finish(
        {
            "history": result.history,
            "model": result.model,
            "divergence": result.divergence,
            "stopped": result.stopped,
            "epochs": epochs,
            "settings": now,
            "run_id": run_id,
            **extra,
            "seconds": seconds,
            "gradflow": flow.log,
            "gradflow_lr": float(s["train_dlr"]),
        },
        xt,
        yt,
    )
