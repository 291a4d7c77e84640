"""The one translation catalogue: every message id in the code is translated, no stale ids, the
same placeholders in both languages, Russian plural forms, and tfdl's error codes translated."""

import ast
import re
import string
from pathlib import Path

import pytest

pytest.importorskip("babel")

from babel.messages.extract import extract_from_dir

from playground.i18n import ERROR_CONTEXT, catalogue, load_catalog

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _code_ids() -> set[tuple]:
    """(context, id) of every literal message in the playground's code (Babel's extractor)."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT / "playground"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def _error_templates() -> dict[str, set[str]]:
    """tfdl's error codes (first argument of ``TfdlValueError(...)`` in tfdl's source) and their
    templates; a code reused must keep one template."""
    codes: dict[str, set[str]] = {}
    for path in (ROOT / "tfdl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                    == "TfdlValueError" and len(node.args) >= 2
                    and all(isinstance(a, ast.Constant) for a in node.args[:2])):
                codes.setdefault(node.args[0].value, set()).add(node.args[1].value)
    return codes


def _library_ids() -> set[tuple]:
    """Texts the pages translate by context: the registry's model ideas, the filters' descriptions."""
    ids = set()
    from tfdl.filters import FILTERS
    from tfdl.models.registry import list_models, model_info

    for name in list_models():
        info = model_info(name)
        ids.add(("model idea", info.idea))
    for f in FILTERS.values():
        ids.add(("filter", f.description))
    return ids


def _fields(text: str) -> set[str]:
    return {name.split("!")[0].split(":")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_of_the_code_has_a_russian_translation():
    catalog = load_catalog("ru")
    missing = sorted(
        f"{ctx}|{msgid}" if ctx else msgid
        for ctx, msgid in _code_ids()
        if not (catalog.get(msgid, context=ctx) and all(catalog.get(msgid, context=ctx).string
                                                       if isinstance(catalog.get(msgid, context=ctx).string, tuple)
                                                       else [catalog.get(msgid, context=ctx).string]))
    )
    assert not missing, f"{len(missing)} message ids have no Russian translation: {missing[:20]}"


def test_the_catalogue_holds_no_stale_ids():
    used = _code_ids() | _library_ids() | {(ERROR_CONTEXT, code) for code in _error_templates()}
    stale = sorted(
        f"{m.context}|{m.id if isinstance(m.id, str) else m.id[0]}"
        for m in load_catalog("ru")
        if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0]) not in used
    )
    assert not stale, f"{len(stale)} catalogue ids are no longer used: {stale[:20]}"


def test_translations_keep_the_placeholders_of_their_ids():
    errors = _error_templates()
    for m in load_catalog("ru"):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if m.context == ERROR_CONTEXT:
            expected = set().union(*(_fields(t) for t in errors.get(m.id, ())))
        else:
            expected = set().union(*(_fields(i) for i in ids))
        for s in strings:
            assert _fields(s) <= expected, (m.id, s)
            if m.context != ERROR_CONTEXT:
                assert _fields(s) == expected or m.pluralizable, (m.id, s)


def test_every_tfdl_error_code_has_a_russian_template_and_one_english_one():
    errors = _error_templates()
    catalog = load_catalog("ru")
    untranslated = sorted(code for code in errors if not (catalog.get(code, context=ERROR_CONTEXT)
                                                           and catalog.get(code, context=ERROR_CONTEXT).string))
    assert not untranslated, f"tfdl error codes without a Russian template: {untranslated}"
    reused = {code: t for code, t in errors.items() if len(t) > 1}
    assert not reused, f"one code, several English templates: {reused}"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in errors)


@pytest.mark.parametrize(("n", "form"), [(1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (21, 0), (22, 1), (111, 2)])
def test_russian_plural_forms_follow_the_number(n, form):
    """One, few, many: 1 эпоха, 2 эпохи, 5 эпох, 11 эпох, 21 эпоха (the compiled catalogue's rule)."""
    assert catalogue("ru").plural(n) == form


def test_a_tfdl_error_reads_as_a_russian_sentence_with_the_same_numbers(monkeypatch):
    from playground import i18n
    from tfdl.errors import TfdlValueError

    err = TfdlValueError("int_min", "`{name}` must be >= {minimum}. Received: {name}={value!r}",
                         name="stride", minimum=1, value=0)
    assert i18n.error_text(err) == "`stride` must be >= 1. Received: stride=0"
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    russian = {"int_min": "`{name}` должно быть не меньше {minimum}, а получено {value!r}."}
    monkeypatch.setattr(i18n, "pgettext", lambda ctx, code: russian.get(code, code))
    text = i18n.error_text(err)
    assert "stride" in text and "0" in text and "1" in text and "получено" in text
    assert i18n.error_text(ValueError("plain")) == "plain"  # not tfdl's: kept as written
