"""The playground's one translation catalogue (gettext, compiled from ``.po`` files by Babel).

Code holds English message ids; Russian lives in ``playground/locale/ru/LC_MESSAGES/*.po``
(one file per page plus ``common.po``, ``library.po`` and ``errors.po``, merged into one
catalogue when first used). Functions follow gettext:

- ``_("Stride")``: the text in the session's language;
- ``ngettext("after {n} epoch", "after {n} epochs", n).format(n=n)``: Russian's three plural forms;
- ``pgettext("model idea", idea)``: the same English text, told apart by a context;
- ``N_("circle")``: marks a literal for the catalogue without translating it (tables of options).

Library texts are translated by context: ``pgettext("model idea", entry.idea)``,
``pgettext("filter", filter.description)`` and tfdl's error codes (:func:`error_text`).

Example (a new string): write ``st.caption(_("Change one setting"))`` in the page, add to the
page's ``.po``::

    msgid "Change one setting"
    msgstr "Измените одну настройку"
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"en": "English", "ru": "Русский"}
#: gettext context of tfdl's error templates (msgid = the error's code)
ERROR_CONTEXT = "tfdl error"


def current_language() -> str:
    """The interface language of the session: ``"en"`` or ``"ru"`` (English outside Streamlit)."""
    try:
        import streamlit as st

        value = st.session_state.get("lang", st.query_params.get("lang", "en"))
    except Exception:  # no script run context (unit tests, library use)
        return "en"
    return value if value in LANGUAGES else "en"


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """All ``.po`` files of ``language`` compiled into one gettext catalogue (cached)."""
    if language == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    merged = load_catalog(language)
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_catalog(language: str):
    """The Babel ``Catalog`` of all ``.po`` files of ``language``.

    An id translated differently in two files is an error (one catalogue: one translation per id)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    merged = Catalog(locale=language)
    seen: dict[tuple, str] = {}
    for path in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=language)
        for message in catalog:
            if not message.id:
                continue
            key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
            if key in seen:
                if merged.get(message.id, context=message.context).string == message.string:
                    continue  # the same translation in two pages' files: harmless
                raise ValueError(f"message id {key} has different translations in {seen[key]} and {path.name}")
            seen[key] = path.name
            merged.add(message.id, message.string, context=message.context)
    return merged


def _(message: str) -> str:
    """``message`` (an English id) in the session's language."""
    return catalogue(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form of the message for ``n`` in the session's language."""
    return catalogue(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated within ``context`` (the same English text may read differently)."""
    return catalogue(current_language()).pgettext(context, message)


def fmt_number(value: float, spec: str = "") -> str:
    """``format(value, spec)`` with the separators of the session's language: English 2,296.5,
    Russian 2 296,5 (narrow no-break space, decimal comma); see :func:`tfdl.viz.formatting.format_number`.

    Example: ``fmt_number(2296.4, ",.0f")`` is ``"2,296"`` in English and ``"2 296"`` in Russian."""
    from tfdl.viz.formatting import format_number

    return format_number(value, spec, locale=current_language())


def fmt_significant(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits with the session's decimal separator (0.0294 / 0,0294)."""
    from tfdl.viz.formatting import format_significant

    return format_significant(value, digits, locale=current_language())


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; translate it later with ``_(value)``."""
    return message


def error_text(exc: Exception) -> str:
    """An error's message in the session's language.

    tfdl's :class:`~tfdl.errors.TfdlValueError` carries ``code`` and ``params``: the catalogue
    holds a template per code (context ``"tfdl error"``), formatted with the same parameters.
    Other exceptions (not raised by tfdl) keep their text.
    """
    code = getattr(exc, "code", None)
    if code is None or current_language() == "en":
        return str(exc)
    template = pgettext(ERROR_CONTEXT, code)
    if template == code:  # no translation (a test keeps every code translated)
        return str(exc)
    return template.format(**exc.params)
