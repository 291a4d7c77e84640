"""The README's snippets run as written (each in a scratch folder; all in one fresh interpreter)."""

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


#: runs every snippet in ONE fresh interpreter (TensorFlow's import, ~5 CPU-s, paid once), each in
#: its own scratch folder and namespace, with Keras' session cleared and the float policy reset
#: between them; writes {snippet index: [stdout, traceback or ""]} as JSON to argv[1]
RUNNER = """
import contextlib, io, json, os, sys, traceback
snippets, out = json.loads(open(sys.argv[2], encoding="utf-8").read()), {}
for i, code in enumerate(snippets):
    os.makedirs(f"{sys.argv[3]}/snippet{i}", exist_ok=True)
    os.chdir(f"{sys.argv[3]}/snippet{i}")
    buf, error = io.StringIO(), ""
    try:
        with contextlib.redirect_stdout(buf):
            exec(compile(code, f"<README snippet{i}>", "exec"), {"__name__": "__main__"})
    except SystemExit as stop:
        error = "" if stop.code in (0, None) else traceback.format_exc()
    except BaseException:
        error = traceback.format_exc()
    out[i] = [buf.getvalue(), error]
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "keras" in sys.modules:
        import keras
        keras.backend.clear_session()
        keras.config.set_dtype_policy("float32")
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f)
"""


@pytest.fixture(scope="module")
def snippet_runs(tmp_path_factory):
    """Every snippet's (stdout, traceback), all run in one fresh interpreter (see :data:`RUNNER`)."""
    import json

    folder = tmp_path_factory.mktemp("readme")
    (folder / "snippets.json").write_text(json.dumps(SNIPPETS), encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", RUNNER, str(folder / "out.json"), str(folder / "snippets.json"), str(folder)]
    result = subprocess.run(args, capture_output=True, text=True, cwd=folder, env=env, timeout=1200)
    out = json.loads((folder / "out.json").read_text(encoding="utf-8")) if (folder / "out.json").exists() else {}
    return {int(i): v for i, v in out.items()}, result


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(SNIPPETS)), ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_readme_snippet_runs(index, snippet_runs):
    """Each snippet runs as written (in a scratch folder; all of them in one fresh interpreter, so that
    TensorFlow is imported once) and prints what its trailing comments show."""
    code = SNIPPETS[index]
    runs, process = snippet_runs
    assert index in runs, (process.returncode, process.stderr[-3000:])
    stdout, error = runs[index]
    assert not error, error[-3000:]
    # Where the README shows a result in a trailing comment, the snippet must print it.
    for line in code.splitlines():
        shown = re.search(r"print\(.*\)\s*#\s*(.+)$", line)
        if shown and "..." not in shown.group(1) and ">=" not in shown.group(1):
            assert shown.group(1).strip() in stdout.replace("\n", " ") or \
                shown.group(1).strip().replace(" ", "") in stdout.replace(" ", "").replace("\n", ""), \
                (shown.group(1), stdout)


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
