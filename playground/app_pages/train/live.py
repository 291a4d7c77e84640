"""What both modes of the Train page share: live progress, learning curves, divergence notices."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.common import friendly_errors
from playground.i18n import _, fmt_number

STOP_KEY = "train_stop_requested"


def curve_texts() -> dict[str, str]:
    """The words of ``tfdl.viz.training.training_curves_figure`` in the session's language."""
    return {"train": _("train"), "validation": _("validation"), "epoch": _("epoch"), "loss": _("loss"),
            "accuracy": _("accuracy")}


class LiveSink:
    """ProgressSink drawing the progress bar, the loss chart and (2-D) the boundary every few epochs."""

    def __init__(self, epochs: int, on_redraw=None, every: int = 1, on_epoch=None, rows=None):
        self.epochs = epochs
        self.rows = list(rows or [])  # a resumed run's earlier epochs
        self.on_epoch = on_epoch  # after every epoch, before any drawing (a checkpoint)
        self.bar = st.progress(0.0, text=_("training…"))
        self.chart = st.empty()
        self.on_redraw = on_redraw
        self.every = max(1, every)

    def on_epoch_end(self, epoch, logs):
        self.rows.append({"epoch": epoch + 1, **logs})
        if self.on_epoch is not None:
            self.on_epoch(epoch)
        self.bar.progress((epoch + 1) / self.epochs, text=_("epoch {epoch}/{epochs}, loss {loss}").format(
            epoch=epoch + 1, epochs=self.epochs, loss=fmt_number(logs.get("loss", float("nan")), ".4g")))
        if (epoch + 1) % self.every == 0 or epoch + 1 == self.epochs:
            import pandas as pd

            table = pd.DataFrame(self.rows).set_index("epoch")
            cols = [c for c in ("loss", "val_loss") if c in table]
            shown = table[cols].rename(columns={"loss": _("loss"), "val_loss": _("validation loss")})
            shown.index.name = _("epoch")
            self.chart.line_chart(shown)
            if self.on_redraw is not None:
                self.on_redraw(epoch)

    def should_stop(self) -> bool:
        return bool(st.session_state.get(STOP_KEY, False))

    def done(self) -> None:
        """Remove the live bar and chart: the result's own curves replace them (else drawn twice)."""
        self.bar.empty()
        self.chart.empty()


def request_stop():
    """Stop button: the running script is interrupted by the rerun; the flag tells the sink too."""
    st.session_state[STOP_KEY] = True


def buttons(go_key: str, stop_key: str, allowed: bool = True) -> bool:
    """The Train and Stop buttons; True when Train was pressed (the stop flag is cleared then).

    ``allowed=False`` (a run over the training budget, ``playground.common.training_budget``)
    disables Train, and a press that reaches the server anyway starts nothing."""
    b1, b2 = st.columns(2)
    go = b1.button(_("▶ Train"), key=go_key, type="primary", disabled=not allowed) and allowed
    b2.button(_("■ Stop"), key=stop_key, on_click=request_stop)
    if go:
        st.session_state[STOP_KEY] = False
    return go


def show_history(history):
    """The finished run's learning curves, loss and accuracy side by side, values on hover."""
    from tfdl.viz.vega import curves_spec

    if history is not None and len(history) >= 2:  # one epoch is one point: the curves would be empty
        shown = [m for m in ("loss", "accuracy") if m in history]
        for column, metric in zip(st.columns(len(shown)), shown):
            column.vega_lite_chart(curves_spec(history, metric, texts=curve_texts()), width="stretch")


def report_divergence(result: dict):
    """The library's explanation when training diverged; a warning when the loss grew or bounced
    (``tfdl.training.loss_trend``)."""
    from tfdl.training import loss_trend

    if result.get("divergence") is not None:
        with friendly_errors():
            raise result["divergence"]
    elif result.get("history") is not None and len(result["history"]) >= 2:
        trend = loss_trend(result["history"]["loss"].to_numpy())
        if trend == "exploding":
            st.warning(_("The loss grew during training: the learning rate is probably too large."))
        elif trend == "oscillating":
            st.warning(_("The loss bounces up and down instead of falling: each step jumps across the valley. "
                         "The learning rate is probably too large: try one ten times smaller."))


def accuracy_text(acc: float) -> str:
    return fmt_number(acc, ".1%") if np.isfinite(acc) else "—"
