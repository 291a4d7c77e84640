"""Helpers every page shares: language, shareable settings in the URL, and friendly errors.

Pages stay thin: widgets (each with an explicit ``key``), one tfdl call, one chart. Settings
mirror into ``st.query_params`` so a teacher can share a link that reopens the same setup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any

import streamlit as st

from playground.i18n import LANGUAGES, current_language, error_text

__all__ = ["LANGUAGES", "friendly_errors"]


def lang() -> str:
    """The interface language chosen in the sidebar: ``"en"`` or ``"ru"``."""
    return current_language()


def tr(en: str, ru: str) -> str:
    """Pick the English or Russian text for the current language."""
    return ru if lang() == "ru" else en


def _cast(raw: str, default: Any):
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def param(key: str, default: Any, options: Sequence | None = None):
    """Initial value of a widget: from the URL (``?key=value``) if valid there, else ``default``.

    Also seeds ``st.session_state[key]`` once, so the widget created with ``key=key`` starts from
    the shared link. Call :func:`sync_params` at the end of the page to write values back.

    Streamlit forgets a widget's value when the user visits another page (and the URL loses the
    page's settings), so the last value is also kept under ``_param_<key>``: coming back to a page
    restores its settings. Order: the link, then the value last seen in this session, then ``default``.
    """
    shadow = f"_param_{key}"
    if key not in st.session_state:
        value = st.session_state.get(shadow, default)
        if options is not None and value not in options:
            value = default
        raw = st.query_params.get(key)
        if raw is not None:
            try:
                candidate = _cast(raw, default)
                if options is None or candidate in options:
                    value = candidate
            except (TypeError, ValueError):
                pass
        st.session_state[key] = value
    elif st.session_state.setdefault("_param_lang", {}).get(key, lang()) != lang():
        # the language changed: setting the value again makes Streamlit re-send it, so a selectbox
        # redraws the chosen option in the new language (it keeps the old label otherwise, streamlit#13788)
        st.session_state[key] = st.session_state[key]
    st.session_state.setdefault("_param_lang", {})[key] = lang()
    st.session_state[shadow] = st.session_state[key]
    return st.session_state[key]


def sync_params(keys: Sequence[str]) -> None:
    """Mirror the given widget values into the URL so the page can be shared as a link."""
    for key in keys:
        if key in st.session_state:
            value = st.session_state[key]
            if isinstance(value, (str, int, float, bool)):
                text = str(value)
                if st.query_params.get(key) != text:
                    st.query_params[key] = text


@contextmanager
def friendly_errors(stop: bool = False):
    """The playground's one way to show an error: a ``ValueError`` raised in the block (tfdl's way
    of explaining bad settings) becomes an error box in the user's language, never a traceback.

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


# --- transition: the helpers below go once every page uses playground.i18n and friendly_errors ---


def guarded(fn: Callable, *args, **kwargs):
    """Call ``fn``; on ``ValueError`` show the message with ``st.error`` and return ``None``."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        show_error(exc)
        return None


def show_error(exc: Exception) -> None:
    """``st.error`` with a library message. tfdl writes its messages in English (they name the
    argument, the value received and the rule, exactly as an engineer sees them), so the
    Russian interface puts a Russian line in front and keeps the message as written."""
    message = str(exc)
    st.error(tr(message, f"Так не получится: эти настройки tfdl не принимает. "
                         f"Сообщение библиотеки (по-английски):\n\n{message}"))


def localize_figure(fig, ru: dict[str, str]):
    """Translate a matplotlib figure's fixed English texts (axis labels, titles, legend entries,
    tick labels, colorbar labels) for the Russian interface; exact matches only. Returns ``fig``.

    For ``tfdl.viz`` figures that do not take their labels as arguments.

    Example:
        st.pyplot(localize_figure(vz.loss_curve_figure(losses), {"epoch": "эпоха", "loss": "потери"}))
    """
    if lang() != "ru" or not ru:
        return fig
    for text in fig.findobj(lambda artist: hasattr(artist, "get_text") and hasattr(artist, "set_text")):
        value = text.get_text()
        if value in ru:
            text.set_text(ru[value])
    return fig
