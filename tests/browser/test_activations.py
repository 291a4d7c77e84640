"""The Activations page in a real browser: typed numbers out of range are clamped with a notice in
the user's language, and settings survive tab switches, navigation and the language switch."""

import re

import pytest

from tests.browser.conftest import link_has, open_app, type_into, wait_for_run

pytest.importorskip("playwright")
from playwright.sync_api import expect

LONG = 180_000  # ms: shared CPUs


def _ready(page):
    wait_for_run(page)
    expect(page.locator(".st-key-act_run")).to_be_attached(timeout=LONG)  # the last tab is drawn (hidden)






def test_a_typed_range_out_of_bounds_is_clamped_and_explained_in_both_languages(page):
    open_app(page, "activations?act_depth=3&act_width=16")
    _ready(page)
    type_into(page, "act_xmin", 100)
    expect(page.locator(".st-key-act_xmin input")).to_have_value("50.00", timeout=LONG)
    expect(page.get_by_text("x from: 100 is outside -50…50; the page uses 50.")).to_be_visible(timeout=LONG)
    expect(page.get_by_text(re.compile(r"`?x_max`? must be > x_min"))).to_be_visible(timeout=LONG)  # 5 < 50
    link_has(page, act_xmin="50.0")
    page.get_by_text("Русский").click()
    wait_for_run(page)
    expect(page.get_by_text(re.compile("должен быть больше x_min"))).to_be_visible(timeout=LONG)
    type_into(page, "act_xmax", -70)
    expect(page.locator(".st-key-act_xmax input")).to_have_value("-50.00", timeout=LONG)
    expect(page.get_by_text("x до: -70 вне диапазона -50…50; страница считает с -50.")).to_be_visible(timeout=LONG)


def test_settings_survive_tab_switches_navigation_and_the_language_switch(page):
    open_app(page, "activations?act_depth=3&act_width=16")
    _ready(page)
    page.get_by_role("tab", name="Softplus & maxout").click()
    slider = page.locator(".st-key-act_terms input[type=range]")
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    wait_for_run(page)
    expect(slider).to_have_value("13", timeout=LONG)
    page.get_by_role("tab", name="Experiments").click()
    exp = page.locator(".st-key-act_exp")
    exp.click()
    page.get_by_role("option", name=re.compile("Plain vs residual")).click()
    wait_for_run(page)
    link_has(page, act_terms=13, act_exp="plain_vs_residual")
    page.get_by_role("tab", name="Curves & derivatives").click()
    page.get_by_role("tab", name="Softplus & maxout").click()
    expect(slider).to_have_value("13")
    # another page and back
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Home").click()
    wait_for_run(page)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Activations").click()
    _ready(page)
    page.get_by_role("tab", name="Softplus & maxout").click()
    expect(page.locator(".st-key-act_terms input[type=range]")).to_have_value("13", timeout=LONG)
    link_has(page, act_depth=3, act_width=16, act_terms=13)
    # the language switch: the same settings, the experiment's title in Russian
    page.get_by_text("Русский").click()
    wait_for_run(page)
    page.get_by_role("tab", name="Эксперименты").click()
    expect(page.locator(".st-key-act_exp input")).to_have_value(re.compile("Обычная и остаточная"), timeout=LONG)
    page.get_by_role("tab", name="Softplus и maxout").click()
    expect(page.locator(".st-key-act_terms input[type=range]")).to_have_value("13")
    link_has(page, lang="ru", act_terms=13, act_exp="plain_vs_residual")


def test_a_long_run_shows_that_the_page_is_working(page):
    """A deep, wide network at initialisation takes seconds: the page says so while it works (the
    toolbar's running indicator, hidden by toolbarMode="minimal" since Streamlit 1.47, and a spinner)."""
    page.goto("/activations?act_depth=50&act_width=512")
    page.get_by_role("tab", name="Initialisation through depth").click()
    expect(page.get_by_text(re.compile(r"Measuring \d networks at initialisation"))).to_be_visible(timeout=LONG)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_be_visible()
    wait_for_run(page)
    expect(page.get_by_text(re.compile(r"Measuring \d networks"))).to_have_count(0)
