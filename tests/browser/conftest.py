"""Real-browser tests: the playground served by ``streamlit run``, driven by Playwright in Debian's
chromium (``/usr/bin/chromium``; installed with apt-get when missing and the tests run as root).

Fixtures:
    app_url: the base URL of one server shared by the whole session.
    page: a fresh browser tab (Playwright ``Page``); ``open_app(page, "train?train_lr=0.1")``
        opens a path and waits until the script run is over.
    screenshot_dir: the folder page screenshots are saved in (artefacts): ``$TFDL_SCREENSHOTS``, else
        ``tests/browser/artifacts/`` (git-ignored); ``save_screenshot(page, folder, "train")``
        writes ``train.png`` there. ``python -m tests.browser.screenshots`` copies them, optimised,
        to ``docs/screenshots/`` for the README.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
#: where page screenshots go: this environment variable names a folder, else ARTIFACTS
SCREENSHOTS_ENV = "TFDL_SCREENSHOTS"
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
#: the browser window of a screenshot (CSS pixels): the README's pictures
SCREENSHOT_SIZE = {"width": 1280, "height": 800}


def _ensure_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "chromium"], check=False, capture_output=True, timeout=900)
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: run `apt-get install -y chromium` as root (the browser tests need it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(env: dict | None = None, log=subprocess.DEVNULL, launcher: bool = False):
    """Run ``streamlit run playground/app.py`` on a free port until the block ends; yields
    ``(url, process)``. ``env`` adds environment variables, ``log`` takes its output (a file);
    ``launcher=True`` starts it as ``tfdl-playground`` does (``python -m playground.launch``)."""
    port = _free_port()
    start = ([sys.executable, "-m", "playground.launch", "--port", str(port), "--address", "127.0.0.1"] if launcher
             else [sys.executable, "-m", "streamlit", "run", str(ROOT / "playground" / "app.py"),
                   "--server.port", str(port), "--server.address", "127.0.0.1"])
    proc = subprocess.Popen(
        [*start, "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start within 120 s")
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url():
    """One server for the session; ``$TFDL_SERVER_LOG`` names a file for its output (else discarded)."""
    log_path = os.environ.get("TFDL_SERVER_LOG")
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(open(log_path, "w")) if log_path else subprocess.DEVNULL
        # a closed tab's models are dropped after 5 s instead of 30 (playground.session): the tests open many
        # tabs one after another, and the server need not hold every earlier test's trained models
        url, _proc = stack.enter_context(serve({"TFDL_SESSION_GRACE": "5"}, log=log))
        yield url


@pytest.fixture(scope="session")
def _playwright():
    playwright = pytest.importorskip("playwright.sync_api")
    _ensure_chromium()
    with playwright.sync_playwright() as p:
        yield p


def launch(playwright, *args: str):
    """Debian's chromium under Playwright (``args`` adds command-line switches)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", *args])


@pytest.fixture(scope="session")
def _browser(_playwright):
    browser = launch(_playwright)
    yield browser
    browser.close()


@pytest.fixture
def page(_browser, app_url):
    context = _browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=app_url)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """The folder for page screenshots (created): ``$TFDL_SCREENSHOTS`` or ``tests/browser/artifacts``."""
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_screenshot(page, folder: Path, name: str) -> Path:
    """Save what the browser window shows as ``folder/name.png`` (the viewport, not the whole page)."""
    path = Path(folder) / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_for_run(page, settle_ms: int = 300) -> None:
    """Wait until Streamlit's script run is over (the status widget shows no "Running")."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_timeout(settle_ms)
    # the app root says when a run is over (the status widget shows "Running" only after a delay)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
        " === 'notRunning'",
        timeout=120_000,
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=120_000,
    )
    page.wait_for_timeout(settle_ms)


def press(page, key: str, timeout: int = 120_000) -> None:
    """Press the button of widget ``key`` once it is drawn and enabled, then wait for the run it starts.

    Waiting for the button matters on a busy server: a page can still be drawing (or rerunning)
    when :func:`open_app` returns, and a click on a button not yet there is lost."""
    button = page.locator(f".st-key-{key} button").first
    button.wait_for(state="visible", timeout=timeout)
    page.wait_for_function("b => !b.disabled", arg=button.element_handle(), timeout=timeout)
    button.click()
    wait_for_run(page)


def open_app(page, path: str = "") -> None:
    """Open ``/<path>`` (e.g. ``"train?train_lr=0.1"``) and wait for the page's run to finish."""
    page.goto("/" + path.lstrip("/"))
    wait_for_run(page)


def query(page) -> dict:
    """The address bar's settings, ``{key: value}``."""
    from urllib.parse import parse_qs, urlparse

    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def link_has(page, timeout: int = 180_000, **pairs) -> None:
    """Wait until the address bar holds these settings (in any order): ``sync_params`` writes the
    link at the end of a run, which can be after :func:`wait_for_run` returns."""
    page.wait_for_function(
        "pairs => { const q = new URLSearchParams(location.search);"
        " return Object.entries(pairs).every(([k, v]) => q.get(k) === v); }",
        arg={k: str(v) for k, v in pairs.items()}, timeout=timeout)


def type_into(page, key: str, value) -> None:
    """Type ``value`` into the number box of setting ``key``, press Enter, wait for the run."""
    box = page.locator(f".st-key-{key} input")
    box.fill(str(value))
    box.press("Enter")
    wait_for_run(page)


def pytest_collection_modifyitems(config, items):
    """Each browser test gets one retry (pytest-rerunfailures, in the test extra): a browser and a
    server sharing two cores with the rest of the suite sometimes miss a moment. A retry shows as
    ``R`` and in the summary; a test that fails twice fails."""
    if not config.pluginmanager.hasplugin("rerunfailures"):
        return
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1))
