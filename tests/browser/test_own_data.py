"""Own points in a real browser: clicks on the Train page's plane add points of the chosen class
(the count of points and classes follows on the server), and a network trains on them (four
classes: a class-coloured map)."""

import pytest

from tests.browser.conftest import open_app, press, save_screenshot, wait_for_run

pytest.importorskip("playwright")
from playwright.sync_api import expect

LONG = 120_000
SPOTS = [(-4.5, 4.5), (-3.5, 4.5), (-4, 3.5)]  # class 3, away from the example's three blobs


def test_clicks_on_the_plane_add_points_and_train(page, screenshot_dir):
    open_app(page, "train?train_dataset=own&train_epochs=20&train_hidden=8&train_lr=0.1&train_batch=4&train_ratio=0.7")
    canvas = page.locator(".st-key-train_plane canvas")
    expect(canvas).to_be_visible(timeout=LONG)
    expect(page.get_by_text("24 points, classes 0, 1, 2")).to_be_visible(timeout=LONG)  # the example points
    page.locator(".st-key-train_pclass").get_by_text("class 3", exact=True).click()
    wait_for_run(page)
    for x1, x2 in SPOTS:
        box = canvas.bounding_box()
        page.mouse.click(box["x"] + (x1 + 6) / 12 * box["width"], box["y"] + (6 - x2) / 12 * box["height"])
        wait_for_run(page)
    expect(page.get_by_text("27 points, classes 0, 1, 2, 3")).to_be_visible(timeout=LONG)  # every click arrived
    press(page, "train_go")
    expect(page.get_by_text("Test accuracy")).to_be_visible(timeout=LONG)
    page.set_viewport_size({"width": 1400, "height": 1150})
    box = canvas.bounding_box()
    page.mouse.move(900, 500)
    page.mouse.wheel(0, box["y"] - 160)  # the class choice, the plane and the trained map in one view
    page.wait_for_timeout(500)
    save_screenshot(page, screenshot_dir, "own_data")
