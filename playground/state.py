"""The one mechanism for page settings: link → session → default, clamped in one place.

Every setting a page offers is declared with :func:`param` (its key, default and range) before
its widget is drawn with the same ``key``. The value then

- comes from the shared link the first time the session sees the key, if valid there (a value
  out of range is clamped into it, an unknown option falls back to the default);
- otherwise from the value last seen in this session, so it survives navigation, tab switches,
  mode switches that hide the widget, and language switches (Streamlit deletes the state of a
  widget that is not drawn in a run; a shadow copy under ``_param_<key>`` keeps it);
- otherwise from the default.

:func:`sync_params` writes the page's link: only the settings that differ from their defaults,
with ``history.replaceState`` (Back leaves the page instead of undoing one setting).
:func:`number_input` is ``st.number_input`` whose typed values are clamped to the declared range
with a notice in the user's language (Streamlit's own bounds leave a wrong number in the box
while the page computes with the old one).

Example:
    stride = param("conv_stride", 1, min=1, max=8)
    number_input(_("Stride"), "conv_stride")
    ...
    sync_params(["conv_stride"])
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from playground.i18n import _, current_language, fmt_number

_SPECS = "_param_specs"  # session key: {key: _Spec}
_LINK = "_param_link"  # session key: the query parameters the session was opened with
_NOTICES = "_param_notices"  # session key: {key: (typed, clamped)} for number_input
_LINK_NOTICES = "_param_link_notices"  # session key: {key: (raw, used)} for link values not valid here
_RUNS = "_param_runs"  # session key: the run bookkeeping of note_run and finish_run


@dataclass(frozen=True)
class _Spec:
    default: Any
    options: tuple | None = None
    min: float | None = None
    max: float | None = None


def _cast(raw: str, default: Any):
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes"):
            return True
        if raw.lower() in ("0", "false", "no"):
            return False
        raise ValueError(raw)
    if isinstance(default, int):
        return int(float(raw)) if float(raw).is_integer() else int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def _valid(value: Any, spec: _Spec) -> Any:
    """``value`` made valid for ``spec``: clamped into [min, max]; the default if not an option."""
    if spec.options is not None:
        return value if value in spec.options else spec.default
    if isinstance(value, float) and value != value:  # NaN (a link may say "nan"): no place in a range
        return spec.default
    if isinstance(spec.default, bool) or not isinstance(value, (int, float)):
        return value
    if spec.min is not None and value < spec.min:
        value = type(spec.default)(spec.min)
    if spec.max is not None and value > spec.max:
        value = type(spec.default)(spec.max)
    return value


def _link() -> dict[str, str]:
    """The query parameters the session was opened with (read once: later URLs are ours)."""
    if _LINK not in st.session_state:
        st.session_state[_LINK] = {k: st.query_params.get(k) for k in st.query_params}
    return st.session_state[_LINK]


def param(key: str, default: Any, options: Sequence | None = None,
          min: float | None = None, max: float | None = None) -> Any:
    """Declare a setting and return its value (see the module docstring for the order).

    Args:
        key: the widget's key and the link's parameter name.
        default: the value without a link; its type is the type of values read from a link.
        options: the allowed values (selectbox/radio/select_slider), or ``None``.
        min, max: bounds for numbers; values from a link or typed by the user are clamped.
    """
    spec = _Spec(default, tuple(options) if options is not None else None, min, max)
    st.session_state.setdefault(_SPECS, {})[key] = spec
    shadow = f"_param_{key}"
    runs = note_run()
    first = runs is not None and key not in runs["keys"]
    live = _live(key, runs)
    if runs is not None:
        runs["keys"][key] = runs["n"]
    if live and key in st.session_state:
        # the widget was drawn in the last run: its value is the user's, as the browser sent it
        value = st.session_state[key]
        push = runs is not None and runs["lang_this"] != runs["lang_previous"]  # streamlit#13788
    else:
        # the widget is (re)created: after another page, a mode that hid it, or the first time. A
        # value the browser sends for it now may be a stale one from before; the shadow is the truth
        value = st.session_state.get(shadow, default)
        if first and key in st.session_state:
            value = st.session_state[key]  # set by code before the first declaration
        raw = _link().pop(key, None)  # the link, the first time only
        if raw is not None:
            try:
                value, unreadable = _cast(raw, default), False
            except (TypeError, ValueError):
                value, unreadable = default, True
            if unreadable or _valid(value, spec) != value:
                # never a silent fallback: sync_params says what the page uses instead
                st.session_state.setdefault(_LINK_NOTICES, {})[key] = (raw, _valid(value, spec))
        push = True
    valid = _valid(value, spec)
    # Set the widget's value only when it must change: a value set every run would be sent to the
    # browser and undo what the user does while the run is going (three quick presses on a slider
    # left it at the first one).
    if push or valid != value:
        st.session_state[key] = valid
    st.session_state[shadow] = valid
    return valid


def note_run() -> dict | None:
    """Count this script run (``app.py`` calls it every run, whatever the page; :func:`param` too).

    Runs are told apart by Streamlit's per-run cursor table (kept referenced, so never reused) and
    numbered. Returns the bookkeeping dict, or ``None`` outside a script run: ``n`` (this run's
    number), ``keys`` (the run each setting was last declared in), ``drawn`` (the settings whose
    widgets the last completed run drew; ``None`` until :func:`finish_run` is first called) and
    ``lang_this``/``lang_previous``."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        marker = get_script_run_ctx().cursors
    except Exception:  # no script run context
        return None
    runs = st.session_state.setdefault(
        _RUNS, {"marker": None, "n": 0, "keys": {}, "drawn": None, "lang_this": None, "lang_previous": None})
    if runs["marker"] is not marker:  # the first call of this run
        runs["marker"] = marker
        runs["n"] += 1
        runs["lang_previous"], runs["lang_this"] = runs["lang_this"], current_language()
    return runs


def finish_run() -> None:
    """Record which settings' widgets this run drew (``app.py`` calls it after the page returns).

    Streamlit drops the state of widgets not drawn only at the end of a run that completes; a run
    cut short by the user's next click, ``st.stop()`` or an error never gets here and leaves every
    widget as it was, in the session and in the browser."""
    runs = note_run()
    if runs is None:
        return
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.state.common import user_key_from_element_id

    ids = get_script_run_ctx().shared.widget_ids_this_run.snapshot()
    runs["drawn"] = {user_key_from_element_id(i) for i in ids} & set(st.session_state.get(_SPECS, {}))


def _live(key: str, runs: dict | None) -> bool:
    """True when ``key``'s widget is in the browser now: drawn by the last completed run (without
    ``app.py``'s :func:`finish_run`, declared in the previous run)."""
    if runs is None:
        return True
    if runs["drawn"] is not None:
        return key in runs["drawn"]
    last = runs["keys"].get(key)
    return last is not None and last >= runs["n"] - 1


def remember_settings() -> None:
    """Copy the value of every setting whose widget was drawn in the last run to its shadow;
    ``app.py`` calls it at the top of every run, before any page.

    A page refreshes the shadow when its run reaches the ``param`` call; a value typed just before
    the user leaves the page (its run cut short by the navigation) would otherwise be lost when
    Streamlit drops the widget's state on the next page. Settings not drawn in the last run are left
    alone: a value the browser sends for them may be a stale one, and :func:`param` restores the
    shadow instead.
    """
    runs = note_run()
    if runs is None:
        return
    for key in st.session_state.get(_SPECS, {}):
        if key in st.session_state and _live(key, runs):
            st.session_state[f"_param_{key}"] = st.session_state[key]


def set_value(key: str, value: Any) -> None:
    """Set a setting from code (a preset, a callback): its widget shows ``value`` and it survives
    the widget being dropped. Call it before the widget is drawn in the run, or in a callback."""
    st.session_state[key] = value
    st.session_state[f"_param_{key}"] = value


def forget(key: str) -> None:
    """Drop a setting's value (it returns to the link-less default the next time it is declared)."""
    for k in (key, f"_param_{key}"):
        st.session_state.pop(k, None)


def _clamp_typed(key: str) -> None:
    spec = st.session_state.get(_SPECS, {}).get(key)
    typed = st.session_state.get(key)
    if spec is None or typed is None:
        if spec is not None:
            st.session_state[key] = st.session_state.get(f"_param_{key}", spec.default)
        return
    clamped = _valid(typed, spec)
    if clamped != typed:
        st.session_state[key] = clamped
        st.session_state.setdefault(_NOTICES, {})[key] = (typed, clamped)
    else:
        st.session_state.get(_NOTICES, {}).pop(key, None)
    st.session_state[f"_param_{key}"] = st.session_state[key]


def number_input(label: str, key: str, **kwargs):
    """``st.number_input`` for a declared setting: a typed value outside [min, max] is clamped
    and the page says so under the box, in the user's language. Returns the (valid) value."""
    spec = st.session_state.get(_SPECS, {}).get(key)
    if spec is not None and isinstance(spec.default, int) and not isinstance(spec.default, bool):
        kwargs.setdefault("step", 1)  # an integer box (Streamlit makes a box without int arguments float)
    value = st.number_input(label, key=key, on_change=_clamp_typed, args=(key,), **kwargs)
    notice = st.session_state.get(_NOTICES, {}).pop(key, None)
    if notice is not None:
        spec = st.session_state[_SPECS][key]
        st.warning(_("{label}: {typed} is outside {min}…{max}; the page uses {clamped}.").format(
            label=label, typed=fmt_number(notice[0], "g"), min=fmt_number(spec.min, "g"), max=fmt_number(spec.max, "g"),
            clamped=fmt_number(notice[1], "g")))
    return value


def link_query(keys: Sequence[str], baseline: dict[str, Any] | None = None) -> dict[str, str]:
    """The link's parameters for ``keys``: those off their defaults, and the language if not English.

    ``baseline`` replaces the defaults for the keys it holds (a page whose link names a preset
    writes only what differs from the preset's values, even where that is the default)."""
    specs = st.session_state.get(_SPECS, {})
    baseline = baseline or {}
    query = {}
    if current_language() != "en":
        query["lang"] = current_language()
    for key in keys:
        spec = specs.get(key)
        value = st.session_state.get(key)
        if spec is None or not isinstance(value, (str, int, float, bool)) or value == baseline.get(key, spec.default):
            continue
        query[key] = str(value)
    return query


def sync_params(keys: Sequence[str], baseline: dict[str, Any] | None = None) -> None:
    """Write the page's link: settings off their defaults (or off ``baseline``, see :func:`link_query`),
    replacing the browser's history entry."""
    for key, (raw, used) in st.session_state.pop(_LINK_NOTICES, {}).items():
        st.warning(_("The link's {key}={raw} is not a valid setting here; the page uses {used}.").format(
            key=key, raw=raw[:40], used=used))
    query = link_query(keys, baseline)
    st.session_state["_link_query"] = query  # what the address bar holds (AppTest runs no JavaScript)
    search = "?" + urlencode(query) if query else ""
    st.html(
        "<script>(function(){const u = new URL(window.location.href);"
        f"const s = {json.dumps(search)};"
        "if (u.search !== s) { window.history.replaceState(window.history.state, '', u.pathname + s + u.hash); }"
        "})();</script>",
        unsafe_allow_javascript=True,
    )
