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

from playground.i18n import _, current_language

_SPECS = "_param_specs"  # session key: {key: _Spec}
_LINK = "_param_link"  # session key: the query parameters the session was opened with
_NOTICES = "_param_notices"  # session key: {key: (typed, clamped)} for number_input


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
    if key not in st.session_state:
        value = st.session_state.get(shadow, default)
        raw = _link().pop(key, None)
        if raw is not None:
            try:
                value = _cast(raw, default)
            except (TypeError, ValueError):
                value = default
        st.session_state[key] = _valid(value, spec)
    elif _valid(st.session_state[key], spec) != st.session_state[key]:
        # the range or the options depend on other settings (e.g. another model's layers): an old
        # value that is no longer valid is made valid here, not left for the widget to choke on
        st.session_state[key] = _valid(st.session_state[key], spec)
    elif st.session_state.setdefault("_param_lang", {}).get(key, current_language()) != current_language():
        # the language changed: setting the value again makes Streamlit re-send it, so a selectbox
        # redraws the chosen option in the new language (it keeps the old label otherwise, streamlit#13788)
        st.session_state[key] = st.session_state[key]
    st.session_state.setdefault("_param_lang", {})[key] = current_language()
    st.session_state[shadow] = st.session_state[key]
    return st.session_state[key]


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
    value = st.number_input(label, key=key, on_change=_clamp_typed, args=(key,), **kwargs)
    notice = st.session_state.get(_NOTICES, {}).pop(key, None)
    if notice is not None:
        spec = st.session_state[_SPECS][key]
        st.warning(_("{label}: {typed} is outside {min}…{max}; the page uses {clamped}.").format(
            label=label, typed=f"{notice[0]:g}", min=f"{spec.min:g}", max=f"{spec.max:g}", clamped=f"{notice[1]:g}"))
    return value


def link_query(keys: Sequence[str]) -> dict[str, str]:
    """The link's parameters for ``keys``: those off their defaults, and the language if not English."""
    specs = st.session_state.get(_SPECS, {})
    query = {}
    if current_language() != "en":
        query["lang"] = current_language()
    for key in keys:
        spec = specs.get(key)
        value = st.session_state.get(key)
        if spec is None or not isinstance(value, (str, int, float, bool)) or value == spec.default:
            continue
        query[key] = str(value)
    return query


def sync_params(keys: Sequence[str]) -> None:
    """Write the page's link: settings off their defaults, replacing the browser's history entry."""
    query = link_query(keys)
    st.session_state["_link_query"] = query  # what the address bar holds (AppTest runs no JavaScript)
    search = "?" + urlencode(query) if query else ""
    st.html(
        "<script>(function(){const u = new URL(window.location.href);"
        f"const s = {json.dumps(search)};"
        "if (u.search !== s) { window.history.replaceState(window.history.state, '', u.pathname + s + u.hash); }"
        "})();</script>",
        unsafe_allow_javascript=True,
    )
