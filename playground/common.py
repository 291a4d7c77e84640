"""The playground's one way to show an error (:func:`friendly_errors`), to refuse a training run
that would take too long (:func:`training_budget`) and to train a run and keep it in the session
(:func:`kept_run`); progress bars (:class:`EpochProgress`) and lazy expanders (:func:`lazy_expander`).

Settings live in :mod:`playground.state`, texts in :mod:`playground.i18n`, what pages hand each
other in :mod:`playground.session`.
"""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from playground.i18n import _, error_text, fmt_number
from playground.limits import MAX_TRAIN_SECONDS

__all__ = ["EpochProgress", "friendly_errors", "kept_run", "lazy_expander", "training_budget"]


@contextmanager
def friendly_errors(stop: bool = False):
    """Show a ``ValueError`` raised in the block (tfdl's way of explaining bad settings) as an error
    box in the user's language, never a traceback.

    The rest of the block is skipped and the page goes on after it (other tabs still draw); with
    ``stop=True`` the page stops there. tfdl's errors carry a code and parameters, so the Russian
    box is a Russian sentence with the same numbers (:func:`playground.i18n.error_text`).

    Example:
        with friendly_errors():
            out = tfdl.shapes.conv_output_size(size, k, stride=s)
            st.metric(_("Output size"), out)
    """
    try:
        yield
    except ValueError as exc:
        st.error(error_text(exc))
        if stop:
            st.stop()


def training_budget(seconds: float, advice: str) -> bool:
    """Say how long a training run will take; refuse it over ``playground.limits.MAX_TRAIN_SECONDS``.

    Every training in the app goes through here with its estimate (``tfdl.training_cost`` or the
    seq2seq cost model): a caption with the time, or a warning saying what to change. Returns
    ``True`` when training may start.

    Args:
        seconds: the run's estimated CPU seconds.
        advice: what to change, in the user's language ("use fewer epochs or a bigger batch").

    Example:
        cost = tfdl.training.estimate_fit_cost(model, len(x), epochs, batch)
        if training_budget(cost.seconds, _("use fewer epochs or a bigger batch.")) and go:
            fit(...)
    """
    text = _("Estimated training time on this server: about {seconds:.0f} s.").format(seconds=seconds)
    if seconds <= MAX_TRAIN_SECONDS:
        st.caption(text)
        return True
    st.warning(text + " " + _("That is over the {limit} s limit here: {advice}").format(
        limit=MAX_TRAIN_SECONDS, advice=advice))
    return False


def lazy_expander(label: str, key: str):
    """An expander whose content is built only while it is open (opening it reruns the page): a
    page's first paint skips what it holds (``st.dataframe`` imports pandas, ``st.code`` loads the
    browser's syntax highlighter, a chart's data is sent). Returns the container while open, else ``None``."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


class EpochProgress:
    """A ``tfdl.training`` progress sink for a page: a bar that moves after every epoch, with the loss."""

    def __init__(self, epochs: int):
        self.epochs, self.bar = epochs, st.progress(0.0)

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.bar.progress(
            (epoch + 1) / self.epochs,
            text=_("Epoch {epoch} of {epochs}: loss {loss}").format(
                epoch=epoch + 1, epochs=self.epochs, loss=fmt_number(logs.get("loss", float("nan")), ".3f")
            ),
        )

    def should_stop(self) -> bool:
        return False


def kept_run(state_key: str, settings: dict, *, button: str, button_key: str, seconds, advice: str, train,
             hint: str) -> dict | None:
    """A page's train-and-keep block: the time estimate, the Train button, the run kept in the session.

    ``seconds()`` estimates the run (its errors are shown, and the button stays disabled);
    :func:`training_budget` refuses it over the limit with ``advice``. Pressing the button with settings
    other than the kept run's calls ``train(settings, sink)`` (the page's function, queued with
    ``@job_slot()``; ``sink`` is an :class:`EpochProgress` over ``settings["epochs"]``) and keeps
    ``{"key": settings, "run": run}`` in ``st.session_state[state_key]`` (a fixed seed: the same settings
    give the same run, so they do not train twice). Returns what is kept, else shows ``hint`` and returns ``None``.
    """
    allowed = False
    with friendly_errors():
        allowed = training_budget(seconds(), advice)
    kept = st.session_state.get(state_key)
    if st.button(button, key=button_key, type="primary", disabled=not allowed) and (kept or {}).get("key") != settings:
        progress = EpochProgress(settings["epochs"])
        with friendly_errors():
            st.session_state[state_key] = kept = {"key": dict(settings), "run": train(settings, progress)}
        progress.bar.empty()
    if kept is None:
        st.info(hint)
    return kept
