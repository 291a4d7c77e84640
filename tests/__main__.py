"""The whole test suite in fresh processes: ``python -m tests [pytest options]``.

TensorFlow keeps what a process once allocated (traced functions, XLA executables, its allocator's
high-water mark), so one long pytest process, or one xdist worker, grows through the suite to the
sum of what every test left behind (~2.5 GB a worker). This runner splits the suite into
chunks of one to four minutes, the browser tests about seven (:data:`CHUNKS`, the longest first; every
test file no chunk names runs in the last one) and runs each chunk as its own ``pytest -n 0``
process, two at a time (``TFDL_TEST_WORKERS`` sets how many), so memory goes back to the system
after every chunk.

- Options are passed to every chunk (``python -m tests -m "not slow" -x``); ``--junitxml=FILE``
  collects every chunk's report into FILE.
- With test paths (``python -m tests tests/models``) it runs ``pytest`` on them as usual.
- Exit code: the first failing chunk's; 5 (pytest's "no tests ran") only when no chunk ran a test.

A chunk prints its summary line when it ends, and its whole output if it failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

# (name, test files or folders relative to tests/): the longest first (the two lanes then end within
# a chunk of each other), each two to four minutes on the 2-core machine (estimated from per-test CPU
# seconds, TFDL_CPU_LOG); the chunk "rest" gets every file not named here. Every chunk costs ~12 CPU-s
# to start (TensorFlow, Streamlit and the pages' modules imported again), so there are few.
CHUNKS: list[tuple[str, list[str]]] = [
    # one browser chunk: two servers and two browsers at once starve each other on two cores
    ("browser", ["browser"]),
    ("playground", ["playground"]),
    ("sweep", ["playground/test_input_sweep.py"]),
    ("rest", []),
    ("library", ["test_readme.py", "test_shapes.py", "test_training.py", "test_mixed_precision.py",
                 "test_trajectories.py", "test_decoding.py", "test_package.py"]),
    ("pages-b", ["playground/test_inside_page.py", "playground/test_optimizers_page.py",
                 "playground/test_sequences_page.py", "playground/test_architectures_page.py",
                 "playground/test_autoencoders_page.py", "playground/test_vision_page.py",
                 "playground/test_transfer_page.py", "playground/test_convolution_views.py",
                 "playground/test_convolution_pooling.py", "playground/test_train_regularization.py",
                 "playground/test_sequences_exploding.py", "playground/test_sequences_embeddings.py",
                 "playground/test_optimizers_landscapes.py"]),
    ("models-b", ["models", "optimizers", "experiments"]),
    ("recurrent", ["layers/recurrent"]),
    ("models-a", ["models/test_models.py"]),
    ("pages-a", ["playground/test_train_page.py", "playground/test_convolution_page.py",
                 "playground/test_activations_page.py", "playground/test_first_principles_page.py"]),
    # twenty tabs and a server of its own: last, so that it does not share the machine with the
    # browser chunk's server and browser
    ("load", ["browser/test_load.py"]),
]


def _files(entry: str) -> set[Path]:
    path = TESTS / entry
    return set(path.rglob("test_*.py")) if path.is_dir() else {path}


def chunk_files() -> list[tuple[str, list[str]]]:
    """Each chunk's test files, in :data:`CHUNKS` order. A file named by a chunk is that chunk's; a
    folder gives a chunk what named files and earlier folders left; the chunk without entries gets
    every file no other chunk has."""
    named = {name: {TESTS / e for e in entries if (TESTS / e).is_file()} for name, entries in CHUNKS}
    taken: set[Path] = set().union(*named.values())
    found: dict[str, set[Path]] = {}
    for name, entries in sorted(CHUNKS, key=lambda chunk: not chunk[1]):  # the catch-all last
        folders = [e for e in entries if (TESTS / e).is_dir()]
        files = set().union(*(_files(e) for e in folders)) if entries else set(TESTS.rglob("test_*.py"))
        found[name] = named[name] | (files - taken)
        taken |= found[name]
    out = [(name, sorted(str(f.relative_to(ROOT)) for f in found[name])) for name, _entries in CHUNKS]
    return [(name, files) for name, files in out if files]


def _split_junit(args: list[str]) -> tuple[list[str], str | None]:
    rest, junit = [], None
    it = iter(args)
    for a in it:
        if a.startswith("--junitxml=") or a.startswith("--junit-xml="):
            junit = a.split("=", 1)[1]
        elif a in ("--junitxml", "--junit-xml"):
            junit = next(it, None)
        else:
            rest.append(a)
    return rest, junit


def _merge_junit(parts: list[Path], target: str) -> None:
    suites = ET.Element("testsuites")
    for part in parts:
        if part.exists():
            root = ET.parse(part).getroot()
            suites.extend(root if root.tag == "testsuites" else [root])
    ET.ElementTree(suites).write(target, encoding="utf-8", xml_declaration=True)


def _summary(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.startswith("=")]
    return lines[-1].strip("= ") if lines else "(no summary)"


def main(argv: list[str]) -> int:
    if any(not a.startswith("-") and (ROOT / a.split("::")[0]).exists() for a in argv):
        return subprocess.call([sys.executable, "-m", "pytest", *argv], cwd=ROOT)
    args, junit = _split_junit(argv)
    lanes = int(os.environ.get("TFDL_TEST_WORKERS") or max(1, min(2, os.cpu_count() or 1)))
    chunks = chunk_files()
    tmp = Path(tempfile.mkdtemp(prefix="tfdl-tests-"))
    start = time.perf_counter()

    def run(chunk: tuple[str, list[str]]) -> tuple[str, int]:
        name, files = chunk
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "pytest", "-n", "0", *files, *args, f"--junitxml={tmp / name}.xml"]
        returncode, stdout, cpu = _run_counting_cpu(cmd)
        seconds = time.perf_counter() - t0
        failed = returncode not in (0, 5)
        print(f"[{time.perf_counter() - start:5.0f} s] {name}: {_summary(stdout)} ({seconds:.0f} s, "
              f"{cpu:.0f} s CPU)", flush=True)
        if failed:
            print(stdout, flush=True)
        return name, returncode

    print(f"python -m tests: {len(chunks)} chunks in fresh processes, {lanes} at a time", flush=True)
    with ThreadPoolExecutor(max_workers=lanes) as pool:
        results = list(pool.map(run, chunks))
    if junit:
        _merge_junit([tmp / f"{name}.xml" for name, _ in chunks], junit)
    failed = [name for name, rc in results if rc not in (0, 5)]
    wall = time.perf_counter() - start
    print(f"\npython -m tests: {len(chunks) - len(failed)}/{len(chunks)} chunks passed in {wall / 60:.1f} min"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return exit_code([rc for _, rc in results])


def _run_counting_cpu(cmd: list[str]) -> tuple[int, str, float]:
    """Run ``cmd``: its exit code, its output, and the CPU seconds it and the processes it waited
    for (a Streamlit server, Chromium) used; on a shared machine that is the chunk's own cost."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stdout = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    return proc.returncode, stdout, usage.ru_utime + usage.ru_stime


def exit_code(codes: list[int]) -> int:
    """The suite's exit code from its chunks': the first failure's; 5 (no tests ran) only when no
    chunk ran a test (a chunk whose tests a ``-m``/``-k`` filter deselected says 5 too)."""
    failures = [rc for rc in codes if rc not in (0, 5)]
    if failures:
        return failures[0]
    return 5 if all(rc == 5 for rc in codes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
