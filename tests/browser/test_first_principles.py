"""The First principles page in a real browser: a shared link opens the same setup in Russian,
a typed seed out of range is clamped with a Russian notice, and the link holds only settings off
their defaults without growing the history."""

import re

from tests.browser.conftest import open_app, wait_for_run


def test_link_language_clamping_and_history(page):
    open_app(page, "first_principles?lang=ru&fp_depth=7")
    page.wait_for_selector(".st-key-fp_seed input", state="attached", timeout=120_000)
    assert page.get_by_text("Произведение 7 матриц").count() == 1
    length = page.evaluate("history.length")
    page.get_by_role("tab").nth(1).click()
    box = page.locator(".st-key-fp_seed input")
    box.fill("5000")
    box.press("Enter")
    page.wait_for_url(re.compile("fp_seed=1000"), timeout=120_000)
    wait_for_run(page)
    assert box.input_value() == "1000"
    assert page.get_by_text("вне диапазона").count() == 1
    assert page.evaluate("history.length") == length
    query = page.url.split("?", 1)[1]
    assert sorted(query.split("&")) == ["fp_depth=7", "fp_seed=1000", "lang=ru"]
