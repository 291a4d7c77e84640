"""Moving between pages in a real browser: every page's heading is its title from the one table
(``playground.page_table``) in both languages, Back returns to the previous page (settings do not
grow the history), and the language switch keeps the page and its settings."""

from urllib.parse import urlparse

import pytest

from playground.i18n import catalogue
from playground.page_table import PAGES
from tests.browser.conftest import link_has, open_app, query, wait_for_run

pytest.importorskip("playwright")
from playwright.sync_api import expect


def _title(entry, lang: str) -> str:
    return catalogue(lang).gettext(entry.title)


def _heading_is(page, title: str) -> None:
    """The page's heading becomes ``title`` (waited for: a client-side page switch re-renders a
    moment after the URL changes)."""
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(title, timeout=60_000)


def _go(page, title: str, slug: str) -> None:
    """Click the page's entry in the sidebar navigation (client-side: the session is kept)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_url(lambda url: urlparse(url).path.strip("/") == ("" if slug == "home" else slug))
    wait_for_run(page)


def _nav_titles(page, lang: str) -> None:
    nav = [a.strip() for a in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]
    assert [n.split("\n")[-1].strip() for n in nav] == [_title(p, lang) for p in PAGES], lang


@pytest.mark.slow
def test_every_page_shows_its_title_from_the_one_table(page):
    """Every navigation entry, in each language, is its table title; every page reached through
    the navigation shows it as its heading: half the pages in English, then, after the language
    switch, the other half in Russian (each page once: the suite's time)."""
    open_app(page, "")
    _heading_is(page, catalogue("en").gettext("tfdl playground"))
    half = (len(PAGES) + 1) // 2
    for lang, entries in (("en", PAGES[1:half]), ("ru", PAGES[half:])):
        if lang == "ru":
            page.locator('[data-testid="stSidebar"]').get_by_text("Русский").click()
            wait_for_run(page)
        _nav_titles(page, lang)
        for entry in entries:
            _go(page, _title(entry, lang), entry.slug)
            assert urlparse(page.url).path.rstrip("/").endswith(entry.slug)
            _heading_is(page, _title(entry, lang))
            assert page.locator('[data-testid="stException"]').count() == 0, entry.slug


def test_back_returns_to_the_previous_page_after_settings_changed(page):
    open_app(page, "")
    start = page.evaluate("history.length")
    _go(page, "Architectures", "architectures")
    assert page.evaluate("history.length") == start + 1  # the navigation: one entry
    page.get_by_text("stages collapsed").click()
    wait_for_run(page)
    page.get_by_text("every layer").click()
    wait_for_run(page)
    page.get_by_label("Width").fill("40")
    page.get_by_label("Width").press("Enter")
    wait_for_run(page)
    expect(page.get_by_label("Width")).to_have_value("40")
    link_has(page, arch_detail="layers", arch_w=40)  # written at the end of the run
    assert query(page) == {"arch_detail": "layers", "arch_w": "40"}  # only what differs from the defaults
    assert page.evaluate("history.length") == start + 1  # settings replace the entry, never push
    page.go_back()
    page.wait_for_url(lambda url: urlparse(url).path in ("", "/"))
    wait_for_run(page)
    _heading_is(page, "tfdl playground")


def test_the_language_switch_keeps_the_page_and_its_settings(page):
    open_app(page, "architectures")
    page.get_by_text("stages collapsed").click()
    wait_for_run(page)
    page.get_by_label("Height").fill("48")
    page.get_by_label("Height").press("Enter")
    wait_for_run(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Русский").click()
    wait_for_run(page)
    _heading_is(page, "Архитектуры")
    assert urlparse(page.url).path.rstrip("/").endswith("architectures")
    assert page.get_by_label("Высота").input_value() == "48"
    assert page.get_by_role("radio", name="стадии свёрнуты").is_checked()
    assert query(page) == {"lang": "ru", "arch_h": "48", "arch_detail": "stage"}
    page.locator('[data-testid="stSidebar"]').get_by_text("English").click()  # and back
    wait_for_run(page)
    _heading_is(page, "Architectures")
    assert page.get_by_label("Height").input_value() == "48"
    assert page.get_by_role("radio", name="stages collapsed").is_checked()
    assert query(page) == {"arch_h": "48", "arch_detail": "stage"}
