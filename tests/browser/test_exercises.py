"""The exercise mode in a real browser: a teacher's link (seed 7) opens the Convolution lab's set,
a committed answer is locked, revealed and graded against tfdl.exercises' own answers, the score
counts it; saves the README's screenshot ``exercises.png``."""

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOT_SIZE, open_app, press, save_screenshot, wait_for_run

LONG = 60_000  # ms
#: the element at the top of the window, below Streamlit's header (which covers the first ~60 px)
SCROLL_BELOW_HEADER = """e => { e.scrollIntoView({block: 'start'}); let p = e.parentElement;
  while (p && p.scrollHeight <= p.clientHeight) p = p.parentElement; if (p) p.scrollTop -= 64; }"""


def _answer(page, key: str, text: str) -> None:
    box = page.locator(f".st-key-{key} input")
    expect(box).to_be_visible(timeout=LONG)
    box.fill(text)
    box.press("Enter")
    wait_for_run(page)
    press(page, key + "_commit")


def test_a_seeded_set_is_answered_revealed_and_scored(page, screenshot_dir):
    from tfdl.exercises import question_set

    questions = question_set(["conv_shape", "receptive_field", "param_count"], 5, seed=7)
    open_app(page, "convolution?conv_ex_open=true&conv_ex_seed=7")
    expect(page.get_by_text(questions[0].prompt)).to_be_visible(timeout=LONG)
    _answer(page, "conv_ex_7_0", "x".join(str(v) for v in questions[0].answer))
    _answer(page, "conv_ex_7_1", str(questions[1].answer + 2))
    expect(page.get_by_text(f"Right: {questions[0].answer_text}.")).to_be_visible(timeout=LONG)
    wrong = f"Not quite: you answered {questions[1].answer + 2}; the answer is {questions[1].answer}."
    expect(page.get_by_text(wrong)).to_be_visible(timeout=LONG)
    expect(page.locator(".st-key-conv_ex_7_0 input")).to_be_disabled()
    expect(page.get_by_text("1 of 2 answered (5 questions)")).to_be_visible(timeout=LONG)
    page.set_viewport_size(SCREENSHOT_SIZE)
    title = page.get_by_test_id("stExpander").filter(has_text="Exercises: predict, then reveal").first
    title.evaluate(SCROLL_BELOW_HEADER)
    page.wait_for_timeout(500)
    save_screenshot(page, screenshot_dir, "exercises")
