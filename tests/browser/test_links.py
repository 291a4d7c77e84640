"""The address bar in a real browser: links hold only settings off their defaults, writing them
does not grow the history, and a shared link opens the same setup."""

from tests.browser.conftest import open_app, wait_for_run


def test_opening_a_page_writes_no_default_settings_and_no_history_entries(page):
    open_app(page, "optimizers")
    length_after_open = page.evaluate("history.length")
    page.wait_for_timeout(1500)
    assert page.evaluate("history.length") == length_after_open <= 2
    assert "?" not in page.url or "opt_" not in page.url  # defaults are not written


def test_the_language_switch_survives_a_reload(page):
    open_app(page, "?lang=ru")
    assert page.get_by_text("Язык").count() >= 1
    page.reload()
    wait_for_run(page)
    assert "lang=ru" in page.url
