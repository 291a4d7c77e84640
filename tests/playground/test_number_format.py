"""Numbers in the interface's language (issue 13): the Russian pages wrote "2,296 МиБ" and "96.4%".
One helper, ``playground.i18n.fmt_number``, formats every number the pages show with thousands and
decimals; English is Python's own format, Russian groups with a narrow no-break space and writes a
decimal comma (Unicode CLDR's Russian)."""

import re
from pathlib import Path

import pytest

from playground import i18n

NNBSP = "\u202f"
PLAYGROUND = Path(i18n.__file__).resolve().parent


@pytest.mark.parametrize(
    ("lang", "memory", "share", "small"),
    [
        ("en", "2,296", "96.4%", "0.0352"),
        ("ru", f"2{NNBSP}296", "96,4%", "0,0352"),
    ],
)
def test_fmt_number_follows_the_session_language(monkeypatch, lang, memory, share, small):
    monkeypatch.setattr(i18n, "current_language", lambda: lang)
    assert i18n.fmt_number(2296.4, ",.0f") == memory
    assert i18n.fmt_number(0.964, ".1%") == share
    assert i18n.fmt_significant(36952 / 2**20) == small  # LeNet-5's activations in MiB
    if lang == "en":  # English is exactly what Python writes
        assert i18n.fmt_number(1234567.5, ",.1f") == f"{1234567.5:,.1f}"


def test_pages_format_grouped_and_percent_numbers_only_through_fmt_number():
    """A format spec with ',' (thousands) or '%' inside an f-string or str.format call writes English
    separators whatever the language: the pages call fmt_number instead."""
    spec = re.compile(r"\{[^{}\"']*:[^{}\"'\s]*[,%][^{}\"'\s]*\}")  # a spec has no spaces
    offenders = [
        f"{p.relative_to(PLAYGROUND)}:{i}"
        for p in sorted(PLAYGROUND.rglob("*.py"))
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if spec.search(line) or '"{:,}"' in line
    ]
    assert not offenders, offenders


def test_the_russian_architectures_page_writes_russian_numbers(open_page):
    at = open_page(
        "architectures",
        state={"lang": "ru", "arch_model": "lenet5", "arch_compare": True, "arch_other": "squeezenet1_1"},
        timeout=240,
    )
    assert not at.exception
    values = [m.value for m in at.metric]
    assert f"61{NNBSP}706" in values and "61,706" not in values  # LeNet-5's parameters
    assert "0,0352 МиБ" in values
    (sentence,) = [i.value for i in at.info if "squeezenet1_1" in i.value]
    assert "в 20,0 раза" in sentence
