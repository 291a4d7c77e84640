"""What both modes of the Train page do with runs: a checkpoint after every epoch (Stop keeps every
finished epoch), "Stopped at epoch k of n" with a Resume button, and the session's last runs'
loss curves overlaid (settings in the legend, values on hover)."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train.live import STOP_KEY
from playground.i18n import _

MAX_RUNS = 5
RUNS_KEY = "train_runs"


def new_run_id() -> int:
    """A number for a new run (its legend entry starts with it)."""
    st.session_state["train_run_count"] = st.session_state.get("train_run_count", 0) + 1
    return st.session_state["train_run_count"]


def snapshot(model) -> dict:
    """Copies of the model's weights and its optimiser's variables (slots, step count) as they are now."""
    import numpy as np

    optimizer = getattr(model, "optimizer", None)
    built = optimizer is not None and getattr(optimizer, "built", False)
    return {
        "weights": [np.array(w) for w in model.get_weights()],
        "optimizer": [np.array(v) for v in optimizer.variables] if built else None,
    }


def restore(result: dict) -> None:
    """Put a stopped run's model back to its last checkpoint. Stop interrupts the script at its next
    Streamlit call, and every ``st.session_state`` access is one (the sink's stop check after each batch,
    the checkpoint's own write): the model may have trained part or all of the next epoch by then,
    which the history does not hold. Without this the page would show (and resume) other weights."""
    saved, model = result.get("snapshot"), result.get("model")
    if saved is None or model is None:
        return
    model.set_weights(saved["weights"])
    if saved["optimizer"] is not None:
        for variable, value in zip(model.optimizer.variables, saved["optimizer"]):
            variable.assign(value)
    result["snapshot"] = None  # restored once; the model is the checkpoint's from now on


def checkpoint(key: str, model, rows: list, epochs: int, settings: dict, run_id: int, **extra) -> None:
    """The run as it is after an epoch: if Stop interrupts the script, the page shows (and resumes)
    from here, the model put back to these weights by :func:`restore` first."""
    import pandas as pd

    saved = snapshot(model)  # before the write below: the write itself is where Stop may land
    st.session_state[key] = {
        "history": pd.DataFrame(rows),
        "model": model,
        "epochs": epochs,
        "stopped": True,
        "epochs_done": len(rows),
        "final": False,
        "settings": settings,
        "run_id": run_id,
        "divergence": None,
        "snapshot": saved,
        **extra,
    }


def stopped(result: dict) -> bool:
    return bool(result.get("stopped")) and result.get("divergence") is None and result.get("model") is not None


def stopped_notice(result: dict) -> None:
    st.info(_("Stopped at epoch {k} of {n}.").format(k=int(len(result["history"])), n=int(result["epochs"])))


def resume_button(key: str, result: dict, settings: dict, allowed: bool) -> bool:
    """Resume for a stopped run whose settings are unchanged; True when pressed (stop flag cleared)."""
    if not stopped(result) or result.get("settings") != settings:
        return False
    k, n = int(len(result["history"])), int(result["epochs"])
    go = (
        st.button(_("▶ Resume (epochs {first}–{last})").format(first=k + 1, last=n), key=key, disabled=not allowed)
        and allowed
    )
    if go:
        st.session_state[STOP_KEY] = False
    return go


def record(mode: str, run_id: int, label: str, history) -> None:
    """Keep (or update, after a resume) run ``run_id``'s loss curve; the session keeps the last runs."""
    runs = [r for r in st.session_state.get(RUNS_KEY, []) if (r["mode"], r["id"]) != (mode, run_id)]
    runs.append(
        {
            "mode": mode,
            "id": run_id,
            "label": f"#{run_id} {label}",
            "epoch": [int(e) for e in history["epoch"]],
            "loss": [float(v) for v in history["loss"]],
        }
    )
    st.session_state[RUNS_KEY] = runs[-MAX_RUNS:]


def overlay(mode: str) -> None:
    """The last runs' training losses on one chart, once there are two."""
    from tfdl.viz.vega import lines_spec

    runs = [r for r in st.session_state.get(RUNS_KEY, []) if r["mode"] == mode]
    if len(runs) < 2:
        return
    rows = [{"epoch": e, "loss": v, "run": r["label"]} for r in runs for e, v in zip(r["epoch"], r["loss"])]
    st.markdown("**" + _("This session's last runs") + "**")
    st.vega_lite_chart(
        lines_spec(
            rows, "epoch", "loss", "run", x_title=_("epoch"), y_title=_("loss"), series_title=_("run"), name="runs"
        ),
        width="stretch",
    )
