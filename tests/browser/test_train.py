"""The Train page in a real browser: settings survive mode switches and page visits, the link
never lies, a model's image size does not leak into another model, typed numbers are clamped."""

from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import open_app, wait_for_run

LINK_2D = "train_dataset=xor&train_lr=0.1&train_batch=32&train_hidden=3&train_f_x12=true&train_epochs=2"


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _choose_mode(page, label: str) -> None:
    page.get_by_test_id("stRadio").filter(has_text=label).get_by_text(label).click()
    wait_for_run(page)


def _go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    wait_for_run(page)


def _slider(page, label: str) -> str:
    return page.get_by_role("slider", name=label).get_attribute("aria-valuetext")


def _box(page, label: str) -> str:
    """The text in a selectbox (a combobox) or a text/number input labelled ``label``."""
    return page.get_by_label(label, exact=True).first.input_value()


def _pick(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_run(page)


def test_2d_settings_survive_digits_another_page_and_back(page):
    open_app(page, "train?" + LINK_2D)
    _choose_mode(page, "digits (images)")
    _go(page, "Home")
    _go(page, "Train")
    _choose_mode(page, "2-D points")
    assert _box(page, "Dataset") == "XOR"
    assert _slider(page, "Learning rate") == "0.1" and _slider(page, "Batch size") == "32"
    assert _box(page, "Hidden layers (units per layer)") == "3"
    expected = {"train_dataset": "xor", "train_lr": "0.1", "train_batch": "32", "train_hidden": "3",
                "train_f_x12": "True", "train_epochs": "2"}
    assert expected.items() <= _query(page).items()
    page.get_by_test_id("stButton").get_by_text("▶ Train").click()
    wait_for_run(page)
    assert expected.items() <= _query(page).items()  # training does not rewrite the link with other values


def test_digits_epochs_survive_2d_another_page_and_back(page):
    open_app(page, "train?train_mode=digits&train_depochs=3")
    _choose_mode(page, "2-D points")
    _go(page, "Home")
    _go(page, "Train")
    _choose_mode(page, "digits (images)")
    assert _box(page, "Epochs") == "3"
    assert _query(page).get("train_depochs") == "3"


def test_lenet5_image_size_does_not_stay_with_the_small_cnn(page):
    open_app(page, "train?train_mode=digits")
    assert _box(page, "Image size") == "8"
    _pick(page, "Model", "lenet5")
    assert "32×32" in page.get_by_test_id("stMain").inner_text()
    _pick(page, "Model", "small CNN")
    assert _box(page, "Image size") == "8"
    assert "train_dsize" not in _query(page)


def test_out_of_range_epochs_are_clamped_with_a_russian_notice(page):
    open_app(page, "train?lang=ru&train_mode=digits")
    box = page.get_by_label("Эпохи", exact=True).first
    box.fill("100000")
    box.press("Enter")
    wait_for_run(page)
    assert box.input_value() == "100"
    assert "вне диапазона" in page.get_by_test_id("stAlert").first.inner_text()
