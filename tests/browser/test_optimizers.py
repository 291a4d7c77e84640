"""The Optimisers page in a real browser: settings do not grow the history, the link holds only
settings off their defaults, a changed preset stops telling its story, typed numbers out of range
are clamped with a notice in the user's language."""

import re
from urllib.parse import urlparse

from tests.browser.conftest import open_app, query, type_into, wait_for_run


def _choose(page, key: str, option: str) -> None:
    page.locator(f".st-key-{key} [role='combobox']").click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_run(page)


def _link_holds(page, *parts: str) -> None:
    """Wait until the run is over and the address bar holds ``parts`` (the link is written last)."""
    page.wait_for_url(re.compile("".join(f"(?=.*{re.escape(p)})" for p in parts)), timeout=120_000)
    wait_for_run(page)


def _open(page, path: str) -> None:
    """Open the page and wait until its first (slow: TensorFlow) run has drawn the results."""
    open_app(page, path)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=180_000)
    wait_for_run(page)


def test_settings_replace_the_history_entry_and_back_leaves_the_page(page):
    open_app(page, "")  # Home, then the Optimisers page: Back must return Home
    _open(page, "optimizers")
    length = page.evaluate("history.length")
    assert "opt_" not in page.url  # the default story writes no setting
    type_into(page, "opt_noise", "0.5")
    type_into(page, "opt_x0", "-8")
    _choose(page, "opt_preset", "saddle: adaptive methods escape")
    type_into(page, "opt_lr_adam", "0.02")
    _link_holds(page, "opt_lr_adam=0.02")
    assert page.evaluate("history.length") == length
    link = query(page)
    assert link["opt_preset"] == "custom" and link["opt_lr_adam"] == "0.02"
    assert "opt_surface" in link and "opt_lr_sgd" not in link  # saddle ≠ ravine; SGD's η is the default 0.01
    assert len(link) < 12, link  # only settings off their defaults
    page.go_back()
    page.wait_for_timeout(1500)
    assert "optimizers" not in urlparse(page.url).path


def test_changing_the_surface_after_a_preset_ends_its_story(page):
    _open(page, "optimizers?opt_preset=rosenbrock")
    assert page.get_by_text("banana valley").count() == 1
    _choose(page, "opt_surface", "Himmelblau")
    _link_holds(page, "opt_surface=himmelblau")
    assert page.get_by_text("banana valley").count() == 0
    assert page.get_by_text("Your own setup.").count() == 1
    link = query(page)
    assert link.get("opt_preset") == "custom" and link["opt_surface"] == "himmelblau"
    page.reload()  # the link reopens the same setup, as custom
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=180_000)
    wait_for_run(page)
    assert page.get_by_text("Your own setup.").count() == 1
    assert page.locator(".st-key-opt_surface [role='combobox']").input_value() == "Himmelblau"


def test_a_typed_number_out_of_range_is_clamped_with_a_russian_notice(page):
    _open(page, "optimizers?lang=ru")
    type_into(page, "opt_lr_sgd", "500")
    assert page.locator(".st-key-opt_lr_sgd input").input_value() == "100"
    notice = page.get_by_text("вне диапазона")
    assert notice.count() == 1 and "страница считает с 100" in notice.inner_text()
    page.screenshot(path="/tmp/opt_ru.png", full_page=True)
