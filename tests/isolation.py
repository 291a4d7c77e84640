"""Run a memory-heavy check in a fresh Python process.

TensorFlow's CPU allocator keeps the memory a test used for later tensors instead of handing it
back to the OS, so one test that builds VGG16 twice would leave the whole suite 1.4 GB larger.
A check run through :func:`run_isolated` returns its numbers from a spawned process (a fresh
interpreter: no forked TensorFlow threads), whose memory goes back to the OS when it exits.
The test then asserts on those numbers in the test process, so failures read as usual.

Example:
    counts = run_isolated(_vgg16_counts)   # a module-level function of the test module
    assert counts["ours"] == counts["keras"]
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import types
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_isolated(fn, *args, timeout: float = 600, **kwargs):
    """``fn(*args, **kwargs)`` in a spawned Python process; its (picklable) result.

    ``fn`` must be importable by name (a module-level function). Exceptions raised in the child
    are raised here; a child that dies raises ``BrokenProcessPool`` (a ``multiprocessing.Pool``
    would start a new child forever), one that runs past ``timeout`` seconds ``TimeoutError``.
    """
    context = multiprocessing.get_context("spawn")
    cwd, main = os.getcwd(), sys.modules["__main__"]
    # The spawned child re-runs the parent's __main__ file: after a Streamlit AppTest that is a
    # page script. A bare module stands in while the child starts.
    sys.modules["__main__"] = types.ModuleType("__main__")
    os.chdir(_ROOT)  # the child imports the test module from the repository, whatever a test did to cwd
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as executor:
            future = executor.submit(fn, *args, **kwargs)
            sys.modules["__main__"] = main
            os.chdir(cwd)
            return future.result(timeout=timeout)
    finally:
        sys.modules["__main__"] = main
        os.chdir(cwd)


def loaded_after(code: str, modules: Sequence[str]) -> dict[str, bool]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``code`` (from the
    repository root): ``loaded_after("from tfdl.viz import conv_svg", ["matplotlib"])``."""
    probe = f"{code}\nimport sys\nprint(*[m in sys.modules for m in {list(modules)!r}])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    return dict(zip(modules, [word == "True" for word in out.stdout.split()[-len(modules):]]))
