"""The playground's shape (issue 12): thin pages, Russian only in the catalogue, one error idiom."""

import re
from pathlib import Path

import pytest

PLAYGROUND = Path(__file__).resolve().parents[2] / "playground"
PAGE_FILES = sorted((PLAYGROUND / "app_pages").rglob("*.py"))
CODE_FILES = sorted(PLAYGROUND.rglob("*.py"))


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: str(p.relative_to(PLAYGROUND)))
def test_no_page_file_is_over_200_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 200


def test_russian_lives_only_in_the_catalogue():
    # i18n.py names the languages in their own words ("Русский") for the switch
    offenders = [str(p.relative_to(PLAYGROUND)) for p in CODE_FILES
                 if p.name != "i18n.py" and re.search("[А-Яа-яЁё]", p.read_text(encoding="utf-8"))]
    assert not offenders, f"Russian text outside playground/locale: {offenders}"
    assert list((PLAYGROUND / "locale" / "ru" / "LC_MESSAGES").glob("*.po"))


def test_one_way_to_translate_and_to_show_errors():
    gone = re.compile(r"\b(tr|localize_figure|guarded|show_error)\(|_RU\b")
    offenders = [f"{p.relative_to(PLAYGROUND)}:{i}" for p in CODE_FILES
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if gone.search(line)]
    assert not offenders, offenders
    # pages catch library errors only through friendly_errors
    catches = [f"{p.relative_to(PLAYGROUND)}:{i}" for p in PAGE_FILES
               for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if re.search(r"except\s+(\(.*)?ValueError", line)]
    assert not catches, catches


def test_settings_are_written_to_the_link_in_one_place():
    offenders = [str(p.relative_to(PLAYGROUND)) for p in CODE_FILES
                 if p.name != "state.py" and re.search(r"st\.query_params\[[^]]+\]\s*=", p.read_text(encoding="utf-8"))]
    assert not offenders
