"""Drawing in a real browser: a stroke drawn with the mouse on the canvas reaches the server as a
picture (the Inside page classifies a drawn 7 as a 7; Clear takes it away), the Convolution lab
convolves a drawing that survives a visit to another page, and a click on the kernel grid
changes the kernel in the link."""

import re

import pytest

from tests.browser.conftest import link_has, open_app, wait_for_run

pytest.importorskip("playwright")
from playwright.sync_api import expect

LONG = 180_000  # ms: a run may train a small CNN on a shared CPU
SEVEN = [(65, 40), (160, 40), (100, 194)]  # canvas pixels (224×224): the bar, then the stem


def _stroke(page, canvas, points) -> None:
    """Press the mouse at the first point, move through the others in small steps, release."""
    box = canvas.bounding_box()
    sx, sy = box["width"] / 224, box["height"] / 224
    page.mouse.move(box["x"] + points[0][0] * sx, box["y"] + points[0][1] * sy)
    page.mouse.down()
    for (a, b), (c, d) in zip(points, points[1:]):
        for t in range(1, 9):
            page.mouse.move(box["x"] + (a + (c - a) * t / 8) * sx, box["y"] + (b + (d - b) * t / 8) * sy)
    page.mouse.up()
    wait_for_run(page)


def test_a_drawn_seven_is_classified_and_clear_takes_it_away(page):
    open_app(page, "inside?in_size=8&in_epochs=2&in_input=draw")
    canvas = page.locator(".st-key-in_draw canvas")
    expect(canvas).to_be_visible(timeout=LONG)
    expect(page.get_by_text("Draw a digit, large, in the middle of the square.")).to_be_visible(timeout=LONG)
    _stroke(page, canvas, SEVEN)
    verdict = page.get_by_text(re.compile(r"Your digit: predicted"))
    expect(verdict).to_be_visible(timeout=LONG)
    expect(verdict).to_contain_text("predicted 7")
    expect(page.get_by_text("what the network sees")).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]')).to_have_count(1)
    page.locator(".st-key-in_draw").get_by_role("button", name="Clear").click()
    expect(verdict).to_have_count(0, timeout=LONG)
    expect(page.get_by_text("Draw a digit, large, in the middle of the square.")).to_be_visible(timeout=LONG)


def test_the_lab_convolves_a_drawing_that_survives_navigation_and_a_clicked_kernel(page):
    open_app(page, "convolution?src=draw&ksrc=drawn")
    canvas = page.locator(".st-key-conv_draw canvas")
    expect(canvas).to_be_visible(timeout=LONG)
    expect(page.get_by_text(re.compile(r"Input \d+×\d+×1"))).to_have_count(0)
    _stroke(page, canvas, [(40, 40), (180, 180)])
    expect(page.get_by_text("Input 16×16×1: numbers and picture")).to_be_visible(timeout=LONG)
    # the kernel grid shows the typed kernel (2×2 by default); a click adds 1 to a cell
    cells = page.locator(".st-key-conv_kernel button.tfdl-cell")
    expect(cells).to_have_count(4, timeout=LONG)
    cells.nth(0).click()
    link_has(page, src="draw", ksrc="drawn", kgrid="1 1\n1 -1")
    expect(page.locator(".st-key-conv_kernel button.tfdl-cell").nth(0)).to_have_text("1", timeout=LONG)
    # another page and back: the drawing is still there (kept in the session), so is the kernel
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Home").click()
    wait_for_run(page)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Convolution lab").click()
    wait_for_run(page)
    expect(page.get_by_text("Input 16×16×1: numbers and picture")).to_be_visible(timeout=LONG)
    expect(page.locator(".st-key-conv_kernel button.tfdl-cell").nth(0)).to_have_text("1", timeout=LONG)
    page.wait_for_function(  # and the canvas shows it again: some pixel of the stroke is white
        "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " for (let i = 0; i < d.length; i += 4) { if (d[i] > 128) return true; } return false; }",
        arg=page.locator(".st-key-conv_draw canvas").element_handle(),
        timeout=LONG,
    )
