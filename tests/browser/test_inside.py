"""The Inside page in a real browser: a typed digit out of range is clamped with a notice in the
user's language, and settings survive view switches, navigation and the language switch (what a
widget shows is what the page computes, and the address bar says the same)."""

import re

import pytest

from tests.browser.conftest import link_has, open_app, type_into, wait_for_run

pytest.importorskip("playwright")
from playwright.sync_api import expect

LONG = 180_000  # ms: a run trains a small CNN on a shared CPU
START = "inside?in_size=8&in_epochs=1"


def _ready(page):
    """Wait until the page has drawn its last element (the explanation line of the digit)."""
    wait_for_run(page)
    expect(page.locator(".st-key-in_idx input")).to_be_visible(timeout=LONG)
    expect(page.get_by_text(re.compile("explaining class|объясняем класс"))).to_be_visible(timeout=LONG)






def _nav(page, title):
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).click()
    wait_for_run(page)


def test_a_typed_digit_out_of_range_is_clamped_with_a_notice_in_both_languages(page):
    open_app(page, START)
    _ready(page)
    type_into(page, "in_idx", 5000)
    expect(page.locator(".st-key-in_idx input")).to_have_value("359", timeout=LONG)
    expect(page.get_by_text("Test digit #: 5000 is outside 0…359; the page uses 359.")).to_be_visible(timeout=LONG)
    link_has(page, in_idx=359)
    page.get_by_text("Русский").click()
    wait_for_run(page)
    expect(page.get_by_text(re.compile("объясняем класс"))).to_be_visible(timeout=LONG)
    type_into(page, "in_idx", -3)
    expect(page.locator(".st-key-in_idx input")).to_have_value("0", timeout=LONG)
    expect(page.get_by_text("Тестовая цифра №: -3 вне диапазона 0…359; страница считает с 0.")).to_be_visible(
        timeout=LONG)


def test_settings_survive_view_switches_navigation_and_the_language_switch(page):
    open_app(page, START + "&in_idx=7&in_target=3")
    _ready(page)
    page.locator(".st-key-in_view").get_by_text("Filters & feature maps").click()
    wait_for_run(page)
    layer_box = page.locator(".st-key-in_layer")
    expect(layer_box).to_be_visible(timeout=LONG)
    layer_box.click()
    page.get_by_role("option", name="conv2", exact=True).click()
    wait_for_run(page)
    link_has(page, in_layer="conv2")  # the link holds what the page computed
    # another view and back: the layer is still conv2, and the maps drawn are conv2's
    page.locator(".st-key-in_view").get_by_text("Class models").click()
    wait_for_run(page)
    expect(page.locator(".st-key-in_steps")).to_be_visible(timeout=LONG)
    page.locator(".st-key-in_view").get_by_text("Filters & feature maps").click()
    wait_for_run(page)
    expect(page.locator(".st-key-in_layer input")).to_have_value("conv2", timeout=LONG)
    link_has(page, in_layer="conv2")
    # another page and back: every setting shown is what the page computes, and the link says so
    _nav(page, "Home")
    _nav(page, "Inside a network")
    _ready(page)
    expect(page.locator(".st-key-in_idx input")).to_have_value("7", timeout=LONG)
    expect(page.get_by_text(re.compile(r"explaining class \*?\*?3|explaining class 3"))).to_be_visible(timeout=LONG)
    expect(page.locator(".st-key-in_layer input")).to_have_value("conv2", timeout=LONG)
    expect(page.locator(".st-key-in_size input")).to_have_value("8")
    link_has(page, in_size=8, in_epochs=1, in_idx=7, in_target=3, in_view="features", in_layer="conv2")
    # the language switch: the same settings, in Russian
    page.get_by_text("Русский").click()
    wait_for_run(page)
    expect(page.get_by_text(re.compile("объясняем класс"))).to_be_visible(timeout=LONG)
    expect(page.locator(".st-key-in_layer input")).to_have_value("conv2")
    expect(page.locator(".st-key-in_idx input")).to_have_value("7")
    expect(page.locator(".st-key-in_view")).to_contain_text("Фильтры и карты признаков")
    expect(page.locator(".st-key-in_target input")).to_have_value("3")
    link_has(page, lang="ru", in_idx=7, in_layer="conv2")
