"""A screenshot of every page (home and each page of ``playground.page_table``), taken by the browser
as a student sees it at 1280×800 and saved as an artefact (``screenshot_dir``: ``$TFDL_SCREENSHOTS``
or ``tests/browser/artifacts``). ``python -m tests.browser.screenshots`` copies them, optimised, to
``docs/screenshots/``, which the README shows. Each shot first checks that the page drew what it
is meant to show, without an exception."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from playground.page_table import PAGES
from tests.browser.conftest import SCREENSHOT_SIZE, open_app, press, save_screenshot, wait_for_run

pytest.importorskip("playwright")
from playwright.sync_api import expect

LONG = 180_000


class Shot(NamedTuple):
    """How to show a page at its best: a link, then optionally a tab, a button and a heading to scroll to."""

    path: str
    tab: str | None = None
    button: str | None = None  # a widget key (".st-key-<key> button")
    scroll_to: str | None = None
    shows: str = '[data-testid="stImage"], [data-testid="stFullScreenFrame"] img'  # what must be drawn


SHOTS = {
    "home": Shot("", shows='[data-testid="stMarkdownContainer"]'),
    "convolution": Shot("convolution?preset=notes_dilation", scroll_to="The kernel walks over the input"),
    "architectures": Shot(
        "architectures?arch_model=resnet18&arch_h=64&arch_w=64&arch_c=3", shows='[data-testid="stDataFrame"]'
    ),
    "train": Shot("train", button="train_go"),
    "optimizers": Shot("optimizers", scroll_to="Surface"),
    "sequences": Shot("sequences", tab="Vanishing gradients"),
    "inside": Shot("inside"),
    "activations": Shot("activations"),
    "first_principles": Shot("first_principles", tab="XOR needs a nonlinearity", scroll_to="Train it yourself"),
    "autoencoders": Shot("autoencoders?ae_view=morph&ae_a=4&ae_b=7", button="ae_train", scroll_to="Test MSE"),
    "vision": Shot("vision", button="vis_seg_train", scroll_to="Pixel accuracy"),
    "transfer": Shot(
        "transfer?tl_pretrain=2&tl_epochs=8", button="tl_run", scroll_to="Validation accuracy on digits",
        shows='[data-testid="stVegaLiteChart"]',
    ),
}


def test_every_page_has_a_shot():
    assert list(SHOTS) == [p.slug for p in PAGES]


@pytest.mark.slow
@pytest.mark.parametrize("slug", list(SHOTS))
def test_screenshot_of_each_page(page, screenshot_dir, slug):
    from PIL import Image

    shot = SHOTS[slug]
    page.set_viewport_size(SCREENSHOT_SIZE)
    open_app(page, shot.path)
    if shot.tab:
        page.get_by_role("tab", name=shot.tab).click()
        wait_for_run(page)
    if shot.button:
        press(page, shot.button)
    expect(page.locator(f"{shot.shows} >> visible=true").first).to_be_visible(timeout=LONG)
    assert page.locator('[data-testid="stException"]').count() == 0
    if shot.scroll_to:
        page.get_by_text(shot.scroll_to, exact=False).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1000)  # images finish loading, the scroll settles
    path = save_screenshot(page, screenshot_dir, slug)
    with Image.open(path) as image:
        assert image.size == (SCREENSHOT_SIZE["width"], SCREENSHOT_SIZE["height"])
        colours = image.convert("RGB").resize((64, 40)).getcolors(64 * 40)
        assert colours is not None and len(colours) > 20  # a page, not a blank or one-colour frame
