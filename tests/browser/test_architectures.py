"""The Architectures page in a real browser: its settings survive a visit to another page and the
language switch, what the widgets show is what the page computes, a typed size out of range is
clamped with a notice in the user's language, and a shared link opens the same setup."""

from urllib.parse import urlparse

from tests.browser.conftest import link_has, open_app, query, wait_for_run


def _go(page, title: str, slug: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_url(lambda url: urlparse(url).path.strip("/") == ("" if slug == "home" else slug))
    wait_for_run(page)


def _set_number(page, label: str, value: int) -> None:
    box = page.get_by_label(label)
    box.fill(str(value))
    box.press("Enter")
    wait_for_run(page)


def _metric(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_settings_survive_another_page_and_the_language_switch(page):
    open_app(page, "architectures?arch_model=squeezenet1_1&arch_h=48&arch_w=48")
    assert _metric(page, "Parameters") == "1,235,496"  # torchvision squeezenet1_1
    page.get_by_text("every layer").click()
    wait_for_run(page)
    _set_number(page, "Channels", 1)
    expected = {"arch_model": "squeezenet1_1", "arch_h": "48", "arch_w": "48", "arch_c": "1", "arch_detail": "layers"}
    assert query(page) == expected
    computed = _metric(page, "Parameters")
    assert computed != "1,235,496"  # one input channel: fewer weights in the first conv

    _go(page, "Home", "home")
    assert "arch_" not in page.url
    _go(page, "Architectures", "architectures")  # back: the same settings, shown and computed, and in the link
    assert page.get_by_label("Channels").input_value() == "1" and page.get_by_label("Height").input_value() == "48"
    assert page.get_by_role("radio", name="every layer").is_checked()
    assert page.get_by_role("combobox", name="Model").input_value().startswith("squeezenet1_1")
    assert _metric(page, "Parameters") == computed
    assert query(page) == expected

    page.locator('[data-testid="stSidebar"]').get_by_text("Русский").click()
    wait_for_run(page)
    assert page.get_by_label("Каналы").input_value() == "1" and page.get_by_label("Высота").input_value() == "48"
    assert page.get_by_role("radio", name="все слои").is_checked()
    assert _metric(page, "Параметры") == computed.replace(",", "\u202f")  # Russian groups with a narrow nbsp
    assert query(page) == {**expected, "lang": "ru"}
    page.get_by_role("tab", name="Граф").click()
    assert "параметров" in page.locator('[data-testid="stGraphVizChart"]').first.inner_html()


def test_a_typed_size_out_of_range_is_clamped_with_a_russian_notice(page):
    open_app(page, "architectures?lang=ru")
    _set_number(page, "Высота", 5000)
    assert page.get_by_label("Высота").input_value() == "1024"  # the box holds what the page computes with
    notice = page.locator('[data-testid="stAlertContentWarning"]').first.inner_text()
    assert "5000 вне диапазона 1…1024; страница считает с 1024" in notice
    link_has(page, lang="ru", arch_h=1024)  # written at the end of the run
    assert query(page) == {"lang": "ru", "arch_h": "1024"}


def test_a_too_small_input_shows_the_builders_reason_in_russian(page):
    open_app(page, "architectures?lang=ru&arch_model=resnet18&arch_h=16&arch_w=16")
    error = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert "слишком мал для resnet18" in error and "(32, 32, 3)" in error
