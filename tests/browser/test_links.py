"""The address bar in a real browser: links hold only settings off their defaults, writing them
does not grow the history, and a shared link opens the same setup."""

import pytest

from tests.browser.conftest import open_app, wait_for_run

pytest.importorskip("playwright")
from playwright.sync_api import expect


def test_opening_a_page_writes_no_default_settings_and_no_history_entries(page):
    open_app(page, "optimizers")
    length_after_open = page.evaluate("history.length")
    page.wait_for_timeout(1500)
    assert page.evaluate("history.length") == length_after_open <= 2
    assert "?" not in page.url or "opt_" not in page.url  # defaults are not written


def test_the_language_switch_survives_a_reload(page):
    open_app(page, "?lang=ru")
    expect(page.get_by_text("Язык").first).to_be_visible()  # the sidebar may draw after the main run
    page.reload()
    wait_for_run(page)
    assert "lang=ru" in page.url
