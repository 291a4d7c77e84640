"""The README's snippets run as written (each in a fresh interpreter, in a scratch folder)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = re.findall(r"```python\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_snippets_for_the_tour():
    assert len(SNIPPETS) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("code", SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_readme_snippet_runs(code, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    # Where the README shows a result in a trailing comment, the snippet must print it.
    for line in code.splitlines():
        shown = re.search(r"print\(.*\)\s*#\s*(.+)$", line)
        if shown and "..." not in shown.group(1) and ">=" not in shown.group(1):
            assert shown.group(1).strip() in result.stdout.replace("\n", " ") or \
                shown.group(1).strip().replace(" ", "") in result.stdout.replace(" ", "").replace("\n", ""), \
                (shown.group(1), result.stdout)


def _topic_rows():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Where is each course topic"):]
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in table.splitlines() if re.match(r"^\| \d+ \|", line)]


def _resolve(dotted):
    """The object a dotted ``tfdl.…`` name names (module, then attributes), or None."""
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr, None)
            if obj is None:
                return None
        return obj
    return None


def test_topic_table_names_real_modules_pages_and_tests():
    """The README's "where is each course topic" table: one hop each, and every hop exists —
    each ``tfdl.…`` name imports, each ``tests/…::test_x`` is defined."""
    rows = _topic_rows()
    assert len(rows) >= 62
    bad = []
    for num, topic, module, page, test in rows:
        for name in re.findall(r"`(tfdl\.[\w.]+)", module):
            if _resolve(name) is None:
                bad.append(f"{num} {topic}: {name}")
        for path, fn in re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", test):
            f = ROOT / path
            if not f.exists() or not re.search(rf"^\s*def {fn}\(", f.read_text(encoding="utf-8"), re.M):
                bad.append(f"{num} {topic}: {path}::{fn}")
        assert module and page and test, f"row {num} has an empty cell"
    assert bad == []
