"""A class at once: twenty browser sessions on the Convolution lab and three trainings, one server.

Every session opens its own link; none may show another's settings or results, the trainings
take turns (the server trains one at a time here: the last in line shows that it waits), every
training ends with its own number of epochs, the server's log holds no exception, and a minute after the
tabs close the server's resident memory is back within 10% of what it was after a warm-up (the
closed sessions' models are released: ``playground.session``).

The server starts as ``tfdl-playground`` starts it, with ``TFDL_SESSION_GRACE=10`` (a closed tab's
models are dropped after 10 s instead of 30) so the test waits less; the mechanism is the same.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import launch, open_app, serve, wait_for_run

pytestmark = pytest.mark.slow

WAIT_MS = 240_000
FOREGROUND = ("--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
              "--disable-renderer-backgrounding")
SIZES, STRIDES, PADDINGS = (8, 12, 16, 20, 28), (1, 2, 3), ("valid", "same", "1", "2")


def _link(i: int) -> tuple[str, int, int, str]:
    """Session ``i``'s settings: digit size, stride, padding; all twenty differ."""
    return SIZES[i % 5], STRIDES[i % 3], PADDINGS[(i // 5) % 4]


def _expected(n: int, s: int, p: str, k: int = 3) -> str:
    """The output shape by the formula of the notes (TensorFlow's 'same': ceil(n / s))."""
    side = -(-n // s) if p == "same" else (n + 2 * (0 if p == "valid" else int(p)) - k) // s + 1
    return f"1×{side}×{side}×1"


def _metric(page, label: str):
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]')


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def _train(page) -> None:
    page.get_by_role("button", name="▶ Train").click()


def test_twenty_sessions_and_three_trainings_stay_separate_and_memory_comes_back(_playwright, tmp_path):
    log_path = tmp_path / "server.log"
    # twenty tabs in four renderers, none of them throttled as a background tab
    browser = launch(_playwright, "--renderer-process-limit=4", *FOREGROUND)
    settings = {"TFDL_MAX_JOBS": "1", "TFDL_SESSION_GRACE": "10"}
    with open(log_path, "w") as log, serve(settings, log, launcher=True) as (url, proc):
        # warm-up: what every session below loads once (TensorFlow, the pages, one training)
        context = browser.new_context(base_url=url, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        open_app(page, "convolution")
        open_app(page, "train?train_epochs=3")
        _train(page)
        expect(_metric(page, "Epochs")).to_have_text("3", timeout=WAIT_MS)
        context.close()
        time.sleep(20)  # grace (10 s) + the janitor's period (5 s)
        baseline = _rss_mib(proc.pid)

        context = browser.new_context(base_url=url, viewport={"width": 1200, "height": 900})
        tabs = [context.new_page() for _ in range(20)]
        for i, tab in enumerate(tabs):
            tab.set_default_timeout(WAIT_MS)
            n, s, p = _link(i)
            tab.goto(f"/convolution?dsize={n}&s={s}&p={p}", wait_until="commit")
        trainers = [context.new_page() for _ in range(3)]
        epochs = (6, 7, 8)
        for tab, e, data in zip(trainers, epochs, ("xor", "moons", "spiral")):
            tab.set_default_timeout(WAIT_MS)
            open_app(tab, f"train?train_epochs={e}&train_dataset={data}&train_n=200")
        for tab in trainers:
            _train(tab)
        # one training at a time (TFDL_MAX_JOBS=1): the last in line says it waits
        expect(trainers[-1].get_by_text("Waiting for a free training slot")).to_be_visible(timeout=WAIT_MS)

        for i, tab in enumerate(tabs):
            expect(_metric(tab, "Output N×H×W×C")).to_have_text(_expected(*_link(i)), timeout=WAIT_MS)
        # half the class changes its stride; the other half must not see it
        for tab in tabs[::2]:
            box = tab.locator(".st-key-s input")
            box.fill("4")
            box.press("Enter")
        for tab in tabs[::2]:
            wait_for_run(tab)
        for i, tab in enumerate(tabs):
            n, s, p = _link(i)
            shown = _expected(n, 4 if i % 2 == 0 else s, p)
            expect(_metric(tab, "Output N×H×W×C")).to_have_text(shown, timeout=WAIT_MS)
            assert f"dsize={n}" in tab.url or n == 8, tab.url  # 8 is the default: not in the link
        for tab, e, data in zip(trainers, epochs, ("xor", "moons", "spiral")):
            expect(_metric(tab, "Epochs")).to_have_text(str(e), timeout=WAIT_MS)
            assert f"train_dataset={data}" in tab.url

        peak = _rss_mib(proc.pid)
        context.close()
        deadline, now_mib = time.time() + 60, peak
        while time.time() < deadline:
            time.sleep(5)
            now_mib = _rss_mib(proc.pid)
            if now_mib <= 1.10 * baseline:
                break
        browser.close()
    text = log_path.read_text(errors="replace")
    assert "Traceback" not in text and "Exception" not in text, text[-4000:]
    assert now_mib <= 1.10 * baseline, (
        f"server memory a minute after the sessions closed: {now_mib:.0f} MiB; baseline {baseline:.0f} MiB, "
        f"peak {peak:.0f} MiB")
