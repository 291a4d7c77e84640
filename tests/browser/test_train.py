"""The Train page in a real browser: settings survive mode switches and page visits, the link
never lies, a model's image size does not leak into another model, typed numbers are clamped."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.conftest import open_app, wait_for_run

LINK_2D = "train_dataset=xor&train_lr=0.1&train_batch=32&train_hidden=3&train_f_x12=true&train_epochs=2"


def _query(page) -> dict[str, str]:
    """The address bar's settings (values lower-cased: the page writes booleans as ``True``)."""
    return {k: v[0].lower() for k, v in parse_qs(urlparse(page.url).query).items()}


def _choose_mode(page, label: str) -> None:
    page.get_by_test_id("stRadio").filter(has_text=label).get_by_text(label).click()
    wait_for_run(page)


def _go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    wait_for_run(page)


def _field(page, label: str):
    """The one input labelled ``label`` (waits until the other mode's stale widgets are gone)."""
    field = page.locator(f'input[aria-label="{label}"]')
    expect(field).to_have_count(1, timeout=60_000)
    return field


def _expect_slider(page, label: str, value: str) -> None:
    expect(_field(page, label)).to_have_attribute("aria-valuetext", value)


def _expect_box(page, label: str, value: str) -> None:
    """The text in the selectbox (a combobox) or text/number input labelled ``label`` becomes ``value``."""
    expect(_field(page, label)).to_have_value(value)


def _pick(page, label: str, option: str) -> None:
    _field(page, label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_run(page)


def test_2d_settings_survive_digits_another_page_and_back(page):
    open_app(page, "train?" + LINK_2D)
    _choose_mode(page, "digits (images)")
    _go(page, "Home")
    _go(page, "Train")
    _choose_mode(page, "2-D points")
    _expect_box(page, "Dataset", "XOR")
    _expect_slider(page, "Learning rate", "0.1")
    _expect_slider(page, "Batch size", "32")
    _expect_box(page, "Hidden layers (units per layer)", "3")
    expected = {"train_dataset": "xor", "train_lr": "0.1", "train_batch": "32", "train_hidden": "3",
                "train_f_x12": "true", "train_epochs": "2"}
    assert expected.items() <= _query(page).items()
    page.get_by_role("button", name="▶ Train").click()
    wait_for_run(page)
    assert expected.items() <= _query(page).items()  # training does not rewrite the link with other values


def test_digits_epochs_survive_2d_another_page_and_back(page):
    open_app(page, "train?train_mode=digits&train_depochs=3")
    _choose_mode(page, "2-D points")
    _go(page, "Home")
    _go(page, "Train")
    _choose_mode(page, "digits (images)")
    _expect_box(page, "Epochs", "3")
    assert _query(page).get("train_depochs") == "3"


def test_lenet5_image_size_does_not_stay_with_the_small_cnn(page):
    open_app(page, "train?train_mode=digits")
    _expect_box(page, "Image size", "8")
    _pick(page, "Model", "lenet5")
    expect(page.get_by_text("digits of 32×32")).to_be_visible()
    _pick(page, "Model", "small CNN")
    _expect_box(page, "Image size", "8")
    expect(page.get_by_text("digits of 8×8")).to_be_visible()
    assert "train_dsize" not in _query(page)


def test_out_of_range_epochs_are_clamped_with_a_russian_notice(page):
    open_app(page, "train?lang=ru&train_mode=digits")
    box = _field(page, "Эпохи")
    box.fill("100000")
    box.press("Enter")
    wait_for_run(page)
    expect(box).to_have_value("100")
    expect(page.get_by_test_id("stAlert").filter(has_text="вне диапазона")).to_be_visible()
