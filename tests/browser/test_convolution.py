"""Convolution lab in a real browser: what a widget shows is what the page computes.

Each test reproduces a symptom of issue 12 ("Page state that never lies"): dropdowns that read
their first option while the page computes with the chosen one (and the link says so), the pooling
type lost on a tab switch, a typed stride out of range kept silently. Checks poll (``expect``):
a run on a busy machine can take seconds.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import open_app, wait_for_run

WAIT_MS = 30_000


def _combo(page, label: str):
    return page.get_by_role("combobox", name=label, exact=True).first


def _metric(page, label: str):
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]')


def _tab(page, name: str, marker: str) -> None:
    """Open a tab and wait until its widget ``marker`` shows."""
    page.get_by_role("tab", name=name).click()
    wait_for_run(page)
    expect(_combo(page, marker)).to_be_visible(timeout=WAIT_MS)


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the dropdown ``label`` (retried: a rerun may redraw the open list)."""
    for _attempt in range(3):
        wait_for_run(page)
        _combo(page, label).click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            break
        except Exception:  # the list closed under the click: open it again
            page.keyboard.press("Escape")
    wait_for_run(page)


def _nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    wait_for_run(page)


def _expect_chosen(page):
    expect(_combo(page, "Filter")).to_have_value("outline", timeout=WAIT_MS)
    expect(_combo(page, "Padding P")).to_have_value("same", timeout=WAIT_MS)
    expect(_combo(page, "Padding mode")).to_have_value("reflect", timeout=WAIT_MS)
    # what the page computes: 8×8 digit, 'same' -> 8×8, and the link holds the same settings
    expect(_metric(page, "Output N×H×W×C")).to_have_text("1×8×8×1", timeout=WAIT_MS)
    for part in ("filter=outline", "p=same", "pmode=reflect"):
        expect(page).to_have_url(re.compile(part), timeout=WAIT_MS)


def test_dropdowns_keep_their_values_after_a_grid_error_is_fixed(page):
    open_app(page, "convolution?src=grid&grid=1+2+3+4+5+6+7+8&filter=outline&p=same&pmode=reflect")
    area = page.locator('[data-testid="stTextArea"] textarea').first
    expect(area).to_be_visible(timeout=WAIT_MS)
    good = "\n".join(" ".join(str((r * 8 + c) % 10) for c in range(8)) for r in range(8))
    area.fill(good)
    area.press("Control+Enter")
    wait_for_run(page)
    _expect_chosen(page)
    area.fill(good.replace("3", "x", 1))
    area.press("Control+Enter")
    wait_for_run(page)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="row 1")).to_be_visible(timeout=WAIT_MS)
    area.fill(good)
    area.press("Control+Enter")
    wait_for_run(page)
    _expect_chosen(page)


def test_dropdowns_keep_their_values_after_pooling_home_and_back(page):
    open_app(page, "convolution?filter=outline&p=same&pmode=reflect")
    _expect_chosen(page)
    _tab(page, "Pooling", "Pooling")
    _nav(page, "Home")
    _nav(page, "Convolution lab")
    _tab(page, "Convolution", "Filter")
    _expect_chosen(page)


def test_the_pooling_type_survives_a_tab_switch(page):
    open_app(page, "convolution")
    _tab(page, "Pooling", "Pooling")
    expect(_combo(page, "Pooling")).to_have_value("max", timeout=WAIT_MS)
    _choose(page, "Pooling", "average")
    expect(page).to_have_url(re.compile("pool=avg"), timeout=WAIT_MS)
    _tab(page, "Convolution", "Filter")
    _tab(page, "Pooling", "Pooling")
    expect(_combo(page, "Pooling")).to_have_value("average", timeout=WAIT_MS)
    expect(page.get_by_text(re.compile(r"out\[0, 0\] = avg\(")).first).to_be_visible(timeout=WAIT_MS)
    expect(page).to_have_url(re.compile("pool=avg"), timeout=WAIT_MS)
    _tab(page, "Convolution", "Filter")
    _nav(page, "Home")
    _nav(page, "Convolution lab")
    _tab(page, "Pooling", "Pooling")
    expect(_combo(page, "Pooling")).to_have_value("average", timeout=WAIT_MS)


def test_a_typed_stride_out_of_range_is_clamped_with_a_russian_notice(page):
    open_app(page, "convolution?lang=ru")
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text="Шаг S").locator("input").first
    expect(box).to_be_visible(timeout=WAIT_MS)
    box.fill("0")
    box.press("Enter")
    wait_for_run(page)
    expect(box).to_have_value("1", timeout=WAIT_MS)
    expect(page.get_by_text("вне диапазона").first).to_be_visible(timeout=WAIT_MS)
    expect(_metric(page, "Выход N×H×W×C")).to_have_text("1×6×6×1", timeout=WAIT_MS)
