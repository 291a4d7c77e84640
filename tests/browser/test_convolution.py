"""Convolution lab in a real browser: what a widget shows is what the page computes.

Each test reproduces a symptom of issue 12 ("Page state that never lies"): dropdowns that read
their first option while the page computes with the chosen one, the pooling type lost on a tab
switch, a typed stride out of range kept silently.
"""

from tests.browser.conftest import open_app, wait_for_run


def _select_text(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).first.input_value()


def _metric(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_for_run(page)


def _nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    wait_for_run(page)


def _assert_chosen(page):
    assert _select_text(page, "Filter").startswith("outline")
    assert _select_text(page, "Padding P") == "same"
    assert _select_text(page, "Padding mode") == "reflect"


def test_dropdowns_keep_their_values_after_a_grid_error_is_fixed(page):
    open_app(page, "convolution?src=grid&filter=outline&p=same&pmode=reflect")
    _assert_chosen(page)
    area = page.locator('[data-testid="stTextArea"] textarea').first
    area.fill("1 2 3\n4 x 6\n1 1 1")
    area.press("Control+Enter")
    wait_for_run(page)
    assert page.locator('[data-testid="stAlert"]').filter(has_text="row 2").count() >= 1
    area.fill("1 2 3\n4 5 6\n1 1 1")
    area.press("Control+Enter")
    wait_for_run(page)
    _assert_chosen(page)
    assert "pmode=reflect" in page.url and "p=same" in page.url


def test_dropdowns_keep_their_values_after_pooling_home_and_back(page):
    open_app(page, "convolution?filter=outline&p=same&pmode=reflect")
    _assert_chosen(page)
    _tab(page, "Pooling")
    _nav(page, "Home")
    _nav(page, "Convolution lab")
    _tab(page, "Convolution")
    _assert_chosen(page)
    assert "pmode=reflect" in page.url


def test_the_pooling_type_survives_a_tab_switch(page):
    open_app(page, "convolution?op=pool&pool=avg")
    assert _select_text(page, "Pooling") == "average"
    _tab(page, "Convolution")
    _tab(page, "Pooling")
    assert _select_text(page, "Pooling") == "average"
    assert "pool=avg" in page.url


def test_a_typed_stride_out_of_range_is_clamped_with_a_russian_notice(page):
    open_app(page, "convolution?lang=ru")
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text="Шаг S").locator("input").first
    box.fill("0")
    box.press("Enter")
    wait_for_run(page)
    assert box.input_value() == "1"
    assert page.get_by_text("вне диапазона").count() >= 1
    assert _metric(page, "Выход N×H×W×C") == "1×6×6×1"
