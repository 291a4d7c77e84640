"""Wall time and peak memory of the whole test suite (or any command), counted over its process tree.

The suite runs in several processes (pytest-xdist workers, spawned builds, a streamlit server,
chromium), so one process's peak (``/usr/bin/time -v``) undercounts. This samples every process
under the command once a second and reports the peaks of their summed PSS (proportional set size:
shared library pages counted once) and RSS, and the largest single process.

Usage:
    python benchmarks/suite_resources.py                      # python -m pytest -q
    python benchmarks/suite_resources.py -- python -m pytest tests/models -q
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree(root: int) -> list[int]:
    tree, out, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(tree.get(pid, []))
    return out


def _memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB; (0, 0) if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            fields = {line.split(":")[0]: int(line.split()[1]) for line in fh if line.split()[-1] == "kB"}
        return fields.get("Pss", 0), fields.get("Rss", 0)
    except (OSError, ValueError):
        return 0, 0


def _name(pid: int) -> str:
    """A short name for a process: its command line, cut to 60 characters."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace").strip()[:60]
    except OSError:
        return "?"


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else [sys.executable, "-m", "pytest", "-q"]
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    peak_pss = peak_rss = peak_single = peak_procs = 0
    at_peak: list[tuple[int, str]] = []  # (PSS KiB, name) of each process when the total peaked
    while proc.poll() is None:
        pids = _tree(proc.pid)
        sizes = [_memory_kib(pid) for pid in pids]
        if sum(p for p, _ in sizes) > peak_pss:
            at_peak = sorted(((p, _name(pid)) for pid, (p, _) in zip(pids, sizes) if p), reverse=True)
        peak_pss = max(peak_pss, sum(p for p, _ in sizes))
        peak_rss = max(peak_rss, sum(r for _, r in sizes))
        peak_single = max(peak_single, max((r for _, r in sizes), default=0))
        peak_procs = max(peak_procs, len(sizes))
        time.sleep(1.0)
    wall = time.perf_counter() - start
    gib = 1024 * 1024
    print(f"\nsuite_resources: exit {proc.returncode}, wall {wall / 60:.1f} min ({wall:.0f} s), "
          f"peak total PSS {peak_pss / gib:.2f} GiB, peak total RSS {peak_rss / gib:.2f} GiB, "
          f"largest process {peak_single / gib:.2f} GiB, up to {peak_procs} processes")
    print("at the peak: " + "; ".join(f"{p / gib:.2f} GiB {name}" for p, name in at_peak[:6]))
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
