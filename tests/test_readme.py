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
