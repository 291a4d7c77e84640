"""The tree passes ``ruff check`` with the configuration in pyproject.toml."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["tfdl", "playground", "tests", "benchmarks"]


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None,
                    reason="ruff is not installed (pip install 'ruff>=0.6', or the package's `test` extra)")
def test_ruff_check_passes():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", *PATHS], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"ruff check {' '.join(PATHS)} failed:\n{proc.stdout}{proc.stderr}"
