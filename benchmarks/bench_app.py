"""Benchmark: how fast the playground opens and reacts, in a real browser against a cold server.

Each measurement of a first paint starts ``streamlit run playground/app.py`` afresh (a cold server:
no page module imported, no cache filled), always on the same port, and drives Debian's chromium
(``/usr/bin/chromium``) with Playwright. Measured:

- home first paint: navigation start → the page's heading visible, the script run over, every
  element drawn (no loading skeleton left) and every picture loaded (``performance.now()``);
- the Convolution lab's first paint on a cold server, the same way;
- a Convolution-lab rerun after one slider change (the walk's output cell, one arrow key): the
  server's script run time (``TFDL_TIMING_LOG``, written by ``playground/app.py``) and the browser
  time from the key press to the new picture loaded with the run over;
- an Optimisers rerun with cached paths (the "show up to step" slider): server time, and the
  browser time for reference.

The first paints that meet the goals are those of a returning browser: one browser context whose
HTTP cache already holds Streamlit's JavaScript (a throw-away server is visited first, same port, so
the same origin). A first visit with an empty browser cache ("new browser") also compiles the
frontend's lazily loaded widget code; those figures are printed for reference. Server figures also
come as the script thread's CPU time (steadier than wall time when other work shares the machine);
the load average is printed with the results.

Goals (a 2-core machine): home ≤ 2 s, Convolution lab ≤ 2.5 s, Convolution rerun ≤ 100 ms server and
≤ 300 ms to the new picture, Optimisers rerun ≤ 150 ms server. Figures are medians over the repeats
(reruns: over every slider step of every repeat).

Run: ``python benchmarks/bench_app.py [--repeats 3] [--steps 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"

# name -> (goal, unit); printed in this order
GOALS = {
    "home first paint": (2.0, "s"),
    "Convolution lab first paint": (2.5, "s"),
    "home first paint, new browser": (None, "s"),
    "Convolution lab first paint, new browser": (None, "s"),
    "Convolution rerun, server": (0.100, "s"),
    "Convolution rerun, server CPU": (None, "s"),
    "Convolution rerun, new picture in the browser": (0.300, "s"),
    "Optimisers rerun (cached paths), server": (0.150, "s"),
    "Optimisers rerun (cached paths), server CPU": (None, "s"),
    "Optimisers rerun (cached paths), browser": (None, "s"),
}

RUN_OVER = "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') === 'notRunning'"
IMAGE_SOURCES = "Array.from(document.querySelectorAll('[data-testid=\"stMain\"] img'), i => i.src)"
IMAGES_LOADED = (
    "Array.from(document.querySelectorAll('[data-testid=\"stMain\"] img'))"
    ".every(img => img.complete && img.naturalWidth > 0)"
)
# Streamlit shows a skeleton until an element's lazily loaded frontend code has run
ALL_DRAWN = '!document.querySelector(\'[data-testid="stMain"] [data-testid="stSkeleton"]\')'
PORT = 0  # one port for every server: the browser's cache is per origin


def _free_port() -> int:
    global PORT
    if not PORT:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            PORT = s.getsockname()[1]
    return PORT


class Server:
    """A fresh ``streamlit run playground/app.py`` logging its script runs to a temporary file."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        fd, self.log = tempfile.mkstemp(prefix="tfdl_timing_", suffix=".jsonl")
        os.close(fd)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TFDL_TIMING_LOG": self.log}
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "playground" / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise RuntimeError("streamlit did not start within 120 s")

    def runs(self) -> list[dict]:
        with open(self.log, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    def wait_runs(self, n: int, timeout: float = 60.0) -> list[dict]:
        """The log once it holds at least ``n`` completed runs."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            runs = self.runs()
            if len(runs) >= n:
                return runs
            time.sleep(0.02)
        raise RuntimeError(f"the server logged {len(self.runs())} runs, expected {n}")

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.unlink(self.log)


def _first_paint(context, server: Server, path: str, heading: str) -> float:
    """Seconds from navigation start to ``heading`` shown, the run over, every element drawn and
    every picture loaded, in a new tab of ``context``."""
    page = context.new_page()
    page.goto(f"{server.url}/{path}", wait_until="commit")
    handle = page.wait_for_function(
        f"""() => {{
            const h = Array.from(document.querySelectorAll("h1"))
                .find(e => e.innerText.includes({json.dumps(heading)}));
            return h && h.offsetParent !== null && {RUN_OVER} && {ALL_DRAWN} && {IMAGES_LOADED}
                ? performance.now() : false;
        }}""",
        timeout=120_000,
    )
    seconds = handle.json_value() / 1000.0
    page.close()
    return seconds


def _settle(page) -> None:
    page.wait_for_function(f"() => {RUN_OVER} && {ALL_DRAWN} && {IMAGES_LOADED}", timeout=120_000)
    page.wait_for_timeout(300)


def _slider_reruns(page, server: Server, label: str, key: str, steps: int) -> tuple[list, list, list]:
    """Press ``key`` on the slider labelled ``label`` ``steps`` times, waiting for each rerun; returns
    (server seconds, server CPU seconds, browser seconds to a new picture loaded and the run over)
    per press."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    slider = page.locator('[data-testid="stSlider"]', has_text=label).get_by_role("slider")
    server_s, cpu_s, browser_s = [], [], []
    for _ in range(steps):
        _settle(page)
        n_runs = len(server.runs())
        before = page.evaluate(f"() => {IMAGE_SOURCES}")
        slider.focus()
        t0 = page.evaluate("() => performance.now()")
        slider.press(key)
        try:
            handle = page.wait_for_function(
                f"""(before) => {{
                    const srcs = {IMAGE_SOURCES};
                    const changed = srcs.some(s => !before.includes(s));
                    return changed && {RUN_OVER} && {IMAGES_LOADED} ? performance.now() : false;
                }}""",
                arg=before,
                timeout=30_000,
            )
        except PlaywrightTimeout:  # a key press the slider missed (it happens on a loaded machine)
            print(f"{label}: no new picture 30 s after a key press; step not counted", file=sys.stderr)
            continue
        browser_s.append((handle.json_value() - t0) / 1000.0)
        run = server.wait_runs(n_runs + 1)[n_runs]
        server_s.append(run["seconds"])
        cpu_s.append(run.get("cpu", float("nan")))
    return server_s, cpu_s, browser_s


def _wait_heading(page, heading: str) -> None:
    page.wait_for_function(
        f"""() => Array.from(document.querySelectorAll('h1')).some(e => e.innerText.includes({json.dumps(heading)}))
                  && {RUN_OVER}""",
        timeout=180_000,
    )
    _settle(page)


def _reruns(context, server: Server, steps: int, figures: dict) -> None:
    """The Convolution lab's walk slider, then the Optimisers' step slider, ``steps`` presses each."""
    page = context.new_page()
    page.goto(f"{server.url}/convolution")
    _wait_heading(page, "Convolution lab")
    srv, cpu, web = _slider_reruns(page, server, "Walk: output cell number", "ArrowRight", steps)
    figures["Convolution rerun, server"] += srv
    figures["Convolution rerun, server CPU"] += cpu
    figures["Convolution rerun, new picture in the browser"] += web
    page.goto(f"{server.url}/optimizers")
    _wait_heading(page, "Optimisers")
    srv, cpu, web = _slider_reruns(page, server, "show up to step", "ArrowLeft", steps)
    figures["Optimisers rerun (cached paths), server"] += srv
    figures["Optimisers rerun (cached paths), server CPU"] += cpu
    figures["Optimisers rerun (cached paths), browser"] += web
    page.close()


def _report(name: str, values: list[float]) -> bool:
    goal, unit = GOALS[name]
    values = [v for v in values if v == v] or [float("nan")]  # runs logged without CPU time: NaN
    med = statistics.median(values)
    spread = f"(median of {len(values)}; min {min(values):.3f}, max {max(values):.3f})"
    if goal is None:
        print(f"{name:48s} {med:7.3f} {unit}  {'':18s} {spread}")
        return True
    ok = med <= goal
    print(f"{name:48s} {med:7.3f} {unit}  goal ≤ {goal:5.3f} {unit} {'PASS' if ok else 'FAIL'}  {spread}")
    return ok


def main(repeats: int = 3, steps: int = 5) -> int:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {name: [] for name in GOALS}
    viewport = {"viewport": {"width": 1400, "height": 1000}}
    pages = {"home": ("", "tfdl playground"), "Convolution lab": ("convolution", "Convolution lab")}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        returning = browser.new_context(**viewport)  # its HTTP cache will hold the frontend's code
        try:
            warm = Server()  # a throw-away server: the returning browser has seen both pages once
            try:
                for path, heading in pages.values():
                    _first_paint(returning, warm, path, heading)
            finally:
                warm.close()
            for r in range(repeats):
                for name, (path, heading) in pages.items():
                    new_browser = browser.new_context(**viewport)
                    server = Server()
                    try:
                        figures[f"{name} first paint, new browser"].append(
                            _first_paint(new_browser, server, path, heading)
                        )
                    finally:
                        server.close()
                        new_browser.close()
                    server = Server()
                    try:
                        figures[f"{name} first paint"].append(_first_paint(returning, server, path, heading))
                        if path == "convolution":
                            _reruns(returning, server, steps, figures)
                    finally:
                        server.close()
                print(f"repeat {r + 1}/{repeats} done", file=sys.stderr)
        finally:
            returning.close()
            browser.close()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"playground speed, {repeats} repeats, {steps} slider steps each, {len(os.sched_getaffinity(0))} CPUs, "
        f"load average {load}"
    )
    ok = [_report(name, values) for name, values in figures.items()]
    print(f"goals: {'all met' if all(ok) else 'NOT all met'}")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5, help="slider steps per rerun measurement and repeat")
    args = parser.parse_args()
    raise SystemExit(main(args.repeats, args.steps))
